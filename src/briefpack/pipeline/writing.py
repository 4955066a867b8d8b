"""Writing the outputs of a build: every format of a document lands together, or none.

Workers write each output to a temporary file beside its target. When every
format of a document has been written, the parent renames them all into
place, records them in the manifest (rewritten atomically) and, when the
build publishes, writes the edition file. If one format fails, the
temporaries of the others are removed: the folder keeps the previous DOCX and
PDF, still one document. The edition file is written before the renames: a
build killed between them leaves an edition whose outputs the next run
writes again (its inputs are those of the edition). An error names the brief and the output, never a
temporary file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .manifest import file_stamp, sha256_file, write_manifest
from .plan import OutputResult


def write_documents(pool, plan, manifest: dict, out_dir: Path, progress) -> None:
    """Write every planned document; fills ``plan.slots`` and ``plan.published``."""
    from .workers import write_one

    groups = [g for g in plan.groups if g.jobs]
    if not groups:
        return
    progress.writing(sum(len(g.jobs) for g in groups))
    owner = {index: group for group in groups for index, _, _ in group.jobs}
    done: dict[int, tuple] = {}
    entries = [(index, job) for group in groups for index, job, _ in group.jobs]
    for index, outcome in pool.unordered(write_one, entries):
        done[index] = outcome
        group = owner[index]
        if all(i in done for i, _, _ in group.jobs):
            _land(group, [(i, job, record, done[i]) for i, job, record in group.jobs],
                  plan, manifest, out_dir, progress)


def _land(group, results, plan, manifest, out_dir, progress) -> None:
    """Rename every output of one document into place, or none of them."""
    from .documents import write_error

    root = plan.settings.root
    failures = [(job, outcome[3]) for _, job, _, outcome in results if outcome[3] is not None]
    if failures:
        job, exc = failures[0]
        _fail(group, results, plan, progress, write_error(exc, group.rel, job.target, root))
        return
    try:
        sidecars = _sidecars(group)
    except OSError as exc:
        _fail(group, results, plan, progress, f"cannot write {group.name}'s bundle: {exc.strerror or exc}")
        return
    hashes = {job.target.name: sha256_file(tmp) for _, job, _, (_, tmp, _, _) in results}
    hashes.update({target.name: sha256_file(tmp) for target, tmp in sidecars})
    if group.edition is not None:  # first: a build killed now leaves an edition the next run rebuilds
        from .published import write_edition

        group.edition.outputs = hashes
        try:
            write_edition(root, group.edition)
        except OSError as exc:
            where = Path(root) / "editions" / group.name
            for _, tmp in sidecars:
                _discard(tmp)
            _fail(group, results, plan, progress, f"{where.relative_to(root).as_posix()}: cannot write the "
                  f"edition file: {exc.strerror or exc}")
            return
        plan.published.append(group.edition)
    for _, job, _, (_, tmp, _, _) in results:
        os.replace(tmp, job.target)
    for target, tmp in sidecars:
        os.replace(tmp, target)
    _fsync_folder(out_dir)
    for index, job, record, (stats, _, seconds, _) in results:
        record.update(output_hash=hashes[job.target.name], output_stamp=file_stamp(job.target),
                      notes=stats.get("notes"), pages=stats.get("pages"))
        manifest["outputs"][job.target.name] = record
        plan.slots[index] = OutputResult(job.target, record["name"], job.fmt, "built",
                                         stats.get("notes"), stats.get("pages"), seconds,
                                         kept_in_step=job.target in plan.kept)
    manifest.setdefault("documents", {})[group.name] = group.record
    write_manifest(out_dir, manifest)
    for index, _, _, _ in results:
        progress.wrote(plan.slots[index])


def _sidecars(group) -> list[tuple[Path, Path]]:
    """Each of the document's side files (its STIX bundle) written to a temporary beside its target."""
    from .outputs import temporary_beside

    written = []
    try:
        for target, data in group.sidecars:
            tmp = temporary_beside(target)
            written.append((target, tmp))
            tmp.write_bytes(data)
    except OSError:
        for _, tmp in written:
            _discard(tmp)
        raise
    return written


def _fail(group, results, plan, progress, error: str) -> None:
    """No output of the document lands: every temporary removed, each output failed with ``error``."""
    for index, job, record, (_, tmp, _, _) in results:
        _discard(tmp)
        plan.slots[index] = OutputResult(job.target, record["name"], job.fmt, "failed", error=error)
        plan.failed.add(group.rel)
        progress.wrote(plan.slots[index])


def _discard(tmp) -> None:
    if tmp is not None:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()


def _fsync_folder(folder: Path) -> None:
    from .outputs import _fsync_dir

    _fsync_dir(folder)
