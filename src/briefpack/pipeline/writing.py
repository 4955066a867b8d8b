"""Writing the outputs of a build: every format of a document lands together, or none.

Workers write each output to a temporary file beside its target. When every
format of a document has been written, the parent renames them all into
place, records them in the manifest (rewritten atomically; after the last
document, by the build's final write) and, when the
build publishes, writes the edition file. If one format fails, the
temporaries of the others are removed: the folder keeps the previous DOCX and
PDF, still one document. A published edition is recorded pending before the
renames and made final after them (see ``pipeline.records``): a build killed
in between leaves no edition whose outputs are not in place as recorded. An
error names the brief and the output, never a temporary file. Each output's
writer gets a folder of its own in ``.briefpack-cache/layout/`` to keep what it
laid out for the next build of that output (:func:`layout_cache`).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

from ..cache_files import folder_name
from .manifest import file_stamp, sha256_file, write_manifest
from .plan import OutputResult

LAYOUT_FOLDER = ".briefpack-cache/layout"


def write_documents(pool, plan, manifest: dict, out_dir: Path, progress) -> None:
    """Write every planned document; fills ``plan.slots`` and ``plan.published``."""
    from .workers import write_one

    groups = [g for g in plan.groups if g.jobs]
    if not groups:
        return
    progress.writing(sum(len(g.jobs) for g in groups))
    owner = {index: group for group in groups for index, _, _ in group.jobs}
    done: dict[int, tuple] = {}
    entries = [(index, replace(job, cache=layout_cache(plan.settings, job.target)))
               for group in groups for index, job, _ in group.jobs]
    landed = 0
    for index, outcome in pool.unordered(write_one, entries):
        done[index] = outcome
        group = owner[index]
        if all(i in done for i, _, _ in group.jobs):
            landed += 1
            _land(group, [(i, job, record, done[i]) for i, job, record in group.jobs],
                  plan, manifest, out_dir, progress, last=landed == len(groups))


def layout_cache(settings, target: Path):
    """Where the writer keeps what it laid out for ``target`` (in the workspace's
    ``.briefpack-cache/layout/``, one folder per output file: its name and its folder's
    path in the workspace, else its absolute path); None with ``--force``, which lays
    everything out and leaves the folder as it was."""
    from ..writers.registry import CacheFolder

    if settings.force:
        return None
    root = Path(settings.root).resolve()
    return CacheFolder(root / LAYOUT_FOLDER / folder_name(target.name, target.resolve().parent, root))


def _land(group, results, plan, manifest, out_dir, progress, last: bool = False) -> None:
    """Rename every output of one document into place, or none of them; a
    published edition is recorded pending first and made final after the renames.
    The manifest is written with them, but for the ``last`` document: the build writes
    it next, with the briefs' records (a build killed in between rebuilds its outputs)."""
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
    try:
        release, copies = _release_files(group, results, plan)
    except Exception as exc:  # noqa: BLE001 - pyHanko's or a writer's error: the document is not released
        for _, tmp in sidecars:
            _discard(tmp)
        _fail(group, results, plan, progress, f"{group.name}: cannot sign it or write its copies: {exc}")
        return
    hashes = {job.target.name: sha256_file(tmp) for _, job, _, (_, tmp, _, _) in results}
    hashes.update({target.name: sha256_file(tmp) for target, tmp in sidecars})
    sidecars += [(target, tmp) for target, tmp, _ in copies]
    try:
        pending = _record(group, root, out_dir, hashes, release)
    except OSError as exc:
        for _, tmp in sidecars:
            _discard(tmp)
        where = (Path(root) / "editions" / group.name).relative_to(root).as_posix()
        _fail(group, results, plan, progress, f"{where}: cannot write the edition file: {exc.strerror or exc}")
        return
    for _, job, _, (_, tmp, _, _) in results:
        os.replace(tmp, job.target)
    for target, tmp in sidecars:
        os.replace(tmp, target)
    _fsync_folder(out_dir)
    if pending is not None:  # the outputs are in place: the record is final
        from .records import finalize

        finalize(pending)
        if group.edition is not None:
            plan.published.append(group.edition)
    for index, job, record, (stats, _, seconds, _) in results:
        record.update(output_hash=hashes[job.target.name], output_stamp=file_stamp(job.target),
                      notes=stats.get("notes"), pages=stats.get("pages"))
        manifest["outputs"][job.target.name] = record
        plan.slots[index] = OutputResult(job.target, record["name"], job.fmt, "built",
                                         stats.get("notes"), stats.get("pages"), seconds,
                                         kept_in_step=job.target in plan.kept)
    manifest.setdefault("documents", {})[group.name] = group.record
    if not last:
        write_manifest(out_dir, manifest)
    for index, _, _, _ in results:
        progress.wrote(plan.slots[index])


