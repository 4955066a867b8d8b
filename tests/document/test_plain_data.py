"""The document model's blocks as plain data and back: equal field by field, type by type,
and anything else refused."""

from __future__ import annotations

import dataclasses
import marshal

import pytest

from briefpack.document.model import (Anchor, BulletList, ChartPoint, Cite, CrossRef, Figure, Heading, Link, Note,
                                      PageBreak, Paragraph, Quote, Table, TableOfContents, Text)
from briefpack.document.plain_data import blocks_data, blocks_from_data

BLOCKS = [
    TableOfContents("Contents"),
    Heading(1, [Text("Kazakhstan")], anchor="sec-1-kazakhstan", in_toc=True),
    Paragraph([Anchor("text-ex-1"), Text("Webber wrote ", italic=True), Text("“Қазақстан”", bold=True),
               Cite(("ex-1", "ex-2"), anchors=("text-ex-1",)), Link("a site", "https://example.org"),
               CrossRef("sec-1-kazakhstan", "Kazakhstan", keys=("ex-1",))], style="small", keep_with_next=True),
    Paragraph([Text("after"), Note(3, (Text("Webber, “Title.”"),), keys=("ex-1",))]),
    Quote([Text("a quote")], lang="ru"),
    BulletList([[Text("one")], [Text("two"), Cite(("ex-3",))]], ordered=True),
    Table([[Text("Date")], [Text("Event")]], [[[Text("2024")], [Text("x"), Cite(("ex-4",))]]], widths=[0.3, 0.7],
          caption="Events"),
    Table([[Text("A")]], [[[Text("b")]]], widths=None),
    Figure("estimates", [Text("Fighters")], [ChartPoint(500, 800.5, "about", "UN, 2024", "Syria", "2024-05",
                                                        [Cite(("ex-5",))]), ChartPoint()],
           alt="A chart", axis="fighters", number=2, keep_together=False),
    PageBreak(),
]


def same(a, b) -> bool:
    """Equal in every field, those left out of comparison included, with the same types."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def test_blocks_come_back_as_they_were():
    data = marshal.loads(marshal.dumps(blocks_data(BLOCKS)))
    back = blocks_from_data(data)
    assert same(back, BLOCKS)
    assert type(back[8].points[0].value) is int and type(back[8].points[0].high) is float


def test_plain_text_is_kept_as_a_string():
    data = blocks_data([Paragraph([Text("plain"), Text("bold", bold=True)])])
    assert data[0][1] == ["plain", (0, "bold", True, False)]
    assert same(blocks_from_data(data), [Paragraph([Text("plain"), Text("bold", bold=True)])])


def test_every_node_of_the_model_is_kept():
    from briefpack.document import model
    from briefpack.document.plain_data import NODES

    classes = {v for v in vars(model).values() if dataclasses.is_dataclass(v) and v.__module__ == model.__name__}
    assert classes - set(NODES) == {model.Meta, model.Document}


@pytest.mark.parametrize("data", [
    None, "x", [("x",)], [(99,)], [()],
    [(0, "text", False, False)],  # an inline where a block belongs
    [(7, [(7, [], "body", False)], "body", False)],  # a block where an inline belongs
    ["text"],  # a plain text where a block belongs
    [(9, [["x"], [("x",)]], False)],  # a tuple where a list item's text belongs
    [(7, [(0, ("x",), False, False)], "body", False)],  # a tuple where text belongs
    [(7, [(0, "x", 1, False)], "body", False)],  # a number where a boolean belongs
    [(7, [(0, "x", False)], "body", False)],  # a field missing
    [(4, ("ex-1", 2), ())],  # a citation of a number (not at block level either)
    [(6, 1, [(0, "x", False, False)], "anchor", True, "extra")],
    [(10, [], [], ["0.5"], "")],  # widths not numbers
])
def test_anything_else_is_refused(data):
    with pytest.raises(ValueError):
        blocks_from_data(data)
