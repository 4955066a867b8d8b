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
- each run of a script font is drawn inside a marked-content span whose
  ``/ActualText`` is the run's characters in logical order, so that copying,
  searching and text extraction give the text as written, not glyph ids or
  presentation forms.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord, shapeFragWord
from reportlab.platypus import paragraph as rl_paragraph

SPAN, SPAN_END = "bpSpan", "bpSpanEnd"  # <onDraw> names around a run of a script font
SHAPED_FONTS: set[str] = set()  # registered fonts whose runs are shaped
RTL_FONTS: set[str] = set()  # ... of which right-to-left


def span_label(text: str, rtl: bool) -> str:
    """``text`` as the hex label of a span's ``<onDraw>``: UTF-16BE, as /ActualText takes it.

    A right-to-left run's text is given in the order its glyphs stand on the line
    (reversed): readers extract a line's characters left to right and then apply the
    bidirectional algorithm, which puts such a run back in logical order."""
    return (text[::-1] if rtl else text).encode("utf-16-be").hex().upper()


# ---------------------------------------------------------------- shaping, run by run
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
        run_width = sum(stringWidth(s, font, size) for _, s in run)
        if font in SHAPED_FONTS:
            shaped = shapeFragWord([run_width, *run], force=True)
            run_width = shaped[0]
            out.extend(shaped[1:])
        else:
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
    tx = canv._curr_tx_info["tx"]
    tx._code.append(f"/Span <</ActualText <FEFF{label}>>> BDC")


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
    """The frags of a line (logical order) rearranged for drawing left to right."""
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
    out = []
    for k in order:
        atom = atoms[k]
        if levels[k] % 2 and dirs[k] is None:
            atom = _right_to_left(atom)
        out.extend(atom)
    return out


def _whole_spans(lines) -> list[list]:
    """Each line's frags, a span's opening marker left at the end of a line (line
    breaking keeps a word's leading zero-width frags with the line before) moved to
    the start of the next, with its word."""
    out, carry = [], []
    for line in lines:
        words = carry + list(line.words)
        carry = []
        opens = [i for i, f in enumerate(words) if _callback(f) == SPAN]
        if opens and not any(_callback(f) == SPAN_END for f in words[opens[-1]:]) \
                and not any(getattr(f, "text", "") for f in words[opens[-1]:]):
            words, carry = words[:opens[-1]], words[opens[-1]:]
        out.append(words)
    if carry:
        out[-1].extend(carry)
    return out


class BidiLines:
    """Mixin for a reportlab Paragraph whose style has ``shaping`` on: its lines are put
    in visual order while it is drawn (its style's ``bidi_rtl`` says the base direction)."""

    def drawPara(self, debug=0):
        para = getattr(self, "blPara", None)
        if para is None or getattr(para, "kind", 0) != 1 or not getattr(self.style, "shaping", 0):
            return super().drawPara(debug)
        rtl = bool(getattr(self.style, "bidi_rtl", False))
        lines = para.lines
        para.lines = [line.clone(words=visual_order(words, rtl)) for line, words in zip(lines, _whole_spans(lines))]
        try:
            return super().drawPara(debug)
        finally:
            para.lines = lines
