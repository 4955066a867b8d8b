"""check reads what a build reads: every brief (every problem of one in one run) and every template."""

from __future__ import annotations

from workspace_builder import make_workspace

import pytest

FIVE_ERRORS = """\
title: Test pack
marking: TLP:PINK
as_of: 2024-02-30
subtitel: oops
key_judgments:
  - ISKP is ramping up its outreach [@webber-medai].
  - text: ISKP is likely to keep recruiting through 2025 [@webber-media].
    likelihood: perhaps
sections:
  - type: country_profile
    country: Tajikistan
  - type: excerpts
    select: "country:KZ and"
    sort: newest
    template: templates/missing.xml.j2
"""


@pytest.fixture
def ws(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    (ws.root / "briefs").mkdir()
    return ws


def brief(ws, text, name="pack.yaml"):
    path = ws.root / "briefs" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_brief_with_many_errors_shows_every_one_in_one_run(run, ws):
    brief(ws, FIVE_ERRORS)
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("briefs/")]
    assert lines == [
        "briefs/pack.yaml:2: marking: unknown marking 'TLP:PINK': expected one of TLP:CLEAR, TLP:GREEN, "
        "TLP:AMBER, TLP:AMBER+STRICT, TLP:RED",
        "briefs/pack.yaml:3: as_of must be a date written YYYY-MM-DD, not '2024-02-30'",
        "briefs/pack.yaml:4: unknown brief key 'subtitel' (did you mean 'subtitle'?)",
        "briefs/pack.yaml:6: citation of unknown excerpt 'webber-medai' (did you mean 'webber-media'?)",
        "briefs/pack.yaml:8: likelihood 'perhaps' is not an ICD 203 term (one of: almost no chance, very "
        "unlikely, unlikely, roughly even chance, likely, very likely, almost certain; or remote, highly "
        "improbable, improbable, roughly even odds, probable, highly probable, nearly certain)",
        "briefs/pack.yaml:11: unknown country 'Tajikistan' (did you mean TJ, Tajikistan?): a value of the facet "
        "'country' in seeds/vocabulary.yaml",
        "briefs/pack.yaml:13: bad query: query:1:15: expected a tag (facet:value), '(' or 'not', found the end "
        "of the query",
        "briefs/pack.yaml:14: unknown sort 'newest' (known: date, -date, credibility)",
        "briefs/pack.yaml:15: template not found: templates/missing.xml.j2",
    ]
    assert "Error: 1 source, 1 excerpt: 9 errors" in result.stderr


def test_a_brief_that_checks_builds(run, ws):
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nsections:\n"
              "  - type: country_profile\n    country: tj\n")
    assert run("check", "--strict", "--root", ws.root).exit_code == 0
    assert run("build", "--root", ws.root).exit_code == 0


def test_what_only_composing_finds_is_reported_too(run, ws):
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nfor_each: {group: '*'}\nsections:\n"
              "  - type: excerpts\n    select: \"group:{{ group }}\"\n    title: \"{{ group_label }} {{ nope }}\"\n")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert "briefs/pack.yaml:8: undefined: 'nope' is undefined" in result.stdout


def test_a_template_that_does_not_parse(run, ws):
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "excerpts.xml.j2").write_text("<p>\n{% for e in excerpts %}\n</p>\n")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert ("templates/excerpts.xml.j2:3: template syntax error: Unexpected end of template. Jinja was "
            "looking for the following tags: 'endfor' or 'else'.") in result.stdout


def test_a_limit_that_leaves_out_excerpts_says_which(run, ws):
    ws.excerpts(EXTRA_EXCERPTS)
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nsections:\n"
              "  - type: excerpts\n    select: group:ISKP\n    sort: -date\n    limit: 1\n")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert ("briefs/pack.yaml:8: note: limit 1 leaves out 2 of the 3 excerpts the section selects: "
            "webber-year, webber-old (sort: -date, newest first; a date of only a year or a month sorts as its "
            "first day)") in result.stdout


EXTRA_EXCERPTS = """\
- id: webber-media
  source: webber-2024
  quote: ISKP is ramping up its media outreach in Central Asia.
  tags: [group:ISKP]
  date: 2024-06
  credibility: 2
- id: webber-year
  source: webber-2024
  quote: It has published
  tags: [group:ISKP]
  date: 2024
  credibility: 2
- id: webber-old
  source: webber-2024
  quote: Voice of Khorasan
  tags: [group:ISKP]
  date: 2022
  credibility: 2
"""


