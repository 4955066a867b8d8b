"""Doubling tests: the inputs that once took time growing with the square of their size.

    python benchmarks/bench_linear.py [--repeat 3] [--scale 1.0] [--no-gc] [--case NAME ...]

Each case is timed (the best of ``--repeat`` runs, in this process) at a size n and
at 2n; the ratio of the two is about 2 for work that grows with its input, 4 for
work that grows with its square. A ratio of 2.2 or less counts as linear. Cases:

- block XML: one paragraph of n newlines, composed (template, render, block XML);
- inline runs: one paragraph of n words each followed by an empty ``<em>``;
- identical headings: n headings of one title, composed (their anchors);
- DOCX bookmarks: the DOCX of n headings whose long anchors share their first 40
  characters, as identical titles make them;
- PDF heading keys: the PDF of n such headings;
- PDF escaping: the PDF of a quote of n ``&`` (each escaped as ``&amp;``), a few pages
  long (reportlab breaks what is left of a paragraph into lines again at every page
  it is split over, letters and entities alike: a paragraph over many pages costs
  more than its length says, which is why a paragraph is held to 100,000 characters);
- country profile: the bundled country profile over a library of n excerpts
  about one country.

After them, a quote of 99,000 ``&`` against one of 99,000 ``x`` in the PDF: the
``&`` sets on wider glyphs and so on more pages, and should cost no more than that.
``--scale`` shrinks or grows every size (0.25 for a quick look); ``--no-gc`` times with
Python's cycle collector off, to tell its share (it walks every object alive, and a
library of 20,000 excerpts is many) from the work of the code itself. Exit 1 when a
case is not linear.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

TOPICS = ("recruitment", "attacks-and-plots", "state-response", "propaganda", "origins", "outlook")
LONG_TITLE = "The same rather long heading, repeated in every part of the section"


def compose_with(template: str, library=None, section=None):
    """A function composing a one-section brief whose template is ``template``."""
    from briefpack.briefs.model import Brief, Section
    from briefpack.compose.composer import compose_document

    def run():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "templates").mkdir()
            (root / "templates" / "excerpts.xml.j2").write_text(template, encoding="utf-8")
            brief = Brief(name="b", path=root / "briefs" / "b.yaml", title="B", as_of="2024-06-30",
                          sections=[section or Section("excerpts", params={"select": "country:KZ"})])
            return compose_document(brief, library or make_library(1), root=root, produced="2024-07-01",
                                    timestamp=0)

    return run


def make_library(n: int):
    from briefpack.library.model import Excerpt, Facet, Library, Source, Term, Vocabulary

    vocab = Vocabulary({
        "country": Facet("country", "Country", {"KZ": Term("KZ", "Kazakhstan")}),
        "group": Facet("group", "Armed group", {"ISKP": Term("ISKP", "Islamic State Khorasan Province")}),
        "topic": Facet("topic", "Topic", {t: Term(t, t) for t in TOPICS}),
    })
    sources = {"s1": Source("s1", "A Report", publisher="Eurasianet", reliability="B")}
    excerpts = [Excerpt(f"e{i}", "s1", f"Quote number {i}.",
                        ["country:KZ", f"topic:{TOPICS[i % len(TOPICS)]}"] + (["group:ISKP"] if i % 5 == 0 else []),
                        f"{2010 + i % 15}-{1 + i % 9:02d}", 2) for i in range(n)]
    return Library(Path("."), sources, {e.id: e for e in excerpts}, vocab)


def headings_document(n: int):
    from briefpack.document.model import Document, Heading, Meta, TableOfContents, Text

    prefix = "sec-1-excerpts-from-the-library-about-it-all-" + LONG_TITLE.lower().replace(" ", "-")[:48]
    blocks = [TableOfContents()] + [Heading(2, [Text(LONG_TITLE)], anchor=f"{prefix}-{i + 1}") for i in range(n)]
    return Document(Meta(title="Headings"), blocks)


def write(fmt: str, document):
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx
    from briefpack.writers.pdf.writer import write_pdf

    def run():
        with tempfile.TemporaryDirectory() as folder:
            (write_docx if fmt == "docx" else write_pdf)(document, Path(folder) / f"out.{fmt}", WriterOptions())

    return run


def quote_document(text: str):
    from briefpack.document.model import Document, Meta, Quote, Text

    return Document(Meta(title="Quote"), [Quote([Text(text)])])


def country_profile(n: int):
    from briefpack.briefs.model import Section

    return compose_with("", make_library(n), Section("country_profile", params={"country": "KZ"}))


CASES = {
    "block XML": (3_200_000, lambda n: compose_with('<p>a{{ "\\n" * %d }}b</p>\n' % n)),
    "inline runs": (40_000, lambda n: compose_with("<p>{%% for i in range(%d) %%}a <em></em>{%% endfor %%}</p>\n" % n)),
    "identical headings": (10_000, lambda n: compose_with(
        "{%% for i in range(%d) %%}<h3>%s</h3><p>x</p>\n{%% endfor %%}" % (n, LONG_TITLE))),
    "DOCX bookmarks": (4_000, lambda n: write("docx", headings_document(n))),
    "PDF heading keys": (2_000, lambda n: write("pdf", headings_document(n))),
    "PDF escaping": (5_000, lambda n: write("pdf", quote_document("&" * n))),
    "country profile": (10_000, country_profile),
}


def best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    parser.add_argument("--no-gc", action="store_true", help="time with the cycle collector off")
    args = parser.parse_args(argv)
    if args.no_gc:
        gc.disable()

    write("pdf", quote_document("x"))()  # fonts registered, modules imported
    ok = True
    print(f"{'case':20} {'n':>9} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}")
    for name, (size, make) in CASES.items():
        if args.case and name not in args.case:
            continue
        n = max(1, int(size * args.scale))
        make(n)()  # templates compiled, fonts loaded
        small, large = best(make(n), args.repeat), best(make(2 * n), args.repeat)
        ratio = large / small
        ok = ok and ratio <= 2.2
        print(f"{name:20} {n:9,} {small:8.2f} {large:8.2f} {ratio:6.2f}{'' if ratio <= 2.2 else '  NOT LINEAR'}",
              flush=True)
    if not args.case or "PDF escaping" in args.case:
        n = int(99_000 * args.scale)
        amp, ex = (best(write("pdf", quote_document(ch * n)), 1) for ch in "&x")
        print(f"PDF quote of {n:,} '&' {amp:.2f} s, of {n:,} 'x' {ex:.2f} s: ratio {amp / ex:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
