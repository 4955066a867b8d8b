"""The brief schema: each field described once, read for a build (stopping at the first
problem) or for check (every problem, each at its line).

A field is added here the way it is added to briefpack: one entry in the schema's
registry (``BRIEF_FIELDS``, ``SECTION_FIELDS``), nothing else. Reading, checking, the
messages and ``briefpack check`` take it from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.briefs.fields import Field, Text, Whole, choice
from briefpack.briefs.read import check_brief, load_brief
from briefpack.briefs.schema import BRIEF_FIELDS, SECTION_FIELDS
from briefpack.errors import BriefpackError, Problem

BRIEF = """\
title: Pack
marking: TLP:CLEAR
as_of: 2024-06-30
sections:
  - type: country_profile
    country: TJ
"""


def write(folder: Path, text: str, name: str = "pack.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def review(monkeypatch):
    """A field the brief format does not have: where the pack's review stands."""
    monkeypatch.setitem(BRIEF_FIELDS, "review", Field(Text(choice("review state", lambda: ("draft", "final")))))


def test_a_field_the_schema_does_not_have_is_refused(tmp_path):
    path = write(tmp_path, BRIEF + "review: final\n")
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value).startswith(f"{path}:7: unknown brief key 'review' (known: title, subtitle, ")


def test_a_registered_field_is_read(review, tmp_path):
    brief = load_brief(write(tmp_path, BRIEF + "review: final\n"))
    assert brief.extra == {"review": "final"}
    assert brief.line_of("review") == 7
    assert load_brief(write(tmp_path, BRIEF, "without.yaml")).extra == {}


def test_a_registered_fields_bad_value_is_reported_at_its_line(review, tmp_path):
    path = write(tmp_path, BRIEF.replace("marking:", "review: drafty\nmarking:"))
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == f"{path}:2: unknown review state 'drafty' (did you mean 'draft'?)"
    brief, problems = check_brief(path)
    assert brief is None
    assert problems == [Problem(path, 2, "unknown review state 'drafty' (did you mean 'draft'?)")]


def test_briefpack_check_reports_a_registered_fields_bad_value(review, run, ws):
    (ws.root / "briefs").mkdir()
    write(ws.root / "briefs", BRIEF + "review: [draft]\n")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("briefs/")] == [
        "briefs/pack.yaml:7: 'review' must be text"]


def test_a_required_registered_field(monkeypatch, tmp_path):
    monkeypatch.setitem(BRIEF_FIELDS, "owner", Field(Text(), required="a brief names its owner (owner: ...)"))
    path = write(tmp_path, BRIEF)
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == f"{path}:1: a brief names its owner (owner: ...)"
    assert load_brief(write(tmp_path, "owner: Desk\n" + BRIEF, "owned.yaml")).extra == {"owner": "Desk"}


def test_a_registered_section_field_is_one_of_the_sections_params(monkeypatch, tmp_path):
    monkeypatch.setitem(SECTION_FIELDS, "columns", Field(Whole(1, "columns must be a whole number, 1 or more")))
    [section] = load_brief(write(tmp_path, BRIEF + "    columns: 2\n")).sections
    assert section.params == {"country": "TJ", "columns": 2}
    assert section.lines["columns"] == 7
    path = write(tmp_path, BRIEF + "    columns: two\n", "bad.yaml")
    assert check_brief(path)[1] == [Problem(path, 7, "columns must be a whole number, 1 or more")]


MANY = """\
title: Pack
marking: TLP:PINK
as_of: 2024-02-30
authors: {name: A. Analyst}
formats: [docx, html]
stale_after_years: two
sections:
  - type: country_profile
  - type: excerpts
    select: country:TJ
    sort: oldest
    limit: 0
    colour: red
  - type: excerpts
    select: country:TJ
    new_page: yes please
"""


def test_load_brief_stops_at_the_first_problem(tmp_path):
    path = write(tmp_path, MANY)
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == (f"{path}:2: marking: unknown marking 'TLP:PINK': expected one of TLP:CLEAR, "
                               "TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED")


def test_check_brief_reports_every_problem_at_its_line(tmp_path):
    brief, problems = check_brief(write(tmp_path, MANY))
    assert brief is None
    assert [(p.line, p.message) for p in problems] == [
        (2, "marking: unknown marking 'TLP:PINK': expected one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
            "TLP:AMBER+STRICT, TLP:RED"),
        (3, "as_of must be a date written YYYY-MM-DD, not '2024-02-30'"),
        (4, "'authors' must be a list"),
        (5, "unknown format 'html' (known: docx, pdf)"),
        (6, "stale_after_years must be a whole number of years"),
        (8, "a country_profile section needs 'country:'"),
        (11, "unknown sort 'oldest' (known: date, -date, credibility)"),
        (12, "limit must be a whole number of excerpts, 1 or more"),
        (13, "unknown section key 'colour' (known: type, title, country, group, select, sort, limit, quotations, template, "
             "intro, new_page)"),
        (16, "new_page must be true or false"),
    ]


def test_a_missing_field_says_the_same_to_a_build_and_to_check(tmp_path):
    path = write(tmp_path, BRIEF.replace("as_of: 2024-06-30\n", ""))
    message = "missing required key 'as_of' (the information cut-off, YYYY-MM-DD)"
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == f"{path}:1: {message}"
    assert check_brief(path) == (None, [Problem(path, 1, message)])


def test_a_good_brief_is_read_alike_by_both(tmp_path):
    path = write(tmp_path, BRIEF.replace("TLP:CLEAR", "TLP:WHITE"))
    brief, problems = check_brief(path)
    assert brief == load_brief(path)
    assert brief.marking == "TLP:CLEAR"
    assert problems == brief.warnings == [
        Problem(path, 2, "TLP:WHITE is the TLP 1.0 label; written as TLP:CLEAR (TLP 2.0)", "warning")]
