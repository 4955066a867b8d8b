"""What each output of a build needs: nothing (unchanged), a write, or a failure.

Documents are decided one at a time (see ``pipeline.documents``): their standing among
the published editions, the basis of the finished document, which of their
outputs are out of date; a document with something to write is finished once
and becomes one :class:`~briefpack.pipeline.documents.DocumentJob`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefpackError, BuildError, Problem, relative_to_root
from ..writers.registry import FORMATS, known_formats, output_file
from .documents import (DocumentJob, content_hash, finish, formats_of, output_hash_input, standing,
                        structure)
from .manifest import output_intact, sha256_json
from .workers import WriteJob


def lost_warnings(instance, places, library) -> list[Problem]:
    """One warning per key judgment or section that lost a withdrawn excerpt's support."""
    from ..library.model import withdrawal_reason

    out = []
    for place in places:
        why = "; ".join(f"'{k}' ({withdrawal_reason(library.withdrawn[k], library)})" for k in place.excerpts)
        out.append(Problem(instance.path, place.line, f"{instance.name}: {place.describe()} lost the support "
                           f"of withdrawn excerpt{'s' * (len(place.excerpts) > 1)} {why}", "warning"))
    return out


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
    kept_in_step: bool = False  # a format not asked for, rewritten with the others: one edition


