"""Editions of a library to compare: a build manifest, a git revision, or the work tree."""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from .changes import library_records, manifest_records
from .errors import BriefpackError


def edition_records(spec: str | None, root: Path) -> dict[str, dict]:
    """Excerpt records of an edition: ``spec`` is a manifest.json path, a git
    revision of the workspace, or None for the library as it is on disk."""
    from .loading import load_library
    from .manifest import read_manifest

    if spec is None:
        library, _ = load_library(root)
        return library_records(library)
    path = Path(spec)
    if path.is_file():
        return manifest_records(read_manifest_file(path))
    if path.is_dir() and (path / "manifest.json").is_file():
        return manifest_records(read_manifest(path))
    with tempfile.TemporaryDirectory(prefix="briefpack-edition-") as tmp:
        _export_revision(root, spec, Path(tmp))
        library, _ = load_library(Path(tmp))
        return library_records(library)


def read_manifest_file(path: Path) -> dict:
    from .manifest import read_manifest

    if path.name != "manifest.json":
        raise BriefpackError("not a manifest (expected a file named manifest.json)", path=path)
    return read_manifest(path.parent)


def _export_revision(root: Path, revision: str, target: Path) -> None:
    """Write the workspace's seeds/ as of ``revision`` into ``target``."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True, check=True,
        ).stdout.decode().strip()
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", f"{revision}:{top}seeds"],
            capture_output=True, check=True,
        ).stdout
    except FileNotFoundError:
        raise BriefpackError("git is not installed; give two manifest.json files instead") from None
    except subprocess.CalledProcessError as exc:
        message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise BriefpackError(
            f"not a manifest file nor a git revision of the workspace: {revision!r}"
            + (f" ({message[-1]})" if message else "")
        ) from None
    seeds = target / "seeds"
    seeds.mkdir()
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(seeds, filter="data")
