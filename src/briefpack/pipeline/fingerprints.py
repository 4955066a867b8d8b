"""What goes into an output, hashed: the basis of incremental builds.

Two levels of record:

* the *workspace fingerprint* of a brief: the hash of every file that could
  change any of its outputs (the brief, every file under ``seeds/``, the
  templates, the writer options, the code). When it is unchanged since the
  last complete build, the outputs are up to date without loading the library
  or composing anything;
* the *input record* of one output: the brief, the excerpts the document
  selects or cites (each by content hash), their sources, the vocabulary, the
  templates and the writer options. When the workspace changed, an output is
  rebuilt only if its own input record changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from .. import __version__
from ..briefs.sections import PACKAGE_TEMPLATES, SECTION_TYPES
from ..errors import Problem, relative_path
from ..library.files import EXCERPT_SUFFIXES, EXCERPTS_DIR, SOURCE_SUFFIXES, SOURCES_DIR, content_hash
from ..workspace import inside, template_files
from .manifest import excerpt_record, sha256_bytes, sha256_file, sha256_json

PACKAGE = Path(__file__).parent.parent
_code_key_cache: str | None = None


def code_key() -> str:
    """The hash of the package's code, templates and styles (names and sizes of fonts), of the
    Python running it and of the distributions installed beside it (:func:`installed`)."""
    global _code_key_cache
    if _code_key_cache is None:
        digest = hashlib.sha256(__version__.encode())
        digest.update(f"{sys.version}\0{installed()}\0".encode())
        for parts, path in sorted(_package_files(str(PACKAGE), ())):
            rel = "/".join(parts)
            if path.lower().endswith((".ttf", ".otf")):
                digest.update(f"{rel}\0{os.stat(path).st_size}\0".encode())
            else:
                with open(path, "rb") as fh:
                    digest.update(f"{rel}\0".encode() + fh.read() + b"\0")
        _code_key_cache = digest.hexdigest()
    return _code_key_cache


def _package_files(folder: str, parts: tuple) -> list[tuple[tuple, str]]:
    """(parts of its path under ``folder``, path) of every file there, in sub-folders too but
    ``__pycache__`` (and folders linked in, which ``Path.rglob`` leaves out as well)."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                if not entry.is_symlink():
                    found += _package_files(entry.path, parts + (entry.name,))
            elif entry.is_file():
                found.append((parts + (entry.name,), entry.path))
    return found


def installed() -> list[str]:
    """The metadata folders of the distributions where Python finds modules: their names hold
    their versions, so an upgrade of reportlab, Jinja or any library the code runs on counts as
    a change of code (read without importing ``importlib.metadata``, which costs as much as an
    up-to-date check)."""
    names = []
    for entry in dict.fromkeys(sys.path):
        try:
            with os.scandir(entry or ".") as found:
                names += [item.name for item in found if item.name.endswith((".dist-info", ".egg-info"))]
        except OSError:  # not a folder (a zip archive) or gone
            continue
    return sorted(names)


def _tree_hashes(folder: Path, base: Path, read: dict | None = None) -> dict[str, str]:
    """Hashes of the files under ``folder``. A file that cannot be read (a dangling or looping link, no permission) is kept with
    why: it changes the fingerprint, so the build checks the library and reports
    it as ``briefpack check`` does, instead of calling the outputs up to date.
    ``read``: where the bytes of the library's sources and excerpts files are kept with their
    hash, by workspace path, for the check (see ``library.check.check_library``)."""
    if not folder.is_dir():
        return {}
    hashes = {}
    for path in sorted(folder.rglob("*")):
        if path.name.startswith("."):
            continue
        file = path.is_file()  # else a link that leads nowhere, or to a folder, is kept too
        if file or path.is_symlink():
            rel = path.relative_to(base).as_posix()
            kept = read is not None and rel.startswith(_LIBRARY_FILES) and rel.endswith(_LIBRARY_SUFFIXES)
            hashes[rel] = _hash_or_why(path, read if kept else None, rel, file)
    return hashes


_LIBRARY_FILES = (f"{SOURCES_DIR.as_posix()}/", f"{EXCERPTS_DIR.as_posix()}/")
_LIBRARY_SUFFIXES = SOURCE_SUFFIXES + EXCERPT_SUFFIXES


