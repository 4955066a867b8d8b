"""Time the PDF and DOCX writers on a mixed-script document against an English one of
the same length.

    python benchmarks/bench_scripts.py --notes 500 [--repeat 3]

Both documents are the synthetic document of ``synthetic.py`` (same seed, same
structure, same number of words and notes); the English one draws its words from
English only, the mixed one from English, Russian, Kazakh, Uzbek, Arabic, Persian,
Pashto, Urdu, Hindi and Malayalam, so about half its paragraphs need shaping and a
third hold right-to-left text. Target: the mixed document within 2x the English
one's time (shaping is done only for the runs in a complex script).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from synthetic import synthetic_document

ENGLISH = ("the of and in to a regional border water security trade migration policy reservoir "
           "agreement ministry delegation report official transit energy customs said on for with "
           "province attack claimed group fighters statement media network").split()
MIXED = ENGLISH[:16] + (
    "Россия граница безопасность Қазақстан Oʻzbekiston Тоҷикистон "
    "الدولة الإسلامية خراسان أفغانستان دولت اسلامی ننګرهار پاکستان حملہ "
    "इस्लामिक स्टेट हमला भारत केरल ഇസ്ലാമിക് സ്റ്റേറ്റ് കേരളം ആക്രമണം").split()


def best_time(build, document, repeat: int) -> float:
    best = None
    with tempfile.TemporaryDirectory() as folder:
        for i in range(repeat):
            started = time.perf_counter()
            build(document, Path(folder) / f"out{i}")
            took = time.perf_counter() - started
            best = took if best is None else min(best, took)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from briefpack.writers import WriterOptions
    from briefpack.writers.docx import write_docx
    from briefpack.writers.pdf import write_pdf

    english = synthetic_document(args.notes, words_from=ENGLISH)
    mixed = synthetic_document(args.notes, words_from=MIXED)
    chars = [sum(len(t.text) for b in d.blocks for t in getattr(b, "content", []) if hasattr(t, "text"))
             for d in (english, mixed)]
    print(f"{args.notes} notes; body paragraph characters: English {chars[0]:,}, mixed {chars[1]:,}")
    ok = True
    for name, writer in (("pdf", write_pdf), ("docx", write_docx)):
        def build(document, path, writer=writer):
            writer(document, path.with_suffix("." + name), WriterOptions())

        build(english, Path(tempfile.gettempdir()) / "warm")  # fonts registered, modules imported
        build(mixed, Path(tempfile.gettempdir()) / "warm")
        t_en, t_mixed = best_time(build, english, args.repeat), best_time(build, mixed, args.repeat)
        ratio = t_mixed / t_en
        ok = ok and ratio <= 2.0
        print(f"{name:5s} English {t_en:6.2f} s   mixed scripts {t_mixed:6.2f} s   ratio {ratio:4.2f} "
              f"(target 2.0)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
