"""Chicago notes-bibliography forms of one source."""

from __future__ import annotations

import pytest

from briefpack.conventions import dates
from briefpack.notes import chicago, titles
from briefpack.library.model import Source
from briefpack.document.model import Link, Text, plain_text


def full_note(source: Source, locator=None, grade=None):
    """A note with one citation, in full, as the citation transform ends it."""
    return chicago.join_citations([chicago.full_citation(source, locator, grade)])


def short_note(source: Source, locator=None, grade=None):
    return chicago.join_citations([chicago.short_citation(source, locator, grade)])


def webber(**changes) -> Source:
    fields = dict(
        id="webber",
        title="Perspectives: ISKP posing rising threat to Central Asia",
        author=["Lucas Webber"],
        publisher="Eurasianet",
        published="2024-06-27",
        reliability="B",
    )
    fields.update(changes)
    return Source(**fields)


def text(inlines) -> str:
    return plain_text(inlines)


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(
    "partial, expected",
    [
        ("2024-06-27", "June 27, 2024"),
        ("2024-06-07", "June 7, 2024"),
        ("2024-06", "June 2024"),
        ("2016", "2016"),
        ("2022-03-16", "March 16, 2022"),
    ],
)
def test_format_date(partial, expected):
    assert dates.format_date(partial) == expected


def test_format_date_accepts_a_date_object():
    import datetime

    assert dates.format_date(datetime.date(2024, 4, 9)) == "April 9, 2024"


@pytest.mark.parametrize("bad", ["24-06-27", "2024-13", "2024/06/27", "June 2024", ""])
def test_format_date_rejects_other_forms(bad):
    with pytest.raises(ValueError):
        dates.format_date(bad)


# ---------------------------------------------------------------- headline case
@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "ISIS and Central Asia: A Shifting Recruiting Strategy",
            "ISIS and Central Asia: A Shifting Recruiting Strategy",
        ),
        (
            "How The Islamic State Operates in Central Asia",
            "How the Islamic State Operates in Central Asia",
        ),
        (
            "Exporting Jihad – Islamic terrorism from Central Asia",
            "Exporting Jihad – Islamic Terrorism from Central Asia",
        ),
        (
            "Perspectives: ISKP posing rising threat to Central Asia",
            "Perspectives: ISKP Posing Rising Threat to Central Asia",
        ),
        ("ISIS's Resurgence in Central Asia", "ISIS's Resurgence in Central Asia"),
    ],
)
def test_headline_case_bundled_titles(title, expected):
    assert titles.headline_case(title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        # first and last words capitalised even when minor
        ("the war we are in", "The War We Are In"),
        ("what it stands for", "What It Stands For"),
        # first word after a colon
        ("jihad: an overview", "Jihad: An Overview"),
        # prepositions of any length, articles, coordinating conjunctions
        ("fighters from syria and iraq through turkey", "Fighters from Syria and Iraq through Turkey"),
        ("a plan for the region or a threat", "A Plan for the Region or a Threat"),
        # acronyms, internal capitals kept
        ("US policy and the BISI report on al-Qaeda", "US Policy and the BISI Report on al-Qaeda"),
        # hyphenated compounds: each part, minor words inside lower case
        ("the rise of islamic state-khorasan", "The Rise of Islamic State-Khorasan"),
        ("over-the-counter drugs", "Over-the-Counter Drugs"),
        # dashes and spacing kept
        ("jihad — a history", "Jihad — A History"),
    ],
)
def test_headline_case_rules(title, expected):
    assert titles.headline_case(title) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("news &amp; views from [@a-media]", "News &amp; Views from [@a-media]"),
        ("#jihad and 9/11 in the 2020s", "#jihad and 9/11 in the 2020s"),
        ("(the war) and ‘the caliphate’", "(The War) and ‘the Caliphate’"),
    ],
)
def test_words_not_beginning_with_a_letter_are_kept(title, expected):
    assert titles.headline_case(title) == expected


@pytest.mark.parametrize("language", ["ru", "de", "fr-CA"])
def test_titles_in_other_languages_keep_their_capitalization(language):
    title = "Россия и ИГ: вербовка в Средней Азии"
    source = webber(title=title, language=language)
    assert text(full_note(source)) == (
        "Lucas Webber, “Россия и ИГ: вербовка в Средней Азии,” Eurasianet, June 27, 2024."
    )
    assert text(short_note(source)) == "Webber, “Россия и ИГ.”"
    assert "“Россия и ИГ: вербовка в Средней Азии.”" in text(chicago.bibliography_entry(source))


