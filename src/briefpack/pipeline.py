"""The build, top to bottom.

load the library (checked) -> load briefs -> expand matrices -> compose each
document (templates -> document model) -> decide from the manifest what is
out of date -> add the "changes since" section -> citations to numbered notes
-> writers (in a process pool) -> atomic rename -> manifest.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from . import __version__
from .errors import BriefpackError, LibraryError, Problem
from .manifest import (
    excerpt_record,
    read_manifest,
    sha256_file,
    sha256_json,
    write_manifest,
)
from .model import cited_keys
from .outputs import atomic_path, folder_lock, remove_stale_temporaries
from .writers import WRITERS, WriterOptions, write_document

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class BuildSettings:
    root: Path
    briefs: list[Path] = field(default_factory=list)  # empty: every brief in briefs/
    formats: list[str] | None = None  # None: each brief's own formats
    out_dir: Path | None = None  # default <root>/out
    writer_options: WriterOptions = field(default_factory=WriterOptions)
    force: bool = False
    jobs: int | None = None
    strict: bool = False
    keep_going: bool = False
    max_marking: str | None = None
    wait: bool = False


@dataclass
class OutputResult:
    path: Path
    brief: str
    format: str
    status: str  # "built", "unchanged", "failed"
    notes: int | None = None
    pages: int | None = None
    seconds: float = 0.0
    error: str = ""


@dataclass
class BuildReport:
    outputs: list[OutputResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[OutputResult]:
        return [o for o in self.outputs if o.status == "failed"]


@dataclass
class _Job:
    """One output to write: a resolved document and where it goes."""

    document: object
    fmt: str
    target: Path
    options: WriterOptions


def production_clock() -> tuple[str, int | None]:
    """The "date produced" and, when SOURCE_DATE_EPOCH is set, the timestamp
    every embedded date takes (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise BriefpackError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}")
        day = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        return _display_date(day), seconds
    return _display_date(date.today()), None


def _display_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _as_of_timestamp(as_of: str) -> int:
    try:
        day = date.fromisoformat(str(as_of))
    except ValueError:
        return 0
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def find_briefs(root: Path, names: list[Path]) -> list[Path]:
    if names:
        paths = []
        for name in names:
            path = Path(name)
            if not path.exists() and (root / path).exists():
                path = root / path
            if not path.exists():
                raise BriefpackError("no such brief", path=name)
            paths.append(path)
        return paths
    paths = sorted((root / "briefs").glob("*.yaml"))
    if not paths:
        raise BriefpackError("no briefs found", path=root / "briefs")
    return paths


def _template_hashes(root: Path, brief) -> dict[str, str]:
    files = sorted(PACKAGE_TEMPLATES.glob("*.j2")) + sorted((root / "templates").glob("*.j2"))
    for section in brief.sections:
        override = section.params.get("template") if hasattr(section, "params") else None
        if override:
            files.append(root / override)
    return {str(p): sha256_file(p) for p in files if p.is_file()}


def input_record(root: Path, brief, library, keys: list[str], fmt: str, options: WriterOptions):
    """Hashes of everything that goes into one output."""
    excerpts = {k: excerpt_record(library.excerpts[k]) for k in keys if k in library.excerpts}
    for key, rec in excerpts.items():
        rec["locator"] = library.excerpts[key].locator
    sources = {}
    for rec in excerpts.values():
        src = library.sources.get(rec["source"])
        if src is not None and src.path is not None and rec["source"] not in sources:
            sources[rec["source"]] = sha256_file(src.path)
    vocabulary = root / "seeds" / "vocabulary.yaml"
    inputs = {
        "brief": sha256_file(brief.path),
        "variables": dict(getattr(brief, "variables", {}) or {}),
        "excerpts": {k: v["hash"] for k, v in excerpts.items()},
        "sources": sources,
        "vocabulary": sha256_file(vocabulary) if vocabulary.exists() else None,
        "templates": _template_hashes(root, brief),
        "reference_doc": sha256_file(options.reference_doc)
        if fmt == "docx" and options.reference_doc
        else None,
        "pdf_style": sha256_file(options.pdf_style) if fmt == "pdf" and options.pdf_style else None,
        "paper": options.paper if fmt == "pdf" else None,
        "version": __version__,
    }
    return inputs, excerpts


def _write_job(job: _Job) -> tuple[dict, float]:
    started = time.perf_counter()
    with atomic_path(job.target) as tmp:
        stats = write_document(job.document, job.fmt, tmp, job.options)
    return stats, time.perf_counter() - started


def _run_job(job: _Job):
    try:
        stats, seconds = _write_job(job)
        return stats, seconds, None
    except BriefpackError as exc:
        return None, 0.0, str(exc)
    except Exception as exc:  # noqa: BLE001 - a writer bug must not lose other outputs
        return None, 0.0, f"{type(exc).__name__}: {exc}"


