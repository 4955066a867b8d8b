"""The source annex in the Unicode Collation Algorithm's order, leading quotation marks and
articles ignored as Chicago does."""

from __future__ import annotations

from briefpack.library.model import Source
from briefpack.notes import chicago


def source(sid: str, title: str, author=()) -> Source:
    return Source(id=sid, title=title, author=list(author), reliability="F")


def test_titles_and_names_in_any_script_sort_as_a_reader_expects():
    entries = [
        source("korean", "중앙아시아 출신 노동자 모집"),
        source("zebra", "Zebra crossings in Almaty"),
        source("hotbed", "A \u2018Hotbed\u2019 or a Slow Burn? Radicalization in Central Asia"),
        source("elan", "\u00c9lan and its limits"),
        source("quoted", "\u201cEvery raid is a recruitment poster\u201d"),
        source("zola", "Notes", author=["\u00c9mile Zola"]),
        source("russian", "\u0417\u0430\u0434\u0435\u0440\u0436\u0430\u043d\u0438\u044f \u0432 \u0414\u0443\u0448\u0430\u043d\u0431\u0435"),
        source("the-caliphate", "The Caliphate"),
    ]
    ordered = [s.id for s in sorted(entries, key=chicago.sort_key)]
    assert ordered == ["the-caliphate", "elan", "quoted", "hotbed", "zebra", "zola", "russian", "korean"]
