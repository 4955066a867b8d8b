"""Published editions, kept with the workspace in ``editions/``.

One JSON file per edition of a document, ``editions/<document>/edition-<N>.json``,
written by ``briefpack build --publish`` (or ``briefpack publish``) once every
format of the document has been written. It records the edition's number and
date, what its change section compared against, the hash of the document's
inputs and the library state it was built from: a record of every excerpt it
selected or cited (content hash, source, date, figures, the start of the
quote), its sources, which excerpts each key judgment and section drew on,
and the hashes of the files written. Files are plain, sorted, indented JSON,
meant to be committed with the library and read with ``git diff``.

A build compares each document with its last published edition; builds in
between are drafts of the next edition.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..conventions.dates import format_date
from ..errors import BriefpackError, relative_path

FOLDER = "editions"
# What an edition records of its release, beside the document (see pipeline.release).
RELEASE_FIELDS = ("approvals", "review", "recipients", "copies", "signature", "unsigned")
_FILE = re.compile(r"^edition-(\d+)\.json$")


@dataclass
class Edition:
    """One published edition of one document."""

    document: str
    number: int
    date: str  # YYYY-MM-DD
    content: str  # hash of the document's inputs (see documents.content_hash)
    excerpts: dict[str, dict] = field(default_factory=dict)  # id -> record
    sources: dict[str, dict] = field(default_factory=dict)  # id -> {hash, title, publisher}
    judgments: list[dict] = field(default_factory=list)  # {"text", "excerpts"}
    sections: list[dict] = field(default_factory=list)  # {"title", "excerpts"}
    brief: str = ""
    as_of: str = ""
    baseline: int | None = None  # the edition its change section compared against
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    folder: str = ""  # the output folder, relative to the workspace when inside it
    release: dict = field(default_factory=dict)  # approvals, recipients, copies, signature (see records)
    path: Path | None = None

    def label(self) -> str:
        """"edition 4 (May 12, 2026)"."""
        return f"edition {self.number} ({format_date(self.date)})"

    def release_note(self) -> str:
        """", approved by A. Reviewer, signed by Desk, sent to J. Smith": what its record adds."""
        release = self.release
        parts = []
        if release.get("approvals"):
            parts.append("approved by " + ", ".join(a.get("by", "") for a in release["approvals"]))
        if release.get("signature"):
            parts.append(f"signed by {release['signature'].get('signer')}")
        if release.get("recipients"):
            copies = " (a copy each)" if release.get("copies") else ""
            parts.append("sent to " + ", ".join(release["recipients"]) + copies)
        return "".join(f", {p}" for p in parts)

    def to_json(self) -> dict:
        return {
            "document": self.document, "edition": self.number, "date": self.date,
            "brief": self.brief, "as_of": self.as_of, "baseline": self.baseline,
            "content": self.content, "excerpts": self.excerpts, "sources": self.sources,
            "judgments": self.judgments, "sections": self.sections, "outputs": self.outputs,
            "folder": self.folder, **self.release,
        }


def document_folder(root: Path, document: str) -> Path:
    return Path(root) / FOLDER / document


def read_editions(root: Path, document: str) -> list[Edition]:
    """Every published edition of ``document``, oldest first."""
    folder = document_folder(root, document)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _FILE.match(path.name)
        if match and path.is_file():
            found.append(read_edition_file(path, int(match.group(1)), document))
    return sorted(found, key=lambda e: e.number)


def read_edition_file(path: Path, number: int | None = None, document: str | None = None) -> Edition:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BriefpackError(f"cannot read the edition file: {exc.strerror or exc}", path=path) from None
    except ValueError as exc:
        raise BriefpackError(f"unreadable edition file ({exc})", path=path) from None
    return edition_from_json(data, path, number, document)


def edition_from_json(data, path, number: int | None = None, document: str | None = None) -> Edition:
    """An Edition from a parsed file; BriefpackError naming ``path`` if it is not one."""
    def bad(what: str) -> BriefpackError:
        return BriefpackError(f"unreadable edition file: {what}", path=path)

    if not isinstance(data, dict):
        raise bad("not a JSON object")
    if not isinstance(data.get("edition"), int) or (number is not None and data["edition"] != number):
        raise bad(f"'edition' must be the number in the file name ({number})")
    if not isinstance(data.get("date"), str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["date"]):
        raise bad("'date' must be YYYY-MM-DD")
    excerpts = data.get("excerpts", {})
    if not isinstance(excerpts, dict) or not all(
            isinstance(r, dict) and isinstance(r.get("hash"), str) and isinstance(r.get("source"), str)
            for r in excerpts.values()):
        raise bad("bad excerpt records")
    lists = {name: data.get(name) or [] for name in ("judgments", "sections")}
    for name, items in lists.items():
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise bad(f"'{name}' must be a list of records")
    baseline = data.get("baseline")
    return Edition(
        document=document or str(data.get("document", "")), number=data["edition"], date=data["date"],
        content=str(data.get("content", "")), excerpts=excerpts,
        sources=data.get("sources") if isinstance(data.get("sources"), dict) else {},
        judgments=lists["judgments"], sections=lists["sections"], brief=str(data.get("brief", "")),
        as_of=str(data.get("as_of", "")), baseline=baseline if isinstance(baseline, int) else None,
        outputs=data.get("outputs") if isinstance(data.get("outputs"), dict) else {}, path=path,
        folder=str(data.get("folder", "")),
        release={k: data[k] for k in RELEASE_FIELDS if k in data},
    )


def write_edition(root: Path, edition: Edition) -> Path:
    """Add ``edition`` to the record as pending (the workspace's lock held); returns
    the pending file, made final with ``records.finalize`` once its outputs are in place."""
    from .records import append

    path = document_folder(root, edition.document) / f"edition-{edition.number}.json"
    edition.path = path
    return append(root, path, edition.to_json(), pending=True)


def all_documents(root: Path) -> list[str]:
    """The documents that have a folder under ``editions/``."""
    folder = Path(root) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


# ---------------------------------------------------------------- --since
def resolve_since(spec: str, editions: list[Edition], root: Path, document: str) -> Edition:
    """The edition ``spec`` names for ``document``: an edition number (``4``),
    a date (the last edition published on or before it) or a git revision of
    the workspace (the last edition recorded at that revision)."""
    spec = str(spec).strip()
    number = re.fullmatch(r"(?:edition-?)?(\d+)", spec, re.I)
    if number:
        found = [e for e in editions if e.number == int(number.group(1))]
        if not found:
            raise BriefpackError(f"--since {spec}: {document} has no edition {number.group(1)}"
                                 f"{_known(editions)}")
        return found[0]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec):
        found = [e for e in editions if e.date <= spec]
        if not found:
            raise BriefpackError(f"--since {spec}: {document} has no edition published on or before "
                                 f"{spec}{_known(editions)}")
        return found[-1]
    return _edition_at_revision(root, spec, document)


def _known(editions: list[Edition]) -> str:
    if not editions:
        return " (it has none yet: publish one with build --publish)"
    return " (editions: " + ", ".join(f"{e.number} of {e.date}" for e in editions) + ")"


def _edition_at_revision(root: Path, revision: str, document: str) -> Edition:
    import subprocess

    from .editions import _git, _git_message

    where = f"--since {revision}"
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
        commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{revision}^{{commit}}").decode().strip()
    except FileNotFoundError:
        raise BriefpackError(f"{where}: git is not installed; give an edition number or a date") from None
    except subprocess.CalledProcessError as exc:
        raise BriefpackError(f"{where}: not an edition number (4), a date (YYYY-MM-DD) nor a git "
                             f"revision of the workspace{_git_message(exc)}") from None
    folder = f"{prefix}{FOLDER}/{document}/"
    try:
        names = _git(root, "ls-tree", "--name-only", f"{commit}:{folder}").decode().split()
    except subprocess.CalledProcessError:
        names = []
    numbers = sorted(int(m.group(1)) for m in map(_FILE.match, names) if m)
    if not numbers:
        raise BriefpackError(f"{where}: revision {commit[:12]} has no published edition of {document}")
    path = f"{folder}edition-{numbers[-1]}.json"
    try:
        data = json.loads(_git(root, "show", f"{commit}:{path}").decode("utf-8"))
    except (subprocess.CalledProcessError, ValueError) as exc:
        raise BriefpackError(f"{where}: cannot read {path} at {commit[:12]} ({exc})") from None
    return edition_from_json(data, f"{revision}:{path}", numbers[-1], document)


# ---------------------------------------------------------------- briefpack editions
def edition_records(root: Path, brief: str | None = None) -> list[dict]:
    """Every published edition (of the documents of ``brief`` when given),
    by document, newest first."""
    from .records import read_chain

    chained, _ = read_chain(root)
    records = []
    for document in all_documents(root):
        copies = [r.data for r in chained if r.kind == "copies" and r.data.get("document") == document]
        for edition in reversed(read_editions(root, document)):
            sent = list(edition.release.get("recipients") or [])
            sent += [n for c in copies if c.get("edition") == edition.number for n in c.get("recipients") or []
                     if n not in sent]
            if brief is not None and edition.brief != brief:
                continue
            records.append({
                "document": document, "brief": edition.brief, "edition": edition.number,
                "date": edition.date, "baseline": edition.baseline, "excerpts": len(edition.excerpts),
                "sources": len(edition.sources), "outputs": sorted(edition.outputs),
                "approved_by": [a.get("by") for a in edition.release.get("approvals") or []],
                "recipients": sent,
                "file": relative_path(edition.path.resolve(), Path(root).resolve()) if edition.path else None,
            })
    return records


def edition_lines(records: list[dict]) -> list[str]:
    if not records:
        return ["No edition has been published yet (briefpack build --publish)."]
    lines, document = [], None
    for r in records:
        if r["document"] != document:
            document = r["document"]
            lines.append(f"{document} ({r['brief']})")
        against = f"  compared with edition {r['baseline']}" if r["baseline"] else ""
        lines.append(f"  edition {r['edition']}  {format_date(r['date'])}{against}  "
                     f"{r['excerpts']} excerpt{'s' * (r['excerpts'] != 1)}, "
                     f"{r['sources']} source{'s' * (r['sources'] != 1)}"
                     + (f", approved by {', '.join(r['approved_by'])}" if r.get("approved_by") else "")
                     + (f", sent to {', '.join(r['recipients'])}" if r.get("recipients") else ""))
    return lines
