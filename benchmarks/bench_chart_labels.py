"""Doubling test: a chart's label layout stays linear in the label's length.

Draws a timeline of two events whose labels are N characters long (Latin,
Cyrillic, Arabic words) for N doubling from 10,000 to 160,000, and prints the
time of each and its ratio to the previous one (about 2 is linear, about 4
quadratic) and the growth from 40,000 on as a power of N (1 is linear, 2
quadratic). Exits 1 when that power passes 1.5.

    python benchmarks/bench_chart_labels.py
"""

from __future__ import annotations

import math
import sys
import time

from briefpack.document.model import ChartPoint, Figure, Note, Text
from briefpack.writers.charts.kinds import draw_figure
from briefpack.writers.charts.style import chart_family, chart_settings, chart_style

WORDS = {"Latin": "word ", "Cyrillic": "слово ", "Arabic": "كلمة "}


def seconds(n: int, word: str, style) -> float:
    best = float("inf")
    for run in range(3):  # a new label each run: measured text is cached by its value
        label = (f"{run} " + word * (n // len(word) + 1))[:n]
        points = [ChartPoint(date=f"2024-0{i}", label=label, note=[Note(i, (Text("x"),))]) for i in (1, 2)]
        start = time.perf_counter()
        draw_figure(Figure("timeline", [Text("Events")], points), style)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    settings = chart_settings(None)
    style = chart_style(settings, chart_family(settings["font"]), 450.0)
    worst = 0.0
    sizes = (10_000, 20_000, 40_000, 80_000, 160_000)
    for script, word in WORDS.items():
        times = []
        for n in sizes:
            times.append(seconds(n, word, style))
            ratio = f"  x{times[-1] / times[-2]:.2f}" if len(times) > 1 else ""
            print(f"{script:9} {n:>7,} characters  {times[-1] * 1000:8.1f} ms{ratio}")
        power = math.log(times[-1] / times[2]) / math.log(sizes[-1] / sizes[2])  # fixed costs: from 40,000
        print(f"{script:9} grows as N^{power:.2f}")
        worst = max(worst, power)
    return 1 if worst > 1.5 else 0


if __name__ == "__main__":
    sys.exit(main())
