"""Section templates: lookup order, the sandbox, error locations, the XML block vocabulary."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from briefpack.compose.typography import smart_quotes

from briefpack.compose.blockxml import BlockReader, tidy_inlines
from briefpack.document.names import UniqueNames
from briefpack.briefs.model import Brief, Section
from briefpack.compose.composer import compose_document
from briefpack.errors import TemplateError
from briefpack.library.model import Excerpt, Facet, Library, Source, Term, Vocabulary
from briefpack.document.model import BulletList, Cite, Heading, Link, Paragraph, Quote, Table, Text
from briefpack.compose.template_context import excerpt_view
from briefpack.compose.helpers import Helpers
from briefpack.compose.templating import PACKAGE_TEMPLATES, find_template
from briefpack.conventions.dates import display_date

HOSTILE = (
    "{{ 7*7 }} {% if true %}x{% endif %} {# c #} <b>bold</b> <cite keys=\"x\"/> &amp; & "
    "**strong** *em* [@other] ]]> <!-- note --> <!DOCTYPE x> \u00a0end"
)


def make_library(*excerpts: Excerpt) -> Library:
    vocab = Vocabulary({
        "country": Facet("country", "Country", {"KZ": Term("KZ", "Kazakhstan")}),
        "group": Facet("group", "Armed group", {"ISKP": Term("ISKP", "Islamic State Khorasan Province")}),
        "topic": Facet("topic", "Topic", {t: Term(t, t) for t in (
            "recruitment", "outlook", "origins", "attacks-and-plots")}),
    })
    sources = {"s1": Source("s1", "A Report", publisher="Eurasianet", reliability="B")}
    return Library(Path("."), sources, {e.id: e for e in excerpts}, vocab)


def one_excerpt(quote="ISKP recruits online.", **kw) -> Excerpt:
    return Excerpt("e1", "s1", quote, ["country:KZ", "group:ISKP", "topic:recruitment"], "2024-06", 2, **kw)


def brief(tmp_path, *sections: Section) -> Brief:
    return Brief(name="pack", path=tmp_path / "briefs" / "pack.yaml", title="Pack", as_of="2024-06-30",
                 sections=list(sections) or [Section("excerpts", params={"select": "country:KZ"})])


def compose(tmp_path, library=None, *sections):
    library = library or make_library(one_excerpt())
    return compose_document(brief(tmp_path, *sections), library, root=tmp_path, produced="2024-07-01",
                            timestamp=0)


def section_blocks(document):
    """The blocks after the first section heading."""
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor.startswith("sec-"))
    return blocks[start + 1:]


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- lookup
def test_templates_are_compiled_once_per_workspace_and_follow_changes(tmp_path, monkeypatch):
    import jinja2

    compiled = []
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, *a, **kw: compiled.append(a[1]) or real_compile(env, *a, **kw))
    put(tmp_path / "templates" / "excerpts.xml.j2", '{% include "row.j2" %}')
    row = put(tmp_path / "templates" / "row.j2", "<p>first</p>")

    def text():
        return [b.content[0].text for b in section_blocks(compose(tmp_path))]

    assert text() == text() == ["first"]
    assert len(compiled) == 2  # the section template and its include, once each
    row.write_text("<p>second</p>", encoding="utf-8")  # the modification time may not change
    assert text() == ["second"]
    assert len(compiled) == 3


def test_package_templates_exist_for_every_section_type():
    for kind in ("country_profile", "group_history", "threat_outlook", "excerpts"):
        assert (PACKAGE_TEMPLATES / f"{kind}.xml.j2").is_file()


def test_lookup_order_override_then_workspace_then_package(tmp_path):
    assert find_template("excerpts", tmp_path) == PACKAGE_TEMPLATES / "excerpts.xml.j2"
    put(tmp_path / "templates" / "excerpts.xml.j2", "<p>workspace</p>")
    assert find_template("excerpts", tmp_path) == tmp_path / "templates" / "excerpts.xml.j2"
    put(tmp_path / "custom" / "mine.xml.j2", "<p>override</p>")
    assert find_template("excerpts", tmp_path, "custom/mine.xml.j2") == tmp_path / "custom" / "mine.xml.j2"

    plain = Section("excerpts", params={"select": "country:KZ"})
    overridden = Section("excerpts", params={"select": "country:KZ", "template": "custom/mine.xml.j2"})
    document = compose(tmp_path, None, plain, overridden)
    texts = [b.content[0].text for b in document.blocks if isinstance(b, Paragraph)]
    assert texts == ["workspace", "override"]


def test_missing_override_names_the_brief_line(tmp_path):
    section = Section("excerpts", params={"select": "country:KZ", "template": "nope.xml.j2"})
    b = brief(tmp_path, section)
    b.lines["sections.0.template"] = 9
    with pytest.raises(Exception) as info:
        compose_document(b, make_library(one_excerpt()), root=tmp_path, produced="", timestamp=0)
    assert str(info.value).startswith(f"{b.path}:9: template not found")


def test_include_resolves_in_workspace_then_package(tmp_path):
    put(tmp_path / "templates" / "parts" / "line.xml.j2", "<p>{{ excerpts|length }} excerpt</p>")
    put(tmp_path / "templates" / "excerpts.xml.j2", '{% include "parts/line.xml.j2" %}')
    assert section_blocks(compose(tmp_path)) == [Paragraph([Text("1 excerpt")])]


def test_include_cannot_leave_the_template_folders(tmp_path):
    put(tmp_path / "secret.txt", "secret")
    path = put(tmp_path / "templates" / "excerpts.xml.j2", '\n{% include "../secret.txt" %}\n')
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value) == f"{path}:2: template not found: ../secret.txt"
    put(path, '{%% include "%s" %%}\n' % (tmp_path / "secret.txt"))
    with pytest.raises(TemplateError, match="template not found"):
        compose(tmp_path)


# ---------------------------------------------------------------- errors and the sandbox
def test_undefined_variable_names_template_file_and_line(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", "<p>fine</p>\n\n<p>{{ excerpt.quote }}</p>\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value) == f"{path}:3: undefined: 'excerpt' is undefined"


def test_undefined_attribute_in_loop_names_the_line(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2",
               "{% for e in excerpts %}\n<p>{{ e.qoute }}</p>\n{% endfor %}\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value).startswith(f"{path}:2: undefined: ")
    assert "qoute" in str(info.value)


def test_syntax_error_names_file_and_line(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", "<p>a</p>\n{% if excerpts %}\n<p>b</p>\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value).startswith(f"{path}:")
    assert "template syntax error" in str(info.value)


@pytest.mark.parametrize("expression", [
    "''.__class__",
    "''.__class__.__mro__[1].__subclasses__()",
    "excerpts.__class__",
    "cite.__globals__",
    "excerpts[0].source.__dict__",
    "excerpts.append(1)",
    "brief.warnings.clear()",
])
def test_sandbox_blocks_private_attributes(tmp_path, expression):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", "<p>ok</p>\n<p>{{ %s }}</p>\n" % expression)
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value).startswith(f"{path}:2: ")


def test_malformed_xml_names_the_template_and_line(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", "<p>one</p>\n<p>two <em>three</p>\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value) == f"{path}:2: malformed XML: mismatched tag"


@pytest.mark.parametrize("text, message", [
    ('<!DOCTYPE r [<!ENTITY e "boom">]><p>&e;</p>', "malformed XML"),
    ("<p>&nbsp;</p>", "malformed XML: undefined entity"),
    ("<h1>Title</h1>", "unknown element <h1>"),
    ("<em>loose</em>", "<em> must be inside a block"),
    ("loose text", "text outside a block element"),
    ('<p style="lead">x</p>', "styles are body and small"),
    ("<ul><p>x</p></ul>", "<p> inside <ul> (expected li)"),
    ("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>", "a table row has 2 cells, the table 1"),
    ('<table widths="1 x"><tr><td>a</td><td>b</td></tr></table>', "widths must be 2 positive numbers"),
    ("<p><cite/></p>", '<cite> needs keys="excerpt-id ..."'),
    ('<p><cite keys="ghost"/></p>', "<cite>: no excerpt with id 'ghost'"),
])
def test_bad_output_is_a_template_error(tmp_path, text, message):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", text + "\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value).startswith(f"{path}")
    assert message in str(info.value)


def test_literal_cite_of_an_unknown_id_names_the_template_line(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2",
               '{% for e in excerpts %}\n<p>x</p>\n{% endfor %}\n<p>See <cite keys="e1 ghost"/></p>\n')
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value) == f"{path}:4: <cite>: no excerpt with id 'ghost'"


def test_cite_helper_rejects_unknown_ids(tmp_path):
    path = put(tmp_path / "templates" / "excerpts.xml.j2", "\n<p>{{ cite('ghost') }}</p>\n")
    with pytest.raises(TemplateError) as info:
        compose(tmp_path)
    assert str(info.value) == f"{path}:2: cite(): no excerpt with id 'ghost'"


# ---------------------------------------------------------------- untrusted text
@pytest.mark.parametrize("kind, params", [
    ("excerpts", {"select": "country:KZ"}),
    ("country_profile", {"country": "KZ"}),
    ("group_history", {"group": "ISKP"}),
])
def test_hostile_excerpt_text_comes_out_literally(tmp_path, kind, params):
    library = make_library(one_excerpt(HOSTILE + "\x01\x0b", summary=HOSTILE, note=HOSTILE))
    document = compose(tmp_path, library, Section(kind, params=params))
    texts = [n.text.replace("\u00ad", "") for b in section_blocks(document) for n in _inlines(b)
             if isinstance(n, Text)]  # soft hyphens in table cells are invisible
    # the summary is desk text: its quotation marks become typographic, nothing else changes
    assert any(HOSTILE in t or smart_quotes(HOSTILE) in t for t in texts), texts
    assert not any("\x01" in t or "\x0b" in t for t in texts)
    cites = {n.keys for b in section_blocks(document) for n in _inlines(b) if isinstance(n, Cite)}
    assert cites == {("e1",)}


def test_hostile_quote_in_the_excerpts_template(tmp_path):
    document = compose(tmp_path, make_library(one_excerpt(HOSTILE)))
    quote = next(b for b in section_blocks(document) if isinstance(b, Quote))
    assert quote.content == [Text(HOSTILE), Cite(("e1",))]


def _inlines(block):
    if isinstance(block, (Paragraph, Quote, Heading)):
        return block.content
    if isinstance(block, BulletList):
        return [n for item in block.items for n in item]
    if isinstance(block, Table):
        return [n for cell in block.header for n in cell] + [n for row in block.rows for c in row for n in c]
    return []


# ---------------------------------------------------------------- the block vocabulary
def read(text: str, tmp_path) -> list:
    return BlockReader(tmp_path / "t.xml.j2", "sec-1-x", UniqueNames()).read(text)


def test_block_vocabulary(tmp_path):
    blocks = read("""
