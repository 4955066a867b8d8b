"""The composer: brief + library -> document model, with the default templates."""

from __future__ import annotations

import pytest

from briefpack.briefs.read import load_brief
from briefpack.briefs.model import Section
from briefpack.compose.composer import prune_empty_headings
from briefpack.errors import BriefpackError, Problem
from briefpack.library.model import Term
from briefpack.document.model import (BulletList, Cite, Heading, PageBreak, Paragraph, Quote, Table,
                                      TableOfContents, Text, plain_text)
from model_builder import compose, compose_brief, ex, make_brief, make_library


def section(document, anchor_prefix):
    """The blocks of the level-1 section whose anchor starts with ``anchor_prefix``."""
    blocks, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.anchor.startswith(anchor_prefix)
            continue
        if inside:
            blocks.append(block)
    return blocks


def cites(blocks):
    out = []
    for b in blocks:
        groups = ([b.content] if isinstance(b, (Paragraph, Quote, Heading)) else b.items
                  if isinstance(b, BulletList) else [c for row in b.rows for c in row]
                  if isinstance(b, Table) else [])
        out += [n.keys for g in groups for n in g if isinstance(n, Cite)]
    return out


# ---------------------------------------------------------------- the document
def test_document_structure_and_meta():
    brief = make_brief(
        Section("country_profile", params={"country": "KZ"}),
        Section("threat_outlook", title="Outlook", params={"select": "country:KZ"}),
        key_judgments=["Recruitment *continues* [@kz-rec].", "Attacks are **likely**."],
        intro="Scope: Kazakhstan.", subtitle="Desk handout", organization="Desk", authors=["A. B."],
        max_marking="TLP:AMBER",
    )
    document = compose(brief)
    blocks = document.blocks
    assert blocks[0] == TableOfContents()
    assert blocks[1] == Heading(1, [Text("Key Judgments")], anchor="key-judgments")
    # The first sentence of a key judgment is set in bold.
    assert blocks[2] == Paragraph([Text("Recruitment ", bold=True), Text("continues", bold=True, italic=True),
                                   Cite(("kz-rec",)), Text(".", bold=True)], style="lead")
    # ... and a judgment citing sources has their summary under it (ICD 206)
    assert plain_text(blocks[3].content).startswith("Sources: Based on 1 source, graded B2")
    assert blocks[4] == Paragraph([Text("Attacks are ", bold=True), Text("likely", bold=True),
                                   Text(".", bold=True)], style="lead")
    assert blocks[5].anchor == "introduction" and blocks[6] == Paragraph([Text("Scope: Kazakhstan.")])
    level1 = [(plain_text(h.content), h.anchor) for h in document.headings() if h.level == 1]
    assert level1 == [("Key Judgments", "key-judgments"), ("Introduction", "introduction"),
                      ("Kazakhstan", "sec-1-kazakhstan"), ("Outlook", "sec-2-outlook")]
    subheadings = [h.anchor for h in document.headings() if h.level == 2]
    assert "sec-1-kazakhstan-key-figures" in subheadings
    meta = document.meta
    assert (meta.title, meta.subtitle, meta.as_of, meta.produced) == (
        "Central Asia", "Desk handout", "June 30, 2024", "July 1, 2024")
    assert (meta.organization, meta.authors, meta.timestamp) == ("Desk", ["A. B."], 1719792000)
    # the section's subject first, then by how often the cited excerpts carry the tag
    assert meta.keywords == ["Kazakhstan", "Islamic State Khorasan Province", "Islamic Movement of Uzbekistan"]
    assert meta.marking == "TLP:AMBER"  # raised by kz-amber, within max_marking


def test_keywords_fit_a_docx_core_property():
    countries = {f"C{i:02}": Term(f"C{i:02}", f"Country number {i:02}") for i in range(40)}
    library = make_library(*[ex(f"x{i}", [f"country:C{i:02}"]) for i in range(40)])
    library.vocabulary.facets["country"].values.update(countries)
    document = compose(make_brief(Section("excerpts", params={"select": "country:*"})), library)
    keywords = document.meta.keywords
    assert 10 < len(keywords) < 40 and len(", ".join(keywords)) <= 255


