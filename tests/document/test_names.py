"""Names given out once each (anchors, bookmarks): numbering, and its cost."""

from __future__ import annotations

import time

from briefpack.document.names import UniqueNames


def test_a_repeated_name_gets_the_next_free_number():
    names = UniqueNames()
    given = [names.give(n) for n in ("intro", "intro", "intro-3", "intro", "intro", "other")]
    # "intro-3" was asked for in its own right before the third "intro": that one is "intro-4"
    assert given == ["intro", "intro-2", "intro-3", "intro-4", "intro-5", "other"]


def test_names_folded_alike_are_the_same_name():
    names = UniqueNames(lambda base, n: f"{base}_{n}", str.lower)
    assert [names.give(n) for n in ("Intro", "intro", "INTRO")] == ["Intro", "intro_2", "INTRO_3"]


def test_twenty_thousand_identical_names_cost_what_different_ones_do():
    names = UniqueNames()
    started = time.perf_counter()
    given = [names.give("sec-1-same") for _ in range(20_000)]
    assert time.perf_counter() - started < 2  # counted from the start each time, this took minutes
    assert len(set(given)) == 20_000 and given[-1] == "sec-1-same-20000"
