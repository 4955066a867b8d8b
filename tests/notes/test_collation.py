"""The annex's collation reads only the table entries its strings need, and orders as the whole table does."""

import random

import pytest
from pyuca import Collator

from briefpack.notes import collation

SAMPLES = ["Ångström, Über", "Қазақстан Россия Тоҷикистон", "Oʻzbekiston gʻalaba", "العربية فارسی پښتو",
           "हिन्दी മലയാളം", "ﬁne Æsop œuvre", "中文 日本語 한국어", "a\u0301b\u0327c\u0308\u0301",
           "Lj lj Ǉ ǈ", "Ŀl l·l", "ḍ ẛ̣", "ตัวอย่าง ລາວ", "“Hotbed” — ‘slow’ burn", "L·l l·l"]


@pytest.fixture(scope="module")
def whole_table():
    return Collator()


def test_keys_equal_the_whole_tables(whole_table):
    collator = collation.collator_for(*SAMPLES)
    assert [collator.sort_key(s) for s in SAMPLES] == [whole_table.sort_key(s) for s in SAMPLES]
    rnd = random.Random(5)
    pool = "".join(SAMPLES)
    for _ in range(500):  # strings of the same characters in any order: contractions and combining marks
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 6)))
        assert collation.sort_key(text) == whole_table.sort_key(text), text


def test_new_characters_load_their_entries(whole_table):
    collation.collator_for("plain Latin")
    assert collation.sort_key("Ꭰ Ꮳ ꭰ") == whole_table.sort_key("Ꭰ Ꮳ ꭰ")  # Cherokee, asked about later


def test_the_table_holds_only_what_was_asked(monkeypatch):
    monkeypatch.setattr(collation, "_loaded", {"characters": frozenset(), "collator": None})
    entries = collation.collator_for("abc").table.root.children
    assert ord("a") in entries and ord("ж") not in entries
    assert ord("ж") in collation.collator_for("жук").table.root.children


def test_keys_kept_by_an_earlier_build_spare_reading_the_table(monkeypatch, whole_table):
    monkeypatch.setattr(collation, "_loaded", {"characters": frozenset(), "collator": None})
    monkeypatch.setattr(collation, "_known", {})
    monkeypatch.setattr(collation, "_given", {})
    collation.remember({"Қазақстан": tuple(whole_table.sort_key("Қазақстан")), 5: (1,), "bad": ("x",), "also": [1]})
    assert collation._known.keys() == {"Қазақстан"}
    assert collation.sort_keys(["Қазақстан"]) == [whole_table.sort_key("Қазақстан")]
    assert collation._loaded["collator"] is None  # nothing read
    assert collation.sort_keys(["Қазақстан", "Ångström"]) == [whole_table.sort_key(s) for s in ("Қазақстан", "Ångström")]
    assert collation.given().keys() == {"Қазақстан", "Ångström"}
