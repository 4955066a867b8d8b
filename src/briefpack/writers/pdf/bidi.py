"""The visual order of a paragraph's lines, and the text readers take from them.

A paragraph runs in its document's direction; a phrase in the other direction (a Persian
title in an English note) is an isolated run, marked by the writer with ``ISOLATE`` markers
that travel with its words through line breaking. Each line is put in visual order when drawn:
Unicode's rules over the line's pieces (right-to-left pieces, left-to-right
pieces, digits and the neutral ones between them), each isolated run resolved
on its own and standing as one neutral piece in its sentence, then rule L2.

Text extraction reads a line's glyphs left to right and reorders what runs
right to left itself. So each right-to-left run of a line is drawn inside one
marked-content span whose ``/ActualText`` holds the run's text (between Unicode
isolates, RLI ... PDI) arranged so that poppler's reordering, the one
``pdftotext`` and most viewers built on poppler apply, gives it back in logical
order: punctuation, guillemets and digits in their places (:func:`read_back`).
"""

from __future__ import annotations

import functools
import itertools
import unicodedata

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import sameFrag

from ..scripts import isolated_ranges, right_to_left
from ..scripts import visual_indices as _reordered
from .shaping import ISOLATE, ISOLATE_END, SPAN, SPAN_END, span_label
from .tagging import LANG, LANG_END

RLI, PDI, RLM, LRM = "\u2067", "\u2069", "\u200f", "\u200e"


def _callback(frag):
    cb = getattr(frag, "cbDefn", None)
    return getattr(cb, "name", None) if cb is not None else None


def _logical(frag) -> str:
    """The characters a frag shows: a shaped run's text, not its glyphs."""
    text = getattr(frag, "text", "") or ""
    spans = getattr(text, "spans", ())
    if not spans:
        return str(text)
    out, pos = [], 0
    for a, b, run in spans:
        out += [str(text[pos:a]), run]
        pos = b
    out.append(str(text[pos:]))
    return "".join(out)


def _pieces(words) -> list[list]:
    """The frags of a line as atoms: a span (its begin, runs, end), a part of one frag
    (see :func:`_parts`), or a zero-width frag; in logical order."""
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
            text = f.text
            parts = [text] if getattr(text, "spans", ()) else _parts(text)  # shaped glyphs stay whole
            atoms.extend([f] if len(parts) == 1 else [f.clone(text=part)] for part in parts)
    if span is not None:  # a span cut by a line end cannot happen (no spaces inside one)
        atoms.append(span)
    return atoms


_STRONG = frozenset({"L", "R", "AL", "EN", "AN"})  # letters and digits: the rest is neutral


def _parts(text: str) -> list[str]:
    """A frag's text cut where it changes between letters or digits and the neutral
    characters (spaces, punctuation) around them, each of which the line's order
    places apart; a separator between two digits stays in its number (2024.5)."""
    kinds = []
    for i, ch in enumerate(text):
        kind = unicodedata.bidirectional(ch)
        if kind == "NSM" and kinds:
            kinds.append(kinds[-1])
        elif kind in ("CS", "ES") and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            kinds.append(True)
        else:
            kinds.append(kind in _STRONG and ch != " ")
    parts, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kinds[i] != kinds[i - 1] or text[i] == " " or text[i - 1] == " ":
            parts.append(text[start:i])
            start = i
    return parts


def _direction(text: str) -> str | None:
    """"R" or "L" (the first strong letter's), "D" (digits only), or None (neutral)."""
    digits = False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
        digits = digits or kind in ("EN", "AN")
    return "D" if digits else None


def _levels(dirs: list, isolated: list, rtl: bool) -> list[int]:
    """Each atom's embedding level (rules W2-I2, as far as a line's atoms need them):
    outside isolated runs, in the paragraph's direction; inside each, in the other."""
    base, other = ("R", "L") if rtl else ("L", "R")
    level0 = 1 if rtl else 0
    resolved = list(dirs)
    _resolve(resolved, [i for i, iso in enumerate(isolated) if not iso], base)  # an isolated run: a neutral
    i = 0
    while i < len(isolated):
        j = i
        while j < len(isolated) and isolated[j]:
            j += 1
        if j > i:
            _resolve(resolved, list(range(i, j)), other)
        i = j + 1
    levels = []
    for iso, r in zip(isolated, resolved):
        level = level0 + iso
        if r == "D":  # digits after a right-to-left letter: the even level above
            levels.append(level + 2 - level % 2)
        else:
            levels.append(level + ((r == "R") != (level % 2 == 1)))
    return levels


