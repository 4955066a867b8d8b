"""add-source: each kind of file, its metadata only as stated, debris proposed, the original kept."""

from __future__ import annotations

import json

import pytest
from intake_files import write_docx, write_pdf


from briefpack.intake.debris import debris_kind
from briefpack.intake.html import declared_encoding
from briefpack.intake.importers import import_file
from briefpack.library.load import parse_source

PAGE_WITH_DEBRIS = """\
<html lang="ru"><head><meta charset="windows-1251">
<title>Задержания в Душанбе</title>
<meta property="og:site_name" content="Азия Ньюс">
</head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article>
<h1>Задержания в Душанбе</h1>
<p>В Душанбе задержаны 12 человек по подозрению в участии в запрещённой организации, сообщили в МВД.</p>
<p>Share on Facebook</p>
<p>По данным ведомства, задержанные вербовали трудовых мигрантов через мессенджеры.</p>
<p>Photo: Reuters</p>
</article>
<footer>© 2024 Азия Ньюс</footer>
</body></html>
"""


def read_source(path):
    source, problems = parse_source(path, path.name, path.read_bytes())
    assert source is not None and not [p for p in problems if p.severity == "error"], problems
    return source


def test_a_page_in_a_declared_encoding_is_read_and_its_debris_proposed(run, ws, tmp_path):
    page = tmp_path / "dushanbe.htm"
    page.write_bytes(PAGE_WITH_DEBRIS.encode("cp1251"))
    result = run("add-source", page, "--root", ws.root, "--id", "asia-news-2024-dushanbe")
    assert result.exit_code == 0, result.output
    source = read_source(ws.root / "seeds/sources/asia-news-2024-dushanbe.txt")
    assert source.title == "Задержания в Душанбе" and source.publisher == "Азия Ньюс"
    assert source.language == "ru" and source.author == [] and source.published is None
    assert "Left out, as the file does not state them: author, published, url" in result.stdout
    body = "\n".join(source.paragraphs)
    assert "задержаны 12 человек" in body and "Главная" not in body and "©" not in body
    # The extractor kept two lines of debris inside the article: both proposed, nothing else.
    assert [source.paragraphs[n - 1] for n in sorted(source.non_body)] == ["Share on Facebook", "Photo: Reuters"]
    assert "para. 3 (share buttons): Share on Facebook" in result.stdout


def test_the_saved_article_keeps_the_article_and_nothing_else(tmp_path):
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "benchmarks" / "pages" / "steppe-monitor.html"
    capture = import_file(page)
    assert capture.title == "Tajik recruits and the ISKP pipeline: what the Crocus trial revealed"
    assert capture.author == ["Dilnoza Karimova"] and capture.publisher == "Steppe Monitor"
    assert capture.published == "2024-11-14"  # the publication, not the modification date
    assert capture.url == "https://steppemonitor.example.org/analysis/2024/11/tajik-recruits-iskp-pipeline"
    text = "\n".join(capture.paragraphs)
    for debris in ("cookies", "Dismiss", "Recent Features", "Most read", "Share on", "Subscribe",
                   "All rights reserved", "Photo:", "Support our journalism"):
        assert debris not in text
    assert capture.paragraphs[1].startswith("When four men opened fire")
    assert capture.paragraphs[-1].endswith("willing recruits among them.")
    assert "\u201cEvery raid is a recruitment poster for them,\u201d said Temur Umarov" in text


