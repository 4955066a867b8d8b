"""Finding the workspace: the folder holding ``seeds/``, ``briefs/`` and ``templates/``."""

from __future__ import annotations

from pathlib import Path

from .errors import BriefpackError

MARKERS = ("seeds", "briefs", "templates")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``seeds/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds").is_dir():
            return folder
    raise BriefpackError(
        "no workspace found: no seeds/ folder here or above (use --root DIR)", path=here
    )
