"""PDF text, all of it: pages inside Form XObjects, wrapped list items joined, and a warning
(an error with --strict) when the import falls short of an independent count; none of what is
drawn outside the page, which no reader sees; lines set sideways read as lines."""

from __future__ import annotations

import shutil

import pytest
from pdf_files import (BACKWARDS_LINE, FORM_PAGES, MARGIN_LINES, SLIDE_HIDDEN, SLIDE_SHOWN, SPACED_LINES,
                       SYMBOL_ITEMS, TABLE_FIGURES, annotated_pdf, form_xobject_pdf, letter_spaced_pdf,
                       list_item_pdf, off_page_slide_pdf, rotated_margin_pdf, scanned_pdf, symbol_font_pdf,
                       table_pdf)

from briefpack.intake.pdf_count import page_list, shortfall
from briefpack.library.load import parse_source

STAMPED = [["Line %d of a stamped page about recruitment networks in Moscow" % n for n in range(12)]] * 2
STAMPED_WORDS = sum(len(line.split()) for page in STAMPED for line in page)  # 264
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")


def body(ws, source_id):
    path = ws.root / f"seeds/sources/{source_id}.txt"
    source, _ = parse_source(path, path.name, path.read_bytes())
    return source.paragraphs


def test_pages_drawn_inside_form_xobjects_are_read_whole(run, ws, tmp_path):
    pdf = form_xobject_pdf(tmp_path / "commission.pdf")
    result = run("add-source", pdf, "--root", ws.root, "--id", "commission", "--strict")
    assert result.exit_code == 0, result.output
    assert body(ws, "commission") == [line for page in FORM_PAGES for line in page]
    assert "Warning" not in result.stderr
    quoted = run("quote", "commission", "Returnees described debt as the first lever", "--root", ws.root)
    assert quoted.exit_code == 0, quoted.output


def test_a_document_entirely_inside_forms_is_read(run, ws, tmp_path):
    pdf = form_xobject_pdf(tmp_path / "all-forms.pdf", cover=False)
    result = run("add-source", pdf, "--root", ws.root, "--id", "all-forms")
    assert result.exit_code == 0, result.output
    assert body(ws, "all-forms")[0] == FORM_PAGES[0][0] and len(body(ws, "all-forms")) == 6


def test_a_wrapped_list_item_and_a_hyphenated_line_end_stay_one_paragraph(run, ws, tmp_path):
    result = run("add-source", list_item_pdf(tmp_path / "release.pdf"), "--root", ws.root, "--id", "release")
    assert result.exit_code == 0, result.output
    assert body(ws, "release") == [
        "Findings of the study:",
        "\u00b7 During the study period, 3.2 percent of Black male attorneys were placed on probation, "
        "compared to 0.9 percent of white male attorneys.",
        "The disparity was largest among solo practitioners, whose cases were opened more often after a "
        "complaint from a client than after a bank report.",
    ]
    quoted = run("quote", "release", "3.2 percent of Black male attorneys were placed on probation, compared to "
                 "0.9 percent of white male attorneys", "--root", ws.root)
    assert quoted.exit_code == 0, quoted.output


@needs_poppler
def test_text_the_importer_cannot_read_is_a_warning_naming_the_empty_pages(run, ws, tmp_path):
    pdf = annotated_pdf(tmp_path / "stamped.pdf", ["Cover page of the report on labour migration"], STAMPED)
    result = run("add-source", pdf, "--root", ws.root, "--id", "stamped")
    assert result.exit_code == 0, result.output
    assert (f"Warning: stamped.pdf: only 8 of the {8 + STAMPED_WORDS} words poppler's pdftotext finds in this PDF were "
            "extracted; pages 2\u20133 came out empty") in result.stderr
    assert body(ws, "stamped") == ["Cover page of the report on labour migration"]


@needs_poppler
def test_with_strict_such_a_file_is_refused_and_nothing_written(run, ws, tmp_path):
    pdf = annotated_pdf(tmp_path / "stamped.pdf", ["Cover page of the report on labour migration"], STAMPED)
    result = run("add-source", pdf, "--root", ws.root, "--id", "stamped", "--strict")
    assert result.exit_code == 1
    assert f"stamped.pdf: only 8 of the {8 + STAMPED_WORDS} words" in result.stderr and "(refused with --strict)" in result.stderr
    assert not (ws.root / "seeds/sources/stamped.txt").exists()
    assert not (ws.root / "seeds/captures/stamped.pdf").exists()


