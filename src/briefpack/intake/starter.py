"""``briefpack init``: a new workspace that builds at once.

It holds the library folders, a vocabulary with the standard facets (country
with the ISO 3166-1 codes and names, group, topic, and measure, whose values
define the figures' measures), one example source with its excerpts, one
brief, and a ``.gitignore`` for what builds make. Nothing existing is
overwritten.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import BriefpackError

# file in the workspace -> file of the package's starter folder
FILES = {
    "seeds/vocabulary.yaml": "vocabulary.yaml",
    "seeds/sources/example-2024-regional-digest.txt": "example-source.txt",
    "seeds/excerpts/example.yaml": "example-excerpts.yaml",
    "briefs/example.yaml": "example-brief.yaml",
    ".gitignore": "gitignore",
}
FOLDERS = ("seeds/sources", "seeds/excerpts", "seeds/captures", "briefs", "templates")


def init_workspace(folder: Path) -> list[str]:
    """Create the workspace in ``folder`` (made if missing); the files written, relative to it."""
    if (folder / "seeds").exists():
        raise BriefpackError("already a workspace: it has a seeds/ folder", path=folder)
    if folder.exists() and not folder.is_dir():
        raise BriefpackError("not a folder", path=folder)
    starter = resources.files("briefpack.intake") / "starter"
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    written = []
    for rel, packaged in FILES.items():
        target = folder / rel
        if target.exists():
            continue
        target.write_bytes((starter / packaged).read_bytes())
        written.append(rel)
    return written
