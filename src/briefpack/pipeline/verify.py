"""``briefpack verify FILE``: what a released PDF or DOCX is, and whether it is that.

A released file is found in the record by its SHA-256: every edition and
copies record keeps the hash of each output it wrote (and of each recipient's
copy). A file whose bytes are in no record is named by what it says it is (the
``briefpack-edition:`` keyword every published edition carries in its
metadata), else by its file name, and reported as modified after release. A
signed PDF's signature is checked (intact, by the certificate the edition
records); the approvers are those the edition records. The record's own hash
chain must hold too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .manifest import sha256_file

CORE_LIMIT = 1_000_000  # bytes of a DOCX's core properties read, at most
IDENTITY = re.compile(r"briefpack-edition:([A-Za-z0-9._-]+)/(\d+)")
RECIPIENT = re.compile(r"Prepared for (.+?) \u00b7 Edition (\d+)")  # a recipient's copy (pipeline.copies)


def identity_keywords(document: str, number: int, recipient_line: str = "") -> list[str]:
    """The keywords a published edition carries in its metadata (both formats)."""
    return [f"briefpack-edition:{document}/{number}"] + ([recipient_line] if recipient_line else [])


def verify_file(root: Path, path: Path) -> dict:
    """What ``path`` is: ``valid`` and the ``reasons`` it is not, the document and
    edition, the recipient, the signature and the approvers."""
    from .records import chain_problems, read_chain

    digest = sha256_file(path)
    chained, _ = read_chain(root)
    found = {"file": str(path), "sha256": digest, "document": None, "edition": None, "recipient": None,
             "exact": False, "signature": None, "approvers": [], "reasons": []}
    match = _find(chained, digest)
    claim = _claimed(path)
    if match is not None:
        record, name, recipient, signed = match
        found.update(document=record.data["document"], edition=record.data["edition"], recipient=recipient,
                     exact=True, output=name)
        if signed is False:
            found["reasons"].append(f"is {_what(found)} as built, without the signature it was released with")
    else:
        document, number, recipient = claim if claim else (_by_name(chained, path.name), None, None)
        found.update(document=document, edition=number, recipient=recipient)
        if document is None:
            found["reasons"].append("no edition in the record has these bytes, and the file does not say "
                                    "which document it is: not a released file of this workspace")
        elif claim is None:  # named by its file name only: published editions say what they are
            found["reasons"].append(f"is no released edition of {document}: a draft, or a file modified after "
                                    "release")
        else:
            editions = [r for r in chained if r.kind == "edition" and r.data.get("document") == document]
            if not any(r.data.get("edition") == number for r in editions):
                found["reasons"].append(f"claims to be edition {number} of {document}, which the record "
                                        "does not hold")
            else:
                found["reasons"].append(f"does not match {_what(found)}: modified after release")
    edition = next((r for r in chained if r.kind == "edition" and r.data.get("document") == found["document"]
                    and r.data.get("edition") == found["edition"]), None)
    if edition is not None:
        found["approvers"] = [a["by"] for a in edition.data.get("approvals") or []]
        found["review"] = edition.data.get("review")
        holder = match[0].data if match is not None else edition.data
        if match is None or match[3] is not False:  # (a copy as built before signing is said above)
            _check_signature(found, path, holder.get("signature") or edition.data.get("signature"))
    problems, _ = chain_problems(root)
    if problems:
        found["reasons"].append(f"the release record is broken: {problems[0]}")
    found["valid"] = not found["reasons"]
    return found


def _what(found: dict) -> str:
    copy = f"{found['recipient']}'s copy of " if found.get("recipient") else ""
    return f"{copy}edition {found['edition']} of {found['document']}"


def _find(chained, digest: str):
    """(record, output name, recipient, signed?) of the record holding ``digest``."""
    for record in reversed(chained):
        if record.kind == "approval":
            continue
        for name, value in (record.data.get("outputs") or {}).items():
            if value == digest:
                return record, name, None, None
        for name, copy in (record.data.get("copies") or {}).items():
            if isinstance(copy, dict) and copy.get("sha256") == digest:
                return record, name, copy.get("recipient"), None
        for name, value in (record.data.get("unsigned") or {}).items():
            if value == digest:
                return record, name, None, False
    return None


def _claimed(path: Path):
    """(document, edition, recipient or None) the file's metadata names, or None."""
    keywords = _keywords(path) or ""
    match = IDENTITY.search(keywords)
    if not match:
        return None
    copy = RECIPIENT.search(keywords)
    return match.group(1), int(match.group(2)), copy.group(1) if copy else None