@needs_poppler
def test_a_pdf_with_no_text_the_importer_can_read_says_what_poppler_found(run, ws, tmp_path):
    pdf = annotated_pdf(tmp_path / "stamps.pdf", [], STAMPED)
    result = run("add-source", pdf, "--root", ws.root)
    assert result.exit_code == 1
    assert f"no text found in this pdf file: only 0 of the {STAMPED_WORDS} words" in result.stderr


def test_a_scanned_page_is_reported(run, ws, tmp_path):
    pdf = scanned_pdf(tmp_path / "scan.pdf", ["A page of text before the scanned one."])
    result = run("add-source", pdf, "--root", ws.root, "--id", "scan")
    assert result.exit_code == 0, result.output
    assert "Note: page 2 holds an image and no text (scanned?): that text needs OCR" in result.stdout


def test_text_drawn_outside_the_page_is_left_out_and_said(run, ws, tmp_path):
    result = run("add-source", off_page_slide_pdf(tmp_path / "slide.pdf"), "--root", ws.root, "--id", "slide",
                 "--strict")
    assert result.exit_code == 0, result.output
    hidden = sum(len(line.replace(" ", "")) for line in SLIDE_HIDDEN) + len("learn in a red and blue world".replace(" ", ""))
    assert body(ws, "slide") == SLIDE_SHOWN + ["What we can"]
    assert f"Note: left out {hidden} characters drawn outside the page, where no reader sees them" in result.stdout


def test_lines_set_sideways_in_the_margin_read_as_lines_not_letters(run, ws, tmp_path):
    pdf = rotated_margin_pdf(tmp_path / "register.pdf", "Returnees described debt as the first lever of recruitment.")
    result = run("add-source", pdf, "--root", ws.root, "--id", "register", "--strict")
    assert result.exit_code == 0, result.output
    assert sorted(body(ws, "register")) == sorted(["Returnees described debt as the first lever of recruitment.",
                                                   *MARGIN_LINES.values(), BACKWARDS_LINE])


def test_a_letter_spaced_heading_reads_as_its_words(run, ws, tmp_path):
    result = run("add-source", letter_spaced_pdf(tmp_path / "article.pdf"), "--root", ws.root, "--id", "article",
                 "--strict")
    assert result.exit_code == 0, result.output
    assert body(ws, "article") == [line for line, _ in SPACED_LINES]


def test_a_tables_figures_are_not_taken_for_page_numbers(run, ws, tmp_path):
    result = run("add-source", table_pdf(tmp_path / "table.pdf"), "--root", ws.root, "--id", "table", "--strict")
    assert result.exit_code == 0, result.output
    assert "page numbers" not in result.stdout
    taken = " ".join(body(ws, "table")).split()
    assert taken[:5] == "Detentions by province and quarter.".split()
    assert sorted(taken[5:]) == sorted(str(figure) for row in TABLE_FIGURES for figure in row)


def test_a_winansi_bullet_is_a_bullet_and_a_symbol_its_font_does_not_name_is_left_out_and_said(run, ws, tmp_path):
    result = run("add-source", symbol_font_pdf(tmp_path / "items.pdf"), "--root", ws.root, "--id", "items", "--strict")
    assert result.exit_code == 0, result.output
    assert body(ws, "items") == [f"\u2022 {SYMBOL_ITEMS[0][2]}", SYMBOL_ITEMS[1][2]]
    assert "(cid:" not in result.stdout
    assert "Note: left out 1 character that the font does not name (symbols such as a list's bullets)" in result.stdout


def test_without_pdftotext_the_characters_drawn_are_the_count():
    assert shortfall(["a few words"], [9], None) is None
    lost = shortfall(["Cover words", "", ""], [10, 400, 300], None)
    assert lost.startswith("only 10 of the 710 characters the PDF draws in this PDF were extracted; "
                           "pages 2\u20133 came out empty")
    assert shortfall(["one two three"] * 3, [11] * 3, [3, 3, 3]) is None


@pytest.mark.parametrize("numbers, said", [
    ([3], "page 3"), ([2, 3, 4], "pages 2\u20134"), ([2, 5, 6, 7, 9], "pages 2, 5\u20137 and 9"),
])
def test_page_lists(numbers, said):
    assert page_list(numbers) == said
