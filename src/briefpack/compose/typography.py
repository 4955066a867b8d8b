"""Typography of the desk's own text and of the text the templates generate.

Straight quotation marks and apostrophes made typographic (“ ” ‘ ’) in what the
desk writes (summaries, notes, analyst text, titles), never in quotations from
sources, which keep the source's own characters. Then the brief's house style
over the whole document (:func:`styled_blocks`): quotation marks and the
punctuation beside them, full dates, American spelling (US), publication names
in italics; a block quotation, and whatever stands inside quotation marks, is a
source's words and keeps its dates, spelling and names. Helpers the default
templates join desk text with (:func:`clause`, :func:`joined`, :func:`dangles`).
"""

from __future__ import annotations

import functools
import re

# An opening mark follows the start, white space, an opening bracket or dash, or another opening mark.
_OPENS_AFTER = r"(^|[\s(\[{—–\-/“‘])"
_DOUBLE_OPEN = re.compile(_OPENS_AFTER + '"')
_SINGLE_OPEN = re.compile(_OPENS_AFTER + "'(?=\\w)")


def smart_quotes(text: str) -> str:
    """``"great jihad"`` -> ``“great jihad”``; ``Tajikistan's`` -> ``Tajikistan’s``;
    ``'Kafiristan'`` -> ``‘Kafiristan’``; ``the '90s`` -> ``the ’90s``."""
    if "'" not in text and '"' not in text:
        return text
    text = _DOUBLE_OPEN.sub(lambda m: m.group(1) + "“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|\s)'(?=\d\ds?\b)", lambda m: m.group(1) + "’", text)  # elided century
    text = _SINGLE_OPEN.sub(lambda m: m.group(1) + "‘", text)
    return text.replace("'", "’")


def smart_inlines(content: list) -> list:
    """The Text nodes of ``content`` with typographic quotes (notes' own content too)."""
    from dataclasses import replace

    from ..document.model import Note, Text

    out = []
    for node in content:
        if isinstance(node, Text):
            node = replace(node, text=smart_quotes(node.text))
        elif isinstance(node, Note):
            node = replace(node, content=tuple(smart_inlines(list(node.content))))
        out.append(node)
    return out


def smart_blocks(blocks: list) -> list:
    """Blocks of desk text (analyst Markdown) with typographic quotes; a block
    quotation is left as written."""
    from ..document.model import BulletList, Heading, Paragraph
    from ..document.walk import map_inlines

    return [map_inlines(b, smart_inlines) if isinstance(b, (Heading, Paragraph, BulletList)) else b for b in blocks]


# ------------------------------------------------------------------ the house style
# US (the default): periods and commas inside closing quotation marks, colons and
# semicolons outside (Chicago 6.9-6.10), month-day-year dates, American spelling of
# the words the desk's text is known to use. British: single quotation marks (double
# within), punctuation outside unless the quotation is a sentence of its own,
# day-month-year dates. Publication names are italic in both.
_CLOSE_FOR = {"\u201c": "\u201d", "\u2018": "\u2019"}
_SPELLING = re.compile(
    r"\b(organ|recogn|radical|mobil|destabil|legitim|character|critic|real|util|special|normal|neutral|stabil|"
    r"prioriti|categor|apolog|author|militar|politic|secular|modern|capital|summar|sympath|jeopard|minim|maxim|"
    r"coloni|final|ideal|public|central|synchron|global|international)is(e|es|ed|ing|ation|ations|ational)\b")
_SPELLING_WORDS = {"labour": "labor", "defence": "defense",
                   "favour": "favor", "behaviour": "behavior", "colour": "color", "neighbouring": "neighboring",
                   "neighbours": "neighbors", "neighbour": "neighbor", "honour": "honor", "rumours": "rumors",
                   "rumour": "rumor", "centre": "center", "centres": "centers", "programme": "program",
                   "programmes": "programs", "travelled": "traveled", "travelling": "traveling",
                   "judgement": "judgment", "judgements": "judgments", "enrolment": "enrollment",
                   "towards": "toward", "whilst": "while", "amongst": "among"}
