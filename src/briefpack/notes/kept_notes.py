"""The text of each note one build made, kept for the next: a note is written out again only
when something it is made of has changed.

A note's text (Chicago's forms, :mod:`.chicago`) is made of the records of the sources it
cites (every field but where the record was read and the source's text), the passages
cited of each (locator and grade), and whether each source was cited earlier in the
document (a full note the first time, a short one after). Those, in the note's order, are
its key (:func:`note_key`); its text is kept under it as plain data
(:mod:`briefpack.document.plain_data`). The keys one build used may be taken as known by
the next (:func:`given`, :func:`remember`; the pipeline keeps them in the workspace's
cache). What is read back is untrusted: a text that is not Text and Link nodes of the
model is ignored and the note written out again.
"""

from __future__ import annotations


from ..document.model import Link, Text
from ..document.plain_data import inlines_data, inlines_from_data

_known: dict = {}  # note key -> text as plain data, from an earlier build
_given: dict | None = None  # the notes made or found by this build; None: none kept


def note_key(parts) -> tuple:
    """The key of a note citing ``parts``: (source key, its passages, cited earlier) each."""
    return tuple((key, tuple(places), earlier) for key, places, earlier in parts)


def keeping() -> bool:
    """Whether a build keeps its notes (:func:`start`)."""
    return _given is not None


def known(key: tuple) -> list | None:
    """The text kept under ``key`` (now given again), or None."""
    data = _known.get(key)
    if data is None or _given is None:
        return None
    try:
        text = inlines_from_data(data, (Text, Link))
    except (ValueError, TypeError, RecursionError):
        return None
    if not text:
        return None
    _given[key] = data
    return text


def give(key: tuple, text: list) -> None:
    """The note under ``key`` is ``text``."""
    if _given is not None:
        _given[key] = inlines_data(text)


def start(keep: bool) -> None:
    """A build starts: with ``keep`` it gives the notes it makes or finds (:func:`given`) and
    may take an earlier build's as known (:func:`remember`); without (``build --force``, or
    when the build is over), none."""
    global _given
    _known.clear()
    _given = {} if keep else None


def remember(entries) -> None:
    """Take ``entries`` (from :func:`given` of an earlier build, with the same code) as known;
    anything but a mapping of tuples to lists or tuples is ignored."""
    if isinstance(entries, dict):
        _known.update((k, v) for k, v in entries.items() if type(k) is tuple and type(v) in (list, tuple))


def given() -> dict:
    return dict(_given or {})
