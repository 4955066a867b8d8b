"""Sentences the default templates make from the library read as finished prose: no lead
repeating the date printed before it, lower case after a semicolon, a summary where a
quotation opens by pointing back to words it does not print."""

from __future__ import annotations

from briefpack.briefs.model import Section
from briefpack.compose.dating import after_date
from briefpack.compose.typography import clause, dangles
from briefpack.document.model import BulletList, Paragraph, Quote, Table, plain_text
from briefpack.library.model import Figure, Term
from model_builder import compose, ex, make_brief, make_library


def texts(document) -> list[str]:
    out = []
    for block in document.blocks:
        if isinstance(block, (Paragraph, Quote)):
            out.append(plain_text(block.content))
        elif isinstance(block, BulletList):
            out += [plain_text(item) for item in block.items]
        elif isinstance(block, Table):
            out += [plain_text(cell) for row in block.rows for cell in row]
    return out


LIBRARY = make_library(
    ex("kz-west", ["country:KZ"], "2017-04", summary="In 2017 criminal networks and Salafi groups met."),
    ex("kz-raid", ["country:KZ"], "2024-03", summary="In March 2024 the police raided a cell."),
    ex("kz-before", ["country:KZ"], "2024-05", summary="In 2016 an attack took place."),
    ex("kz-figure", ["country:KZ", "topic:foreign-fighters"], "2024-04", summary="Casualties counted.",
       figures=[Figure("casualties", 140, "", "KZ", "2024-03", note="The source says casualties",
                       incident="Almaty attack", incident_date="2024-03-02")]),
    ex("kz-cell", ["country:KZ", "topic:attacks-and-plots"], "2024-06",
       quote="These arrests took place around the time of a raid.", summary="A women's cell was reported."),
)


def test_a_lead_repeating_the_printed_date_is_dropped():
    document = compose(make_brief(Section("country_profile", params={"country": "KZ"})), LIBRARY)
    shown = texts(document)
    joined = " ".join(shown)
    assert "Ministry reported in April 2017 that criminal networks and Salafi groups met." in joined
    assert "Ministry reported in March 2024 that the police raided a cell." in joined
    assert "Ministry reported in May 2024 that in 2016 an attack took place." in joined  # another date stays


def test_text_after_a_semicolon_starts_in_lower_case():
    document = compose(make_brief(Section("key_figures")), LIBRARY)
    joined = " ".join(texts(document))
    assert "; the source says casualties" in joined
    assert "; The source" not in joined


def test_a_quotation_pointing_back_gives_way_to_its_summary():
    document = compose(make_brief(Section("excerpts", params={"select": "topic:attacks-and-plots"})), LIBRARY)
    shown = texts(document)
    assert "Ministry reported in June 2024 that a women\u2019s cell was reported." in shown
    assert not any("These arrests" in t for t in shown)


def test_the_helpers():
    assert after_date("In 2022, ISKP set up wings", "2022") == "ISKP set up wings"
    assert after_date("In March 2024 the KNB said", "2024-04") == "In March 2024 the KNB said"
    assert after_date("By 2018 about 800 had left", "2018") == "By 2018 about 800 had left"
    assert clause("The source says") == "the source says" and clause("Kazakh officials") == "Kazakh officials"
    assert dangles("These arrests took place") and dangles("It was") and not dangles("Thesis: the group")


def test_an_item_gives_its_date_once_and_an_earlier_event_its_own():
    library = make_library(
        ex("kz-same", ["country:KZ", "topic:recruitment"], "2024-03-26", summary="Recruiters met in Almaty."),
        ex("kz-event", ["country:KZ", "topic:recruitment"], "2024-05", event_date="2022",
           summary="Recruiters opened a channel."),
    )
    shown = texts(compose(make_brief(Section("country_profile", params={"country": "KZ"})), library))
    assert "Ministry reported in March 2024 that recruiters met in Almaty." in shown  # not "March 26, 2024: ..."
    assert "2022: Ministry reported in May 2024 that recruiters opened a channel." in shown


def test_items_joined_by_semicolons():
    from markupsafe import Markup

    from briefpack.compose.typography import joined

    assert joined([Markup('It grew (Noah Tucker).<cite keys="a"/>'), "An unattributed paper stated it.",
                   "", Markup("see “Kazakhstan”")]) == \
        'It grew (Noah Tucker)<cite keys="a"/>; an unattributed paper stated it; see “Kazakhstan”'
    assert joined(["Based in the U.S.", "Kazakh officials agreed."]) == "Based in the U.S.; Kazakh officials agreed."
    assert joined(["A & B;", "c"]) == "A &amp; B; c"


def test_a_profile_without_general_material_has_no_overview():
    library = make_library(ex("kz-rec", ["country:KZ", "group:ISKP", "topic:recruitment"], "2023-05"))
    document = compose(make_brief(Section("country_profile", params={"country": "KZ"})), library)
    assert "Overview" not in texts(document) and not any("draws on" in t for t in texts(document))
    assert [plain_text(b.content) for b in document.blocks if type(b).__name__ == "Heading"][-1:] == [
        "Recruitment and propaganda"]


def test_a_group_is_placed_where_its_excerpts_put_it_not_where_they_name_a_country_in_passing():
    library = make_library(
        ex("iskp-af", ["group:ISKP", "country:AF", "country:US", "topic:areas-of-operation"], "2024-03",
           summary="Since the US withdrawal, ISKP has expanded its camps in Afghanistan."),
        ex("iskp-ru", ["group:ISKP", "country:RU", "topic:areas-of-operation"], "2024-04",
           summary="The group recruits among migrants in Russia."),
    )
    for code, label in (("US", "United States"), ("AF", "Afghanistan"), ("RU", "Russia")):
        library.vocabulary.facets["country"].values[code] = Term(code, label)
    document = compose(make_brief(Section("group_history", params={"group": "ISKP"})), library)
    assert "These excerpts place the group in Afghanistan and Russia." in texts(document)


def test_the_next_item_from_the_same_source_says_so_shortly_within_its_list_only():
    library = make_library(
        ex("kz-r1", ["country:KZ", "topic:recruitment"], "2024-03", summary="Recruiters met in Almaty."),
        ex("kz-r2", ["country:KZ", "topic:recruitment"], "2024-03", summary="Recruiters used Telegram."),
        ex("kz-s1", ["country:KZ", "topic:state-response"], "2024-03", summary="Police raided a flat."),
    )
    shown = texts(compose(make_brief(Section("country_profile", params={"country": "KZ"})), library))
    assert "Ministry reported in March 2024 that recruiters met in Almaty." in shown
    assert "Ministry also reported that recruiters used Telegram." in shown
    assert "Ministry reported in March 2024 that police raided a flat." in shown  # a new list names it in full
