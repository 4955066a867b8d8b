"""Cross-references in composition: a later use of an excerpt is a CrossRef to the Anchor at
the start of its text where the document printed it (placed from the Cite that closes that
text), a reference to material another section printed one to that section's heading;
templates write them as ``<ref to="anchor">Title</ref>`` (the ``ref`` helper); every one
names a heading or an Anchor of the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.briefs.model import Brief, Section
from briefpack.compose.blockxml import BlockReader
from briefpack.compose.anchors import placed
from briefpack.compose.composer import compose_document
from briefpack.compose.helpers import Place, ref
from briefpack.document.model import Anchor, Cite, CrossRef, Heading, Text, plain_text
from briefpack.document.names import UniqueNames
from briefpack.document.walk import block_inlines, cross_references, iter_inlines, unresolved_references
from briefpack.errors import BriefpackError, TemplateError
from briefpack.library.model import Excerpt, Facet, Library, Source, Term, Vocabulary


def library() -> Library:
    vocab = Vocabulary({
        "country": Facet("country", "Country", {"KZ": Term("KZ", "Kazakhstan"), "KG": Term("KG", "Kyrgyzstan")}),
        "group": Facet("group", "Armed group", {"ISKP": Term("ISKP", "Islamic State Khorasan Province")}),
        "topic": Facet("topic", "Topic", {t: Term(t, t) for t in ("recruitment", "attacks-and-plots")}),
    })
    sources = {"s1": Source("s1", "A Report", publisher="Eurasianet", reliability="B", author="Lucas Webber")}
    excerpts = [
        Excerpt("shared", "s1", "ISKP recruits online in both countries.",
                ["country:KZ", "country:KG", "group:ISKP", "topic:recruitment"], "2024-06", 2),
        Excerpt("raid", "s1", "Police detained nine men in a raid.",
                ["country:KZ", "country:KG", "topic:attacks-and-plots"], "2024-03", 2, kind="arrest",
                event_date="2024-03-02"),
        Excerpt("kz-only", "s1", "Kazakhstan tightened its border.", ["country:KZ", "topic:recruitment"],
                "2024-05", 2),
    ]
    return Library(Path("."), sources, {e.id: e for e in excerpts}, vocab)


def compose(tmp_path, *sections: Section):
    brief = Brief(name="pack", path=tmp_path / "briefs" / "pack.yaml", title="Pack", as_of="2024-06-30",
                  sections=list(sections))
    return compose_document(brief, library(), root=tmp_path, produced="2024-07-01", timestamp=0)


def profiles(tmp_path):
    return compose(tmp_path, Section("country_profile", params={"country": "KZ"}),
                   Section("country_profile", params={"country": "KG"}))


def test_a_later_profile_refers_to_where_the_shared_excerpt_stands(tmp_path):
    """A later use of an excerpt points to the Anchor at the start of its text where the
    document prints it, and so does a "See also" of the excerpts another section printed (to
    the first of them there); both print the title of the section the text stands in."""
    document = profiles(tmp_path)
    start = document.blocks.index(next(h for h in document.headings() if plain_text(h.content) == "Kyrgyzstan"))
    refs = list(cross_references(document.blocks[start:]))
    assert refs and all(r.text == "Kazakhstan" for r in refs)
    (see_also,) = [r for r in refs if not r.keys]
    (raid,) = [r for r in refs if r.keys]
    assert raid.keys == ("raid",)
    texts = texts_at(document.blocks[:start])
    assert texts[raid.target] == "\u201cPolice detained nine men in a raid.\u201d"
    assert texts[see_also.target].endswith("wrote in June 2024: \u201cISKP recruits online in both countries.\u201d")
    assert set(texts_at(document.blocks)) == {raid.target, see_also.target}  # the excerpts no reference names: none
    assert not list(cross_references(document.blocks[:start]))  # the first use is the text itself
    assert unresolved_references(document) == []
    printed = " ".join(n.text for n in iter_inlines(document) if isinstance(n, Text))
    assert printed.count("ISKP recruits online") == 1
    assert "<ref" not in printed and "see \u201c" not in printed  # no reference left as text


def texts_at(blocks) -> dict[str, str]:
    """Each Anchor among ``blocks`` -> the text from it to the next citation."""
    out = {}
    for content in (c for b in blocks for c in block_inlines(b)):
        for i, node in enumerate(content):
            if isinstance(node, Anchor):
                end = next((j for j in range(i, len(content)) if isinstance(content[j], Cite)), len(content))
                out[node.name] = plain_text(content[i:end])
    return out


def test_an_incident_row_printed_elsewhere_is_a_reference_too(tmp_path):
    """The incidents table drops a lead repeating the row's date; a reference keeps its markup."""
    document = profiles(tmp_path)
    start = document.blocks.index(next(h for h in document.headings() if plain_text(h.content) == "Kyrgyzstan"))
    tables = [b for b in document.blocks[start:] if type(b).__name__ == "Table"]
    cells = [cell for t in tables for row in t.rows for cell in row if any(isinstance(n, CrossRef) for n in cell)]
    assert cells
    for cell in cells:  # a sentence, so that two in one cell do not run together
        after = cell[[isinstance(n, CrossRef) for n in cell].index(True) + 1]
        assert isinstance(after, Text) and after.text.startswith(".")


