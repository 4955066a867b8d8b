"""The build, top to bottom.

lock the output folder -> is every output up to date (workspace fingerprints)?
-> load the library (checked; withdrawn excerpts set aside) -> load briefs ->
expand matrices -> compose each document (templates -> document model) ->
decide each document's edition and what is out of date (build_plan) -> finish
each document once: the "changes since" section, the marking, citations to
numbered notes -> writers (in a process pool) -> every format of a document
renamed into place together -> manifest, edition file (writing).
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from ..collector import held, released
from ..errors import BriefpackError, BuildError, Problem, relative_path, relative_to_root
from ..writers import WriterOptions, option_warnings
from .fingerprints import brief_fingerprint, build_options, code_key, workspace_hashes
from .documents import citations_kept
from .manifest import manifest_unchanged, output_intact, read_manifest, write_manifest
from .outputs import WAIT_TIMEOUT, folder_lock, refuse_shared_outputs, remove_stale_temporaries
from .plan import OutputResult, Plan
from .workers import EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, SECTIONS_FOLDER, compose_one, workers
from .writing import write_documents

FONTS_FOLDER = ".briefpack-cache/fonts"  # what reportlab reads of each font face, for the next build


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
    publish: bool = False  # record a new edition of every document whose inputs changed since the last
    since: str | None = None  # the baseline: an edition number, a date or a git revision
    publish_built: bool = False  # publish only documents unchanged since their last build, in its formats
    wait_timeout: float = WAIT_TIMEOUT  # seconds, with wait
    stix: bool = False  # with publish: each new edition's STIX 2.1 bundle lands beside its formats
    no_review: bool = False  # with publish: published without review (refused where a policy asks for it)
    signing: object = None  # with publish: a signing.SigningKey; every published PDF is signed with it
    recipients: list[str] = field(default_factory=list)  # with publish: who receives it (recorded)
    per_recipient: bool = False  # with recipients: a copy for each, their name in every page foot


@dataclass
class BuildReport:
    outputs: list[OutputResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    library_problems: list[Problem] = field(default_factory=list)  # with --keep-going
    published: list = field(default_factory=list)  # the editions this build recorded
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


def production_day() -> tuple[str, int | None]:
    """Today (YYYY-MM-DD), or the day of SOURCE_DATE_EPOCH and that timestamp."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise BriefpackError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
        if not EARLIEST_TIMESTAMP <= seconds <= LATEST_TIMESTAMP:
            raise BriefpackError(f"SOURCE_DATE_EPOCH {epoch} is out of range: documents carry dates from "
                                 f"1980-01-01 ({EARLIEST_TIMESTAMP}) to 2107-12-31 ({LATEST_TIMESTAMP}), "
                                 "the dates ZIP files (DOCX) can hold")
        day = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        return day.isoformat(), seconds
    return date.today().isoformat(), None


def find_briefs(root: Path, names: list[Path]) -> list[Path]:
    """The briefs named (relative to the current folder or the workspace), or
    by default every ``briefs/*.yaml`` (sub-folders are built only when named)."""
    if names:
        paths = []
        for name in names:
            path = Path(name)
            if not path.exists() and (root / path).exists():
                path = root / path
            if not path.is_file():
                raise BriefpackError("no such brief", path=name)
            path = Path(os.path.abspath(path))  # symbolic links kept: their names are shown
            if path not in paths:
                paths.append(path)
        return paths
    paths = sorted((root / "briefs").glob("*.yaml"))
    if not paths:
        raise BriefpackError("no briefs found", path=root / "briefs")
    return paths


def build(settings: BuildSettings, progress: Progress | None = None,
          report: BuildReport | None = None) -> BuildReport:
    """Build every requested output; returns the report. Raises BriefpackError
    for errors in the inputs (unless keep_going: then failed outputs are listed).
    ``report``, when given, is filled as the build goes: the caller keeps what
    was done also when the build stops with an error."""
    started = time.perf_counter()
    settings = replace(settings, root=Path(settings.root).resolve())
    root = settings.root
    out_dir = settings.out_dir or root / "out"
    progress = progress or Progress()
    report = report if report is not None else BuildReport()

    try:
        with folder_lock(out_dir, wait=settings.wait, on_wait=lambda: progress.waiting(out_dir),
                         timeout=settings.wait_timeout), _release_lock(settings, progress):
            remove_stale_temporaries(out_dir)
            try:
                with held():  # tens of thousands of small objects, kept for the whole build
                    manifest = read_manifest(out_dir)
                paths = find_briefs(root, settings.briefs)
                read: dict = {}  # the library's files, read once: hashed here, checked if the build goes on
                workspace, options = workspace_hashes(root, read), build_options(settings)
                fingerprints = {relative_path(Path(p).resolve(), root): brief_fingerprint(p, root, workspace, options)
                                for p in paths}
                if settings.force or settings.publish or \
                        not _up_to_date(manifest, fingerprints, out_dir, settings, report):
                    _build(settings, paths, fingerprints, manifest, out_dir, report, progress, workspace, read)
            except KeyboardInterrupt:  # the workers are gone: what they were writing goes too
                remove_stale_temporaries(out_dir)
                raise
    except BriefpackError as exc:
        relative_to_root(exc, root)
        raise
    finally:
        released()
        report.warnings[:] = dict.fromkeys(relative_to_root(w, root) for w in report.warnings)
        report.seconds = time.perf_counter() - started
    if report.failed and not settings.keep_going:
        raise BuildError(report.failed[0].error)
    return report


