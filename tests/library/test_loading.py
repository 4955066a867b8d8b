"""Loading sources, the vocabulary and excerpts: the file formats of docs/formats.md."""

from pathlib import Path

import pytest
from workspace_builder import EXCERPT, make_workspace

from briefpack.library.model import Figure
from briefpack.library.load import (
    date_problem,
    load_library,
    parse_source,
    split_front_matter,
    split_paragraphs,
)
from briefpack.library.vocabulary import load_vocabulary


def source_from(text: str, name: str = "s1"):
    path = Path(f"seeds/sources/{name}.txt")
    return parse_source(path, path.as_posix(), text.encode("utf-8"))


FRONT = "---\nid: s1\ntitle: T\nlanguage: en\nreliability: C\n"


def test_paragraphs_are_separated_by_blank_lines():
    body = "One\nstill one\n\nTwo\n \t \nThree\n\u00a0\n\n\nFour\n"
    assert split_paragraphs(body) == ["One\nstill one", "Two", "Three", "Four"]


def test_paragraph_text_is_kept_as_captured():
    assert split_paragraphs("\n\n  Indented   text \n\n") == ["  Indented   text "]


def test_front_matter_split():
    front, body, line = split_front_matter("---\nid: a\n---\nBody\n")
    assert (front, body, line) == ("id: a\n", "Body\n", 4)
    assert split_front_matter("No front matter") is None
    assert split_front_matter("---\nid: a\n") is None


def test_source_fields():
    source, problems = source_from(
        FRONT + "author: [Ann Smith, Bob Jones]\npublisher: Outlet\npublished: 2024-06\n"
        "accessed: 2024-07-01\nurl: https://example.org/a\nmarking: TLP:GREEN\n"
        "non_body: [1]\nnotes: fine\n---\nMenu\n\nBody one.\n\nBody two.\n"
    )
    assert problems == []
    assert source.id == "s1" and source.title == "T" and source.reliability == "C"
    assert source.author == ["Ann Smith", "Bob Jones"]
    assert source.published == "2024-06" and source.accessed == "2024-07-01"
    assert source.marking == "TLP:GREEN" and source.non_body == {1}
    assert source.paragraphs == ["Menu", "Body one.", "Body two."]
    assert source.line == 2


def test_source_single_author_crlf_and_bom():
    text = "\ufeff" + (FRONT + "author: Ann Smith\n---\nOne\n\nTwo\n").replace("\n", "\r\n")
    source, problems = source_from(text)
    assert problems == []
    assert source.author == ["Ann Smith"]
    assert source.paragraphs == ["One", "Two"]


def test_scalars_are_read_as_written():
    source, problems = source_from(
        "---\nid: s1\ntitle: 1984\nlanguage: no\nreliability: B\npublished: 2024-06-27\n---\nText\n"
    )
    assert problems == []
    assert source.title == "1984" and source.language == "no" and source.published == "2024-06-27"


def test_unclosed_front_matter():
    source, problems = source_from("---\nid: s1\nText\n")
    assert source is None
    assert [str(p) for p in problems] == [
        "seeds/sources/s1.txt:1: front matter is not closed: no second '---' line"
    ]


def test_front_matter_yaml_error_has_the_file_line():
    _, problems = source_from("---\nid: s1\ntitle: [oops\n---\nText\n")
    assert len(problems) == 1 and problems[0].line == 3
    assert problems[0].message.startswith("a list or mapping written on one line ([...] or {...}) is not closed")


@pytest.mark.parametrize("text", ["2024", "2024-02", "2024-02-29", "2000-02-29", "1999-12-31"])
def test_valid_dates(text):
    assert date_problem(text) is None


@pytest.mark.parametrize(
    "text", ["24", "2024-2", "2024-00", "2024-13", "2023-02-29", "1900-02-29", "2024-04-31",
             "2024-06-27T10:00", "June 2024", "2024/06", ""]
)  # fmt: skip
def test_invalid_dates(text):
    assert date_problem(text) is not None


