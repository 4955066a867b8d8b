"""Finding the workspace: the folder holding ``seeds/``, ``briefs/`` and
``templates/``, and the ``--root`` option every command takes to name it."""

from __future__ import annotations

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
