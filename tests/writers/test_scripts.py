"""Every script the sources use, built as a user would: quotes in Arabic, Persian,
Pashto, Urdu, Uyghur, Russian, Tajik, Kazakh, Kyrgyz, Uzbek (Latin and Cyrillic),
Hindi and Malayalam, in running text, a quotation block and a table, read back
from the PDF (pdftotext), from the DOCX, and from LibreOffice's PDF of the DOCX."""

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

# Public phrases: "Islamic State", country names, a sentence of news in each language.
QUOTES = {
    "ar": "أعلن تنظيم الدولة الإسلامية مسؤوليته عن الهجوم.",
    "fa": "دولت اسلامی خراسان در افغانستان فعال است.",
    "ps": "اسلامي دولت په ننګرهار کې فعال دی.",
    "ur": "دولت اسلامیہ نے پاکستان میں حملے کی ذمہ داری قبول کی۔",
    "ug": "ئىسلام دۆلىتى ئافغانىستاندا ھۇجۇم قىلدى.",
    "ru": "Исламское государство взяло на себя ответственность за нападение.",
    "tg": "Давлати Исломӣ дар Тоҷикистон ҳамла кард.",
    "kk": "Қазақстан Республикасы Ислам мемлекеті туралы мәлімдеді.",
    "ky": "Кыргыз Республикасынын өкмөтү Ислам мамлекети жөнүндө билдирди.",
    "uz": "Oʻzbekiston Respublikasi: Islomiy davlat hujumni oʻz zimmasiga oldi.",
    "uz-cyrl": "Ўзбекистон Республикаси: Ислом давлати ҳужумни ўз зиммасига олди.",
    "hi": "इस्लामिक स्टेट ने हमले की ज़िम्मेदारी ली।",
    "ml": "ഇസ്ലാമിക് സ്റ്റേറ്റ് ആക്രമണത്തിന്റെ ഉത്തരവാദിത്തം ഏറ്റെടുത്തു.",
}
RTL = ("ar", "fa", "ps", "ur", "ug")

VOCABULARY = """\
facets:
  group:
    label: Armed group
    values:
      ISKP: {label: Islamic State Khorasan Province}
  topic:
    label: Topic
    values:
      origins: {label: Origins}
      propaganda: {label: Propaganda}
"""

RUNNING = """\
{% for e in excerpts %}
<p>In {{ e.source.title }}, the group's media wrote “{{ e.quote }}”{{ cite(e) }} and repeated it.</p>
{% endfor %}
"""

BRIEF = """\
title: Propaganda in many scripts
marking: TLP:CLEAR
as_of: 2024-06-30
organization: Test Desk
formats: [docx, pdf]
sections:
  - type: group_history
    group: ISKP
    title: History
  - type: excerpts
    title: In running text
    select: "topic:propaganda"
    template: templates/running.xml.j2
"""


def _workspace(root, quotes: dict[str, str]) -> Workspace:
    ws = Workspace(root)
    ws.vocabulary(VOCABULARY)
    excerpts = []
    for lang, quote in quotes.items():
        ws.source(f"src-{lang}", paragraphs=["Header.", quote], title=f"Media {lang}", language=lang)
        # one excerpt for the quotation block (origins), one for the chronology's table
        for eid, tags in ((f"q-{lang}", "topic:origins, topic:propaganda"), (f"t-{lang}", "topic:propaganda")):
            excerpts.append(textwrap.dedent(f"""\
                - id: {eid}
                  source: src-{lang}
                  quote: "{quote}"
                  tags: [group:ISKP, {tags}]
                  date: 2024-06
                  credibility: 2
                """))
    ws.excerpts("".join(excerpts))
    (root / "briefs").mkdir()
    (root / "briefs" / "scripts.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "running.xml.j2").write_text(RUNNING, encoding="utf-8")
    return ws


def _text(path, *args) -> str:
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out


def _reading(text: str) -> str:
    """Extracted text as compared: NFC, without the bidi embedding marks pdftotext puts
    around right-to-left runs, white space (line ends) as single spaces."""
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text)


def _count(haystack: str, quote: str) -> int:
    return _reading(haystack).count(_reading(quote))


def _core(lang: str, quote: str) -> str:
    """The quote as pdftotext can give it back in every place. Its reordering (poppler's
    reorderText) takes a page's lines as left to right when most of the page is, and
    then prints a right-to-left sentence's final full stop, which stands at the line's
    left, before the sentence: right-to-left quotes are compared without the
    punctuation at their ends (and in full in running English text)."""
    return quote.strip(".:«»“”") if lang in RTL else quote


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from briefpack.cli import main

    root = tmp_path_factory.mktemp("scripts")
    _workspace(root, QUOTES)
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--root", str(root), "--jobs", "1", "--quiet"])
    assert exit_.value.code == 0
    return root / "out"


