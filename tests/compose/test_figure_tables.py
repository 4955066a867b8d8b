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
