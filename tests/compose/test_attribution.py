"""Every quotation and paraphrase introduced with who said it and when, each excerpt's text printed
once, and the threat outlook led by the desk: as a reader finds them in both formats."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest

from workspace_builder import Workspace

VOCABULARY = """\
facets:
  country:
    label: Country
    values:
      KZ: {label: Kazakhstan}
      TJ: {label: Tajikistan}
  topic:
    label: Topic
    values:
      propaganda: {label: Propaganda}
      recruitment: {label: Recruitment}
      outlook: {label: Outlook}
  group:
    label: Armed group
    values:
      ISKP: {label: Islamic State Khorasan Province}
"""
WEBBER = ["ISKP is ramping up its media outreach in Central Asia.",
          "Reported arrests point to the group's growth in Kazakhstan.",
          "Attacks inside Tajikistan are likely this year.",
          "Kazakh recruits will keep joining the group.",
          "The group will widen its propaganda.",
          "Its fundraising will grow."]
PAPER = ["The caliphate will fall within two years.", "Radicals will keep leaving the region."]
EXCERPTS = """\
- id: outreach
  source: webber
  quote: ISKP is ramping up its media outreach in Central Asia.
  summary: The author warns that ISKP is courting Central Asians in their own languages.
  tags: [country:KZ, country:TJ, topic:propaganda]
  date: 2024-06
  credibility: 2
- id: arrests
  source: webber
  quote: Reported arrests point to the group's growth in Kazakhstan.
  summary: Reported arrests in early 2024 point to ISKP's growth in Kazakhstan.
  tags: [country:KZ, topic:recruitment]
  date: 2024-06
  credibility: 3
- id: paper-leaving
  source: paper
  quote: Radicals will keep leaving the region.
  tags: [country:KZ, topic:recruitment]
  date: 2017-04
  credibility: 3
- {id: f-tj, source: webber, quote: Attacks inside Tajikistan are likely this year., tags: [country:TJ, topic:outlook], date: 2024-06-27, credibility: 3}
- {id: f-kz, source: webber, quote: Kazakh recruits will keep joining the group., tags: [topic:outlook], date: 2024-06-20, credibility: 3}
- {id: f-prop, source: webber, quote: The group will widen its propaganda., tags: [topic:outlook], date: 2024-06-26, credibility: 3}
- {id: f-fund, source: webber, quote: Its fundraising will grow., tags: [topic:outlook], date: 2024-06-25, credibility: 3}
- {id: f-fall, source: paper, quote: The caliphate will fall within two years., tags: [topic:outlook], date: 2016, credibility: 3}
- {id: f-leave, source: paper, quote: Radicals will keep leaving the region., tags: [topic:outlook], date: 2017-04, credibility: 3}
"""
PROFILES = """\
title: Pack
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx, pdf]
variables: {country: KZ}
sections:
  - type: country_profile
    country: KZ
  - type: country_profile
    country: TJ
  - type: threat_outlook
    title: Outlook
    intro: The desk expects ISKP to court Kazakhs abroad more than at home [@outreach].
"""
OUTLOOK_ONLY = PROFILES.replace("""  - type: country_profile
    country: KZ
  - type: country_profile
    country: TJ