@needs_poppler
def test_pdf_text_gives_each_quote_in_logical_order(built):
    text = _text(built / "scripts.pdf")
    assert "\ufffd" not in text
    for lang, quote in QUOTES.items():
        # the quotation block, the chronology's row and the running text
        assert _count(text, _core(lang, quote)) >= 3, (lang, quote)
        assert _count(text, quote) >= 1, (lang, quote)


@needs_poppler
def test_pdf_embeds_every_font_and_sets_scripts_in_their_fonts(built):
    out = subprocess.run(["pdffonts", str(built / "scripts.pdf")], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), out  # the "emb" column
    names = " ".join(row[0] for row in rows)
    for font in ("NotoNaskhArabic", "NotoSansDevanagari", "NotoSansMalayalam", "DejaVuSerif"):
        assert font in names


def test_docx_marks_right_to_left_runs_and_paragraphs(built):
    with zipfile.ZipFile(built / "scripts.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*</w:r>", body)
    for lang, quote in QUOTES.items():
        first_word = quote.split()[0].rstrip(":")
        holding = [r for r in runs if re.search(f"<w:t[ >][^<]*{re.escape(first_word)}", r)]
        assert holding, lang
        for run in holding:
            assert ('<w:rtl/>' in run) == (lang in RTL), (lang, run)
            if lang in RTL or lang in ("hi", "ml"):
                assert 'w:cs="Noto' in run, (lang, run)
    # the quotation blocks of a right-to-left quote run right to left; every other paragraph
    # (the table's cells too) runs left to right, as the document does
    bidi = re.findall(r"<w:p>(?:(?!</w:p>).)*?<w:bidi/>(?:(?!</w:p>).)*</w:p>", body)
    assert len(bidi) == len(RTL)
    assert all('<w:pStyle w:val="Quote"/>' in p for p in bidi), bidi
    assert "<w:szCs " in styles and styles.count("<w:sz ") == styles.count("<w:szCs ")


@needs_poppler
@needs_office
def test_libreoffice_reads_the_docx_quotes_in_logical_order(built, tmp_path):
    office_pdf([built / "scripts.docx"], tmp_path)
    text = _text(tmp_path / "scripts.pdf")
    assert "\ufffd" not in text
    squeezed = re.sub(r"\s", "", _reading(text))
    for lang, quote in QUOTES.items():
        # LibreOffice's PDF has no /ActualText: pdftotext puts a space inside some
        # Devanagari clusters (स्टे ट), so spaces are left out of this comparison.
        assert squeezed.count(re.sub(r"\s", "", _reading(_core(lang, quote)))) >= 3, (lang, quote)


@needs_poppler
def test_a_paragraph_mixing_scripts_keeps_each_in_its_place(tmp_path):
    from briefpack.document.model import Document, Meta, Paragraph, Quote, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    mixed = f"ISKP ({QUOTES['ru']}) — {QUOTES['ar']} — {QUOTES['hi']} end."
    doc = Document(Meta(title="Mixed", timestamp=0), [Paragraph([Text(mixed)]), Quote([Text(QUOTES["fa"])])])
    write_pdf(doc, tmp_path / "m.pdf", WriterOptions())
    text = _reading(_text(tmp_path / "m.pdf"))
    for lang in ("ru", "ar", "hi", "fa"):  # the Arabic sentence wraps: the span of its
        assert _reading(_core(lang, QUOTES[lang])) in text  # first word moves with it
    assert _reading(QUOTES["ar"]) in text
    assert text.index(_reading(QUOTES["ru"])) < text.index(_reading(QUOTES["hi"]))


def test_a_character_no_font_has_is_a_warning_naming_the_excerpt(tmp_path, run):
    quotes = {"ar": QUOTES["ar"], "zh": "伊斯兰国 claimed it."}
    _workspace(tmp_path, quotes)
    result = run("build", "--root", tmp_path, "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert ("Warning: seeds/excerpts/excerpts.yaml:13: excerpt q-zh has 4 characters that no font of "
            "the PDF has (U+4F0A CJK UNIFIED IDEOGRAPH-4F0A, U+65AF CJK UNIFIED IDEOGRAPH-65AF, "
            "U+5170 CJK UNIFIED IDEOGRAPH-5170, U+56FD CJK UNIFIED IDEOGRAPH-56FD); the PDF prints "
            "\ufffd in its place") in result.stderr
    assert "q-ar" not in result.stderr
    strict = run("build", "--root", tmp_path, "--format", "pdf", "--force", "--strict")
    assert strict.exit_code == 1
    assert "excerpt q-zh has 4 characters" in strict.stderr and "(warnings are errors with --strict)" in strict.stderr
    _workspace(tmp_path / "docx", quotes)
    docx_only = run("build", "--root", tmp_path / "docx", "--format", "docx", "--jobs", "1")
    assert docx_only.exit_code == 0 and "q-zh" not in docx_only.stderr  # Word finds a font itself


