"""quote: a passage found as check finds it, written as a ready excerpt; --append keeps the file."""

from __future__ import annotations

import pytest
import yaml
from workspace_builder import VOCABULARY

from briefpack.intake.suggest import find_date, find_figures

PARAGRAPHS = [
    "Subscribe to our newsletter",
    "ISKP is ramping up its media outreach in Central Asia. So says a report on Islamic State-Khorasan Province "
    "(ISIS-K).\nTajik nationals were among those arrested.",
    "On March 22, 2024, gunmen killed more than 140 people at a concert hall near Moscow \u2014 the deadliest "
    "attack in Russia for two decades.",
]


@pytest.fixture
def ws(ws):
    ws.vocabulary(VOCABULARY.replace("      TJ: {label: Tajikistan}", "      TJ: {label: Tajikistan}\n"
                                     "      RU: {label: Russia}"))
    ws.source(paragraphs=PARAGRAPHS, non_body="[1]")
    return ws


def test_the_excerpt_printed_is_ready_to_use(run, ws):
    result = run("quote", "webber-2024", "ramping up its media outreach", "--root", ws.root)
    assert result.exit_code == 0, result.output
    item = yaml.safe_load(result.stdout)[0]
    assert item["source"] == "webber-2024" and item["quote"] == "ramping up its media outreach"
    assert item["tags"] == []  # the quote names nothing of the vocabulary
    assert "# its paragraph also names: group:ISKP, country:TJ" in result.stdout
    assert item["date"] == "2024-06-27" and "the source's publication date" in result.stdout
    assert "event_date" not in item and item["kind"] == "assessment"
    assert item["credibility"] == 6
    assert "webber-2024, para. 2" in result.stderr


def test_the_quote_is_written_as_the_source_writes_it(run, ws):
    text = "gunmen killed more than 140 people at a concert hall near Moscow - the deadliest attack in Russia"
    result = run("quote", "webber-2024", text, "--root", ws.root)
    assert result.exit_code == 0, result.output
    item = yaml.safe_load(result.stdout)[0]
    assert item["quote"] == ("gunmen killed more than 140 people at a concert hall near Moscow \u2014 the "
                             "deadliest attack in Russia")
    assert item["tags"] == ["country:RU"]
    # reported on the source's date; the event on the date its paragraph gives
    assert item["date"] == "2024-06-27" and item["event_date"] == "2024-03-22"
    assert '"March 22, 2024" in its paragraph: when what it reports happened' in result.stdout
    assert item["kind"] == "incident"
    assert "#   - measure: ?   # from \"more than 140 people\"" in result.stdout
    assert "#     qualifier: more than" in result.stdout and "#     unit: people" in result.stdout


