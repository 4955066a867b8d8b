"""What an added file may bring into the library, checked at the door.

The rule for text is the library's (``library.textfiles``), for links the
conventions' (``conventions.links``). What the user typed (``--url``,
``--language``) or can edit (a text file, a CSL-JSON export) is refused when it
breaks them, with its place; what an extractor found in a page, a PDF or a Word
file is left out with a note saying what and where (control characters
dropped, the text otherwise verbatim; an address that is not on the web, a
language that is not a language tag or a date that is not a real one not
taken).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..conventions.links import web_url_problem
from ..errors import BriefpackError
from ..library.load import date_problem
from ..library.textfiles import NOT_TEXT, drop_not_text, not_text_message
from .capture import Capture

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def vet_name(path: Path) -> None:
    """An error when the file's name holds a character that is not text."""
    found = NOT_TEXT.search(path.name)
    if found is not None:
        what = not_text_message(found.group()).split(" is not text")[0]
        raise BriefpackError(f"the file's name holds {what}, which is not text: rename the file", path=path)


def given_url(url: str, where: str = "--url") -> str:
    """The address as given, or an error saying why it cannot be a source's link."""
    problem = web_url_problem(url)
    if problem is not None:
        raise BriefpackError(f"{where} '{shown(url)}': {problem}")
    return url


def given_language(language: str, where: str = "--language") -> str:
    """The language tag as given (e.g. en, pt-BR), or an error."""
    if not LANGUAGE_TAG.fullmatch(language):
        raise BriefpackError(f"{where} '{shown(language)}': expected a language tag such as en, ru or pt-BR")
    return language


def vet_capture(capture: Capture) -> None:
    """Drop from the capture what is not text and leave out what the library would refuse,
    each with a note."""
    dropped = []
    for number, paragraph in enumerate(capture.paragraphs, 1):
        capture.paragraphs[number - 1], n = drop_not_text(paragraph)
        if n:
            dropped.append((f"para. {number}", n))
    for name in ("title", "publisher", "published", "accessed", "url", "language"):
        value, n = drop_not_text(getattr(capture, name))
        setattr(capture, name, " ".join(value.split()))
        if n:
            dropped.append((name, n))
    authors = [drop_not_text(a) for a in capture.author]
    capture.author = [" ".join(a.split()) for a, _ in authors if a.strip()]
    if sum(n for _, n in authors):
        dropped.append(("author", sum(n for _, n in authors)))
    capture.paragraphs = [p for p in capture.paragraphs if p.strip()]
    if dropped:
        total = sum(n for _, n in dropped)
        places = ", ".join(f"{n} in {where}" for where, n in dropped[:8]) + (", ..." if len(dropped) > 8 else "")
        capture.notes.append(f"dropped {total} control character{'s' if total != 1 else ''} that are not text "
                             f"({places}); the text is otherwise as extracted")
    _leave_out_bad_metadata(capture)


def _leave_out_bad_metadata(capture: Capture) -> None:
    if capture.url and web_url_problem(capture.url):
        capture.notes.append(f"the file's address '{shown(capture.url)}' is not a web address: not taken")
        capture.url = ""
    if capture.language and not LANGUAGE_TAG.fullmatch(capture.language):
        capture.notes.append(f"the file's language '{shown(capture.language)}' is not a language tag: not taken")
        capture.language = ""
    for name in ("published", "accessed"):
        value = getattr(capture, name)
        if value and date_problem(value):
            capture.notes.append(f"the file's date '{shown(value)}' is not a real date ({date_problem(value)}): "
                                 "not taken")
            setattr(capture, name, "")


def shown(value: str, width: int = 80) -> str:
    """A value as a message quotes it: on one line, control characters escaped, at most ``width`` long."""
    value = repr(value)[1:-1] if NOT_TEXT.search(value) or "\n" in value else value
    return value if len(value) <= width else value[:width] + "…"