def _contained_hash(path: Path, root: Path) -> str:
    """The hash of a template file; "outside" for one that resolves outside
    the workspace (the build refuses it; its content is never read)."""
    return _hash_or_why(path) if inside(path, root) else "outside"


def _hash_or_why(path: Path, read: dict | None = None, rel: str = "", file: bool = False) -> str:
    """``path``'s hash (``file``: known to be a file), "folder", or why it cannot be read."""
    try:
        if not file and path.is_dir():
            return "folder"
        if read is None:
            return sha256_file(path)
        data = path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    read[rel] = (data, content_hash(data))  # as the check keys them: the same bytes, hashed once
    return read[rel][1]


def workspace_hashes(root: Path, read: dict | None = None) -> dict[str, str]:
    """Hashes of every library, template and edition file of the workspace (computed once per
    build); ``read``: see :func:`_tree_hashes`."""
    editions = _tree_hashes(root / "editions", root)
    return {**_tree_hashes(root / "seeds", root, read), **_template_hashes(root), **editions}


def _template_hashes(root: Path) -> dict[str, str]:
    """Hashes of the files of ``templates/`` the template loader could read, folders linked
    inside the workspace followed; what lies outside it is "outside", never read."""
    found = template_files(root)
    if found and not isinstance(found[0], tuple):  # no folder, or one linked elsewhere
        return {"templates": "outside"} if found[0] else {}
    return {f"templates/{name}": sha256_bytes(data) if data is not None else "outside or unreadable"
            for name, data in found}


def brief_fingerprint(brief_path: Path, root: Path, workspace: dict[str, str], options: dict) -> str | None:
    """One hash of everything any output of ``brief_path`` depends on (None
    when the brief cannot be read: loading it reports why).

    ``options`` holds the build settings that change outputs (formats, maximum
    marking, writer options as hashes)."""
    try:
        text = brief_path.read_bytes()
    except OSError:
        return None
    extra = {}  # section templates kept outside templates/
    for match in re.finditer(rb"^\s*-?\s*template:\s*[\"']?([^\"'#\s]+)", text, re.M):
        name = match.group(1).decode("utf-8", "replace")
        path = Path(root) / name
        extra[name] = _contained_hash(path, root) if path.is_file() else None
    for section_type in SECTION_TYPES.values():  # registered templates outside the package's code
        if not section_type.template.is_relative_to(PACKAGE):
            path = section_type.template
            extra[str(path)] = sha256_file(path) if path.is_file() else None
    return sha256_json({
        "brief": sha256_bytes(text),
        "templates": extra,
        "workspace": workspace,
        "options": options,
        "code": code_key(),
    })


def build_options(settings) -> dict:
    """The settings that can change an output, for the fingerprint (every
    registered writer option: files by their hash)."""
    from ..writers.registry import writer_options

    options = settings.writer_options
    values = {}
    for name, option in writer_options().items():
        value = getattr(options, name, None)
        if option.file and value is not None:
            value = sha256_file(value.path if option.sheet else value)
        values[name] = value
    return {
        "formats": settings.formats,
        "max_marking": settings.max_marking,
        "writer_options": values,
        "since": settings.since,
    }


def template_hashes(root: Path, brief, hashes: dict | None = None) -> dict[str, str]:
    """The hashes of every template a document of ``brief`` may render: the package's, the
    registered section types', the brief's own and every file of the workspace's templates/."""
    registered = {t.template for t in SECTION_TYPES.values()}
    files = sorted(PACKAGE_TEMPLATES.glob("*.j2"))
    files += sorted(t for t in registered if t.parent != PACKAGE_TEMPLATES)
    for section in brief.sections:
        override = section.params.get("template")
        if override:
            files.append(root / override)
    out = {}
    for path in files:
        if path.is_file():
            name = f"briefpack:{path.name}" if path.parent == PACKAGE_TEMPLATES else relative_path(path, root)
            ours = path.parent == PACKAGE_TEMPLATES or path in registered or inside(path, root)
            out[name] = file_hash(path, root, hashes) if ours else "outside"
    if hashes is None:  # every file of templates/ the loader could read: an include's too
        return {**out, **_template_hashes(root)}
    return {**out, **{name: hashed for name, hashed in hashes.items()
                      if name == "templates" or name.startswith("templates/")}}


