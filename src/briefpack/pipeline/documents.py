"""One document, finished once; its outputs planned and written together.

For each composed document the build decides which edition it is (see
``pipeline.published``): the last published edition when its inputs have not changed
since, a new edition with ``--publish``, else a draft of the next one. It then
finishes the document once, whatever formats are asked for: the cover's
edition line, the change section against the baseline edition, the marking
rule, citations -> numbered notes. Every format of the document is written
from that one finished document, so the DOCX and the PDF always carry the
same sections and the same note 17.

An output is up to date only when its record says it came from the same
finished document (the same *basis*: inputs, edition, baseline, date
produced). Formats of the document already in the output folder are kept in
step: when the document changes they are rewritten with the requested ones.
All formats are written to temporary files and renamed into place together
(see ``pipeline.writing``), or none is.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..cache_files import read_sealed, write_sealed
from ..errors import BuildError, Problem, relative_to_root
from ..writers.registry import FORMATS, output_file
from .manifest import sha256_json

# The parts of an output's input record that describe the document, whatever its format.
CONTENT_KEYS = ("brief", "variables", "excerpts", "sources", "vocabulary", "templates", "max_marking")


@dataclass
class DocumentJob:
    """The outputs of one document to write, from one finished document."""

    rel: str  # the brief, relative to the workspace
    name: str  # the document name (file stem)
    brief_path: Path
    jobs: list = field(default_factory=list)  # (slot index, WriteJob, record)
    record: dict = field(default_factory=dict)  # the document's record in the manifest
    edition: object = None  # a published.Edition to record once every output has landed
    copies: dict | None = None  # publishing a published edition again (elsewhere): its copies record
    sidecars: list = field(default_factory=list)  # (target, bytes) landing with the outputs: a STIX bundle


@dataclass
class Standing:
    """Which edition a document is: its cover line, produced date and baseline."""

    label: str  # "Edition 4 · May 12, 2026" or "Draft of edition 5"
    number: int  # the edition it is, or the one it is a draft of
    published: bool  # an edition already published or being published
    new: bool = False  # being published by this build
    date: str = ""  # YYYY-MM-DD for a published edition
    baseline: object = None  # the published.Edition its change section compares against


def content_hash(inputs: dict) -> str:
    """The hash of what a document is made of, whatever its format or briefpack's version."""
    return sha256_json({k: inputs.get(k) for k in CONTENT_KEYS})


def standing(editions: list, content: str, publish: bool, today: str, since=None) -> Standing:
    """The document's standing among its published ``editions`` (oldest first).
    ``since``: an Edition to compare against instead of the default baseline."""
    from ..conventions.dates import format_date

    latest = editions[-1] if editions else None
    if latest is not None and latest.content == content:
        earlier = {e.number: e for e in editions}.get(latest.baseline) if latest.baseline else None
        return Standing(f"Edition {latest.number} \N{MIDDLE DOT} {format_date(latest.date)}",
                        latest.number, True, date=latest.date, baseline=since or earlier)
    number = (latest.number if latest else 0) + 1
    if publish:
        return Standing(f"Edition {number} \N{MIDDLE DOT} {format_date(today)}", number, True,
                        new=True, date=today, baseline=since or latest)
    return Standing(f"Draft of edition {number}", number, False, baseline=since or latest)


def formats_of(instance, formats, manifest, out_dir: Path) -> list[str]:
    """The formats to keep up to date: those asked for (else the brief's), and
    those of the same document already in the output folder (kept in step)."""
    asked = list(formats or instance.formats)
    record = manifest.get("documents", {}).get(instance.name, {})
    for fmt in record.get("formats", []):
        if fmt not in asked and fmt in FORMATS and (out_dir / output_file(instance.name, fmt)).exists():
            asked.append(fmt)
    return asked


def output_hash_input(basis: str, fmt: str, inputs: dict) -> str:
    """The input hash of one output: the finished document's basis and the format's own options."""
    return sha256_json({"document": basis, "format": fmt, "writer_options": inputs.get("writer_options"),
                        "version": inputs.get("version"), "code": inputs.get("code")})


