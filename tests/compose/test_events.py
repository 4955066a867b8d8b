"""Chronology helpers: rows dated and ordered by when things happened, holding only
the kinds a table lists; how current an excerpt is follows when it was reported."""

from __future__ import annotations

from collections import namedtuple

from briefpack.compose.chart_data import ChartHelpers
from briefpack.compose.dating import row_date, shown_date
from briefpack.compose.helpers import Helpers
from briefpack.library.events import event_date, reported_date
from briefpack.library.model import Excerpt, Source

View = namedtuple("View", "id date event_date kind event summary quote dated_by",
                  defaults=("", "", "", "", "", ""))


def test_rows_by_event_date_and_kind():
    excerpts = [View("report", "2024-03-26", "2024-03-22", "incident", "crocus"),
                View("claim", "2024-03-23", "2024-03-22", "statement", "crocus"),
                View("comment", "2024-03-26", "", "assessment"),
                View("forecast", "2024-04-09", "", "forecast"),
                View("old", "2024-03-26", "2014", "event"),
                View("untyped", "2020")]
    rows = Helpers.by_event(excerpts, ("incident", "arrest", "event", "statement"))
    assert [(r.date, [e.id for e in r.excerpts]) for r in rows] == [
        ("2014", ["old"]), ("2020", ["untyped"]), ("2024-03-22", ["claim", "report"])]
    assert row_date(rows[2]) == "March 22, 2024"
    assert shown_date(excerpts[4]) == "2014"
    assert [e.id for e in Helpers.of_kind(excerpts, ("incident",))] == ["report", "untyped"]


def test_a_timeline_is_dated_by_the_event():
    helpers = ChartHelpers(lambda facet, value: value)
    points = helpers.timeline([View("a", "2024-03-26", "2014", "event", summary="Founded."),
                               View("b", "2024-03-26", "", "forecast", summary="Will grow.")],
                              kinds=("event",))
    assert [(p.date, p.keys) for p in points] == [("2014", ("a",))]


def test_reported_is_the_sources_date_never_the_events():
    source = Source(id="s", title="T", published="2024-03-26")
    old_event = Excerpt("e", "s", "q", [], "2014", 2, event_date="2014")
    assert event_date(old_event) == "2014"
    assert reported_date(old_event, source) == "2024-03-26"
    updated = Excerpt("f", "s", "q", [], "2024-06", 2)
    assert reported_date(updated, source) == "2024-06"  # a passage dated after its source: updated since
    assert reported_date(old_event, Source(id="t", title="T")) == "2014"  # no date of the source's own
    assert reported_date(old_event, Source(id="t", title="T", inferred_date="2017-04")) == "2017-04"
