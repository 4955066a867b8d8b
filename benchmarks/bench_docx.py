"""Benchmark the DOCX writer against pandoc on the same synthetic content.

The synthetic document of ``bench_pdf.py`` (``synthetic.py``: N notes, about 95
words each, Cyrillic and Uzbek Latin mixed with English, a 5-row table every 10
paragraphs). It is written with ``write_docx`` (time and peak memory, measured
in a child process) and, as Pandoc Markdown with footnotes, converted by
``pandoc -o x.docx`` (time and peak memory).

    python benchmarks/bench_docx.py [--notes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import synthetic_document, to_markdown, word_count

from briefpack.writers import WriterOptions
from briefpack.writers.docx.writer import write_docx


def _child(notes: int, target: str) -> None:
    document = synthetic_document(notes)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    stats = write_docx(document, Path(target), WriterOptions())
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.3f} {peak / 1024:.1f} {(peak - before) / 1024:.1f} {stats['notes']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.notes, args.child)
        return

    document = synthetic_document(args.notes)
    print(f"synthetic document: {args.notes} notes, {word_count(document)} words")
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = [], []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--notes", str(args.notes),
                 "--child", f"{tmp}/briefpack.docx"],
                check=True, capture_output=True, text=True,
            ).stdout.split()
            ours.append((float(out[0]), float(out[1]), float(out[2]), int(out[3])))
        best = min(ours)
        size = Path(tmp, "briefpack.docx").stat().st_size / 1e6
        print(f"briefpack write_docx: {best[0]:.2f} s (best of {args.runs}; "
              f"runs {', '.join(f'{o[0]:.2f}' for o in ours)}), process peak {best[1]:.0f} MB, "
              f"writer's share {best[2]:.0f} MB, {best[3]} notes, {size:.1f} MB file")

        if shutil.which("pandoc") is None:
            print("pandoc not found: no comparison")
            return
        md = Path(tmp, "bench.md")
        md.write_text(to_markdown(document), encoding="utf-8")
        pandoc_peak = 0.0
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.Popen(["pandoc", str(md), "-o", f"{tmp}/pandoc.docx"])
            _, status, usage = os.wait4(proc.pid, 0)
            theirs.append(time.perf_counter() - start)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                sys.exit(f"pandoc failed with exit code {proc.returncode}")
            pandoc_peak = max(pandoc_peak, usage.ru_maxrss / 1024)
        print(f"pandoc {_pandoc_version()} -o x.docx: {min(theirs):.2f} s (best of {args.runs}; "
              f"runs {', '.join(f'{t:.2f}' for t in theirs)}), peak {pandoc_peak:.0f} MB")
        print(f"ratio briefpack / pandoc: {best[0] / min(theirs):.2f}")


def _pandoc_version() -> str:
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if out else "?"


if __name__ == "__main__":
    main()
