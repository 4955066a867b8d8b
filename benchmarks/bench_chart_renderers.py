"""Compare ways to draw one chart for both writers: speed, determinism, output size.

The chart: an estimates chart of 12 values with their labels and note numbers,
16 cm wide. Candidates, each run in fresh child processes (import time counts,
as it does in a build's worker):

* ``reportlab+pillow`` (what briefpack uses): the chart as a reportlab Drawing,
  drawn as vectors into a PDF page, and painted to a 300 dpi PNG with Pillow;
* ``matplotlib`` (when installed): the same dot plot with the Agg backend to a
  300 dpi PNG, and to a PDF (a separate file: a reportlab document cannot take
  in another PDF's page);
* reportlab's own bitmap renderer (``renderPM``) needs the ``rlPyCairo`` backend,
  which needs pycairo built against the system's cairo: reported when missing.

Deterministic means two runs in two processes give the same bytes.

    python benchmarks/bench_chart_renderers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import subprocess
import sys
import time

POINTS = [(200 + 130 * i, ("about", "more than", "", "up to")[i % 4], f"Estimator {i}, 20{10 + i}", 12 + i)
          for i in range(12)]
WIDTH_PT = 16 / 2.54 * 72


def ours() -> dict:
    from reportlab.pdfgen.canvas import Canvas

    from briefpack.document.model import ChartPoint, Figure, Note, Text
    from briefpack.writers.charts.kinds import draw_figure
    from briefpack.writers.charts.png import drawing_to_png
    from briefpack.writers.charts.style import chart_style
    from briefpack.writers.pdf.style import load_house_style

    hs = load_house_style(None)
    figure = Figure("estimates", [Text("c")], [ChartPoint(v, None, q, label, note=[Note(n, (Text("n"),))])
                                               for v, q, label, n in POINTS])
    start = time.perf_counter()
    drawing = draw_figure(figure, chart_style(hs.charts, hs.chart_font, WIDTH_PT))
    png, _ = drawing_to_png(drawing)
    png_time = time.perf_counter() - start
    start = time.perf_counter()
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    drawing.drawOn(canvas, 0, 0)
    canvas.save()
    return {"png": png, "png_s": png_time, "pdf": out.getvalue(), "pdf_s": time.perf_counter() - start}


def matplotlib_chart() -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 7.5, "svg.hashsalt": "0"})
    start = time.perf_counter()
    fig, ax = plt.subplots(figsize=(WIDTH_PT / 72, 2.6))
    for i, (v, q, label, n) in enumerate(POINTS):
        ax.plot([v], [i], "o", mfc="white" if q == "about" else "#0072B2", mec="#0072B2")
        ax.annotate(f"{q} {v:,}$^{{{n}}}$".strip(), (v, i), xytext=(6, -3), textcoords="offset points")
    ax.set_yticks(range(len(POINTS)), [p[2] for p in POINTS])
    ax.invert_yaxis()
    fig.tight_layout()
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=300, metadata={"Software": None})
    png_time = time.perf_counter() - start
    start = time.perf_counter()
    pdf = io.BytesIO()
    fig.savefig(pdf, format="pdf", metadata={"CreationDate": None, "Producer": None})
    return {"png": png.getvalue(), "png_s": png_time, "pdf": pdf.getvalue(), "pdf_s": time.perf_counter() - start}


CANDIDATES = {"reportlab+pillow": ours, "matplotlib": matplotlib_chart}


def child(name: str) -> None:
    start = time.perf_counter()
    result = CANDIDATES[name]()
    total = time.perf_counter() - start
    print(f"{total:.4f} {result['png_s']:.4f} {result['pdf_s']:.4f} {len(result['png'])} {len(result['pdf'])} "
          f"{hashlib.sha256(result['png']).hexdigest()[:12]} {hashlib.sha256(result['pdf']).hexdigest()[:12]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print("candidate          first call (imports included)  PNG 300 dpi      PDF        deterministic")
    for name in CANDIDATES:
        rows = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True, text=True)
            if done.returncode:
                rows = None
                break
            rows.append(done.stdout.split())
        if rows is None:
            print(f"{name:18} not available here ({done.stderr.strip().splitlines()[-1][:60]})")
            continue
        total = statistics.median(float(r[0]) for r in rows)
        png_s = statistics.median(float(r[1]) for r in rows)
        same = len({(r[5], r[6]) for r in rows}) == 1
        print(f"{name:18} {total * 1000:8.0f} ms                 {png_s * 1000:5.0f} ms {int(rows[0][3]) // 1024:4d} KB "
              f"{int(rows[0][4]) // 1024:4d} KB    {'yes' if same else 'no'}")
    try:
        import rlPyCairo  # noqa: F401
        print("rlPyCairo          installed (reportlab's renderPM would work)")
    except ImportError:
        print("rlPyCairo          not installed: reportlab's renderPM has no backend (pycairo builds "
              "only against the system's cairo headers)")


if __name__ == "__main__":
    main()
