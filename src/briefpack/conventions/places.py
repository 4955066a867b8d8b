"""Where a text names a country as a place, and where only in passing.

"The US withdrawal let ISKP operate more freely" names the United States, but not
as a place where anything happens: the name qualifies a noun ("the US withdrawal",
"US forces", "the US-led coalition"). A list of places (the countries a group
operates in) and the country tags ``quote`` suggests count a country only where a
text names it otherwise at least once: as a location ("in Afghanistan", "into
Uzbekistan and Tajikistan"), a subject or a possessor ("Tajikistan's Kulyab region").
"""

from __future__ import annotations

import re

# Words that may follow a country's name without making it a modifier of the next word.
_FOLLOWERS = frozenset("""and or but nor in on at to into from since for with by of is are was were has have had
will would could should may might can did does do not as after before until where which who whose that then
together alone itself also itself remains remained became becomes than via through across under over near
against during within without between among toward towards""".split())
# Words before a name that make it a place: "in the United States", "into Uzbekistan".
_LOCATIVE = frozenset("""in into inside within across throughout at to from near toward towards against through
around over via out of""".split())
_NAME_GAP = re.compile(r"(?:\s*(?:,|and|or)\s*(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s*$")


def mentions(text: str, names) -> list[tuple[int, int]]:
    """(start, end) of each whole-word mention of any of ``names`` in ``text``."""
    words = sorted({n for n in names if n}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile(r"(?<![\w&-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                         + r")(?![\w&])")
    return [(m.start(), m.end()) for m in pattern.finditer(str(text))]


def in_passing(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` only qualifies the word after it ("the US
    withdrawal", "US-led"), rather than naming a place, a subject or a possessor."""
    after = text[end:]
    if re.match(r"-[^\W\d_]", after):  # "US-led", "US-backed"
        return True
    following = re.match(r"\s+([a-z]+)\b", after)
    if not following or following.group(1) in _FOLLOWERS:
        return False
    before = text[:start]
    article = re.search(r"\b(?:[Tt]he|an?)\s+$", before)
    if not article and not re.fullmatch(r"[A-Z.]{2,5}", text[start:end]):
        return False  # "Kazakhstan banned ...": a subject, not a modifier
    head = before[: article.start()] if article else before
    head = _NAME_GAP.sub("", head) if not article else head
    last = re.search(r"(\w+)\s*$", head)
    return not (last and last.group(1).lower() in _LOCATIVE)


def names_as_place(text: str, names) -> bool:
    """Whether ``text`` names the country (any of ``names``) at least once other than in
    passing; False when it does not name it at all."""
    text = str(text or "")
    return any(not in_passing(text, start, end) for start, end in mentions(text, names))


def only_in_passing(text: str, names) -> bool:
    """Whether ``text`` names the country, and every time only in passing."""
    text = str(text or "")
    found = mentions(text, names)
    return bool(found) and all(in_passing(text, start, end) for start, end in found)
