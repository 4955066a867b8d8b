"""How well add-source keeps the article and nothing else, on saved pages with a hand-written truth.

    python benchmarks/intake_quality.py

Each ``pages/<name>.html`` is a page as a browser saves it (site navigation, a
cookie banner, share buttons, related links, newsletter boxes, image credits, a
footer, some of them inside the article's own container; four of them in Russian,
Korean, Arabic and Uzbek), and
``pages/<name>.truth.txt`` the article's text as a reader sees it (headline and
paragraphs). The score is the F1 of word 5-gram shingles of the extracted text
against the truth (precision: the share of extracted shingles that are the
article's; recall: the share of the article's shingles extracted), computed for
the body as written and for the body without the paragraphs proposed as
``non_body``, as the library reads it. A baseline takes all the text of the page.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from lxml import html as lxml_html

from briefpack.intake.debris import propose_non_body
from briefpack.intake.importers import import_file

PAGES = Path(__file__).parent / "pages"
N = 5


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + N]) for i in range(max(1, len(words) - N + 1))}


def score(found: str, truth: str) -> tuple[float, float, float]:
    got, want = shingles(found), shingles(truth)
    common = len(got & want)
    precision = common / len(got) if got else 0.0
    recall = common / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    rows = []
    import_file(next(PAGES.glob("*.html")))  # imports trafilatura once, outside the timings
    for page in sorted(PAGES.glob("*.html")):
        truth = page.with_name(page.stem + ".truth.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        capture = import_file(page)
        seconds = time.perf_counter() - start
        debris = {n for n, _ in propose_non_body(capture.paragraphs)}
        body = "\n".join(capture.paragraphs)
        kept = "\n".join(p for n, p in enumerate(capture.paragraphs, 1) if n not in debris)
        everything = lxml_html.fromstring(page.read_bytes()).text_content()
        rows.append((page.stem, score(everything, truth), score(body, truth), score(kept, truth), seconds,
                     len(debris)))
    print(f"{'page':<16} {'all text P/R/F1':>18} {'body P/R/F1':>18} {'library P/R/F1':>18} {'ms':>6} non_body")
    for name, base, body, kept, seconds, debris in rows:
        cells = ["/".join(f"{x:.2f}" for x in s) for s in (base, body, kept)]
        print(f"{name:<16} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18} {seconds * 1000:6.1f} {debris}")
    for label, index in (("all text", 1), ("body", 2), ("library", 3)):
        mean = [sum(r[index][i] for r in rows) / len(rows) for i in range(3)]
        print(f"mean {label:<9} precision {mean[0]:.3f}  recall {mean[1]:.3f}  F1 {mean[2]:.3f}")


if __name__ == "__main__":
    main()
