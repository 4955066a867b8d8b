"""Checking the briefs and section templates a build reads: every problem of a brief in one run.

Each brief is read along the brief schema collecting every problem, each at its
line (``briefs.read.check_brief``): unknown keys, markings, dates, formats, values
the vocabulary does not know (a label or a near miss gets a did-you-mean:
``country: Tajikistan`` -> ``TJ``), citations of unknown excerpts (with the nearest
id), tag queries, sorts, limits, and templates that are missing, outside the
workspace or do not parse (what a template is, is said here). A brief with none of
those is then expanded and composed as the build would (its analyst text linted by
``analyst_lint``; what it would print twice, ``repetition``), so that ``check`` finds whatever the build would find before
writing. Every workspace template (``templates/**/*.j2``) is parsed too.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefpackError, Problem, relative_to_root, shown_path
from ..library.model import Library


def brief_files(root: Path) -> list[Path]:
    """Every brief of the workspace: ``briefs/**/*.yaml`` (a sub-folder's when named on a build)."""
    return sorted(p for p in (Path(root) / "briefs").rglob("*.yaml") if not p.name.startswith("."))


def check_briefs(root: Path, library: Library) -> tuple[list[Problem], list[str]]:
    """The problems of every brief and workspace template, and notes (``path:line: note: ...``)
    on what a section's ``limit`` leaves out."""
    from ..briefs.read import check_brief

    problems: list[Problem] = []
    notes: list[str] = []
    for path in brief_files(root):
        shown = str(shown_path(path, root))
        brief, found = check_brief(path, library, template_problems(root))
        found = [relative_to_root(p, root) for p in found]
        if brief is not None:
            composed, said = _compose(brief, root, library, shown)
            found += [p for p in composed if p not in found]
            notes += said
        problems += found
    problems += check_templates(root)
    return problems, notes


def template_problems(root: Path):
    """What is wrong with a section's ``template:`` as written (messages, none when it is good)."""
    def problems(written: str) -> list[str]:
        from .templating import template_problem

        path = Path(root) / written
        problem = template_problem(path, root)
        if problem:
            return [f"{problem}: {written}"]
        return [f"template {written} does not parse: line {found.line}: {found.message}"
                for found in template_syntax(path, root)]
    return problems


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


def _compose(brief, root: Path, library: Library, shown: str) -> tuple[list[Problem], list[str]]:
    """Expand and compose the brief as a build would: what that finds, and the limit notes."""
    from .analyst_lint import lint_brief
    from .judgment_check import judgment_findings
    from .composer import compose
    from .expand import expand_brief
    from .repetition import repetition_warnings
    from ..document.paragraph_limit import long_paragraph

    from .abbreviations import name_findings

    problems = (lint_brief(brief, shown) + name_findings(brief, library.vocabulary, shown)
                + judgment_findings(brief, library, shown))
    notes: list[str] = []
    try:
        instances = expand_brief(brief, library)
        for instance in instances:
            composition = compose(instance, library, root=root, produced="", timestamp=0)
            too_long = long_paragraph(composition.document, library)  # as the build refuses it
            if too_long:
                problems.append(Problem(shown, None, too_long))
            problems += [w for w in (relative_to_root(w, root) for w in composition.warnings) if w not in problems]
            which = f"{instance.name}: " if len(instances) > 1 else ""
            problems += [Problem(shown, brief.line_of("sections"), which + message, "warning")
                         for message in repetition_warnings(composition.document.blocks)]
            notes += [f"{shown}:{line}: note: {which}{message}" for line, message in composition.limit_notes]
    except BriefpackError as exc:
        exc = relative_to_root(exc, root)
        problems.append(Problem(exc.path or shown, exc.line, exc.message))
    return problems, notes
