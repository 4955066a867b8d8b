"""Brief definitions: loading, validation with path:line, TLP labels, matrix expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.briefs.read import load_brief
from briefpack.compose.expand import expand_brief
from briefpack.errors import BriefpackError, Problem
from briefpack.library.model import Excerpt, Facet, Library, Source, Term, Vocabulary

MINIMAL = """\
title: Central Asia
marking: TLP:CLEAR
as_of: 2024-06-30
sections:
  - type: country_profile
    country: KZ
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def library() -> Library:
    vocab = Vocabulary({
        "country": Facet("country", "Country", {
            "KZ": Term("KZ", "Kazakhstan", ["Qazaqstan"]),
            "KG": Term("KG", "Kyrgyzstan"),
            "TJ": Term("TJ", "Tajikistan"),
        }),
        "topic": Facet("topic", "Topic", {"outlook": Term("outlook", "Outlook")}),
    })
    excerpts = [
        Excerpt("a", "s", "A.", ["country:KG"], "2020", 2),
        Excerpt("b", "s", "B.", ["country:KZ", "topic:outlook"], "2021", 2),
    ]
    return Library(Path("."), {"s": Source("s", "S")}, {e.id: e for e in excerpts}, vocab)


def test_minimal_brief_defaults(tmp_path):
    brief = load_brief(write(tmp_path, MINIMAL))
    assert brief.name == "pack"
    assert brief.title == "Central Asia"
    assert brief.as_of == "2024-06-30"
    assert brief.marking == "TLP:CLEAR"
    assert brief.formats == ["docx", "pdf"]
    assert brief.stale_after_years == 2
    assert brief.key_judgments == [] and brief.intro == "" and brief.for_each is None
    [section] = brief.sections
    assert section.type == "country_profile"
    assert section.params == {"country": "KZ"}
    assert section.line == 5
    assert brief.warnings == []


def test_full_brief(tmp_path):
    text = MINIMAL.replace("sections:\n", """\
subtitle: Desk handout
organization: Regional Desk
authors: A. Analyst
formats: [pdf]
max_marking: TLP:AMBER
stale_after_years: 3
variables: {desk: Central Asia}
key_judgments:
  - First judgment [@b].
  - Second.
intro: |
  Scope.
sections:
""") + "    title: Kazakhstan\n    select: date >= 2015\n    sort: -date\n    limit: 5\n"
    brief = load_brief(write(tmp_path, text))
    assert brief.authors == ["A. Analyst"]
    assert brief.formats == ["pdf"]
    assert brief.max_marking == "TLP:AMBER"
    assert brief.key_judgments == ["First judgment [@b].", "Second."]
    assert brief.intro == "Scope.\n"
    assert brief.variables == {"desk": "Central Asia"}
    assert brief.sections[0].params == {
        "country": "KZ", "select": "date >= 2015", "sort": "-date", "limit": 5}
    assert brief.sections[0].title == "Kazakhstan"
    assert brief.line_of("key_judgments.1") == 13
    assert brief.line_of("intro", "") == 15  # the first line of the literal block


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("title: [oops\n", 1, "a list or mapping written on one line ([...] or {...}) is not closed"),
        ("title: ISKP: a threat\nmarking: TLP:CLEAR\n", 1,
         "the title holds ': ', which YAML reads as a new field: put it in double quotes: title: \"...\""),
        ("- a list\n", 1, "a brief must be a YAML mapping"),
        (MINIMAL + "stale_after_years: !!int two\n", 7,
         "malformed YAML: a value does not read as the type its tag gives it"),
        (MINIMAL.replace("title: Central Asia\n", ""), 1, "missing required key 'title'"),
        (MINIMAL.replace("as_of: 2024-06-30", "as_of: June 2024"), 3,
         "as_of must be a date written YYYY-MM-DD, not 'June 2024'"),
        (MINIMAL.replace("as_of: 2024-06-30", "as_of: 2024-02-30"), 3, "as_of must be a date"),
        (MINIMAL.replace("marking: TLP:CLEAR", "marking: TLP:AMBER STRICT"), 2,
         "marking: unknown marking 'TLP:AMBER STRICT'"),
        (MINIMAL.replace("marking: TLP:CLEAR", "marking: tlp:green"), 2,
         "(labels are written exactly: TLP:GREEN)"),
        (MINIMAL.replace("title:", "titel: x\ntitle:"), 1, "unknown brief key 'titel' (did you mean 'title'?)"),
        (MINIMAL + "title: again\n", 7, "duplicate key 'title'"),
        (MINIMAL.replace("country_profile", "country_profil"), 5,
         "unknown section type 'country_profil' (did you mean 'country_profile'?)"),
        (MINIMAL.replace("country_profile", "chronicle"), 5,
         "unknown section type 'chronicle' (known: country_profile, group_history, threat_outlook, excerpts, "
         "key_figures)"),
        (MINIMAL.replace("    country: KZ\n", ""), 5, "a country_profile section needs 'country:'"),
        (MINIMAL + "    sort: newest\n", 7, "unknown sort 'newest' (known: date, -date, credibility)"),
        (MINIMAL + "    limit: 0\n", 7, "limit must be a whole number of excerpts, 1 or more"),
        (MINIMAL + "    contry: KG\n", 7, "unknown section key 'contry' (did you mean 'country'?)"),
        (MINIMAL + "formats: [docx, html]\n", 7, "unknown format 'html' (known: docx, pdf)"),
        (MINIMAL + "for_each: {country: 3}\n", 7, 'for_each country: expected a list of values or "*"'),
        (MINIMAL.replace("sections:\n  - type: country_profile\n    country: KZ\n", "sections: []\n"), 4,
         "sections must be a non-empty list"),
    ],
)
def test_load_errors_name_path_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert message in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(BriefpackError, match="cannot read brief"):
        load_brief(tmp_path / "nope.yaml")


