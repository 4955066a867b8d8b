"""The introduction says what the document holds, counted from the document."""

from __future__ import annotations

from briefpack.briefs.model import Section
from briefpack.document.model import Paragraph, plain_text
from model_builder import compose, make_brief


def test_the_introduction_counts_sources_quotations_and_paraphrases():
    brief = make_brief(Section("excerpts", params={"select": "country:KZ and topic:foreign-fighters"}),
                       key_judgments=["Soufan counts more [@kz-ngo]."], intro="Scope [method].")
    document = compose(brief)
    texts = [plain_text(b.content) for b in document.blocks if isinstance(b, Paragraph)]
    # Two excerpts quoted in the section (two notes on quotations), one paraphrase in the judgment.
    assert ("This document cites 2 sources in 3 notes: 2 support quotations of the "
            "sources\u2019 own words, and 1 the desk\u2019s own paraphrases, figures and judgments.") in texts
    intro = texts.index("Scope.")
    assert texts[intro + 1].startswith("This document cites")


def test_no_description_without_an_introduction():
    document = compose(make_brief(Section("excerpts", params={"select": "country:KZ"})))
    assert not any(isinstance(b, Paragraph) and plain_text(b.content).startswith("This document cites")
                   for b in document.blocks)
