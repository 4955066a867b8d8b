"""The sandboxed Jinja environment that renders section templates, and its helpers.

Section templates are Jinja2 files producing the small XML block vocabulary
read by :mod:`briefpack.compose.blockxml`. Templates are handed plain records only
(:mod:`briefpack.compose.template_context`), and render in :class:`TemplateSandbox`
(:mod:`briefpack.compose.sandbox`), Jinja's immutable sandbox, with

* ``autoescape=True``: every value is XML-escaped, so excerpt text holding
  ``<b>``, ``&`` or ``{{ ... }}`` reaches the document literally (values are
  never re-parsed as template code);
* ``undefined=StrictUndefined``: a misspelt variable is an error naming the
  template file and line, never an empty string;
* a ``finalize`` that drops the control characters XML 1.0 cannot carry;
* the immutable sandbox: templates cannot change the lists and dicts they
  are handed (``excerpts.append(...)`` is refused), so one section cannot
  alter what the next one sees.

Lookup for a section of type ``T``: the section's ``template:`` (a path relative
to the workspace root), else ``<root>/templates/T.xml.j2``, else the package
default. ``{% include %}`` and ``{% import %}`` search the workspace
``templates/`` folder, then the package's. Every template file read resolves
inside the workspace (or the package's templates folder), links followed.
"""

from __future__ import annotations

import functools
import os
import re
import traceback
from collections import namedtuple
from datetime import date
from pathlib import Path

