"""Signed PDFs: a PAdES baseline signature made with pyHanko, and reading one back.

A published PDF is signed last, after every other change to the file, as an
incremental update: B-B offline, B-T when a timestamp authority's URL is
given. The signature's reason names the approvers. The key and certificate
are PEM files (key and certificate) or one PKCS#12 file (``.p12``/``.pfx``,
given as the key, with the certificate left out); a passphrase comes from
``BRIEFPACK_SIGN_PASSPHRASE``. pyHanko is imported only when a PDF is signed
or verified.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefpackError

FIELD = "BriefpackRelease"
PASSPHRASE = "BRIEFPACK_SIGN_PASSPHRASE"


@dataclass(frozen=True)
class SigningKey:
    """Where the key and certificate are (``cert`` None for a PKCS#12 file), and the
    timestamp authority's URL for B-T (None: B-B)."""

    key: Path
    cert: Path | None = None
    timestamp_url: str | None = None


def _pyhanko():
    with warnings.catch_warnings():  # pyHanko's import warns about DSA, which is never used here
        warnings.simplefilter("ignore")
        from pyhanko.sign import signers, validation  # noqa: F401

        return signers, validation


def load_signer(key: SigningKey):
    """pyHanko's signer for ``key``; BriefpackError naming the file when it cannot be used."""
    signers, _ = _pyhanko()
    secret = os.environ.get(PASSPHRASE)
    secret = secret.encode("utf-8") if secret else None
    try:
        if key.cert is None:
            signer = signers.SimpleSigner.load_pkcs12(str(key.key), passphrase=secret)
        else:
            signer = signers.SimpleSigner.load(str(key.key), str(key.cert), key_passphrase=secret)
    except (OSError, ValueError, TypeError) as exc:
        raise BriefpackError(f"cannot use the signing key: {exc}", path=key.key) from None
    if signer is None:
        raise BriefpackError("cannot use the signing key (a wrong passphrase? set "
                             f"{PASSPHRASE}, or give the certificate with --cert)", path=key.key)
    return signer


def certificate_record(signer) -> dict:
    """What an edition records of the certificate it was signed with."""
    cert = signer.signing_cert
    return {"certificate": hashlib.sha256(cert.dump()).hexdigest(), "signer": signer_name(cert)}


def signer_name(cert) -> str:
    """The certificate's common name (else its whole subject), as a reader names the signer."""
    name = cert.subject.native.get("common_name") if isinstance(cert.subject.native, dict) else None
    return str(name) if name else cert.subject.human_friendly


def sign_pdf(source: Path, target: Path, signer, reason: str, timestamp_url: str | None = None) -> None:
    """Write ``source`` signed (PAdES B-B, or B-T with a timestamp authority) to ``target``."""
    signers, _ = _pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter

    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url)
    meta = signers.PdfSignatureMetadata(field_name=FIELD, reason=reason, md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES, use_pades_lta=False)
    with open(source, "rb") as inp, open(target, "wb") as out:
        writer = IncrementalPdfFileWriter(inp, strict=False)
        signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper, output=out)


@contextlib.contextmanager
def _quiet_logs():
    """pyHanko logs what it cannot validate, tracebacks included: the verdict is reported instead."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def signature_of(path: Path) -> dict | None:
    """The last signature of a PDF: its signer, certificate hash, when, and whether it is
    intact (the bytes it covers unchanged, the signature itself valid); None when unsigned."""
    _, validation = _pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        with open(path, "rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            signatures = reader.embedded_signatures
            if not signatures:
                return None
            embedded = signatures[-1]
            cert = embedded.signer_cert
            record = {"signer": signer_name(cert),
                      "certificate": hashlib.sha256(cert.dump()).hexdigest(),
                      "reason": str(embedded.sig_object.get("/Reason", "")), "when": "", "intact": False}
            from pyhanko_certvalidator import ValidationContext

            # Is it intact, and by which certificate? (Whether that certificate is to be trusted
            # is the edition record's word: verify compares it with the one recorded.)
            context = ValidationContext(trust_roots=[cert], allow_fetching=False)
            with warnings.catch_warnings(), _quiet_logs():
                warnings.simplefilter("ignore")
                status = validation.validate_pdf_signature(embedded, signer_validation_context=context,
                                                           skip_diff=True)
            whole = embedded.coverage is not None and embedded.coverage.name == "ENTIRE_FILE"
            record["intact"] = bool(status.intact and status.valid and whole)
            when = status.signer_reported_dt
            record["when"] = when.strftime("%Y-%m-%d %H:%M UTC") if when else "no time given"
            return record
    except Exception as exc:  # noqa: BLE001 - a damaged file: whatever pyHanko raises, it is not intact
        return {"signer": "unknown", "certificate": "", "reason": "", "when": f"unreadable: {exc}",
                "intact": False}
