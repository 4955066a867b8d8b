import pytest

from briefpack.library.matching import SourceText, normalise


def find_quote(paragraphs: list[str], quote: str, non_body=()) -> int | None:
    """The number of the paragraph holding the quote, or None."""
    return SourceText(paragraphs, non_body).locate(quote)[0]


def closest_passage(paragraphs: list[str], quote: str) -> str:
    return SourceText(paragraphs).closest(quote)[1]

PARAS = [
    "Subscribe to our newsletter",
    "ISKP is ramping up its media outreach in Central Asia. It has published\n"
    "material in Tajik, Uzbek and Kyrgyz.",
    "The group\u2019s \u201cVoice of Khorasan\u201d magazine \u2014 widely shared \u2014 appeared in 2022.",
    "Officials said\u00a0500 fighters left \u2013 perhaps more \u2212 by 2016.",
]


@pytest.mark.parametrize(
    "quote, para",
    [
        ("ISKP is ramping up its media outreach in Central Asia.", 2),
        ("It has published material in Tajik", 2),  # a line break in the source
        ("It   has\tpublished\n  material", 2),  # white space in the quote
        ("  ISKP is ramping up ", 2),  # leading and trailing white space
        ('The group\'s "Voice of Khorasan" magazine', 3),  # straight for curly quotes
        ("magazine - widely shared - appeared", 3),  # hyphen for em dash
        ("magazine \u2013 widely shared \u2015 appeared", 3),  # other dashes
        ("Officials said 500 fighters", 4),  # a plain space for a no-break space
        ("left - perhaps more - by 2016", 4),  # en dash and minus sign
        ("ISKP ... in Central Asia.", 2),  # an omission
        ("ISKP \u2026 Central Asia. It has \u2026 Kyrgyz.", 2),  # two omissions, the ellipsis character
        ("ISKP [...] Central Asia.", 2),  # an omission in brackets
        ("...is ramping up its media outreach", 2),  # a leading omission
        ("Subscribe", 1),
    ],
)
def test_forgiven(quote, para):
    assert find_quote(PARAS, quote) == para


@pytest.mark.parametrize(
    "quote",
    [
        "iskp is ramping up its media outreach",  # case is not forgiven
        "ISKP is ramping up its press outreach",  # a changed word
        "ISKP was ramping up",
        "Kyrgyz. The group",  # across a paragraph break
        "Central Asia ... Voice of Khorasan",  # omission parts in two paragraphs
        "in Central Asia ... ISKP is",  # omission parts out of order
        "ISKPis ramping",  # a missing space is not white space
        "ISKP is ramping up its media outreach in Central Asia!",  # punctuation
        "Officials said 5OO fighters",  # no fuzzy match
        "\u2026",  # nothing but an omission
        "",
    ],
)
def test_not_forgiven(quote):
    assert find_quote(PARAS, quote) is None


@pytest.mark.parametrize(
    "quote, para",
    [
        ("likely to happen this year.", None),  # inside "unlikely": reverses the meaning
        ("An attack is un", None),  # ends inside a word
        ("x", None),  # inside "next"
        ("An attack ... likely to happen", None),  # a part after an omission inside a word
        ("attack ... happen this ye", None),  # a part ending inside a word
        ("unlikely to happen this year.", 1),
        ("An attack ... unlikely", 1),
        ("year.", 1),  # punctuation at the end
        (". Next", 2),  # punctuation at the start
        ("next", 2),  # the second "next" stands alone
        ("2024", None),  # inside "2024x"
        ("co-operate", 2),
        ("operate", 2),  # after a hyphen: a word boundary
    ],
)
def test_quotes_start_and_end_on_word_boundaries(quote, para):
    paras = ["An attack is unlikely to happen this year.", "Annex 2024x. Next, co-operate next."]
    assert find_quote(paras, quote) == para


@pytest.mark.parametrize(
    "quote, reason, closest_helps",
    [
        ("likely to happen", "it begins or ends inside a word of the source", True),
        ("this year. Annex", "it runs across paragraphs 1 and 2 (a quote must lie within one paragraph)",
         False),
        ("attack ... Annex 2024x. Next", "it runs across paragraphs 1 and 2 (a quote must lie within one "
                                         "paragraph)", False),
        ("year. Annex 2024x. Next, co-operate next. Third", "it runs across paragraphs 1 to 3 (a quote "
                                                           "must lie within one paragraph)", False),
        ("a different text", None, True),
    ],
)
def test_why_a_quote_is_not_found(quote, reason, closest_helps):
    text = SourceText(["An attack is unlikely to happen this year.", "Annex 2024x. Next, co-operate next.",
                       "Third one."])
    assert text.locate(quote) == (None, False)
    assert text.why_not_found(quote) == (reason, closest_helps)


def test_omission_parts_may_not_overlap():
    assert find_quote(["abc"], "abc ... c") is None
    assert find_quote(["abc c"], "abc ... c") == 1


def test_body_paragraph_preferred_over_non_body():
    paras = ["Read more: ISKP threat", "Body text. ISKP threat grows."]
    text = SourceText(paras, non_body={1})
    assert text.locate("ISKP threat") == (2, True)
    assert text.locate("Read more") == (1, False)
    assert find_quote(paras, "ISKP threat") == 1
    assert find_quote(paras, "ISKP threat", non_body={1}) == 2


def test_first_paragraph_wins():
    assert find_quote(["x", "same words", "same words"], "same words") == 2


def test_normalise():
    assert normalise("\u201cA\u201d\u00a0\u2014 \u2018b\u2019\n c") == '"A" - \'b\' c'


def test_closest_passage_points_at_the_likely_sentence():
    passage = closest_passage(PARAS, "ISKP is ramping up its press outreach in Central Asia.")
    assert passage.startswith("ISKP is ramping up its media outreach in Central Asia.")
    number, _, score = SourceText(PARAS).closest("ISKP is ramping up its press outreach")
    assert number == 2 and 80 < score < 100