@contextlib.contextmanager
def _release_lock(settings: BuildSettings, progress: Progress):
    """With --publish, the workspace's lock on its editions for the whole build: the
    edition numbers it decides are printed on the covers, so no other publish or approval
    may record in between (whatever its output folder). What a killed run left pending
    is finished or removed first."""
    if not settings.publish:
        yield
        return
    from .records import FOLDER, records_lock, repair

    folder = settings.root / FOLDER
    with records_lock(settings.root, wait=settings.wait, timeout=settings.wait_timeout,
                      on_wait=lambda: progress.waiting(folder)):
        repair(settings.root)
        yield


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


def _library_for_build(root: Path, settings: BuildSettings, report: BuildReport, read: dict | None = None):
    """The checked library. With errors: LibraryError, or with keep_going the
    library without the excerpts that have errors (the problems on the report)."""
    from ..library.check import check_library, load_checked_library
    from .fingerprints import usable_library

    from ..library.model import without_withdrawn

    if not settings.keep_going:
        library, warnings = load_checked_library(root, strict=settings.strict, texts=False, read=read)
        report.warnings.extend(warnings)
        return without_withdrawn(library)
    library, problems = check_library(root, texts=False, read=read)
    failing = [p for p in problems if settings.strict or p.severity == "error"]
    report.warnings.extend(p for p in problems if not (settings.strict or p.severity == "error"))
    if failing:
        report.library_problems.extend(failing)
        library, _ = usable_library(library, failing)
    return without_withdrawn(library)


def _tasks(paths, root: Path, library, plan, made: dict) -> list:
    """(brief's path, brief, instance) for every document of the briefs at ``paths``; a brief
    that cannot be read or expanded is a failed output of the plan."""
    from ..briefs.read import load_brief
    from ..compose.expand import expand_brief

    tasks = []
    for path in paths:
        rel = relative_path(Path(path).resolve(), root)
        made[rel] = ([], [])
        try:
            brief = load_brief(path)
            instances = expand_brief(brief, library)
        except BriefpackError as exc:
            plan.fail(rel, plan.out_dir / path.stem, path.stem, "-", exc)
            continue
        made[rel][1].extend(brief.warnings)
        tasks += [(rel, brief, instance) for instance in instances]
    return tasks


def _build(settings, paths, fingerprints, manifest, out_dir, report, progress, workspace, read):
    from ..writers.font_cache import kept_in

    with kept_in(None if settings.force else settings.root / FONTS_FOLDER):
        _build_documents(settings, paths, fingerprints, manifest, out_dir, report, progress, workspace, read)


def _build_documents(settings, paths, fingerprints, manifest, out_dir, report, progress, workspace, read):
    from .manifest import record_library

    root = settings.root
    with held():
        library = _library_for_build(root, settings, report, read)
    read.clear()  # what the check did not take (a file it no longer lists)
    if settings.publish and report.library_problems:  # an edition is never built without faulty excerpts
        settings = replace(settings, publish=False, publish_built=False)
        report.warnings.append(Problem(None, None, "nothing was published: the library has errors "
                                       "(the documents were built as drafts)", "warning"))
    _house_style_warnings(settings, report)
    library_warnings = list(report.warnings)
    produced, epoch = production_day()
    made: dict[str, tuple[list[str], list[Problem]]] = {}  # brief -> outputs, warnings
    plan = Plan(settings, manifest, out_dir, library, (date.today().isoformat(), produced if epoch else None),
                dict(workspace))
    plan.excerpt_records = record_library(manifest, library,  # every excerpt, for diff; and for each output
                                          None if report.library_problems else code_key(), not settings.force)
    if settings.signing is not None and settings.publish:  # a key that cannot sign stops the build first
        from .signing import load_signer

        plan.signer = load_signer(settings.signing)

    with held():  # the briefs, and the templates' machinery loaded to expand them
        tasks = _tasks(paths, root, library, plan, made)
    refuse_shared_outputs(settings.formats, tasks, root, out_dir, manifest, library)
    outputs = sum(len(settings.formats or instance.formats) for _, _, instance in tasks)
    with workers(settings.jobs, outputs, library=library, root=root, produced=produced,
                 epoch=epoch, max_marking=settings.max_marking, code=code_key(),
                 sections=None if settings.force else root / SECTIONS_FOLDER) as pool:
        # every document composed before any is planned: planning may stop the build, and a pool
        # is only stopped safely with no task in flight
        composed = list(pool.map(compose_one, [instance for _, _, instance in tasks]))
        with held(), citations_kept(root, settings.force):
            for (rel, brief, instance), result in zip(tasks, composed):
                progress.composing(instance.name)
                names, warnings = made[rel]
                warnings += [w for w in result.warnings if w not in warnings]
                plan.add(rel, brief, instance, result, names, warnings)
        composed = result = plan.library = library = pool.state["library"] = None  # the writers need neither
        write_documents(pool, plan, manifest, out_dir, progress)

    report.warnings.extend(w for _, ws in made.values() for w in ws if w not in report.warnings)
    report.outputs.extend(plan.slots)
    report.published.extend(plan.published)
    failed = plan.failed
    _record_briefs(manifest, made, fingerprints, failed, report, library_warnings)
    if any(slot.status == "built" for slot in plan.slots) or not manifest_unchanged(out_dir, manifest):
        write_manifest(out_dir, manifest)  # (an output built has changed it: no need to compare)


def _house_style_warnings(settings: BuildSettings, report: BuildReport) -> None:
    """What the house-style files carry that the outputs leave out: warnings, errors with --strict."""
    found = option_warnings(settings.writer_options)
    if found and settings.strict:
        raise BuildError(f"{found[0].message} (warnings are errors with --strict)", found[0].path)
    report.warnings.extend(w for w in found if w not in report.warnings)


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
