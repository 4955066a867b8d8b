"""Time ``briefpack add-source`` on a 1 MB saved page and ``briefpack quote`` in a large library.

    python benchmarks/bench_intake.py /tmp/big     # the library from make_library.py (made if missing)
    python benchmarks/bench_intake.py /tmp/big --sources 10000 --excerpts 100000 --runs 3

add-source: a page of about 1 MB (site navigation, a cookie banner, a long
article of a few thousand paragraphs, related links, a footer) added to a new
workspace. quote: a passage of the library's last source, with --append to a
new excerpts file, and a passage that is not there (the closest one is shown).
Each figure is the best of --runs, wall-clock seconds of the whole command,
interpreter start included. Targets: add-source under 2 s, quote under 1 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
WORDS = ("the group said officials reported fighters border province security network recruitment "
         "propaganda online channel attack plot members support region authorities government").split()


def page(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    head = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A long report | Example Monitor'
            '</title><meta name="author" content="Ann Example"><meta property="og:site_name" content="Example '
            'Monitor"><meta property="article:published_time" content="2024-05-01"></head><body>'
            '<div class="cookie">We use cookies. <button>Accept</button></div><nav>'
            + "".join(f'<a href="/s{i}">Section {i}</a> ' for i in range(40)) + "</nav><article><h1>A long report</h1>")
    parts = [head]
    total = len(head)
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "."
        parts.append(f"<p>{text}</p>\n")
        total += len(parts[-1])
    parts.append('</article><aside><h3>Recent Features</h3><ul>' + "".join(
        f'<li><a href="/r{i}">Related story {i}</a></li>' for i in range(30)) + "</ul></aside>"
        "<footer>&copy; 2024 Example Monitor</footer></body></html>")
    return "".join(parts)


def timed(args: list[str], runs: int, before=None) -> tuple[float, subprocess.CompletedProcess]:
    best, done = float("inf"), None
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return best, done


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--excerpts", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    briefpack = str(Path(sys.executable).with_name("briefpack"))

    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "long-report.html"
        saved.write_text(page(1_000_000), encoding="utf-8")
        ws = Path(tmp) / "ws"
        subprocess.run([briefpack, "init", str(ws)], check=True, capture_output=True)

        def fresh():
            for path in (ws / "seeds" / "sources" / "bench.txt", ws / "seeds" / "captures" / "bench.html"):
                path.unlink(missing_ok=True)

        seconds, done = timed([briefpack, "add-source", str(saved), "--id", "bench", "--root", str(ws)],
                              args.runs, fresh)
        size = saved.stat().st_size / 1e6
        print(f"add-source, {size:.2f} MB page: {seconds:.2f} s ({done.stdout.splitlines()[0][:90]})")

    if not (args.library / "seeds").is_dir():
        subprocess.run([sys.executable, str(HERE / "make_library.py"), str(args.library), "--sources",
                        str(args.sources), "--excerpts", str(args.excerpts)], check=True)
    sources = sorted((args.library / "seeds" / "sources").glob("*.txt"))
    last = sources[-1]
    paragraph = last.read_text(encoding="utf-8").split("\n\n")[3]
    passage = " ".join(paragraph.split()[2:14])
    target = args.library / "seeds" / "excerpts" / "zz-bench-quote.yaml"
    seconds, done = timed([briefpack, "quote", last.stem, passage, "--append", str(target), "--root",
                           str(args.library)], args.runs, lambda: target.unlink(missing_ok=True))
    target.unlink(missing_ok=True)
    print(f"quote --append, {len(sources)} sources: {seconds:.2f} s")
    seconds, done = timed([briefpack, "quote", last.stem, passage.replace(" ", " not ", 1), "--root",
                           str(args.library)], args.runs)
    print(f"quote, not found (closest passage shown), {len(sources)} sources: {seconds:.2f} s")


if __name__ == "__main__":
    main()