@pytest.mark.parametrize("head, expected", [
    (b'<meta charset="windows-1251">', "cp1251"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
    (b'<?xml version="1.0" encoding="utf-8"?>', "utf-8"),
    (b"\xef\xbb\xbf<html>", "utf-8-sig"),
    (b"<html>", None),
    (b'<meta charset="no-such-encoding">', None),
])
def test_declared_encodings(head, expected):
    assert declared_encoding(head + b"<p>x</p>") == expected


def test_a_pdf_becomes_paragraphs_without_page_furniture(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "brief.pdf")
    result = run("add-source", pdf, "--root", ws.root, "--id", "saidov-brief")
    assert result.exit_code == 0, result.output
    source = read_source(ws.root / "seeds/sources/saidov-brief.txt")
    assert source.title == "Migrant Labour and Militant Recruitment in Central Asia"
    assert source.author == ["Farrukh Saidov"]
    assert not any("Policy Brief 14" == p or p.startswith("Page ") for p in source.paragraphs)
    assert "only later introduce religious instruction and, for a few, a mission." in source.paragraphs[3]
    assert source.paragraphs[4].endswith("could not pay for a new work permit and feared deportation.")
    assert "Note: left out 4 running heads, feet and page numbers" in result.stdout
    assert (ws.root / "seeds/captures/saidov-brief.pdf").read_bytes() == pdf.read_bytes()


def test_a_word_file(run, ws, tmp_path):
    path = write_docx(tmp_path / "notes.docx")
    result = run("add-source", path, "--root", ws.root, "--language", "en")
    assert result.exit_code == 0, result.output
    source = read_source(ws.root / "seeds/sources/desk-interview-notes-returnee-kulob.txt")
    assert source.author == ["Regional Desk"] and source.language == "en"
    assert source.paragraphs[-1] == "2023 | Returned to Tajikistan"


def test_csl_json_gives_the_metadata(run, ws, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("# A heading the file states\n\nThe text of the note.\n", encoding="utf-8")
    csl = tmp_path / "items.json"
    csl.write_text(json.dumps([
        {"title": "Another item", "URL": "https://example.org/other"},
        {"title": "The note", "author": [{"family": "Nazarov", "given": "Rustam"}, {"literal": "Desk"}],
         "container-title": "Dushanbe Weekly", "issued": {"date-parts": [[2023, 7]]},
         "accessed": {"date-parts": [[2024, 1, 5]]}, "URL": "https://example.org/note"},
    ]), encoding="utf-8")
    result = run("add-source", note, "--root", ws.root, "--csl-json", csl, "--url", "https://example.org/note")
    assert result.exit_code == 0, result.output
    source = read_source(ws.root / "seeds/sources/nazarov-2023-note.txt")
    assert (source.title, source.author, source.publisher) == ("The note", ["Rustam Nazarov", "Desk"], "Dushanbe Weekly")
    assert (source.published, source.accessed, source.url) == ("2023-07", "2024-01-05", "https://example.org/note")


def test_nothing_is_overwritten_and_unknown_kinds_are_refused(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Some text.\n", encoding="utf-8")
    assert run("add-source", note, "--root", ws.root, "--id", "webber-2024").exit_code == 1
    other = tmp_path / "slides.pptx"
    other.write_bytes(b"PK")
    result = run("add-source", other, "--root", ws.root)
    assert result.exit_code == 1 and "cannot import a '.pptx' file" in result.stderr


@pytest.mark.parametrize("text, kind", [
    ("We use cookies to improve your experience. By continuing you accept our use of cookies.", "cookie notice"),
    ("Dismiss", "button"),
    ("Recent Features", "link list heading"),
    ("Share on Facebook Share on X Email", "share buttons"),
    ("Defendants in court. Photo: Alexei Ivanov / Steppe Monitor", "image credit"),
    ("Crocus City Hall in Moscow burns after the attack. / gov.ru", "image credit"),
    ("By Lucas Webber for Eurasianet June 27, 2024", "byline"),
    ("Subscribe to our newsletter", "newsletter or donation box"),
    ("Read also: Special forces raid flats in Jalal-Abad", "link list heading"),
    ("\u00a9 2024 Steppe Monitor. All rights reserved.", "copyright or legal line"),
    ("By the end of the year, the group had lost most of its territory.", None),
    ("By 2020, ISKP had recruited hundreds of Central Asians.", None),
    ("Officials said the share of migrants among recruits had doubled.", None),
    ("The attack killed 145 people.", None),
])
def test_debris_kinds(text, kind):
    assert debris_kind(text) == kind


def test_a_page_saved_by_a_browser_gives_its_address_and_no_made_up_publisher(tmp_path):
    page = tmp_path / "saved.htm"
    page.write_bytes(
        b'<!DOCTYPE html>\n<!-- saved from url=(0041)https://news.example.net/2024/05/item-1 -->\n'
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b"<title>Caf\xe9 bombing in Khujand</title></head><body><article><h1>Caf\xe9 bombing in Khujand</h1>"
        b"<p>A bomb damaged a caf\xe9 in Khujand on Sunday, police said, adding that nobody was hurt in the "
        b"blast which happened late at night.</p></article></body></html>")
    capture = import_file(page)
    assert capture.title == "Caf\u00e9 bombing in Khujand"
    assert capture.url == "https://news.example.net/2024/05/item-1"
    assert capture.publisher == "" and capture.author == [] and capture.published == ""
    assert capture.missing() == ["author", "publisher", "published", "language"]