def _release_files(group, results, plan) -> tuple[dict, list]:
    """What a published document's release adds to its files, last of all changes to
    them: each PDF signed (in its temporary file), the recipients' copies written;
    returns what the record keeps of it, and the copies (target, temporary, record)."""
    from .copies import write_copies

    release = group.edition.release if group.edition is not None else group.copies
    if release is None:
        return {}, []
    sign, out = _signer(group, plan, release), {}
    unsigned = {}
    for _, job, _, (_, tmp, _, _) in results:
        if job.fmt == "pdf" and sign is not None:
            unsigned[job.target.name] = sha256_file(tmp)
            sign(tmp, job.target, None)
    copies = write_copies(group, results, plan, sign or (lambda tmp, target, recipient: None))
    if sign is not None:
        timestamp_url = plan.settings.signing.timestamp_url
        out["signature"] = {**sign.certificate, "level": "PAdES B-T" if timestamp_url else "PAdES B-B",
                            "reason": sign.reason, "files": sorted(unsigned)}
        out["unsigned"] = unsigned
    if plan.settings.recipients:
        out["recipients"] = list(plan.settings.recipients)
    if copies:
        out["copies"] = {target.name: record for target, _, record in copies}
    return out, copies


def _signer(group, plan, release):
    """``sign(tmp, target, recipient)``: a PDF's temporary file signed in place, the
    approvers (and the recipient) in the reason; None without a signing key."""
    from .outputs import temporary_beside
    from .signing import certificate_record, sign_pdf

    if plan.signer is None:
        return None
    number = group.edition.number if group.edition is not None else group.copies["edition"]
    approvers = [a.get("by") for a in release.get("approvals") or []]
    reason = f"Edition {number} of {group.name}, " + (f"approved by {', '.join(approvers)}" if approvers else
                                                     "released without review")

    def sign(tmp: Path, target: Path, recipient: str | None) -> None:
        signed = temporary_beside(target)
        try:
            sign_pdf(tmp, signed, plan.signer, reason + (f", prepared for {recipient}" if recipient else ""),
                     plan.settings.signing.timestamp_url)
            os.replace(signed, tmp)
        finally:
            _discard(signed if signed.exists() else None)

    sign.reason, sign.certificate = reason, certificate_record(plan.signer)
    return sign


def _record(group, root: Path, out_dir: Path, hashes: dict, signed: dict) -> Path | None:
    """The pending record of what lands: a new edition, or more copies of a
    published one (a publish into another folder or format); None for a draft."""
    if group.edition is None and group.copies is None:
        return None  # a draft: no record (nor its modules)
    from .records import append, output_folder

    if group.edition is not None:
        from .published import write_edition

        group.edition.outputs, group.edition.folder = hashes, output_folder(root, out_dir)
        group.edition.release.update(signed)
        return write_edition(root, group.edition)
    from .published import document_folder

    data = {**group.copies, **signed, "outputs": hashes, "folder": output_folder(root, out_dir)}
    folder = document_folder(root, group.name)
    number = 1 + max([int(p.name.split("-")[1].split(".")[0]) for p in folder.glob("copies-*.json*")] or [0])
    return append(root, folder / f"copies-{number}.json", data, pending=True)


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
