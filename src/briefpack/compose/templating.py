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
from pathlib import Path

import jinja2
from jinja2 import StrictUndefined
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..briefs.sections import PACKAGE_TEMPLATES, SECTION_TYPES
from ..conventions.dates import display_date
from ..errors import BriefpackError, TemplateError
from ..workspace import inside
from .budget import current_limits
from .sandbox import LimitExceeded, TemplateSandbox
from .helpers import format_number
from .template_context import plain

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


def template_problem(path: Path, root: Path, checked: dict | None = None) -> str | None:
    """Why ``path`` cannot be a section template of the workspace ``root``,
    None when it can: it must be a file inside the workspace, links included
    (a section type's registered default template where it is registered).
    ``checked``: what was found of each template before, by path (a document's
    sections share a few templates), and of this one after."""
    if checked is None or path not in checked:
        found = _template_problem(path, root)
        if checked is None:
            return found
        checked[path] = found
    return checked[path]


def _template_problem(path: Path, root: Path) -> str | None:
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
        elif isinstance(exc, MemoryError):
            message = out_of_memory()
        elif isinstance(exc, RecursionError):
            message = ("macros, includes or loops nested too deeply (a macro that calls itself, or a template "
                       "that includes itself, without end?)")
        elif isinstance(exc, jinja2.exceptions.SecurityError):
            message = f"not allowed in a template: {exc}"
        elif isinstance(exc, BriefpackError):
            if isinstance(exc, TemplateError) and exc.path is not None:
                raise
            message = exc.message
        else:
            message = f"{type(exc).__name__}: {exc}"
        raise TemplateError(message, where or path, line) from None


def out_of_memory() -> str:
    return (f"needed more than {current_limits().memory:,} MB of memory, the memory limit of a template "
            "(build --template-memory)")


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
    except MemoryError:
        raise BriefpackError(f"cannot render: {out_of_memory()}", path, line) from None
    except Exception as exc:  # noqa: BLE001 - sandbox violations and the like
        raise BriefpackError(f"cannot render: {exc}", path, line) from None


@functools.lru_cache(maxsize=1)
def _text_env() -> TemplateSandbox:
    return TemplateSandbox(autoescape=False, undefined=StrictUndefined, finalize=_finalize)