def test_a_house_style_reference_doc_keeps_its_styles_and_gains_complex_sizes(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from briefpack.document.model import Document, Heading, Meta, Paragraph, Quote, Text
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx

    ref = docx.Document()
    ref.styles["Heading 1"].font.name = "Courier New"
    ref.styles["Heading 1"].font.size = Pt(23)
    rpr = ref.styles["Heading 1"].element.rPr
    rpr.remove(rpr.find(qn("w:szCs")))  # a house style that sizes Latin text only
    ref.styles["Title"].font.size = Pt(30)  # its complex-script size (14 pt) stays its own
    ref.save(str(tmp_path / "house.docx"))
    doc = Document(Meta(title="House", timestamp=0), [
        Heading(1, [Text("Names: " + QUOTES["ar"])]), Paragraph([Text("See " + QUOTES["hi"])]),
        Quote([Text(QUOTES["ur"])])])
    write_docx(doc, tmp_path / "out.docx", WriterOptions(reference_doc=tmp_path / "house.docx"))
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S).group()
    assert 'w:ascii="Courier New"' in heading
    assert '<w:sz w:val="46"/><w:szCs w:val="46"/>' in heading  # the house size holds for Arabic too
    title = re.search(r'<w:style [^>]*w:styleId="Title".*?</w:style>', styles, re.S).group()
    assert '<w:sz w:val="60"/><w:szCs w:val="52"/>' in title
    assert body.count("<w:bidi/>") == 1  # the Urdu quotation only; the heading starts in English
    assert 'w:cs="Noto Naskh Arabic"' in body and 'w:cs="Noto Sans Devanagari"' in body
    assert docx.Document(str(tmp_path / "out.docx")).paragraphs  # python-docx still opens it


def test_a_chart_label_in_another_script_is_set_run_by_run_and_shaped():
    from reportlab.graphics.shapes import Drawing, String

    from briefpack.writers.charts.draw import text
    from briefpack.writers.charts.style import chart_style
    from briefpack.writers.pdf.style import load_house_style

    hs = load_house_style(None)
    style = chart_style(hs.charts, hs.chart_font, 450.0)
    d = Drawing(450, 40)
    label = f"ISKP: {QUOTES['ar']} / {QUOTES['hi']}"
    width = text(d, 10, 10, label, style)
    runs = [s for s in d.contents if isinstance(s, String)]
    fonts = [s.fontName for s in runs]
    assert fonts == [style.font, "NotoNaskhArabic-Regular", style.font, "NotoSansDevanagari-Regular"]
    assert "".join(s.__dict__["bp_text"] for s in runs) == label  # the characters, in order, for the PNG
    arabic = runs[1]
    assert arabic.text != arabic.__dict__["bp_text"]  # shaped: joined glyphs in visual order
    assert abs(runs[-1].x + style.text_width(QUOTES["hi"]) - (10 + width)) < 0.01


def test_harfbuzz_and_pillow_are_loaded_only_when_used():
    """ReportLab imports HarfBuzz and Pillow's Image as it loads; the writers leave them unloaded
    until a run of a complex script is shaped, or a picture drawn (a fresh interpreter: nothing
    shaped or drawn before)."""
    import sys

    code = textwrap.dedent(f"""
        import sys, types
        from briefpack.writers.glyphs import line_runs
        from briefpack.writers.pdf.style import load_house_style
        loaded = lambda name: type(sys.modules[name]) is types.ModuleType
        font = load_house_style(None).chart_font.regular
        english = line_runs("ISKP recruits in Central Asia, 2024", font)
        print(loaded("uharfbuzz"), loaded("PIL.Image"), len(english))
        arabic = line_runs({QUOTES['ar']!r}, font)
        print(loaded("uharfbuzz"), arabic[0].font, arabic[0].drawn != arabic[0].text)
        from reportlab.graphics.shapes import Drawing, Rect
        from briefpack.writers.charts.png import drawing_to_png
        drawing = Drawing(20, 10)
        drawing.add(Rect(0, 0, 10, 10))
        png, size = drawing_to_png(drawing)
        print(loaded("PIL.Image"), png[:4] == b"\\x89PNG")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["False False 1", "True NotoNaskhArabic-Regular True", "True True"]
