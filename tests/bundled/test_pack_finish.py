"""What a reader of the bundled packs counts, in both formats: a bottom line no surer than
the judgments it sums up, an absence of reporting read one way, places that are places,
dates said once, no empty overview, list items joined without ".;"."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import docx
import pytest

from briefpack.conventions.dates import MONTHS
from briefpack.conventions.estimative import find_terms
from briefpack.conventions.places import only_in_passing

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ["central-asia"] + [f"country-handout-{c}" for c in ("kz", "kg", "tj", "tm", "uz")]
FORMATS = ("docx", "pdf")


@lru_cache(maxsize=None)
def paragraphs(path: Path) -> tuple[tuple[str, str], ...]:
    """(style, text) of every paragraph of a DOCX, its tables' cells after."""
    document = docx.Document(str(path))
    out = [(p.style.name, " ".join(p.text.split())) for p in document.paragraphs]
    out += [("cell", " ".join(c.text.split())) for t in document.tables for row in t.rows for c in row.cells]
    return tuple((style, text) for style, text in out if text)


@lru_cache(maxsize=None)
def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(re.sub(r"(?<=[^\W\d_])-\n(?=[a-z])", "", text).split())  # words hyphenated at a line's end


def text_of(bundled, name: str, form: str) -> str:
    path = bundled / f"{name}.{form}"
    return " \u2022 ".join(t for _, t in paragraphs(path)) if form == "docx" else pdf_text(path)  # items apart


@pytest.fixture(scope="module")
def library():
    from briefpack.library.load import load_library

    library, problems = load_library(ROOT)
    assert not [p for p in problems if p.severity == "error"]
    return library


@pytest.fixture(scope="module")
def summaries(library):
    """{document: [(bullet index, the likelihood of the judgment it sums up or "")]}, from the briefs."""
    from briefpack.briefs.read import load_brief
    from briefpack.compose.analyst_lint import analyst_texts
    from briefpack.compose.expand import expand_brief
    from briefpack.compose.judgment_check import cited, summarised
    from briefpack.compose.sourcing import profile_of

    out = {}
    for name in ("central-asia.yaml", "country-handout.yaml"):
        for brief in expand_brief(load_brief(ROOT / "briefs" / name), library):
            texts = list(analyst_texts(brief))
            judged = [(key, brief.assessments.get(key), profile_of(cited(text), library))
                      for key, text, is_judgment in texts if is_judgment]
            bullets = [(key, text) for key, text, _ in texts if key.startswith("bottom_line.")]
            found = [summarised(key, text, judged) for key, text in bullets]
            out[brief.name] = [f[1].likelihood if f else "" for f in found]
    return out


def bottom_line(bundled, name: str, form: str) -> list[str]:
    """The bottom line's bullets as printed."""
    if form == "docx":
        items, inside = [], False
        for style, text in paragraphs(bundled / f"{name}.docx"):
            if style.startswith("Heading"):
                if inside:
                    break
                inside = text == "Bottom Line"
            elif inside:
                items.append(text)
        return items
    text = pdf_text(bundled / f"{name}.pdf")
    start = text.index("Bottom Line", text.index("Key Judgments") + 1)  # past the contents
    return [b.strip() for b in text[start:text.index("Key Judgments", start)].split("\u2022")[1:]]


@pytest.mark.parametrize("form", FORMATS)
def test_each_bottom_line_bullet_carries_the_likelihood_of_its_judgment(bundled, summaries, form):
    summing_up = 0
    for name in DOCUMENTS:
        printed, wanted = bottom_line(bundled, name, form), summaries[name]
        assert len(printed) == len(wanted), name
        for text, likelihood in zip(printed, wanted):
            if likelihood:
                summing_up += 1
                assert likelihood in [t.term for t in find_terms(text)], (name, text)
    assert summing_up >= 10


_GAP = re.compile(r"\bno reporting\b|\breports? no\b|\bno source covers\b|\btoo little reporting\b|"
                  r"\blittle reporting\b|\bno attack (?:or plot )?(?:\w+ ){0,4}(?:is )?(?:on record|reported)\b",
                  re.I)
_SENTENCE = re.compile(r"(?<=[.;:!?])[\d\s]+(?=[A-Z\u2022])|\u2022")


@pytest.mark.parametrize("form", FORMATS)
def test_an_absence_of_reporting_is_never_read_as_evidence(bundled, form):
    gaps = 0
    for name in DOCUMENTS:
        sentences = [s for s in _SENTENCE.split(text_of(bundled, name, form)) if _GAP.search(s)]
        gaps += len(sentences)
        assert not [s for s in sentences if find_terms(s)], name  # no likelihood drawn from a gap
        if sentences and name != "central-asia":
            assert "no evidence" in text_of(bundled, name, form), name  # said to be a gap, not a finding
    assert gaps >= 4


_PLACES = re.compile(r"These excerpts place the group in ([^.]+)\.")


@pytest.mark.parametrize("form", FORMATS)
def test_a_groups_places_are_where_its_excerpts_put_it(bundled, library, form):
    terms = library.vocabulary.facets["country"].values
    by_label = {t.label: (code, [code, t.label, *t.aliases]) for code, t in terms.items()}
    lists = _PLACES.findall(text_of(bundled, "central-asia", form))
    assert len(lists) >= 2
    for found in lists:
        labels = re.split(r", | and ", found)
        assert "United States" not in labels  # "the US withdrawal" is no place of the group's
        for label in labels:
            code, names = by_label[label]
            assert any(not only_in_passing(e.summary or e.quote, names) for e in library.excerpts.values()
                       if f"country:{code}" in e.tags and "topic:areas-of-operation" in e.tags), label


_MONTH = "|".join(MONTHS)
_DATED_LEAD = re.compile(rf"(?:^|[•;]\s*|\d\s)(?:\u2020\s)?((?:{_MONTH})(?: \d{{1,2}},)? \d{{4}}|\d{{4}}): "
                         rf"[^:;]{{0,80}}? (?:wrote|stated|reported),? in (?:((?:{_MONTH}) )?(\d{{4}}))")


@pytest.mark.parametrize("form", FORMATS)
def test_a_list_item_gives_its_date_once(bundled, form):
    dated = twice = 0
    for name in DOCUMENTS:
        for match in _DATED_LEAD.finditer(text_of(bundled, name, form)):
            dated += 1
            shown, month, year = match.groups()
            said = f"{month} {year}" if month else year
            if shown.endswith(year) and (shown.startswith(said.split()[0]) or not month and shown == year):
                twice += 1  # "March 26, 2024: ... wrote in March 2024"
    assert twice == 0
    assert dated >= 4  # an item dated by an event of another time keeps its date


@pytest.mark.parametrize("form", FORMATS)
def test_no_overview_holds_only_a_count(bundled, form):
    for name in DOCUMENTS:
        text = text_of(bundled, name, form)
        assert "This profile draws on" not in text, name
        if form == "docx":
            items = paragraphs(bundled / f"{name}.docx")
            for (style, text), (after, _) in zip(items, items[1:]):
                if style.startswith("Heading") and text == "Overview":
                    assert not after.startswith("Heading"), name


@pytest.mark.parametrize("form", FORMATS)
def test_items_joined_by_semicolons_keep_their_punctuation_sound(bundled, form):
    for name in DOCUMENTS:
        text = text_of(bundled, name, form)
        assert not re.search(r"\.\d*;|;;", text), name
        assert not re.search(r";\d*\s+An unattributed paper", text), name