def test_the_ref_helper_writes_block_xml_for_a_place(tmp_path):
    assert str(ref(Place("Kazakhstan", "sec-2-kazakhstan"))) == '<ref to="sec-2-kazakhstan">Kazakhstan</ref>'
    assert str(ref(Place('A "B" & C', 'x"y'))) == '<ref to="x&#34;y">A &#34;B&#34; &amp; C</ref>'
    assert str(ref("Elsewhere")) == "\u201cElsewhere\u201d"  # no heading to point at: the title in quotes


def read(text: str, tmp_path) -> list:
    return BlockReader(tmp_path / "t.xml.j2", "sec-1-x", UniqueNames()).read(text)


def test_block_xml_reads_a_reference(tmp_path):
    (p,) = read('<p>See   <ref to="sec-2-kz"> Kazakhstan\n and   more </ref>.</p>', tmp_path)
    assert p.content == [Text("See "), CrossRef("sec-2-kz", "Kazakhstan and more"), Text(".")]


def test_a_citation_right_after_a_reference_is_left_to_the_text_referred_to(tmp_path):
    """No note mark after the page number ("p. 12¹⁰⁶"): the note stands where the text does."""
    (p, q, r) = read('<p>Webber: see <ref to="a">A</ref> <cite keys="e1"/>; more<cite keys="e2"/></p>'
                     '<p>see <ref to="a">A</ref>, as <cite keys="e1"/> says</p>'
                     '<p>Webber: see <ref to="a">A</ref>.<cite keys="e1"/> Khabarov: see <ref to="a">A</ref>.'
                     '<cite keys="e2"/></p>', tmp_path)
    assert p.content == [Text("Webber: see "), CrossRef("a", "A"), Text("; more"), Cite(("e2",))]
    assert q.content == [Text("see "), CrossRef("a", "A"), Text(", as"), Cite(("e1",)), Text(" says")]
    assert p.content[1].keys == ("e1",) and q.content[1].keys == ()  # what it stands for, for checks
    assert r.content == [Text("Webber: see "), CrossRef("a", "A"), Text(". Khabarov: see "), CrossRef("a", "A"),
                         Text(".")]  # after the reference's own period too
    assert [r.content[1].keys, r.content[3].keys] == [("e1",), ("e2",)]


@pytest.mark.parametrize("xml", ['<p>see <ref>Kazakhstan</ref></p>', '<p>see <ref to="x"> </ref></p>',
                                 '<p>see <ref to=" ">Kazakhstan</ref></p>'])
def test_a_reference_needs_its_target_and_words(tmp_path, xml):
    (tmp_path / "t.xml.j2").write_text(xml, encoding="utf-8")
    with pytest.raises(TemplateError, match=r'<ref> needs to="anchor"'):
        read(xml, tmp_path)


def test_a_reference_to_no_heading_is_an_error_naming_the_brief(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine.xml.j2").write_text(
        '<p>See <ref to="{{ section.anchor }}">This section</ref> and <ref to="nowhere">Nowhere</ref>.</p>',
        encoding="utf-8")
    with pytest.raises(BriefpackError, match=r"cross-reference to \u201cNowhere\u201d .*names no heading") as info:
        compose(tmp_path, Section("excerpts", params={"select": "country:KZ", "template": "templates/mine.xml.j2"}))
    assert info.value.path == tmp_path / "briefs" / "pack.yaml"


def test_a_workspace_template_may_refer_to_any_heading(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine.xml.j2").write_text(
        '<p>See <ref to="{{ section.anchor }}">{{ section.title }}</ref>.</p>', encoding="utf-8")
    document = compose(tmp_path, Section("excerpts", title="Sources", params={"select": "country:KZ",
                                                                           "template": "templates/mine.xml.j2"}))
    heading = next(h for h in document.headings() if isinstance(h, Heading) and plain_text(h.content) == "Sources")
    assert list(cross_references(document)) == [CrossRef(heading.anchor, "Sources")]


