"""Expanding a brief: one brief per ``for_each`` combination, its text fields
rendered with the ``for_each`` and ``variables`` values in the sandbox of the
section templates (see ``briefs/model.py`` for the format)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from ..briefs.model import Brief
from ..errors import BriefpackError
from ..library.naming import canonical_value, suggestion


def expand_brief(brief: Brief, library) -> list[Brief]:
    """One brief per ``for_each`` combination, its text fields rendered with
    the variables ``{facet: value, facet_label: label}``. Without ``for_each``,
    a list holding one (rendered) copy of ``brief``."""
    combos: list[dict] = [{}]
    if brief.for_each:
        axes = []
        for facet, values in brief.for_each.items():
            axes.append([(facet, v) for v in _facet_values(brief, library, facet, values)])
        combos = [dict(combo) for combo in itertools.product(*axes)]
    return [_expand_one(brief, library, combo) for combo in combos]


def _expand_one(brief: Brief, library, combo: dict) -> Brief:
    """The brief for one combination of ``for_each`` values."""
    from .templating import render_text

    variables = dict(brief.variables)
    suffix = ""
    for facet, value in combo.items():
        variables[facet] = value
        variables[facet + "_label"] = library.vocabulary.label(facet, value)
        suffix += "-" + _slug(value)

    def render(text, key):
        return render_text(text, variables, brief.path, brief.line_of(key))

    sections = []
    for i, s in enumerate(brief.sections):
        params = {k: _for_combo(v, combo) for k, v in s.params.items()}
        params = {k: render(v, _key(s, f"sections.{i}", k, combo)) if isinstance(v, str) else v
                  for k, v in params.items()}
        sections.append(replace(s, title=render(s.title, f"sections.{i}.title"), params=params,
                                lines=dict(s.lines), literal=set(s.literal)))
    judgments, judgment_key = _judgments(brief, combo)
    bottom, bottom_key = _per_value(brief, combo, "bottom_line")
    lines, literal = dict(brief.lines), set(brief.literal)
    _per_value_lines(brief, combo, lines, literal)
    for i in range(len(bottom)):
        lines[f"bottom_line.{i}"] = brief.line_of(f"{bottom_key}.{i}")
        if f"{bottom_key}.{i}" in brief.literal:
            literal.add(f"bottom_line.{i}")
    assessments = {}
    for i in range(len(judgments)):
        lines[f"key_judgments.{i}"] = brief.line_of(f"{judgment_key}.{i}")
        found = brief.assessments.get(f"{judgment_key}.{i}")
        if found is not None:
            assessments[f"key_judgments.{i}"] = found.with_basis(render(found.basis, f"{judgment_key}.{i}.basis"))
        if f"{judgment_key}.{i}" in brief.literal:
            literal.add(f"key_judgments.{i}")
    return replace(
        brief,
        name=brief.name + suffix,
        title=render(brief.title, "title"),
        subtitle=render(brief.subtitle, "subtitle"),
        key_judgments=[render(k, f"{judgment_key}.{i}") for i, k in enumerate(judgments)],
        key_judgments_for={},
        bottom_line=[render(b, f"{bottom_key}.{i}") for i, b in enumerate(bottom)],
        bottom_line_for={},
        assessments=assessments,
        lines=lines,
        literal=literal,
        intro=render(brief.intro, "intro"),
        sections=sections,
        variables=variables,
        authors=list(brief.authors),
        formats=list(brief.formats),
        warnings=[],  # the brief's own, from reading it, stay with the brief
    )


def _per_value_lines(brief: Brief, combo: dict, lines: dict, literal: set) -> None:
    """A section's text given per value stands at that value's line."""
    for i, s in enumerate(brief.sections):
        for name in s.params:
            key = _key(s, f"sections.{i}", name, combo)
            if key.count(".") > 2:
                lines[f"sections.{i}.{name}"] = brief.line_of(key)
                if key in brief.literal:
                    literal.add(f"sections.{i}.{name}")


def _for_combo(value, combo: dict):
    """A section's text given per for_each value (``intro: {KZ: ..., KG: ...}``): this combination's."""
    if not isinstance(value, dict):
        return value
    return next((value[v] for v in combo.values() if v in value), "")


def _key(section, prefix: str, name: str, combo: dict) -> str:
    """The key a section parameter's line is under (``sections.3.intro.KZ`` for one given per value)."""
    value = section.params.get(name)
    chosen = next((v for v in combo.values() if isinstance(value, dict) and v in value), None)
    return f"{prefix}.{name}.{chosen}" if chosen else f"{prefix}.{name}"


def _judgments(brief: Brief, combo: dict) -> tuple[list[str], str]:
    """The key judgments for one combination, and the key their lines are under."""
    return _per_value(brief, combo, "key_judgments")


def _per_value(brief: Brief, combo: dict, name: str) -> tuple[list[str], str]:
    """A list field given per ``for_each`` value (key judgments, the bottom line) for one
    combination, and the key its lines are under."""
    by_value = getattr(brief, name + "_for")
    if not by_value:
        return getattr(brief, name), name
    value = next((v for v in combo.values() if v in by_value), None)
    if value is None:
        shown = ", ".join(combo.values())
        raise BriefpackError(f"{name} has no entry for {shown}", brief.path, brief.line_of(name))
    return by_value[value], f"{name}.{value}"


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
        canonical = canonical_value(library.vocabulary, facet, value)
        if canonical is None:
            hint = suggestion(value, vocab.values, cutoff=50)
            raise BriefpackError(f"for_each {facet}: unknown value '{value}'{hint}", brief.path, line)
        if canonical not in out:
            out.append(canonical)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
