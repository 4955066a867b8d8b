"""Property: whatever an excerpt or a query holds, briefpack answers with a result or a
clear error (exit 0, 1 or 3, or 2 for a query that is not one), never an internal
error or a traceback.

Hypothesis writes excerpts (quotes, summaries, tags, dates, figures) and queries
from any text, from pieces of the library's own vocabulary and sources, and
from the characters that have broken parsers before (controls, escapes, YAML
and template syntax, other scripts' digits). The budget of examples is fixed
and the run derandomised, so the suite takes the same few seconds every time.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpus_builder import EXCERPTS, SOURCES, Corpus  # noqa: E402

TRICKY = ["\0", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\U0001f600",
          "…", "...", "[…]", "“", "—", "{{", "}}", "{%", "<p>", "&amp;", "]]>", "\\", "'", '"', ":", "- ",
          "#", "&a", "*a", "!!python/object", "٢٠٢٤", "२०२४", "1e999", "nan", "-0", "\t", "\n", "\r\n", " "]
TAGS = ["country:KZ", "country:KG", "group:ISKP", "topic:outlook", "topic:recruitment", "country:kz",
        "country:", ":KZ", "country:KZ:x", "facet:value", "source:news-2024", "topic:*"]
PARAGRAPHS = [p for _, _, _, paragraphs in SOURCES.values() for p in paragraphs]


def pieces(*extra):
    return st.one_of(st.text(max_size=12), st.sampled_from(TRICKY + list(extra)))


def text_from(*extra, max_size=8):
    return st.lists(pieces(*extra), max_size=max_size).map("".join)


@st.composite
def quotes(draw):
    """A quote found in a source (perhaps reworded at the edges), or any text."""
    if draw(st.booleans()):
        paragraph = draw(st.sampled_from(PARAGRAPHS))
        start = draw(st.integers(0, len(paragraph) - 1))
        end = draw(st.integers(start + 1, len(paragraph)))
        return draw(text_from(max_size=2)) + paragraph[start:end] + draw(text_from(max_size=2))
    return draw(text_from("About 400 Kazakhs"))


scalars = st.one_of(text_from(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(),
                    st.booleans())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(text_from(max_size=2), inner, max_size=3)),
                      max_leaves=6)
figures = st.lists(st.fixed_dictionaries(
    {"measure": st.one_of(text_from(), st.just("foreign-fighters")),
     "value": st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), text_from("12", "1.5"))},
    optional={"as_of": text_from("2016", "2016-02-30"), "place": text_from("KZ"), "unit": text_from(),
              "qualifier": text_from("about"), "note": values}), max_size=2)
excerpts = st.fixed_dictionaries(
    {"id": st.one_of(st.just("fuzzed"), text_from("fuzzed")),
     "source": st.one_of(st.sampled_from(list(SOURCES)), text_from()),
     "quote": quotes(),
     "tags": st.one_of(st.lists(st.one_of(st.sampled_from(TAGS), text_from()), max_size=4), values),
     "date": st.one_of(st.sampled_from(["2024", "2024-06", "2024-02-30", "0000", "٢٠٢٤", "2024-6"]), text_from()),
     "credibility": st.one_of(st.integers(0, 7), text_from())},
    optional={"summary": text_from(), "note": text_from(), "figures": figures,
              "marking": st.one_of(st.sampled_from(["TLP:AMBER", "TLP:WHITE", "tlp:red"]), text_from())})
# Excerpts the library accepts, so that a build goes on to write them: what varies is the text
# around the quote (summary, note, figures) and the brief's own text, printable (or a
# control character's error would stop the build first).
PRINTABLE = [t for t in TRICKY if t.isprintable() or t in ("\t", "\n")]
printable = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
                               st.sampled_from(PRINTABLE)), max_size=8).map("".join)
SENTENCES = [s.strip() + "." for p in PARAGRAPHS for s in p.split(".") if s.strip()]
valid_excerpts = st.fixed_dictionaries(
    {"id": st.just("fuzzed"), "source": st.just("news-2024"),
     "quote": st.sampled_from([s for s in SENTENCES if any(s in p for p in SOURCES["news-2024"][3])]),
     "tags": st.lists(st.sampled_from(["country:KZ", "country:KG", "group:ISKP", "topic:outlook"]), min_size=1,
                      max_size=3, unique=True),
     "date": st.sampled_from(["2024", "2024-06", "2023-02-28", "1999"]),
     "credibility": st.integers(1, 6)},
    optional={"summary": printable, "note": printable,
              "figures": st.lists(st.fixed_dictionaries(
                  {"measure": st.just("foreign-fighters"),
                   "value": st.one_of(st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False))},
                  optional={"qualifier": printable, "place": st.sampled_from(["KZ", "KG"]), "unit": printable,
                            "estimator": printable, "as_of": st.sampled_from(["2016", "2016-05"])}), max_size=2)})
WORDS = ["and", "or", "not", "(", ")", "date", ">=", "<", "=", "!=", "credibility", "reliability", "2020",
         "2024-06", "B", "2", '"', "*", "source:gov-2016", *TAGS]
queries = st.lists(st.one_of(st.sampled_from(WORDS), text_from(max_size=2)), min_size=1, max_size=8).map(" ".join)


def dump(items) -> str:
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    Corpus(root)
    return root


def assert_no_internal_error(result, codes=(0, 1)):
    assert result.exit_code in codes, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(excerpt=excerpts, query=queries)
def test_check_and_listings_never_fail_internally(run, workspace, excerpt, query):
    (workspace / "seeds" / "excerpts" / "fuzzed.yaml").write_text(dump([excerpt]), encoding="utf-8")
    assert_no_internal_error(run("check", "--root", workspace))
    assert_no_internal_error(run("excerpts", query, "--root", workspace), codes=(0, 1, 2))
    assert_no_internal_error(run("excerpts", query, "--json", "--root", workspace), codes=(0, 1, 2))


@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(excerpt=st.one_of(valid_excerpts, valid_excerpts, excerpts), judgment=st.one_of(printable, text_from()),
       select=st.one_of(st.sampled_from(["country:KZ", "group:*", "date >= 2020 or not topic:outlook"]), queries))
def test_builds_never_fail_internally(run, tmp_path_factory, workspace, excerpt, judgment, select):
    root = tmp_path_factory.mktemp("build") / "ws"
    shutil.copytree(workspace, root)
    items = [dict(e) for e in EXCERPTS] + [excerpt]
    (root / "seeds" / "excerpts" / "main.yaml").write_text(dump(items), encoding="utf-8")
    brief = {"title": "Fuzz", "marking": "TLP:CLEAR", "as_of": "2024-06-30", "formats": ["docx", "pdf"],
             "subtitle": judgment, "key_judgments": [f"{judgment} [@{excerpt['id']}]", f"{judgment}."],
             "sections": [{"type": "excerpts", "select": select},
                          {"type": "country_profile", "country": "KZ"}]}
    (root / "briefs" / "fuzz.yaml").write_text(dump(brief), encoding="utf-8")
    for args in [("--jobs", "1"), ("--jobs", "1", "--keep-going")]:
        result = run("build", "briefs/fuzz.yaml", "--root", root, "--quiet", *args)
        assert_no_internal_error(result, codes=(0, 1, 3))
