"""Benchmark the DOCX writer against pandoc on the same synthetic content.

A deterministic document of 2,000 paragraphs (~190,000 words, Cyrillic and
Uzbek Latin mixed with English), one footnote per paragraph, a heading every 50
paragraphs and a 5-row table every 10. It is written with ``write_docx`` (time
and peak memory, measured in a child process) and, as Pandoc Markdown with
footnotes, converted by ``pandoc -o x.docx`` (time and peak memory).

    python benchmarks/bench_docx.py [--paragraphs 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefpack.model import (
    Document,
    Heading,
    Link,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    Text,
)
from briefpack.writers import WriterOptions
from briefpack.writers.docx import write_docx

WORDS = (
    "the group recruited fighters across the region while officials reported new arrests "
    "and analysts expected further attacks against soft targets in the valley "
    "группа вербует боевиков в регионе власти сообщили о новых арестах "
    "guruh mintaqada jangarilarni yollagan rasmiylar yangi hibslar haqida xabar berdi "
    "oʻzbekiston qoʻshni gʻarbiy soʻnggi taʼsir"
).split()
PUBLICATIONS = ("Eurasianet", "RFE/RL", "The Diplomat", "Газета.uz", "Kun.uz")


def build_document(paragraphs: int = 2000, seed: int = 7) -> Document:
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    blocks: list = [TableOfContents(), PageBreak()]
    note = 0
    for i in range(paragraphs):
        if i % 50 == 0:
            blocks.append(Heading(1 if i % 200 == 0 else 2, [Text(f"Section {i // 50 + 1}")],
                                  anchor=f"section-{i // 50 + 1}"))
        note += 1
        pub = rng.choice(PUBLICATIONS)
        content = (
            Text(f"Author {note}, \u201c{sentence(5).title()},\u201d "),
            Text(pub, italic=True),
            Text(f", June {1 + note % 28}, 2024, para. {note % 40 + 1}, "),
            Link("link", f"https://example.org/{note}"),
            Text("."),
        )
        blocks.append(Paragraph([
            Text(sentence(40) + " "),
            Text(sentence(5), bold=True),
            Text(" " + sentence(45) + "."),
            Note(note, content),
        ], style="lead" if i % 50 == 1 else "body"))
        if i % 10 == 9:
            blocks.append(Table(
                header=[[Text("Date")], [Text("Place")], [Text("Event")]],
                rows=[[[Text(f"2024-06-{r + 1:02d}")], [Text(sentence(2))], [Text(sentence(8))]]
                      for r in range(5)],
                widths=[0.2, 0.25, 0.55],
            ))
    meta = Meta(title="Synthetic briefing pack", subtitle="Benchmark", marking="TLP:AMBER",
                as_of="June 30, 2024", produced="July 1, 2024", organization="Benchmark",
                authors=["A. Analyst"], timestamp=1719792000)
    return Document(meta, blocks)


def to_markdown(document: Document) -> str:
    """The same content as Pandoc Markdown with footnotes."""
    out, notes = [], []

    def inline(content) -> str:
        parts = []
        for node in content:
            if isinstance(node, Text):
                t = node.text
                parts.append(f"**{t}**" if node.bold else f"*{t}*" if node.italic else t)
            elif isinstance(node, Link):
                parts.append(f"[{node.text}]({node.url})")
            elif isinstance(node, Note):
                parts.append(f"[^{node.number}]")
                notes.append(f"[^{node.number}]: {inline(node.content)}")
        return "".join(parts)

    for block in document.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + inline(block.content))
        elif isinstance(block, Paragraph):
            out.append(inline(block.content))
        elif isinstance(block, Table):
            rows = [block.header, *block.rows]
            lines = ["| " + " | ".join(inline(c) for c in row) + " |" for row in rows]
            lines.insert(1, "|" + "|".join("---" for _ in block.header) + "|")
            out.append("\n".join(lines))
    return "\n\n".join(out + notes) + "\n"


def _child(paragraphs: int, target: str) -> None:
    document = build_document(paragraphs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    stats = write_docx(document, Path(target), WriterOptions())
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.3f} {peak / 1024:.1f} {(peak - before) / 1024:.1f} {stats['notes']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.paragraphs, args.child)
        return

    document = build_document(args.paragraphs)
    words = sum(len(t.text.split()) for b in document.blocks if isinstance(b, Paragraph)
                for t in b.content if isinstance(t, Text))
    print(f"synthetic document: {args.paragraphs} paragraphs, {words} body words, "
          f"{args.paragraphs} notes, {args.paragraphs // 10} tables")
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = [], []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--paragraphs", str(args.paragraphs),
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
