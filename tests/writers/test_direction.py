"""Paragraphs in the document's direction, right-to-left phrases in their places: a pack
citing Arabic and Persian sources (titles and quotes with their own punctuation), built
as a user would, read back from the PDF (pdftotext, with positions), from the DOCX
(python-docx and its XML) and from LibreOffice's PDF of the DOCX; a document in Persian;
the DOCX header's label."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import unicodedata
import zipfile

import pytest
from readback import office_pdf
from workspace_builder import Workspace

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")

# Sentences of the kind the sources print, with their own punctuation: guillemets,
# Arabic commas, full stops, a question mark.
FA = "سخنگوی وزارت امور خارجه گفت: «این حمله، اقدامی تروریستی بود.» آیا پاسخی داده خواهد شد؟"
AR = "قال المتحدث باسم الوزارة: «إن الهجوم، وفق المعلومات الأولية، كان إرهابياً.»"
FA_TITLE, FA_AUTHOR = "واکنش ایران به حمله، «تروریستی»؟", "خبرگزاری ایرنا"
AR_TITLE = "الخارجية تدين الهجوم الإرهابي"
MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # direction marks, embeddings, isolates

BRIEF = """\
title: Reactions in Arabic and Persian sources
marking: TLP:CLEAR
as_of: 2024-06-30
organization: Test Desk
formats: [docx, pdf]
sections:
  - type: excerpts
    title: Reactions
    select: "topic:propaganda"
"""


def _workspace(root) -> None:
    ws = Workspace(root)
    ws.vocabulary("facets:\n  topic:\n    label: Topic\n    values:\n      propaganda: {label: Propaganda}\n")
    ws.source("fa-src", paragraphs=["سرتیتر.", FA], title=FA_TITLE, author=FA_AUTHOR, publisher="ایرنا",
              language="fa")
    ws.source("ar-src", paragraphs=["عنوان.", AR], title=AR_TITLE, author=None, publisher="الجزيرة", language="ar")
    ws.source()
    ws.excerpts("".join(textwrap.dedent(f"""\
        - id: {eid}
          source: {sid}
          quote: "{quote}"
          tags: [topic:propaganda]
          date: 2024-06
          credibility: 2
        """) for eid, sid, quote in (("q-fa", "fa-src", FA), ("q-ar", "ar-src", AR),
                                     ("q-en", "webber-2024", "ISKP is ramping up its media outreach in Central Asia."))))
    (root / "briefs").mkdir()
    (root / "briefs" / "rtl.yaml").write_text(BRIEF, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from briefpack.cli import main

    root = tmp_path_factory.mktemp("direction")
    _workspace(root)
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--root", str(root), "--jobs", "1", "--quiet"])
    assert exit_.value.code == 0
    return root / "out"


def _reading(text: str) -> str:
    """Extracted text as a search compares it: NFC, without direction marks, white space as single spaces."""
    return re.sub(r"[ \t]+", " ", MARKS.sub("", unicodedata.normalize("NFC", text)))


def _lines(pdf) -> list[list[tuple[float, float, str]]]:
    """Each line of each page as pdftotext lays it out: its words' ``(x min, x max, text)``."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [[(float(a), float(b), _reading(t)) for a, b, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', line)]
            for line in re.findall(r"<line .*?</line>", xml, re.S)]


def _left_margin(lines) -> float:
    return min(words[0][0] for words in lines if words)


def test_a_right_to_left_phrase_is_isolated_with_its_own_punctuation():
    from briefpack.writers.scripts import isolates

    def runs(text, base="L"):
        return [text[a:b] for a, b in isolates(text, base)]

    # a note: the sentence's commas and quotation marks stay outside, the title's inside
    assert runs(f"{FA_AUTHOR}, “{FA_TITLE},” ایرنا, June 27, 2024.") == [FA_AUTHOR, FA_TITLE, "ایرنا"]
    assert runs(f"wrote “{FA}” and") == [FA]
    assert runs("said «إن الهجوم، كان إرهابياً.» then") == ["«إن الهجوم، كان إرهابياً.»"]
    assert runs("in سال ۱۴۰۲ و ۱۴۰۳. Then") == ["سال ۱۴۰۲ و ۱۴۰۳"]
    assert runs("ISKP is active.") == []
    # in a right-to-left paragraph, an English citation is one run
    assert runs("۱. Lucas Webber, “ISKP Posing Rising Threat,” Eurasianet, 2024.", "R") == [
        "Lucas Webber, “ISKP Posing Rising Threat,” Eurasianet, 2024"]