_WORDS = re.compile(r"\b(" + "|".join(_SPELLING_WORDS) + r")\b")


# What every word the two patterns change holds: most text has none, and is not searched further.
_MAY_SPELL = re.compile("is[eia]")  # -ise, -ising, -isation
SPELLING_PARTS = ("our", "centre", "programme", "travell", "judgement", "enrolment", "towards", "whilst",
                  "amongst", "defence")


def american(text: str) -> str:
    """``organisation`` -> ``organization``, ``labour`` -> ``labor``: the desk's own words
    in American spelling (never a source's quotation, nor a name: lower-case words only)."""
    if _MAY_SPELL.search(text):
        text = _SPELLING.sub(lambda m: m.group(1) + "iz" + m.group(2), text)
    if _has_spelling_part(text):
        text = _WORDS.sub(lambda m: _SPELLING_WORDS[m.group(1)], text)
    return text


def _has_spelling_part(text: str) -> bool:
    return any(part in text for part in SPELLING_PARTS)


def may_respell(text: str) -> bool:
    """Whether :func:`american` could change anything in ``text`` (a quick look)."""
    return bool(_MAY_SPELL.search(text)) or _has_spelling_part(text)


def is_british(style: str) -> bool:
    return style == "british"


_MARKS = re.compile("[\u201c\u201d\u2018\u2019]")


def quote_marks(content: list) -> list:
    """For each Text node of ``content`` (None for other nodes), its quotation marks
    as (index, role, depth): role "open" or "close", depth 1 for the outer quotation.
    A ’ closes a ‘ only where no letter follows (else it is an apostrophe)."""
    from ..document.model import Text

    stack: list[str] = []
    out = []
    for node in content:
        if not isinstance(node, Text):
            out.append(None)
            continue
        marks, text = [], node.text
        for found in _MARKS.finditer(text):  # only the marks: most text has none
            i, ch = found.start(), found.group()
            if ch in _CLOSE_FOR:
                stack.append(ch)
                marks.append((i, "open", len(stack)))
            elif ch in "\u201d\u2019" and stack and _CLOSE_FOR[stack[-1]] == ch:
                if ch == "\u2019" and i + 1 < len(text) and text[i + 1].isalpha():
                    continue  # an apostrophe within a quotation: Tajikistan’s
                marks.append((i, "close", len(stack)))
                stack.pop()
        out.append(marks)
    return out


def quoted_spans(content: list):
    """For each Text node of ``content`` (None for other nodes), its pieces as (text,
    quoted), quoted when inside “…” or ‘…’ (a source's words, left alone)."""
    out = []
    inside = False
    for node, marks in zip(content, quote_marks(content)):
        if marks is None:
            out.append(None)
            continue
        pieces, start, text = [], 0, node.text
        for i, role, depth in marks:
            if depth != 1:
                continue
            if role == "open" and i > start:
                pieces.append((text[start:i], inside))
                start = i
            inside = role == "open"
            if role == "close":
                pieces.append((text[start:i + 1], True))
                start = i + 1
        if start < len(text):
            pieces.append((text[start:], inside))
        out.append(pieces)
    return out