def test_section_intro_and_stable_anchors():
    brief = make_brief(Section("excerpts", title="Kazakhstan: Raw", params={
        "select": "country:KZ and topic:recruitment", "intro": "Read *these*."}))
    first, second = compose(brief), compose(brief)
    assert first == second
    blocks = section(first, "sec-1-kazakhstan-raw")
    assert blocks[0] == Paragraph([Text("Read "), Text("these", italic=True), Text(".")])
    assert isinstance(blocks[1], Paragraph) and plain_text(blocks[1].content).endswith(":")  # who said it, when
    assert isinstance(blocks[2], Quote) and blocks[2].content[-1] == Cite(("kz-rec",))


def test_a_section_with_new_page_starts_on_a_new_page():
    brief = make_brief(Section("excerpts", title="First", params={"select": "country:KZ"}),
                       Section("excerpts", title="Second", params={"select": "country:KZ", "new_page": True}),
                       Section("excerpts", title="Third", params={"select": "country:KZ", "new_page": False}))
    blocks = compose(brief).blocks
    starts = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    assert [isinstance(blocks[i - 1], PageBreak) for i in starts] == [False, True, False]
    assert sum(isinstance(b, PageBreak) for b in blocks) == 1


def test_empty_selection_says_so():
    brief = make_brief(Section("country_profile", params={"country": "KG", "select": "topic:recruitment"}))
    assert section(compose(brief), "sec-1") == [Paragraph([Text("No source material on this.")])]


def test_prune_empty_headings():
    h2, h3 = Heading(2, [Text("a")]), Heading(3, [Text("b")])
    p = Paragraph([Text("x")])
    assert prune_empty_headings([h2, h3, h2, p, h3]) == [h2, p]


# ---------------------------------------------------------------- analyst text
def test_analyst_markdown_is_limited_and_raw_html_literal():
    brief = make_brief(Section("excerpts", params={"select": "topic:origins"}),
                       key_judgments=["<b>x</b> {{ y }} # not a heading [@imu-1998; @imu-2015]\n\n- one\n- two"])
    blocks = compose(brief).blocks
    assert blocks[2] == Paragraph([Text("<b>x</b> {{ y }} # not a heading", bold=True),
                                   Cite(("imu-1998", "imu-2015"))], style="lead",
                                  keep_with_next=True)  # a lead stands on the page of its first bullet
    assert blocks[3] == BulletList([[Text("one")], [Text("two")]])