def test_tags_from_aliases_and_peoples_names(run, ws):
    result = run("quote", "webber-2024", "says a report on Islamic State-Khorasan Province (ISIS-K). Tajik nationals",
                 "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)[0]["tags"] == ["group:ISKP", "country:TJ"]


def test_an_omission_keeps_its_mark(run, ws):
    result = run("quote", "webber-2024", "ISKP is ramping up ... Islamic State-Khorasan Province", "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)[0]["quote"] == "ISKP is ramping up \u2026 Islamic State-Khorasan Province"


def test_not_found_shows_the_closest_passage_with_the_differences_marked(run, ws):
    result = run("quote", "webber-2024", "gunmen killed more than 150 people at a concert hall", "--root", ws.root)
    assert result.exit_code == 1
    assert "Error: not found in source 'webber-2024'" in result.stderr
    assert "closest passage (para. 3," in result.stderr
    assert "gunmen killed more than [-150-] {+140+} people at a concert hall" in result.stderr


def test_not_found_says_why_when_it_runs_across_paragraphs(run, ws):
    result = run("quote", "webber-2024", "among those arrested. On March 22", "--root", ws.root)
    assert result.exit_code == 1
    assert "it runs across paragraphs 2 and 3" in result.stderr


def test_unknown_source_has_a_did_you_mean(run, ws):
    result = run("quote", "weber-2024", "ramping up", "--root", ws.root)
    assert result.exit_code == 1
    assert "no source 'weber-2024' in seeds/sources/ (did you mean 'webber-2024'?)" in result.stderr


def test_append_keeps_comments_and_order_and_the_library_checks(run, ws):
    excerpts = ws.root / "seeds" / "excerpts" / "excerpts.yaml"
    original = "# Excerpts from Eurasianet.\n" + excerpts.read_text() + "# the end\n"
    excerpts.write_text(original)
    for text in ("ramping up its media outreach in Central Asia", "the deadliest attack in Russia"):
        result = run("quote", "webber-2024", text, "--append", excerpts, "--root", ws.root)
        assert result.exit_code == 0, result.output
    after = excerpts.read_text()
    assert after.startswith(original)
    assert [e["id"] for e in yaml.safe_load(after)] == ["webber-media", "webber-2024-ramping-media-outreach",
                                                        "webber-2024-deadliest-attack-russia"]
    assert not list(excerpts.parent.glob(".*tmp"))
    checked = run("check", "--root", ws.root)
    assert checked.exit_code == 0, checked.output


def test_append_refuses_a_file_the_library_does_not_read(run, ws, tmp_path):
    result = run("quote", "webber-2024", "ramping up", "--append", tmp_path / "elsewhere.yaml", "--root", ws.root)
    assert result.exit_code == 1
    assert "under seeds/excerpts/ only" in result.stderr
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_append_to_a_broken_file_changes_nothing(run, ws):
    broken = ws.root / "seeds" / "excerpts" / "broken.yaml"
    broken.write_text("- id: x\n  quote: [unclosed\n")
    result = run("quote", "webber-2024", "ramping up", "--append", broken, "--root", ws.root)
    assert result.exit_code == 1 and "not valid YAML" in result.stderr
    assert broken.read_text() == "- id: x\n  quote: [unclosed\n"


def test_append_to_an_empty_list(run, ws):
    empty = ws.root / "seeds" / "excerpts" / "new.yaml"
    empty.write_text("# new file\n[]\n")
    result = run("quote", "webber-2024", "ramping up", "--append", empty, "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert empty.read_text().startswith("# new file\n")
    assert yaml.safe_load(empty.read_text())[0]["quote"] == "ramping up"


@pytest.mark.parametrize("text, date", [
    ("on 2024-03-22 and in 2023", "2024-03-22"),
    ("in March 2024, and later on 22 March 2024", "2024-03-22"),
    ("by June 2023", "2023-06"),
    ("since 2015", "2015"),
    ("on February 30, 2024 or in 2024", "2024"),
    ("no date here", ""),
])
def test_dates_in_a_quote(text, date):
    assert find_date(text)[0] == date


def test_figures_in_a_quote():
    found = find_figures("On March 22, 2024 more than 140 people died; about 1.5 million migrants, $5,400, "
                         "45% of GDP, at least 40 young men, 27 suspected ISKP members and one defendant in 2023.")
    assert [(f.value, f.qualifier, f.unit) for f in found] == [
        (140, "more than", "people"), (1_500_000, "about", "migrants"), (5400, "", "US dollars"),
        (45, "", "percent"), (40, "at least", "men"), (27, "", "members")]


def test_append_keeps_the_files_line_ends_and_byte_order_mark(run, ws):
    excerpts = ws.root / "seeds" / "excerpts" / "excerpts.yaml"
    original = ("\ufeff# Windows file\n" + excerpts.read_text()).replace("\n", "\r\n").encode("utf-8")
    excerpts.write_bytes(original)
    result = run("quote", "webber-2024", "ramping up", "--append", excerpts, "--root", ws.root)
    assert result.exit_code == 0, result.output
    after = excerpts.read_bytes()
    assert after.startswith(original) and b"\r\n- id: webber-2024-ramping" in after
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert run("check", "--root", ws.root).exit_code == 0


def test_an_empty_text_is_refused(run, ws):
    result = run("quote", "webber-2024", " ... ", "--root", ws.root)
    assert result.exit_code == 1 and "nothing to find" in result.stderr


@pytest.mark.parametrize("text, kind", [
    ("Two teenagers were arrested after special forces disrupted an alleged plot", "arrest"),
    ("A car bombing in Kulyab killed three", "incident"),
    ("The group claimed responsibility", "statement"),
    ("ISKP will likely develop the means to strike Europe", "forecast"),
    ("The regimes are unable to counter the propaganda", "assessment"),
])
def test_quote_guesses_what_the_excerpt_reports(text, kind):
    from briefpack.intake.suggest import guess_kind

    assert guess_kind(text) == kind