def styled_quotes(content: list, style: str) -> list:
    """``content`` with its quotation marks in the house style: US, double marks outside
    and single within, a period or comma after a closing mark moved inside it (also
    from the Text after a note); British, single marks outside and double within, a
    comma inside a closing mark moved out, and a period too unless the quotation is a
    sentence of its own."""
    from dataclasses import replace as copied

    from ..document.model import Cite, Note, Text

    marks = quote_marks(content)
    if not any(marks):
        return list(content)
    texts = [list(n.text) if isinstance(n, Text) else None for n in content]
    for chars, found in zip(texts, marks):
        if chars is None:
            continue
        opened = {}
        for i, role, depth in found:
            if role == "open":
                opened[depth] = i
                continue
            if is_british(style):
                quoted = "".join(chars[opened.get(depth, 0) + 1:i])
                if i > 0 and (chars[i - 1] == "," or chars[i - 1] == "." and not _a_sentence(quoted)):
                    chars[i - 1], chars[i] = chars[i], chars[i - 1]
                    i -= 1
            elif i + 1 < len(chars) and chars[i + 1] in ".,":
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
                i += 1
            chars[i] = "\u2019\u201d"[(depth % 2) ^ is_british(style)]  # US: double outside, British: single
        for i, role, depth in found:
            if role == "open":
                chars[i] = "\u2018\u201c"[(depth % 2) ^ is_british(style)]
    if not is_british(style):  # "“word”[note]." -> "“word.”[note]"
        for n, chars in enumerate(texts):
            if not chars or chars[-1] not in "\u201d\u2019" or not marks[n] or marks[n][-1][0] != len(chars) - 1:
                continue
            m = n + 1
            while m < len(content) and isinstance(content[m], (Cite, Note)):
                m += 1
            if m > n + 1 and m < len(content) and texts[m] and texts[m][0] in ".,":
                chars.insert(len(chars) - 1, texts[m].pop(0))
    return [copied(node, text="".join(chars)) if chars is not None else node for node, chars in zip(content, texts)]


def _a_sentence(quoted: str) -> bool:
    """A quotation that is a sentence of its own (its closing punctuation belongs to it)."""
    words = quoted.split()
    return len(words) >= 4 and quoted[:1].isupper()


def map_unquoted(content: list, change) -> list:
    """``content`` with the unquoted pieces of its Text nodes replaced by
    ``change(text, node)``, which gives a list of (text, italic) runs."""
    from ..document.model import Text

    out = []
    for node, pieces in zip(content, quoted_spans(content)):
        if pieces is None:
            out.append(node)
            continue
        if not any(quoted for _, quoted in pieces) and len(pieces) == 1:
            runs = change(pieces[0][0], node)
        else:
            runs = [run for text, quoted in pieces for run in ([(text, node.italic)] if quoted else change(text, node))]
        out += _merged([Text(t, bold=node.bold, italic=italic) for t, italic in runs if t]) or [node]
    return out


def _merged(content: list) -> list:
    from ..document.model import Text

    out: list = []
    for node in content:
        if (out and isinstance(node, Text) and isinstance(out[-1], Text)
                and (out[-1].bold, out[-1].italic) == (node.bold, node.italic)):
            out[-1] = Text(out[-1].text + node.text, bold=node.bold, italic=node.italic)
        else:
            out.append(node)
    return out


# What a full date the house style reorders holds: "30 June" (US), "June 30" (British).
_DATE_HINT = {False: re.compile(r"\d [JFMASOND]"), True: re.compile(r"[a-z] \d")}


@functools.lru_cache(maxsize=8)
def _names_hint(names: tuple) -> re.Pattern:
    """Where any of ``names`` stands, as a word or not: a quick look (a pattern that opens
    with a look behind is tried at every character)."""
    return re.compile("|".join(re.escape(n) for n in names))


@functools.lru_cache(maxsize=8)
def _names_pattern(names: tuple) -> re.Pattern:
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                      + r")(?![\w-])")


def italic_names(text: str, names) -> list[tuple[str, bool]]:
    """``text`` as runs, the publication ``names`` in it italic."""
    if not names:
        return [(text, False)]
    pattern = _names_pattern(tuple(names))
    runs, last = [], 0
    for match in pattern.finditer(text):
        runs += [(text[last:match.start()], False), (match.group(0), True)]
        last = match.end()
    return runs + [(text[last:], False)]