import jinja2
from jinja2 import StrictUndefined
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..briefs.sections import PACKAGE_TEMPLATES, SECTION_TYPES
from ..conventions.dates import display_date
from ..errors import BriefpackError, TemplateError
from ..library.model import Library
from .chart_data import ChartHelpers
from .sandbox import LimitExceeded, TemplateSandbox
from .template_context import has_tag, plain, vocabulary_view

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_illegal(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def _finalize(value):
    if isinstance(value, Markup):
        return Markup(strip_illegal(str(value)))
    if isinstance(value, str):
        return strip_illegal(value)
    return value


# ---------------------------------------------------------------- lookup and loading
def find_template(section_type: str, root: Path, override: str | None = None) -> Path:
    """The template file for a section (see the module docstring for the order).
    A file (or link, even a broken one) in ``templates/`` takes the place of the
    package's: :func:`template_problem` then says whether it can be used."""
    if override:
        return Path(root) / override
    workspace = Path(root) / "templates" / f"{section_type}.xml.j2"
    if os.path.lexists(workspace):
        return workspace
    return SECTION_TYPES[section_type].template


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, lies inside ``folder`` (links followed)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def template_problem(path: Path, root: Path) -> str | None:
    """Why ``path`` cannot be a section template of the workspace ``root``,
    None when it can: it must be a file inside the workspace, links included
    (a section type's registered default template where it is registered)."""
    registered = {t.template for t in SECTION_TYPES.values()}
    boundary = Path(path).parent if Path(path) in registered else root
    if not inside(path, boundary):
        return "template must be inside the workspace"
    if not Path(path).is_file():
        return "template not found"
    return None


class TemplateOutside(jinja2.TemplateNotFound):
    """An included template that resolves outside the workspace."""


class _Loader(jinja2.BaseLoader):
    """Top-level templates by their path; includes from the search folders.
    Every file read resolves inside the workspace or the package's templates
    folder, links followed: nothing else is ever opened."""

    def __init__(self, root: Path):
        workspace, package = Path(root).resolve(), PACKAGE_TEMPLATES.resolve()
        self.boundaries = (workspace, package)
        self.search = ((Path(root) / "templates", workspace), (PACKAGE_TEMPLATES, package))
        self.files: set[str] = set()  # section templates, by resolved path

    def find(self, template: str) -> Path | None:
        if template in self.files:
            return Path(template)
        pieces = split_template_path(template)  # refuses ".." and absolute escapes
        for folder, boundary in self.search:
            path = folder.joinpath(*pieces)
            if os.path.lexists(path):
                if not inside(path, boundary):
                    raise TemplateOutside(template)
                if path.is_file():
                    return path
        return None

    def get_source(self, environment, template):
        path = self.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        text = self.read(path, template)

        def uptodate() -> bool:  # the same file with the same text: compiled templates are kept
            try:
                return self.find(template) == path and self.read(path, template) == text
            except (jinja2.TemplateNotFound, TemplateError):
                return False

        return text, str(path), uptodate

    def read(self, path: Path, template: str) -> str:
        registered = {t.template.resolve() for t in SECTION_TYPES.values()}  # section types' own
        if not any(inside(path, folder) for folder in self.boundaries) and path.resolve() not in registered:
            raise TemplateOutside(template)
        try:
            return path.read_text(encoding="utf-8-sig")  # a byte-order mark is ignored
        except UnicodeDecodeError:
            raise TemplateError("template is not UTF-8 text", path) from None
        except OSError:
            raise jinja2.TemplateNotFound(template) from None


@functools.lru_cache(maxsize=4)
def make_environment(root: Path) -> TemplateSandbox:
    """The sandbox section templates of the workspace ``root`` render in: one
    per workspace, so each template is compiled once, not once per document."""
    env = TemplateSandbox(
        loader=_Loader(root),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["format_date"] = display_date
    env.filters["number"] = format_number
    return env


def _location(exc: BaseException, names: dict[str, Path]) -> tuple[Path | str | None, int | None]:
    """File and line of the innermost template frame of a runtime error."""
    where: tuple = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in names or frame.filename.endswith(".j2"):
            where = (names.get(frame.filename, frame.filename), frame.lineno)
    return where


def render_template(env: TemplateSandbox, path: Path, context: dict) -> str:
    """Render one template file; any failure is a TemplateError naming file and line."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError("template not found", path)
    name = str(path.resolve())
    names = {name: path}
    if isinstance(env.loader, _Loader):
        env.loader.files.add(name)
    try:
        return env.render_bounded(lambda: env.get_template(name).render(context))
    except jinja2.TemplateSyntaxError as exc:
        where = names.get(exc.filename or name, exc.filename or path)
        raise TemplateError(f"template syntax error: {exc.message}", where, exc.lineno) from None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a TemplateError
        where, line = _location(exc, names)
        if isinstance(exc, TemplateOutside):
            message = f"template must be inside the workspace: {exc.name}"
        elif isinstance(exc, jinja2.TemplateNotFound):
            message = f"template not found: {exc.name}"
        elif isinstance(exc, jinja2.UndefinedError):
            message = f"undefined: {exc.message}"
        elif isinstance(exc, LimitExceeded):
            message = str(exc)
        elif isinstance(exc, RecursionError):
            message = "macros or loops nested too deeply (one that calls itself without end?)"
        elif isinstance(exc, jinja2.exceptions.SecurityError):
            message = f"not allowed in a template: {exc}"
        elif isinstance(exc, BriefpackError):
            if isinstance(exc, TemplateError) and exc.path is not None:
                raise
            message = exc.message
        else:
            message = f"{type(exc).__name__}: {exc}"
        raise TemplateError(message, where or path, line) from None


def render_text(text: str, variables: dict, path, line) -> str:
    """Render a brief's text field (plain text: no escaping) with ``variables``."""
    if "{" not in text:
        return text
    env = _text_env()
    values = {str(k): plain(v) for k, v in variables.items()}
    try:
        return env.render_bounded(lambda: env.from_string(text).render(values))
    except jinja2.TemplateSyntaxError as exc:
        raise BriefpackError(f"template syntax error: {exc.message}", path, line) from None
    except jinja2.UndefinedError as exc:
        known = ", ".join(sorted(variables)) or "none"
        raise BriefpackError(f"undefined: {exc.message} (variables: {known})", path, line) from None
    except Exception as exc:  # noqa: BLE001 - sandbox violations and the like
        raise BriefpackError(f"cannot render: {exc}", path, line) from None


@functools.lru_cache(maxsize=1)
def _text_env() -> TemplateSandbox:
    return TemplateSandbox(autoescape=False, undefined=StrictUndefined, finalize=_finalize)


# ---------------------------------------------------------------- helpers
Group = namedtuple("Group", "value label excerpts name")
EventRow = namedtuple("EventRow", "date excerpts")
FigureRow = namedtuple("FigureRow", "figure excerpt")
Conflict = namedtuple("Conflict", "measure place as_of rows")


def format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def _period_end(partial: str) -> date | None:
    """The last day a partial date can mean."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", partial or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return date(year, int(month), int(day))
    if month:
        nxt = date(year + int(month) // 12, int(month) % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(year, 12, 31)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Helpers:
    """The helper functions placed in every template context."""

    def __init__(self, library: Library, as_of: str, stale_after_years: int):
        # plain data only: a helper's object must not lead a template back to the library
        self.excerpt_ids = frozenset(library.excerpts)
        self.vocabulary = vocabulary_view(library.vocabulary)
        self.as_of = str(as_of)
        self.stale_after_years = stale_after_years

    def functions(self) -> dict:
        return {
            "cite": self.cite, "group_by": self.group_by, "sort_by_date": self.sort_by_date,
            "with_tag": self.with_tag, "without_tag": self.without_tag, "figures": self.figures,
            "conflicts": self.conflicts,
            "label": self.label, "name": self.name, "and_list": self.and_list, "by_event": self.by_event,
            "measure_label": self.measure_label, "estimate": self.estimate,
            "is_stale": self.is_stale, "format_date": display_date, "format_number": format_number,
            **ChartHelpers(self.label).functions(),
        }

    def cite(self, what) -> Markup:
        """``<cite keys="..."/>`` for an excerpt, an id, or a list of them."""
        items = what if isinstance(what, (list, tuple)) else [what]
        keys = []
        for item in items:
            key = item if isinstance(item, str) else getattr(item, "id", None)
            if not isinstance(key, str):
                raise BriefpackError(f"cite() expects excerpts or excerpt ids, not {type(item).__name__}")
            if key not in self.excerpt_ids:
                raise BriefpackError(f"cite(): no excerpt with id '{key}'")
            if key not in keys:
                keys.append(key)
        if not keys:
            return Markup("")
        return Markup('<cite keys="%s"/>') % " ".join(keys)

    def label(self, facet: str, value: str) -> str:
        return self.vocabulary.label(facet, value)

    def name(self, facet: str, value: str) -> str:
        """The label with the abbreviation readers use, where the vocabulary gives one."""
        f = self.vocabulary.facets.get(facet)
        term = f.values.get(value) if f else None
        return term.name if term else value

    @staticmethod
    def and_list(items) -> str:
        """"A", "A and B", "A, B and C"."""
        items = [str(i) for i in items]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""

    def measure_label(self, measure: str) -> str:
        if "measure" in self.vocabulary.facets:
            return self.label("measure", measure)
        text = measure.replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]

    def estimate(self, figure) -> str:
        """ "more than 500 fighters": qualifier, value, unit."""
        parts = [figure.qualifier, format_number(figure.value), figure.unit]
        return " ".join(p for p in parts if p)

    def group_by(self, excerpts, facet: str, once: bool = False) -> tuple:
        """(value, label, excerpts, name) for each value of ``facet``, sorted by
        label; with ``once``, an excerpt tagged with several values stands only
        under the first of them in that order."""
        groups: dict[str, list] = {}
        for e in excerpts:
            values = e.tag_values(facet)
            if once and values:
                values = sorted(values, key=lambda v: (self.label(facet, v).lower(), v))[:1]
            for value in values:
                groups.setdefault(value, []).append(e)
        out = [Group(v, self.label(facet, v), tuple(items), self.name(facet, v)) for v, items in groups.items()]
        return tuple(sorted(out, key=lambda g: (g.label.lower(), g.value)))

    @staticmethod
    def by_event(excerpts) -> tuple:
        """Chronology rows: excerpts that share an ``event`` make one row, dated by
        the most precise of their dates; every other excerpt a row of its own.
        Rows in date order, each row's excerpts in theirs."""
        rows: dict[str, list] = {}
        for e in excerpts:
            rows.setdefault(e.event or f"\0{e.id}", []).append(e)
        out = []
        for items in rows.values():
            items = sorted(items, key=lambda e: (str(e.date), e.id))
            date = min((str(e.date) for e in items), key=lambda d: (-len(d), d))  # most precise, earliest
            out.append(EventRow(date, tuple(items)))
        return tuple(sorted(out, key=lambda r: (r.date, r.excerpts[0].id)))

    def sort_by_date(self, excerpts, reverse: bool = False) -> tuple:
        return tuple(sorted(excerpts, key=lambda e: (str(e.date), e.id), reverse=bool(reverse)))

    def with_tag(self, excerpts, *tags: str) -> tuple:
        """Excerpts carrying any of ``tags`` ("topic:recruitment", "group:*")."""
        return tuple(e for e in excerpts if any(has_tag(e.tags, t) for t in tags))

    def without_tag(self, excerpts, *tags: str) -> tuple:
        return tuple(e for e in excerpts if not any(has_tag(e.tags, t) for t in tags))

    def figures(self, excerpts, measure: str | None = None, place: str | None = None) -> tuple:
        """(figure, excerpt) rows, grouped by measure, place and date so that
        conflicting estimates of one thing stand next to each other.

        With ``place``, figures about that place, and figures with no place
        from excerpts tagged ``country:<place>``."""
        rows = []
        for e in excerpts:
            for f in e.figures:
                if measure is not None and f.measure != measure:
                    continue
                if place is not None and f.place != place and (
                    f.place or place not in e.tag_values("country")
                ):
                    continue
                rows.append(FigureRow(f, e))
        return tuple(sorted(rows, key=lambda r: (r.figure.measure, r.figure.place, str(r.figure.as_of),
                                                 str(r.excerpt.date), r.excerpt.id)))

    def conflicts(self, rows) -> tuple:
        """Figure rows that disagree: same measure, place and year, different values."""
        groups: dict[tuple, list] = {}
        for row in rows:
            f = row.figure
            groups.setdefault((f.measure, f.place, str(f.as_of)[:4]), []).append(row)
        return tuple(Conflict(m, p, y, tuple(g)) for (m, p, y), g in groups.items()
                     if len({(r.figure.value, r.figure.qualifier) for r in g}) > 1)

    def is_stale(self, excerpt) -> bool:
        """Whether the excerpt is older than as_of minus stale_after_years."""
        end = _period_end(str(getattr(excerpt, "date", excerpt)))
        try:
            cutoff = _years_before(date.fromisoformat(self.as_of), self.stale_after_years)
        except ValueError:
            return False
        return end is not None and end < cutoff
