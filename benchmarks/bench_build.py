"""Time ``briefpack build`` end to end beside the usual alternatives, on the same content.

    python benchmarks/bench_build.py --notes 2000 [--repeat 3] [--keep DIR]

Generates the synthetic workspace of ``make_brief.py`` (N notes, about 95
words each) and times, each in its own process with its peak memory:

- briefpack DOCX (load, check, compose, notes, write) vs pandoc Markdown -> DOCX;
- briefpack PDF (every note placed at its page foot) vs a plain reportlab build
  of the same flowables with the notes as endnotes (no placement), LibreOffice
  converting the DOCX to PDF, and, where installed, WeasyPrint with CSS
  ``float: footnote`` on pandoc's HTML.

Prints seconds, peak memory (MB) and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEASY_CSS = "@page { size: A4; margin: 2cm; } .footnote { float: footnote; font-size: 8pt; }"


def measure(command: list[str], cwd: Path, repeat: int) -> dict:
    """Best wall time over ``repeat`` runs and the peak RSS of the command."""
    best, peak = None, 0.0
    for _ in range(repeat):
        probe = (
            "import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL,"
            " stderr=subprocess.DEVNULL)\n"
            "print(time.perf_counter() - t,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
        )
        out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd,
                             capture_output=True, text=True, check=True).stdout.split()
        seconds, rss = float(out[0]), float(out[1])
        best = seconds if best is None else min(best, seconds)
        peak = max(peak, rss)
    return {"seconds": best, "peak_mb": peak}


PLAIN = """
import sys
sys.path.insert(0, {here!r})
from pathlib import Path
from make_brief import resolved_document
from bench_pdf import build_plain
build_plain(resolved_document(Path({root!r})), Path({target!r}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    if not (root / "briefs" / "pack.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "make_brief.py"), "--notes", str(args.notes),
                        str(root)], check=True)
    briefpack = shutil.which("briefpack") or "briefpack"
    runs: dict[str, dict] = {}
    build = [briefpack, "build", "--force", "--jobs", "1", "--quiet"]
    runs["briefpack docx"] = measure(build + ["--format", "docx"], root, args.repeat)
    runs["briefpack pdf"] = measure(build + ["--format", "pdf"], root, args.repeat)
    plain = PLAIN.format(here=str(HERE), root=str(root), target=str(root / "plain.pdf"))
    runs["reportlab plain (endnotes)"] = measure([sys.executable, "-c", plain], root, args.repeat)
    if shutil.which("pandoc"):
        runs["pandoc md->docx"] = measure(["pandoc", "pack.md", "-o", "pandoc.docx"], root, args.repeat)
    if shutil.which("soffice"):
        profile = f"-env:UserInstallation=file://{root}/lo-profile"
        runs["libreoffice docx->pdf"] = measure(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(root / "lo"),
             "out/pack.docx"], root, args.repeat)
    if shutil.which("weasyprint") and shutil.which("pandoc"):
        (root / "notes.css").write_text(WEASY_CSS, encoding="utf-8")
        subprocess.run(["pandoc", "pack.md", "-s", "-o", "pack.html", "--css", "notes.css"],
                       cwd=root, check=True)
        runs["weasyprint html->pdf"] = measure(["weasyprint", "pack.html", "weasy.pdf"], root, args.repeat)

    pages = subprocess.run(["pdfinfo", "out/pack.pdf"], cwd=root, capture_output=True, text=True).stdout
    page_count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
    sys.path.insert(0, str(HERE.parent / "tests"))
    from pdf_check import misplaced_notes

    misplaced = misplaced_notes(root / "out" / "pack.pdf", expected=args.notes)
    print(f"{args.notes} notes, {page_count} PDF pages, workspace {root}")
    print(f"  notes not on their reference's page: {len(misplaced)}" + (f" ({misplaced[:3]})" if misplaced else ""))
    for name, run in runs.items():
        print(f"  {name:<30} {run['seconds']:7.2f} s  {run['peak_mb']:7.0f} MB")

    def ratio(a, b):
        if a in runs and b in runs:
            print(f"  {a} / {b}: {runs[a]['seconds'] / runs[b]['seconds']:.2f}")

    ratio("briefpack docx", "pandoc md->docx")
    ratio("briefpack pdf", "reportlab plain (endnotes)")
    ratio("briefpack pdf", "libreoffice docx->pdf")
    ratio("briefpack pdf", "weasyprint html->pdf")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
