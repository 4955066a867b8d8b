"""Benchmark the PDF writer against a plain reportlab build of the same flowables.

    python benchmarks/bench_pdf.py --notes 2000
    python benchmarks/bench_pdf.py --notes 20000 --no-check

Builds a deterministic synthetic document (about 95 words per note, Cyrillic and
Uzbek Latin words mixed in, a 5-row table every 10 paragraphs), then in separate
subprocesses (so that peak memory is each build's own):

- ``footnotes``: ``write_pdf`` (notes at the foot of their reference's page);
- ``plain``: the same flowables built by plain platypus, notes as endnotes (no placement).

Prints each time and peak memory (maxrss), the ratio, and whether every note is
on its reference's page. Not a timed test: targets are within 1.3x of the plain
build, under 400 MB, and linear in the number of notes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import synthetic_document, word_count

from briefpack.document.model import Document

# ---------------------------------------------------------------- the two builds
def build_footnotes(document: Document, path: Path) -> int:
    from briefpack.writers import WriterOptions
    from briefpack.writers.pdf.writer import write_pdf

    return write_pdf(document, path, WriterOptions())["pages"]


def build_plain(document: Document, path: Path) -> int:
    """The same flowables, notes appended as endnotes, placed by a plain frame; untagged."""
    from reportlab.platypus import PageBreak, PageTemplate
    from reportlab.platypus.frames import Frame

    from briefpack.writers.pdf.style import page_geometry
    from briefpack.writers.pdf.writer import PdfWalk, clean
    from briefpack.writers.pdf.document import BriefDocTemplate
    from briefpack.writers.pdf.pages import HeadingParagraph, PageDecoration, TocEntry
    from briefpack.writers.pdf.style import load_house_style

    hs = load_house_style(None)
    pagesize, (x, y, width, height) = page_geometry(hs, "a4")
    walk = PdfWalk(document, hs, width)
    flowables = [f for f in walk.flowables() if not isinstance(f, TocEntry)]
    notes = walk.note_paragraphs()
    flowables += [PageBreak(), HeadingParagraph("Notes", hs.styles["h1"])] + list(notes.values())
    doc = BriefDocTemplate(str(path), timestamp=0, rule_colour=hs.colours["rule"], tagger=None, pagesize=pagesize,
                           initialFontName=hs.body_font.regular, title=clean(document.meta.title))
    title = walk.markup.glyphs[True].runs(clean(document.meta.title))  # as write_pdf sets it
    decorate = PageDecoration(hs, title, clean(document.meta.marking), pagesize)
    frame = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [Frame(x, y, width, height, **frame)], onPage=decorate),
                          PageTemplate("body", [Frame(x, y, width, height, **frame)], onPage=decorate)])
    doc.at_end.append(lambda canv: decorate.define_page_count(canv, doc.page))
    doc.build(flowables)
    return doc.page


def child(kind: str, notes: int, path: Path) -> None:
    document = synthetic_document(notes)
    start = time.perf_counter()
    pages = (build_footnotes if kind == "footnotes" else build_plain)(document, path)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "seconds": seconds, "maxrss_mb": rss_mb, "pages": pages,
                      "words": word_count(document)}))


def run(kind: str, notes: int, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--notes", str(notes),
                          "--out", str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the best time counts")
    parser.add_argument("--no-check", action="store_true", help="skip reading the notes' pages back")
    parser.add_argument("--child", choices=("footnotes", "plain"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.notes, args.out)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    results = {}
    for kind in ("plain", "footnotes"):
        runs = [run(kind, args.notes, tmp / f"{kind}.pdf") for _ in range(args.repeat)]
        results[kind] = min(runs, key=lambda r: r["seconds"])
        r = results[kind]
        print(f"{kind:10s} {r['seconds']:7.2f} s  {r['maxrss_mb']:6.0f} MB  {r['pages']} pages")
    ratio = results["footnotes"]["seconds"] / results["plain"]["seconds"]
    print(f"notes {args.notes}, words {results['plain']['words']}, ratio footnotes/plain {ratio:.2f}")
    status = 0
    if not args.no_check:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from pdf_check import misplaced_notes

        problems = misplaced_notes(tmp / "footnotes.pdf", expected=args.notes)
        print("every note on its reference's page" if not problems else
              f"{len(problems)} notes misplaced, e.g. {problems[:3]}")
        status = 1 if problems else 0
    return status


if __name__ == "__main__":
    sys.exit(main())
