"""Soft hyphens in table cells and column widths from the content."""

from __future__ import annotations

from briefpack.compose.blockxml import BlockReader
from briefpack.compose.table_text import LINE, SHY, content_widths, hyphenate, hyphenate_cells
from briefpack.document.model import Table, Text, plain_text
from briefpack.document.names import UniqueNames


def test_long_words_get_soft_hyphens_numbers_and_codes_none():
    text = hyphenate("Measure approaching 3,000,000 December 2023 https://example.org/departed KZ-2016")
    assert "Mea" + SHY + "sure" in text
    assert "ap" + SHY + "proach" + SHY + "ing" in text
    for whole in ("3,000,000", "December\u00a02023", "https://example.org/departed", "KZ-2016"):
        assert whole in text
    assert text.replace(SHY, "").replace("\u00a0", " ") == (
        "Measure approaching 3,000,000 December 2023 https://example.org/departed KZ-2016")
    assert hyphenate("short") == "short"


def test_a_date_is_never_hyphenated_and_holds_together():
    text = hyphenate("Arrests reported in December 2023, deaths on June 28, 2016 and 30 September 2015")
    for date in ("December 2023", "June 28, 2016", "30 September 2015"):
        assert date.replace(" ", "\u00a0") in text  # non-breaking: the line may not break inside it
    assert "Ar" + SHY + "rests" in text or SHY in text.split()[0]  # other words still break
    table = Table(header=[[Text("Place")], [Text("As of")], [Text("Note and source")]],
                  rows=[[[Text("Kyrgyzstan")], [Text("December 2023")], [Text("A long note on the arrests. " * 6)]]])
    hyphenate_cells(table)
    assert plain_text(table.rows[0][1]) == "December\u00a02023"
    place, as_of, note = content_widths(table)
    # the date column has room for the whole date: about as many average characters as it holds
    assert as_of * LINE >= len("December 2023")


def test_widths_follow_the_content_the_longest_text_takes_the_rest():
    long_note = "A long note that explains where the estimate comes from and what it counts. " * 3
    table = Table(header=[[Text("Place")], [Text("As of")], [Text("Note and source")]],
                  rows=[[[Text("Afghanistan")], [Text("2016")], [Text(long_note)]],
                        [[Text("Kazakhstan")], [Text("3,000,000")], [Text("Short.")]]])
    place, as_of, note = content_widths(table)
    assert abs(place + as_of + note - 1) < 1e-9
    assert note > 0.5 and note > place > as_of * 0.9  # the note takes what the short columns leave
    # each short column has room for its longest unbreakable token: "3,000,000" is never cut
    assert as_of / place >= len("3,000,000") / (len("Afghanistan") + 4)


def test_a_table_without_widths_is_read_with_hyphens_and_widths_from_its_content(tmp_path):
    xml = ("<table><tr><th>Place</th><th>Measure</th><th>Note and source</th></tr>"
           "<tr><td>Afghanistan</td><td>Fighters</td><td>"
           + "Citizens departed for the conflict zone in Syria and Iraq. " * 4
           + "</td></tr></table><table widths=\"1 1\"><tr><td>a</td><td>b</td></tr></table>")
    path = tmp_path / "t.xml.j2"
    path.write_text(xml, encoding="utf-8")
    first, second = BlockReader(path, "sec", UniqueNames()).read(xml)
    assert SHY in "".join(n.text for n in first.header[1])
    assert plain_text(first.header[1]) == "Measure"  # a reader sees no soft hyphen
    assert first.rows[0][0][0].text == "Afghanistan"  # a row's label, in the first column, stays whole
    assert first.widths[2] > 0.55
    assert second.widths == [0.5, 0.5]  # a template's own widths are kept
