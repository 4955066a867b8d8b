"""Chicago headline-style titles (CMOS 8.159) and the short titles of later notes.

Headline style is for English titles only; a title in another language keeps
its capitalization as written (CMOS 11.6: sentence style, as the source gives
it). Words with capitals after their first letter (ISIS, ISKP, al-Qaeda) and
words that do not begin with a letter (&amp;, [@a-media], 9/11) are kept as
they are; straight quotes are made curly and double quotes inside a title
single, since the title itself is set in double quotes.
"""

from __future__ import annotations

import functools
import re

ARTICLES = {"a", "an", "the"}
CONJUNCTIONS = {"and", "but", "for", "or", "nor"}
PREPOSITIONS = {
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as",
    "at", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond",
    "by", "despite", "during", "except", "from", "in", "inside", "into", "near", "of", "on",
    "onto", "outside", "over", "per", "through", "throughout", "to", "toward", "towards",
    "under", "underneath", "unlike", "unto", "upon", "v", "versus", "via", "vs", "with",
    "within", "without",
}
MINOR = ARTICLES | CONJUNCTIONS | PREPOSITIONS
DASHES = {"-", "–", "—", "--"}

_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_OPENING = "\"'“‘(["  # what may come before a word's first letter


def is_english(language: str | None) -> bool:
    """True for English (``en``, ``en-GB``, ...) or no language given."""
    code = (language or "en").strip().lower().replace("_", "-")
    return code in ("en", "eng", "english") or code.startswith("en-")


def _has_inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _cap_part(part: str, lower: bool) -> str:
    """One word or one part of a hyphenated compound."""
    if not part or _has_inner_capital(part) or not part[0].isalpha():
        return part  # ISIS, ISKP, ISIS's, iPhone, McDonald, 9/11: as they are
    if lower:
        return part.lower()
    return part[0].upper() + part[1:]


def _cap_word(token: str, edge: bool) -> str:
    if not token.lstrip(_OPENING)[:1].isalpha():
        return token  # &amp;, [@a-media], 9/11, #tag: as they are
    lead, core, trail = _WORD.match(token).groups()
    if core[:1].islower() and _has_inner_capital(core):
        return token  # al-Qaeda, iPhone, eBay: as they are
    parts = core.split("-")
    if len(parts) == 1:
        return lead + _cap_part(core, core.lower().rstrip(".") in MINOR and not edge) + trail
    out = []
    # a hyphenated compound: each part capitalised but minor words inside it
    # (Over-the-Counter, Islamic State-Khorasan)
    for i, part in enumerate(parts):
        inside = 0 < i < len(parts) - 1
        out.append(_cap_part(part, inside and part.lower() in MINOR))
    return lead + "-".join(out) + trail


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _ends_segment(token: str) -> bool:
    return token in DASHES or token.rstrip("\"'”’)").endswith((":", "?", "!"))


def headline_case(title: str) -> str:
    """Chicago headline-style capitalization (CMOS 8.159).

    Capitalise every word but articles, prepositions and the conjunctions
    and/but/for/or/nor, which stay lower case unless first or last in the
    title or in a subtitle (after a colon, question mark or spaced dash).
    Words with capitals after their first letter (ISIS, ISKP, US, ISIS's,
    al-Qaeda) are kept as they are; each part of a hyphenated compound is
    treated as a word. Dashes and spacing are kept.
    """
    tokens = re.split(r"(\s+)", title.strip())
    words = [i for i, t in enumerate(tokens) if _is_word(t)]
    edges = set(words[:1] + words[-1:])
    for prev, nxt in zip(words, words[1:]):
        if _ends_segment(tokens[prev]) or any(t in DASHES for t in tokens[prev + 1 : nxt]):
            edges.update((prev, nxt))
    return "".join(_cap_word(t, i in edges) if _is_word(t) else t for i, t in enumerate(tokens))


def smart_quotes(title: str) -> str:
    """Straight quotes made curly; double quotes made single (the title itself
    is set in double quotes)."""
    title = title.replace("“", "‘").replace("”", "’")
    title = re.sub(r'(^|[\s(\[{‘“—–-])["\']', lambda m: m.group(1) + "‘", title)
    return title.replace('"', "’").replace("'", "’")


@functools.lru_cache(maxsize=4096)  # a source is cited many times: its title is formatted once
def format_title(title: str, language: str | None = "en") -> str:
    """The title as printed: headline case (English titles only), curly quotes, inner quotes single."""
    return smart_quotes(headline_case(title) if is_english(language) else title.strip())


@functools.lru_cache(maxsize=4096)
def short_title(title: str, language: str | None = "en") -> str:
    """At most four words of the (formatted) title.

    The main title when a subtitle follows and the main title has two words or
    more ("ISIS and Central Asia", "Exporting Jihad"); a one-word main title is
    taken for a column label ("Perspectives:") and the subtitle used instead.
    An initial A/An/The is dropped. Longer than four words: the first four,
    cut before a preposition or conjunction among them when that still leaves
    two words ("ISIS’s Resurgence", not "ISIS’s Resurgence in Central").
    Trailing colons, commas, semicolons and dashes are stripped.
    """
    tokens = format_title(title, language).split()
    split = next((i for i, t in enumerate(tokens) if _ends_segment(t)), None)
    if split is not None:
        main = tokens[: split + (0 if tokens[split] in DASHES else 1)]
        rest = tokens[split + 1 :]
        main_words = [t for t in main if _is_word(t)]
        if len(main_words) >= 2:
            tokens = main
        elif any(_is_word(t) for t in rest):
            tokens = rest
    words = [t for t in tokens if _is_word(t)]
    if len(words) > 1 and words[0].lower() in ARTICLES:
        tokens = tokens[tokens.index(words[0]) + 1 :]
    word_positions = [i for i, t in enumerate(tokens) if _is_word(t)]
    if len(word_positions) > 4:
        keep = word_positions[:4]
        cuts = [
            n for n in range(2, 4)
            if _WORD.match(tokens[keep[n]]).group(2).lower() in PREPOSITIONS | CONJUNCTIONS
        ]
        end = keep[cuts[-1] - 1] if cuts else keep[3]
        tokens = tokens[: end + 1]
    while tokens and tokens[-1] in DASHES:
        tokens.pop()
    text = " ".join(tokens)
    return text.rstrip(":,;–—- ")
