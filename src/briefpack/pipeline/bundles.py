"""The STIX 2.1 bundle of one composed document, and the edition it is.

A document whose inputs are those of its last published edition is that
edition; otherwise it is the draft of the next one (as a build decides).
``briefpack export`` and ``publish --stix`` both make their bundles here.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefpackError
from .manifest import sha256_file


def stix_sidecar(root, instance, library, composed, state, out_dir, max_marking) -> tuple[Path, bytes]:
    """(target, bytes) of the STIX bundle of the edition a build is publishing (``state``),
    from the document it composed: it lands in the output folder with the other formats."""
    from ..interchange.stix import stix_bundle, stix_json

    edition = (str(state.number), state.date or str(instance.as_of))
    export = document_export(root, instance, library, None, max_marking, (composed.document, list(composed.keys)), edition)
    return Path(out_dir) / f"{instance.name}.stix.json", stix_json(stix_bundle(export, library)).encode("utf-8")


def document_export(root, instance, library, edition, max_marking, composed=None, label_day=None):
    from ..compose.judgment_check import cited
    from ..compose.sourcing import profile_of, summary
    from ..interchange.stix import Export, Judgment

    document, keys = composed or _composed(root, instance, library, max_marking)
    label, day = label_day or _edition(root, instance, library, keys, edition, max_marking)
    judgments = []
    for i, text in enumerate(instance.key_judgments):
        assessment = instance.assessments.get(f"key_judgments.{i}")
        ids = [k for k in cited(text) if k in library.excerpts]
        profile = profile_of(ids, library)
        judgments.append(Judgment(
            text, ids, *(getattr(assessment, name) for name in ("likelihood", "confidence", "basis", "start", "end"))
            if assessment else (), summary=summary(profile) if profile.sources else ""))
    return Export(
        document=instance.name, edition=label, timestamp=f"{day}T00:00:00.000Z", title=document.meta.title,
        as_of=instance.as_of, organization=instance.organization, marking=document.meta.marking,
        judgments=judgments, bottom_line=list(getattr(instance, "bottom_line", None) or []), keys=keys,
        captures=_captures(root, library, keys))


def _composed(root, instance, library, max_marking) -> tuple:
    """(document, the excerpts it selects or cites) as a build composes it."""
    from ..compose.composer import compose
    from .workers import as_of_timestamp

    composition = compose(instance, library, root=root, produced="", timestamp=as_of_timestamp(instance.as_of),
                          max_marking=max_marking)
    keys = sorted(set(composition.cited) | {e.id for e in composition.selected})
    return composition.document, keys


def _edition(root, instance, library, keys, asked, max_marking) -> tuple[str, str]:
    """("4", its date) when the document is published edition 4 as it stands; ("draft-5",
    the information cut-off) for inputs not yet published."""
    from ..writers import WriterOptions
    from ..writers.registry import default_formats
    from .documents import content_hash
    from .fingerprints import input_record
    from .published import read_editions

    editions = read_editions(root, instance.name)
    inputs, _ = input_record(root, instance, library, tuple(sorted(keys)), default_formats()[0], WriterOptions(),
                             max_marking, {})
    content = content_hash(inputs)
    current = next((e for e in reversed(editions) if e.content == content), None)
    if asked is not None:
        wanted = next((e for e in editions if e.number == asked), None)
        if wanted is None:
            known = ", ".join(str(e.number) for e in editions) or "none published"
            raise BriefpackError(f"{instance.name} has no edition {asked} (editions: {known})")
        if current is None or current.number != asked:
            raise BriefpackError(f"edition {asked} of {instance.name} was made from other inputs than the "
                                 "library and brief as they are now: export it from the workspace at that "
                                 "edition (a git checkout of its date)")
        return str(asked), wanted.date
    if current is not None:
        return str(current.number), current.date
    number = (editions[-1].number if editions else 0) + 1
    return f"draft-{number}", str(instance.as_of)


def _captures(root: Path, library, keys) -> dict[str, str]:
    """source id -> SHA-256 of its saved capture (seeds/captures/<id>.*), else of its source file."""
    out = {}
    captures = Path(root) / "seeds" / "captures"
    for key in keys:
        excerpt = library.excerpts.get(key)
        source = library.sources.get(excerpt.source) if excerpt else None
        if source is None or source.id in out:
            continue
        saved = sorted(captures.glob(f"{source.id}.*")) if captures.is_dir() else []
        path = saved[0] if saved else source.path
        if path is not None and Path(path).is_file():
            out[source.id] = sha256_file(path)
    return out
