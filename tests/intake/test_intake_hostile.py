"""add-source and quote on hostile files and values: every one a clear error (exit 1) naming the file
or the option, or taken with a note saying what was left out; never a traceback or an internal
error, and nothing written outside seeds/."""

from __future__ import annotations

import codecs
import json

import pytest
from hostile_files import PARAGRAPH, files_in, write_pdf, written

from briefpack.library.load import load_library


def refused(run, ws, *args):
    """Run add-source (or another command) expecting a refusal; its message. Nothing is written."""
    before = files_in(ws.root)
    result = run(*args, "--root", ws.root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert written(before, ws.root) == set()
    return result.stderr


def added(run, ws, *args):
    """Run add-source expecting success; its output. Only seeds/ is written, and the library loads."""
    before = files_in(ws.root)
    result = run("add-source", *args, "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert written(before, ws.root) and all(name.startswith("seeds/") for name in written(before, ws.root))
    _, problems = load_library(ws.root)
    assert not [p for p in problems if p.severity == "error"], problems
    return result.stdout


def source_text(ws, source_id):
    return (ws.root / "seeds" / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")


# --- web links only ----------------------------------------------------------------------


@pytest.mark.parametrize("url, why", [
    ("javascript:alert(1)", "only http:// and https:// addresses are links a pack may carry"),
    ("file:///etc/passwd", "only http:// and https:// addresses are links a pack may carry"),
    (r"\\host\share\a", "an address cannot hold a backslash"),
    ("http:\\\\host\\share", "an address cannot hold a backslash"),
    ("https://", "an address names its host after the //"),
    ("http://exa mple.org/", "an address cannot hold a space"),
    ("http://a\x01b/", "an address cannot hold U+0001"),
])
def test_a_url_that_is_not_a_web_address_is_refused(run, ws, tmp_path, url, why):
    note = tmp_path / "note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    message = refused(run, ws, "add-source", note, "--url", url)
    assert message.startswith("Error: --url '") and message.rstrip().endswith(why)


def test_a_saved_page_from_a_unc_path_is_taken_without_its_address(run, ws, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!-- saved from url=(0020)\\\\host\\share\\a -->\n<html><head><title>Bazaar</title>"
                    "<link rel=\"canonical\" href=\"file:///etc/passwd\"></head>"
                    f"<body><article><p>{PARAGRAPH}</p></article></body></html>", encoding="utf-8")
    out = added(run, ws, page, "--id", "bazaar")
    assert "\nurl:" not in source_text(ws, "bazaar")
    assert "saved from an address that is not on the web: not taken" in out


def test_a_csl_export_with_a_javascript_url_is_refused_naming_it(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    item = tmp_path / "item.json"
    item.write_text(json.dumps({"title": "Bazaar", "URL": "javascript:alert(1)"}), encoding="utf-8")
    message = refused(run, ws, "add-source", note, "--csl-json", item)
    assert "item.json: the item's URL 'javascript:alert(1)': only http:// and https://" in message


# --- text and encodings -----------------------------------------------------------------


def test_a_utf16_note_as_notepad_saves_it_is_read(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_bytes(codecs.BOM_UTF16_LE + f"Bazaar note\r\n\r\n{PARAGRAPH}\r\n".encode("utf-16-le"))
    added(run, ws, note, "--id", "bazaar-note")
    assert PARAGRAPH in source_text(ws, "bazaar-note")


@pytest.mark.parametrize("char, name", [("\x00", "U+0000 (NUL)"), ("\x1b", "U+001B (escape)"),
                                        ("\x7f", "U+007F (delete)"), ("\x85", "U+0085 (next line)")])
def test_a_control_character_in_a_text_file_is_refused_at_its_line(run, ws, tmp_path, char, name):
    note = tmp_path / "note.txt"
    note.write_text(f"Title\n\nFirst paragraph.\n\nSecond{char} paragraph.\n", encoding="utf-8")
    assert f"note.txt:5: {name} is not text: remove it" in refused(run, ws, "add-source", note)


def test_a_page_declaring_a_codec_that_is_not_a_text_encoding_is_read_as_utf8(run, ws, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(f'<html><head><meta charset="zlib"><title>Bazaar</title></head><body><article>'
                     f"<p>{PARAGRAPH} Ça va.</p></article></body></html>".encode("utf-8"))
    out = added(run, ws, page, "--id", "bazaar-page")
    assert "Ça va." in source_text(ws, "bazaar-page")
    assert "the page declares 'zlib', which is not a text encoding: not taken" in out


def test_control_characters_in_a_pdfs_metadata_and_text_are_dropped_and_counted(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "report.pdf", info=b"/Title (Bazaar\\000 report\\002) /Author (A\\001 Writer)",
                    catalog=b"/Lang (en\\000)")
    out = added(run, ws, pdf, "--id", "bazaar-report")
    text = source_text(ws, "bazaar-report")
    assert "title: Bazaar report\n" in text and "author: A Writer\n" in text and "language: en\n" in text
    assert "dropped 4 control characters that are not text (2 in title, 1 in language, 1 in author)" in out


def test_a_pdf_title_nested_deep_is_not_taken(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "report.pdf", info=b"/Title " + b"[" * 5000 + b"]" * 5000)
    added(run, ws, pdf, "--id", "nested-title")
    assert "title: report\n" in source_text(ws, "nested-title")  # from the file name


def test_a_control_character_in_the_file_name_is_refused(run, ws, tmp_path):
    note = tmp_path / "bazaar\x01note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    message = refused(run, ws, "add-source", note)
    assert "bazaar\\x01note.txt: the file's name holds U+0001 (a control character), which is not text" in message


def test_a_language_that_is_not_a_tag_is_refused(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    message = refused(run, ws, "add-source", note, "--language", "en\x01")
    assert "Error: --language 'en\\x01': expected a language tag" in message


# --- dates, types and nesting -----------------------------------------------------------


@pytest.mark.parametrize("front, message", [
    ("date: 2024-99-99", "note.txt:3: front matter: bad date '2024-99-99': there is no month 99"),
    ("date: 2024-02-30", "note.txt:3: front matter: bad date '2024-02-30': February 2024 has no day 30"),
    ("title: " + "[" * 30 + "]" * 30, "note.txt:3: front matter: lists and mappings nested more than 20 deep"),
    ("title: [a, b]", "note.txt:3: front matter: 'title' must be text"),
    ("date: [[2024, 13, 45]]", "note.txt:3: front matter: 'date' must be text"),
])
def test_front_matter_that_cannot_be_metadata_is_refused_at_its_line(run, ws, tmp_path, front, message):
    note = tmp_path / "note.txt"
    note.write_text(f"---\nlanguage: en\n{front}\n---\n{PARAGRAPH}\n", encoding="utf-8")
    assert message in refused(run, ws, "add-source", note)


@pytest.mark.parametrize("item, message", [
    ({"issued": {"date-parts": [[2024, 13, 45]]}}, "'issued': 2024-13-45 is not a date: there is no month 13"),
    ({"issued": {"date-parts": [[1e999]]}}, "'issued': 'inf' in date-parts is not a year, month or day"),
    ({"accessed": "yesterday"}, "'accessed' must be a CSL date"),
    ({"author": 5}, "'author' must be a list of names, not a number"),
    ({"author": [{"family": ["Saidov"]}]}, "author 1 must be text, not a list"),
    ({"title": "Bazaar\u0000"}, "'title' holds U+0000 (NUL), which is not text: remove it"),
    ({"container-title": "Bazaar\u0085Times"}, "'container-title' holds U+0085 (next line), which is not text"),
])
def test_a_csl_field_that_cannot_be_what_csl_says_is_refused_naming_it(run, ws, tmp_path, item, message):
    note = tmp_path / "note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    export = tmp_path / "item.json"
    export.write_text(json.dumps({"title": "Bazaar", **item}).replace("Infinity", "1e999"), encoding="utf-8")
    assert f"item.json: {message}" in refused(run, ws, "add-source", note, "--csl-json", export)


def test_a_csl_export_nested_too_deep_is_refused(run, ws, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(PARAGRAPH + "\n", encoding="utf-8")
    export = tmp_path / "item.json"
    export.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "item.json: arrays and objects nested too deep" in refused(run, ws, "add-source", note, "--csl-json", export)


# --- quote --id -------------------------------------------------------------------------


@pytest.mark.parametrize("excerpt_id, shown", [("a: b #c", "a: b #c"), ("two\nlines", "two\\nlines"),
                                               ("del\x7fete", "del\\x7fete")])
def test_quote_refuses_an_id_check_would_refuse(run, ws, excerpt_id, shown):
    excerpts = ws.root / "seeds" / "excerpts" / "new.yaml"
    message = refused(run, ws, "quote", "webber-2024", "ramping up its media outreach", "--id", excerpt_id,
                      "--append", excerpts)
    assert f"Error: --id '{shown}': not an excerpt id" in message


def test_quote_appends_to_an_excerpts_file_saved_as_utf16(run, ws):
    excerpts = ws.root / "seeds" / "excerpts" / "excerpts.yaml"
    excerpts.write_bytes(codecs.BOM_UTF16_LE + excerpts.read_text(encoding="utf-8").encode("utf-16-le"))
    result = run("quote", "webber-2024", "It has published material in Tajik", "--append", excerpts, "--root", ws.root)
    assert result.exit_code == 0, result.output
    text = excerpts.read_bytes().decode("utf-16")
    assert text.count("- id:") == 2 and "It has published material in Tajik" in text
    assert run("check", "--root", ws.root).exit_code == 0
    result = run("quote", "webber-2024", "It has published material", "--id", "webber-media", "--root", ws.root)
    assert result.exit_code == 1 and "an excerpt with the id 'webber-media' exists" in result.stderr
