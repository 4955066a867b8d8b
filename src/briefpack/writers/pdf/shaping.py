"""Shaping and ordering of complex and right-to-left scripts in reportlab paragraphs.

ReportLab shapes words with HarfBuzz (``uharfbuzz``) when a paragraph style has
``shaping`` on, but it shapes a whole word with the font of its first piece and
orders right-to-left text only through ``rlbidi``, which is not installable
from the package registry and, in reportlab 5.1, only for one-font paragraphs.
So, only for paragraphs that hold a complex script (English text is neither
slowed nor changed):

- each word is shaped run by run, a run being the characters of one font, and
  only the runs set in a script font (:data:`SHAPED_FONTS`);
- each line is put in visual order when it is drawn (Unicode's rule L2 over
  the line's pieces: right-to-left pieces, left-to-right pieces and the
  neutral ones between them), so that line breaking and splitting still work
  on the logical order;
- each shaped run is drawn inside a marked-content span (``<onDraw>`` markers put
  around it as it is shaped, so that they travel with its word through line
  breaking and splitting) whose ``/ActualText`` gives its characters, so that
  copying, searching and text extraction give the text as written, not glyph
  ids or presentation forms.
"""

from __future__ import annotations

import re

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr, makeShapedFragWord, shapeFragWord
from reportlab.platypus import paragraph as rl_paragraph

from ..fonts import RTL_FONTS, SHAPED_FONTS
from ..languages import main_language, other_language

SPAN, SPAN_END = "bpSpan", "bpSpanEnd"  # <onDraw> names around a run of a script font


def span_label(text: str, rtl: bool) -> str:
    """``text`` as the hex label of a span's ``<onDraw>``: UTF-16BE, as /ActualText takes it.

    A right-to-left run's text is given in the order its glyphs stand on the line
    (reversed): readers extract a line's characters left to right and then apply the
    bidirectional algorithm, which puts such a run back in logical order."""
    if rtl:  # digits keep their order: they read left to right within the line
        text = "".join(reversed(_DIGITS_OR_CHAR.findall(text)))
    return text.encode("utf-16-be").hex().upper()


_DIGITS_OR_CHAR = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+|.", re.S)


# ---------------------------------------------------------------- shaping, run by run
class SpanStr(ShapedStr):
    """Shaped glyphs that remember, for ranges of them, the text they show (``spans``:
    ``(start, end, label)``), through the joins and slices of line breaking."""

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
            label = span_label(text, font in RTL_FONTS)
            return width, [(frag, SpanStr(glyphs, glyphs.__shapeData__, [(0, len(glyphs), label)]))]
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
    out, run, width = [], [], 0.0

    def flush():
        nonlocal width
        if not run:
            return
        font, size = run[0][0].fontName, run[0][0].fontSize
        if font in SHAPED_FONTS:
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
            if run and (run[0][0].fontName != f.fontName or run[0][0].fontSize != f.fontSize):
                flush()
            run.append((f, s))
    flush()
    return makeShapedFragWord(word)([width, *out])


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


# ---------------------------------------------------------------- visual order of a line
def _callback(frag):
    cb = getattr(frag, "cbDefn", None)
    return getattr(cb, "name", None) if cb is not None else None


def _pieces(words) -> list[list]:
    """The frags of a line as atoms: a span (its begin, runs, end), a word piece of
    one frag, a single space, or a zero-width frag; in logical order."""
    atoms, span = [], None
    for f in words:
        name = _callback(f)
        if name == SPAN:
            span = [f]
        elif name == SPAN_END and span is not None:
            span.append(f)
            atoms.append(span)
            span = None
        elif span is not None:
            span.append(f)
        elif name is not None or not getattr(f, "text", ""):
            atoms.append([f])
        else:
            text, start = f.text, 0
            for i, ch in enumerate(text):
                if ch == " ":
                    if i > start:
                        atoms.append([f.clone(text=text[start:i])])
                    atoms.append([f.clone(text=text[i:i + 1])])
                    start = i + 1
            if start < len(text):
                atoms.append([f.clone(text=text[start:] if start else text)])
    if span is not None:  # a span cut by a line end cannot happen (no spaces inside one)
        atoms.append(span)
    return atoms


_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))  # Bidi_Mirroring_Glyph pairs in use


def _direction(atom) -> str | None:
    """"R", "L" (letters, and digits: they read left to right), or None (neutral)."""
    for f in atom:
        if getattr(f, "fontName", None) in RTL_FONTS and getattr(f, "text", ""):
            return "R"
    for f in atom:
        text = getattr(f, "text", "")
        if text and (f.fontName in SHAPED_FONTS or any(ch.isalnum() for ch in text)):
            return "L"
    return None