@pytest.mark.parametrize("language", ["en", "en-GB", "EN", None])
def test_english_titles_take_headline_style(language):
    source = webber(title="the war we are in", language=language)
    assert text(full_note(source)) == "Lucas Webber, “The War We Are In,” Eurasianet, June 27, 2024."


# ---------------------------------------------------------------- short titles
@pytest.mark.parametrize(
    "title, expected",
    [
        ("ISIS and Central Asia: A Shifting Recruiting Strategy", "ISIS and Central Asia"),
        ("How The Islamic State Operates in Central Asia", "How the Islamic State"),
        ("Exporting Jihad – Islamic terrorism from Central Asia", "Exporting Jihad"),
        ("Perspectives: ISKP posing rising threat to Central Asia", "ISKP Posing Rising Threat"),
        ("ISIS's Resurgence in Central Asia", "ISIS’s Resurgence"),
        ("The Jihadist Threat", "Jihadist Threat"),
        ("A Short Title", "Short Title"),
        ("Recruitment Online in the Age of Telegram", "Recruitment Online"),
        ("Fighting for the Caliphate in Syria", "Fighting for the Caliphate"),
        ("Three word title:", "Three Word Title"),
    ],
)
def test_short_title(title, expected):
    assert titles.short_title(title) == expected
    assert len(expected.split()) <= 4


# ---------------------------------------------------------------- names
def test_author_lists_in_notes():
    assert chicago.note_authors(["Lucas Webber"]) == "Lucas Webber"
    assert chicago.note_authors(["A B", "C D"]) == "A B and C D"
    assert chicago.note_authors(["A B", "C D", "E F"]) == "A B, C D, and E F"
    assert chicago.note_authors(["A B", "C D", "E F", "G H"]) == "A B et al."
    assert chicago.short_authors(["A B", "C D"]) == "B and D"
    assert chicago.short_authors(["A B", "C D", "E F"]) == "B, D, and F"
    assert chicago.short_authors(["A B", "C D", "E F", "G H"]) == "B et al."


def test_author_lists_in_bibliography():
    assert chicago.bibliography_authors(["Lucas Webber"]) == "Webber, Lucas"
    assert chicago.bibliography_authors(["Lucas Webber", "Jane Roe"]) == "Webber, Lucas, and Jane Roe"
    four = ["Ann Aa", "Bob Bb", "Cy Cc", "Di Dd"]
    assert chicago.bibliography_authors(four) == "Aa, Ann, Bob Bb, Cy Cc, and Di Dd"
    ten = [f"Given{i} Name{i}" for i in range(10)]
    assert chicago.bibliography_authors(ten).endswith(", and Given9 Name9")
    eleven = [f"Given{i} Name{i}" for i in range(11)]
    assert chicago.bibliography_authors(eleven) == (
        "Name0, Given0, " + ", ".join(f"Given{i} Name{i}" for i in range(1, 7)) + ", et al."
    )


def test_surname_is_last_word():
    assert chicago.surname("Uran Botobekov") == "Botobekov"
    assert chicago.surname("Mary Anne de Vries") == "Vries"
    assert chicago.surname("Martin Luther King Jr.") == "King"
    assert chicago.inverted_name("Martin Luther King Jr.") == "King, Martin Luther, Jr."
    assert chicago.inverted_name("Reuters") == "Reuters"


# ---------------------------------------------------------------- notes
def test_full_note():
    note = full_note(webber(), 12)
    assert text(note) == (
        "Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,” "
        "Eurasianet, June 27, 2024, para. 12."
    )
    assert Text("Eurasianet", italic=True) in note
    assert not any(n.italic for n in note if n.text != "Eurasianet")


def test_full_note_with_grade_and_without_locator():
    assert text(full_note(webber(), 5, grade="B2")).endswith("June 27, 2024, para. 5 (B2).")
    assert text(full_note(webber(), None)).endswith("Eurasianet, June 27, 2024.")


def test_short_note_and_no_ibid():
    assert text(short_note(webber(), 7)) == "Webber, “ISKP Posing Rising Threat,” para. 7."
    assert text(short_note(webber(), 7, grade="B2")) == (
        "Webber, “ISKP Posing Rising Threat,” para. 7 (B2)."
    )
    # without a locator the period goes inside the closing quotation mark
    assert text(short_note(webber(), None)) == "Webber, “ISKP Posing Rising Threat.”"


def test_string_locator_is_printed_as_given():
    assert text(short_note(webber(), "paras. 3, 7")).endswith("Threat,” paras. 3, 7.")


def test_no_author_note_begins_with_title():
    source = webber(author=[])
    assert text(full_note(source, 3)) == (
        "“Perspectives: ISKP Posing Rising Threat to Central Asia,” Eurasianet, June 27, 2024, para. 3."
    )
    assert text(short_note(source, 3)) == "“ISKP Posing Rising Threat,” para. 3."