@needs_poppler
def test_pdf_notes_and_annex_entries_run_left_to_right_numbers_first(built):
    lines = _lines(built / "rtl.pdf")
    margin = _left_margin(lines)
    notes = [words for words in lines if words and re.fullmatch(r"\d+\.", words[0][2])]
    assert [words[0][2] for words in notes] == ["1.", "2.", "3."]
    for words in notes:  # the number at the left margin, before the rest of the note
        assert abs(words[0][0] - margin) < 1 and words[0][0] == min(w[0] for w in words), words
    annex = [words for words in lines if any("Reliability:" in w[2] for w in words)]
    assert len(annex) == 3
    for words in annex:
        assert abs(min(w[0] for w in words) - margin) < 1, words
    text = _reading(subprocess.run(["pdftotext", str(built / "rtl.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    # the text in logical order: each note's number, then its title with its own punctuation
    assert re.search(rf"^\d\. {FA_AUTHOR}, “{re.escape(FA_TITLE)},” ایرنا, June 27, 2024", text, re.M), text
    assert re.search(rf"^\d\. “{AR_TITLE},” الجزيرة, June 27, 2024", text, re.M), text
    assert re.search(rf"^الجزيرة\. “{AR_TITLE}\.” June 27, 2024\. Reliability", text, re.M), text


@needs_poppler
def test_pdf_text_finds_each_sentence_with_its_punctuation(built):
    text = _reading(subprocess.run(["pdftotext", str(built / "rtl.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    squeezed = re.sub(r"\s+", " ", text)
    assert FA in squeezed and AR in squeezed
    raw = subprocess.run(["pdftotext", "-raw", str(built / "rtl.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert FA in re.sub(r"\s+", " ", _reading(raw))


def test_docx_notes_and_annex_run_left_to_right_with_right_to_left_runs(built):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document(str(built / "rtl.docx"))
    annex = [p for p in document.paragraphs if "Reliability:" in p.text]
    assert len(annex) == 3
    for p in annex:
        assert p.paragraph_format.alignment is None and p._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None
        for run in p.runs:  # right-to-left runs: the titles, publishers and authors, not the sentence
            assert (run._r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None) == bool(
                re.search("[\u0600-\u06ff]", run.text)), (run.text, p.text)
    assert any(AR_TITLE in MARKS.sub("", p.text) for p in annex)
    with zipfile.ZipFile(built / "rtl.docx") as z:
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    notes = [n for n in footnotes.iter(qn("w:footnote")) if int(n.get(qn("w:id"))) > 0]
    assert len(notes) == 3
    for note in notes:
        (p,) = note.iter(qn("w:p"))
        assert p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is None and p.find(f"{qn('w:pPr')}/{qn('w:jc')}") is None
        runs = p.findall(qn("w:r"))
        assert runs[0].find(qn("w:footnoteRef")) is not None  # the number first
        text = MARKS.sub("", "".join(t.text for t in p.iter(qn("w:t"))))
        for title in (FA_TITLE, AR_TITLE):
            if title in text:
                (holding,) = [r for r in runs if title in "".join(t.text for t in r.iter(qn("w:t")))]
                assert holding.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
    body = document.element.body
    bidi = [p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None]
    assert len(bidi) == 2 and all(FA in MARKS.sub("", "".join(t.text for t in p.iter(qn("w:t")))) or
                                  AR in MARKS.sub("", "".join(t.text for t in p.iter(qn("w:t")))) for p in bidi)


@needs_poppler
@needs_office
def test_libreoffice_sets_notes_and_annex_entries_at_the_left(built, tmp_path):
    (pdf,) = office_pdf([built / "rtl.docx"], tmp_path)
    lines = _lines(pdf)
    margin = _left_margin(lines)
    annex = [words for words in lines if any("Reliability:" in w[2] for w in words)]
    assert len(annex) == 3
    for words in annex:
        assert abs(min(w[0] for w in words) - margin) < 1, words
    # a note: its number (a superscript, a line of its own to pdftotext) at the margin, its text just after it
    foot = lines[lines.index(annex[-1]) + 1:]  # the page's notes, after the annex
    numbers = [words for words in foot if len(words) == 1 and re.fullmatch(r"[123]", words[0][2])]
    notes = [words for words in foot if any("para." in w[2] for w in words)]
    assert len(numbers) == len(notes) == 3, lines
    for words in numbers:
        assert abs(words[0][0] - margin) < 1, words
    for words in notes:
        assert min(w[0] for w in words) - margin < 10, words
    # drawn in place: the Persian title right to left, between the sentence's quotation marks
    drawn = _drawn_lines(pdf)
    assert any(f"“{FA_TITLE[::-1]}.”" in line for line in drawn if "Reliability" in line), drawn
    assert any(f"“{FA_TITLE[::-1]},”" in line for line in drawn if "para." in line), drawn


def _drawn_lines(pdf) -> list[str]:
    """Each line's characters in the order they are drawn, left to right (pdfminer)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    return ["".join(unicodedata.normalize("NFKC", c.get_text()) for c in line if isinstance(c, LTChar))
            for page in extract_pages(str(pdf)) for box in page if hasattr(box, "__iter__")
            for line in box if isinstance(line, LTTextLine)]


@needs_poppler
def test_a_document_in_persian_runs_right_to_left(tmp_path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    from briefpack.document.model import BulletList, Document, Meta, Note, Paragraph, Table, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx
    from briefpack.writers.pdf.writer import write_pdf

    note = Note(1, (Text("Lucas Webber, “ISKP Posing Rising Threat,” Eurasianet, June 27, 2024."),))
    doc = Document(Meta(title="گزارش", language="fa", timestamp=0),
                   [Paragraph([Text(FA), note]), Paragraph([Text(FA_TITLE)]), Paragraph([Text(FA)]),
                    Paragraph([Text("Webber, Lucas. “ISKP Posing Rising Threat.” Eurasianet, 2024.")]),
                    BulletList([[Text(FA_TITLE)]]),
                    Table([[Text("سال")], [Text("رویداد")]], [[[Text("۱۴۰۲")], [Text(FA)]]])])
    write_pdf(doc, tmp_path / "fa.pdf", WriterOptions())
    write_docx(doc, tmp_path / "fa.docx", WriterOptions())
    # drawn glyphs, left to right: the English lines flush right, the note's number at the right end
    lines = [line for page in extract_pages(str(tmp_path / "fa.pdf")) for box in page
             if hasattr(box, "__iter__") for line in box if isinstance(line, LTTextLine)]
    right = max(line.x1 for line in lines if "Page" not in line.get_text())
    english = [line for line in lines if "Webber" in line.get_text()]
    assert len(english) == 2
    for line in english:
        assert abs(line.x1 - right) < 1, line
    (note_line,) = [line for line in english if "Lucas Webber" in line.get_text()]
    chars = [c for c in note_line if isinstance(c, LTChar) and c.get_text().strip()]
    assert max(chars, key=lambda c: c.x1).get_text() == "1"
    (item,) = [line for line in lines if "•" in line.get_text()]  # a list item's label at the right too
    assert max((c for c in item if isinstance(c, LTChar)), key=lambda c: c.x1).get_text() == "•"
    # the table's first column at the right (a line's glyphs, read back right to left, give its words)
    (year,) = [line for line in lines if unicodedata.normalize("NFKC", line.get_text().strip())[::-1] == "سال"]
    (event,) = [line for line in lines if unicodedata.normalize("NFKC", line.get_text().strip())[::-1] == "رویداد"]
    assert year.x0 > event.x1
    # and read back in logical order, the page read right to left
    text = _reading(subprocess.run(["pdftotext", str(tmp_path / "fa.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout)
    assert FA in re.sub(r"\s+", " ", text)
    with zipfile.ZipFile(tmp_path / "fa.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        notes = z.read("word/footnotes.xml").decode("utf-8")
    written = [p for p in re.findall(r"<w:p[ >].*?</w:p>", body) if "Webber" in p or "آیا" in p]
    assert len(written) == 4 and all("<w:bidi/>" in p for p in written)  # the table's cell too
    assert "<w:bidi/>" in notes and "<w:bidiVisual/>" in body  # the table's columns from the right too
    english_run = re.search(r"<w:r>(?:(?!</w:r>).)*Lucas Webber(?:(?!</w:r>).)*</w:r>", notes).group()
    assert "<w:rtl/>" not in english_run  # the English citation: a left-to-right run
    assert "<w:rtl/>" in re.search(r"<w:r>(?:(?!</w:r>).)*آیا(?:(?!</w:r>).)*</w:r>", body).group()


@pytest.mark.parametrize("title", ["Brief", "Reactions to the attack in the capital " * 4,
                                   f"{FA_TITLE} — {AR_TITLE}"])
def test_docx_header_label_stands_at_the_right_whatever_the_title(tmp_path, title):
    import docx
    from docx.oxml.ns import qn

    from briefpack.document.model import Document, Meta, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx

    write_docx(Document(Meta(title=title, timestamp=0), [Paragraph([Text("Text.")])]), tmp_path / "h.docx",
               WriterOptions())
    document = docx.Document(str(tmp_path / "h.docx"))
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    (p,) = [p for p in section.header.paragraphs if "TLP:CLEAR" in p.text]
    stops = [(s.alignment, s.position) for s in p.paragraph_format.tab_stops]
    assert (docx.enum.text.WD_TAB_ALIGNMENT.RIGHT, width) in [(a, round(pos / 635) * 635) for a, pos in stops] or \
        any(a == docx.enum.text.WD_TAB_ALIGNMENT.RIGHT and abs(pos - width) < 635 for a, pos in stops)
    inherited = [s.position for s in p.style.paragraph_format.tab_stops]
    assert inherited and all(any(a == docx.enum.text.WD_TAB_ALIGNMENT.CLEAR and pos == at for a, pos in stops)
                             for at in inherited)  # the header style's centre and right stops cleared
    runs = p._p.findall(qn("w:r"))
    assert runs[-2].find(qn("w:tab")) is not None  # the title, one tab, the label
    for run in runs[:-2]:
        text = "".join(t.text for t in run.iter(qn("w:t")))
        rtl = run.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
        assert rtl == bool(re.search("[\u0600-\u06ff]", text)), text


@needs_poppler
@needs_office
def test_libreoffice_draws_the_header_label_at_the_right_margin(tmp_path):
    from briefpack.document.model import Document, Meta, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx

    titles = {"short": "Brief", "long": "Reactions to the attack in the capital " * 4, "rtl": FA_TITLE}
    paths = []
    for name, title in titles.items():
        paths.append(tmp_path / f"{name}.docx")
        write_docx(Document(Meta(title=title, timestamp=0), [Paragraph([Text("Text of the body.")])]), paths[-1],
                   WriterOptions())
    ends = []
    for pdf in office_pdf(paths, tmp_path):
        lines = _lines(pdf)
        body = [w for words in lines for w in words if w[2] == "body."]
        label = [w for words in lines for w in words if w[2] == "TLP:CLEAR"]
        ends.append(max(w[1] for w in label))
        assert max(w[1] for w in label) > body[0][1]  # at the right, past the body's short line
    assert max(ends) - min(ends) < 1, ends  # in one place whatever the title


@needs_poppler
def test_a_right_to_left_heading_reads_in_order_in_the_contents(tmp_path):
    from briefpack.document.model import Document, Heading, Meta, Paragraph, TableOfContents, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    heading = f"Reactions: {FA_TITLE}"
    doc = Document(Meta(title="T", timestamp=0), [TableOfContents(), Heading(1, [Text(heading)]),
                                                   Paragraph([Text("Text.")])])
    write_pdf(doc, tmp_path / "toc.pdf", WriterOptions())
    text = _reading(subprocess.run(["pdftotext", str(tmp_path / "toc.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    assert text.count(heading) == 2  # the contents' entry and the heading


@needs_poppler
def test_a_figure_caption_with_a_right_to_left_title_reads_in_order(tmp_path):
    from briefpack.document.model import ChartPoint, Document, Figure, Meta, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    caption = f"Attacks reported by {FA_AUTHOR}, “{FA_TITLE}”"
    points = [ChartPoint(value=float(n), row=str(2020 + n)) for n in range(1, 4)]
    doc = Document(Meta(title="T", timestamp=0), [Figure("counts", [Text(caption)], points, alt="Attacks", number=1)])
    write_pdf(doc, tmp_path / "fig.pdf", WriterOptions())
    text = re.sub(r"\s+", " ", _reading(subprocess.run(["pdftotext", str(tmp_path / "fig.pdf"), "-"],
                                                       capture_output=True, text=True, check=True).stdout))
    assert f"Figure 1. {caption}" in text, text


@needs_poppler
def test_a_list_item_with_a_right_to_left_title_keeps_its_label_first(tmp_path):
    from briefpack.document.model import BulletList, Document, Meta, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    items = [[Text(f"revised: {FA_TITLE}")], [Text(f"added: {AR_TITLE}")]]
    doc = Document(Meta(title="T", timestamp=0), [BulletList(items), BulletList(items, ordered=True)])
    write_pdf(doc, tmp_path / "list.pdf", WriterOptions())
    lines = [words for words in _lines(tmp_path / "list.pdf") if any(w[2] in ("revised:", "added:") for w in words)]
    assert [words[0][2] for words in lines] == ["•", "•", "1.", "2."]
    for words in lines:  # the label, then the item's text from its start
        assert words[0][0] == min(w[0] for w in words) and words[1][2] in ("revised:", "added:"), words


@needs_poppler
def test_numbers_in_a_right_to_left_sentence_read_left_to_right(tmp_path):
    from briefpack.document.model import Document, Meta, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    sentence = "در سال ۱۴۰۲، ۱۲ نفر کشته شدند."
    doc = Document(Meta(title="T", timestamp=0), [Paragraph([Text(f"The agency wrote: «{sentence}» It added more.")])])
    write_pdf(doc, tmp_path / "n.pdf", WriterOptions())
    text = _reading(subprocess.run(["pdftotext", str(tmp_path / "n.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    assert f"«{sentence}»" in text, text
    drawn = " ".join(_drawn_lines(tmp_path / "n.pdf"))
    assert "۱۴۰۲" in drawn and "۱۲" in drawn  # each number's digits drawn left to right
    assert drawn.index("۱۲") < drawn.index("۱۴۰۲")  # the numbers in the sentence's order, right to left


def _header_lines(pdf) -> list[str]:
    """The characters of each page's top line but the label (its running title), left to right."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    heads = []
    for page in extract_pages(str(pdf)):
        lines = [line for box in page if hasattr(box, "__iter__") for line in box
                 if isinstance(line, LTTextLine) and "TLP:" not in line.get_text()]
        top = max(lines, key=lambda line: line.y0)
        heads.append("".join(c.get_text() for c in sorted((c for c in top if isinstance(c, LTChar)),
                                                           key=lambda c: c.x0)))
    return heads


@needs_poppler
@pytest.mark.parametrize("language, title", [("fa", FA_TITLE), ("en", f"Reactions: {FA_TITLE} (2024)")])
def test_a_right_to_left_running_title_is_shaped_ordered_and_read_in_order(tmp_path, language, title):
    from briefpack.document.model import Document, Meta, PageBreak, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    body = FA if language == "fa" else "The ministry called the attack terrorist."
    doc = Document(Meta(title=title, language=language, timestamp=0),
                   [Paragraph([Text(body)]), PageBreak(), Paragraph([Text(body)])])
    write_pdf(doc, tmp_path / "t.pdf", WriterOptions())
    heads = _header_lines(tmp_path / "t.pdf")
    assert len(heads) >= 2  # every page's, drawn alike
    for head in heads:  # shaped: joined forms, drawn right to left; the rest of the line where it stands
        assert any("\ufb50" <= ch <= "\ufeff" for ch in head), head
        assert unicodedata.normalize("NFKC", head) == unicodedata.normalize("NFKC", _visual(title, language))
    text = subprocess.run(["pdftotext", "-f", "2", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert title in _reading(text).splitlines()[:3]  # its words in logical order, punctuation in place


def _visual(title: str, language: str) -> str:
    """The title as drawn left to right: in a Persian document all of it right to left
    (brackets mirrored), in an English one only its Persian phrase."""
    mirrored = str.maketrans("«»", "»«")
    if language == "fa":
        return title[::-1].translate(mirrored)
    start, end = title.index(FA_TITLE), title.index(FA_TITLE) + len(FA_TITLE)
    return title[:start] + FA_TITLE[::-1].translate(mirrored) + title[end:]


@needs_poppler
def test_a_numbered_list_in_a_persian_document_reads_its_labels_from_the_right(tmp_path):
    from pdfminer.high_level import extract_pages

    from briefpack.document.model import BulletList, Document, Meta, Paragraph, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    items = [[Text(FA_TITLE)], [Text(AR_TITLE)]]
    doc = Document(Meta(title="گزارش", language="fa", timestamp=0),
                   [Paragraph([Text(FA)]), BulletList(items, ordered=True)])
    write_pdf(doc, tmp_path / "l.pdf", WriterOptions())
    chars = [c for page in extract_pages(str(tmp_path / "l.pdf")) for c in _chars(page)]
    for number in "12":  # the period at the digit's left, as a right-to-left paragraph sets "1." (Word, LibreOffice)
        (digit,) = [c for c in chars if c.get_text() == number and c.y0 > 400]
        stop = min((c for c in chars if abs(c.y0 - digit.y0) < 1 and c.get_text() == "."),
                   key=lambda c: abs(c.x1 - digit.x0))
        assert stop.x1 <= digit.x0 + 0.5 and digit.x1 == max(c.x1 for c in chars if abs(c.y0 - digit.y0) < 1)
    text = _reading(subprocess.run(["pdftotext", str(tmp_path / "l.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    for label, title in (("1.", FA_TITLE), ("2.", AR_TITLE)):  # read back as written
        assert re.search(re.escape(label) + r"\s*" + re.escape(title), text), text


def _chars(item):
    from pdfminer.layout import LTChar

    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _chars(child)
