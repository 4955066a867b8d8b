"""Dates the desk supplied are shown as such; the bundled library's attributions."""

from __future__ import annotations

from pathlib import Path

from briefpack.briefs.model import Section
from briefpack.document.model import BulletList, Paragraph, Table, plain_text
from model_builder import LIBRARY, compose, ex, make_brief, make_library

ROOT = Path(__file__).resolve().parents[2]


def test_a_date_from_the_desk_is_bracketed_in_chronologies_with_a_legend():
    library = make_library(*LIBRARY.excerpts.values(),
                           ex("imu-split", ["group:IMU", "topic:attacks-and-plots"], "2002", dated_by="analyst"),
                           ex("imu-split-2", ["group:IMU", "topic:attacks-and-plots"], "2003"))
    document = compose(make_brief(Section("group_history", params={"group": "IMU"})), library)
    cells = [plain_text(row[0]).replace("\u2020\u00a0", "")
             for b in document.blocks if isinstance(b, Table) for row in b.rows]
    assert "[2002]" in cells and "2003" in cells
    assert any(isinstance(b, Paragraph) and plain_text(b.content) ==
               "Dates in square brackets are the desk\u2019s: the source gives none." for b in document.blocks)


def test_no_legend_without_supplied_dates():
    document = compose(make_brief(Section("group_history", params={"group": "IMU"})))
    assert not any(isinstance(b, Paragraph) and "square brackets" in plain_text(b.content)
                   for b in document.blocks)
    assert not any("[" in plain_text(i) for b in document.blocks if isinstance(b, BulletList) for i in b.items)


def test_the_bundled_library_marks_the_desks_dates_and_revised_grades():
    from briefpack.library.load import load_library

    library, _ = load_library(ROOT)
    e = library.excerpts
    for eid in ("exporting-imu-waziristan-iju-split", "exporting-waziristan-taliban-subcontracting",
                "exporting-kz-salafi-policy"):
        assert e[eid].dated_by == "analyst", eid
    for eid in ("delhaye-baghdadi-death-2019", "webber-2022-rockets-great-jihad"):
        assert e[eid].credibility == 2 and "revised from 1" in e[eid].note, eid
    assert e["webber-russian-proxy-framing"].summary.startswith("According to researcher Riccardo Valle")
    assert "without saying by whom" in e["webber-kulyab-car-bombing"].note
