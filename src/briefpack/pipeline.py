"""The build, top to bottom.

lock the output folder -> is every output up to date (workspace fingerprints)?
-> load the library (checked) -> load briefs -> expand matrices -> compose
each document (templates -> document model) -> decide from the manifest what
is out of date -> add the "changes since" section -> citations to numbered
notes -> writers (in a process pool) -> atomic rename -> manifest.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from .errors import BriefpackError, BuildError, LibraryError, Problem
from .inputs import brief_fingerprint, build_options, input_record, selected_keys, workspace_hashes
from .manifest import file_stamp, output_intact, read_manifest, sha256_file, sha256_json, write_manifest
from .model import cited_keys
from .outputs import atomic_path, folder_lock, remove_stale_temporaries
from .writers import WRITERS, WriterOptions, write_document


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
    library_problems: list[Problem] = field(default_factory=list)  # with --keep-going
    seconds: float = 0.0

    @property
    def failed(self) -> list[OutputResult]:
        return [o for o in self.outputs if o.status == "failed"]

    @property
    def built(self) -> list[OutputResult]:
        return [o for o in self.outputs if o.status == "built"]


class Progress:
    """What a build reports as it goes; the CLI prints it (or not)."""

    def waiting(self, folder: Path) -> None: ...
    def composing(self, name: str) -> None: ...
    def writing(self, total: int) -> None: ...
    def wrote(self, result: OutputResult) -> None: ...


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
            raise BriefpackError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
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
            if not path.is_file():
                raise BriefpackError("no such brief", path=name)
            paths.append(path)
        return paths
    paths = sorted((root / "briefs").glob("*.yaml"))
    if not paths:
        raise BriefpackError("no briefs found", path=root / "briefs")
    return paths


def _rel(path: Path, root: Path) -> str:
    path = Path(path).resolve()
    try:
        return path.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def build(settings: BuildSettings, progress: Progress | None = None) -> BuildReport:
    """Build every requested output; returns the report. Raises BriefpackError
    for errors in the inputs (unless keep_going: then failed outputs are listed)."""
    started = time.perf_counter()
    root = settings.root
    out_dir = settings.out_dir or root / "out"
    progress = progress or Progress()
    report = BuildReport()

    with folder_lock(out_dir, wait=settings.wait, on_wait=lambda: progress.waiting(out_dir)):
        remove_stale_temporaries(out_dir)
        manifest = read_manifest(out_dir)
        paths = find_briefs(root, settings.briefs)
        workspace, options = workspace_hashes(root), build_options(settings)
        fingerprints = {_rel(p, root): brief_fingerprint(p, workspace, options) for p in paths}
        if settings.force or not _up_to_date(manifest, fingerprints, out_dir, settings, report):
            _build(settings, paths, fingerprints, manifest, out_dir, report, progress)

    report.seconds = time.perf_counter() - started
    if report.failed and not settings.keep_going:
        first = report.failed[0]
        raise BuildError(f"{first.path.name}: {first.error}")
    return report


def _up_to_date(manifest, fingerprints, out_dir, settings, report) -> bool:
    """True (and the report filled) when every brief's fingerprint matches its
    last complete build and every output it made is intact."""
    outputs, warnings = [], []
    for rel, fingerprint in fingerprints.items():
        entry = manifest["briefs"].get(rel)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        for name in entry.get("outputs", []):
            record = manifest["outputs"].get(name)
            if record is None or not output_intact(out_dir / name, record):
                return False
            outputs.append(OutputResult(out_dir / name, record.get("name", Path(name).stem),
                                        record.get("format", ""), "unchanged",
                                        record.get("notes"), record.get("pages")))
        warnings += [Problem(*w[:3], "warning") for w in entry.get("warnings", [])]
    if settings.strict and warnings:
        return False  # let the full build fail on them
    report.outputs.extend(outputs)
    report.warnings.extend(dict.fromkeys(warnings))
    return True


def load_library(root: Path, settings: BuildSettings, report: BuildReport):
    """The checked library. With errors: LibraryError, or with keep_going the
    library without the excerpts that have errors (the problems on the report)."""
    from .checking import check_library, load_checked_library
    from .inputs import usable_library

    if not settings.keep_going:
        library, warnings = load_checked_library(root, strict=settings.strict)
        report.warnings.extend(warnings)
        return library
    library, problems = check_library(root)
    failing = [p for p in problems if settings.strict or p.severity == "error"]
    report.warnings.extend(p for p in problems if p not in failing)
    if failing:
        report.library_problems.extend(failing)
        library, _ = usable_library(library, failing)
    return library


def _build(settings, paths, fingerprints, manifest, out_dir, report, progress):
    from .briefs import expand_brief, load_brief
    from .changes import add_change_section
    from .citations import resolve_citations
    from .composing import compose_document

    root = settings.root
    library = load_library(root, settings, report)
    library_warnings = list(report.warnings)
    produced, epoch = production_clock()
    slots: list[OutputResult | None] = []
    jobs: list[tuple[int, _Job, dict]] = []
    made: dict[str, tuple[list[str], list[Problem]]] = {}  # brief -> outputs, warnings
    failed: set[str] = set()  # briefs with a failed output

    def fail(target: Path, name: str, fmt: str, exc: BriefpackError):
        if not settings.keep_going:
            raise exc
        failed.add(rel)
        slots.append(OutputResult(target, name, fmt, "failed", error=str(exc)))

    for path in paths:
        rel = _rel(path, root)
        names: list[str] = []
        warnings: list[Problem] = []
        made[rel] = (names, warnings)
        try:
            brief = load_brief(path)
            instances = expand_brief(brief, library)
        except BriefpackError as exc:
            fail(out_dir / path.stem, path.stem, "-", exc)
            continue
        warnings += brief.warnings
        for instance in instances:
            progress.composing(instance.name)
            formats = settings.formats or list(instance.formats)
            try:
                timestamp = epoch if epoch is not None else _as_of_timestamp(instance.as_of)
                document = compose_document(instance, library, root=root, produced=produced,
                                            timestamp=timestamp, max_marking=settings.max_marking)
                _check_strict(settings, brief.warnings + instance.warnings)
                keys = set(cited_keys(document))
                keys |= selected_keys(instance, library, root, settings.max_marking)
            except BriefpackError as exc:
                for fmt in formats:
                    fail(out_dir / f"{instance.name}.{fmt}", instance.name, fmt, exc)
                continue
            warnings += [w for w in instance.warnings if w not in warnings]
            for fmt in formats:
                if fmt not in WRITERS:
                    raise BriefpackError(f"unknown format '{fmt}' (known: docx, pdf)", path=instance.path)
                target = out_dir / f"{instance.name}.{fmt}"
                names.append(target.name)
                inputs, excerpts = input_record(root, instance, library, keys, fmt,
                                                settings.writer_options, settings.max_marking)
                previous = manifest["outputs"].get(target.name)
                if (
                    not settings.force
                    and previous
                    and previous.get("input_hash") == sha256_json(inputs)
                    and output_intact(target, previous)
                ):
                    slots.append(OutputResult(target, instance.name, fmt, "unchanged",
                                              previous.get("notes"), previous.get("pages")))
                    continue
                final = add_change_section(document, previous, excerpts, library)
                final = _marking_covers(final, library, instance, warnings)
                try:
                    resolved = resolve_citations(final, library)
                except BriefpackError as exc:
                    fail(target, instance.name, fmt, exc)
                    continue
                record = {
                    "brief": rel,
                    "name": instance.name,
                    "format": fmt,
                    "inputs": inputs,
                    "input_hash": sha256_json(inputs),
                    "excerpts": excerpts,
                    "edition": produced,
                    "as_of": instance.as_of,
                }
                jobs.append((len(slots), _Job(resolved, fmt, target, settings.writer_options), record))
                slots.append(None)

    report.warnings.extend(w for _, ws in made.values() for w in ws if w not in report.warnings)
    _run_jobs(jobs, slots, settings, manifest, out_dir, progress)
    report.outputs.extend(slots)
    failed.update(record["brief"] for index, _, record in jobs if slots[index].status == "failed")
    _record_briefs(manifest, made, fingerprints, failed, report, library_warnings)
    write_manifest(out_dir, manifest)


def _check_strict(settings, warnings: list[Problem]) -> None:
    if settings.strict and warnings:
        first = warnings[0]
        raise BuildError(f"{first.message} (warnings are errors with --strict)", first.path, first.line)


def _marking_covers(document, library, instance, warnings: list[Problem]):
    """Raise the printed marking to the most restrictive excerpt the final
    document cites (the change section may cite excerpts the body did not)."""
    from .marking import most_restrictive, rank

    needed = most_restrictive(library.excerpts[k].marking for k in cited_keys(document)
                              if k in library.excerpts)
    if rank(needed) <= rank(document.meta.marking):
        return document
    warnings.append(Problem(instance.path, instance.line_of("marking"),
                            f"marking raised from {document.meta.marking} to {needed} "
                            "by the change section", "warning"))
    return replace(document, meta=replace(document.meta, marking=needed))


def _record_briefs(manifest, made, fingerprints, failed, report, library_warnings) -> None:
    """Remember, per brief whose outputs were all made, the fingerprint it was built from."""
    for rel, (names, warnings) in made.items():
        if report.library_problems or rel in failed:
            manifest["briefs"].pop(rel, None)
            continue
        shown = list(dict.fromkeys(library_warnings + warnings))
        manifest["briefs"][rel] = {
            "fingerprint": fingerprints[rel],
            "outputs": names,
            "warnings": [[str(w.path) if w.path is not None else None, w.line, w.message] for w in shown],
        }


def _write_job(job: _Job):
    started = time.perf_counter()
    try:
        with atomic_path(job.target) as tmp:
            stats = write_document(job.document, job.fmt, tmp, job.options)
        return stats, time.perf_counter() - started, None
    except BriefpackError as exc:
        return None, 0.0, str(exc)
    except Exception as exc:  # noqa: BLE001 - a writer bug must not lose other outputs
        return None, 0.0, f"{type(exc).__name__}: {exc}"


def _indexed_job(entry):
    index, job = entry
    return index, _write_job(job)


def _run_jobs(jobs, slots, settings, manifest, out_dir, progress) -> None:
    """Write the outputs, in a process pool when there are several; the
    manifest is updated as each output is renamed into place."""
    if not jobs:
        return
    progress.writing(len(jobs))
    workers = max(1, min(settings.jobs or os.cpu_count() or 1, len(jobs)))
    by_index = {index: (job, record) for index, job, record in jobs}

    def finish(index, outcome):
        job, record = by_index[index]
        stats, seconds, error = outcome
        if error:
            result = OutputResult(job.target, record["name"], job.fmt, "failed", error=error)
        else:
            record.update(output_hash=sha256_file(job.target), output_stamp=file_stamp(job.target),
                          notes=stats.get("notes"), pages=stats.get("pages"))
            manifest["outputs"][job.target.name] = record
            write_manifest(out_dir, manifest)
            result = OutputResult(job.target, record["name"], job.fmt, "built",
                                  stats.get("notes"), stats.get("pages"), seconds)
        slots[index] = result
        progress.wrote(result)

    if workers == 1:
        for index, job, _ in jobs:
            finish(index, _write_job(job))
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for index, outcome in pool.imap_unordered(_indexed_job, [(i, j) for i, j, _ in jobs]):
            finish(index, outcome)
