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
# Quotes in other scripts come as phrases (runs of words of one script), as in a pack:
# English analysis quoting Russian, Kazakh, Uzbek, Arabic, Persian, Pashto, Urdu,
# Hindi and Malayalam sources; the English document has English phrases of the same
# lengths in their place.
PHRASES = [
    "Исламское государство взяло ответственность", "Қазақстан Республикасы мәлімдеді",
    "Oʻzbekiston Respublikasi hujumni", "Давлати Исломӣ дар Тоҷикистон",
    "الدولة الإسلامية أعلنت مسؤوليتها", "دولت اسلامی خراسان در افغانستان",
    "اسلامي دولت په ننګرهار کې", "دولت اسلامیہ نے پاکستان میں",
    "इस्लामिक स्टेट ने हमले की", "ഇസ്ലാമിക് സ്റ്റേറ്റ് ആക്രമണത്തിന്റെ ഉത്തരവാദിത്തം",
]
ENGLISH_PHRASES = [
    "the Islamic State claimed responsibility", "the Republic of Kazakhstan said",
    "the Republic of Uzbekistan attack", "the Islamic State in Tajikistan",
    "the Islamic State claimed its responsibility", "Islamic State Khorasan in Afghanistan",
    "the Islamic State in Nangarhar province", "the Islamic State in Pakistan has",
    "the Islamic State claimed the attack", "the Islamic State claimed responsibility for it",
]
ENGLISH_DOC = ENGLISH * 2 + ENGLISH_PHRASES
MIXED = ENGLISH * 2 + PHRASES


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
    from briefpack.writers.docx.writer import write_docx
    from briefpack.writers.pdf.shaping import _SHAPED as shaped_words
    from briefpack.writers.pdf.writer import write_pdf

    english = synthetic_document(args.notes, words_from=ENGLISH_DOC)
    mixed = synthetic_document(args.notes, words_from=MIXED)
    chars = [sum(len(t.text) for b in d.blocks for t in getattr(b, "content", []) if hasattr(t, "text"))
             for d in (english, mixed)]
    print(f"{args.notes} notes; body paragraph characters: English {chars[0]:,}, mixed {chars[1]:,}")
    ok = True
    for name, writer in (("pdf", write_pdf), ("docx", write_docx)):
        def build(document, path, writer=writer):
            shaped_words.clear()  # each build shapes its words afresh, as a build process does
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