class Plan:
    """The build's decisions, output by output (``slots``, in a fixed order)."""

    def __init__(self, settings, manifest, out_dir, library, clock, hashes):
        self.settings, self.manifest, self.out_dir = settings, manifest, out_dir
        self.hashes = hashes  # file hashes known to this build, by workspace path
        self.library = library
        self.today, self.epoch_day = clock  # YYYY-MM-DD; the day of SOURCE_DATE_EPOCH or None
        self.slots: list = []
        self.groups: list[DocumentJob] = []
        self.failed: set[str] = set()  # briefs with a failed output
        self.published: list = []  # editions recorded by this build
        self.kept: set[Path] = set()  # outputs in a format not asked for, kept in step with the others
        self.signer = None  # with publish and a signing key: pyHanko's signer for every published PDF
        self.excerpt_records: dict | None = None  # the manifest's record of each excerpt of ``library``, made once

    @property
    def jobs(self):
        return [job for group in self.groups for job in group.jobs]

    def fail(self, rel, target: Path, name: str, fmt: str, exc: BriefpackError | str):
        if not self.settings.keep_going:
            raise exc if isinstance(exc, BriefpackError) else BuildError(exc)
        if isinstance(exc, BriefpackError):
            exc = relative_to_root(exc, self.settings.root)
        self.failed.add(rel)
        self.slots.append(OutputResult(target, name, fmt, "failed", error=str(exc)))

    def add(self, rel, brief, instance, composed, names: list[str], warnings: list[Problem]):
        """Decide one composed document: unchanged, failed, or a DocumentJob."""
        formats = self.formats(instance)
        error = self.error(brief, instance, composed, warnings, formats)
        if not error:
            for fmt in formats:
                if fmt not in FORMATS:
                    raise BriefpackError(f"unknown format '{fmt}' (known: {known_formats()})", path=instance.path)
            records = {fmt: self.input_record(instance, composed, fmt) for fmt in formats}
            inputs, excerpts = records[formats[0]]
            content = content_hash(inputs)
            self.check_unchanged(instance, content)
            try:
                state = self.standing(instance, content)
                error, approvals = self.release(brief, instance, state, inputs)
                if error and self.held(instance, state, error, warnings):
                    error, state = "", self.standing(instance, content, publish=False)
            except BriefpackError as exc:
                error = exc
        if error:
            for fmt in formats:
                self.fail(rel, self.out_dir / output_file(instance.name, fmt), instance.name, fmt, error)
            return
        basis, key, produced = self.basis(instance.name, content, state)
        group = DocumentJob(rel, instance.name, instance.path)
        group.record = {"brief": rel, "key": key, "produced": produced, "content": content,
                        "formats": formats, "edition": state.label}
        for fmt in formats:
            names.append(output_file(instance.name, fmt))
            self.plan_output(group, instance, fmt, output_hash_input(basis, fmt, records[fmt][0]),
                             {"inputs": records[fmt][0], "excerpts": excerpts, "edition": state.label,
                              "produced": produced})
        if group.jobs:
            self.finish(group, instance, composed, state, (inputs, excerpts), produced, warnings)
        if group.edition is not None:
            group.edition.release.update(approvals=[_approval(a) for a in approvals],
                                         review="approved" if approvals else
                                         "skipped" if self.settings.no_review else "none")

    def held(self, instance, state, error: str, warnings: list[Problem]) -> bool:
        """``build --publish`` of a document still waiting for its approvals: it is built as the
        draft of its next edition, for review, with a warning saying why (an error with --strict,
        with ``publish`` and for a refused --no-review)."""
        if self.settings.publish_built or self.settings.strict or "--no-review" in error:
            return False
        warnings.append(Problem(instance.path, instance.lines.get("release"), error.split(": ", 1)[1]
                                + f" (built as the draft of edition {state.number}, for review)", "warning"))
        return True

    def release(self, brief, instance, state, inputs) -> tuple[str, list]:
        """Why a new edition may not be published under its release policy ("" if it may),
        and the approvals it is published with."""
        if not state.new:
            return "", []
        from .release import release_error

        error, approvals = release_error(self.settings.root, brief, instance.name, state.number, inputs,
                                         self.settings.no_review)
        if not error:
            return "", approvals
        return str(relative_to_root(BuildError(error, instance.path, instance.lines.get("release")),
                                    self.settings.root)), approvals  # "path:line: message"

    def formats(self, instance) -> list[str]:
        """The formats to write: those asked for and those kept in step, or for
        ``publish`` those of the last build (refused when there was none)."""
        if not self.settings.publish_built:
            formats = formats_of(instance, self.settings.formats, self.manifest, self.out_dir)
            asked = self.settings.formats or instance.formats
            self.kept.update(self.out_dir / output_file(instance.name, f) for f in formats if f not in asked)
            return formats
        built = self.manifest.get("documents", {}).get(instance.name) or {}
        formats = [f for f in built.get("formats", []) if (self.out_dir / output_file(instance.name, f)).exists()]
        if not formats:
            raise BriefpackError(f"{instance.name} has not been built yet: build it, check it, then publish",
                                 path=instance.path)
        return formats

    def check_unchanged(self, instance, content: str) -> None:
        """``publish`` publishes what was last built, or nothing."""
        built = self.manifest.get("documents", {}).get(instance.name) or {}
        if self.settings.publish_built and built.get("content") != content:
            raise BriefpackError(f"{instance.name} has changed since it was last built: build it, check it, "
                                 "then publish (or build --publish)", path=instance.path)

    def error(self, brief, instance, composed, warnings: list[Problem], formats: list[str]) -> str:
        """Why the document cannot be built ("" if it can): its composing error, or
        with --strict its first warning (lost support of withdrawn excerpts included,
        and characters of its excerpts that no font of the PDF has)."""
        lost = lost_warnings(instance, composed.lost, self.library)
        glyphs = glyph_warnings(composed.keys, self.library, self.settings.writer_options) \
            if "pdf" in formats and not composed.error else []
        warnings += [w for w in lost + glyphs if w not in warnings]
        if composed.error or not self.settings.strict:
            return composed.error
        found = brief.warnings + list(composed.warnings) + lost + glyphs
        if not found:
            return ""
        return str(relative_to_root(BuildError(f"{found[0].message} (warnings are errors with --strict)",
                                               found[0].path, found[0].line), self.settings.root))

    def plan_output(self, group, instance, fmt: str, input_hash: str, fields: dict) -> None:
        """One output: unchanged (its record says it came from the same finished
        document and the file is intact), or to write."""
        target = self.out_dir / output_file(instance.name, fmt)
        previous = self.manifest["outputs"].get(target.name)
        if (not self.settings.force and previous and previous.get("input_hash") == input_hash
                and output_intact(target, previous)):
            self.slots.append(OutputResult(target, instance.name, fmt, "unchanged",
                                           previous.get("notes"), previous.get("pages")))
            return
        record = {"brief": group.rel, "name": instance.name, "format": fmt, "input_hash": input_hash,
                  "as_of": instance.as_of, **fields}
        group.jobs.append((len(self.slots), fmt, target, record))
        self.slots.append(None)

    def finish(self, group, instance, composed, state, inputs_excerpts, produced, warnings) -> None:
        """Finish the document once and give each of its outputs to write a job."""
        inputs, excerpts = inputs_excerpts
        try:
            finished = finish(composed.document, instance, self.library, state, excerpts, produced, warnings,
                              composed.lost)
        except BriefpackError as exc:
            for index, fmt, target, _ in group.jobs:
                self.slots[index] = self._failed(group.rel, target, instance.name, fmt, exc)
            return
        options = self.settings.writer_options
        group.jobs = [(index, WriteJob(finished, fmt, target, options), record)
                      for index, fmt, target, record in group.jobs]
        if state.new:
            group.edition = self.edition(group.rel, instance, composed, inputs, excerpts, state)
            if self.settings.stix:  # the edition as STIX 2.1, written and recorded with its formats
                from .bundles import stix_sidecar

                group.sidecars.append(stix_sidecar(self.settings.root, instance, self.library, composed,
                                                   state, self.out_dir, self.settings.max_marking))
        elif state.published and self.settings.publish:  # more copies of a published edition
            from .published import read_editions

            published = read_editions(self.settings.root, instance.name)[-1]
            group.copies = {"document": instance.name, "edition": state.number, "brief": group.rel,
                            "content": content_hash(inputs), "approvals": published.release.get("approvals", [])}
        self.groups.append(group)

    def _failed(self, rel, target, name, fmt, exc):
        self.fail(rel, target, name, fmt, exc)
        return self.slots.pop()

    def input_record(self, instance, composed, fmt):
        from .fingerprints import input_record

        settings = self.settings
        return input_record(settings.root, instance, self.library, composed.keys, fmt,
                            settings.writer_options, settings.max_marking, self.hashes, self.excerpt_records)

    def standing(self, instance, content: str, publish: bool | None = None):
        from .published import read_editions, resolve_since

        editions = read_editions(self.settings.root, instance.name)
        since = None
        if self.settings.since:
            since = resolve_since(self.settings.since, editions, self.settings.root, instance.name)
        publish = self.settings.publish if publish is None else publish
        return standing(editions, content, publish, self.epoch_day or self.today, since)

    def basis(self, name: str, content: str, state) -> tuple[str, str, str]:
        """The finished document's basis (hash), its key (the basis without the
        date) and its date produced. A draft
        whose inputs and baseline are those of the last build in this folder
        keeps that build's date, so that it comes out byte-identical."""
        baseline = state.baseline
        parts = {"content": content, "edition": state.label,
                 "baseline": [baseline.number, baseline.content] if baseline is not None else None}
        key = sha256_json(parts)
        if state.published:
            produced = state.date
        elif self.epoch_day:
            produced = self.epoch_day
        else:
            previous = self.manifest.get("documents", {}).get(name, {})
            produced = previous.get("produced") if previous.get("key") == key else None
            produced = produced or self.today
        return sha256_json({"key": key, "produced": produced}), key, produced

    def edition(self, rel, instance, composed, inputs, excerpts, state):
        from .changes import shorten
        from .published import Edition

        library = self.library
        judgments, sections = structure(composed.document)
        records = {k: {**r, "quote": shorten(library.excerpts[k].quote)} if k in library.excerpts else r
                   for k, r in excerpts.items()}
        hashes = inputs.get("sources", {})
        sources = {}
        for record in records.values():
            src = library.sources.get(record["source"])
            if src is not None:
                sources[src.id] = {"title": src.title, "publisher": src.publisher, "hash": hashes.get(src.id)}
        return Edition(document=instance.name, number=state.number, date=state.date,
                       content=content_hash(inputs),
                       excerpts=records, sources=sources, judgments=judgments, sections=sections,
                       brief=rel, as_of=str(instance.as_of),
                       baseline=state.baseline.number if state.baseline is not None else None)


