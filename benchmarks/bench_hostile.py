"""Time briefpack on hostile inputs: each must end in seconds, with exit 0 or 1, never 70.

    python benchmarks/bench_hostile.py            # a fresh workspace (briefpack init) in a temporary folder
    python benchmarks/bench_hostile.py --keep DIR

Each case puts one input into a copy of a workspace made by ``briefpack init`` and
times the whole command (interpreter start included): a "billion laughs" brief and
excerpts file, 200,000 alias items, 100,000 unknown tags, 30,000 valid tags, a 10 MB
misquote, a 320,000-character quoted paragraph (build), a query of 5,000 'not's,
a --keep-going build over 20,000 faulty excerpts. The figures are what the README's
security section quotes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BRIEFPACK = [sys.executable, "-m", "briefpack"]


def laughs(levels: int, indent: str = "") -> str:
    lines = [f"{indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def excerpt(eid: str, source: str, quote: str, tags: str = "[]", extra: str = "") -> str:
    return (f"- id: {eid}\n  source: {source}\n  quote: {quote}\n  tags: {tags}\n  date: 2024\n"
            f"  credibility: 3\n{extra}")


def first_source(root: Path) -> tuple[str, str]:
    """(id, first sentence of its text) of the workspace's first source."""
    path = sorted((root / "seeds" / "sources").rglob("*.txt"))[0]
    body = path.read_text(encoding="utf-8").split("---", 2)[2].strip()
    return path.stem, body.split("\n\n")[0].split(". ")[0].strip()


def cases(source: str):
    brief = "title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nformats: [docx, pdf]\nsections:\n"
    yield ("billion laughs brief (9 levels)", {"briefs/lol.yaml": brief.replace("sections:", "variables:\n"
           + laughs(9, "  ") + "sections:") + "  - type: excerpts\n    select: source:*\n"}, ["build", "briefs/lol.yaml"])
    yield ("billion laughs excerpts file", {"seeds/excerpts/lol.yaml": excerpt("lol", source, "x", extra="  note: {"
           + laughs(9).replace("\n", ", ") + "}\n")}, ["check"])
    yield ("200,000 alias items", {"seeds/excerpts/many.yaml": "- &x\n  " + excerpt("x", source, "x")[2:]
           + "- *x\n" * 200_000}, ["check"])
    tags = "".join(f"    - topic:unknown{i}\n" for i in range(100_000))
    yield ("100,000 unknown tags", {"seeds/excerpts/t.yaml": excerpt("t", source, "x", "\n" + tags)}, ["check"])
    yield ("10 MB misquote", {"seeds/excerpts/long.yaml": excerpt("long", source, "never said " * 950_000)},
           ["check"])
    yield ("query of 5,000 'not's", {}, ["excerpts", "not " * 5000 + "source:*"])
    text = " ".join(f"word{i % 977}" for i in range(40_000))
    yield ("a 315,000-character quoted paragraph (build)", {
        "seeds/sources/huge.txt": f"---\nid: huge\ntitle: Huge\nlanguage: en\nreliability: B\n---\nFirst.\n\n{text}\n",
        "seeds/excerpts/huge.yaml": excerpt("huge", "huge", text),
        "briefs/huge.yaml": brief + "  - type: excerpts\n    select: source:huge\n"}, ["build", "briefs/huge.yaml"])
    faulty = "".join(excerpt(f"e{i}", source, "x", f"[topic:nope{i}]") for i in range(20_000))
    yield ("--keep-going over 20,000 faulty excerpts", {"seeds/excerpts/faulty.yaml": faulty},
           ["build", "--keep-going", "--quiet", "--force"])


def run_case(base: Path, work: Path, files: dict[str, str], args: list[str]) -> tuple[float, int]:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(base, work, symlinks=True)
    for rel, text in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text, encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(BRIEFPACK + [args[0], "--root", str(work), *args[1:]], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1, 3) or "Traceback" in done.stderr:
        raise SystemExit(f"{args}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return seconds, done.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder to work in (kept afterwards)")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="briefpack-hostile-"))
    base = folder / "base"
    if not base.exists():
        subprocess.run(BRIEFPACK + ["init", str(base)], check=True, capture_output=True)
        subprocess.run(BRIEFPACK + ["build", "--root", str(base), "--quiet"], check=True)
    source, _ = first_source(base)
    print(f"{'input':45} {'seconds':>8}  exit")
    for name, files, command in cases(source):
        seconds, code = run_case(base, folder / "case", files, command)
        print(f"{name:45} {seconds:8.2f}  {code}")
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
