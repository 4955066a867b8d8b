"""Who said it and when: the lead-in the desk's text gives every quotation and paraphrase.

A finished product names its sources in the text ("Lucas Webber (Eurasianet) wrote in June
2024 that ..."), not only in a note, and never prints "the author" or "the article says"
without a name. The speaker is the source's author, else its publisher, else "an
unattributed paper"; the time is when the source was published (or, undated, when the desk
dates it), never the date of the event it reports. Templates reach these through the
helpers ``said_by``, ``attributed`` and ``speaker`` (``compose/helpers.py``).
"""

from __future__ import annotations

import re

from ..conventions.dates import display_date
from .dating import after_date, spoken_day

UNATTRIBUTED = "an unattributed paper"
_PUBLISHER_SHORT = re.compile(r"\(([^()]{2,15})\)\s*$")  # "Bloomsbury ... Institute (BISI)" -> "BISI"
_POSSESSIVE = re.compile(r"\b([Tt])he (?:\d{4} )?(?:author|article|paper)['\u2019]s (\w+)")
_MENTION = re.compile(r"\b([Tt])he (?:\d{4} )?(?:author|article|paper)\b(?!['\u2019]s)")
# First words of a paraphrase that are not names, so lower-cased after "... wrote that".
_NAMED_ENDINGS = ("an", "ese", "ish", "ek", "ik")
_TITLES = frozenset("President Colonel General Minister Prime Sheikh Mullah Emir King Prince Senator".split())
_PUBLICATIONS = frozenset("Economist Guardian Diplomat Times Telegraph Independent Atlantic Hill".split())
_OPENERS = frozenset("""the a an one two three four five six seven eight nine ten some several many most all both
each every other another its their his her this these those such earlier later first last in on at by for from
with without after before since during among between until up over under into across against according citing
despite although while when where as if unlike like only no not further former senior local alleged official
unofficial security reports religious experts fighters departures counting contrary drawing weakened acting
airstrikes estimates figures officials authorities analysts""".split())


def _names(source) -> list[str]:
    return [str(a).strip() for a in (source.author or ()) if str(a).strip()]


def surname(name: str) -> str:
    """ "Lucas Webber" -> "Webber"; "Webber, Lucas" -> "Webber"."""
    return name.split(",")[0].strip() if "," in name else name.split()[-1]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def publisher_name(source) -> str:
    """The publisher as the text names it: a short form given in parentheses where there is one."""
    publisher = str(source.publisher or "").strip()
    short = _PUBLISHER_SHORT.search(publisher)
    return short.group(1) if short else publisher


def speaker(excerpt, short: bool = False) -> str:
    """Who says it: "Lucas Webber (Eurasianet)" (``short``: "Webber"), the publisher, or
    "an unattributed paper"."""
    source = excerpt.source
    names, publisher = _names(source), publisher_name(source)
    if names:
        if short:
            return _and([surname(n) for n in names])
        return _and(names) + (f" ({publisher})" if publisher else "")
    return publisher or UNATTRIBUTED


def spoken_when(excerpt) -> str:
    """When the source said it, to the month: "June 2024", "April 2017", "2016" ("" unknown)."""
    day = spoken_day(excerpt)
    return display_date(day[:7]) if re.match(r"\d{4}", day) else ""


def said_by(excerpt, verb: str = "") -> str:
    """The lead-in: "Lucas Webber (Eurasianet) wrote in June 2024", "Orda reported in March
    2024", "An unattributed paper stated in April 2017"."""
    who = speaker(excerpt)
    verb = verb or ("wrote" if _names(excerpt.source) else "stated" if who == UNATTRIBUTED else "reported")
    when = spoken_when(excerpt)
    return capital(f"{who} {verb}" + (f" in {when}" if when else ""))


def said_again(excerpt) -> str:
    """The lead-in for the next item from the source just named: "Webber also wrote", "Orda
    also reported", "The same paper also stated"."""
    who = speaker(excerpt, short=True) if _names(excerpt.source) else speaker(excerpt)
    verb = "wrote" if _names(excerpt.source) else "stated" if who == UNATTRIBUTED else "reported"
    return capital(f"{'the same paper' if who == UNATTRIBUTED else who} also {verb}")


