"""Ids in any script: readable Latin author-year-title ids, the address's slug without them,
never a bare word or number; an excerpt's id never a source's."""

from __future__ import annotations

import pytest

from briefpack.intake.capture import Capture
from briefpack.intake.ids import slug, source_id_for

PAGES = {  # language: (title, author, body paragraph, the id it gets)
    "ar": ("الأمن في آسيا الوسطى", "أحمد منصور",
           "قالت السلطات إن الأجهزة الأمنية اعتقلت عشرة أشخاص في العاصمة بتهمة التجنيد لصالح جماعة محظورة.",
           "mnswr-2024-lmn-fy-asy-lwsta"),
    "fa": ("امنیت در آسیای مرکزی", "",
           "مقامات گفتند که نیروهای امنیتی ده نفر را در پایتخت به اتهام عضوگیری برای یک گروه ممنوعه بازداشت کردند.",
           "2024-mnyt-dr-asyy-mrkzy"),
    "ru": ("Задержания в Душанбе", "Венера Ерофеева",
           "В Душанбе задержаны двенадцать человек по подозрению в участии в запрещённой организации.",
           "erofeeva-2024-zaderzhaniya-v-dushanbe"),
    "ko": ("중앙아시아 출신 이주 노동자 모집", "",
           "당국은 보안 기관이 금지된 단체를 위해 사람들을 모집한 혐의로 수도에서 열 명을 체포했다고 밝혔다.",
           "2024-jungangasia-chulsin-iju-nodongja"),
    "uz": ("Oʻzbekiston xavfsizlik xizmati gʻalaba", "Gʻayrat Oʻrinov",
           "Oʻzbekiston xavfsizlik xizmati poytaxtda taqiqlangan guruh uchun odam yollaganlikda gumon qilingan "
           "oʻn kishini hibsga olgani haqida maʼlum qildi.",
           "orinov-2024-ozbekiston-xavfsizlik-xizmati-galaba"),
}


def page(language: str, title: str, author: str, text: str) -> str:
    byline = f'<meta name="author" content="{author}">' if author else ""
    return (f'<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>{byline}'
            '<meta property="article:published_time" content="2024-05-02"></head><body><article>'
            f"<h1>{title}</h1>" + "".join(f"<p>{text}</p>" for _ in range(3)) + "</article></body></html>")


@pytest.mark.parametrize("language", sorted(PAGES))
def test_a_page_in_any_script_gets_a_readable_latin_id(run, ws, tmp_path, language):
    title, author, text, expected = PAGES[language]
    saved = tmp_path / f"{language}.html"
    saved.write_text(page(language, title, author, text), encoding="utf-8")
    result = run("add-source", saved, "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert (ws.root / f"seeds/sources/{expected}.txt").exists(), result.stdout


@pytest.mark.parametrize("text, expected", [
    ("Oʻzbekiston gʻalabasi", "ozbekiston-galabasi"), ("Sharʼiy qoʻmita", "shariy-qomita"),
    ("Crème brûlée à Zürich", "creme-brulee-a-zurich"), ("Қазақстан", "qazaqstan"),
])
def test_letters_keep_their_latin_base(text, expected):
    assert slug(text) == expected


def test_without_author_or_title_words_the_address_slug_then_the_file_name():
    bare = Capture(kind="html", title="2018", url="https://news.example.org/2018/08/%D0%B2%D0%B7%D1%80%D1%8B%D0%B2-v-"
                                                   "dushanbe.html", published="2018-08-01")
    assert source_id_for(bare, set()) == "2018-vzryv-v-dushanbe"
    from pathlib import Path

    nothing = Capture(kind="text", title="90")
    assert source_id_for(nothing, set(), Path("Field note 7.txt")) == "field-note-7"
    assert source_id_for(Capture(kind="pdf"), set()) == "untitled-pdf"


def test_an_excerpt_id_is_never_a_source_id_and_back(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Tajik recruits pipeline grew after the trial.\n\nA second paragraph of the note.\n",
                    encoding="utf-8")
    assert run("add-source", note, "--root", ws.root, "--id", "karimova-2024").exit_code == 0
    # a source holding the id the excerpt would be given
    other = tmp_path / "other.txt"
    other.write_text("Another note altogether.\n", encoding="utf-8")
    assert run("add-source", other, "--root", ws.root, "--id", "karimova-2024-tajik-recruits-pipeline").exit_code == 0
    quoted = run("quote", "karimova-2024", "Tajik recruits pipeline grew", "--root", ws.root,
                 "--append", ws.root / "seeds/excerpts/recruits.yaml")
    assert quoted.exit_code == 0, quoted.output
    assert "- id: karimova-2024-tajik-recruits-pipeline-2\n" in quoted.stdout
    given = run("quote", "karimova-2024", "Tajik recruits", "--root", ws.root, "--id", "karimova-2024")
    assert given.exit_code == 1 and "a source with the id 'karimova-2024' exists" in given.stderr
    third = tmp_path / "third.txt"
    third.write_text("A third note.\n", encoding="utf-8")
    again = run("add-source", third, "--root", ws.root, "--id", "karimova-2024-tajik-recruits-pipeline-2")
    assert again.exit_code == 1
    assert "an excerpt with the id 'karimova-2024-tajik-recruits-pipeline-2' exists" in again.stderr
