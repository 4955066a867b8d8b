"""A country named as a place, a subject or a possessor, and one named only in passing."""

from __future__ import annotations

import pytest

from briefpack.conventions.places import names_as_place, only_in_passing

US = ["US", "United States", "USA", "U.S."]


@pytest.mark.parametrize("text", [
    "Since the US withdrawal in 2021, ISKP has expanded its training camps.",
    "The actions of the US-led coalition forced the militants onto the defensive.",
    "While the US forces viewed IMU militants as better trained than the Taliban.",
    "Iraqi forces with US air support moved on Mosul.",
])
def test_a_name_that_qualifies_a_noun_is_in_passing(text):
    assert only_in_passing(text, US)
    assert not names_as_place(text, US)


@pytest.mark.parametrize("text", [
    "IMU operatives attempted attacks in the EU in 2010 and in 2012 in the US.",
    "Militants were active from the USA, through Afghanistan, to Turkey.",
    "Plots in Germany and the United States were thwarted.",
    "The United States and Russia agreed to share data.",
])
def test_a_place_or_a_subject_is_not_in_passing(text):
    assert not only_in_passing(text, US)
    assert names_as_place(text, US)


def test_a_text_that_does_not_name_the_country_is_neither():
    assert not only_in_passing("ISKP recruits in Russia.", US)
    assert not names_as_place("ISKP recruits in Russia.", US)
    assert names_as_place("Tajikistan's Kulyab region", ["Tajikistan"])
