"""Shaping and ordering of complex and right-to-left scripts in reportlab paragraphs.

ReportLab shapes words with HarfBuzz (``uharfbuzz``) when a paragraph style has
``shaping`` on, but it shapes a whole word with the font of its first piece and
orders right-to-left text only through ``rlbidi``, which is not installable
from the package registry and, in reportlab 5.1, only for one-font paragraphs.
So, only for paragraphs that hold a complex script (English text is neither
slowed nor changed):

- each word is shaped run by run, a run being the characters of one font, and
  only the runs set in a script font (:data:`SHAPED_FONTS`);
- each line is put in visual order when it is drawn (:mod:`.bidi`), so that line
  breaking and splitting still work on the logical order;
- each shaped run is drawn inside a marked-content span (``<onDraw>`` markers put
  around it as it is shaped, so that they travel with its word through line
  breaking and splitting) whose ``/ActualText`` gives its characters, so that
  copying, searching and text extraction give the text as written, not glyph
  ids or presentation forms (a right-to-left run's span is the whole run's, see
  :mod:`.bidi`).
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr, makeShapedFragWord, shapeFragWord
from reportlab.platypus import paragraph as rl_paragraph

from ..fonts import SHAPED_FONTS
from ..languages import main_language, other_language

SPAN, SPAN_END = "bpSpan", "bpSpanEnd"  # <onDraw> names around a run of a script font
ISOLATE, ISOLATE_END = "bpIsolate", "bpIsolateEnd"  # <onDraw> names around an isolated run (see .bidi)


def span_label(text: str) -> str:
    """``text`` as the hex label of a span's ``<onDraw>``: UTF-16BE, as /ActualText takes it."""
    return text.encode("utf-16-be").hex().upper()


# ---------------------------------------------------------------- shaping, run by run
class SpanStr(ShapedStr):
    """Shaped glyphs that remember, for ranges of them, the text they show (``spans``:
    ``(start, end, text)``), through the joins and slices of line breaking."""

    def __new__(cls, s, shapeData=None, spans=()):
        self = super().__new__(cls, s, shapeData=shapeData)
        self.spans = tuple(spans)
        return self

    def __add__(self, other):
        joined = ShapedStr.__add__(self, other)
        n = len(self)
        spans = self.spans + tuple((a + n, b + n, t) for a, b, t in getattr(other, "spans", ()))
        return SpanStr(joined, joined.__shapeData__, spans)

    def __radd__(self, other):
        joined = ShapedStr.__radd__(self, other)
        n = len(other)
        spans = tuple(getattr(other, "spans", ())) + tuple((a + n, b + n, t) for a, b, t in self.spans)
        return SpanStr(joined, joined.__shapeData__, spans)

    def __getitem__(self, i):
        part = ShapedStr.__getitem__(self, i)
        if not isinstance(i, slice) or not isinstance(part, ShapedStr):
            return part
        start, stop, _ = i.indices(len(self))
        spans = tuple((a - start, b - start, t) for a, b, t in self.spans if start <= a and b <= stop)
        return SpanStr(part, part.__shapeData__, spans)


_SHAPED: dict = {}  # (font, size, text) -> (width, glyphs, shape data): a word is shaped once


def _shape_run(run, font: str, size: float):
    """``run`` (pieces of one font) shaped: ``(width, pieces)``; a one-piece run is a
    SpanStr carrying its text."""
    if len(run) == 1:
        frag, text = run[0]
        key = (font, size, text)
        known = _SHAPED.get(key)
        if known is None:
            if len(_SHAPED) > 200_000:  # a bound for long-running processes
                _SHAPED.clear()
            shaped = shapeFragWord([stringWidth(text, font, size), *run], force=True)
            glyphs = shaped[1][1] if len(shaped) == 2 and isinstance(shaped[1][1], ShapedStr) else None
            known = _SHAPED[key] = (shaped[0], glyphs, shaped[1:] if glyphs is None else None)
        width, glyphs, pieces = known
        if glyphs is not None:
            return width, [(frag, SpanStr(glyphs, glyphs.__shapeData__, [(0, len(glyphs), text)]))]
        return width, list(pieces)
    shaped = shapeFragWord([sum(stringWidth(s, font, size) for _, s in run), *run], force=True)
    return shaped[0], list(shaped[1:])


