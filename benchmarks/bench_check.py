"""Time ``briefpack check`` (cold and warm) and a query on a synthetic library.

    python benchmarks/bench_check.py /tmp/big            # generates it first if missing
    python benchmarks/bench_check.py /tmp/big --sources 1000 --excerpts 10000 --runs 5

Cold: no .briefpack-cache (files are in the OS page cache, as after any read).
Warm: nothing changed since the last run. Each figure is the best of --runs,
wall-clock seconds of the whole command, interpreter start included.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
QUERY = "country:KZ and (topic:recruitment or topic:propaganda) and not group:IMU and date >= 2020"


def timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    return time.perf_counter() - start, done


def best(args: list[str], runs: int, before=None) -> tuple[float, subprocess.CompletedProcess]:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(args))
    return min(results, key=lambda r: r[0])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--excerpts", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    root = args.workspace
    if not (root / "seeds").is_dir():
        subprocess.run([sys.executable, str(HERE / "make_library.py"), "--sources", str(args.sources),
                        "--excerpts", str(args.excerpts), str(root)], check=True)  # fmt: skip
    briefpack = [shutil.which("briefpack") or "briefpack"]
    cache = root / ".briefpack-cache"

    def drop_cache():
        shutil.rmtree(cache, ignore_errors=True)

    cold, done = best([*briefpack, "check", "--root", str(root)], args.runs, drop_cache)
    print(f"check, cold:  {cold:6.2f} s   {done.stdout.strip().splitlines()[-1]}")
    warm, done = best([*briefpack, "check", "--root", str(root)], args.runs)
    print(f"check, warm:  {warm:6.2f} s   exit {done.returncode}")
    query, done = best([*briefpack, "excerpts", QUERY, "--json", "--root", str(root)], args.runs)
    print(f"query, warm:  {query:6.2f} s   {done.stdout.count(chr(10) + '  {')} excerpts: {QUERY}")


if __name__ == "__main__":
    main()
