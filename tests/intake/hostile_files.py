"""Hostile files for the intake tests, made by hand: a PDF written object by object (so that its
content, metadata and compression are whatever a test asks), a Word file whose part expands
thousands of times, and a look at what a workspace holds before and after a command."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

PARAGRAPH = "Traders in the bazaar said that forty young men had left for Russia since January this year."


def text_stream(text: str = PARAGRAPH) -> bytes:
    """A page's content stream that writes ``text`` on one line."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /F1 11 Tf 72 700 Td ({escaped}) Tj ET\n".encode("latin-1")


def write_pdf(path: Path, content: bytes | None = None, *, info: bytes = b"/Title (A report)",
              catalog: bytes = b"", pages: int = 1, compress: bool = True) -> Path:
    """A PDF of ``pages`` pages sharing one content stream (Flate-compressed unless told not)."""
    content = text_stream() if content is None else content
    data = zlib.compress(content, 9) if compress else content
    kids = " ".join(f"{5 + n} 0 R" for n in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if compress else b"")
        + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
          b"/Resources << /Font << /F1 4 0 R >> >> >>" for _ in range(pages)),
        b"<< " + info + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    path.write_bytes(bytes(out))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    """A PDF that opens only with a password."""
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(path.with_name("plain-" + path.name))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path


def write_docx_bomb(path: Path, expanded: int) -> Path:
    """A Word file whose document part expands to ``expanded`` bytes (white space inside a paragraph)."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(PARAGRAPH)
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:t>", 1)
                with target.open(item.filename, "w") as part:
                    part.write(head + b"<w:t>")
                    block = b" " * (1 << 20)
                    for _ in range(expanded // len(block)):
                        part.write(block)
                    part.write(tail)
            else:
                target.writestr(item, data)
    return path


def write_long_docx(path: Path, paragraphs: int) -> Path:
    """A Word file of ``paragraphs`` one-word paragraphs (each costs python-docx a search of its runs)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + b"<w:p><w:r><w:t>word</w:t></w:r></w:p>" * paragraphs + tail
            target.writestr(item, data)
    return path


def files_in(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (workspace path -> bytes)."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def written(before: dict[str, bytes], root: Path) -> set[str]:
    """The files of ``root`` made or changed since ``before``."""
    return {name for name, data in files_in(root).items() if before.get(name) != data}