def build(settings: BuildSettings, progress=None) -> BuildReport:
    """Build every requested output; returns the report. Raises BriefpackError
    for errors in the inputs (unless keep_going, then failed outputs are listed)."""
    from .briefs import expand_brief, load_brief
    from .changes import add_change_section
    from .checking import load_checked_library
    from .citations import resolve_citations
    from .composing import compose_document

    started = time.perf_counter()
    root = settings.root
    out_dir = settings.out_dir or root / "out"
    report = BuildReport()
    say = progress or (lambda message: None)

    with folder_lock(out_dir, wait=settings.wait):
        remove_stale_temporaries(out_dir)
        try:
            library, warnings = load_checked_library(root, strict=settings.strict)
        except LibraryError:
            raise
        report.warnings.extend(warnings)
        briefs = [load_brief(p) for p in find_briefs(root, settings.briefs)]
        manifest = read_manifest(out_dir)
        produced, epoch = production_clock()

        jobs: list[tuple[_Job, str, dict, dict]] = []
        for brief in briefs:
            report.warnings.extend(getattr(brief, "warnings", []))
            for instance in expand_brief(brief, library):
                timestamp = epoch if epoch is not None else _as_of_timestamp(instance.as_of)
                try:
                    document = compose_document(
                        instance,
                        library,
                        root=root,
                        produced=produced,
                        timestamp=timestamp,
                        max_marking=settings.max_marking,
                    )
                except BriefpackError as exc:
                    if not settings.keep_going:
                        raise
                    report.outputs.append(
                        OutputResult(out_dir / instance.name, instance.name, "-", "failed", error=str(exc))
                    )
                    continue
                report.warnings.extend(getattr(instance, "warnings", []))
                if settings.strict and any(w.severity == "warning" for w in report.warnings):
                    raise LibraryError(report.warnings)
                keys = cited_keys(document)
                formats = settings.formats or list(instance.formats)
                for fmt in formats:
                    if fmt not in WRITERS:
                        raise BriefpackError(f"unknown format '{fmt}' (known: docx, pdf)", path=instance.path)
                    target = out_dir / f"{instance.name}.{fmt}"
                    inputs, excerpts = input_record(
                        root, instance, library, keys, fmt, settings.writer_options
                    )
                    previous = manifest["outputs"].get(target.name)
                    if (
                        not settings.force
                        and previous
                        and previous.get("input_hash") == sha256_json(inputs)
                        and target.exists()
                        and previous.get("output_hash") == sha256_file(target)
                    ):
                        report.outputs.append(
                            OutputResult(target, instance.name, fmt, "unchanged",
                                         previous.get("notes"), previous.get("pages"))
                        )
                        continue
                    final = add_change_section(document, previous, excerpts, library)
                    resolved = resolve_citations(final, library)
                    job = _Job(resolved, fmt, target, settings.writer_options)
                    record = {
                        "brief": str(instance.path.relative_to(root)) if instance.path.is_relative_to(root) else str(instance.path),
                        "format": fmt,
                        "inputs": inputs,
                        "input_hash": sha256_json(inputs),
                        "excerpts": excerpts,
                        "edition": produced,
                        "as_of": instance.as_of,
                    }
                    jobs.append((job, instance.name, record, {}))

        _run_jobs(jobs, settings, manifest, out_dir, report, say)

    report.seconds = time.perf_counter() - started
    failed = report.failed
    if failed and not settings.keep_going:
        first = failed[0]
        raise BriefpackError(f"{first.path.name}: {first.error}")
    return report


def _run_jobs(jobs, settings, manifest, out_dir, report, say):
    if not jobs:
        return
    workers = settings.jobs or min(len(jobs), os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs)))

    def finish(entry, result):
        job, name, record, _ = entry
        stats, seconds, error = result
        if error:
            report.outputs.append(OutputResult(job.target, name, job.fmt, "failed", error=error))
            say(f"failed  {job.target.name}: {error}")
            if not settings.keep_going:
                return
            return
        record.update(
            output_hash=sha256_file(job.target),
            notes=stats.get("notes"),
            pages=stats.get("pages"),
        )
        manifest["outputs"][job.target.name] = record
        write_manifest(out_dir, manifest)
        report.outputs.append(
            OutputResult(job.target, name, job.fmt, "built", stats.get("notes"), stats.get("pages"), seconds)
        )
        say(f"built   {job.target.name}")

    if workers == 1:
        for entry in jobs:
            finish(entry, _run_job(entry[0]))
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        results = [pool.apply_async(_run_job, (entry[0],)) for entry in jobs]
        for entry, result in zip(jobs, results):
            finish(entry, result.get())
