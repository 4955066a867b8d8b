"""Brief definitions: what goes into one briefing pack.

A brief is a small YAML file in ``briefs/``::

    title: "Central Asia: jihadist threat"
    subtitle: Handout for the regional desk          # optional
    marking: TLP:CLEAR                               # TLP 2.0 label
    as_of: 2024-06-30                                # information cut-off, YYYY-MM-DD
    organization: Regional Desk                      # optional
    authors: [A. Analyst]                            # optional; a string allowed
    formats: [docx, pdf]                             # optional; default both
    max_marking: TLP:AMBER                           # optional: leave out excerpts above it
    stale_after_years: 2                             # optional; flags material older than this
    for_each: {country: [KZ, KG]}                    # optional: one document per value ("*": all)
    variables: {desk: Central Asia}                  # optional: extra template variables
    key_judgments:                                   # optional; analyst Markdown, [@id] cites
      - ISKP has stepped up propaganda in Central Asian languages [@webber-iskp-media-outreach].
    intro: |                                         # optional; analyst Markdown
      Scope of this pack ...
    sections:
      - type: country_profile                        # country_profile, group_history,
        country: KZ                                  # threat_outlook, excerpts
        title: Kazakhstan                            # optional for the first three types
        select: "date >= 2015"                       # optional tag query, and-ed with the default
        sort: -date                                  # date, -date or credibility
        limit: 20
        template: templates/kz_profile.xml.j2        # optional, relative to the workspace
        intro: Analyst Markdown shown under the section heading.

With ``for_each``, ``key_judgments`` may instead map each value to its own
list (``key_judgments: {KZ: [...], KG: [...]}``); every value needs an entry.

Text fields may use the ``for_each`` and ``variables`` values as Jinja
expressions (``title: "{{ country_label }}: threat handout"``); they are rendered
by :func:`expand_brief` in the same sandbox as the section templates.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import BriefpackError, Problem

SECTION_TYPES = ("country_profile", "group_history", "threat_outlook", "excerpts")
SORTS = ("date", "-date", "credibility")
FORMATS = ("docx", "pdf")
BRIEF_KEYS = (
    "title", "subtitle", "marking", "as_of", "organization", "authors", "formats",
    "key_judgments", "intro", "sections", "max_marking", "for_each", "variables",
    "stale_after_years",
)
SECTION_KEYS = ("type", "title", "country", "group", "select", "sort", "limit", "template", "intro")
REQUIRED_PARAM = {"country_profile": "country", "group_history": "group", "excerpts": "select"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Section:
    type: str
    title: str = ""
    params: dict = field(default_factory=dict)  # country, group, select, sort, limit, template, intro
    line: int = 1
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # param -> line
    literal: set[str] = field(default_factory=set, compare=False)  # params in a literal block


@dataclass
class Brief:
    name: str
    path: Path
    title: str
    as_of: str
    marking: str = "TLP:CLEAR"
    subtitle: str = ""
    organization: str = ""
    authors: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=lambda: list(FORMATS))
    key_judgments: list[str] = field(default_factory=list)
    # With for_each: key judgments per value (replaces key_judgments on expansion).
    key_judgments_for: dict[str, list[str]] = field(default_factory=dict)
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    max_marking: str | None = None
    for_each: dict[str, list[str] | str] | None = None
    variables: dict = field(default_factory=dict)
    stale_after_years: int = 2
    # Line of each field ("title", "key_judgments.0", "sections.1") for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    literal: set[str] = field(default_factory=set, compare=False)  # fields in a literal block (|)
    warnings: list[Problem] = field(default_factory=list, compare=False)
    # The "marking raised" warnings of the last compose_document (also in warnings).
    marking_changes: list[Problem] = field(default_factory=list, compare=False)

    def line_of(self, key: str, offset_text: str = "") -> int:
        """The line of field ``key``; with ``offset_text`` (the text before a
        position in that field) the line of that position where it can be known."""
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0]) or 1
        if offset_text and key in self.literal:
            line += offset_text.count("\n")
        return line

    def error(self, message: str, key: str = "", offset_text: str = "") -> BriefpackError:
        return BriefpackError(message, self.path, self.line_of(key, offset_text) if key else None)


# ---------------------------------------------------------------- loading
def load_brief(path: Path) -> Brief:
    """Read and validate one brief; raises BriefpackError naming ``path:line``."""
    from .brief_reader import read_brief

    return read_brief(Path(path))


# ---------------------------------------------------------------- expansion
def expand_brief(brief: Brief, library) -> list[Brief]:
    """One brief per ``for_each`` combination, its text fields rendered with
    the variables ``{facet: value, facet_label: label}``. Without ``for_each``,
    a list holding one (rendered) copy of ``brief``."""
    from .templating import render_text

    combos: list[dict] = [{}]
    if brief.for_each:
        axes = []
        for facet, values in brief.for_each.items():
            axes.append([(facet, v) for v in _facet_values(brief, library, facet, values)])
        combos = [dict(combo) for combo in itertools.product(*axes)]
    out = []
    for combo in combos:
        variables = dict(brief.variables)
        suffix = ""
        for facet, value in combo.items():
            variables[facet] = value
            variables[facet + "_label"] = library.vocabulary.label(facet, value)
            suffix += "-" + _slug(value)

        def render(text, key, variables=variables):
            return render_text(text, variables, brief.path, brief.line_of(key))

        sections = []
        for i, s in enumerate(brief.sections):
            params = {
                k: render(v, f"sections.{i}.{k}") if isinstance(v, str) else v
                for k, v in s.params.items()
            }
            sections.append(replace(s, title=render(s.title, f"sections.{i}.title"), params=params,
                                    lines=dict(s.lines), literal=set(s.literal)))
        judgments = brief.key_judgments
        judgment_key = "key_judgments"
        if brief.key_judgments_for:
            value = next((v for v in combo.values() if v in brief.key_judgments_for), None)
            if value is None:
                shown = ", ".join(combo.values())
                raise BriefpackError(f"key_judgments has no entry for {shown}", brief.path,
                                     brief.line_of("key_judgments"))
            judgments = brief.key_judgments_for[value]
            judgment_key = f"key_judgments.{value}"
        lines, literal = dict(brief.lines), set(brief.literal)
        for i in range(len(judgments)):
            lines[f"key_judgments.{i}"] = brief.line_of(f"{judgment_key}.{i}")
            if f"{judgment_key}.{i}" in brief.literal:
                literal.add(f"key_judgments.{i}")
        out.append(replace(
            brief,
            name=brief.name + suffix,
            title=render(brief.title, "title"),
            subtitle=render(brief.subtitle, "subtitle"),
            key_judgments=[render(k, f"{judgment_key}.{i}") for i, k in enumerate(judgments)],
            key_judgments_for={},
            lines=lines,
            literal=literal,
            intro=render(brief.intro, "intro"),
            sections=sections,
            variables=variables,
            authors=list(brief.authors),
            formats=list(brief.formats),
            warnings=[],
            marking_changes=[],
        ))
    return out


def _facet_values(brief: Brief, library, facet: str, values) -> list[str]:
    line = brief.lines.get(f"for_each.{facet}") or brief.line_of("for_each")
    vocab = library.vocabulary.facets.get(facet)
    if values == "*":
        found = {v for e in library.excerpts.values() for v in e.tag_values(facet)}
        if not found:
            raise BriefpackError(f'for_each {facet}: "*" matches no excerpts', brief.path, line)
        return sorted(found)
    if vocab is None:
        return list(values)
    out = []
    for value in values:
        canonical = _canonical(vocab, value)
        if canonical is None:
            close = difflib.get_close_matches(value, list(vocab.values), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise BriefpackError(f"for_each {facet}: unknown value '{value}'{hint}", brief.path, line)
        if canonical not in out:
            out.append(canonical)
    return out


def _canonical(facet, value: str) -> str | None:
    if value in facet.values:
        return value
    for term in facet.values.values():
        if value.lower() in (a.lower() for a in (term.value, *term.aliases)):
            return term.value
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