def finish(document, instance, library, state: Standing, current: dict, produced: str,
           warnings: list[Problem], lost=()):
    """The finished document: edition line, change section, marking, numbered notes."""
    from ..notes.citations import resolve_citations
    from .changes import add_change_section
    from ..conventions.dates import format_date, restyle_dates
    from ..document.paragraph_limit import long_paragraph

    style = document.meta.house_style
    keywords = list(document.meta.keywords)
    if state.published:  # what the edition is, first in the file's metadata: briefpack verify reads it
        from .verify import identity_keywords

        keywords = identity_keywords(instance.name, state.number) + keywords
    meta = replace(document.meta, edition=restyle_dates(state.label, style), keywords=keywords,
                   produced="" if state.published else format_date(produced, style))
    finished = replace(document, meta=meta)
    if state.baseline is not None:  # (else the composer's marking covers every excerpt the document cites)
        finished = add_change_section(finished, state.baseline, current, library, lost)
        finished = marking_covers(finished, library, instance, warnings)
    resolved = resolve_citations(finished, library)
    too_long = long_paragraph(finished, library) or long_paragraph(resolved, library, len(finished.blocks))
    if too_long:  # refused in every format alike, before anything is written
        raise BuildError(too_long, instance.path)
    from ..compose.typography import styled_blocks

    # the change section and the annex in the house style too; the notes when it is not Chicago's own (US)
    return replace(resolved, blocks=styled_blocks(resolved.blocks, style, notes=style == "british"))


COLLATION_FILE = ".briefpack-cache/collation.marshal"  # the annexes' sort keys, for the next build
NOTES_FILE = ".briefpack-cache/notes.marshal"  # the notes' texts, for the next build
MOST_KEY_BYTES = 16 * 1024 * 1024  # the most either file may hold
COLLATION_MAGIC = b"briefpack collation 1\n"
NOTES_MAGIC = b"briefpack notes 1\n"


@contextlib.contextmanager
def citations_kept(root: Path, force: bool):
    """The source annexes' sort keys and the notes' texts of the last build taken as known
    (the collation table is then not read for them, the notes not written out again), and
    this build's kept for the next; ``force``: neither."""
    from ..notes import collation, kept_notes
    from .fingerprints import code_key

    kept_notes.start(keep=not force)
    try:
        if force:
            yield
            return
        code = code_key()
        kept = [(Path(root) / COLLATION_FILE, COLLATION_MAGIC, f"{code}/{collation.table_version()}", collation),
                (Path(root) / NOTES_FILE, NOTES_MAGIC, code, kept_notes)]
        stored = [read_sealed(path, magic, _version(version), MOST_KEY_BYTES) for path, magic, version, _ in kept]
        for (*_, module), found in zip(kept, stored):
            if found is not None:
                module.remember(found)
        yield
        for (path, magic, version, module), before in zip(kept, stored):
            now = module.given()
            if now and now != before:
                with contextlib.suppress(OSError, ValueError):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write_sealed(path, magic, _version(version), marshal.dumps(now))
    finally:
        kept_notes.start(keep=False)


def _version(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def marking_covers(document, library, instance, warnings: list[Problem]):
    """Raise the printed marking to the most restrictive excerpt the final
    document cites (the change section may cite excerpts the body did not)."""
    from ..conventions.tlp import most_restrictive, rank
    from ..document.walk import cited_keys

    needed = most_restrictive(library.excerpts[k].marking for k in cited_keys(document)
                              if k in library.excerpts)
    if rank(needed) <= rank(document.meta.marking):
        return document
    warnings.append(Problem(instance.path, instance.line_of("marking"),
                            f"marking raised from {document.meta.marking} to {needed} "
                            "by the change section", "warning"))
    return replace(document, meta=replace(document.meta, marking=needed))


def structure(document) -> tuple[list[dict], list[dict]]:
    """The key judgments and sections of a composed document, each with the
    excerpts it cites (what an edition records, and what ``impact`` shows)."""
    from ..document.model import BulletList, Heading, Paragraph, plain_text
    from ..document.walk import cites

    judgments, sections, current, in_judgments = [], [], None, False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current, in_judgments = None, block.anchor == "key-judgments"
            if block.anchor not in ("key-judgments", "introduction", "bottom-line"):
                current = {"title": plain_text(block.content), "anchor": block.anchor, "excerpts": []}
                sections.append(current)
            continue
        keys = list(dict.fromkeys(key for group in cites([block]) for key in group))
        if isinstance(block, Paragraph) and block.style == "lead":
            judgments.append({"text": plain_text(block.content).strip(), "excerpts": keys})
        elif in_judgments and judgments and isinstance(block, BulletList):  # a judgment's supporting bullets
            judgments[-1]["excerpts"] += [k for k in keys if k not in judgments[-1]["excerpts"]]
        elif current is not None:
            current["excerpts"] += [k for k in keys if k not in current["excerpts"]]
    return judgments, sections


def write_error(error: tuple, rel: str, target: Path, root: Path) -> str:
    """A writer's failure ``(message, path, line)``, naming the brief and the
    output (never a temporary file)."""
    message, path, line = error
    if path is None or Path(path).name.startswith("." + target.name):
        path, line = rel, None
    return str(relative_to_root(BuildError(f"{target.name}: {message}", path, line), root))
