"""add-source keeps the article and nothing else, on the saved pages of benchmarks/pages/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefpack.intake.debris import propose_non_body
from briefpack.intake.importers import import_file

PAGES = Path(__file__).resolve().parents[2] / "benchmarks" / "pages"


def shingles(text: str) -> set:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + 5]) for i in range(max(1, len(words) - 4))}


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_the_body_as_the_library_reads_it_is_the_article(page):
    truth = shingles(page.with_name(page.stem + ".truth.txt").read_text(encoding="utf-8"))
    capture = import_file(page)
    debris = {n for n, _ in propose_non_body(capture.paragraphs)}
    kept = shingles("\n".join(p for n, p in enumerate(capture.paragraphs, 1) if n not in debris))
    precision, recall = len(kept & truth) / len(kept), len(kept & truth) / len(truth)
    assert precision == 1.0  # nothing that is not the article
    assert recall >= 0.93  # all of it, a repeated headline at most aside