def test_tlp_white_is_accepted_with_a_warning_and_written_as_clear(tmp_path):
    path = write(tmp_path, MINIMAL.replace("TLP:CLEAR", "TLP:WHITE"))
    brief = load_brief(path)
    assert brief.marking == "TLP:CLEAR"
    assert brief.warnings == [
        Problem(path, 2, "TLP:WHITE is the TLP 1.0 label; written as TLP:CLEAR (TLP 2.0)", "warning")
    ]
    assert str(brief.warnings[0]).startswith(f"{path}:2: TLP:WHITE")


def test_expand_without_for_each_is_one_brief(tmp_path):
    brief = load_brief(write(tmp_path, MINIMAL))
    [only] = expand_brief(brief, library())
    assert only == brief
    assert only.name == "pack"


MATRIX = """\
title: "{{ country_label }}: threat handout"
subtitle: "For the {{ desk }} desk"
marking: TLP:CLEAR
as_of: 2024-06-30
variables: {desk: regional}
for_each:
  country: [KZ, Qazaqstan, KG]
key_judgments:
  - "{{ country_label }} faces a rising threat."
sections:
  - type: country_profile
    title: "Profile of {{ country_label }}"
    country: "{{ country }}"
  - type: excerpts
    select: "country:{{ country }} and topic:outlook"
"""


def test_for_each_expands_one_brief_per_value_with_variables(tmp_path):
    text = MATRIX.replace("[KZ, Qazaqstan, KG]", "[KZ, KG]")
    brief = load_brief(write(tmp_path, text))
    kz, kg = expand_brief(brief, library())
    assert [kz.name, kg.name] == ["pack-kz", "pack-kg"]
    assert kz.variables == {"desk": "regional", "country": "KZ", "country_label": "Kazakhstan"}
    assert kz.title == "Kazakhstan: threat handout"
    assert kz.subtitle == "For the regional desk"
    assert kz.key_judgments == ["Kazakhstan faces a rising threat."]
    assert kz.sections[0].title == "Profile of Kazakhstan"
    assert kz.sections[0].params["country"] == "KZ"
    assert kg.sections[1].params["select"] == "country:KG and topic:outlook"
    assert brief.title == "{{ country_label }}: threat handout"  # the definition is untouched


