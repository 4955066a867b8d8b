"""Generate a deterministic synthetic workspace for timing ``briefpack check``.

    python benchmarks/make_library.py --sources 10000 --excerpts 100000 /tmp/big

Each source has a dozen paragraphs of made-up prose with curly quotes, dashes
and no-break spaces; excerpts quote them verbatim (some with an omission, some
with straight quotes for curly ones) and are spread over one file per source.
The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from synthetic import yaml_text

WORDS = (
    "the group said officials reported fighters border province security network recruitment "
    "propaganda online channel attack plot members support region authorities government "
    "operation militants estimated around several hundred thousand local foreign returned "
    "arrested cell leaders media outreach language video messages migrants workers camps "
    "travel routes funding financial transfers mosque preacher prison released sentenced"
).split()
FACETS = {
    "country": ["KZ", "KG", "TJ", "TM", "UZ", "AF", "PK", "RU", "SY", "IQ", "TR", "IR"],
    "group": ["ISKP", "IS", "IMU", "IJU", "KTJ", "HTS", "TTP", "AQ"],
    "topic": ["recruitment", "propaganda", "financing", "attacks", "returnees", "prisons",
              "online", "migration", "state-response", "outlook"],
    "region": ["central-asia", "fergana-valley", "khorasan", "north-caucasus", "middle-east"],
}


def vocabulary() -> str:
    lines = ["facets:"]
    for facet, values in FACETS.items():
        lines += [f"  {facet}:", f"    label: {facet.title()}", "    values:"]
        for value in values:
            lines.append(f"      {value}: {{label: {value.title()}, aliases: [{value}-alias]}}")
    return "\n".join(lines) + "\n"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.2:
        i = rng.randrange(1, len(words) - 1)
        words[i] = f"\u201c{words[i]}\u201d"
    if rng.random() < 0.2:
        words.insert(rng.randrange(1, len(words)), "\u2014")
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words)), f"{rng.randint(2, 900)}\u00a0people")
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
    # wrap as captured from a web page, about 90 columns
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) > 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def quote_from(rng: random.Random, text: str) -> str:
    sentences = text.replace("\n", " ").split(". ")
    start = rng.randrange(len(sentences))
    quote = ". ".join(sentences[start : start + rng.randint(1, 2)])
    if not quote.endswith("."):
        quote += "."
    if rng.random() < 0.1:
        words = quote.split(" ")
        if len(words) > 8:
            quote = " ".join(words[:3]) + " \u2026 " + " ".join(words[-3:])
    if rng.random() < 0.2:
        quote = quote.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-")
    return quote


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sources", type=int, default=10000)
    parser.add_argument("--excerpts", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    seeds = args.out / "seeds"
    (seeds / "sources").mkdir(parents=True, exist_ok=True)
    (seeds / "excerpts").mkdir(parents=True, exist_ok=True)
    (seeds / "vocabulary.yaml").write_text(vocabulary(), encoding="utf-8")
    per_source, extra = divmod(args.excerpts, args.sources)
    n = 0
    for s in range(args.sources):
        sid = f"source-{s:05d}"
        paragraphs = [paragraph(rng) for _ in range(rng.randint(8, 16))]
        front = [
            "---", f"id: {sid}", f"title: \"Synthetic report number {s}\"",
            f"author: [Author {s % 97}, Second Author]", f"publisher: Outlet {s % 50}",
            f"published: {2010 + s % 15}-{1 + s % 12:02d}-{1 + s % 28:02d}", "language: en",
            f"reliability: {'ABCDEF'[s % 6]}", f"url: https://example.org/{sid}", "non_body: [1]", "---",
        ]  # fmt: skip
        (seeds / "sources" / f"{sid}.txt").write_text(
            "\n".join(front) + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
        items = []
        for _ in range(per_source + (1 if s < extra else 0)):
            n += 1
            quote = quote_from(rng, rng.choice(paragraphs[1:]))
            tags = sorted({f"{f}:{rng.choice(v)}" for f, v in FACETS.items() if rng.random() < 0.8})
            item = [
                f"- id: ex-{n:06d}", f"  source: {sid}", f"  quote: {yaml_text(quote)}",
                f"  tags: [{', '.join(tags)}]",
                f"  date: \"{2010 + rng.randrange(15)}-{1 + rng.randrange(12):02d}\"",
                f"  credibility: {rng.randint(1, 6)}",
                f"  summary: {yaml_text(sentence(rng))}",
            ]  # fmt: skip
            if rng.random() < 0.1:
                item += ["  figures:", "    - measure: fighters", f"      value: {rng.randint(10, 5000)}",
                         "      qualifier: about", "      place: KZ"]  # fmt: skip
            items.append("\n".join(item))
        (seeds / "excerpts" / f"{sid}.yaml").write_text("\n\n".join(items) + "\n", encoding="utf-8")
    print(f"{args.sources} sources, {n} excerpts in {args.out}")


if __name__ == "__main__":
    main()
