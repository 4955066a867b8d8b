"""The citation transform: Cite -> numbered Note, first full then short, source annex."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from briefpack.notes.citations import resolve_citations
from briefpack.errors import BriefpackError
from briefpack.library.model import Excerpt, Library, Source, Vocabulary
from briefpack.document.model import (
    BulletList,
    ChartPoint,
    Cite,
    Document,
    Figure,
    Heading,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Table,
    Text,
    plain_text,
)
from briefpack.document.walk import iter_notes


def excerpt(id, source, locator, credibility=2):
    return Excerpt(
        id=id, source=source, quote="...", tags=[], date="2024", credibility=credibility,
        locator=locator,
    )


@pytest.fixture
def library():
    sources = [
        Source(
            id="webber", title="Perspectives: ISKP posing rising threat to Central Asia",
            author=["Lucas Webber"], publisher="Eurasianet", published="2024-06-27",
            reliability="B", url="https://example.org/webber",
        ),
        Source(
            id="khabarov", title="How The Islamic State Operates in Central Asia",
            author=["Mansur Khabarov"], publisher="Orda", published="2024-03-26", reliability="C",
        ),
        Source(
            id="exporting", title="Exporting Jihad – Islamic terrorism from Central Asia",
            reliability="F",
        ),
        Source(
            id="botobekov", title="ISIS and Central Asia: A Shifting Recruiting Strategy",
            author=["Uran Botobekov"], reliability="B",
        ),
    ]
    excerpts = [
        excerpt("w-media", "webber", 5, 2),
        excerpt("w-crocus", "webber", 7, 1),
        excerpt("k-cells", "khabarov", 4, 3),
        excerpt("e-history", "exporting", 9, 3),
        excerpt("b-recruit", "botobekov", 12, 2),
        excerpt("b-nolocator", "botobekov", None, 4),
    ]
    return Library(
        root=Path("."),
        sources={s.id: s for s in sources},
        excerpts={e.id: e for e in excerpts},
        vocabulary=Vocabulary(),
    )


def document(*blocks):
    return Document(Meta(title="Test"), list(blocks))


def notes(doc):
    return [(n.number, plain_text(n.content)) for n in iter_notes(doc)]


WEBBER_FULL = (
    "Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,” Eurasianet, "
    "June 27, 2024, para. 5 (B2)."
)


def test_cites_in_paragraphs_table_and_list_numbered_in_iter_notes_order(library):
    doc = document(
        Heading(1, [Text("Threat"), Cite(("k-cells",))]),
        Paragraph([Text("ISKP steps up outreach."), Cite(("w-media",))]),
        Table(
            header=[[Text("Claim")], [Text("Source"), Cite(("e-history",))]],
            rows=[
                [[Text("a"), Cite(("w-crocus",))], [Text("b"), Cite(("b-recruit",))]],
                [[Text("c")], [Cite(("k-cells",))]],
            ],
            widths=[0.5, 0.5],
        ),
        PageBreak(),
        BulletList(items=[[Text("one"), Cite(("b-recruit",))], [Text("two"), Cite(("w-media",))]]),
        Quote([Text("quoted"), Cite(("e-history",))]),
    )
    out = resolve_citations(doc, library)
    assert notes(out) == [
        (1, "Mansur Khabarov, “How the Islamic State Operates in Central Asia,” Orda, "
            "March 26, 2024, para. 4 (C3)."),
        (2, WEBBER_FULL),
        (3, "“Exporting Jihad – Islamic Terrorism from Central Asia,” n.d., para. 9 (F3)."),
        (4, "Webber, “ISKP Posing Rising Threat,” para. 7 (B1)."),
        (5, "Uran Botobekov, “ISIS and Central Asia: A Shifting Recruiting Strategy,” n.d., "
            "para. 12 (B2)."),
        (6, "Khabarov, “How the Islamic State,” para. 4 (C3)."),
        (7, "Botobekov, “ISIS and Central Asia,” para. 12 (B2)."),
        (8, "Webber, “ISKP Posing Rising Threat,” para. 5 (B2)."),
        (9, "“Exporting Jihad,” para. 9 (F3)."),
    ]
    # no Cite left anywhere; the rest of every block kept
    table = out.blocks[2]
    assert isinstance(table, Table) and table.widths == [0.5, 0.5]
    assert table.header[1][0] == Text("Source")
    assert isinstance(out.blocks[3], PageBreak)
    assert plain_text(out.blocks[4].items[1]) == "two"


def test_consecutive_notes_use_the_short_form_never_ibid(library):
    doc = document(Paragraph([Cite(("w-media",)), Text("a"), Cite(("w-media",)), Text("b"), Cite(("w-crocus",))]))
    out = notes(resolve_citations(doc, library))
    assert out[1][1] == "Webber, “ISKP Posing Rising Threat,” para. 5 (B2)."
    assert out[2][1] == "Webber, “ISKP Posing Rising Threat,” para. 7 (B1)."
    assert not any("Ibid" in text for _, text in out)


def test_a_note_repeated_after_its_sources_are_cited_is_the_short_note_each_time(library):
    """Once every source of a note has been cited, the same sources and places give the same
    short note, however often, and a combined note with a source not yet cited is not one of them."""
    cites = [("w-media",), ("w-media",), ("w-media", "k-cells"), ("w-media", "k-cells"), ("w-media",)]
    doc = document(Paragraph([node for keys in cites for node in (Text("x"), Cite(keys))]))
    out = notes(resolve_citations(doc, library))
    short = "Webber, “ISKP Posing Rising Threat,” para. 5 (B2)."
    assert [text for _, text in out] == [
        WEBBER_FULL, short,
        short[:-1] + "; Mansur Khabarov, “How the Islamic State Operates in Central Asia,” Orda, March 26, "
                     "2024, para. 4 (C3).",
        short[:-1] + "; Khabarov, “How the Islamic State,” para. 4 (C3).", short]


def test_combined_note(library):
    doc = document(Paragraph([Text("x"), Cite(("w-media", "k-cells", "w-crocus"))]))
    [(number, text)] = notes(resolve_citations(doc, library))
    assert number == 1
    # Passages of one source with another grade make a part of their own: no grade in a locator list.
    assert text == (
        "Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,” Eurasianet, "
        "June 27, 2024, para. 5 (B2); Webber, para. 7 (B1); "
        "Mansur Khabarov, “How the Islamic State Operates in Central Asia,” Orda, March 26, 2024, "
        "para. 4 (C3)."
    )


@pytest.mark.parametrize("between", [[], [Text(" ")], [Text(", ")], [Text("; ")]])
def test_cites_at_one_place_make_one_note(library, between):
    doc = document(Paragraph([Text("x"), Cite(("w-media",)), *between, Cite(("k-cells",)), Text(" y")]))
    out = resolve_citations(doc, library)
    content = out.blocks[0].content
    assert [type(n).__name__ for n in content] == ["Text", "Note", "Text"]
    assert plain_text(content) == "x y"
    assert notes(out) == [(1, WEBBER_FULL[:-1] + "; Mansur Khabarov, “How the Islamic State Operates in "
                              "Central Asia,” Orda, March 26, 2024, para. 4 (C3).")]


def test_cites_apart_stay_apart_and_a_period_between_is_kept(library):
    doc = document(Paragraph([Text("x"), Cite(("w-media",)), Text(" and y"), Cite(("k-cells",))]),
                   Paragraph([Text("x"), Cite(("w-media",)), Text(". "), Cite(("k-cells",))]))
    out = resolve_citations(doc, library)
    assert len(notes(out)) == 3
    assert plain_text(out.blocks[1].content) == "x." and len(out.blocks[1].content) == 2


def test_a_figure_has_one_note_on_its_caption(library):
    points = [ChartPoint(value=v, label=k, note=[Cite((k,))]) for v, k in ((1, "w-media"), (2, "k-cells"),
                                                                          (3, "w-media"), (4, "w-crocus"))]
    doc = document(Figure(kind="estimates", caption=[Text("Fighters")], points=points))
    out = resolve_citations(doc, library)
    figure = out.blocks[0]
    assert all(not p.note for p in figure.points)
    assert plain_text(figure.caption) == "Fighters" and isinstance(figure.caption[-1], Note)
    assert notes(out) == [(1, WEBBER_FULL[:-1] + "; Webber, para. 7 (B1); "
                              "Mansur Khabarov, “How the Islamic State Operates in Central Asia,” Orda, "
                              "March 26, 2024, para. 4 (C3).")]
    assert figure.number == 1


def test_passages_of_one_source_with_one_grade_share_it(library):
    library.excerpts["w-other"] = excerpt("w-other", "webber", 9, 2)
    doc = document(Paragraph([Cite(("w-media",))]), Paragraph([Cite(("w-other", "w-media"))]))
    assert notes(resolve_citations(doc, library))[1] == (
        2, "Webber, “ISKP Posing Rising Threat,” paras. 5, 9 (B2).")


def test_repeated_key_in_one_cite_is_cited_once(library):
    doc = document(Paragraph([Cite(("w-media", "w-media"))]))
    assert notes(resolve_citations(doc, library)) == [(1, WEBBER_FULL)]


def test_two_excerpts_of_one_paragraph_and_grade_make_one_part(library):
    library.excerpts["w-media-2"] = excerpt("w-media-2", "webber", 5, 2)
    doc = document(Paragraph([Cite(("w-media", "w-media-2"))]))
    assert notes(resolve_citations(doc, library)) == [(1, WEBBER_FULL)]


def test_excerpt_without_locator(library):
    doc = document(Paragraph([Cite(("b-nolocator",))]), Paragraph([Cite(("b-nolocator",))]))
    assert notes(resolve_citations(doc, library)) == [
        (1, "Uran Botobekov, “ISIS and Central Asia: A Shifting Recruiting Strategy,” n.d. (B4)."),
        (2, "Botobekov, “ISIS and Central Asia” (B4)."),
    ]


def test_existing_notes_are_renumbered_in_sequence(library):
    doc = document(
        Paragraph([Note(99, (Text("An explanatory note."),)), Cite(("w-media",))]),
    )
    assert notes(resolve_citations(doc, library)) == [(1, "An explanatory note."), (2, WEBBER_FULL)]


def test_source_annex(library):
    doc = document(
        Paragraph([Cite(("w-media",)), Cite(("e-history",)), Cite(("k-cells", "b-recruit"))]),
    )
    out = resolve_citations(doc, library)
    heading = out.blocks[1]
    assert isinstance(heading, Heading)
    assert (heading.level, plain_text(heading.content), heading.anchor) == (
        1, "Source annex", "source-annex",
    )
    explanation = out.blocks[2]
    assert explanation.style == "small"
    assert "Admiralty" in plain_text(explanation.content)
    assert "B usually reliable" in plain_text(explanation.content)
    assert "2 probably true" in plain_text(explanation.content)
    entries = out.blocks[3:]
    assert all(isinstance(e, Paragraph) and e.style == "small" for e in entries)
    assert [plain_text(e.content) for e in entries] == [
        "Botobekov, Uran. “ISIS and Central Asia: A Shifting Recruiting Strategy.” n.d. "
        "Reliability: B (usually reliable).",
        "“Exporting Jihad – Islamic Terrorism from Central Asia.” n.d. "
        "Reliability: F (reliability cannot be judged).",
        "Khabarov, Mansur. “How the Islamic State Operates in Central Asia.” Orda, March 26, 2024. "
        "Reliability: C (fairly reliable).",
        "Webber, Lucas. “Perspectives: ISKP Posing Rising Threat to Central Asia.” Eurasianet, "
        "June 27, 2024. https://example.org/webber. Reliability: B (usually reliable).",
    ]
    assert Text("Eurasianet", italic=True) in entries[3].content


def test_annex_lists_only_sources_cited(library):
    out = resolve_citations(document(Paragraph([Cite(("w-media",)), Cite(("w-crocus",))])), library)
    entries = out.blocks[3:]
    assert len(entries) == 1
    assert plain_text(entries[0].content).startswith("Webber, Lucas.")


def test_annex_without_citations(library):
    out = resolve_citations(document(Paragraph([Text("Nothing cited.")])), library)
    assert [type(b) for b in out.blocks] == [Paragraph, Heading, Paragraph]
    assert plain_text(out.blocks[2].content) == "No sources are cited in this document."
    assert list(iter_notes(out)) == []


def test_unknown_excerpt_id(library):
    doc = document(Paragraph([Cite(("w-media",))]), Paragraph([Cite(("k-cells", "nope"))]))
    with pytest.raises(BriefpackError) as info:
        resolve_citations(doc, library)
    assert str(info.value) == "unknown excerpt id 'nope' cited"


def test_input_document_is_not_changed(library):
    doc = document(Paragraph([Text("x"), Cite(("w-media",))]), BulletList([[Cite(("k-cells",))]]))
    before = copy.deepcopy(doc)
    out = resolve_citations(doc, library)
    assert doc == before
    assert out is not doc and out.meta == doc.meta and out.meta is not doc.meta


def test_same_result_twice(library):
    doc = document(Paragraph([Cite(("w-media",)), Cite(("w-crocus", "e-history"))]))
    assert resolve_citations(doc, library) == resolve_citations(doc, library)


def test_excerpt_of_unknown_source(library):
    library.excerpts["orphan"] = excerpt("orphan", "missing", 1)
    with pytest.raises(BriefpackError, match="excerpt 'orphan' cites unknown source 'missing'"):
        resolve_citations(document(Paragraph([Cite(("orphan",))])), library)
