"""Loading the vocabulary of tags (``seeds/vocabulary.yaml``): facets, their values, labels and aliases.

Like the rest of the library (see ``library.load``), loading is tolerant: every
problem is collected with its line and loading goes on.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import Problem
from .files import decode, read_bytes
from .model import Facet, Term, Vocabulary
from .yamlfields import Reporter, compose, escaped_not_text, fields_of, scalar_text, yaml_problem

RESERVED_FACETS = {"source", "date", "credibility", "reliability"}


def load_vocabulary(path: Path, rel: str) -> tuple[Vocabulary, list[Problem]]:
    problems: list[Problem] = []
    vocabulary = Vocabulary()
    if path.is_dir():
        problems.append(Problem(rel, None, "not a file but a folder: the vocabulary of tags is a YAML file"))
        return vocabulary, problems
    if not path.is_file():
        problems.append(Problem(rel, None, "missing: the vocabulary of tags is needed"))
        return vocabulary, problems
    data = read_bytes(path, rel, problems)
    text = decode(data, rel, problems) if data is not None else None
    if text is None:
        return vocabulary, problems
    report = Reporter(rel, problems)
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        problems.append(yaml_problem(exc, rel, text=text))
        return vocabulary, problems
    escaped_not_text(node, text, report)
    if node is None or scalar_text(node) == "":
        report(1, "the vocabulary is empty: it needs 'facets:' with the facets and their values")
        return vocabulary, problems
    top = fields_of(node, report, "vocabulary")
    if top is None:
        return vocabulary, problems
    top.unknown({"facets", "judgment_rules", "abbreviations"}, "vocabulary")
    vocabulary.judgment_rules = _judgment_rules(top, report)
    vocabulary.abbreviations = _abbreviations(top, report)
    facets = top.mapping("facets") if "facets" in top else None
    if "facets" not in top:
        report(1, "missing required field 'facets'")
    for name, facet_node, line in facets or ():
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
            report(line, f"bad facet name '{name}': use letters, digits, '-' and '_'")
            continue
        if name in RESERVED_FACETS:
            report(line, f"facet name '{name}' is reserved for queries")
            continue
        fields = fields_of(facet_node, report, f"facet '{name}'", line=line)
        if fields is None:
            continue
        vocabulary.facets[name] = _read_facet(name, fields, report)
    if not vocabulary.facets and not any(p.severity == "error" for p in problems):
        report(top.line("facets"), "no facets: the vocabulary needs at least one facet with values")
    return vocabulary, problems


def _judgment_rules(top, report: Reporter) -> dict[str, object]:
    """The desk's judgment rules (see ``conventions.judgment_rules``), each checked at its line."""
    from ..conventions.judgment_rules import RULE_NAMES, rule_value
    from .naming import suggestion

    rules: dict[str, object] = {}
    for name, node, line in top.mapping("judgment_rules") or ():
        if name not in RULE_NAMES:
            report(line, f"unknown judgment rule '{name}'"
                         + suggestion(name, RULE_NAMES, otherwise=f" (known: {', '.join(RULE_NAMES)})"))
            continue
        text = scalar_text(node)
        try:
            rules[name] = rule_value(name, text if text is not None else "")
        except ValueError as exc:
            report(line, str(exc))
    return rules


ABBREVIATION = re.compile(r"[A-Z][A-Za-z0-9&]*(?:-[A-Za-z0-9&]+)*")


def _abbreviations(top, report: Reporter) -> dict[str, str]:
    """``abbreviations:``: each abbreviation the desk or the sources use and what it stands
    for (spelled out at its first use in a document); empty (``~``) for one readers know."""
    found: dict[str, str] = {}
    for name, node, line in top.mapping("abbreviations") or ():
        text = (scalar_text(node) or "") if type(node) is yaml.ScalarNode else None
        if not ABBREVIATION.fullmatch(name) or sum(c.isupper() for c in name) < 2:
            report(line, f"bad abbreviation '{name}': two or more capitals, e.g. KNB or IS-K")
        elif text is None:
            report(line, f"abbreviation '{name}': give what it stands for as text (or ~ for one readers know)")
        else:
            found[name] = " ".join(text.split())
    return found


def _read_facet(name: str, fields, report: Reporter) -> Facet:
    """One facet: its label and its values, each with a label and aliases."""
    fields.unknown({"label", "values"}, "facet")
    facet = Facet(name=name, label=fields.text("label") or name)
    seen: dict[str, str] = {}  # value or alias -> the value it names
    for value, value_node, vline in fields.mapping("values") or ():
        if not value or any(c.isspace() or c in "():" for c in value):
            report(vline, f"bad value '{value}' in facet '{name}': no spaces, ':' or parentheses")
            continue
        term = Term(value=value, label=value)
        if type(value_node) is yaml.ScalarNode:  # "KZ: Kazakhstan" or "KZ:"
            term.label = scalar_text(value_node) or value
        else:
            vf = fields_of(value_node, report, f"value '{name}:{value}'", line=vline)
            if vf is not None:
                vf.unknown({"label", "aliases", "definition", "abbreviation"}, "value")
                term.label = vf.text("label") or value
                term.aliases = vf.text_list("aliases")
                term.definition = vf.text("definition") or ""
                term.abbreviation = vf.text("abbreviation") or ""
        for word in dict.fromkeys((value, *term.aliases, *filter(None, [term.abbreviation]))):
            if word in seen and seen[word] != value:
                report(vline, f"'{word}' names both {name}:{seen[word]} and {name}:{value}")
            seen.setdefault(word, value)
        facet.values[value] = term
    return facet