def test_an_anchor_goes_where_the_text_its_citation_closes_starts():
    a, b, c = Cite(("a",), ("text-a",)), Cite(("b",), ("text-b",)), Cite(("c",), ("text-c",))
    content = [Text("ISKP: Webber wrote that it recruits"), a, Text("; Tucker also wrote that it pays"), b,
               Text(". Orda reported arrests"), c]
    assert placed(content) == [Anchor("text-a"), Text("ISKP: Webber wrote that it recruits"), Cite(("a",)),
                               Text("; "), Anchor("text-b"), Text("Tucker also wrote that it pays"), Cite(("b",)),
                               Text(". "), Anchor("text-c"), Text("Orda reported arrests"), Cite(("c",))]
    assert all(not n.anchors for n in placed(content) if isinstance(n, Cite))
    # side by side (one note at one place): both texts start where the first does
    assert placed([Text("Both say so"), a, Text(", "), b]) == [Anchor("text-b"), Anchor("text-a"),
                                                             Text("Both say so"), Cite(("a",)), Text(", "), Cite(("b",))]
    plain = [Text("Nothing printed here first"), Cite(("a",))]
    assert placed(plain) is plain


def test_a_reference_to_text_printed_without_its_citation_points_to_the_section(tmp_path):
    """A template that prints an excerpt without citing it gives no Anchor: a later use
    points to the heading of the section that printed it."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bare.xml.j2").write_text(
        "{% for e in once(excerpts) %}<p>{{ e.quote }}</p>{% endfor %}", encoding="utf-8")
    (tmp_path / "templates" / "cited.xml.j2").write_text(
        "{% for e in once(excerpts) %}<p>{{ e.quote }}{{ cite(e) }}</p>{% endfor %}", encoding="utf-8")
    (tmp_path / "templates" / "later.xml.j2").write_text(
        "{% for e in excerpts %}<p>{{ attributed(e) }}{{ cite(e) }} In {{ ref(printed_in(e)) }}.</p>{% endfor %}",
        encoding="utf-8")
    for first, anchored in (("bare", False), ("cited", True)):
        document = compose(tmp_path, Section("excerpts", title="First", params={
                               "select": "topic:attacks-and-plots", "template": f"templates/{first}.xml.j2"}),
                           Section("excerpts", title="Later", params={
                               "select": "topic:attacks-and-plots", "template": "templates/later.xml.j2"}))
        heading = next(h for h in document.headings() if plain_text(h.content) == "First")
        refs = list(cross_references(document))
        assert len(refs) == 2 and all(r.text == "First" for r in refs)
        targets = {r.target for r in refs}
        assert (targets == {heading.anchor}) is not anchored
        assert unresolved_references(document) == []
        if anchored:
            (name,) = targets
            assert texts_at(document.blocks)[name] == "Police detained nine men in a raid."


@pytest.mark.parametrize("value", ["9lives", "a b!", "x" * 101])
def test_a_cite_anchor_is_a_name(tmp_path, value):
    with pytest.raises(TemplateError, match=r'<cite anchor="...">: not a name'):
        read(f'<p>Text<cite keys="e1" anchor="{value}"/></p>', tmp_path)
    (p,) = read('<p>Text<cite keys="e1" anchor="text-e1 text-e1-2"/></p>', tmp_path)
    assert p.content[-1].anchors == ("text-e1", "text-e1-2")


def test_a_list_cut_short_leaves_what_it_did_not_print_for_a_later_section(tmp_path):
    """``once(excerpts, n)`` counts only the n it gives as printed: a later section prints
    the rest itself instead of referring to a section where they do not stand."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "first.xml.j2").write_text(
        "{% for e in once(excerpts, 1) %}<p>{{ e.quote }}{{ cite(e) }}</p>{% endfor %}", encoding="utf-8")
    (tmp_path / "templates" / "later.xml.j2").write_text(
        "{% for e in excerpts %}<p>{{ attributed(e) }}{{ cite(e) }}</p>{% endfor %}", encoding="utf-8")
    select = {"select": "country:KZ"}  # three excerpts
    document = compose(tmp_path, Section("excerpts", title="First", params={**select, "template": "templates/first.xml.j2"}),
                       Section("excerpts", title="Later", params={**select, "template": "templates/later.xml.j2"}))
    refs = list(cross_references(document))
    assert len(refs) == 1 and refs[0].text == "First"  # the one the first section printed
    assert unresolved_references(document) == []
    text = plain_text([n for b in document.blocks for n in getattr(b, "content", None) or []])
    for quote in ("ISKP recruits online in both countries", "Police detained nine men in a raid",
                  "Kazakhstan tightened its border"):
        assert text.count(quote) == 1  # each printed once in the document
