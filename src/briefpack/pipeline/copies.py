"""Who received an edition: recipients recorded with it, and a copy for each.

``publish --to NAME`` records each recipient with the edition (or, for an
edition already published, in a copies record). With ``--per-recipient`` each
recipient also gets a copy of every format, ``<document>-for-<name>.<ext>``,
whose every page foot and metadata say "Prepared for NAME · Edition 4 ·
<hash prefix>" (the prefix of the document's content hash). The copies differ
from the edition's files only there; each copy's SHA-256 is recorded, so a
leaked copy is traced with ``briefpack verify``. Copies are written by the
parent once the document's own outputs are, from the same finished
document, and land with them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..errors import BriefpackError


def recipient_line(recipient: str, number: int, content: str) -> str:
    return f"Prepared for {recipient} \N{MIDDLE DOT} Edition {number} \N{MIDDLE DOT} {content[:12]}"


def slug(recipient: str) -> str:
    """A recipient's name in a file name: its letters and digits, lower case, joined by hyphens."""
    return re.sub(r"[\W_]+", "-", recipient.casefold()).strip("-")


def read_recipients(names: list[str], list_file: Path | None) -> list[str]:
    """The recipients given (``--to``) and those of a list file, one a line (# starts a comment);
    BriefpackError for two whose copies would take one file name."""
    found = [" ".join(n.split()) for n in names]
    if list_file is not None:
        try:
            text = Path(list_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BriefpackError(f"cannot read the recipients: {getattr(exc, 'strerror', None) or exc}",
                                 path=list_file) from None
        found += [" ".join(line.split("#", 1)[0].split()) for line in text.splitlines()]
    recipients, slugs = [], {}
    for name in filter(None, found):
        if name in recipients:
            continue
        if not slug(name):
            raise BriefpackError(f"recipient {name!r}: a name needs a letter or a digit")
        if slug(name) in slugs:
            raise BriefpackError(f"recipients {slugs[slug(name)]!r} and {name!r} would share one copy's file name")
        slugs[slug(name)] = name
        recipients.append(name)
    return recipients


def copy_target(target: Path, recipient: str) -> Path:
    """``out/regional.pdf`` -> ``out/regional-for-j-smith.pdf``."""
    stem, _, ext = target.name.partition(".")
    return target.with_name(f"{stem}-for-{slug(recipient)}.{ext}")


def write_copies(group, results, plan, sign) -> list[tuple[Path, Path, dict]]:
    """Each recipient's copy of each output, written to a temporary beside its target
    (and signed with ``sign(tmp, target, recipient)`` when a PDF is): (target, temporary, record)."""
    from ..writers import write_document
    from .manifest import sha256_file
    from .outputs import temporary_beside

    settings = plan.settings
    if not settings.per_recipient or not settings.recipients:
        return []
    number = group.edition.number if group.edition is not None else group.copies["edition"]
    written = []
    try:
        for recipient in settings.recipients:
            line = recipient_line(recipient, number, group.record["content"])
            for _, job, _, _ in results:
                meta = job.document.meta
                keywords = list(meta.keywords[:1]) + [line] + list(meta.keywords[1:])
                document = replace(job.document, meta=replace(meta, foot=line, keywords=keywords))
                target = copy_target(job.target, recipient)
                tmp = temporary_beside(target)
                written.append((target, tmp, {"recipient": recipient, "format": job.fmt}))
                write_document(document, job.fmt, tmp, job.options)
                if job.fmt == "pdf":
                    sign(tmp, target, recipient)
                written[-1][2]["sha256"] = sha256_file(tmp)
    except BaseException:
        for _, tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)
        raise
    return written