@pytest.mark.parametrize(
    "text, problem",
    [
        ("2024-02-30", "February 2024 has no day 30"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("2024-04-00", "April 2024 has no day 0"),
        ("2024-13", "there is no month 13"),
        ("2024-00-10", "there is no month 0"),
        ("0000", "there is no year 0"),
        ("2024-6", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-02-29", None),
    ],
)
def test_date_problem_says_what_does_not_exist(text, problem):
    assert date_problem(text) == problem


def test_vocabulary_forms(tmp_path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(
        "facets:\n  group:\n    label: Armed group\n    values:\n"
        "      ISKP: {label: IS Khorasan, aliases: [ISIS-K]}\n      IMU: Islamic Movement\n"
        "      AQ:\n",
        encoding="utf-8",
    )
    vocabulary, problems = load_vocabulary(path, "v.yaml")
    assert problems == []
    group = vocabulary.facets["group"]
    assert group.label == "Armed group"
    assert group.values["ISKP"].aliases == ["ISIS-K"]
    assert group.values["IMU"].label == "Islamic Movement"
    assert group.values["AQ"].label == "AQ"
    assert vocabulary.label("group", "ISKP") == "IS Khorasan"


@pytest.mark.parametrize(
    "text, message",
    [
        ("facets:\n  source:\n    values: {a: A}\n", "2: facet name 'source' is reserved for queries"),
        ("facets:\n  g:\n    values:\n      A: {aliases: [X]}\n      B: {aliases: [X]}\n",
         "5: 'X' names both g:A and g:B"),
        ("facets:\n  g:\n    values:\n      'a b': A\n", "4: bad value 'a b' in facet 'g': no spaces, ':' or parentheses"),
        ("facets: [a, b]\n", "1: 'facets' must be a mapping"),
        ("{}\n", "1: missing required field 'facets'"),
    ],
)
def test_vocabulary_errors(tmp_path, text, message):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_vocabulary(path, "v.yaml")
    assert [str(p) for p in problems] == [f"v.yaml:{message}"]


def test_load_library_reads_everything(tmp_path):
    ws = make_workspace(tmp_path)
    ws.excerpts(EXCERPT + """\
  summary: ISKP steps up propaganda.
  note: Check the original.
  figures:
    - measure: foreign-fighters
      value: 500
      qualifier: more than
      place: KG
      as_of: "2016"
      estimator: Kyrgyzstan's interior ministry
    - measure: share
      value: 0.25
      unit: fraction
""")
    library, problems = load_library(tmp_path)
    assert problems == []
    assert list(library.sources) == ["webber-2024"]
    excerpt = library.excerpts["webber-media"]
    assert excerpt.source == "webber-2024"
    assert excerpt.quote == "ISKP is ramping up its media outreach in Central Asia."
    assert excerpt.tags == ["country:TJ", "group:ISKP", "topic:propaganda"]
    assert (excerpt.date, excerpt.credibility) == ("2024-06", 2)
    assert excerpt.summary == "ISKP steps up propaganda." and excerpt.note == "Check the original."
    assert excerpt.figures == [
        Figure("foreign-fighters", 500, "more than", "KG", "2016", "Kyrgyzstan's interior ministry"),
        Figure("share", 0.25, unit="fraction"),
    ]
    assert excerpt.marking == "TLP:CLEAR"
    assert excerpt.locator is None  # computed by the check
    assert excerpt.path == tmp_path / "seeds/excerpts/excerpts.yaml" and excerpt.line == 1
    assert "group" in library.vocabulary.facets


def test_marking_defaults_to_the_source(tmp_path):
    ws = make_workspace(tmp_path)
    ws.source(marking="TLP:AMBER")
    ws.excerpts(EXCERPT + EXCERPT.replace("webber-media", "second") + "  marking: TLP:GREEN\n")
    library, problems = load_library(tmp_path)
    assert problems == []
    assert library.excerpts["webber-media"].marking == "TLP:AMBER"
    assert library.excerpts["second"].marking == "TLP:GREEN"


def test_load_library_is_tolerant(tmp_path):
    ws = make_workspace(tmp_path)
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 9") + "- id: [broken\n",
                name="a.yaml")  # fmt: skip
    ws.excerpts(EXCERPT.replace("webber-media", "other").replace("ISKP is", "Nobody is"), name="b.yaml")
    library, problems = load_library(tmp_path)
    assert [str(p) for p in problems] == [
        "seeds/excerpts/a.yaml:7: a list or mapping written on one line ([...] or {...}) is not closed, "
        "or an item holds ',', ']' or '}': put that item in double quotes"
    ]
    # a.yaml cannot be read at all; b.yaml's misquote is for the check to find
    assert list(library.excerpts) == ["other", "webber-media"]
