"""Time ``add-source`` on hostile files: each must be refused in seconds and well under 1 GB.

    python benchmarks/bench_intake_hostile.py

Each case is made in a temporary folder beside a workspace made by ``briefpack init`` and
added with the default limits; the whole command is timed (interpreter start included) and
its peak memory read from the system. The figures are what the README's security section
quotes: an 88 KB PDF of 10 million path operators, the same drawing split into streams each
under ``--max-bytes``, a page of 5 million characters, 3,000 pages sharing one drawing, a
1 MB Word file that expands to 1 GB, and a 19 MB saved page.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

BRIEFPACK = [sys.executable, "-m", "briefpack"]
# Runs one command and prints its exit code and peak memory (KB): one wrapper per case, so that
# each case's peak is its own.
MEASURED = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def pdf(streams: list[bytes], pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages, each drawing every stream of ``streams`` (Flate-compressed)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    refs = []
    for content in streams:
        data = zlib.compress(content, 9)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        refs.append(b"%d 0 R" % len(objects))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    font = len(objects)
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + b" ".join(refs)
                       + b"] /Resources << /Font << /F1 %d 0 R >> >> >>" % font)
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bomb(expanded: int) -> bytes:
    import docx

    buffer, out = io.BytesIO(), io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                target.writestr(item, data)
                continue
            head, tail = data.split(b"<w:t>", 1)
            with target.open(item.filename, "w") as part:
                part.write(head + b"<w:t>")
                for _ in range(expanded >> 20):
                    part.write(b" " * (1 << 20))
                part.write(tail)
    return out.getvalue()


def cases():
    paths = b"0 0 m\n" + b"1 1 l\n" * 10_000_000 + b"S\n"
    yield "88 KB PDF, 10 million path operators", "paths.pdf", pdf([paths])
    yield "the same drawing in 4 streams under --max-bytes", "split.pdf", pdf([paths[:15_000_000]] * 4)
    yield "a page of 5 million characters", "chars.pdf", pdf([b"BT /F1 1 Tf 9 9 Td (" + b"a" * 5_000_000 + b") Tj ET"])
    yield "3,000 pages sharing one drawing", "pages.pdf", pdf([b"0 0 m\n" + b"1 1 l\n" * 100_000 + b"S\n"], 3000)
    yield "1 MB Word file expanding to 1 GB", "bomb.docx", docx_bomb(1 << 30)
    paragraph = b"<p>Traders said that forty young men had left for Russia since January this year.</p>\n"
    yield "19 MB saved page", "page.html", b"<html><body><article>" + paragraph * (19_000_000 // len(paragraph)) \
        + b"</article></body></html>"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        subprocess.run([*BRIEFPACK, "init", str(folder / "ws")], check=True, capture_output=True)
        for label, name, data in cases():
            path = folder / name
            path.write_bytes(data)
            started = time.monotonic()
            result = subprocess.run([sys.executable, "-c", MEASURED, *BRIEFPACK, "add-source", str(path),
                                     "--root", str(folder / "ws")], capture_output=True, text=True)
            elapsed = time.monotonic() - started
            code, peak = result.stdout.split()[-2:]
            said = (result.stderr.strip() or result.stdout).splitlines()[0]
            print(f"{label}: exit {code}, {elapsed:.1f} s, peak {int(peak) / 1024:.0f} MB\n  {said}")
            path.unlink()


if __name__ == "__main__":
    main()
