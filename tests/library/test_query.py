"""Tag queries: grammar, precedence, dates, aliases, errors; the excerpts, sources and tags commands."""

import json
from pathlib import Path

import pytest
from workspace_builder import EXCERPT, make_workspace

from briefpack.errors import QuerySyntaxError
from briefpack.library.model import Excerpt, Facet, Library, Source, Term, Vocabulary
from briefpack.library.query import parse_query, select_excerpts


def vocabulary():
    def facet(name, *values):
        return Facet(name, name.title(), {v: Term(v, v) for v in values})

    vocab = Vocabulary({
        "country": facet("country", "KZ", "TJ", "UZ"),
        "group": facet("group", "ISKP", "IMU"),
        "topic": facet("topic", "recruitment", "propaganda"),
    })  # fmt: skip
    vocab.facets["group"].values["ISKP"].aliases = ["ISIS-K", "IS-K"]
    return vocab


def excerpt(eid, tags, date="2020", credibility=2, source="a"):
    return Excerpt(eid, source, "quote", tags.split(), date, credibility)


@pytest.fixture
def library():
    excerpts = [
        excerpt("kz-rec", "country:KZ topic:recruitment", "2021-03"),
        excerpt("kz-prop-imu", "country:KZ topic:propaganda group:IMU", "2022"),
        excerpt("kz-prop", "country:KZ topic:propaganda group:ISKP", "2016-05-02", 4, "b"),
        excerpt("tj", "country:TJ group:ISKP", "2017", 1, "b"),
        excerpt("uz", "country:UZ", "2017-06", 6),
        excerpt("none", "", "2019-12-31", 3),
    ]
    sources = {"a": Source("a", "A", reliability="B"), "b": Source("b", "B", reliability="D")}
    return Library(Path("."), sources, {e.id: e for e in excerpts}, vocabulary())


def ids(library, query):
    return [e.id for e in select_excerpts(library, query)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country:KZ", ["kz-rec", "kz-prop-imu", "kz-prop"]),
        ("country:KZ and topic:propaganda", ["kz-prop-imu", "kz-prop"]),
        ("country:KZ and (topic:recruitment or topic:propaganda) and not group:IMU and date >= 2020",
         ["kz-rec"]),
        # and binds tighter than or; not tighter than and
        ("country:TJ or country:KZ and topic:recruitment", ["kz-rec", "tj"]),
        ("(country:TJ or country:KZ) and topic:recruitment", ["kz-rec"]),
        ("not country:KZ and group:ISKP", ["tj"]),
        ("not (country:KZ and group:ISKP)", ["kz-rec", "kz-prop-imu", "tj", "uz", "none"]),
        ("not not country:UZ", ["uz"]),
        ("country:UZ OR country:TJ AND NOT group:ISKP", ["uz"]),  # keywords in any case
        ("group:*", ["kz-prop-imu", "kz-prop", "tj"]),
        ("not topic:*", ["tj", "uz", "none"]),
        ("group:ISIS-K", ["kz-prop", "tj"]),  # an alias means its canonical value
        ('group:"IS-K"', ["kz-prop", "tj"]),
        ("source:b", ["kz-prop", "tj"]),
        ("credibility <= 2", ["kz-rec", "kz-prop-imu", "tj"]),
        ("credibility > 3", ["kz-prop", "uz"]),
        ("credibility == 6", ["uz"]),
        ("credibility != 2", ["kz-prop", "tj", "uz", "none"]),
        ("reliability >= C", ["kz-prop", "tj"]),
        ("country : KZ and date<2017", ["kz-prop"]),
        ("", ["kz-rec", "kz-prop-imu", "kz-prop", "tj", "uz", "none"]),
        (None, ["kz-rec", "kz-prop-imu", "kz-prop", "tj", "uz", "none"]),
    ],
)
def test_selection(library, query, expected):
    assert ids(library, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        # partial dates compare at their common precision
        ("date < 2017-06", ["kz-prop"]),  # 2017 is not before 2017-06; 2016-05-02 is
        ("date >= 2017-06", ["kz-rec", "kz-prop-imu", "tj", "uz", "none"]),
        ("date = 2017-06", ["tj", "uz"]),  # 2017 and 2017-06 both match June 2017
        ("date = 2017", ["tj", "uz"]),
        ("date > 2021-03-15", ["kz-prop-imu"]),  # 2021-03 is not after 2021-03-15
        ("date >= 2016-05-02 and date <= 2016-05-02", ["kz-prop"]),
    ],
)
def test_dates_compare_at_common_precision(library, query, expected):
    assert ids(library, query) == expected


