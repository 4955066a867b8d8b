"""Time ``briefpack build`` end to end beside the usual alternatives, on the same content, at several sizes.

    python benchmarks/bench_build.py                       # 2,000 notes
    python benchmarks/bench_build.py --sizes 500,2000,8000 # the curves (8,000 notes takes minutes)
    python benchmarks/bench_build.py --typst               # and Typst, where installed (see below)

For each size, generates the synthetic workspace of ``make_brief.py`` (N notes, about 95
words each) twice, one brief listing only ``docx``, the other only ``pdf`` (a build
rewrites every format its brief lists), builds each once untimed (the library's check
cache then warm, as on any build but a workspace's first), and times, each in its own
process with its peak memory:

- ``briefpack docx``: ``build --force --jobs 1`` (load, check, compose, notes, write), and
  pandoc's Markdown -> DOCX of the same text and notes (``pack.md``);
- ``briefpack pdf``: the same, every note at its page foot, and a plain reportlab build
  of the same flowables with the notes as endnotes (no placement; composed the same way);
  also LibreOffice DOCX -> PDF and WeasyPrint with CSS ``float: footnote`` on pandoc's HTML,
  where installed (``--others``);
- ``rebuild after one edit``: one excerpt's quote (in the middle of the document) cut to
  its first sentences in its library file, then ``build`` without ``--force``; then
  ``build --force`` of the same inputs, and whether the two files are byte for byte equal
  (with ``--repeat N``, N rounds, each from a build of the inputs before the edit: the best
  time of each, equal only if every round's files were).

Prints wall and CPU seconds (CPU time is the steadier on a shared machine) and peak MB,
the ratios the targets are stated in, and between two sizes the growth per doubling of
notes (time at 2n over time at n; from 500 to 2,000 notes it is the square root of the
ratio). ``--json FILE`` keeps every figure.

``--typst``: pandoc 3 (``pypandoc-binary``) converts ``pack.md`` to Typst (notes at the
page foot) and the ``typst`` package compiles it: a full compile, then one paragraph
edited and compiled again by the same (warm) compiler. Neither is a dependency of
briefpack; install both in a scratch environment::

    python -m venv /tmp/typst-env && /tmp/typst-env/bin/pip install typst pypandoc-binary
    PYTHONPATH=/tmp/typst-env/lib/python3.11/site-packages python benchmarks/bench_build.py --typst
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEASY_CSS = "@page { size: A4; margin: 2cm; } .footnote { float: footnote; font-size: 8pt; }"
PROBE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)\n"
)
PLAIN = """
import sys
sys.path.insert(0, {here!r})
from pathlib import Path
from make_brief import resolved_document
from bench_pdf import build_plain
build_plain(resolved_document(Path({root!r})), Path({target!r}))
"""
TYPST = """
import sys, time, resource
import typst
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
source = sys.argv[1]
text = open(source, encoding="utf-8").read()
start, used = time.perf_counter(), cpu()
compiler = typst.Compiler(source)
compiler.compile(output=sys.argv[2])
full, full_cpu = time.perf_counter() - start, cpu() - used
marker = sys.argv[3]
assert marker in text, "no paragraph to edit"
open(source, "w", encoding="utf-8").write(text.replace(marker, marker + " Edited", 1))
start, used = time.perf_counter(), cpu()
compiler.compile(output=sys.argv[2])
again, again_cpu = time.perf_counter() - start, cpu() - used
print(full, full_cpu, again, again_cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def environment(root: Path) -> None:
    """Python's compiled modules kept (under ``root``), as an installed package has them:
    without, every run compiles briefpack's modules again (a fifth of a second)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(root / "pycache")


def measure(command: list[str], cwd: Path, repeat: int = 1) -> dict:
    """Best wall time over ``repeat`` runs of ``command``, the CPU time of that run, and the peak RSS."""
    best, peak = None, 0.0
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", PROBE, *command], cwd=cwd, capture_output=True, text=True,
                              check=False)
        if done.returncode:
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
        seconds, rss, cpu = (float(x) for x in done.stdout.split())
        if best is None or seconds < best["seconds"]:
            best = {"seconds": seconds, "cpu": cpu}
        peak = max(peak, rss)
    return {**best, "peak_mb": peak}


def briefpack(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefpack", "build", "--jobs", "1", "--quiet", *args]


def workspaces(root: Path, notes: int) -> dict[str, Path]:
    """The size's two workspaces (``docx`` and ``pdf``), generated once (kept with --keep)."""
    made = {fmt: root / f"n{notes}" / fmt for fmt in ("docx", "pdf")}
    for fmt, folder in made.items():
        if not (folder / "briefs" / "pack.yaml").exists():
            subprocess.run([sys.executable, str(HERE / "make_brief.py"), "--notes", str(notes), "--formats", fmt,
                            str(folder)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(briefpack(), cwd=folder, check=True)  # untimed: outputs there, the check cache warm
    return made


def edit_one_excerpt(folder: Path, notes: int) -> tuple[Path, str]:
    """Cut the quote of the excerpt in the middle of the document to its first sentences
    (still the source's words); returns the file and its text before."""
    number = notes // 2
    path = folder / "seeds" / "excerpts" / f"source-{number // 20:04d}.yaml"
    before = path.read_text(encoding="utf-8")
    lines = before.split("\n")
    at = lines.index(f"- id: ex-{number:05d}") + 2
    quote = json.loads(lines[at].split(": ", 1)[1])  # make_brief writes it as a double-quoted scalar
    shorter = quote[: quote.rindex(". ", 0, len(quote) - 2) + 1]
    lines[at] = "  quote: " + json.dumps(shorter, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, before


def rebuild_after_edit(folder: Path, fmt: str, notes: int, repeat: int = 1) -> dict:
    """The rebuild after one excerpt edit, the full build of the same inputs, and whether they
    are equal; with ``repeat``, the best of that many rounds (each from a build of the inputs
    before the edit, untimed), as for the full builds."""
    output = folder / "out" / f"pack.{fmt}"
    best = None
    for _ in range(repeat):
        subprocess.run(briefpack(), cwd=folder, check=True)  # untimed: the caches hold the inputs before
        path, before = edit_one_excerpt(folder, notes)
        try:
            run = measure(briefpack(), folder)
            rebuilt = output.read_bytes()
            full = measure(briefpack("--force"), folder)
            run.update(full_seconds=full["seconds"], full_cpu=full["cpu"], equal=rebuilt == output.read_bytes())
        finally:
            path.write_text(before, encoding="utf-8")
        if best is None:
            best = run
        else:  # each figure its best; the bytes equal only when every round's were
            best = {**best, **{k: min(best[k], run[k]) for k in ("seconds", "cpu", "full_seconds", "full_cpu")},
                    "peak_mb": max(best["peak_mb"], run["peak_mb"]), "equal": best["equal"] and run["equal"]}
    return best


def one_size(root: Path, notes: int, args) -> dict:
    spaces = workspaces(root, notes)
    docx, pdf = spaces["docx"], spaces["pdf"]
    runs: dict[str, dict] = {}
    runs["briefpack docx"] = measure(briefpack("--force"), docx, args.repeat)
    if shutil.which("pandoc"):
        runs["pandoc md->docx"] = measure(["pandoc", "pack.md", "-o", "pandoc.docx"], docx, args.repeat)
    runs["briefpack pdf"] = measure(briefpack("--force"), pdf, args.repeat)
    plain = PLAIN.format(here=str(HERE), root=str(pdf), target=str(pdf / "plain.pdf"))
    runs["reportlab plain (endnotes)"] = measure([sys.executable, "-c", plain], pdf, args.repeat)
    if args.others:
        others(pdf, docx, runs, args.repeat)
    runs["docx rebuild after one edit"] = rebuild_after_edit(docx, "docx", notes, args.repeat)
    runs["pdf rebuild after one edit"] = rebuild_after_edit(pdf, "pdf", notes, args.repeat)
    if args.typst:
        runs.update(typst(pdf))
    sys.path.insert(0, str(HERE.parent / "tests"))
    from pdf_check import misplaced_notes

    result = {"notes": notes, "runs": runs, "pages": pdf_pages(pdf / "out" / "pack.pdf"),
              "misplaced": misplaced_notes(pdf / "out" / "pack.pdf", expected=notes)}
    report(result)
    return result


def others(pdf: Path, docx: Path, runs: dict, repeat: int) -> None:
    if shutil.which("soffice"):
        profile = f"-env:UserInstallation=file://{pdf}/lo-profile"
        runs["libreoffice docx->pdf"] = measure(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(pdf / "lo"),
             str(docx / "out" / "pack.docx")], pdf, repeat)
    if shutil.which("weasyprint") and shutil.which("pandoc"):
        (pdf / "notes.css").write_text(WEASY_CSS, encoding="utf-8")
        subprocess.run(["pandoc", "pack.md", "-s", "-o", "pack.html", "--css", "notes.css"], cwd=pdf, check=True)
        runs["weasyprint html->pdf"] = measure(["weasyprint", "pack.html", "weasy.pdf"], pdf, repeat)


def typst(folder: Path) -> dict:
    """Typst on pandoc's conversion of pack.md: a full compile, and a warm compile after one paragraph edit."""
    try:
        import pypandoc
        import typst  # noqa: F401
    except ImportError as exc:
        print(f"  (no Typst comparison: {exc.name} is not installed)")
        return {}
    source = folder / "pack.typ"
    pypandoc.convert_file(str(folder / "pack.md"), "typst", outputfile=str(source),
                          extra_args=["--standalone", "-V", "papersize=a4"])
    text = source.read_text(encoding="utf-8")
    marker = re.search(r"\n\n([A-Z][a-z]+ [a-z]+ [a-z]+)", text[len(text) // 2:]).group(1)
    out = subprocess.run([sys.executable, "-c", TYPST, str(source), str(folder / "typst.pdf"), marker],
                         capture_output=True, text=True, check=True).stdout.split()
    full, full_cpu, again, again_cpu, peak = (float(x) for x in out)
    return {"typst": {"seconds": full, "cpu": full_cpu, "peak_mb": peak},  # CPU time: all its threads
            "typst, one paragraph edited (warm)": {"seconds": again, "cpu": again_cpu, "peak_mb": peak,
                                                   "full_seconds": full, "full_cpu": full_cpu, "equal": None}}


def pdf_pages(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


def report(result: dict) -> None:
    runs = result["runs"]
    print(f"{result['notes']} notes, {result['pages']} PDF pages (columns: wall time, CPU time, peak memory), "
          f"notes not on their reference's page: {len(result['misplaced'])}"
          + (f" ({result['misplaced'][:3]})" if result["misplaced"] else ""))
    for name, run in runs.items():
        extra = ""
        if "full_seconds" in run:
            equal = "" if run["equal"] is None else f"; bytes {'equal' if run['equal'] else 'DIFFERENT'}"
            extra = (f"  ({run['seconds'] / run['full_seconds']:.2f} of a full build of the same inputs, "
                     f"{run['full_seconds']:.2f} s, CPU {run['cpu'] / run['full_cpu']:.2f}{equal})")
        cpu = f"{run['cpu']:7.2f}" if "cpu" in run else " " * 7
        print(f"  {name:<36} {run['seconds']:7.2f} s {cpu} s {run['peak_mb']:6.0f} MB{extra}")
    for a, b in (("briefpack docx", "pandoc md->docx"), ("briefpack pdf", "reportlab plain (endnotes)"),
                 ("briefpack pdf", "libreoffice docx->pdf"), ("briefpack pdf", "weasyprint html->pdf"),
                 ("typst", "briefpack pdf")):
        if a in runs and b in runs:
            cpu = (f", CPU time {runs[a]['cpu'] / runs[b]['cpu']:.2f}" if "cpu" in runs[a] and "cpu" in runs[b]
                   else "")
            print(f"  {a} / {b}: {runs[a]['seconds'] / runs[b]['seconds']:.2f}{cpu}")


def growth(results: list[dict]) -> None:
    """Per doubling of notes, between each two sizes: (t2 / t1) ** (1 / log2(n2 / n1))."""
    if len(results) < 2:
        return
    print("growth per doubling of notes (wall time, CPU time, peak memory):")
    for low, high in itertools.pairwise(results):
        doublings = math.log2(high["notes"] / low["notes"])
        for name in ("briefpack docx", "briefpack pdf", "reportlab plain (endnotes)", "pandoc md->docx",
                     "docx rebuild after one edit", "pdf rebuild after one edit"):
            if name in low["runs"] and name in high["runs"]:
                a, b = low["runs"][name], high["runs"][name]
                per = [(b[k] / a[k]) ** (1 / doublings) for k in ("seconds", "cpu", "peak_mb")]
                print(f"  {low['notes']} -> {high['notes']}  {name:<30}" + "".join(f" {r:5.2f}" for r in per))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="numbers of notes, comma-separated (default 2000)")
    parser.add_argument("--notes", type=int, help="one size (the same as --sizes N)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build, and rounds of each rebuild after one edit; the best time counts")
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder; reused when run again")
    parser.add_argument("--others", action="store_true", help="also LibreOffice and WeasyPrint, where installed")
    parser.add_argument("--typst", action="store_true", help="also Typst, where installed (see above)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    sizes = [args.notes] if args.notes else [int(s) for s in args.sizes.split(",")]

    root = args.keep or Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    environment(root)
    print(f"workspaces under {root}; pandoc {_version(['pandoc', '--version'])}")
    try:
        results = [one_size(root, notes, args) for notes in sizes]
        growth(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _version(command: list[str]) -> str:
    if not shutil.which(command[0]):
        return "not installed"
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    return out.split()[1] if out else "?"


if __name__ == "__main__":
    sys.exit(main())
