"""A figure in the DOCX: the chart as a 300 dpi PNG with its alt text, the
caption "Figure N. ..." and a sources line ending with the footnote reference
of each plotted value: real Word footnote references (so Word puts the figure's notes at
the foot of its page, as it does for any other).

The chart is the Drawing the PDF draws (:mod:`..charts.kinds`), rasterised by
:mod:`..charts.png`, at the width of the text block of the output (the reference
doc's, when one is given). Its font is the reference doc's body font when that
is a shipped family (DejaVu Sans or Serif), else the house style's chart font
(the ``charts`` section of the style sheet, :mod:`..style_sheet`).
"""

from __future__ import annotations

import io

from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...document.chart_text import SOURCES
from ...document.model import Note
from ..fonts import SHIPPED_FAMILIES

_VAL = qn("w:val")
EMU_PER_PT = 12700


def reference_font(styles_element) -> str | None:
    """The shipped family named as the body font of a styles part, if any."""
    names = []
    defaults = styles_element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == "Normal":
            fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None:
                names.append(fonts.get(qn("w:ascii")))
    if defaults is not None:
        names.append(defaults.get(qn("w:ascii")))
    for name in names:
        key = (name or "").replace(" ", "")
        if key in SHIPPED_FAMILIES:
            return key
    return None


class DocxFigures:
    """Writes Figure blocks for one DOCX writer (its body, styles, notes)."""

    def __init__(self, writer, pdf_style=None):
        from ..charts.style import chart_family, chart_settings, chart_style

        self.writer = writer
        settings = chart_settings(pdf_style)
        family = chart_family(reference_font(writer.docx.styles.element) or settings["font"])
        self.style = chart_style(settings, family, writer.width / 20.0, writer.direction)

    def write(self, block) -> None:
        from ..charts.kinds import draw_figure
        from ..charts.png import drawing_to_png

        w = self.writer
        drawing = draw_figure(block, self.style)
        png, _ = drawing_to_png(drawing)
        inline = w.part.new_pic_inline(io.BytesIO(png), int(drawing.width * EMU_PER_PT),
                                       int(drawing.height * EMU_PER_PT))
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("name", f"Figure {block.number}")
        doc_pr.set("descr", w.clean(block.alt))
        p = w._new_p()
        ppr = SubElement(p, qn("w:pPr"))
        SubElement(ppr, qn("w:keepNext"))
        SubElement(ppr, qn("w:spacing"), {qn("w:before"): "120", qn("w:after"): "60"})
        SubElement(ppr, qn("w:jc"), {_VAL: "center"})
        SubElement(SubElement(p, qn("w:r")), qn("w:drawing")).append(inline)
        caption = w._new_p(w.styles["caption"])
        if block.keep_together:  # the caption stays with its sources line
            SubElement(caption.find(qn("w:pPr")), qn("w:keepNext"))
        w._text(caption, f"Figure {block.number}. ", True, False)
        w.inlines(caption, block.caption)
        self.sources(block)

    def sources(self, block) -> None:
        """The sources line: a sentence, then each plotted value's footnote
        reference, in the order of the points, separated by raised commas."""
        w = self.writer
        notes = [n for point in block.points for n in point.note if isinstance(n, Note)]
        if not notes:
            return
        p = w._new_p(w.styles["small"])
        w._text(p, SOURCES, False, False)
        for i, note in enumerate(notes):
            if i:
                w._text(p, ", ", False, False)
                rpr = p[-1].makeelement(qn("w:rPr"), {})
                SubElement(rpr, qn("w:vertAlign"), {_VAL: "superscript"})
                p[-1].insert(0, rpr)
            w.note(p, note)


def estimated_height(block) -> float:
    """A figure's height in points with its caption and sources line, for the
    contents' page estimates (its kind's reckoning: the chart is not drawn yet)."""
    from ..charts.kinds import chart_kind

    base, per_point = chart_kind(block).rough_height
    return base + per_point * len(block.points) + 40.0