def test_unknown_citation_in_analyst_text_names_brief_line(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(
        "title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\n"
        "key_judgments:\n  - Fine [@kz-rec].\n  - |\n    First line.\n    Cites [@kz-nope].\n"
        "sections:\n  - type: excerpts\n    select: topic:origins\n    intro: Also [@ghost].\n",
        encoding="utf-8",
    )
    brief = load_brief(path)
    with pytest.raises(BriefpackError) as info:
        compose(brief)
    assert str(info.value) == f"{path}:8: citation of unknown excerpt 'kz-nope'"
    brief.key_judgments = ["Fine."]
    with pytest.raises(BriefpackError) as info:
        compose(brief)
    assert str(info.value) == f"{path}:12: citation of unknown excerpt 'ghost'"


def test_bad_select_query_names_brief_line(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nsections:\n"
                    "  - type: excerpts\n    select: topic:recruitmnt\n", encoding="utf-8")
    with pytest.raises(BriefpackError) as info:
        compose(load_brief(path))
    assert str(info.value).startswith(f"{path}:6: bad query: ")
    assert "recruitmnt" in str(info.value)


def test_bad_select_query_in_a_literal_block_names_its_own_line(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("title: T\nmarking: TLP:CLEAR\nas_of: 2024-06-30\nsections:\n"
                    "  - type: excerpts\n    select: |\n      topic:origins\n      and topic:recruitmnt\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(BriefpackError) as info:
        compose(load_brief(path))
    assert str(info.value).splitlines() == [
        f"{path}:8: bad query: query:2:5: unknown tag 'topic:recruitmnt' (did you mean topic:recruitment?)",
        "  and topic:recruitmnt",
        "      ^",
    ]


# ---------------------------------------------------------------- section templates
def test_country_profile_key_figures_show_conflicting_estimates_side_by_side():
    document = compose(make_brief(Section("country_profile", params={"country": "KZ"})))
    blocks = section(document, "sec-1-kazakhstan")
    title = blocks.index(next(b for b in blocks if isinstance(b, Heading) and plain_text(b.content) == "Key figures"))
    table = next(b for b in blocks[title + 1:] if isinstance(b, Table))
    assert isinstance(table, Table)
    assert [plain_text(c) for c in table.header] == ["Measure", "Estimate", "As of", "Estimated by", "Remarks"]
    rows = [[plain_text(c) for c in row] for row in table.rows]
    assert rows == [
        # The estimate carries its note; no cell restates the source the note gives. Both rest on
        # material older than two years before as_of: each row starts with the currency mark.
        ["\u2020\u00a0Foreign fighters", "about 300", "2016", "Interior ministry", ""],
        ["\u2020\u00a0Foreign fighters", "more than 500", "2016", "Soufan Group", ""],
    ]
    assert [row[1][-1] for row in table.rows] == [Cite(("kz-min",)), Cite(("kz-ngo",))]
    assert plain_text(blocks[blocks.index(table) + 1].content) == (
        "Estimates of foreign fighters for 2016 differ: about 300, more than 500; "
        "each is shown with its own citation.")


def test_country_profile_subsections():
    blocks = section(compose(make_brief(Section("country_profile", params={"country": "KZ"}),
                                       max_marking="TLP:GREEN")), "sec-1")
    headings = [plain_text(b.content) for b in blocks if isinstance(b, Heading)]
    # Each excerpt stands in its most specific subsection only: the recruitment and the attack
    # excerpts name groups, but are not repeated under "Groups active".
    assert headings == ["Overview", "Key figures", "Recruitment and propaganda", "Incidents"]
    assert sorted(cites(blocks)) == [("kz-att",), ("kz-min",), ("kz-ngo",), ("kz-rec",), ("out-new",)]


def test_groups_active_name_each_group_once_with_its_abbreviation():
    library = make_library(
        ex("g1", ["country:KZ", "group:IMU", "group:ISKP"], "2016-06"),
        ex("g2", ["country:KZ", "group:ISKP"], "2023-05"),
    )
    library.vocabulary.facets["group"].values["ISKP"].abbreviation = "ISKP"
    blocks = section(compose(make_brief(Section("country_profile", params={"country": "KZ"})), library), "sec-1")
    groups = next(b for b in blocks if isinstance(b, BulletList) and "Islamic" in plain_text(b.items[0])[:12])
    assert [plain_text(i) for i in groups.items] == [
        "\u2020\u00a0Islamic Movement of Uzbekistan: Ministry reported in June 2016: “Quote g1.”",
        "Islamic State Khorasan Province (ISKP): Ministry reported in May 2023: “Quote g2.”",
    ]


def test_group_chronology_rows_sorted_by_date_with_a_citation_each():
    blocks = section(compose(make_brief(Section("group_history", params={"group": "IMU"}))), "sec-1")
    assert type(blocks[0]).__name__ == "Figure"  # the timeline opens the chapter
    blocks = blocks[1:]
    assert plain_text(blocks[0].content) == "Origins"
    assert plain_text(blocks[1].content).startswith("Currency: ")  # explained once, before the first mark
    blocks = blocks[:1] + blocks[2:]
    assert plain_text(blocks[1].content) == "Ministry reported in 1998:"  # who said it, when
    assert blocks[2] == Quote([Text("\u2020\u00a0"), Text("The IMU was founded."), Cite(("imu-1998",))])
    chronology = next(b for b in blocks if isinstance(b, Table))
    assert [plain_text(c) for c in chronology.header] == ["Date", "Event"]
    # origins, splits and areas of operation have subsections of their own; the chronology holds the rest
    assert [plain_text(row[0]) for row in chronology.rows] == ["\u2020\u00a0June\u00a05,\u00a02016"]  # the date held together
    assert [row[-1][-1] for row in chronology.rows] == [Cite(("kz-att",))]
    assert sorted(cites(blocks)) == [("imu-1998",), ("imu-2001",), ("imu-2015",), ("kz-att",)]
    headings = [plain_text(b.content) for b in blocks if isinstance(b, Heading)]
    assert headings == ["Origins", "Chronology", "Affiliations and splits", "Areas of operation"]


def test_outlook_flags_judgments_resting_on_old_material():
    blocks = section(compose(make_brief(Section("threat_outlook")), max_marking="TLP:AMBER"), "sec-1")
    quotes = [b for b in blocks if isinstance(b, Quote)]
    assert [q.content for q in quotes] == [[Text("Attacks are likely."), Cite(("out-new",))],
                                          [Text("\u2020\u00a0"), Text("The threat will grow."), Cite(("out-old",))]]
    flags = [plain_text(b.content) for b in blocks if isinstance(b, Paragraph) and
             plain_text(b.content).startswith("Currency")]
    assert flags == ["Currency: these assessments rest on material from 2016, more than 2 years before the "
                     "information cut-off; they show how the threat was judged then."]
    old = blocks.index(quotes[1])
    assert plain_text(blocks[old - 2].content).startswith("Currency")  # one note for the group, before it
    assert plain_text(blocks[old - 3].content) == "Earlier assessments, 2016"


def test_stale_after_years_is_taken_from_the_brief():
    blocks = section(compose(make_brief(Section("threat_outlook"), stale_after_years=10),
                             max_marking="TLP:AMBER"), "sec-1")
    assert not any(isinstance(b, Paragraph) and plain_text(b.content).startswith("Currency") for b in blocks)


def test_sort_and_limit():
    brief = make_brief(Section("excerpts", params={"select": "group:IMU", "sort": "-date", "limit": 2}))
    assert cites(section(compose(brief), "sec-1")) == [("kz-att",), ("imu-2015",)]
    brief.sections[0].params.update(sort="credibility", limit=10)
    assert len(cites(section(compose(brief), "sec-1"))) == 4


# ---------------------------------------------------------------- markings
def test_marking_raised_to_the_most_restrictive_excerpt_cited():
    brief = make_brief(Section("excerpts", params={"select": "topic:state-response or topic:origins"}))
    brief.lines["marking"] = 2
    composition = compose_brief(brief)
    assert composition.document.meta.marking == "TLP:AMBER"
    problem = Problem(brief.path, 2, "marking raised from TLP:CLEAR to TLP:AMBER by excerpt kz-amber", "warning")
    assert composition.warnings == [problem]
    assert compose_brief(brief).warnings == [problem]  # composing again says it again, once
    assert brief.warnings == []  # the brief is left as it was


def test_no_warning_when_the_brief_marking_covers_the_excerpts():
    brief = make_brief(Section("excerpts", params={"select": "topic:state-response"}), marking="TLP:RED")
    composition = compose_brief(brief)
    assert composition.document.meta.marking == "TLP:RED"
    assert composition.warnings == []


def test_max_marking_filters_excerpts_before_limit():
    outlook = Section("threat_outlook", params={"select": "country:KZ", "sort": "-date", "limit": 1})
    assert cites(section(compose(make_brief(outlook)), "sec-1")) == [("out-red",)]
    filtered = compose(make_brief(outlook, max_marking="TLP:AMBER"))
    assert cites(section(filtered, "sec-1")) == [("out-new",)]
    assert filtered.meta.marking == "TLP:CLEAR"
    # the caller's limit applies too; the stricter of the two wins
    assert cites(section(compose(make_brief(outlook), max_marking="TLP:GREEN"), "sec-1")) == [("out-new",)]
    assert cites(section(compose(make_brief(outlook, max_marking="TLP:RED"), max_marking="TLP:CLEAR"),
                         "sec-1")) == [("out-new",)]


def test_analyst_citation_above_max_marking_is_an_error():
    brief = make_brief(Section("threat_outlook"), key_judgments=["Secret [@out-red]."], max_marking="TLP:AMBER")
    brief.lines["key_judgments.0"] = 7
    with pytest.raises(BriefpackError) as info:
        compose(brief)
    assert str(info.value) == (
        "briefs/pack.yaml:7: excerpt 'out-red' is marked TLP:RED, above the maximum marking TLP:AMBER")


def test_bad_max_marking_argument():
    with pytest.raises(BriefpackError, match="max_marking: unknown marking 'RED'"):
        compose(make_brief(Section("threat_outlook")), max_marking="RED")


def test_unknown_country_names_the_brief_line():
    brief = make_brief(Section("country_profile", params={"country": "XX"}))
    brief.lines["sections.0.country"] = 11
    with pytest.raises(BriefpackError) as info:
        compose(brief)
    assert str(info.value) == ("briefs/pack.yaml:11: unknown country 'XX': a value of the facet 'country' "
                               "in seeds/vocabulary.yaml")


def test_a_country_named_by_its_label_gets_a_did_you_mean():
    brief = make_brief(Section("country_profile", params={"country": "Kazakstan"}))
    brief.lines["sections.0.country"] = 11
    with pytest.raises(BriefpackError) as info:
        compose(brief)
    assert "unknown country 'Kazakstan' (did you mean KZ, Kazakhstan?)" in str(info.value)


def test_key_judgment_first_sentence_is_bold():
    from briefpack.compose.key_judgments import bold_first_sentence
    from briefpack.document.model import Cite, Paragraph, Text

    para = Paragraph([Text("ISKP is likely to attack. "), Cite(("a",)), Text("It recruits.")], "lead")
    out = bold_first_sentence(para).content
    assert out[0] == Text("ISKP is likely to attack.", bold=True)
    assert out[1] == Text(" ")
    assert out[2] == Cite(("a",)) and out[3] == Text("It recruits.")


def test_outlook_includes_drivers_and_indicators_not_tagged_outlook():
    library = make_library(
        ex("fc", ["country:KZ", "topic:outlook"], "2024-05", quote="Attacks are likely."),
        ex("drv", ["country:KZ", "topic:drivers"], "2024-04", quote="Repression feeds it."),
        ex("ind", ["country:KZ", "topic:indicators"], "2024-03", quote="Watch the arrests."),
        ex("other", ["country:KZ", "topic:recruitment"], "2024-02", quote="Not an outlook."),
    )
    blocks = section(compose(make_brief(Section("threat_outlook")), library), "sec-1")
    headings = [plain_text(b.content) for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert headings == ["Forecasts", "Drivers", "Indicators"]
    assert sorted(k for c in cites(blocks) for k in c) == ["drv", "fc", "ind"]


def test_outlook_in_a_vocabulary_without_drivers_or_indicators():
    library = make_library(ex("fc", ["country:KZ", "topic:outlook"], "2024-05", quote="Attacks are likely."))
    for topic in ("drivers", "indicators"):
        del library.vocabulary.facets["topic"].values[topic]
    blocks = section(compose(make_brief(Section("threat_outlook")), library), "sec-1")
    assert cites(blocks) == [("fc",)]


def test_forecast_that_is_also_a_driver_stands_under_forecasts():
    library = make_library(
        ex("both", ["country:KZ", "topic:outlook", "topic:drivers"], "2024-05", quote="Repression will feed it."),
        ex("drv", ["country:KZ", "topic:drivers"], "2024-04", quote="Repression feeds it."),
    )
    blocks = section(compose(make_brief(Section("threat_outlook")), library), "sec-1")
    titles = [(plain_text(b.content), i) for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2]
    assert [t for t, _ in titles] == ["Forecasts", "Drivers"]
    forecasts = blocks[titles[0][1]:titles[1][1]]
    assert cites(forecasts) == [("both",)]
    line = next(plain_text(b.content) for b in forecasts if isinstance(b, Paragraph))
    assert line == "Ministry reported in May 2024:"  # who said it and when; the note names the source
