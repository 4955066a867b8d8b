"""``briefpack approve``, and whether each recorded approval still holds.

An approval is of the draft built in the output folder, and only while the
library and the brief still make that draft: the document is composed again
(as a build would, writing nothing) and its content hash compared with the
built one's. Approvals are recorded under the workspace's lock on
``editions/``, in the one hash chain with the editions (see ``records``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefpackError, Problem, relative_path
from .documents import content_hash
from .release import approval_record, approvals_of, changes, content_inputs, release_policy, same_person, \
    standing_of_approvals


def current_inputs(root: Path, path: Path, max_marking: str | None = None) -> list[tuple[object, object, dict]]:
    """Each document of the brief at ``path`` as a build would make it now:
    (brief, expanded brief, its inputs). BriefpackError when it cannot be composed."""
    from ..briefs.read import load_brief
    from ..compose.expand import expand_brief
    from ..library.check import load_checked_library
    from ..library.model import without_withdrawn
    from ..writers import WriterOptions
    from .build import production_day
    from .fingerprints import input_record
    from .workers import compose_one

    library, _ = load_checked_library(root)
    library = without_withdrawn(library)
    brief = load_brief(path)
    produced, epoch = production_day()
    state = {"library": library, "root": root, "produced": produced, "epoch": epoch, "max_marking": max_marking}
    out = []
    for instance in expand_brief(brief, library):
        composed = compose_one(state, instance)
        if composed.error:
            raise BriefpackError(composed.error)
        inputs, _ = input_record(root, instance, library, composed.keys, instance.formats[0], WriterOptions(),
                                 max_marking)
        out.append((brief, instance, inputs))
    return out


def approve(root: Path, paths: list[Path], by: str, note: str, out_dir: Path,
            on_wait=None) -> tuple[list[str], list[Problem]]:
    """Record ``by``'s approval of every document of the briefs at ``paths``, as built in
    ``out_dir`` (waiting for a publish that holds the record: ``on_wait()`` is called
    first); returns what was recorded (lines) and warnings."""
    from .manifest import read_manifest
    from .records import records_lock, repair

    if not by.strip():
        raise BriefpackError("--by must name the reviewer")
    manifest = read_manifest(out_dir)
    planned = []
    for path in paths:
        rel = relative_path(Path(path).resolve(), root)
        built = manifest.get("documents", {})
        marking = next((r.get("inputs", {}).get("max_marking") for r in manifest["outputs"].values()
                        if r.get("brief") == rel), None)
        for brief, instance, inputs in current_inputs(root, path, marking):
            drafts = _checked_draft(root, rel, instance.name, inputs, built.get(instance.name), manifest, out_dir)
            planned.append((brief, instance, rel, inputs, drafts))
    lines, warnings = [], []
    with records_lock(root, on_wait=on_wait):
        repair(root)
        for brief, instance, rel, inputs, drafts in planned:
            lines.append(_record(root, brief, instance, rel, inputs, drafts, by.strip(), note, out_dir, warnings))
    return lines, warnings


def _checked_draft(root, rel, name, inputs, built, manifest, out_dir) -> dict:
    """The draft's files and their hashes, when the draft in ``out_dir`` is the document as
    it is now; else BriefpackError saying what to do."""
    from ..writers.registry import output_file
    from .manifest import output_intact, sha256_file

    where = relative_path(Path(out_dir).resolve(), Path(root).resolve())
    if not built or built.get("brief") != rel:
        raise BriefpackError(f"{name} has not been built in {where}/: build it, review it, then approve it",
                             path=rel)
    if built.get("content") != content_hash(inputs):
        record = next((r for r in manifest["outputs"].values() if r.get("name") == name), {})
        why = ", ".join(changes(content_inputs(record.get("inputs") or {}), content_inputs(inputs))[:3])
        raise BriefpackError(f"{name} has changed since it was last built ({why}): build it again and review "
                             "it before approving", path=rel)
    drafts = {}
    for fmt in built.get("formats", []):
        target = Path(out_dir) / output_file(name, fmt)
        record = manifest["outputs"].get(target.name)
        if record is None or not output_intact(target, record):
            raise BriefpackError(f"{where}/{target.name} is not the draft that was built: build it again and "
                                 "review it before approving", path=rel)
        drafts[target.name] = sha256_file(target)
    return drafts


def _record(root, brief, instance, rel, inputs, drafts, by, note, out_dir, warnings) -> str:
    from .published import document_folder, read_editions
    from .records import append, next_sequence, output_folder

    name = instance.name
    editions = read_editions(root, name)
    if editions and editions[-1].content == content_hash(inputs):
        raise BriefpackError(f"{name} is already published as edition {editions[-1].number}: nothing to approve",
                             path=rel)
    number = editions[-1].number + 1 if editions else 1
    policy = release_policy(root, brief)
    if policy.author and same_person(by, policy.author):
        warnings.append(Problem(rel, None, f"{by} is the author of {name} ({policy.source}): their approval is "
                                "recorded but does not count towards its release", "warning"))
    record = approval_record(name, rel, number, inputs, by, note, drafts, output_folder(root, out_dir))
    path = document_folder(root, name) / f"approval-{next_sequence(root)}.json"
    append(root, path, record)
    return (f"Approved {name}, the draft of edition {number}, by {by}: "
            f"{relative_path(path, Path(root))}")


def pending_approvals(root: Path, document: str, number: int) -> list[str]:
    """What ``editions`` says of the approvals recorded for the next edition of ``document``."""
    approvals = approvals_of(root, document, number)
    if not approvals:
        return []
    first = approvals[-1]
    try:
        found = {i.name: (b, inputs) for b, i, inputs in
                 current_inputs(root, Path(root) / first.get("brief", ""), first.get("inputs", {}).get("max_marking"))}
        brief, inputs = found[document]
    except (BriefpackError, KeyError, OSError) as exc:
        return [f"approval by {a.get('by')}: cannot tell whether it holds ({exc})" for a in approvals]
    lines = []
    for approval, why in standing_of_approvals(approvals, release_policy(root, brief), inputs):
        when = approval.get("time", "")[:10]
        lines.append(f"approval by {approval.get('by')} {why}" if why else f"approved by {approval.get('by')} "
                     f"({when}), holds")
    return lines


def next_edition_notes(root: Path, brief: str | None = None) -> list[dict]:
    """For each document with approvals recorded for its next edition: the edition and
    whether each approval holds (``editions`` prints them)."""
    from .published import all_documents, read_editions
    from .records import read_chain

    chained, _ = read_chain(root)
    out = []
    for document in all_documents(root):
        editions = read_editions(root, document)
        number = editions[-1].number + 1 if editions else 1
        recorded = [r.data for r in chained if r.kind == "approval" and r.data.get("document") == document
                    and r.data.get("edition") == number]
        if not recorded or (brief is not None and recorded[-1].get("brief") != brief):
            continue
        out.append({"document": document, "brief": recorded[-1].get("brief"), "edition": number,
                    "approvals": pending_approvals(root, document, number)})
    return out