def attributed(excerpt, lead: bool = True, names=frozenset(), again: bool = False) -> str:
    """The excerpt's running text (its summary, else its quote in quotation marks) with who
    said it and when: where the summary speaks of "the author", "the article" or "the paper",
    that is replaced by the name (with the time at its first mention); otherwise, with
    ``lead``, the text follows the lead-in ("... wrote in June 2024 that ..."), or with
    ``again`` (the item before named the same source and time) the short one ("Webber also
    wrote that ...")."""
    summary = str(excerpt.summary or "").strip()
    opening = said_again(excerpt) if again else said_by(excerpt) if lead else ""
    if not summary:
        quote = str(excerpt.quote).strip()
        return f"{opening}: \u201c{quote}\u201d" if lead else f"\u201c{quote}\u201d"
    if names_author(summary):
        return name_mentions(excerpt, summary)
    if not lead:
        return summary
    from ..library.events import event_date

    summary = after_date(summary, event_date(excerpt))  # "in 2017 ..." after "wrote in April 2017 that": the date once
    return f"{opening} that {lower_first(summary, names)}"


def names_author(summary: str) -> bool:
    """Whether a summary speaks of "the author", "the article" or "the paper" (then named in place)."""
    return bool(_MENTION.search(summary) or _POSSESSIVE.search(summary))


def name_mentions(excerpt, summary: str) -> str:
    """``summary`` with its mentions of the author named: the first in full, with the time."""
    if getattr(excerpt, "source", None) is None:  # a record that names no source: nothing to name
        return summary
    who, when = speaker(excerpt), spoken_when(excerpt)
    short = speaker(excerpt, short=True) if _names(excerpt.source) else who
    first = [True]

    def possessive(match):
        if not first[0]:
            return f"{_case(match.group(1), short)}\u2019s {match.group(2)}"
        first[0] = False
        place = ", ".join(p for p in (publisher_name(excerpt.source) if _names(excerpt.source) else "", when) if p)
        name = _and(_names(excerpt.source)) if _names(excerpt.source) else who
        return f"{_case(match.group(1), name)}\u2019s {match.group(2)}" + (f" ({place})" if place else "")

    def mention(match):
        if not first[0]:
            return _case(match.group(1), short)
        first[0] = False
        if who == UNATTRIBUTED:
            return _case(match.group(1), f"{who} of {when}" if when else who)
        return _case(match.group(1), f"{who}, writing in {when}," if when else who)

    spans = sorted([(m.start(), m.end(), possessive, m) for m in _POSSESSIVE.finditer(summary)]
                   + [(m.start(), m.end(), mention, m) for m in _MENTION.finditer(summary)], key=lambda s: s[0])
    out, last = [], 0
    for start, end, replace, match in spans:
        out += [summary[last:start], replace(match)]
        last = end
    text = "".join(out + [summary[last:]])
    return re.sub(r",\s*([,.;:!?])", r"\1", text)  # "..., writing in 2016," before a comma or the end


def _case(initial: str, name: str) -> str:
    """``name`` capitalized where the mention opened a sentence ("The author")."""
    return capital(name) if initial == "T" else name


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str, names=frozenset()) -> str:
    """A paraphrase as it follows "... wrote that": its first word lower-cased unless it is
    a name: an acronym, a possessive, a people ("Tajik"), a title ("President Rahmon"), a
    publication ("The Economist"), one of ``names`` (the vocabulary's words: "Kazakhstan",
    "Central Asians"), or a capitalized word before another ("Andrei Serenko") that is not
    a common opening word ("Earlier Islamic State videos", "Two Kyrgyz leaders")."""
    match = re.match(r"([A-Z][a-z]*)\b(['\u2019]s)?(?:\s+(\S+))?", text)
    if not match or match.group(2) or match.group(1) in names or match.group(1) in _TITLES:
        return text
    word, following = match.group(1), match.group(3) or ""
    if word == "The" and following.strip(",.;:") in _PUBLICATIONS:
        return text
    if word.lower() not in _OPENERS and (following[:1].isupper() or word.lower().endswith(_NAMED_ENDINGS)):
        return text
    return word.lower() + text[len(word):]


def names_place(text: str, label: str) -> bool:
    """Whether ``text`` names the country ``label`` or its people ("Tajikistan", "Tajik")."""
    stem = label[:-5] if label.endswith("istan") else label[:-4] if label.endswith("stan") else label
    return bool(label) and re.search(r"\b(?:%s|%s)" % (re.escape(label), re.escape(stem)), str(text)) is not None
