"""A capture written as a library source (``seeds/sources/<id>.txt``), the original kept beside it.

The front matter holds only what the file (or a CSL-JSON export, or the
command line) states; the body is the captured text, paragraph by paragraph, as
extracted, so that every later quote is checked against exactly what was
captured. The file as it was added is copied to ``seeds/captures/<id>.<ext>``.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefpackError
from .capture import Capture
from .debris import propose_non_body
from .yamltext import flow_list, folded, scalar

SOURCES = Path("seeds/sources")
CAPTURES = Path("seeds/captures")
_STOP = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "with", "at", "by", "from", "is",
         "are", "as", "its", "how", "what", "why", "who"}


@dataclass
class Added:
    """What ``add_source`` wrote."""

    source_id: str
    source_path: Path  # relative to the workspace
    capture_path: Path
    capture: Capture
    debris: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    csl_fields: list[str] = field(default_factory=list)


def source_id_for(capture: Capture, taken) -> str:
    """``surname-year-title-words`` (the publisher's first word without an author), unique among ``taken``."""
    who = capture.author[0].split()[-1] if capture.author else (capture.publisher.split() or [""])[0]
    words = [w for w in _slug(capture.title).split("-") if w and w not in _STOP][:4]
    base = "-".join(p for p in (_slug(who), capture.published[:4], *words) if p)[:60].strip("-") or "source"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def source_text(source_id: str, capture: Capture, reliability: str, debris, captured_as: str) -> str:
    """The whole source file: front matter, then the paragraphs separated by blank lines."""
    lines = ["---", f"id: {scalar(source_id)}", f"title: {scalar(capture.title or source_id)}"]
    if capture.author:
        lines.append(f"author: {scalar(capture.author[0]) if len(capture.author) == 1 else flow_list(capture.author)}")
    for name in ("publisher", "published", "accessed", "url"):
        value = getattr(capture, name)
        if value:
            lines.append(f"{name}: {scalar(value) if name not in ('published', 'accessed') else repr_date(value)}")
    lines.append(f"language: {scalar(capture.language or 'und')}")
    lines.append(f"reliability: {reliability}")
    if debris:
        kinds = "; ".join(f"{n} {kind}" for n, kind in debris)
        lines.append(f"non_body: [{', '.join(str(n) for n, _ in debris)}]   # proposed: {kinds}")
    lines += folded("notes", f"Captured from {captured_as} on {datetime.date.today().isoformat()}; "
                             f"the file as added is {CAPTURES.as_posix()}/{source_id}{Path(captured_as).suffix.lower()}.")
    lines.append("---")
    return "\n".join(lines) + "\n" + "\n\n".join(capture.paragraphs) + "\n"


def repr_date(value: str) -> str:
    return f'"{value}"'


def add_source(root: Path, file: Path, capture: Capture, *, source_id: str | None, reliability: str,
               taken) -> Added:
    """Write the capture as ``seeds/sources/<id>.txt`` and copy ``file`` under ``seeds/captures/``."""
    from ..library.load import parse_source

    if source_id is None:
        source_id = source_id_for(capture, taken)
    elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", source_id):
        raise BriefpackError(f"bad source id '{source_id}': use letters, digits, '.', '_' and '-'")
    elif source_id in taken:
        raise BriefpackError(f"a source with the id '{source_id}' exists: give another with --id")
    source_rel = SOURCES / f"{source_id}.txt"
    capture_rel = CAPTURES / f"{source_id}{file.suffix.lower()}"
    for rel in (source_rel, capture_rel):
        if (root / rel).exists():
            raise BriefpackError(f"{rel.as_posix()} exists: give another id with --id")
    debris = propose_non_body(capture.paragraphs)
    text = source_text(source_id, capture, reliability, debris, file.name)
    source, problems = parse_source(root / source_rel, source_rel.as_posix(), text.encode("utf-8"))
    errors = [p for p in problems if p.severity == "error"]
    if source is None or errors:  # what is written must read back; a bug if not
        raise RuntimeError(f"the source written for {file.name} does not read back: {errors[0] if errors else ''}")
    (root / CAPTURES).mkdir(parents=True, exist_ok=True)
    (root / SOURCES).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, root / capture_rel)
    try:
        write_atomically(root / source_rel, text)
    except BaseException:
        (root / capture_rel).unlink(missing_ok=True)
        raise
    return Added(source_id, source_rel, capture_rel, capture, debris, capture.missing())


def write_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fill_title(capture: Capture, file: Path) -> str | None:
    """A title when the file states none (the first short paragraph, else the file name); what it was."""
    if capture.title:
        return None
    first = capture.paragraphs[0] if capture.paragraphs else ""
    if first and len(first) <= 150 and "\n" not in first and not first.endswith("."):
        capture.title = first
        return "its first paragraph"
    capture.title = file.stem.replace("_", " ").replace("-", " ")
    return "the file name"
