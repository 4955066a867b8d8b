"""Chronologies and incident tables of the bundled packs, against the library: every
row reports something that happened (an excerpt of a kind the table lists), dated by
when it happened, never by when the source reported it unless the library says the
event happened that day; commentary and forecasts stay out."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.conventions.dates import display_date
from briefpack.conventions.kinds import HAPPENINGS, INCIDENTS, KINDS
from briefpack.document.model import Cite, CrossRef, Table, plain_text

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {("Date", "Event"): HAPPENINGS, ("Date", "Attack or plot"): INCIDENTS}


@pytest.fixture(scope="module")
def library():
    from briefpack.library.load import load_library

    library, problems = load_library(ROOT)
    assert not problems
    return library


@pytest.fixture(scope="module")
def tables(library):
    """(the kinds it may hold, [(printed date, [excerpt ids])]) for every chronology and incidents
    table of the bundled briefs, as composed."""
    from briefpack.briefs.read import load_brief
    from briefpack.compose.composer import compose_document
    from briefpack.compose.expand import expand_brief

    out = []
    for name in ("central-asia.yaml", "country-handout.yaml"):
        for brief in expand_brief(load_brief(ROOT / "briefs" / name), library):
            document = compose_document(brief, library, root=ROOT, produced="2024-07-01", timestamp=0)
            for block in document.blocks:
                header = tuple(plain_text(c) for c in block.header) if isinstance(block, Table) else ()
                if header in HEADERS:
                    rows = [(plain_text(row[0]).replace("\u2020", "").replace("\u00a0", " ").strip(" []"),
                             [k for n in row[1] if isinstance(n, (Cite, CrossRef)) for k in n.keys])
                            for row in block.rows]
                    out.append((HEADERS[header], rows))
    return out


def test_every_excerpt_of_the_library_says_what_it_reports(library):
    assert all(e.kind in KINDS for e in library.excerpts.values())
    happenings = [e for e in library.excerpts.values() if e.kind in HAPPENINGS]
    assert len(happenings) >= 30 and all(e.event_date for e in happenings)


def test_rows_are_dated_by_the_event_not_by_the_report(library, tables):
    rows = [row for _, table in tables for row in table]
    assert len(rows) >= 20
    for printed, keys in rows:
        excerpts = [library.excerpts[k] for k in keys]
        assert printed in {display_date(e.event_date or e.date) for e in excerpts}, (printed, keys)
        for e in excerpts:
            source = library.sources[e.source]
            if printed == display_date(source.published or source.inferred_date or ""):
                # the library says the event happened that day
                assert any(display_date(x.event_date) == printed for x in excerpts), (printed, keys)


def test_rows_hold_only_the_kinds_their_table_lists(library, tables):
    for kinds, table in tables:
        for _, keys in table:
            assert all(library.excerpts[k].kind in kinds for k in keys), keys
    cited = {k for _, table in tables for _, keys in table for k in keys}
    assert not any(library.excerpts[k].kind in ("forecast", "assessment", "estimate") for k in cited)
    assert not any(k.startswith("delhaye-forecast") for k in cited)


def test_rows_are_in_the_order_of_events(library, tables):
    for _, table in tables:
        when = [min((library.excerpts[k].event_date or library.excerpts[k].date) for k in keys)
                for _, keys in table]
        assert when == sorted(when)