def test_for_each_aliases_read_as_canonical_values_once(tmp_path):
    brief = load_brief(write(tmp_path, MATRIX))
    assert [b.name for b in expand_brief(brief, library())] == ["pack-kz", "pack-kg"]


def test_for_each_star_takes_every_value_with_excerpts_sorted(tmp_path):
    brief = load_brief(write(tmp_path, MATRIX.replace("[KZ, Qazaqstan, KG]", '"*"')))
    assert [b.variables["country"] for b in expand_brief(brief, library())] == ["KG", "KZ"]


def test_for_each_unknown_value(tmp_path):
    path = write(tmp_path, MATRIX.replace("[KZ, Qazaqstan, KG]", "[KZ, KX]"))
    with pytest.raises(BriefpackError) as info:
        expand_brief(load_brief(path), library())
    assert str(info.value) == f"{path}:7: for_each country: unknown value 'KX' (did you mean 'KZ'?)"


def test_undefined_variable_in_brief_text_names_the_line(tmp_path):
    path = write(tmp_path, MINIMAL + "    title: \"{{ contry_label }}\"\n")
    with pytest.raises(BriefpackError) as info:
        expand_brief(load_brief(path), library())
    assert str(info.value).startswith(f"{path}:7: undefined: 'contry_label' is undefined")


def test_brief_text_renders_in_the_sandbox(tmp_path):
    path = write(tmp_path, MINIMAL.replace("title: Central Asia", "title: \"{{ ''.__class__.__mro__ }}\""))
    with pytest.raises(BriefpackError) as info:
        expand_brief(load_brief(path), library())
    assert str(info.value).startswith(f"{path}:1: ")


def test_key_judgments_per_for_each_value(tmp_path):
    text = MATRIX.replace("[KZ, Qazaqstan, KG]", "[KZ, KG]").replace(
        '  - "{{ country_label }} faces a rising threat."\n',
        "  KZ:\n    - Kazakh judgment.\n    - Second on {{ country_label }} [@b].\n  KG: []\n")
    path = write(tmp_path, text)
    brief = load_brief(path)
    assert brief.key_judgments_for == {"KZ": ["Kazakh judgment.", "Second on {{ country_label }} [@b]."], "KG": []}
    kz, kg = expand_brief(brief, library())
    assert kz.key_judgments == ["Kazakh judgment.", "Second on Kazakhstan [@b]."]
    assert kz.line_of("key_judgments.1") == 11
    assert kg.key_judgments == []
    missing = write(tmp_path, text.replace("  KG: []\n", ""), "missing.yaml")
    with pytest.raises(BriefpackError) as info:
        expand_brief(load_brief(missing), library())
    assert str(info.value) == f"{missing}:8: key_judgments has no entry for KG"


def test_key_judgments_mapping_needs_for_each(tmp_path):
    path = write(tmp_path, MINIMAL + "key_judgments:\n  KZ: [x]\n")
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == (
        f"{path}:8: key_judgments is a mapping of for_each values to lists, but there is no for_each")


@pytest.mark.parametrize("char, name", [("\x7f", "U+007F (delete)"), ("\x85", "U+0085 (next line)"),
                                        ("\x9f", "U+009F (a control character)"), ("\x1b", "U+001B (escape)")])
def test_a_control_character_in_a_brief_is_refused_at_its_line(run, ws, char, name):
    (ws.root / "briefs").mkdir()
    path = write(ws.root / "briefs", MINIMAL.replace("marking:", f"subtitle: a{char}b\nmarking:"))
    message = f"briefs/pack.yaml:2: {name} is not text: remove it"
    with pytest.raises(BriefpackError) as info:
        load_brief(path)
    assert str(info.value) == f"{path}:2: {name} is not text: remove it"
    checked = run("check", "--root", ws.root)
    assert checked.exit_code == 1
    assert message in checked.stdout.splitlines()
    built = run("build", "--root", ws.root)
    assert built.exit_code == 1
    assert built.stderr == f"Error: {message}\n"
