"""Generate a deterministic synthetic workspace whose brief builds into a pack of N notes.

    python benchmarks/make_brief.py --notes 2000 /tmp/pack2000

The workspace holds one source per 20 notes (paragraphs of ~90 words mixing
English, Russian/Kazakh Cyrillic and Uzbek Latin), one excerpt per note quoting
a whole paragraph, a vocabulary with a ``batch`` facet, and ``briefs/pack.yaml``
with one ``excerpts`` section per 100 notes, each starting a new page (so that a
rebuild after one edit lays out only the section it changed). A workspace template
(``templates/excerpts.xml.j2``, overriding the built-in one) prints each
excerpt as a paragraph with its note and a 5-row table every 10 paragraphs,
about 190,000 words at 2,000 notes.

It also writes ``pack.md``: the same content as Pandoc Markdown with footnotes
(composed through briefpack, so the text and notes are the very same), for
timing pandoc side by side.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from synthetic import to_markdown, yaml_text

ENGLISH = (
    "the group said officials reported fighters border province security network recruitment "
    "propaganda online channel attack plot members support region authorities government "
    "operation militants estimated several hundred local foreign returned arrested cell leaders "
    "media outreach language video messages migrants workers camps travel routes funding"
).split()
CYRILLIC = "Қазақстан Россия Тоҷикистон Бишкек Душанбе вербовка мигранты террористы Алматы Ош".split()
UZBEK = "Oʻzbekiston gʻalaba oʻgʻil Toshkent Fargʻona qoʻshin soʻz yoʻl".split()

TEMPLATE = """{#- Benchmark template: one paragraph per excerpt, a table every 10. -#}
{% for e in excerpts %}
<p>{{ e.quote }}{{ cite(e) }}</p>
{% if loop.index % 10 == 0 %}
<table widths="0.2 0.5 0.3"><tr><th>Date</th><th>Event</th><th>Grade</th></tr>
{% for row in excerpts[loop.index0 - 4: loop.index0 + 1] %}
<tr><td>{{ format_date(row.date) }}</td><td>{{ row.summary }}</td><td>{{ row.grading }}</td></tr>
{% endfor %}
</table>
{% endif %}
{% endfor %}
"""


def paragraph(rng: random.Random, words: int = 82) -> str:
    out = []
    for i in range(words):
        roll = rng.random()
        pool = CYRILLIC if roll < 0.08 else UZBEK if roll < 0.14 else ENGLISH
        out.append(rng.choice(pool))
        if i % 15 == 14:
            out[-1] += "."
    text = " ".join(out).rstrip(".") + "."
    return text[0].upper() + text[1:]


def write_workspace(out: Path, notes: int, seed: int = 7, formats: str = "docx, pdf") -> None:
    rng = random.Random(seed)
    for sub in ("seeds/sources", "seeds/excerpts", "briefs", "templates"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    batches = (notes + 99) // 100
    vocab = ["facets:", "  batch:", "    label: Batch", "    values:"]
    vocab += [f"      b{b:03d}: {{label: Batch {b}}}" for b in range(batches)]
    (out / "seeds" / "vocabulary.yaml").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    n = 0
    for s in range((notes + 19) // 20):
        sid = f"source-{s:04d}"
        paragraphs = [paragraph(rng) for _ in range(20)]
        front = ["---", f"id: {sid}", f'title: "Synthetic report on the region, part {s}"',
                 f"author: Author{s % 31} Surname{s % 17}", f"publisher: Outlet {s % 9}",
                 f'published: "{2015 + s % 10}-{1 + s % 12:02d}-{1 + s % 28:02d}"',
                 "language: en", f"reliability: {'ABC'[s % 3]}", "---"]
        (out / "seeds" / "sources" / f"{sid}.txt").write_text(
            "\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        items = []
        for p, text in enumerate(paragraphs):
            if n >= notes:
                break
            items.append("\n".join([
                f"- id: ex-{n:05d}", f"  source: {sid}", f"  quote: {yaml_text(text)}",
                f"  tags: [batch:b{n // 100:03d}]",
                f'  date: "{2015 + n % 10}-{1 + n % 12:02d}"', f"  credibility: {1 + n % 6}",
                f"  summary: {yaml_text(text[:60].rsplit(' ', 1)[0])}",
            ]))
            n += 1
        if items:
            (out / "seeds" / "excerpts" / f"{sid}.yaml").write_text("\n".join(items) + "\n", encoding="utf-8")
    brief = ["title: Synthetic benchmark pack", "marking: TLP:CLEAR", "as_of: 2024-12-31",
             "organization: Benchmark desk", "authors: [Benchmark]", f"formats: [{formats}]", "sections:"]
    for b in range(batches):
        brief += ["  - type: excerpts", f"    title: Batch {b}", f"    select: batch:b{b:03d}",
                  "    sort: date", "    new_page: true"]
    (out / "briefs" / "pack.yaml").write_text("\n".join(brief) + "\n", encoding="utf-8")
    (out / "templates" / "excerpts.xml.j2").write_text(TEMPLATE, encoding="utf-8")


def resolved_document(root: Path):
    """The pack's document as the writers receive it (composed, notes numbered)."""
    from briefpack.briefs.read import load_brief
    from briefpack.library.check import load_checked_library
    from briefpack.notes.citations import resolve_citations
    from briefpack.compose.composer import compose_document

    library, _ = load_checked_library(root)
    brief = load_brief(root / "briefs" / "pack.yaml")
    document = compose_document(brief, library, root=root, produced="2024-12-31", timestamp=0)
    return resolve_citations(document, library)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="docx, pdf", help="the formats the brief lists (default: docx, pdf)")
    args = parser.parse_args(argv)
    write_workspace(args.out, args.notes, args.seed, args.formats)
    document = resolved_document(args.out)
    (args.out / "pack.md").write_text(to_markdown(document), encoding="utf-8")
    words = sum(len(t.split()) for t in (args.out / "pack.md").read_text(encoding="utf-8").split("\n"))
    print(f"{args.notes} notes, about {words:,} words: {args.out}")


if __name__ == "__main__":
    main()