def file_hash(path: Path, root: Path, hashes: dict | None) -> str:
    """The hash of ``path``, taken from ``hashes`` (workspace-relative keys, as
    :func:`workspace_hashes` makes them) when there, else computed and kept in it:
    one build hashes each file once, however many outputs it enters."""
    if hashes is None:
        return _hash_or_why(Path(path))
    key = relative_path(Path(path), Path(root))
    if key not in hashes:
        hashes[key] = _hash_or_why(Path(path))
    return hashes[key]


def input_record(root: Path, brief, library, keys, fmt: str, options, max_marking,
                 hashes: dict | None = None, records: dict | None = None) -> tuple[dict, dict]:
    """Hashes of everything that goes into one output, and the manifest
    records of its excerpts (``keys``: selected or cited). ``hashes``: the
    file hashes the build already has (see :func:`file_hash`); ``records``: the
    records of ``library``'s excerpts the build already has (see ``manifest.library_snapshot``)."""
    excerpts = {}
    for key in sorted(keys):
        if key in library.excerpts:
            excerpt = library.excerpts[key]
            record = records.get(key) if records is not None else None
            excerpts[key] = {**(record or excerpt_record(excerpt)), "locator": excerpt.locator}
    sources = {}
    for rec in excerpts.values():
        src = library.sources.get(rec["source"])
        if src is not None and src.path is not None and rec["source"] not in sources:
            sources[rec["source"]] = file_hash(src.path, root, hashes)
    vocabulary = root / "seeds" / "vocabulary.yaml"
    inputs = {
        "brief": file_hash(brief.path, root, hashes),
        "variables": {k: str(v) for k, v in (brief.variables or {}).items()},
        "excerpts": {k: v["hash"] for k, v in excerpts.items()},
        "sources": sources,
        "vocabulary": file_hash(vocabulary, root, hashes) if vocabulary.exists() else None,
        "templates": template_hashes(root, brief, hashes),
        "max_marking": max_marking,
        **writer_inputs(fmt, options, root, hashes),
        "version": __version__,
        "code": code_key(),
    }
    return inputs, excerpts


def writer_inputs(fmt: str, options, root: Path, hashes: dict | None) -> dict:
    """The writer options that change an output of ``fmt``: those its registry
    entry names (files by their hash, other values as they are)."""
    from ..writers.registry import FORMATS

    out = {}
    for option in FORMATS[fmt].options:
        value = getattr(options, option.name, None)
        if option.file and value is not None:
            value = file_hash(value.path if option.sheet else value, root, hashes)
        out[option.name] = value
    return {"writer_options": out}


def usable_library(library, problems: list[Problem]):
    """The library without the excerpts that have errors (for ``--keep-going``):
    an excerpt goes when an error points into its lines, its quote was not
    found, or its source is unknown."""
    from bisect import bisect_right
    from dataclasses import replace

    errors: dict[str, list[int]] = {}  # file -> lines of its errors
    for p in problems:
        if p.severity == "error" and p.line is not None:
            errors.setdefault(str(p.path), []).append(p.line)
    by_file: dict[str, list] = {}
    for excerpt in library.excerpts.values():
        by_file.setdefault(relative_path(Path(excerpt.path), library.root) if excerpt.path else "", []).append(excerpt)
    bad: set[str] = set()
    for rel, excerpts in by_file.items():
        excerpts.sort(key=lambda e: e.line or 0)
        starts = [e.line or 0 for e in excerpts]
        for line in errors.get(rel, ()):  # the excerpt whose lines hold the error: the last starting before it
            index = bisect_right(starts, line) - 1
            if index >= 0:
                bad.add(excerpts[index].id)
    for excerpt in library.excerpts.values():
        if excerpt.locator is None or excerpt.source not in library.sources:
            bad.add(excerpt.id)
    kept = {k: e for k, e in library.excerpts.items() if k not in bad}
    return replace(library, excerpts=kept), sorted(bad)
