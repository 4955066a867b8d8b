"""Metadata that reads as the page means it: bylines made names (or not taken), the headline
before the site's name, the publisher the page names, debris proposed in many languages."""

from __future__ import annotations

import json

import pytest

from briefpack.intake.bylines import byline_name
from briefpack.intake.debris import debris_kind
from briefpack.intake.importers import import_file

BODY = ("<p>The interior ministry said on Monday that twelve people had been detained in the capital on "
        "suspicion of recruiting labour migrants for a banned group, and that more arrests would follow.</p>"
        "<p>Relatives of two of the detained men said they had worked on building sites in Moscow for years "
        "before they returned home last spring.</p>")


def saved(tmp_path, head: str, body: str = BODY, lang: str = "en"):
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="{lang}"><head><meta charset="utf-8">{head}</head><body><article>{body}'
                    "</article></body></html>", encoding="utf-8")
    return import_file(page)


@pytest.mark.parametrize("byline, name", [
    ("By Lucas Webber", "Lucas Webber"), ("Текст Венера Ерофеева", "Венера Ерофеева"),
    ("Текст: Венера Ерофеева", "Венера Ерофеева"), ("Автор: Иван Петров", "Иван Петров"),
    ("Photo: Alexei Ivanov", "Alexei Ivanov"), ("홍길동 기자", "홍길동"), ("Text and photos: Anna Lee", "Anna Lee"),
    ("Gʻayrat Oʻrinov", "Gʻayrat Oʻrinov"), ("Ludwig van Beethoven", "Ludwig van Beethoven"),
    ("The Associated Press", "The Associated Press"), ("أحمد منصور", "أحمد منصور"), ("Byron Smith", "Byron Smith"),
    ("The Russian", ""), ("Syrian defense ministries", ""), ("June 27, 2024", ""), ("admin", ""),
    ("https://example.org/staff", ""),
])
def test_bylines(byline, name):
    assert byline_name(byline) == name


def test_a_byline_that_is_no_name_is_not_taken_and_reported_missing(run, ws, tmp_path):
    page = tmp_path / "strike.html"
    page.write_text('<html lang="en"><head><meta charset="utf-8"><title>Strikes near Idlib</title>'
                    '<meta name="author" content="The Russian; Syrian defense ministries"></head><body><article>'
                    f"{BODY}</article></body></html>", encoding="utf-8")
    result = run("add-source", page, "--root", ws.root, "--id", "idlib")
    assert result.exit_code == 0, result.output
    assert "Left out, as the file does not state them: author," in result.stdout
    assert "Note: the byline 'The Russian' does not read as a name: not taken" in result.stdout
    assert "author:" not in (ws.root / "seeds/sources/idlib.txt").read_text(encoding="utf-8")


def test_a_byline_keeps_the_name_only(tmp_path):
    capture = saved(tmp_path, '<title>Задержания</title><meta name="author" content="Текст Венера Ерофеева">',
                    lang="ru")
    assert capture.author == ["Венера Ерофеева"]


def test_the_headline_before_the_site_name_and_the_publisher_from_og_site_name(tmp_path):
    capture = saved(tmp_path, "<title>연합뉴스</title>"
                              '<meta property="og:title" content="중앙아시아 출신 노동자 모집 | 연합뉴스">'
                              '<meta property="og:site_name" content="연합뉴스">', lang="ko")
    assert (capture.title, capture.publisher) == ("중앙아시아 출신 노동자 모집", "연합뉴스")


def test_json_ld_headline_and_publisher(tmp_path):
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Wday"},
        {"@type": "NewsArticle", "headline": "Twelve detained in Dushanbe",
         "publisher": {"@type": "Organization", "name": "Asia-Plus"}}]}
    capture = saved(tmp_path, "<title>Asia-Plus</title>"
                              f'<script type="application/ld+json">{json.dumps(data)}</script>')
    assert (capture.title, capture.publisher) == ("Twelve detained in Dushanbe", "Asia-Plus")


def test_the_h1_before_a_title_that_is_the_site_name(tmp_path):
    capture = saved(tmp_path, '<title>Steppe Monitor</title><meta property="og:site_name" content="Steppe Monitor">',
                    "<h1>Arrests in <em>Khujand</em></h1>" + BODY)
    assert (capture.title, capture.publisher) == ("Arrests in Khujand", "Steppe Monitor")