<h2>Key   figures</h2>
<h3 toc="no">Detail</h3>
<p style="small">A <em>b <strong>c</strong></em>  d <cite keys="a b"/>. <link href="https://x.org/">site</link></p>
<quote>  Said so.   <cite keys="a"/></quote>
<ol><li>one</li><li>two</li></ol>
<table widths="1 3" caption="Cap"><tr><th>H1</th><th>H2</th></tr><tr><td>1</td><td>2</td></tr></table>
<p><link href="javascript:alert(1)">bad</link></p>
""", tmp_path)
    assert blocks == [
        Heading(2, [Text("Key figures")], anchor="sec-1-x-key-figures"),
        Heading(3, [Text("Detail")], anchor="sec-1-x-detail", in_toc=False),
        Paragraph([Text("A "), Text("b ", italic=True), Text("c", bold=True, italic=True), Text(" d"),
                   Cite(("a", "b")), Text(". "), Link("site", "https://x.org/")], style="small"),
        Quote([Text("Said so."), Cite(("a",))]),
        BulletList([[Text("one")], [Text("two")]], ordered=True),
        Table([[Text("H1")], [Text("H2")]], [[[Text("1")], [Text("2")]]], widths=[0.25, 0.75], caption="Cap"),
        Paragraph([Text("bad")]),
    ]


def test_repeated_subheadings_get_distinct_anchors(tmp_path):
    blocks = read("<h2>Notes</h2><p>a</p><h2>Notes</h2><p>b</p>", tmp_path)
    assert [b.anchor for b in blocks if isinstance(b, Heading)] == ["sec-1-x-notes", "sec-1-x-notes-2"]


# ---------------------------------------------------------------- linear in the output's size
# Each of these took seconds to minutes at these sizes while the time grew with the square.
def test_a_paragraph_of_a_million_newlines_is_read_at_once(tmp_path):
    started = time.perf_counter()
    blocks = read("<p>a" + "\n" * 1_000_000 + "b</p>", tmp_path)
    assert time.perf_counter() - started < 2
    assert blocks == [Paragraph([Text("a b")])]


def test_many_text_runs_of_one_style_are_merged_at_once():
    runs = [Text("a" * 1000), Text("", italic=True)] * 10_000  # as "aaa<em></em>" writes them
    started = time.perf_counter()
    merged = tidy_inlines(runs)
    assert time.perf_counter() - started < 3
    assert merged == [Text("a" * 10_000_000)]


def test_ten_thousand_identical_headings_get_numbered_anchors_at_once(tmp_path):
    started = time.perf_counter()
    blocks = read("<h3>Same</h3>\n" * 10_000, tmp_path)
    assert time.perf_counter() - started < 3
    anchors = [b.anchor for b in blocks]
    assert len(set(anchors)) == 10_000
    assert anchors[:2] == ["sec-1-x-same", "sec-1-x-same-2"] and anchors[-1] == "sec-1-x-same-10000"


def test_an_error_names_its_output_line_counting_line_ends_as_the_parser_does(tmp_path):
    with pytest.raises(TemplateError) as info:
        read("<p>a</p>\r\n<p>b</p>\r<p>c\u2028d</p>\n<zz/>\n", tmp_path)
    assert "output line 4: '<zz/>'" in str(info.value)


# ---------------------------------------------------------------- helpers
def test_display_date():
    assert display_date("2024-06-30") == "June 30, 2024"
    assert display_date("2024-06") == "June 2024"
    assert display_date("2024") == "2024"
    assert display_date("") == ""


def test_is_stale_uses_the_end_of_a_partial_date():
    helpers = Helpers(make_library(), "2024-06-30", 2)
    assert helpers.is_stale("2016")
    assert helpers.is_stale("2022-06-29")
    assert not helpers.is_stale("2022-06-30")
    assert not helpers.is_stale("2022")  # may mean December 2022


def test_ids_is_the_set_of_ids_of_excerpts_and_ids():
    library = make_library(one_excerpt())
    view = excerpt_view(library.excerpts["e1"], library, {})
    assert Helpers.ids([view], ("e2", "e3"), []) == frozenset({"e1", "e2", "e3"})


@pytest.mark.parametrize("name", ["country_profile", "group_history"])
def test_bundled_templates_leave_out_excerpts_by_a_set_of_ids(name):
    """``in`` over a list reads the list for every excerpt: with 40,000 excerpts of one
    country the bundled country profile ran out of its time. Users copy these files."""
    text = (PACKAGE_TEMPLATES / f"{name}.xml.j2").read_text(encoding="utf-8")
    tested = re.findall(r'(?:reject|select)attr\("id", "in", ([^|]+)\)\|', text)
    assert tested and all(t.startswith("ids(") for t in tested), tested


def test_group_by_figures_and_with_tag():
    from briefpack.library.model import Figure

    a = Excerpt("a", "s1", "A", ["country:KZ", "group:ISKP", "topic:recruitment"], "2020", 2,
                figures=[Figure("fighters", 600, "about", "KZ", "2016")])
    b = Excerpt("b", "s1", "B", ["country:KZ", "topic:outlook"], "2019", 2,
                figures=[Figure("fighters", 500, "more than", "KZ", "2016"), Figure("fighters", 9, place="KG")])
    library = make_library(a, b)
    helpers = Helpers(library, "2024-06-30", 2)
    views = [excerpt_view(e, library) for e in (a, b)]
    [group] = helpers.group_by(views, "group")
    assert (group.value, group.label, [e.id for e in group.excerpts]) == (
        "ISKP", "Islamic State Khorasan Province", ["a"])
    assert [e.id for e in helpers.with_tag(views, "topic:outlook", "group:*")] == ["a", "b"]
    assert [e.id for e in helpers.sort_by_date(views)] == ["b", "a"]
    rows = helpers.figures(views, place="KZ")
    assert [(r.figure.value, r.excerpt.id) for r in rows] == [(500, "b"), (600, "a")]
    assert helpers.estimate(rows[0].figure) == "more than 500"
    assert str(helpers.cite(views)) == '<cite keys="a b"/>'
    assert views[0].grading == "B2"


def test_conflicts_are_same_measure_place_and_year_with_different_values():
    from briefpack.library.model import Figure

    a = Excerpt("a", "s1", "A", ["country:KZ"], "2017", 2, figures=[
        Figure("fighters", 300, "about", "KZ", "2016"), Figure("arrests", 2, "", "KZ", "2023")])
    b = Excerpt("b", "s1", "B", ["country:KZ"], "2017", 2, figures=[
        Figure("fighters", 500, "more than", "KZ", "2016-05"), Figure("arrests", 15, "", "KZ", "2024")])
    library = make_library(a, b)
    helpers = Helpers(library, "2024-06-30", 2)
    rows = helpers.figures([excerpt_view(e, library) for e in (a, b)])
    [conflict] = helpers.conflicts(rows)
    assert (conflict.measure, conflict.as_of) == ("fighters", "2016")
    assert [r.figure.value for r in conflict.rows] == [300, 500]


def test_a_quote_keeps_its_sources_language_when_it_is_a_tag(tmp_path):
    blocks = read('<quote lang="uz">Qoraladi.</quote><quote lang="fa-AF">x</quote>'
                  '<quote lang="Uzbek language">y</quote><quote>z</quote>', tmp_path)
    assert [b.lang for b in blocks] == ["uz", "fa-AF", "", ""]
