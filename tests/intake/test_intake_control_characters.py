"""One rule for characters that are not text, whatever the kind of file: dropped and counted
(a saved page, a PDF, a Word file) or refused at their line (a text the user can edit); never
an internal error."""

from __future__ import annotations

import pytest

TEXT = "Recruiters met migrants in prayer rooms near the building sites of the capital city."
CONTROLS = "\x07\x1b\x85\x9b"  # BEL, ESC, NEL, CSI


def html_file(path):
    path.write_text(f"<html lang='en'><head><meta charset='utf-8'><title>Bazaar{CONTROLS} report</title></head>"
                    f"<body><article><h1>Bazaar report</h1><p>{TEXT[:20]}{CONTROLS}{TEXT[20:]}</p>"
                    f"<p>{TEXT}</p></article></body></html>", encoding="utf-8")


def docx_file(path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Bazaar\x85 report"
    document.add_paragraph(f"{TEXT[:20]}\x85\x9b{TEXT[20:]}")
    document.save(str(path))


def pdf_file(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setTitle(f"Bazaar{CONTROLS} report")
    pdf.drawString(72, 700, TEXT)
    pdf.showPage()
    pdf.save()


def text_file(path):
    path.write_text(f"Bazaar report\n\n{TEXT[:20]}{CONTROLS}{TEXT[20:]}\n", encoding="utf-8")


@pytest.mark.parametrize("suffix, make, said", [
    (".html", html_file, "dropped 8 control characters that are not text from the page"),
    (".docx", docx_file, "dropped 2 control characters that are not text (2 in para. 1)"),
    (".pdf", pdf_file, "dropped 3 control characters that are not text (3 in title)"),
    (".txt", text_file, "U+0007 (a control character) is not text: remove it"),
    (".md", text_file, "U+0007 (a control character) is not text: remove it"),
])
def test_no_control_character_is_an_internal_error(run, ws, tmp_path, suffix, make, said):
    path = tmp_path / f"bazaar{suffix}"
    make(path)
    result = run("add-source", path, "--root", ws.root, "--id", "bazaar")
    assert "internal error" not in result.stderr
    if suffix in (".txt", ".md"):  # a file the user edits: refused at the line
        assert result.exit_code == 1 and result.stderr == f"Error: {path}:3: {said}\n"
    else:
        assert result.exit_code == 0, result.output
        written = (ws.root / "seeds/sources/bazaar.txt").read_text(encoding="utf-8")
        assert not any(c in written for c in CONTROLS) and TEXT[20:] in written
        assert f"Note: {said}" in result.stdout