def test_query_object_matches(library):
    query = parse_query("group:ISIS-K and credibility <= 1")
    assert [e.id for e in library.excerpts.values() if query.predicate(library)(e)] == ["tj"]
    assert query.predicate(library.vocabulary)(library.excerpts["tj"])


@pytest.mark.parametrize(
    "query, column, message",
    [
        ("country:KZ and", 15, "expected a tag (facet:value), '(' or 'not', found the end of the query"),
        ("country:KZ and (topic:recruitment or", 37,
         "expected a tag (facet:value), '(' or 'not', found the end of the query"),
        ("(country:KZ", 12, "expected ')', found the end of the query"),
        ("country:KZ group:ISKP", 12, "expected 'and' or 'or', found 'group'"),
        ("country:KZ & group:ISKP", 12, "expected 'and' or 'or', found '&'"),
        ("country:KZ)", 11, "expected the end of the query, found ')'"),
        ("country", 8, "expected ':' or a comparison (<, <=, =, !=, >=, >), found the end of the query"),
        ("date >= ", 8, "expected a value, found the end of the query"),
        ("   ", 1, "empty query: expected a tag (facet:value)"),
    ],
)
def test_syntax_errors_point_at_the_column(query, column, message):
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert info.value.column == column
    assert str(info.value) == f"query:1:{column}: {message}\n  {query}\n  {' ' * (column - 1)}^"


@pytest.mark.parametrize(
    "query, line, column, message",
    [
        ("country:KZ and\n  (topic:recruitment or\n  grp KZ)", 3, 7,
         "expected ':' or a comparison (<, <=, =, !=, >=, >), found 'KZ'"),
        ("country:KZ and\n    (group:ISKP\n", 2, 16, "expected ')', found the end of the query"),
        ("country:KZ\nand date > 2020-13", 2, 12, "bad date '2020-13': there is no month 13"),
        ("country:KZ\n  and group:ISKB", 2, 7, "unknown tag 'group:ISKB' (did you mean group:ISKP?)"),
    ],
)
def test_errors_in_a_query_of_several_lines_point_at_their_line(library, query, line, column, message):
    with pytest.raises(QuerySyntaxError) as info:
        select_excerpts(library, query)
    assert (info.value.query_line, info.value.column) == (line, column)
    shown = query.split("\n")[line - 1]
    assert str(info.value) == f"query:{line}:{column}: {message}\n  {shown}\n  {' ' * (column - 1)}^"


@pytest.mark.parametrize(
    "query, column, message",
    [
        ("date > 2020-13", 8, "bad date '2020-13': there is no month 13"),
        ("date > 2024-02-30", 8, "bad date '2024-02-30': February 2024 has no day 30"),
        ("date > 2024-6", 8, "bad date '2024-6': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date:*", 1, "'date' is compared, not tagged: write e.g. date >= 2020"),
        ("credibility:A", 1, "'credibility' is compared, not tagged: write e.g. credibility <= 2"),
        ("reliability:B", 1, "'reliability' is compared, not tagged: write e.g. reliability = B"),
        ("credibility < 7", 15, "bad credibility '7': expected 1-6"),
        ("reliability = b", 15, "bad reliability 'b': expected A-F"),
        ("dat > 2020", 1, "cannot compare 'dat': only date, credibility and reliability are "
                          "compared; tags are written facet:value (did you mean date?)"),
        ("country:KZ and date:2020", 16, "'date' is compared, not tagged: write e.g. date = 2020"),
    ],
)
def test_bad_values_are_errors(query, column, message):
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert str(info.value).splitlines()[0] == f"query:1:{column}: {message}"


