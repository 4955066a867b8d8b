"""Checking the briefs and section templates a build reads: every problem of a brief in one run.

The brief loader (``brief_reader``) stops at a brief's first error, as a build
must. ``briefpack check`` reads each brief's YAML nodes instead and checks every
field on its own, so that all of a brief's mistakes show in one run, each at its
line: unknown keys, markings, dates, formats, values the vocabulary does not
know (a label or a near miss gets a did-you-mean: ``country: Tajikistan`` ->
``TJ``), citations of unknown excerpts (with the nearest id), tag queries,
sorts, limits, and templates that are missing, outside the workspace or do not
parse. A brief with none of those is then loaded, expanded and composed as the
build would (its analyst text linted by ``analyst_lint``), so that ``check``
finds whatever the build would find before writing. Every workspace template
(``templates/**/*.j2``) is parsed too.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..briefs.model import BRIEF_KEYS, SECTION_KEYS, SORTS
from ..briefs.sections import SECTION_TYPES, known_section_types
from ..errors import BriefpackError, Problem, shown_path
from ..library.model import Library
from ..library.naming import citation_problem, did_you_mean, value_problem
from ..writers.registry import FORMATS, known_formats

_CITE = re.compile(r"\[@([^\]]*)\]")
_KEY = re.compile(r"@([^\]\s;@]+)")
_KEYWORD_FACETS = ("country", "group")


def brief_files(root: Path) -> list[Path]:
    """Every brief of the workspace: ``briefs/**/*.yaml`` (a sub-folder's when named on a build)."""
    return sorted(p for p in (Path(root) / "briefs").rglob("*.yaml") if not p.name.startswith("."))


def check_briefs(root: Path, library: Library) -> tuple[list[Problem], list[str]]:
    """The problems of every brief and workspace template, and notes (``path:line: note: ...``)
    on what a section's ``limit`` leaves out."""
    problems: list[Problem] = []
    notes: list[str] = []
    for path in brief_files(root):
        scan = BriefScan(path, root, library)
        found = scan.run()
        if any(p.severity == "error" for p in found):
            found += _first_load_error(path, root, scan.shown, {p.line for p in found})
        else:
            composed, said = _compose(path, root, library, scan.shown)
            found += [p for p in composed if p not in found]
            notes += said
        problems += found
    problems += check_templates(root)
    return problems, notes


class BriefScan:
    """Every field of one brief checked on its own, from its YAML nodes."""

    def __init__(self, path: Path, root: Path, library: Library):
        self.path, self.root, self.library = path, Path(root), library
        self.shown = str(shown_path(path, root))
        self.problems: list[Problem] = []

    def report(self, node_or_line, message: str, severity: str = "error") -> None:
        line = node_or_line if isinstance(node_or_line, int) or node_or_line is None \
            else node_or_line.start_mark.line + 1
        problem = Problem(self.shown, line, message, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def run(self) -> list[Problem]:
        from ..library.yamlfields import compose, yaml_problem

        try:
            text = self.path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except OSError as exc:
            self.report(None, f"cannot read brief: {exc.strerror or exc}")
            return self.problems
        except UnicodeDecodeError:
            self.report(1, "brief is not UTF-8 text")
            return self.problems
        try:
            node = compose(text)
        except yaml.YAMLError as exc:
            problem = yaml_problem(exc, self.shown, text=text)
            self.problems.append(problem)
            return self.problems
        if not isinstance(node, MappingNode):
            self.report(1 if node is None else node, "a brief must be a YAML mapping (title:, as_of:, sections: ...)")
            return self.problems
        self.top(self.fields(node, BRIEF_KEYS, "brief"), node)
        self.problems.sort(key=lambda p: p.line or 0)
        return self.problems

    # ------------------------------------------------------------ the brief's fields
    def fields(self, node: MappingNode, known, what: str) -> dict:
        """key -> (key node, value node); unknown and repeated keys reported."""
        out: dict = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.report(key, "a key must be plain text")
            elif name in out:
                self.report(key, f"duplicate key '{name}'")
            elif name not in known:
                close = did_you_mean(name, known, cutoff=70)
                hint = f" (did you mean '{close}'?)" if close else f" (known: {', '.join(known)})"
                self.report(key, f"unknown {what} key '{name}'{hint}")
            else:
                out[name] = (key, value)
        return out

    def top(self, fields: dict, node) -> None:
        for name in ("title", "marking", "as_of", "sections"):
            if name not in fields:
                self.report(node, f"missing required key '{name}'")
        for name in ("title", "subtitle", "organization"):
            if name in fields:
                self.text(fields[name][1], name)
        for name in ("marking", "max_marking"):
            if name in fields:
                self.marking(fields[name][1], name)
        if "as_of" in fields:
            self.as_of(fields["as_of"][1])
        if "formats" in fields:
            for item in self.items(fields["formats"][1], "formats"):
                if item.value not in FORMATS:
                    self.report(item, f"unknown format '{item.value}' (known: {known_formats()})")
        if "stale_after_years" in fields:
            value = fields["stale_after_years"][1]
            if not (isinstance(value, ScalarNode) and value.value.isdigit()):
                self.report(value, "stale_after_years must be a whole number of years")
        if "for_each" in fields:
            self.for_each(fields["for_each"][1])
        if "key_judgments" in fields:
            self.judgments(fields["key_judgments"][1])
        if "intro" in fields:
            self.citations(fields["intro"][1])
        if "sections" in fields:
            self.sections(fields["sections"][1])

    def text(self, node, name: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
            self.report(node, f"'{name}' must be text")
            return None
        return node.value

    def items(self, node, name: str) -> list[ScalarNode]:
        if isinstance(node, ScalarNode):
            return [node]
        if not isinstance(node, SequenceNode):
            self.report(node, f"'{name}' must be a list")
            return []
        return [item for item in node.value if isinstance(item, ScalarNode)]

    def marking(self, node, name: str) -> None:
        from ..conventions.tlp import MarkingError, normalize_marking

        value = self.text(node, name)
        if value is None:
            return
        try:
            normalize_marking(value)
        except MarkingError as exc:
            self.report(node, f"{name}: {exc}")

    def as_of(self, node) -> None:
        value = self.text(node, "as_of")
        if value is None:
            return
        try:
            ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and date.fromisoformat(value)
        except ValueError:
            ok = False
        if not ok:
            self.report(node, f"as_of must be a date written YYYY-MM-DD, not '{value}'")

    def for_each(self, node) -> None:
        if not isinstance(node, MappingNode):
            self.report(node, 'for_each must map a facet to a list of values or "*", e.g. {country: [KZ, KG]}')
            return
        for key, values in node.value:
            facet = key.value
            if facet not in self.library.vocabulary.facets:
                hint = did_you_mean(facet, self.library.vocabulary.facets)
                self.report(key, f"for_each: no facet '{facet}' in the vocabulary"
                                 + (f" (did you mean '{hint}'?)" if hint else ""))
                continue
            if isinstance(values, ScalarNode) and values.value == "*":
                continue
            for item in self.items(values, f"for_each {facet}"):
                self.value(facet, item)

    def value(self, facet: str, node: ScalarNode) -> None:
        """A value of ``facet`` (a value or an alias, in any case, as the build accepts)."""
        if "{{" in node.value:  # rendered per document: composing checks it
            return
        message = value_problem(self.library.vocabulary, facet, node.value)
        if message:
            self.report(node, message)

    # ------------------------------------------------------------ analyst text and sections
    def judgments(self, node) -> None:
        if isinstance(node, MappingNode):  # per for_each value
            for _, texts in node.value:
                self.judgments(texts)
            return
        for item in node.value if isinstance(node, SequenceNode) else [node]:
            if isinstance(item, MappingNode):
                for key, value in item.value:
                    if key.value == "text":
                        self.citations(value)
                self.judgment(item)
            else:
                self.citations(item)

    def judgment(self, node: MappingNode) -> None:
        """A key judgment's own fields (likelihood, confidence, basis, time frame), read as the
        loader reads them: its first error."""
        from ..briefs.read import _Reader
        from ..briefs.judgments import read_judgment

        try:
            data = yaml.SafeLoader("").construct_document(node)
            read_judgment(_Reader(self.path, node), data, node, "key_judgments.0")
        except BriefpackError as exc:
            self.report(exc.line, exc.message)
        except (yaml.YAMLError, TypeError, ValueError):
            pass  # a shape the loader reports on its own

    def citations(self, node) -> None:
        """Every ``[@id]`` of an analyst text names an excerpt of the library."""
        if not isinstance(node, ScalarNode):
            return
        line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
        literal = node.style == "|"
        for match in _CITE.finditer(node.value):
            for key in _KEY.findall(match.group(0)):
                if key in self.library.excerpts or key in self.library.withdrawn:
                    continue  # a withdrawn excerpt's citation is dropped, with a warning, by the build
                at = line + (node.value.count("\n", 0, match.start()) if literal else 0)
                self.report(at, citation_problem(key, self.library))

    def sections(self, node) -> None:
        if not isinstance(node, SequenceNode) or not node.value:
            self.report(node, "sections must be a non-empty list")
            return
        for item in node.value:
            if not isinstance(item, MappingNode):
                self.report(item, "a section must be a mapping with a 'type'")
                continue
            self.section(self.fields(item, SECTION_KEYS, "section"), item)

    def section(self, fields: dict, node) -> None:
        kind = fields["type"][1].value if "type" in fields and isinstance(fields["type"][1], ScalarNode) else None
        if kind is None:
            self.report(node, "missing required key 'type'")
        elif kind not in SECTION_TYPES:
            hint = did_you_mean(kind, SECTION_TYPES, cutoff=70)
            self.report(fields["type"][1], f"unknown section type '{kind}'"
                        + (f" (did you mean '{hint}'?)" if hint else f" (known: {known_section_types()})"))
        needed = SECTION_TYPES[kind].needs if kind in SECTION_TYPES else None
        if needed and needed not in fields:
            self.report(node, f"a {kind} section needs '{needed}:'")
        for facet in _KEYWORD_FACETS:
            if facet in fields and isinstance(fields[facet][1], ScalarNode):
                self.value(facet, fields[facet][1])
        if "select" in fields and isinstance(fields["select"][1], ScalarNode):
            self.query(fields["select"][1])
        if "sort" in fields and fields["sort"][1].value not in SORTS:
            self.report(fields["sort"][1], f"unknown sort '{fields['sort'][1].value}' (known: {', '.join(SORTS)})")
        if "limit" in fields:
            value = fields["limit"][1]
            if not (isinstance(value, ScalarNode) and value.value.isdigit() and int(value.value) >= 1):
                self.report(value, "limit must be a whole number of excerpts, 1 or more")
        if "template" in fields and isinstance(fields["template"][1], ScalarNode):
            self.template(fields["template"][1])
        if "intro" in fields:
            self.citations(fields["intro"][1])

    def query(self, node: ScalarNode) -> None:
        from ..errors import QuerySyntaxError
        from ..library.query import select_excerpts

        if "{{" in node.value:  # rendered per document: composing checks it
            return
        try:
            select_excerpts(self.library, node.value)
        except QuerySyntaxError as exc:
            line = node.start_mark.line + 1 + (exc.query_line if node.style == "|" else 0)
            self.report(line, f"bad query: {exc.message}")
        except BriefpackError as exc:
            self.report(node, f"{exc.message} in query {node.value!r}")

    def template(self, node: ScalarNode) -> None:
        from .templating import template_problem

        if "{{" in node.value:
            return
        path = self.root / node.value
        problem = template_problem(path, self.root)
        if problem:
            self.report(node, f"{problem}: {node.value}")
            return
        for found in template_syntax(path, self.root):
            self.report(node, f"template {node.value} does not parse: line {found.line}: {found.message}")


def template_syntax(path: Path, root: Path) -> list[Problem]:
    """The syntax error of a template file, if any: it is compiled as a build would
    (Python's compiler has limits of its own: 20 loops inside one another), not rendered."""
    import jinja2

    from .templating import make_environment

    shown = str(shown_path(path, root))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(shown, None, f"cannot read template: {getattr(exc, 'strerror', None) or exc}")]
    try:
        make_environment(root).compile(text, filename=str(path))
    except jinja2.TemplateSyntaxError as exc:
        return [Problem(shown, exc.lineno, f"template syntax error: {exc.message}")]
    return []


def check_templates(root: Path) -> list[Problem]:
    """Every template of the workspace's ``templates/`` parses."""
    folder = Path(root) / "templates"
    found: list[Problem] = []
    for path in sorted(folder.rglob("*.j2")) if folder.is_dir() else ():
        found += template_syntax(path, root)
    return found


def _first_load_error(path: Path, root: Path, shown: str, lines: set) -> list[Problem]:
    """The loader's first error, when it is at a line the field checks found nothing wrong with
    (a key judgment's own fields, say): one more problem in the same run."""
    from ..briefs.read import load_brief

    try:
        load_brief(path)
    except BriefpackError as exc:
        if exc.line not in lines:
            return [Problem(shown_path(exc.path, root) or shown, exc.line, exc.message)]
    return []


def _compose(path: Path, root: Path, library: Library, shown: str) -> tuple[list[Problem], list[str]]:
    """Load, expand and compose the brief as a build would: what that finds, and the limit notes."""
    from .analyst_lint import lint_brief
    from ..briefs.read import load_brief
    from .composer import compose
    from ..errors import relative_to_root
    from .expand import expand_brief

    try:
        brief = load_brief(path)
    except BriefpackError as exc:
        return [Problem(shown_path(exc.path, root) or shown, exc.line, exc.message)], []
    problems = lint_brief(brief, shown)
    notes: list[str] = []
    try:
        instances = expand_brief(brief, library)
        for instance in instances:
            composition = compose(instance, library, root=root, produced="", timestamp=0)
            problems += [w for w in (relative_to_root(w, root) for w in composition.warnings) if w not in problems]
            which = f"{instance.name}: " if len(instances) > 1 else ""
            notes += [f"{shown}:{line}: note: {which}{message}" for line, message in composition.limit_notes]
    except BriefpackError as exc:
        exc = relative_to_root(exc, root)
        problems.append(Problem(exc.path or shown, exc.line, exc.message))
    return problems, notes