def _keywords(path: Path) -> str | None:
    """The keywords of a PDF's or DOCX's metadata, or None when they cannot be read."""
    import zipfile

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if archive.getinfo("docProps/core.xml").file_size > CORE_LIMIT:
                    return None  # not what briefpack writes: an untrusted file is read within bounds
                core = archive.read("docProps/core.xml").decode("utf-8", "replace")
            match = re.search(r"<cp:keywords>(.*?)</cp:keywords>", core, re.S)
            return html.unescape(match.group(1)) if match else None
        data = path.read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return None
    found = [_pdf_text(raw) for raw in re.findall(rb"/Keywords\s*\(((?:\\.|[^\\()])*)\)", data, re.S)]
    found += [_pdf_text(bytes.fromhex(raw.decode("ascii")), escaped=False)
              for raw in re.findall(rb"/Keywords\s*<((?:[0-9A-Fa-f]{2}\s*)*)>", data)]
    found = [text for text in found if IDENTITY.search(text)]
    return found[-1] if found else None  # the last Info written (a signature's update) wins


def _pdf_text(raw: bytes, escaped: bool = True) -> str:
    """A PDF literal string's text: its escapes (``\\054``, ``\\(``) undone, UTF-16 when it says so."""
    out, i = bytearray(), 0 if escaped else len(raw)
    if not escaped:
        out = bytearray(raw)
    while i < len(raw):
        if raw[i] == 0x5C and i + 1 < len(raw):
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(raw[i + 1], raw[i + 1]))
            i += 2
            continue
        out.append(raw[i])
        i += 1
    if out.startswith(b"\xfe\xff"):
        return out[2:].decode("utf-16-be", "replace")
    return out.decode("latin-1")


def _by_name(chained, name: str) -> str | None:
    """The document whose recorded output has this file name."""
    for record in reversed(chained):
        if name in (record.data.get("outputs") or {}) or name in (record.data.get("copies") or {}):
            return record.data.get("document")
    return None


def _check_signature(found: dict, path: Path, recorded: dict | None) -> None:
    """The PDF's signature, checked against the certificate the edition records."""
    if not recorded or not path.suffix.lower() == ".pdf":
        return
    from .signing import signature_of

    found["signature"] = signature = signature_of(path)
    if signature is None:
        found["reasons"].append(f"{_what(found)} was released signed, and this file carries no signature")
    elif not signature["intact"]:
        found["reasons"].append(f"its signature by {signature['signer']} is broken: the file was changed after "
                                "it was signed")
    elif signature["certificate"] != recorded.get("certificate"):
        found["reasons"].append(f"it is signed by {signature['signer']}, not by the certificate "
                                f"{_what(found)} was released with")


def verification_lines(found: dict) -> list[str]:
    """What ``briefpack verify FILE`` prints."""
    lines = []
    if found["document"] and found["exact"]:
        lines.append(f"{Path(found['file']).name}: {_what(found)}; its bytes are exactly as released "
                     f"(SHA-256 {found['sha256'][:16]}...).")
    elif found["document"] and found["edition"] is not None:
        lines.append(f"{Path(found['file']).name}: says it is {_what(found)}.")
    elif found["document"]:
        lines.append(f"{Path(found['file']).name}: named like an output of {found['document']}.")
    else:
        lines.append(f"{Path(found['file']).name}: not found in the record.")
    signature = found.get("signature")
    if signature:
        state = "valid" if signature["intact"] else "BROKEN"
        lines.append(f"Signature: {state}, by {signature['signer']} ({signature['when']}).")
    elif found["document"] and found.get("edition") is not None:
        lines.append("Signature: none (only PDFs are signed; the edition records this file's SHA-256)."
                     if not found["file"].lower().endswith(".pdf") else
                     "Signature: none (the edition was released unsigned)." if found["exact"] else "Signature: none.")
    if found["approvers"]:
        lines.append("Approved by: " + ", ".join(found["approvers"]) + ".")
    elif found.get("review") in ("none", "skipped"):
        lines.append("Approved by: no one (published with --no-review)." if found["review"] == "skipped" else
                     "Approved by: no one (no release policy asked for review).")
    return lines