def styled_blocks(blocks: list, style: str, publications=(), notes: bool = False) -> list:
    """The document's text in the house style (``style``: "us" or "british"): quotation
    marks and the punctuation beside them, full dates, American spelling (US), and
    the names of ``publications`` in italics. Block quotations (a source's words) and
    whatever stands inside quotation marks keep their own dates, spelling and names.
    With ``notes``, the notes' text too (a finished document's, for the British style)."""
    from dataclasses import replace

    from ..conventions.dates import restyle_dates
    from ..document.model import Figure, Note, Quote
    from ..document.walk import map_inlines
    from .unchanged_text import plain_check

    may_date, may_spell = _DATE_HINT[is_british(style)], not is_british(style)
    names = _names_pattern(tuple(publications)) if publications else None
    hint = _names_hint(tuple(publications)) if publications else None
    plain = plain_check(style, tuple(publications),  # (most text: nothing to change)
                        lambda text: _MARKS.search(text) or may_date.search(text) or may_spell and may_respell(text),
                        (lambda text: hint.search(text) and names.search(text)) if names else None)

    def runs(text: str, node) -> list:
        if may_date.search(text):
            text = restyle_dates(text, style)
        if not is_british(style):
            text = american(text)
        return [(text, True)] if node.italic else italic_names(text, publications)

    def change(content: list) -> list:
        if plain(content):
            return content
        return styled_quotes(map_unquoted(content, runs), style)

    def in_notes(content: list) -> list:
        if not any(isinstance(n, Note) for n in content):
            return content
        return [replace(n, content=tuple(change(list(n.content)))) if isinstance(n, Note) else n for n in content]

    out = []
    for block in blocks:
        if notes:
            block = map_inlines(block, in_notes)
        block = block if isinstance(block, Quote) else map_inlines(block, change)
        if isinstance(block, Figure):  # a chart's labels and alt text give dates too
            block = replace(block, alt=restyle_dates(block.alt, style),
                            points=[replace(p, label=restyle_dates(p.label, style)) for p in block.points])
        out.append(block)
    return out


def publication_names(library) -> list[str]:
    """The publishers of the library's sources that are publications (set in italics)."""
    return sorted({s.publisher.strip() for s in library.sources.values()
                   if s.publisher and s.publisher.strip() and getattr(s, "publisher_type", "") == "publication"})


_COMMON_OPENINGS = {"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "Some", "Most", "Only",
                    "No", "One", "Two", "Each", "Every", "Both", "All", "Figures", "Estimates", "Killed",
                    "Includes", "Including", "Counts", "Counted", "Excludes", "As", "Not", "Probably", "Possibly"}
_BACK_REFERENCE = re.compile(r"^\W*(These|This|Those|That|It|They|Their|Its|Such|He|She|His|Her)\b")


def clause(text) -> str:
    """Desk text joined to what precedes by a semicolon: its first word in lower case
    when it is a common word ("The source says" -> "the source says"), never a name."""
    text = str(text or "").strip()
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in _COMMON_OPENINGS else text


_CLOSING = re.compile(r"([.;:,])((?:\s*<cite [^<>]*/>)*)\s*$")  # an item's last mark, before its cites
_SHORT_FORMS = {"al", "etc", "jr", "sr", "st", "co", "inc", "no", "vs", "e.g", "i.e", "ca", "cf"}


def _closing(item: str) -> str:
    """``item`` without its closing mark, unless the period closes an abbreviation ("U.S.")."""
    match = _CLOSING.search(item)
    if not match:
        return item
    words = item[: match.start()].split()
    word = words[-1].lstrip("(“‘\"'") if words else ""
    if match.group(1) == "." and ("." in word or len(word) == 1 or word.lower() in _SHORT_FORMS):
        return item
    return item[: match.start()] + match.group(2)


def joined(parts, separator: str = "; "):
    """List items (template output, cites included) joined into one run of text by
    ``separator``: an item's closing period (or semicolon, colon) gives way to it, never
    ".;" nor ";;"; an item after it opens in lower case when it opens with a common
    word ("; an unattributed paper stated ..."). Blank items are left out."""
    from markupsafe import Markup, escape

    items = [str(escape(p)).strip() for p in parts if str(p).strip()]  # markup, as plain strings
    out = []
    for i, item in enumerate(items):
        if i < len(items) - 1:
            item = _closing(item)
        if i and not item.startswith("<"):
            item = clause(item)
        out.append(item)
    return Markup(str(escape(separator)).join(out))


def dangles(text) -> bool:
    """Whether a quotation opens by pointing back to what it does not print ("These
    arrests took place ...": which arrests?), so that a list should give its summary."""
    return bool(_BACK_REFERENCE.match(str(text or "")))
