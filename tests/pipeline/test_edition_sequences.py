"""Seeded random sequences of what users do between builds; after every build
each document's DOCX and PDF, read back from the files, carry the same section
headings and the same notes."""

import random

import pytest
from corpus_builder import SOURCES
from readback import assert_same_document

DOCUMENTS = ("handout-kz", "handout-kg", "regional")
STEPS = 10


def add_excerpt(corpus, rnd, count):
    sid = rnd.choice(["news-2024", "gov-2016"])
    paragraph = rnd.choice(SOURCES[sid][3])
    quote = rnd.choice([s.strip() + "." for s in paragraph.split(".") if s.strip()])
    country = rnd.choice(["KZ", "KG"])
    topic = rnd.choice(["outlook", "recruitment", "attacks-and-plots"])
    corpus.add_excerpt({"id": f"random-{count}", "source": sid, "quote": quote, "date": "2024-06",
                        "credibility": rnd.randint(1, 4), "tags": [f"country:{country}", f"topic:{topic}"]})


def change_excerpt(corpus, rnd, count):
    items = corpus.read_excerpts()
    item = rnd.choice(items)
    item["credibility"] = rnd.randint(1, 5)
    item["summary"] = f"Revised summary {count}."
    corpus.write_excerpts(items)


def withdraw_excerpt(corpus, rnd, count):
    items = corpus.read_excerpts()
    candidates = [i for i in items if i["id"] not in ("kz-fighters", "kg-plot", "region-outlook", "extra-kz")]
    if candidates:
        rnd.choice(candidates)["withdrawn"] = f"retracted by its source ({count})"
        corpus.write_excerpts(items)


EDITS = [add_excerpt, change_excerpt, withdraw_excerpt]
BUILDS = [[], ["--format", "docx"], ["--format", "pdf"], ["--force"], ["--publish"],
          ["--format", "docx", "--publish"]]


@pytest.mark.parametrize("seed", [11, 29])
def test_random_sequences_keep_docx_and_pdf_one_document(build, corpus, seed):
    rnd = random.Random(seed)
    for step in range(STEPS):
        if rnd.random() < 0.5:
            rnd.choice(EDITS)(corpus, rnd, step)
        args = rnd.choice(BUILDS)
        result = build(*args, "--jobs", "1")
        assert result.exit_code == 0, (step, args, result.output)
        for name in DOCUMENTS:
            docx, pdf = corpus.out / f"{name}.docx", corpus.out / f"{name}.pdf"
            if docx.exists() and pdf.exists():
                assert_same_document(docx, pdf)