def _resolve(resolved: list, group: list[int], context: str) -> None:
    """The atoms ``group`` of one run in direction ``context`` resolved in place to "L",
    "R" or "D" (digits read after a right-to-left letter): digits take the letter
    before them, neutrals the direction of the strong atoms on both sides when they
    agree, else the run's."""
    prev = context
    for i in group:
        if resolved[i] == "D":
            resolved[i] = "L" if prev == "L" else "D"
        elif resolved[i] is not None:
            prev = resolved[i]
    strong = [(i, "R" if resolved[i] == "D" else resolved[i]) for i in group if resolved[i] is not None]
    prev, k = context, 0
    for i in group:
        while k < len(strong) and strong[k][0] < i:
            prev = strong[k][1]
            k += 1
        if resolved[i] is None:
            nxt = strong[k][1] if k < len(strong) else context
            resolved[i] = prev if prev == nxt else context


def _right_to_left(atom) -> list:
    """A neutral piece set right to left: its characters reversed, brackets mirrored."""
    if len(atom) != 1 or _callback(atom[0]) is not None:
        return atom[::-1]
    f = atom[0]
    text = str(f.text)
    flipped = right_to_left(text)
    return [f.clone(text=flipped)] if flipped != text else atom


def visual_order(words, rtl: bool, isolated: bool = False, document_rtl: bool = False) -> tuple[list, bool]:
    """The frags of a line (logical order) rearranged for drawing left to right, and
    whether an isolated run goes on past the line's end. ``rtl``: the paragraph's
    direction; ``isolated``: the line starts inside an isolated run."""
    if not (rtl or isolated or any(_callback(f) == ISOLATE or _direction(_logical(f)) == "R" for f in words)):
        return _spanned(words), False
    atoms, inside = [], []
    for atom in _pieces(words):
        name = _callback(atom[0]) if len(atom) == 1 else None
        if name in (ISOLATE, ISOLATE_END):
            isolated = name == ISOLATE
        if name in (ISOLATE, ISOLATE_END, LANG, LANG_END):  # a reordered line's words: no language spans
            continue
        atoms.append(atom)
        inside.append(isolated)
    texts = ["".join(_logical(f) for f in atom) for atom in atoms]
    dirs = [_direction(t) for t in texts]
    levels = _levels(dirs, inside, rtl)
    order = _reordered(levels)
    out = []  # each right-to-left run (in visual order) in its span; the rest merged
    for in_run, group in itertools.groupby(order, key=lambda k: rtl or levels[k] > 0):
        group = list(group)
        if in_run:
            out.extend(_run_span(atoms, dirs, levels, group, texts, rtl, document_rtl))
        else:
            out.extend(_spanned(_merged([f for k in group for f in atoms[k]])))
    return out, isolated


def _run_span(atoms, dirs, levels, run: list[int], texts, rtl: bool, document_rtl: bool) -> list:
    """A right-to-left run's atoms in visual order inside one span whose text is the
    run's, in the form readers turn back into logical order."""
    frags = []
    for k in run:
        atom = [f for f in atoms[k] if _callback(f) not in (SPAN, SPAN_END)]
        frags.extend(_right_to_left(atom) if levels[k] % 2 and dirs[k] is None else atom)
    logical = "".join(texts[k] for k in sorted(run))
    if not logical.strip():
        return _merged(frags)
    if not rtl:
        logical = RLI + logical + PDI
    anchor = next((f for f in frags if getattr(f, "text", "")), frags[0])
    label = span_label(read_back(logical, not document_rtl))
    return [_marker(anchor, SPAN, label), *_merged(frags), _marker(anchor, SPAN_END)]


def _merged(frags) -> list:
    """Neighbouring text frags of one style joined (fewer pieces to draw; a right-to-left
    phrase becomes one piece)."""
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
        if _callback(f) in (ISOLATE, ISOLATE_END):
            continue
        text = getattr(f, "text", None)
        if not getattr(text, "spans", ()):
            out.append(f)
            continue
        out.extend((_marker(f, SPAN, span_label(_logical(f))), f, _marker(f, SPAN_END)))
    return out


def _marker(frag, name: str, label=None):
    return frag.clone(cbDefn=ABag(kind="onDraw", name=name, label=label), text="")


