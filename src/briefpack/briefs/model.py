"""Brief definitions: what goes into one briefing pack.

A brief is a small YAML file in ``briefs/``::

    title: "Central Asia: jihadist threat"
    subtitle: Handout for the regional desk          # optional
    marking: TLP:CLEAR                               # TLP 2.0 label
    as_of: 2024-06-30                                # information cut-off, YYYY-MM-DD
    organization: Regional Desk                      # optional
    authors: [A. Analyst]                            # optional; a string allowed
    formats: [docx, pdf]                             # optional; names in writers/registry.py
    max_marking: TLP:AMBER                           # optional: leave out excerpts above it
    stale_after_years: 2                             # optional; flags material older than this
    house_style: us                                  # optional: us (default) or british
    for_each: {country: [KZ, KG]}                    # optional: one document per value ("*": all)
    variables: {desk: Central Asia}                  # optional: extra template variables
    bottom_line:                                     # optional; at most four bullets, [@id] cites
      - ISKP is the main threat to the region [@webber-iskp-media-outreach].
    key_judgments:                                   # optional; analyst Markdown, [@id] cites
      - ISKP has stepped up propaganda in Central Asian languages [@webber-iskp-media-outreach].
    intro: |                                         # optional; analyst Markdown
      Scope of this pack ...
    sections:
      - type: country_profile                        # a name in sections.SECTION_TYPES:
        country: KZ                                  # country_profile, group_history, threat_outlook, excerpts
        title: Kazakhstan                            # optional for the first three types
        select: "date >= 2015"                       # optional tag query, and-ed with the default
        sort: -date                                  # date, -date or credibility
        limit: 20
        template: templates/kz_profile.xml.j2        # optional, relative to the workspace
        intro: Analyst Markdown shown under the section heading.

With ``for_each``, ``bottom_line`` and ``key_judgments`` may instead map each value to its own
list (``key_judgments: {KZ: [...], KG: [...]}``); every value needs an entry.

Text fields may use the ``for_each`` and ``variables`` values as Jinja
expressions (``title: "{{ country_label }}: threat handout"``); they are rendered
by ``expansion.expand_brief`` in the same sandbox as the section templates.
Every field is described once, in ``briefs/schema.py``; ``briefs/read.py`` reads a
brief along it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefpackError, Problem
from ..writers.registry import default_formats

SORTS = ("date", "-date", "credibility")


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
    formats: list[str] = field(default_factory=default_formats)
    bottom_line: list[str] = field(default_factory=list)  # at most four cited bullets, printed first
    bottom_line_for: dict[str, list[str]] = field(default_factory=dict)  # with for_each: per value
    key_judgments: list[str] = field(default_factory=list)
    # With for_each: key judgments per value (replaces key_judgments on expansion).
    key_judgments_for: dict[str, list[str]] = field(default_factory=dict)
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    max_marking: str | None = None
    for_each: dict[str, list[str] | str] | None = None
    variables: dict = field(default_factory=dict)
    stale_after_years: int = 2
    house_style: str = "us"  # "us" or "british" (conventions.dates.HOUSE_STYLES)
    extra: dict = field(default_factory=dict)  # fields of the schema the Brief has no attribute for
    # What each key judgment states beside its text, by its key ("key_judgments.0",
    # "key_judgments.KZ.0" before expansion): estimative.Assessment.
    assessments: dict = field(default_factory=dict, compare=False)
    # Line of each field ("title", "key_judgments.0", "sections.1") for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    literal: set[str] = field(default_factory=set, compare=False)  # fields in a literal block (|)
    warnings: list[Problem] = field(default_factory=list, compare=False)

    def line_of(self, key: str, offset_text: str = "") -> int:
        """The line of field ``key``; with ``offset_text`` (the text before a
        position in that field) the line of that position where it can be known."""
        line = self.lines.get(key) or self.lines.get(key.rsplit(".", 1)[0]) or 1
        if offset_text and key in self.literal:
            line += offset_text.count("\n")
        return line

    def error(self, message: str, key: str = "", offset_text: str = "") -> BriefpackError:
        return BriefpackError(message, self.path, self.line_of(key, offset_text) if key else None)
