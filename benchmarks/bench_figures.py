"""Benchmark the bundled regional pack with its charts against the same pack without them.

Builds ``briefs/central-asia.yaml`` (DOCX and PDF, ``--force``) in a child
process, alternately as shipped and with every ``<figure>`` block left out of
the document (so no chart, no figure notes), and reports the median wall time
of each and their ratio (the target: at most 1.5).

    python benchmarks/bench_figures.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _child(mode: str, out: str) -> None:
    from briefpack.compose import blockxml
    from briefpack.cli import main

    if mode == "none":
        blockxml.read_figure = lambda reader, node: None  # figures left out of the model
    start = time.perf_counter()
    try:
        main(["build", "briefs/central-asia.yaml", "--format", "docx", "--format", "pdf", "--out", out,
              "--root", str(ROOT), "--force", "--quiet"])
    except SystemExit as exc:
        if exc.code:
            raise
    print(f"{time.perf_counter() - start:.3f}")


def run(mode: str, out: str) -> float:
    done = subprocess.run([sys.executable, __file__, "--child", mode, out], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    times: dict[str, list[float]] = {"charts": [], "none": []}
    with tempfile.TemporaryDirectory() as tmp:
        run("charts", f"{tmp}/warm")  # fonts and templates read once from disk
        for _ in range(args.runs):
            for mode in ("none", "charts"):
                times[mode].append(run(mode, f"{tmp}/{mode}"))
        pages = subprocess.run(["pdfinfo", f"{tmp}/charts/central-asia.pdf"], capture_output=True,
                               text=True).stdout
    with_charts, without = statistics.median(times["charts"]), statistics.median(times["none"])
    print(f"regional pack, DOCX and PDF, {args.runs} runs each (median wall time of the build):")
    print(f"  without charts {without:.2f} s  {sorted(round(t, 2) for t in times['none'])}")
    print(f"  with charts    {with_charts:.2f} s  {sorted(round(t, 2) for t in times['charts'])}")
    print(f"  ratio {with_charts / without:.2f} (target 1.5 or less)")
    for line in pages.splitlines():
        if line.startswith("Pages:"):
            print(f"  PDF with charts: {line.split()[-1]} pages")


if __name__ == "__main__":
    main()