class BidiLines:
    """Mixin for a reportlab Paragraph whose style has ``shaping`` on: its lines are put
    in visual order while it is drawn (its style's ``bidi_rtl`` says its direction,
    ``bidi_document_rtl`` the document's)."""

    def drawPara(self, debug=0):
        para = getattr(self, "blPara", None)
        if para is None or getattr(para, "kind", 0) != 1 or not getattr(self.style, "shaping", 0):
            return super().drawPara(debug)
        rtl = bool(getattr(self.style, "bidi_rtl", False))
        document_rtl = bool(getattr(self.style, "bidi_document_rtl", False))
        lines, isolated, ordered = para.lines, getattr(self, "bp_isolated", False), []
        for line in lines:
            words, isolated = visual_order(line.words, rtl, isolated, document_rtl)
            ordered.append(line.clone(words=words))
        para.lines = ordered
        try:
            return super().drawPara(debug)
        finally:
            para.lines = lines

    def split(self, availWidth, availHeight):
        """A part after the first starts inside an isolated run when a line before it ends in one."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and getattr(parts[0], "blPara", None) is not None:
            isolated = getattr(self, "bp_isolated", False)
            for line in getattr(parts[0].blPara, "lines", ()):
                for f in getattr(line, "words", ()):
                    name = _callback(f)
                    if name in (ISOLATE, ISOLATE_END):
                        isolated = name == ISOLATE
            parts[1].bp_isolated = isolated
        return parts


@functools.cache
def script_class(cls):
    """Paragraph class ``cls`` (a heading, a list item, a caption...) with its lines put
    in visual order when drawn, for a paragraph holding a complex script."""
    return type(f"Script{cls.__name__}", (BidiLines, cls), {})


# ---------------------------------------------------------------- isolated runs in the markup
def isolation_marks(texts: list[str], base: str) -> list[list]:
    """For the pieces of one paragraph's text (running in the direction ``base``),
    where each isolated run begins and ends: ``[(offset, marker name)]`` each."""
    return [[mark for a, b in ranges for mark in ((a, ISOLATE), (b, ISOLATE_END))]
            for ranges in isolated_ranges(texts, base)]


def marked(text: str, marks, markup) -> str:
    """``text`` made markup piece by piece (``markup``), with the markers of ``marks``
    between the pieces."""
    out, pos = [], 0
    for at, name in marks:
        out += [markup(text[pos:at]), f'<onDraw name="{name}" label=""/>']
        pos = at
    out.append(markup(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------- the text readers take
def _reader_class(ch: str) -> str:
    """How poppler's reordering takes a character: "R" (it starts a right-to-left
    stretch), "S" (letters and number signs, which end one) or "N" (neutral)."""
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL", "RLE", "RLO"):
        return "R"
    if kind in ("L", "EN", "ES", "ET", "CS", "AN", "LRE", "LRO"):
        return "S"
    return "N"


def read_back(logical: str, page_ltr: bool = True) -> str:
    """``logical`` (a right-to-left run's text) arranged as the characters of the run
    seen left to right, such that a reader that reverses each right-to-left stretch
    of a line, as poppler does, gives ``logical`` back (with direction marks)."""
    classes = "".join(_reader_class(ch) for ch in logical)
    return _for_ltr_page(logical, classes) if page_ltr else _for_rtl_page(logical, classes)


def _for_ltr_page(logical: str, classes: str) -> str:
    """On a page read left to right, a stretch read right to left starts at a
    right-to-left letter and runs to the next letter or number sign (the
    characters of class "S"): each stretch of ``logical`` between two of them that
    holds a right-to-left letter is given reversed, behind a right-to-left mark
    when it does not end in such a letter; the rest is given as it is; a run ending
    right to left ends with a left-to-right mark, which ends the stretch there."""
    out, i, n, last_rtl = [], 0, len(logical), False
    while i < n:
        j = classes.find("S", i)
        j = n if j < 0 else j
        last_rtl = "R" in classes[i:j]
        if not last_rtl:  # letters and number signs, and the neutrals up to the next right-to-left letter
            j = classes.find("R", i)
            j = n if j < 0 else j
            out.append(logical[i:j])
        else:
            out.append((RLM if classes[j - 1] != "R" else "") + logical[i:j][::-1])
        i = j
    return "".join(out) + (LRM if last_rtl else "")


def _for_rtl_page(logical: str, classes: str) -> str:
    """On a page read right to left, the line is read from its right end: stretches
    without letters or number signs as they stand, the others (from such a
    character to the last one before the next right-to-left letter) reversed. So
    the run is ``logical`` reversed but for those stretches, each behind a
    right-to-left mark when what follows it does not start with such a letter."""
    pieces, i, n = [], 0, len(logical)
    while i < n:
        if classes[i] == "S":
            j = classes.find("R", i)
            j = n if j < 0 else j
            j = max(k for k in range(i, j) if classes[k] == "S") + 1
            mark = RLM if j < n and classes[j] != "R" else ""
            pieces.append(logical[i:j][::-1] + mark)
        else:
            j = classes.find("S", i)
            j = n if j < 0 else j
            pieces.append(logical[i:j])
        i = j
    return "".join(pieces)[::-1]