def test_a_social_media_handle_is_not_the_publisher(tmp_path):
    capture = saved(tmp_path, '<title>Twelve detained</title><meta name="twitter:site" content="@Wday_">')
    assert capture.publisher != "Wday_"


@pytest.mark.parametrize("text, kind", [
    ("Copyright \u24d2 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지", "copyright or legal line"),
    ("사진=연합뉴스", "image credit"), ("홍길동 기자 hong@yna.co.kr", "byline"), ("관련기사", "link list heading"),
    ("\u00a9 2024 РИА Новости. Все права защищены.", "copyright or legal line"),
    ("Фото: РИА Новости", "image credit"), ("Читайте также: Задержания в Душанбе", "link list heading"),
    ("Поделиться", "share buttons"),
    ("جميع الحقوق محفوظة \u00a9 2024", "copyright or legal line"), ("اقرأ أيضا", "link list heading"),
    ("عکس: ایرنا", "image credit"), ("بیشتر بخوانید", "link list heading"),
    ("Foto: Kun.uz", "image credit"), ("Shuningdek oʻqing:", "link list heading"),
    ("Barcha huquqlar himoyalangan.", "copyright or legal line"),
    ("В Душанбе задержаны 12 человек по подозрению в участии в запрещённой организации.", None),
    ("Фотографии задержанных не публиковались, сообщили в МВД республики.", None),
    ("Подробнее о задержании рассказал представитель МВД.", None),
    ("당국은 보안 기관이 금지된 단체를 위해 사람들을 모집한 혐의로 수도에서 열 명을 체포했다고 밝혔다.", None),
    ("قالت السلطات إن الأجهزة الأمنية اعتقلت عشرة أشخاص في العاصمة.", None),
])
def test_debris_in_other_languages(text, kind):
    assert debris_kind(text) == kind


@pytest.mark.parametrize("name", [{"literal": "State Bar of California"}, {"family": "State Bar of California"}])
def test_a_csl_organization_is_printed_as_written(run, ws, tmp_path, name):
    from briefpack.library.load import parse_source
    from briefpack.notes.chicago import bibliography_entry, short_citation

    note = tmp_path / "release.txt"
    note.write_text("The bar released its report on discipline.\n", encoding="utf-8")
    csl = tmp_path / "item.json"
    csl.write_text(json.dumps([{"title": "Report on Attorney Discipline", "author": [name],
                                "issued": {"date-parts": [[2023]]}}]), encoding="utf-8")
    result = run("add-source", note, "--root", ws.root, "--csl-json", csl, "--id", "bar-2023")
    assert result.exit_code == 0, result.output
    path = ws.root / "seeds/sources/bar-2023.txt"
    source, problems = parse_source(path, path.name, path.read_bytes())
    assert source.author_type == "organization" and not problems
    entry = "".join(part.text for part in bibliography_entry(source))
    assert entry.startswith("State Bar of California.")
    assert "California, State Bar of" not in entry
    assert "".join(part.text for part in short_citation(source)).startswith("State Bar of California,")


def test_a_person_from_csl_is_still_inverted(run, ws, tmp_path):
    from briefpack.library.load import parse_source
    from briefpack.notes.chicago import bibliography_entry

    note = tmp_path / "note.txt"
    note.write_text("A note by a person.\n", encoding="utf-8")
    csl = tmp_path / "item.json"
    csl.write_text(json.dumps([{"title": "A note", "author": [{"family": "Nazarov", "given": "Rustam"}]}]),
                   encoding="utf-8")
    assert run("add-source", note, "--root", ws.root, "--csl-json", csl, "--id", "nazarov").exit_code == 0
    path = ws.root / "seeds/sources/nazarov.txt"
    source, _ = parse_source(path, path.name, path.read_bytes())
    assert source.author_type == "person"
    assert "".join(part.text for part in bibliography_entry(source)).startswith("Nazarov, Rustam.")


@pytest.mark.parametrize("text", [
    "(c) Applicability",
    "Board Report at https://www.faa.gov/ aircraft/draft_docs/fsb/ for public comment. You may subscribe to this "
    "page to receive notification when the FAA posts the draft report.",
])
def test_prose_of_a_real_pdf_is_not_debris(text):
    assert debris_kind(text) is None