""", "")


@pytest.fixture
def desk(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.vocabulary(VOCABULARY)
    ws.source("webber", paragraphs=WEBBER)
    ws.source("paper", paragraphs=PAPER, front='id: paper\ntitle: Exporting Jihad\ninferred_date: "2017-04"\n'
                                               "language: en\nreliability: F\n")
    ws.excerpts(EXCERPTS)
    (ws.root / "briefs").mkdir()
    return ws


def built(ws, run, tmp_path, brief: str) -> tuple[list, str]:
    """The DOCX's paragraphs (text, style) and the PDF's text of ``brief``, built in-process."""
    (ws.root / "briefs" / "pack.yaml").write_text(brief, encoding="utf-8")
    result = run("build", "--root", ws.root, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    word = docx.Document(str(tmp_path / "out" / "pack.docx"))
    paragraphs = [(re.sub(r"(?<=[.:”])\d+", "", p.text), p.style.name) for p in word.paragraphs if p.text.strip()]
    pdf = subprocess.run(["pdftotext", str(tmp_path / "out" / "pack.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    return paragraphs, " ".join(pdf.split())


def section(paragraphs, title: str) -> list[str]:
    start = next(i for i, (t, s) in enumerate(paragraphs) if t == title and s.startswith("Heading 1"))
    end = next((i for i, (_, s) in enumerate(paragraphs) if i > start and s.startswith("Heading 1")), len(paragraphs))
    return [t for t, _ in paragraphs[start + 1: end]]


def test_paraphrases_and_quotations_name_who_said_them_and_when(desk, run, tmp_path):
    paragraphs, pdf = built(desk, run, tmp_path, PROFILES)
    kazakhstan = " ".join(section(paragraphs, "Kazakhstan"))
    assert ("Lucas Webber (Eurasianet), writing in June 2024, warns that ISKP is courting Central Asians in their "
            "own languages.") in kazakhstan
    assert "Lucas Webber (Eurasianet) wrote in June 2024 that reported arrests in early 2024 point to" in kazakhstan
    assert "An unattributed paper stated in April 2017: “Radicals will keep leaving the region.”" in kazakhstan
    for text in (" ".join(t for t, _ in paragraphs), pdf):
        assert not re.search(r"\bthe (author|article)\b", text, re.I)
        assert "Lucas Webber (Eurasianet), writing in June 2024, warns" in text


def test_an_excerpt_printed_once_is_referred_to_afterwards(desk, run, tmp_path):
    paragraphs, pdf = built(desk, run, tmp_path, PROFILES)
    everything = " ".join(t for t, _ in paragraphs)
    assert everything.count("courting Central Asians in their own languages") == 1
    # a cross-reference, US style: the comma inside, then the page where the heading stands
    assert [t for t in section(paragraphs, "Tajikistan") if re.fullmatch(r"See also “Kazakhstan,” p.\xa0\d+\.", t)]
    assert re.search(r"See also “Kazakhstan,” p.[\s\xa0]\d+\.", pdf)
    assert pdf.count("courting Central Asians in their own languages") == 1


def test_the_outlook_leads_with_the_desk_then_three_forecasts_naming_the_country_first(desk, run, tmp_path):
    paragraphs, pdf = built(desk, run, tmp_path, OUTLOOK_ONLY)
    outlook = section(paragraphs, "Outlook")
    assert outlook[0] == "The desk expects ISKP to court Kazakhs abroad more than at home."
    assert outlook[1] == "Forecasts"
    forecasts = outlook[2: outlook.index("Earlier assessments, 2016–2017")]
    assert forecasts == [
        "Lucas Webber (Eurasianet) wrote in June 2024:", "Kazakh recruits will keep joining the group.",
        "Lucas Webber (Eurasianet) wrote in June 2024:", "Attacks inside Tajikistan are likely this year.",
        "Lucas Webber (Eurasianet) wrote in June 2024:", "The group will widen its propaganda.",
    ]  # the one naming Kazakhs first, then the newest: three in all
    earlier = outlook[outlook.index("Earlier assessments, 2016–2017") + 1:]
    assert [t for t in earlier if t.startswith("Currency")] == [earlier[0]]  # one note for the group
    assert [t.lstrip("†\u00a0 ") for t in earlier[1:]] == [
        "An unattributed paper stated in April 2017:", "Radicals will keep leaving the region.",
        "An unattributed paper stated in April 2017:", "The caliphate will fall within two years."]
    assert "Its fundraising will grow" not in pdf
    desk = pdf.index("The desk expects ISKP")  # past the contents
    assert desk < pdf.index("Kazakh recruits will keep") < pdf.index("Earlier assessments, 2016–2017", desk) < pdf.index(
        "The caliphate will fall")


def test_the_number_of_quotations_is_the_sections_to_set(desk, run, tmp_path):
    paragraphs, _ = built(desk, run, tmp_path, OUTLOOK_ONLY + "    quotations: 1\n")
    outlook = section(paragraphs, "Outlook")
    assert outlook[2:4] == ["Lucas Webber (Eurasianet) wrote in June 2024:",
                            "Kazakh recruits will keep joining the group."]
    assert outlook[4] == "Earlier assessments, 2017"


def test_a_workspace_template_gives_the_same_lead_in(desk, run, tmp_path):
    (desk.root / "templates").mkdir()
    (desk.root / "templates" / "excerpts.xml.j2").write_text(
        '{% for e in excerpts %}<p>{{ said_by(e, "argued") }} that {{ e.quote }}{{ cite(e) }}</p>'
        "<p>{{ speaker(e, short=True) }}</p>{% endfor %}", encoding="utf-8")
    brief = OUTLOOK_ONLY.replace("  - type: threat_outlook", '  - type: excerpts\n    select: "country:TJ"\n'
                                 "  - type: threat_outlook")
    paragraphs, _ = built(desk, run, tmp_path, brief)
    texts = [t for t, _ in paragraphs]
    assert "Lucas Webber (Eurasianet) argued in June 2024 that Attacks inside Tajikistan are likely this year." in texts
    assert "Webber" in texts


def test_check_reports_a_sentence_a_brief_would_print_twice(desk, run):
    (desk.root / "templates").mkdir()
    (desk.root / "templates" / "twice.xml.j2").write_text(
        "{% for e in excerpts %}<p>{{ e.quote }}</p><p>{{ e.quote }}</p>{% endfor %}", encoding="utf-8")
    brief = OUTLOOK_ONLY.replace("  - type: threat_outlook", '  - type: excerpts\n    title: Twice\n'
                                 '    select: "topic:propaganda"\n    template: templates/twice.xml.j2\n'
                                 "  - type: threat_outlook")
    (desk.root / "briefs" / "pack.yaml").write_text(brief, encoding="utf-8")
    result = run("check", "--root", desk.root, "--strict")
    assert result.exit_code == 1
    assert ('briefs/pack.yaml:6: warning: generated sentence printed 2 times (in “Twice”): "ISKP is ramping up '
            'its media outreach in Central Asia."') in result.output
    (desk.root / "templates" / "twice.xml.j2").write_text(
        "{% for e in once(excerpts) %}<p>{{ e.quote }}</p>{% endfor %}", encoding="utf-8")
    again = run("check", "--root", desk.root, "--strict")
    assert again.exit_code == 0, again.output


def _view(summary="", quote="Quoted words.", author=("Lucas Webber",), publisher="Eurasianet",
          published="2024-06-27", inferred=None):
    from briefpack.compose.template_context import ExcerptView, SourceView

    source = SourceView(id="s", title="T", publisher=publisher, author=author, published=published, accessed=None,
                        url=None, language="en", reliability="B", notes="", marking=None, inferred_date=inferred)
    return ExcerptView(id="e", quote=quote, summary=summary, note="", date="2024-06", credibility=2, figures=(),
                       tags=(), source=source, locator=1, marking="TLP:CLEAR")


@pytest.mark.parametrize("view, text", [
    (_view("Reports in June 2024 point to growth."),
     "Lucas Webber (Eurasianet) wrote in June 2024 that reports in June 2024 point to growth."),
    (_view("ISKP grew."), "Lucas Webber (Eurasianet) wrote in June 2024 that ISKP grew."),
    (_view("The Economist said so."), "Lucas Webber (Eurasianet) wrote in June 2024 that The Economist said so."),
    (_view("Andrei Serenko says so."), "Lucas Webber (Eurasianet) wrote in June 2024 that Andrei Serenko says so."),
    (_view("Two Kyrgyz leaders were held."),
     "Lucas Webber (Eurasianet) wrote in June 2024 that two Kyrgyz leaders were held."),
    (_view("The author warns of attacks, as the author did before."),
     "Lucas Webber (Eurasianet), writing in June 2024, warns of attacks, as Webber did before."),
    (_view("In the author's reading, ISKP grew."), "In Lucas Webber’s reading (Eurasianet, June 2024), ISKP grew."),
    (_view("A figure the author doubted."), "A figure Lucas Webber (Eurasianet), writing in June 2024, doubted."),
    (_view("Growth, said the author."), "Growth, said Lucas Webber (Eurasianet), writing in June 2024."),
    (_view("The 2017 paper judged it low.", author=(), publisher="", published=None, inferred="2017-04"),
     "An unattributed paper of April 2017 judged it low."),
    (_view(author=(), publisher="Orda", published="2024-03-26"), "Orda reported in March 2024: “Quoted words.”"),
    (_view(author=(), publisher="", published=None, inferred="2016"),
     "An unattributed paper stated in 2016: “Quoted words.”"),
])
def test_the_lead_in_names_who_said_it_and_when(view, text):
    from briefpack.compose.attribution import attributed

    assert attributed(view) == text
