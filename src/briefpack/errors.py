"""The one exception family of briefpack.

Every user-facing problem is a :class:`BriefpackError` carrying the file and
line it concerns. The CLI turns them into ``Error: path:line: message`` and an
exit code in one place; nothing else in the package prints errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One finding about an input file: an error or a warning."""

    path: str | Path | None
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


def format_location(path, line, message: str) -> str:
    if path is None:
        return message
    if line is None:
        return f"{path}: {message}"
    return f"{path}:{line}: {message}"


def problem_line(problem: Problem) -> str:
    """``path:line: message``, with ``warning:`` before the message of a warning."""
    from .terminal import visible_lines

    prefix = "warning: " if problem.severity == "warning" else ""
    return visible_lines(format_location(problem.path, problem.line, prefix + problem.message))


def plural(n: int, word: str) -> str:
    """"1 error", "2 errors"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


class BriefpackError(Exception):
    """A user error in the inputs (exit code 1)."""

    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


class LibraryError(BriefpackError):
    """The library (sources, vocabulary, excerpts) has errors; carries every problem."""

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0] if errors else problems[0]
        super().__init__(first.message, first.path, first.line)
        self.problems = problems

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        return "\n".join(lines)


class ProblemsError(BriefpackError):
    """Errors with the problems behind them (the library's): the CLI prints each
    problem on its line (``path:line: message``), then ``Error: `` and each
    message, and exits with ``exit_code`` (3: a build that went on without them)."""

    def __init__(self, messages: list[str], problems=(), exit_code: int = 1):
        super().__init__(messages[0])
        self.messages = list(messages)
        self.problems = list(problems)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return "\n".join(self.messages)


class QuerySyntaxError(BriefpackError):
    """A tag query does not parse; ``query_line`` and ``column`` (1-based) are within the query."""

    def __init__(self, message: str, query: str, column: int, path=None, line=None, query_line: int = 1):
        super().__init__(message, path, line)
        self.query = query
        self.column = column
        self.query_line = query_line


class TemplateError(BriefpackError):
    """A section template failed: names the template file and line."""


class BuildError(BriefpackError):
    """A document could not be built or written."""


def relative_path(path, root) -> str:
    """``path`` relative to the folder ``root``, with forward slashes, when it is
    written inside it; else ``path`` as it is. The one way a workspace path is printed."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def shown_path(path, root: Path):
    """``path`` as messages show it: relative to the workspace ``root`` when it
    is an absolute path inside it, else unchanged."""
    if path is None or root is None or not Path(path).is_absolute():
        return path
    for inside, folder in [(Path(os.path.abspath(path)), Path(os.path.abspath(root))),
                           (Path(path).resolve(), Path(root).resolve())]:
        if inside.is_relative_to(folder):
            return relative_path(inside, folder)
    return path


def relative_to_root(problem, root: Path):
    """The error (changed in place and returned) or a copy of the Problem
    with its path relative to the workspace ``root``."""
    if isinstance(problem, Problem):
        return Problem(shown_path(problem.path, root), problem.line, problem.message, problem.severity)
    problem.path = shown_path(problem.path, root)
    return problem