def shape_word(word, *args, **kwargs):
    """A paragraph's word (``[width, (frag, text), ...]``) with its script-font runs shaped."""
    if isinstance(word, ShapedFragWord):
        return word
    pieces = word[1:]
    if not any(getattr(f, "fontName", None) in SHAPED_FONTS for f, _ in pieces):
        return word
    out, run, width, numeric = [], [], 0.0, False

    def flush():
        nonlocal width
        if not run:
            return
        font, size = run[0][0].fontName, run[0][0].fontSize
        if font in SHAPED_FONTS and not numeric:
            run_width, shaped = _shape_run(run, font, size)
            out.extend(shaped)
        else:
            run_width = sum(stringWidth(s, font, size) for _, s in run)
            out.extend(run)
        width += run_width
        run.clear()

    for f, s in pieces:
        if hasattr(f, "cbDefn"):
            flush()
            out.append((f, s))
            width += getattr(f, "width", 0) or 0
        else:
            for part, number in _number_parts(s) if f.fontName in SHAPED_FONTS else ((s, False),):
                if run and (run[0][0].fontName != f.fontName or run[0][0].fontSize != f.fontSize or number != numeric):
                    flush()
                run.append((f, part))
                numeric = number
    flush()
    return makeShapedFragWord(word)([width, *out])


_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,/\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*")


def _number_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is a number)``: a number in a script font is drawn as it
    stands, its digits left to right (shaped, a right-to-left run's are reversed)."""
    if not _NUMBER.search(text):
        return [(text, False)]
    out, pos = [], 0
    for match in _NUMBER.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], False))
        out.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def install() -> None:
    """Let platypus paragraphs with ``shaping`` on shape run by run (see :func:`shape_word`)."""
    if rl_paragraph.shapeFragWord is not shape_word:
        if not callable(getattr(rl_paragraph, "shapeFragWord", None)):
            raise RuntimeError("this reportlab has no shapeFragWord: shaping is not supported")
        rl_paragraph.shapeFragWord = shape_word


# ---------------------------------------------------------------- marked-content spans
def begin_span(canv, kind, label) -> None:
    """A run of a script font: its characters as written, and its language when it is
    not the document's (a screen reader's voice for it)."""
    tx = canv._curr_tx_info["tx"]
    tagger = getattr(canv, "bp_tagger", None)
    lang = ""
    if tagger is not None:
        tag = other_language(main_language(bytes.fromhex(label).decode("utf-16-be", "replace")), tagger.language)
        lang = f"/Lang ({tag}) " if tag else ""
    tx._code.append(f"/Span <<{lang}/ActualText <FEFF{label}>>> BDC")


def end_span(canv, kind, label) -> None:
    canv._curr_tx_info["tx"]._code.append("EMC")


def register_span_callbacks(canv) -> None:
    canv.setNamedCB(SPAN, begin_span)
    canv.setNamedCB(SPAN_END, end_span)
    for name in (ISOLATE, ISOLATE_END):  # consumed where lines are ordered; nothing to draw elsewhere
        canv.setNamedCB(name, _nothing)


def _nothing(canv, kind, label) -> None:
    pass


def script_style(style: ParagraphStyle, rtl: bool, document_rtl: bool = False) -> ParagraphStyle:
    """``style`` with shaping on; set right to left (aligned right) when ``rtl``;
    ``document_rtl``: the document runs right to left (how readers of its pages
    will order their lines' text)."""
    key = (id(style), rtl, document_rtl)
    derived = _SCRIPT_STYLES.get(key)
    if derived is None or derived.parent is not style:
        # spaceShrinkage off: reportlab's line breaker measures it over every piece of the
        # line for each word, and runs of several scripts make many pieces
        derived = ParagraphStyle(f"{style.name}-{'rtl' if rtl else 'shaped'}", parent=style, shaping=1,
                                 spaceShrinkage=0)
        derived.bidi_rtl, derived.bidi_document_rtl = rtl, document_rtl
        if rtl and style.alignment in (TA_LEFT, TA_JUSTIFY):
            derived.alignment = TA_RIGHT
        if rtl and not style.firstLineIndent:  # indented from the right (a list item's label stands there)
            derived.leftIndent, derived.rightIndent = style.rightIndent, style.leftIndent
        _SCRIPT_STYLES[key] = derived
    return derived


_SCRIPT_STYLES: dict = {}