def test_figures_are_checked_against_the_vocabulary(run, ws):
    from workspace_builder import VOCABULARY

    ws.vocabulary(VOCABULARY + "  measure:\n    label: Measure\n    values:\n"
                               "      deaths: {label: Deaths, definition: People killed.}\n")
    ws.excerpts(EXTRA_EXCERPTS.split("- id: webber-year")[0] + "  figures:\n"
                "    - measure: killed\n      value: 3\n      place: Tajikistan\n"
                "    - measure: Deaths\n      value: 4\n      place: XX\n")
    result = run("check", "--root", ws.root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("seeds/excerpts")] == [
        "seeds/excerpts/excerpts.yaml:8: unknown measure 'killed'; to add it, write under 'measure:' > "
        "'values:' in seeds/vocabulary.yaml 'killed: {label: ..., definition: ...}'",
        "seeds/excerpts/excerpts.yaml:10: unknown place 'Tajikistan' (did you mean TJ, Tajikistan?)",
        "seeds/excerpts/excerpts.yaml:11: unknown measure 'Deaths' (did you mean deaths, Deaths?)",
        "seeds/excerpts/excerpts.yaml:13: unknown place 'XX'; to add it, write under 'country:' > 'values:' "
        "in seeds/vocabulary.yaml 'XX: {label: ...}'",
    ]


def test_build_from_outside_finds_the_workspace_from_the_brief(run, ws, tmp_path, monkeypatch):
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nsections:\n"
              "  - type: country_profile\n    country: TJ\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("build", "../ws/briefs/pack.yaml", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (ws.root / "out" / "pack.docx").is_file()


def test_a_build_names_the_nearest_citation_id(run, ws):
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nintro: See [@webber-medai].\nsections:\n"
              "  - type: country_profile\n    country: TJ\n")
    result = run("build", "--root", ws.root)
    assert result.exit_code == 1
    assert "briefs/pack.yaml:4: citation of unknown excerpt 'webber-medai' (did you mean 'webber-media'?)" \
        in result.stderr


# ---------------------------------------------------------------- a clean check means a build that does not fail
POINT = '<point label="{label}" date="{date}"><cite keys="webber-media"/></point>'


def timeline(*dates):
    return ('<figure kind="timeline" caption="Events">\n'
            + "\n".join(POINT.format(label=f"event {i}", date=d) for i, d in enumerate(dates)) + "\n</figure>\n")


BUILD_FAILURES = {
    "a section title too long for a contents line": (
        {"title": "word " * 5000}, "<p>x</p>\n",
        "briefs/pack.yaml:9: a heading of 24,999 characters is longer than the 500 a heading and its line "
        "in the contents may hold"),
    "a heading in a template too long for a contents line": (
        {}, "<p>x</p>\n<h2>{{ 'word ' * 200 }}</h2>\n<p>y</p>\n",
        "templates/t.xml.j2:2: a heading of 999 characters is longer than the 500"),
    "widths that are not numbers": (
        {}, '<p>x</p>\n<table widths="nan nan"><tr><td>a</td><td>b</td></tr></table>\n',
        'templates/t.xml.j2:2: widths must be 2 positive numbers, one a column, not "nan nan"'),
    "a column too narrow to hold its padding": (
        {}, '<table widths="0.01 1">\n<tr><td>a</td><td>b</td></tr></table>\n',
        "templates/t.xml.j2:1: widths: each column is at least 1/40 of the table's width"),
    "more columns than a page holds": (
        {}, "<table>\n<tr>" + "<td>w</td>" * 41 + "</tr></table>\n",
        "templates/t.xml.j2:1: a table has at most 40 columns, not 41"),
    "a timeline from the year 1": (
        {}, timeline("0001", "2024"), "templates/t.xml.j2:1: a timeline spans at most 1,000 years, not 1 to 2024"),
    "a timeline to the last day of 9999": (
        {}, "{% for d in ['2020', '9999-12-31'] %}{% if loop.first %}<figure kind=\"timeline\" caption=\"E\">"
            "{% endif %}\n<point label=\"e\" date=\"{{ d }}\"><cite keys=\"webber-media\"/></point>\n"
            "{% endfor %}</figure>\n",
        "templates/t.xml.j2:1: a timeline spans at most 1,000 years, not 2020 to 9999"),
    "a date the calendar does not have": (
        {}, timeline("2024-02-30"), "templates/t.xml.j2:2: <point date=\"2024-02-30\">: a date is YYYY, YYYY-MM "
                                    "or YYYY-MM-DD, one the calendar has"),
    "a paragraph over the size limit": (
        {}, "<p>{{ 'word ' * 30000 }}</p>\n",
        "briefs/pack.yaml: a paragraph of 149,999 characters is longer than the 100,000"),
}


@pytest.mark.parametrize("case", BUILD_FAILURES, ids=list(BUILD_FAILURES))
def test_what_the_build_refuses_check_refuses_at_the_same_line(run, ws, case):
    fields, template, message = BUILD_FAILURES[case]
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "t.xml.j2").write_text(template, encoding="utf-8")
    brief(ws, "title: Pack\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nformats: [docx, pdf]\nsections:\n"
              "  - type: excerpts\n    select: country:TJ\n    template: templates/t.xml.j2\n"
              + "".join(f"    {key}: {value.strip()}\n" for key, value in fields.items()))
    checked = run("check", "--root", ws.root)
    assert checked.exit_code == 1 and message in checked.stdout, checked.output
    built = run("build", "--root", ws.root, "--jobs", "1")
    assert built.exit_code == 1 and f"Error: {message}" in built.stderr, built.output
    assert "Traceback" not in built.output and not list((ws.root / "out").glob("pack.*"))
