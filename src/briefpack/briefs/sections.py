"""The section types a brief may name: name -> default template, what a
section of the type must give, its default title and its default selection.

Adding a section type is one entry here plus its default template (in
``compose/templates/<name>.xml.j2``, or anywhere its entry says): the entry is
what a brief may name (``type:``), what the messages list as known, which
templates enter the fingerprints, and how the composer titles the section and
chooses its excerpts when the brief does not say.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "compose" / "templates"


@dataclass(frozen=True)
class SectionType:
    name: str
    template: Path  # the default template; the workspace's templates/<name>.xml.j2 overrides it
    needs: str = ""  # the parameter a section of this type must give ("country")
    title: str = ""  # the default title; without one, the label of the ``needs`` value
    any_tag: tuple[str, ...] = ()  # its excerpts carry one of these tags (those the vocabulary knows)


SECTION_TYPES: dict[str, SectionType] = {}


def register(section_type: SectionType) -> SectionType:
    SECTION_TYPES[section_type.name] = section_type
    return section_type


def _builtin(name: str, **fields) -> SectionType:
    return register(SectionType(name, PACKAGE_TEMPLATES / f"{name}.xml.j2", **fields))


_builtin("country_profile", needs="country")
_builtin("group_history", needs="group")
_builtin("threat_outlook", title="Threat Outlook", any_tag=("topic:outlook", "topic:drivers", "topic:indicators"))
_builtin("excerpts", needs="select", title="Excerpts")
_builtin("key_figures", title="Key Figures")


def known_section_types() -> str:
    """For messages: "country_profile, group_history, ..."."""
    return ", ".join(SECTION_TYPES)
