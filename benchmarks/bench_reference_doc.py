"""Time and measure a build with a hostile or huge reference document (``--reference-doc``).

    python benchmarks/bench_reference_doc.py            # a fresh workspace (briefpack init) in a temporary folder
    python benchmarks/bench_reference_doc.py --keep DIR

Each case builds the workspace's briefs as DOCX (``--jobs 1 --force``) with one
reference document and reports the whole command's time, its peak memory and
its exit code: bombs beyond the bounds (refused, exit 1) and the worst
documents within them (built, exit 0). Every case must end within 20 s and
1 GB. The figures are what the README's security section quotes.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BRIEFPACK = [sys.executable, "-m", "briefpack"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def default_parts() -> dict[str, bytes]:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return {name: source.read(name) for name in source.namelist()}


def write(path: Path, parts: dict[str, bytes], big: tuple[str, bytes, bytes, int] | None = None) -> Path:
    """``parts`` as a .docx; ``big``: (part, head, repeated chunk, times) streamed in place of that part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in parts.items():
            if big and name == big[0]:
                with package.open(name, "w", force_zip64=True) as stream:
                    stream.write(big[1])
                    for _ in range(big[3]):
                        stream.write(big[2])
                    stream.write(b"--></w:styles>")
            else:
                package.writestr(name, data)
    return path


def inserted(parts: dict[str, bytes], name: str, closing: bytes, inner: bytes) -> dict[str, bytes]:
    data = parts[name]
    at = data.rindex(closing)
    return {**parts, name: data[:at] + inner + data[at:]}


def cases(folder: Path):
    parts = default_parts()
    head = f"<w:styles xmlns:w='{W}'><!--".encode()
    yield "styles.xml a comment of 200 MB (refused)", write(folder / "bomb.docx", parts, (
        "word/styles.xml", head, b"bomb" * 2**18, 200))
    yield "styles.xml a comment of 12 MB (refused)", write(folder / "comment.docx", parts, (
        "word/styles.xml", head, b"bomb" * 2**18, 12))
    attributes = b" ".join(b'a%d=""' % i for i in range(3000))
    yield "styles.xml 1,900,000 attributes (built)", write(folder / "attributes.docx", inserted(
        parts, "word/styles.xml", b"</w:styles>", (b"<w:x " + attributes + b"/>") * 633))
    yield "styles.xml 1,900,000 elements (built)", write(folder / "elements.docx", inserted(
        parts, "word/styles.xml", b"</w:styles>", b"<w:x/>" * 1_900_000))
    yield "body of 1,900,000 paragraphs (built)", write(folder / "body.docx", inserted(
        parts, "word/document.xml", b"<w:sectPr", b"<w:p/>" * 1_900_000))
    yield "2,100,000 elements (refused)", write(folder / "tags.docx", inserted(
        parts, "word/styles.xml", b"</w:styles>", b"<w:x/>" * 2_100_000))
    yield "styles.xml nested 100,000 deep (refused)", write(folder / "deep.docx", inserted(
        parts, "word/styles.xml", b"</w:styles>", b"<w:x>" * 100_000 + b"</w:x>" * 100_000))


def run_case(root: Path, reference: Path) -> tuple[float, float, int]:
    """Seconds, peak megabytes and exit code of one build."""
    started = time.perf_counter()
    process = subprocess.Popen(BRIEFPACK + ["build", "--root", str(root), "--format", "docx", "--jobs", "1",
                                            "--force", "--quiet", "--reference-doc", str(reference)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-reference-"))
    folder.mkdir(parents=True, exist_ok=True)
    root = folder / "ws"
    if not root.exists():
        subprocess.run(BRIEFPACK + ["init", str(root)], check=True, stdout=subprocess.DEVNULL)
    failed = False
    for name, reference in cases(folder):
        seconds, megabytes, code = run_case(root, reference)
        size = reference.stat().st_size / 2**20
        failed |= code not in (0, 1) or seconds > 20 or megabytes > 1024
        print(f"{name:45} {size:6.2f} MB file  {seconds:6.2f} s  {megabytes:7.0f} MB  exit {code}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
