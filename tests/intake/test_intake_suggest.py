"""Suggested tags and measures: a country only from a word that names it, a measure from any
form of its vocabulary's words."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefpack.intake.starter as starter
from briefpack.intake.suggest import TermFinder, suggest
from briefpack.library.vocabulary import load_vocabulary

VOCABULARY = Path(starter.__file__).parent / "starter" / "vocabulary.yaml"


@pytest.fixture(scope="module")
def finder_and_vocabulary():
    vocabulary, problems = load_vocabulary(VOCABULARY, "vocabulary.yaml")
    assert not [p for p in problems if p.severity == "error"]
    return TermFinder(vocabulary), vocabulary


@pytest.mark.parametrize("text, tags", [
    ("AT&T said its network in the region was not affected.", []),
    ("IS fighters crossed IN the night, TO the south.", []),
    ("Austria (AT) and Tajikistan (TJ) signed the agreement.", ["country:AT", "country:TJ"]),
    ("Kazakhstan and the US agreed to share data.", ["country:KZ", "country:US"]),
])
def test_country_tags_only_from_words_that_name_a_country(finder_and_vocabulary, text, tags):
    finder, _ = finder_and_vocabulary
    assert [t for t in finder.tags_in(text) if t.startswith("country:")] == tags


@pytest.mark.parametrize("text, measure", [
    ("The attack on the concert hall near Moscow, killing 145 people, was claimed by ISKP.", "deaths"),
    ("The blast killed 12 people in Kabul.", "deaths"),
    ("At least 60 people were wounded in the blast.", "casualties"),
    ("Police arrested 27 people after the raid.", "arrests"),
])
def test_a_figure_takes_its_measure_from_any_form_of_the_vocabulary_word(finder_and_vocabulary, text, measure):
    finder, vocabulary = finder_and_vocabulary
    hint = suggest(text, text, finder, vocabulary, None)
    assert [f.measure for f in hint.figures] == [measure]


def test_a_word_that_only_begins_like_a_measure_is_none(finder_and_vocabulary):
    finder, _ = finder_and_vocabulary
    assert not [t for t in finder.tags_in("A killjoy of a deadline for the woundwort survey.") if t.startswith("measure:")]


@pytest.mark.parametrize("text, tags, context", [
    ("Since the US withdrawal in 2021, ISKP has expanded its camps in Afghanistan.", ["country:AF"], ["country:US"]),
    ("US forces rated IMU fighters above the Taliban in Afghanistan.", ["country:AF"], ["country:US"]),
    ("IMU operatives plotted attacks in the US in 2012.", ["country:US"], []),
    ("Tajikistan's Supreme Court banned the party.", ["country:TJ"], []),
])
def test_a_country_named_only_in_passing_is_context_not_a_tag(finder_and_vocabulary, text, tags, context):
    finder, vocabulary = finder_and_vocabulary
    hint = suggest(text, text, finder, vocabulary, None)
    assert [t for t in hint.tags if t.startswith("country:")] == tags
    assert [t for t in hint.context_tags if t.startswith("country:")] == context
