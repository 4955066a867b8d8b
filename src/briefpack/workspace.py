"""Finding the workspace: the folder holding ``seeds/``, ``briefs/`` and
``templates/``, and the ``--root`` option every command takes to name it; the files
of its ``templates/`` the template loader could read."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .errors import BriefpackError


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``seeds/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds").is_dir():
            return folder
    raise BriefpackError(
        "no workspace found: no seeds/ folder here or above (use --root DIR)", path=here
    )


def root_option(func):
    """The ``--root DIR`` option of a command."""
    return click.option(
        "--root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="Workspace folder (holding seeds/, briefs/, templates/). "
        "Default: the nearest such folder at or above the current directory.",
    )(func)


def resolve_root(root: Path | None) -> Path:
    """The workspace a command works in: ``--root`` when given (it must hold
    ``seeds/``), else the nearest one found."""
    if root is not None:
        if not (root / "seeds").is_dir():
            raise BriefpackError("not a workspace: no seeds/ folder", path=root)
        return root
    return find_root()


def workspace_of(brief: Path) -> Path | None:
    """The workspace holding the brief file named (None: the usual search from here)."""
    if not brief.is_file():
        return None
    try:
        return find_root(brief.resolve().parent)
    except BriefpackError:
        return None


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, lies inside ``folder`` (links followed)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except RecursionError:  # a template that includes itself: not a question of where it lies
        raise
    except (OSError, RuntimeError):  # a link loop
        return False


def template_files(root: Path) -> list:
    """(path, bytes) of every file of the workspace's ``templates/`` folder that the template
    loader could read (inside the workspace, links followed), in order; nothing outside the
    workspace is listed or read (a file or folder linked outside: its name only)."""
    folder = Path(root) / "templates"
    if not folder.is_dir() or not inside(folder, root):
        return [os.path.lexists(folder)]
    out, seen = [], set()
    for where, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(where)
        if real in seen:  # a link back to a folder listed already
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(f for f in folders if inside(Path(where, f), root))
        for name in sorted(files):
            path = Path(where, name)
            try:
                readable = path.is_file() and inside(path, root)
                out.append((path.relative_to(folder).as_posix(), path.read_bytes() if readable else None))
            except (OSError, RecursionError):
                out.append((path.relative_to(folder).as_posix(), None))
    return out