@pytest.mark.parametrize(
    "query, column, message",
    [
        ("group:ISKB", 1, "unknown tag 'group:ISKB' (did you mean group:ISKP?)"),
        ("country:KZ and group:iskp", 16, "unknown tag 'group:iskp' (did you mean group:ISKP?)"),
        ("grop:ISKP", 1, "unknown facet 'grop' (did you mean group:ISKP?)"),
        ("weather:rain", 1, "unknown facet 'weather'"),
        ("colour:red", 1, "unknown facet 'colour' (did you mean the facet 'country'?)"),
        ("countri:kz", 1, "unknown facet 'countri' (did you mean country:KZ?)"),
        ("grop:*", 1, "unknown facet 'grop' (did you mean group:*?)"),
        ("source:c", 1, "unknown source 'c'"),
    ],
)
def test_unknown_names_are_errors_with_did_you_mean(library, query, column, message):
    with pytest.raises(QuerySyntaxError) as info:
        select_excerpts(library, query)
    assert info.value.column == column
    assert str(info.value).splitlines()[0] == f"query:1:{column}: {message}"


# --- the commands ------------------------------------------------------------------------


@pytest.fixture
def ws(ws):
    ws.excerpts(EXCERPT + EXCERPT.replace("webber-media", "webber-voice")
                .replace("ISKP is ramping up its media outreach in Central Asia.",
                         'The group\'s "Voice of Khorasan" magazine')
                .replace("country:TJ, ", "").replace("date: 2024-06", "date: 2022"))  # fmt: skip
    return ws


def test_excerpts_json(run, ws):
    result = run("excerpts", "country:TJ", "--json", "--root", ws.root)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["id"] == "webber-media"
    assert record["source"] == "webber-2024"
    assert record["quote"] == "ISKP is ramping up its media outreach in Central Asia."
    assert record["tags"] == ["country:TJ", "group:ISKP", "topic:propaganda"]
    assert (record["locator"], record["date"], record["credibility"]) == (2, "2024-06", 2)
    assert record["grade"] == "B2" and record["figures"] == []


def test_excerpts_table(run, ws):
    result = run("excerpts", "group:ISIS-K and date < 2023", "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "webber-voice  2022  B2  TLP:CLEAR",
        "    webber-2024, para. 3",
        "    group:ISKP topic:propaganda",
        "    \u201cThe group's \"Voice of Khorasan\" magazine\u201d",
        "",
        "1 excerpt",
    ]


def test_excerpts_all_without_query(run, ws):
    result = run("excerpts", "--json", "--root", ws.root)
    assert [r["id"] for r in json.loads(result.stdout)] == ["webber-media", "webber-voice"]


def test_excerpts_query_error(run, ws):
    result = run("excerpts", "group:ISKP and (", "--root", ws.root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: query:1:17: expected a tag (facet:value), '(' or 'not', found the end of the query\n"
        "  group:ISKP and (\n"
        "                  ^\n"
    )
    result = run("excerpts", "group:ISIS-X", "--root", ws.root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: query:1:1: unknown tag 'group:ISIS-X' (did you mean group:ISKP?)"
    )


@pytest.mark.parametrize("command", [["excerpts"], ["excerpts", "group:ISKP"], ["sources"], ["tags", "--json"]])
def test_listings_refuse_a_broken_library_showing_every_error(run, ws, command):
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 8").replace("date: 2024-06", "date: 2024-13"))
    result = run(*command, "--root", ws.root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "seeds/excerpts/excerpts.yaml:5: bad date '2024-13': there is no month 13\n"
        "seeds/excerpts/excerpts.yaml:6: bad credibility '8': expected an Admiralty grade 1-6\n"
        "Error: the library has 2 errors; nothing is listed until they are fixed (see briefpack check)\n"
    )


