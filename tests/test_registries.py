"""Output formats, section types and chart kinds come in kinds, each kind one registry entry.

A trivial plain-text writer, an option of a writer, a trivial section type and a
trivial chart kind are added here the way a new one is added to briefpack: their
own code (a function, a template, a chart's module) and one entry in the
registry, nothing else. The CLI, the brief schema, the messages, the
fingerprints, the composer and both writers take them from there.
"""

from __future__ import annotations

import pytest

from briefpack.briefs.sections import SECTION_TYPES, SectionType
from briefpack.document.model import Heading, Paragraph, plain_text
from briefpack.writers.registry import FORMATS, OutputFormat, WriterOption


def write_text(document, path, options) -> dict:
    """The whole of a plain-text writer: the title, then headings and paragraphs."""
    lines = [document.meta.title]
    for block in document.blocks:
        if isinstance(block, (Heading, Paragraph)):
            lines.append(plain_text(block.content))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"notes": 0, "pages": None}


TEXT_FORMAT = OutputFormat("txt", write_text, ".txt", default=False)


@pytest.fixture
def text_format(monkeypatch):
    monkeypatch.setitem(FORMATS, TEXT_FORMAT.name, TEXT_FORMAT)


def test_a_registered_writer_is_a_cli_choice_and_writes_its_files(text_format, build, corpus):
    result = build("--format", "txt", "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in corpus.out.glob("*.txt"))
    assert written == ["handout-kg.txt", "handout-kz.txt", "regional.txt"]
    text = (corpus.out / "regional.txt").read_text(encoding="utf-8")
    assert text.startswith("Central Asia: regional pack\n") and "Source annex" in text
    assert {r["format"] for r in corpus.manifest()["outputs"].values()} == {"txt"}


def test_a_registered_writer_is_fingerprinted_like_the_others(text_format, build, corpus):
    assert build("--format", "txt", "--jobs", "1").exit_code == 0
    again = build("--format", "txt", "--jobs", "1")
    assert again.exit_code == 0 and "Up to date: 3 outputs unchanged" in again.output
    corpus.edit_excerpt("kz-recruit", summary="ISKP recruits Kazakh workers in Russia.")
    changed = build("--format", "txt", "--jobs", "1")
    assert changed.exit_code == 0 and "Built" in changed.output


def test_a_brief_may_name_a_registered_format(text_format, build, corpus):
    corpus.brief("regional", (corpus.root / "briefs" / "regional.yaml").read_text()
                 .replace("formats: [docx, pdf]", "formats: [txt]"))
    result = build("briefs/regional.yaml", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in corpus.out.glob("*.*") if p.suffix not in (".json", ".lock")) == ["regional.txt"]


def test_an_unregistered_format_is_refused_with_the_registered_ones_listed(text_format, build, corpus):
    result = build("--format", "html")
    assert result.exit_code == 2
    assert "'html' is not one of 'docx', 'pdf', 'txt'" in result.output
    corpus.brief("regional", (corpus.root / "briefs" / "regional.yaml").read_text()
                 .replace("formats: [docx, pdf]", "formats: [html]"))
    result = build("briefs/regional.yaml")
    assert result.exit_code == 1
    assert "briefs/regional.yaml:5: unknown format 'html' (known: docx, pdf, txt)" in result.output


def test_a_format_not_chosen_by_default_is_built_only_when_asked(text_format, build, corpus):
    corpus.brief("regional", (corpus.root / "briefs" / "regional.yaml").read_text()
                 .replace("formats: [docx, pdf]\n", ""))
    assert build("briefs/regional.yaml", "--jobs", "1").exit_code == 0
    assert sorted(p.suffix for p in corpus.out.glob("*.*") if p.suffix not in (".json", ".lock")) == [".docx", ".pdf"]


WIDTH = WriterOption("text_width", "Wrap the text output at this many characters (0: do not wrap).",
                     type=int, default=0)


def write_wrapped_text(document, path, options) -> dict:
    """A writer that reads an option of its own (``options.text_width``)."""
    import textwrap

    stats = write_text(document, path, options)
    if options.text_width:
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("".join(textwrap.fill(line, options.text_width) + "\n" for line in lines), encoding="utf-8")
    return stats


@pytest.fixture
def wrapped_text_format(monkeypatch):
    """The writer and its entry, which names the option: nothing else."""
    output_format = OutputFormat("txt", write_wrapped_text, ".txt", (WIDTH,), default=False)
    monkeypatch.setitem(FORMATS, output_format.name, output_format)


def test_a_writer_option_is_a_cli_option_read_by_its_writer_and_fingerprinted(wrapped_text_format, run, build,
                                                                                corpus):
    assert "--text-width INTEGER" in run("build", "--help").stdout
    assert build("--format", "txt", "--format", "docx", "--text-width", "30", "--jobs", "1").exit_code == 0
    lines = (corpus.out / "regional.txt").read_text(encoding="utf-8").splitlines()
    assert max(map(len, lines)) <= 30 and lines[:2] == ["Central Asia: regional pack", "Key Judgments"]
    assert build("--format", "txt", "--format", "docx", "--text-width", "30", "--jobs", "1").stdout \
        .startswith("Up to date: 6 outputs unchanged")
    docx = {p.name: p.read_bytes() for p in corpus.out.glob("*.docx")}
    wider = build("--format", "txt", "--format", "docx", "--text-width", "60", "--jobs", "1")
    assert wider.exit_code == 0 and "Built 3, unchanged 3, failed 0" in wider.stdout  # the text files only
    assert {p.name: p.read_bytes() for p in corpus.out.glob("*.docx")} == docx
    assert 30 < max(len(line) for line in (corpus.out / "regional.txt").read_text(encoding="utf-8").splitlines()) <= 60
    wrong = build("--format", "txt", "--text-width", "wide")
    assert wrong.exit_code == 2 and "'--text-width': 'wide' is not a valid integer" in wrong.output


CHRONOLOGY = """\
{% for e in sort_by_date(excerpts) %}
<p>{{ e.date }}: {{ e.text }}{{ cite(e) }}</p>
{% endfor %}
"""


@pytest.fixture
def chronology(monkeypatch, tmp_path):
    template = tmp_path / "chronology.xml.j2"
    template.write_text(CHRONOLOGY, encoding="utf-8")
    kind = SectionType("chronology", template, title="Chronology", any_tag=("group:ISKP",))
    monkeypatch.setitem(SECTION_TYPES, kind.name, kind)
    return template


def chronology_brief(corpus, extra: str = "") -> None:
    corpus.brief("dates", f"""\
        title: Dates
        as_of: 2024-06-30
        marking: TLP:CLEAR
        formats: [txt]
        sections:
          - type: chronology{extra}
        """)


def test_a_registered_section_type_is_composed_from_its_template(text_format, chronology, build, corpus):
    chronology_brief(corpus)
    result = build("briefs/dates.yaml", "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = (corpus.out / "dates.txt").read_text(encoding="utf-8").splitlines()
    # its default title, and its default selection: the excerpts tagged group:ISKP, by date
    assert lines[1:5] == ["Chronology", "2024-03: ISKP recruits Kazakh migrants in Russia.",
                          "2024-06: Police in Shymkent detained three ISKP recruiters in June.",
                          "2024-06: Special forces stopped a plot in Jalal-Abad."]


def test_a_registered_section_types_template_is_fingerprinted(text_format, chronology, build, corpus):
    chronology_brief(corpus)
    assert build("briefs/dates.yaml", "--jobs", "1").exit_code == 0
    chronology.write_text(CHRONOLOGY.replace("<p>", "<p>On ").replace(": {{", ", {{"), encoding="utf-8")
    assert build("briefs/dates.yaml", "--jobs", "1").exit_code == 0
    text = (corpus.out / "dates.txt").read_text(encoding="utf-8")
    assert "On 2024-03, ISKP recruits Kazakh migrants in Russia." in text


def test_an_unknown_section_type_lists_the_registered_ones(text_format, chronology, build, corpus):
    corpus.brief("dates", "title: Dates\nas_of: 2024-06-30\nmarking: TLP:CLEAR\nsections:\n  - type: chronicle\n")
    result = build("briefs/dates.yaml")
    assert result.exit_code == 1
    known = ", ".join(SECTION_TYPES)
    assert known.endswith(", chronology")
    assert f"briefs/dates.yaml:5: unknown section type 'chronicle' (known: {known})" in result.output


# ---------------------------------------------------------------- a chart kind
def draw_dots(figure, style):
    """The whole of a dot plot: a line per point, its label, a dot at its value, the value and note."""
    from reportlab.graphics.shapes import Drawing

    from briefpack.document.chart_text import number
    from briefpack.writers.charts.draw import dot, labelled, note_mark, text

    line, top = style.size * 2, max(p.value for p in figure.points) or 1
    d = Drawing(style.width, line * len(figure.points) + 4)
    for i, p in enumerate(figure.points):
        y = d.height - (i + 0.5) * line
        text(d, 0, y - style.size * 0.35, p.label, style)
        x = 120 + p.value / top * (style.width - 200)
        dot(d, x, y, style)
        labelled(d, x + 6, y - style.size * 0.35, number(p.value), note_mark(p), style)
    return d


def describe_dots(figure) -> str:
    values = "; ".join(f"{p.label} {p.value:g}" for p in figure.points)
    return f"Dot plot of {len(figure.points)} values: {values}."


DOTS = """\
<figure kind="dots" caption="Excerpts by rank">
{% for e in sort_by_date(excerpts) %}
<point value="{{ loop.index }}" label="rank {{ loop.index }}: {{ e.id }}">{{ cite(e) }}</point>
{% endfor %}
</figure>
"""


@pytest.fixture
def dots(monkeypatch, corpus):
    from briefpack.writers.charts.kinds import CHART_KINDS, ChartKind

    monkeypatch.setitem(CHART_KINDS, "dots", ChartKind("dots", draw_dots, describe_dots, needs=("value",)))
    (corpus.root / "templates").mkdir(exist_ok=True)
    (corpus.root / "templates" / "dots.xml.j2").write_text(DOTS, encoding="utf-8")
    corpus.brief("dots", """\
        title: Dots
        as_of: 2024-06-30
        marking: TLP:CLEAR
        formats: [docx, pdf]
        sections:
          - type: excerpts
            select: "country:KZ"
            template: templates/dots.xml.j2
        """)


def test_a_registered_chart_kind_is_composed_and_drawn_by_both_writers(dots, build, corpus):
    import subprocess
    import zipfile

    result = build("briefs/dots.yaml", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = subprocess.run(["pdftotext", "-layout", str(corpus.out / "dots.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "Figure 1. Excerpts by rank" in pdf
    assert "rank 1: kz-fighters" in pdf and "rank 2:" in pdf  # the kind's own labels, drawn as text
    with zipfile.ZipFile(corpus.out / "dots.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    assert 'descr="Excerpts by rank. Dot plot of ' in body and "rank 1: kz-fighters 1;" in body  # its alt text
    assert "Figure 1. " in body and "Excerpts by rank" in body


def test_a_chart_kinds_needs_and_name_are_checked_as_written(dots, build, corpus):
    template = corpus.root / "templates" / "dots.xml.j2"
    template.write_text(DOTS.replace('value="{{ loop.index }}" ', ""), encoding="utf-8")
    result = build("briefs/dots.yaml", "--jobs", "1")
    assert result.exit_code == 1 and "a <point> needs a value" in result.output
    template.write_text(DOTS.replace('kind="dots"', 'kind="dot"'), encoding="utf-8")
    result = build("briefs/dots.yaml", "--jobs", "1")
    assert result.exit_code == 1
    assert '<figure kind="dot">: kinds are estimates, timeline, counts, dots' in result.output
