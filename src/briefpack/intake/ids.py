"""The ids intake gives: readable Latin words whatever the script of what they are made from.

A source's id is ``author-year-title-words`` (the publisher's first word
without an author), every word transliterated to ASCII with anyascii (Arabic,
Persian, Cyrillic, Hangul, Han alike); letters with diacritics keep their base
letter and the modifier letters of Uzbek's Latin alphabet (``oʻ``, ``gʻ``) their
letter (``Oʻzbekiston``: ``ozbekiston``). Without an author, publisher or title
words, the words of the address's last part (its slug) serve, else the file's
name: never a bare ``source`` nor a number. An excerpt's id is never a source's,
nor a source's an excerpt's.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .capture import Capture

STOP = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "with", "at", "by", "from", "is",
        "are", "as", "its", "how", "what", "why", "who"}
# apostrophes and the modifier letters that mark a letter (Uzbek oʻ gʻ, Hawaiian ʻokina), dropped
_MARKS = re.compile("['`\u02bb\u02bc\u02b9\u02bf\u02be\u2018\u2019\u00b4]")
_MAX = 60


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by ``-``."""
    from anyascii import anyascii

    latin = anyascii(_MARKS.sub("", unicodedata.normalize("NFC", text)))
    return re.sub(r"[^a-z0-9]+", "-", _MARKS.sub("", latin).lower()).strip("-")


def words_of(text: str, count: int) -> list[str]:
    """The first ``count`` words of ``text`` that say something (not a, the, of...)."""
    return [w for w in slug(text).split("-") if w and w not in STOP][:count]


def source_id_for(capture: Capture, taken, file: Path | None = None) -> str:
    """The id for a new source, not ``in taken``."""
    who = capture.author[0].split()[-1] if capture.author else (capture.publisher.split() or [""])[0]
    words = words_of(capture.title, 4)
    if not re.search("[a-z]", slug(who) + "".join(words)):
        words = (words_of(_url_slug(capture.url), 5) or (words_of(file.stem, 5) if file is not None else [])
                 or [f"untitled-{capture.kind}"])
    parts = [slug(who), capture.published[:4], *words]
    base = "-".join(p for p in parts if p)[:_MAX].strip("-")
    return unique(base, taken)


def _url_slug(url: str) -> str:
    """The words of an address's last named part (``.../2024/05/tajik-recruits.html``)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    for part in reversed([p for p in unquote(path).split("/") if p]):
        part = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", part)
        if re.search(r"[^\W\d_]", part):
            return part.replace("_", " ")
    return ""


def excerpt_id_for(source_id: str, quote: str, taken, stop=STOP) -> str:
    """``<source id's first two parts>-<three words of the quote>``, not ``in taken``."""
    head = "-".join(source_id.split("-")[:2])
    words = [w for w in slug(quote).split("-") if w not in stop and len(w) > 3 and not w.isdigit()][:3]
    return unique("-".join([head, *words])[:_MAX].strip("-"), taken)


def unique(base: str, taken) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class IdsTaken:
    """Every id of the library, sources' and excerpts' alike: ``in`` asks each group."""

    def __init__(self, **groups):
        self.groups = groups  # what holds them ("source", "excerpt") -> its ids

    def __contains__(self, name: str) -> bool:
        return self.holder(name) is not None

    def holder(self, name: str) -> str | None:
        """"a source" or "an excerpt" when one has the id ``name``."""
        for kind, group in self.groups.items():
            if name in group:
                return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        return None