def _right_to_left(atom) -> list:
    """A neutral piece set right to left: its characters reversed, brackets mirrored."""
    if len(atom) != 1 or _callback(atom[0]) is not None:
        return atom[::-1]
    f = atom[0]
    text = str(f.text)
    flipped = "".join(_MIRRORED.get(ch, ch) for ch in reversed(text))
    return [f.clone(text=flipped)] if flipped != text else atom


def visual_order(words, rtl: bool) -> list:
    """The frags of a line (logical order) rearranged for drawing left to right, each
    shaped run inside its span."""
    if not rtl and not any(getattr(f, "fontName", None) in RTL_FONTS and getattr(f, "text", "") for f in words):
        return _spanned(words)  # left to right as it stands: one span a piece
    atoms = _pieces(words)
    dirs = [_direction(a) for a in atoms]
    base = "R" if rtl else "L"
    resolved, prev = [], base
    for i, d in enumerate(dirs):  # neutrals between two strong atoms of one direction take it
        if d is None:
            nxt = next((x for x in dirs[i + 1:] if x is not None), base)
            d = prev if prev == nxt else base
        else:
            prev = d
        resolved.append(d)
    levels = [(1 if d == "R" else 2) if rtl else (1 if d == "R" else 0) for d in resolved]
    order = list(range(len(atoms)))
    for level in range(max(levels, default=0), 0, -1):  # rule L2
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    ordered = []
    for k in order:
        atom = atoms[k]
        if levels[k] % 2 and dirs[k] is None:
            atom = _right_to_left(atom)
        ordered.extend(atom)
    return _spanned(_merged(ordered))


def _merged(frags) -> list:
    """Neighbouring text frags of one style joined (fewer pieces to draw; a right-to-left
    phrase becomes one piece, its span's text in the order its words stand)."""
    out = []
    for f in frags:
        last = out[-1] if out else None
        if (last is not None and getattr(f, "text", "") and getattr(last, "text", "")
                and not hasattr(f, "cbDefn") and not hasattr(last, "cbDefn") and sameFrag(last, f)):
            out[-1] = last.clone(text=last.text + f.text)
        else:
            out.append(f)
    return out


def _spanned(words) -> list:
    """``words`` with each piece holding shaped runs inside one span, whose text is its
    runs' and the spaces between them."""
    out = []
    for f in words:
        text = getattr(f, "text", None)
        spans = getattr(text, "spans", ())
        if not spans:
            out.append(f)
            continue
        label, pos = [], 0
        for a, b, run in spans:
            label += [str(text[pos:a]).encode("utf-16-be").hex().upper(), run]
            pos = b
        label.append(str(text[pos:]).encode("utf-16-be").hex().upper())
        out.extend((_marker(f, SPAN, "".join(label)), f, _marker(f, SPAN_END)))
    return out


def _marker(frag, name: str, label=None):
    return frag.clone(cbDefn=ABag(kind="onDraw", name=name, label=label), text="")


class BidiLines:
    """Mixin for a reportlab Paragraph whose style has ``shaping`` on: its lines are put
    in visual order while it is drawn (its style's ``bidi_rtl`` says the base direction)."""

    def drawPara(self, debug=0):
        para = getattr(self, "blPara", None)
        if para is None or getattr(para, "kind", 0) != 1 or not getattr(self.style, "shaping", 0):
            return super().drawPara(debug)
        rtl = bool(getattr(self.style, "bidi_rtl", False))
        lines = para.lines
        para.lines = [line.clone(words=visual_order(line.words, rtl)) for line in lines]
        try:
            return super().drawPara(debug)
        finally:
            para.lines = lines


def script_style(style: ParagraphStyle, rtl: bool) -> ParagraphStyle:
    """``style`` with shaping on; set right to left (aligned right) when ``rtl``."""
    key = (id(style), rtl)
    derived = _SCRIPT_STYLES.get(key)
    if derived is None or derived.parent is not style:
        # spaceShrinkage off: reportlab's line breaker measures it over every piece of the
        # line for each word, and runs of several scripts make many pieces
        derived = ParagraphStyle(f"{style.name}-{'rtl' if rtl else 'shaped'}", parent=style, shaping=1,
                                 spaceShrinkage=0)
        derived.bidi_rtl = rtl
        if rtl and style.alignment in (TA_LEFT, TA_JUSTIFY):
            derived.alignment = TA_RIGHT
        _SCRIPT_STYLES[key] = derived
    return derived


_SCRIPT_STYLES: dict = {}
