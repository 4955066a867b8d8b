"""Abbreviations and names in the desk's text (Chicago 10.3): each abbreviation spelled
out at its first use in a document and used alone after; one name per group.

What an abbreviation stands for comes from the vocabulary: its ``abbreviations:``
(empty for one readers know, never spelled out) and every value's ``abbreviation``,
which stands for the value's label. ``briefpack check`` warns, at its line, on an
abbreviation in a brief's analyst text that the vocabulary does not give, and on a
group named by one of its aliases ("ISIS" where the vocabulary's name is "IS").
Text inside quotation marks is a source's words: never changed, never checked.
"""

from __future__ import annotations

import re

from ..errors import Problem
from .typography import map_unquoted

# An abbreviation: two or more capitals, perhaps with digits and hyphens ("KNB", "IS-K", "G7").
TOKEN = re.compile(r"(?<![\w@&-])[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+)*(?![\w&-]|-\w)")
GROUP_FACET = "group"


def abbreviation_table(vocabulary) -> dict[str, str]:
    """Abbreviation -> what it stands for ("" for one readers know)."""
    table: dict[str, str] = {}
    for facet in vocabulary.facets.values():
        for term in facet.values.values():
            if term.abbreviation and term.abbreviation != term.label:
                table[term.abbreviation] = term.label
    table.update(getattr(vocabulary, "abbreviations", {}) or {})
    return table


def is_abbreviation(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2


class FirstUse:
    """Spells out each abbreviation at its first use in one document's text (paragraphs,
    lists and table cells, in order), and uses it alone after: "Islamic Movement of
    Uzbekistan (IMU)" where it is first met, "IMU" for a later "Islamic Movement of
    Uzbekistan (IMU)". Any "(IMU)" the desk wrote counts as spelling it out."""

    def __init__(self, table: dict[str, str]):
        self.table = {k: v for k, v in table.items() if v}
        self.done: set[str] = set()
        self.full = {f"{v} ({k})": k for k, v in self.table.items()}
        forms = sorted(self.full, key=len, reverse=True)
        names = sorted(self.table, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<![\w-])(?P<full>" + "|".join(map(re.escape, forms)) + r")"
            r"|(?<![\w@&-])(?P<abbreviation>" + "|".join(map(re.escape, names)) + r")(?![\w&]|-\w)") \
            if names else None

    def blocks(self, blocks: list) -> list:
        from ..document.model import BulletList, Paragraph, Table
        from ..document.walk import map_inlines

        if self.pattern is None:
            return blocks
        return [map_inlines(b, self.inlines) if isinstance(b, (Paragraph, BulletList, Table)) else b
                for b in blocks]

    def inlines(self, content: list) -> list:
        return map_unquoted(content, lambda text, node: [(self.text(text), node.italic)])

    def text(self, text: str) -> str:
        out, last = [], 0
        for match in self.pattern.finditer(text):
            full = match.group("full")
            abbreviation = self.full[full] if full else match.group("abbreviation")
            if abbreviation not in self.done:
                self.done.add(abbreviation)
                before, after = text[: match.start()], text[match.end():]
                if full or before.endswith("(") and after.startswith(")"):
                    continue  # spelled out as it stands: "Full Name (ABBR)", or the desk's own "(ABBR)"
                bracket = "[]" if before.count("(") > before.count(")") else "()"  # within parentheses (6.101)
                shown = f"{self.table[abbreviation]} {bracket[0]}{abbreviation}{bracket[1]}"
            elif full:
                shown = abbreviation  # already spelled out: the abbreviation alone
            else:
                continue
            out.append(text[last: match.start()] + shown)
            last = match.end()
        return "".join(out) + text[last:]


def _desk_words(text: str) -> str:
    """Analyst Markdown as words to check: citations, marks and quotations blanked
    (kept the same length, so offsets still give lines)."""
    text = re.sub(r"\[@[^\]]*\]|\[method\]", lambda m: " " * len(m.group(0)), text)
    return re.sub(r"[“\"][^”\"\n]*[”\"]", lambda m: " " * len(m.group(0)), text)


def group_names(vocabulary) -> tuple[dict[str, str], re.Pattern | None]:
    """Every name of a group (value, label, abbreviation, alias) -> the group's own name
    ("" for the group's own names), and a pattern finding them, longest first."""
    facet = vocabulary.facets.get(GROUP_FACET)
    names: dict[str, str] = {}
    for term in (facet.values.values() if facet else ()):
        own = f"{term.label} ({term.abbreviation})" if term.abbreviation and term.abbreviation != term.label \
            else term.label
        for name in (term.label, term.abbreviation, term.value):
            if name:
                names[name] = ""
        for alias in term.aliases:
            names.setdefault(alias, own)
    if not names:
        return names, None
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(name).replace("\\ ", r"\s+") for name in ordered)  # a name may wrap
    return names, re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w]|-\w)")


def name_findings(brief, vocabulary, path) -> list[Problem]:
    """Warnings on a brief's analyst text: abbreviations the vocabulary does not give,
    groups named by an alias; each at its line."""
    from .analyst_lint import analyst_texts

    table = abbreviation_table(vocabulary)
    names, pattern = group_names(vocabulary)
    found: list[Problem] = []
    for key, text, _ in analyst_texts(brief):
        words = _desk_words(text)
        taken = []
        for match in pattern.finditer(words) if pattern else ():
            taken.append(range(match.start(), match.end()))
            own = names.get(" ".join(match.group(1).split()), "")
            if own:
                found.append(Problem(path, brief.line_of(key, text[: match.start()]),
                                     f"'{match.group(1)}' names the group {own}: use one name per group "
                                     "(the vocabulary's label or abbreviation)", "warning"))
        for match in TOKEN.finditer(words):
            token = match.group(0)
            if not is_abbreviation(token) or token in table or any(match.start() in r for r in taken):
                continue
            found.append(Problem(path, brief.line_of(key, text[: match.start()]),
                                 f"abbreviation '{token}' is not defined: give it with what it stands for "
                                 "under abbreviations: in the vocabulary (spelled out at its first use)",
                                 "warning"))
    return found


def house_styled(blocks: list, library, style: str) -> list:
    """A composed document's blocks finished as the house style wants: abbreviations
    spelled out at their first use, then quotation marks, dates, spelling and
    publication names (``typography.styled_blocks``)."""
    from .typography import publication_names, styled_blocks

    blocks = FirstUse(abbreviation_table(library.vocabulary)).blocks(blocks)
    return styled_blocks(blocks, style, publication_names(library))
