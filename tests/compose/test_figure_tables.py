"""The figure helpers templates get: every figure of a scope, grouped for tables."""

from __future__ import annotations

from briefpack.compose.figure_tables import FigureHelpers
from briefpack.library.model import Facet, Figure, Term
from briefpack.compose.template_context import excerpt_view, vocabulary_view
from model_builder import ex, make_library


def helpers(limit="TLP:AMBER"):
    library = make_library(
        ex("kz-a", ["country:KZ"], "2016", figures=[Figure("fighters", 400, "about", "KZ", "2016", "KNB")]),
        ex("kz-b", ["country:KZ"], "2018", figures=[Figure("citizens-departed", 800, "about", "KZ", "2018")]),
        ex("kz-red", ["country:KZ"], "2020", marking="TLP:RED", figures=[Figure("fighters", 9, "", "KZ")]),
        ex("unplaced", ["country:KZ"], "2019", figures=[Figure("arrests", 5)]),
        ex("toll-1", ["country:SY"], "2024-03", figures=[
            Figure("deaths", 143, "at least", "SY", "2024-03", incident="Hall attack", incident_date="2024-03-22")]),
        ex("toll-2", ["country:SY"], "2024-04", figures=[
            Figure("casualties", 137, "at least", "SY", "2024-04", incident="Hall attack", incident_date="2024-03-22"),
            Figure("deaths", 140, "more than", "SY", "2024-06", incident="Hall attack", incident_date="2024-03-22")]),
    )
    library.vocabulary.facets["measure"] = Facet("measure", "Measure", {
        "deaths": Term("deaths", "Deaths", definition="People killed."),
        "casualties": Term("casualties", "Casualties", definition="Killed or wounded."),
        "fighters": Term("fighters", "Fighters", definition="Joined armed groups."),
    })
    return FigureHelpers(library, limit, vocabulary_view(library.vocabulary), lambda e: excerpt_view(e, library))


def test_figures_for_a_place_take_the_whole_library_within_the_marking_limit():
    rows = helpers().figures_for(place="KZ")
    assert [(r.figure.measure, r.figure.value, r.excerpt.id) for r in rows] == [
        ("arrests", 5, "unplaced"), ("citizens-departed", 800, "kz-b"), ("fighters", 400, "kz-a")]
    assert len(helpers("TLP:RED").figures_for(place="KZ", measure="fighters")) == 2


def test_estimates_by_place_and_incidents_side_by_side():
    h = helpers()
    rows = h.figures_for()
    [kz] = h.estimates_by_place(rows)
    assert (kz.label, [m.measure for m in kz.measures]) == ("Kazakhstan", ["fighters", "arrests", "citizens-departed"])
    [attack] = h.incidents(rows)
    assert (attack.name, attack.date, attack.label) == ("Hall attack", "2024-03-22", "Syria")
    deaths, casualties = attack.measures
    assert [r.figure.value for r in deaths.rows] == [143, 140]
    assert (casualties.label, casualties.definition) == ("Casualties", "Killed or wounded.")
    assert h.measures_in(rows)[0] == ("deaths", "Deaths", "People killed.")


def ranged_helpers():
    library = make_library(
        ex("ca", ["country:KZ"], "2017-04", figures=[
            Figure("fighters", 2000, "at least", "KZ", "2017", note="lower bound of the range \"2 to 5 thousand\""),
            Figure("fighters", 5000, "up to", "KZ", "2017", note="upper bound of the range \"2 to 5 thousand\"")]),
        ex("kz", ["country:KZ"], "2016", figures=[Figure("fighters", 400, "about", "KZ", "2016")]),
        ex("arrests", ["country:KZ"], "2023", figures=[Figure("arrests", 2, "", "KZ", "2023")]),
    )
    return library, FigureHelpers(library, "TLP:AMBER", vocabulary_view(library.vocabulary),
                                  lambda e: excerpt_view(e, library))


def test_a_range_is_one_row_in_the_table_and_one_bar_in_the_chart():
    from briefpack.compose.chart_data import ChartHelpers
    from briefpack.compose.helpers import Helpers

    library, h = ranged_helpers()
    rows = h.figures_for(place="KZ", measure="fighters")
    assert [(r.figure.value, getattr(r.figure, "high", None)) for r in rows] == [(400, None), (2000, 5000)]
    ranged = rows[1].figure
    assert ranged.note == "Range “2 to 5 thousand”"  # one note for the range, not "lower bound" and "upper bound"
    assert Helpers.estimate(None, ranged) == "2,000–5,000"
    points = ChartHelpers(lambda facet, value: value).estimates(rows, "fighters")
    assert [(p.value, p.high) for p in points] == [(400.0, None), (2000.0, 5000.0)]


def test_a_chart_of_estimates_refuses_rows_of_two_measures():
    import pytest

    from briefpack.compose.chart_data import ChartHelpers
    from briefpack.errors import BriefpackError

    _, h = ranged_helpers()
    charts = ChartHelpers(lambda facet, value: value)
    with pytest.raises(BriefpackError, match=r"2 measures \(arrests, fighters\); a chart plots one"):
        charts.estimates(h.figures_for(place="KZ"))
    assert len(charts.estimates(h.figures_for(place="KZ"), "arrests")) == 1