def _approval(approval: dict) -> dict:
    """What an edition records of an approval it is published with."""
    return {"by": approval.get("by"), "time": approval.get("time"), "note": approval.get("note", ""),
            "record": approval.get("record"), "sequence": approval.get("sequence")}


def glyph_warnings(keys, library, writer_options) -> list[Problem]:
    """A warning for each excerpt of the document whose printed text (quote, summary,
    note) holds a character that no font of the PDF has, naming the excerpt and the
    character."""
    import unicodedata

    from ..writers import missing_glyphs

    excerpts = [library.excerpts[k] for k in keys if k in library.excerpts]
    texts = [" ".join((e.quote, e.summary or "", e.note or "")) for e in excerpts]
    if all(text.isascii() for text in texts):
        return []  # English only: the fonts are not even loaded
    try:
        missing = missing_glyphs(texts, writer_options)
    except BriefpackError:
        return []  # a broken PDF style fails the PDF itself, with its own error
    out = []
    for excerpt, chars in zip(excerpts, missing):
        if not chars:
            continue
        shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in chars[:5])
        more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
        which = "a character" if len(chars) == 1 else f"{len(chars)} characters"
        out.append(Problem(excerpt.path, excerpt.line, f"excerpt {excerpt.id} has {which} that no font of "
                           f"the PDF has ({shown}{more}); the PDF prints \ufffd in its place", "warning"))
    return out
