"""Every figure of the bundled library is tabulated in the regional pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefpack.compose.attribution import name_mentions
from briefpack.compose.helpers import format_number
from briefpack.compose.template_context import excerpt_view
from briefpack.compose.typography import american, smart_quotes

ROOT = Path(__file__).resolve().parents[2]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip().lower()  # soft hyphens are invisible


@pytest.fixture(scope="module")
def regional(bundled):
    return bundled / "central-asia.docx"


@pytest.fixture(scope="module")
def table_rows(regional):
    import docx as python_docx

    document = python_docx.Document(str(regional))
    return [[squash(c.text) for c in row.cells] for table in document.tables for row in table.rows[1:]]


@pytest.fixture(scope="module")
def library_figures():
    from briefpack.library.load import load_library

    library, _ = load_library(ROOT)
    return [(f, excerpt_view(e, library)) for e in library.excerpts.values() for f in e.figures]


def abbreviated(text: str, abbreviations: dict) -> str:
    for short, full in abbreviations.items():
        for form in (f"{full} ({short})", f"{full} [{short}]"):
            text = text.replace(squash(form), short.lower())
    return text


def test_each_figure_of_the_library_is_in_a_table_with_its_estimator_and_note(table_rows, library_figures):
    from briefpack.compose.abbreviations import abbreviation_table
    from briefpack.library.load import load_library

    abbreviations = {k: v for k, v in abbreviation_table(load_library(ROOT)[0].vocabulary).items() if v}
    assert len(library_figures) >= 26
    missing = []
    ranges = bounds_of_ranges(library_figures)
    for figure, excerpt in library_figures:
        estimate = squash(" ".join(p for p in (figure.qualifier, format_number(figure.value)) if p))
        note = name_mentions(excerpt, smart_quotes(figure.note))  # "the author" named
        # the desk's notes as printed: in the house style's (US) spelling; within parentheses without
        # their closing period
        wanted = [estimate, squash(american(smart_quotes(figure.estimator))), squash(american(note)).rstrip(".")]
        if id(figure) in ranges:  # a lower and an upper bound of one thing: one row, "low–high"
            wanted = [ranges[id(figure)], squash(american(smart_quotes(figure.estimator)))]
        # an abbreviation is spelled out at its first use, alone after: compare with abbreviations alone
        wanted = [abbreviated(w, abbreviations) for w in wanted]
        if not any(all(w in abbreviated(" | ".join(row), abbreviations) for w in wanted) for row in table_rows):
            missing.append((excerpt.id, estimate))
    assert not missing


def bounds_of_ranges(library_figures) -> dict[int, str]:
    """id of each figure that is the lower or upper bound of a range in its excerpt -> "low–high"."""
    from briefpack.document.chart_text import bound

    groups: dict = {}
    for figure, excerpt in library_figures:
        if bound(figure.qualifier) in ("lower", "upper"):
            key = (excerpt.id, figure.measure, figure.place, str(figure.as_of), figure.estimator)
            groups.setdefault(key, []).append(figure)
    out = {}
    for figures in groups.values():
        if sorted(bound(f.qualifier) for f in figures) == ["lower", "upper"]:
            low, high = sorted(f.value for f in figures)
            out.update({id(f): f"{format_number(low)}–{format_number(high)}" for f in figures})
    return out


def test_a_range_is_one_row(table_rows, library_figures):
    ranges = bounds_of_ranges(library_figures)
    assert ranges  # the bundled library has ranges
    for text in set(ranges.values()):
        assert sum(text in " | ".join(row) for row in table_rows) >= 1
    lone = [row for row in table_rows if re.match(r"^(?:lower|upper|low|high) (?:bound|end) of", row[-1])]
    assert lone == []  # no row that is one end of a range


def test_the_three_crocus_tolls_stand_side_by_side(table_rows):
    [row] = [r for r in table_rows if r[0].startswith("crocus city hall")]
    deaths, other = row[2], row[3]
    assert "at least 143" in deaths and "more than 140" in deaths
    assert "at least 137 casualties" in other
    # each toll names its source in one form, the short note's: author and short title
    assert "khabarov" in deaths and "webber" in deaths and "delhaye" in other


def test_measures_are_vocabulary_values_with_definitions():
    from briefpack.library.load import load_library

    library, _ = load_library(ROOT)
    measures = library.vocabulary.facets["measure"].values
    for name in ("deaths", "casualties", "citizens-departed", "fighters", "arrests"):
        assert measures[name].definition, name
    used = {f.measure for e in library.excerpts.values() for f in e.figures}
    assert used <= set(measures)