@pytest.mark.parametrize("command", [["excerpts"], ["sources"], ["tags"]])
def test_a_listing_read_only_in_part_ends_quietly(tmp_path, command):
    # as `briefpack excerpts | head -1` does: the reader closes the pipe after one line
    import subprocess
    import sys

    ws = make_workspace(tmp_path)  # with more than a pipe holds (64 KB) to list
    ws.excerpts("".join(EXCERPT.replace("webber-media", f"webber-{n}") for n in range(1500)))
    for n in range(1500 if command == ["sources"] else 0):
        ws.source(f"webber-{n}-source-with-a-long-name")
    if command == ["tags"]:
        ws.vocabulary(ws.vocabulary().read_text() + "".join(
            f"      extra-{n}: Extra value {n} with a label long enough to fill the pipe\n" for n in range(1500)))
    process = subprocess.Popen([sys.executable, "-c", "from briefpack.cli import main; main()", *command,
                                "--root", str(ws.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""
    process.stderr.close()


def test_sources_json(run, ws):
    result = run("sources", "--json", "--root", ws.root)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert {k: record[k] for k in ("id", "title", "author", "publisher", "published", "reliability",
                                   "paragraphs", "excerpts")} == {  # fmt: skip
        "id": "webber-2024", "title": "ISKP posing rising threat", "author": ["Lucas Webber"],
        "publisher": "Eurasianet", "published": "2024-06-27", "reliability": "B",
        "paragraphs": 3, "excerpts": 2,
    }  # fmt: skip


def test_sources_table(run, ws):
    result = run("sources", "--root", ws.root)
    assert result.stdout.splitlines() == [
        "ID           REL  PUBLISHED   PARAS  EXCERPTS  TITLE",
        "webber-2024  B    2024-06-27  3      2         ISKP posing rising threat",
        "1 source",
    ]


def test_tags_json_counts_uses(run, ws):
    result = run("tags", "--json", "--root", ws.root)
    assert result.exit_code == 0, result.output
    records = {r["tag"]: r for r in json.loads(result.stdout)}
    assert records["group:ISKP"]["count"] == 2
    assert records["group:ISKP"]["aliases"] == ["ISIS-K", "IS-K"]
    assert records["country:TJ"]["count"] == 1
    assert records["country:KZ"]["count"] == 0
    assert records["country:KZ"]["label"] == "Kazakhstan"


def test_tags_table(run, ws):
    lines = run("tags", "--root", ws.root).stdout.splitlines()
    assert lines[0] == "country: Country"
    assert "      2  group:ISKP                       Islamic State Khorasan Province  (also: ISIS-K, IS-K)" in lines


@pytest.mark.parametrize("command", ["check", "excerpts", "sources", "tags"])
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"briefpack {command}" in result.stdout
    assert "--root" in result.stdout


@pytest.mark.parametrize("text", ["country:KZ", "topic:*", "a:b:c", "x_y-z:1.5", "source:abc-2024", "and:x",
                                  "not:x", "date:2020", "country :KZ", 'country:"KZ"', "country:K(Z"])
def test_a_query_of_one_tag_reads_as_the_grammar_reads_it(text, monkeypatch):
    """One tag is read without the parser: the same query, or the same error."""
    import re

    from briefpack.library import query

    def read(t):
        try:
            return query.parse_query(t)
        except QuerySyntaxError as exc:
            return str(exc)

    quick = read(text)
    monkeypatch.setattr(query, "_ONE_TAG", re.compile(r"(?!)"))  # nothing read without the parser
    assert quick == read(text)


@pytest.mark.parametrize("query", [
    "country:KZ", "country:KZ and topic:propaganda", "group:ISIS-K and country:KZ", "country:KZ and not group:IMU",
    "country:TJ or country:KZ", "not country:KZ", "country:* and date >= 2017", "source:b and country:KZ",
    "country:KZ and topic:recruitment and group:ISKP", "(country:KZ or country:TJ) and group:ISKP",
])
def test_the_tag_index_selects_what_the_whole_library_gives(library, query):
    """A section's query looks only at the excerpts with a tag it needs: the same excerpts, in file order."""
    from briefpack.library.query import TagIndex

    index = TagIndex(library)
    assert [e.id for e in select_excerpts(library, query, index)] == ids(library, query)
    assert index.candidates(parse_query("country:KZ and group:IMU").predicate(library)) == [
        library.excerpts["kz-prop-imu"]]  # the fewer of the two tags' excerpts