def test_no_date_uses_access_date_else_nd():
    accessed = webber(published=None, accessed="2022-03-16")
    assert text(full_note(accessed, 4)) == (
        "Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,” "
        "Eurasianet, accessed March 16, 2022, para. 4."
    )
    undated = webber(published=None)
    assert text(full_note(undated, 4)).endswith("Eurasianet, n.d., para. 4.")


def test_partial_dates_in_notes():
    assert "Eurasianet, June 2024, para. 1." in text(full_note(webber(published="2024-06"), 1))
    assert "Eurasianet, 2016, para. 1." in text(full_note(webber(published="2016"), 1))


def test_published_date_wins_over_access_date():
    source = webber(accessed="2024-07-01")
    assert "accessed" not in text(full_note(source, 1))
    assert "Accessed" not in text(chicago.bibliography_entry(source))


def test_several_authors_in_notes():
    source = webber(author=["Ann Aa", "Bob Bb", "Cy Cc", "Di Dd"])
    assert text(full_note(source, 1)).startswith("Ann Aa et al., “Perspectives:")
    assert text(short_note(source, 1)).startswith("Aa et al., “ISKP")
    two = webber(author=["Ann Aa", "Bob Bb"])
    assert text(short_note(two, 1)).startswith("Aa and Bb, “ISKP")


def test_title_ending_in_question_mark_takes_no_comma():
    source = webber(title="Who recruits whom?")
    assert text(full_note(source, 1)).startswith("Lucas Webber, “Who Recruits Whom?” Eurasianet,")
    assert text(short_note(source, None)) == "Webber, “Who Recruits Whom?”"


def test_quotes_inside_a_title_become_single():
    source = webber(title='The "caliphate" online')
    assert "“The ‘Caliphate’ Online,”" in text(full_note(source, 1))


# ---------------------------------------------------------------- bibliography
def test_bibliography_entry():
    entry = chicago.bibliography_entry(webber(url="https://example.org/webber"))
    assert text(entry) == (
        "Webber, Lucas. “Perspectives: ISKP Posing Rising Threat to Central Asia.” "
        "Eurasianet, June 27, 2024. https://example.org/webber."
    )
    assert Text("Eurasianet", italic=True) in entry
    assert Link("https://example.org/webber", "https://example.org/webber") in entry


def test_bibliography_entry_without_url():
    assert text(chicago.bibliography_entry(webber())).endswith("Eurasianet, June 27, 2024.")


def test_bibliography_no_author_publication_in_author_place():
    entry = chicago.bibliography_entry(webber(author=[]))
    assert text(entry) == (
        "Eurasianet. “Perspectives: ISKP Posing Rising Threat to Central Asia.” June 27, 2024."
    )
    assert entry[0] == Text("Eurasianet", italic=True)
    assert entry[1] == Text(". “Perspectives: ISKP Posing Rising Threat to Central Asia.” June 27, 2024.")


def test_bibliography_no_author_no_publisher_no_date():
    source = Source(id="x", title="Exporting Jihad – Islamic terrorism from Central Asia", reliability="F")
    assert text(chicago.bibliography_entry(source)) == (
        "“Exporting Jihad – Islamic Terrorism from Central Asia.” n.d."
    )
    assert text(full_note(source, 3)) == (
        "“Exporting Jihad – Islamic Terrorism from Central Asia,” n.d., para. 3."
    )


def test_bibliography_access_date_and_undated():
    accessed = webber(published=None, accessed="2022-03-16", url="https://example.org/w")
    assert text(chicago.bibliography_entry(accessed)) == (
        "Webber, Lucas. “Perspectives: ISKP Posing Rising Threat to Central Asia.” "
        "Eurasianet. Accessed March 16, 2022. https://example.org/w."
    )
    undated = webber(published=None)
    assert text(chicago.bibliography_entry(undated)).endswith("Eurasianet, n.d.")


def test_bibliography_name_with_suffix():
    source = webber(author=["John Q. Public Jr."])
    assert text(chicago.bibliography_entry(source)).startswith("Public, John Q., Jr. “Perspectives")


def test_sort_key_ignores_quotes_and_initial_article():
    titled = Source(id="t", title="The Caliphate", reliability="F")
    authored = webber(id="adams", author=["Zed Adams"])  # "Adams, Zed."
    publisher_led = webber(id="eurasianet", author=[])  # "Eurasianet."
    ordered = sorted([publisher_led, titled, authored], key=chicago.sort_key)
    assert [s.id for s in ordered] == ["adams", "t", "eurasianet"]
