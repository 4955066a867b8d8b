"""Currency marks on every bullet, row and quotation whose newest support is old."""

from __future__ import annotations

from briefpack.briefs.model import Section
from briefpack.document.model import BulletList, Heading, Paragraph, Quote, Table, plain_text
from model_builder import LIBRARY, compose, ex, make_brief, make_library


def marked_texts(document):
    out = []
    for block in document.blocks:
        if isinstance(block, BulletList):
            out += [plain_text(i) for i in block.items]
        elif isinstance(block, Table):
            out += [" | ".join(plain_text(c) for c in row) for row in block.rows]
        elif isinstance(block, Quote):
            out.append(plain_text(block.content))
    return out


def test_old_material_is_marked_in_every_section_with_a_legend_before_the_first():
    library = make_library(*LIBRARY.excerpts.values(),
                           ex("old-rec", ["country:KZ", "topic:recruitment"], "2015-05"))
    document = compose(make_brief(Section("country_profile", params={"country": "KZ"}),
                                  Section("excerpts", params={"select": "country:KZ"})), library)
    texts = marked_texts(document)
    old = [t for t in texts if t.startswith("\u2020")]
    assert any("2016" in t for t in old)  # the 2016 bullets, rows and quotes
    assert not any(t.startswith("\u2020") for t in texts if "2023" in t or "2024" in t)
    assert {type(b).__name__ for b in document.blocks
            if isinstance(b, (BulletList, Table, Quote)) and
            any(x.startswith("\u2020") for x in marked_texts(type(document)(document.meta, [b])))} == {
        "BulletList", "Table", "Quote"}
    legends = [i for i, b in enumerate(document.blocks)
               if isinstance(b, Paragraph) and plain_text(b.content).startswith("Currency: \u2020 marks")]
    sections = [i for i, b in enumerate(document.blocks)
                if isinstance(b, Heading) and b.level == 1 and b.anchor.startswith("sec-")]
    bounds = sections + [len(document.blocks)]
    # once in each section, before its first marked item: in full the first time, then briefly
    assert [next(j for j in range(len(sections)) if bounds[j] < i < bounds[j + 1]) for i in legends] == \
        list(range(len(sections)))
    said = [plain_text(document.blocks[i].content) for i in legends]
    assert "reported before" in said[0] and said[1:] == ["Currency: \u2020 marks older material, as explained above."]
    assert "reported before June 30, 2022, more than 2 years" in plain_text(document.blocks[legends[0]].content)


def test_an_old_event_reported_lately_is_current():
    library = make_library(*LIBRARY.excerpts.values(),
                           ex("kz-1998", ["country:KZ", "topic:recruitment"], "1998", source="ngo",
                              quote="Reported in 2023.", event_date="1998"),
                           ex("kz-old", ["country:KZ", "topic:recruitment"], "2016", quote="Reported in 2016."))
    library.sources["ngo"].published = "2023-01"
    texts = marked_texts(compose(make_brief(Section("excerpts", params={"select": "country:KZ"})), library))
    assert [t for t in texts if "Reported in" in t] == ["Reported in 2023.", "\u2020\u00a0Reported in 2016."]


def test_no_mark_and_no_legend_when_nothing_is_old_enough():
    document = compose(make_brief(Section("excerpts", params={"select": "country:KZ"}), stale_after_years=30))
    assert not any(t.startswith("\u2020") for t in marked_texts(document))
    assert not any(isinstance(b, Paragraph) and plain_text(b.content).startswith("Currency:")
                   for b in document.blocks)
