"""briefpack check: every problem it reports, its output, exit codes and the cache."""

import pytest
from workspace_builder import EXCERPT, PARAGRAPHS

from briefpack.library.check import check_library, load_checked_library
from briefpack.errors import LibraryError

EX = "seeds/excerpts/excerpts.yaml"
SRC = "seeds/sources/webber-2024.txt"


def check(run, ws, *args):
    return run("check", "--root", ws.root, *args)


def errors_of(result):
    """The problem lines of a check (the summary line left out)."""
    return result.stdout.splitlines()[:-1] if result.exit_code == 0 else result.stdout.splitlines()


def test_clean_library(run, ws):
    result = check(run, ws)
    assert result.exit_code == 0
    assert result.stdout == "1 source, 1 excerpt: no problems\n"
    assert result.stderr == ""


def test_locator_is_the_paragraph_number(ws):
    library, problems = check_library(ws.root)
    assert problems == []
    assert library.excerpts["webber-media"].locator == 2


def test_misquote_shows_the_closest_passage(run, ws):
    ws.excerpts(EXCERPT.replace("its media outreach", "its press outreach"))
    result = check(run, ws)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{EX}:3: quote not found in source 'webber-2024'; closest passage (para. 2, 93% alike): "
        '"ISKP is ramping up its media outreach in Central Asia."'
    ]
    assert result.stderr == "Error: 1 source, 1 excerpt: 1 error\n"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "quote, message",
    [
        ("likely to happen this year.",
         "quote not found in source 'webber-2024': it begins or ends inside a word of the source; "
         'closest passage (para. 1, 100% alike): "unlikely to happen this year."'),
        ("x", "quote not found in source 'webber-2024': it begins or ends inside a word of the source; "
              'closest passage (para. 2, 100% alike): "next"'),
        ("this year. It comes",
         "quote not found in source 'webber-2024': it runs across paragraphs 1 and 2 "
         "(a quote must lie within one paragraph)"),
        ("\u2026", "the quote is empty: it holds only omission marks or white space"),
        ("[...]", "the quote is empty: it holds only omission marks or white space"),
    ],
)
def test_misquotes_say_why(run, ws, quote, message):
    ws.source(paragraphs=["An attack is unlikely to happen this year.", "It comes next"])
    ws.excerpts(EXCERPT.replace("ISKP is ramping up its media outreach in Central Asia.", f'"{quote}"'))
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [f"{EX}:3: {message}"]


def test_case_is_not_forgiven(run, ws):
    ws.excerpts(EXCERPT.replace("ISKP is ramping", "Iskp is ramping"))
    result = check(run, ws)
    assert result.exit_code == 1
    assert "quote not found in source 'webber-2024'" in result.stdout


def test_unknown_source_with_did_you_mean(run, ws):
    ws.excerpts(EXCERPT.replace("source: webber-2024", "source: weber-2024"))
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{EX}:2: unknown source 'weber-2024' (did you mean 'webber-2024'?)",
        f"{SRC}:2: warning: source 'webber-2024' is not used by any excerpt",
    ]


@pytest.mark.parametrize(
    "tag, message",
    [
        ("group:ISIS-K", "unknown tag 'group:ISIS-K' (did you mean group:ISKP?)"),
        ("group:iskp", "unknown tag 'group:iskp' (did you mean group:ISKP?)"),
        ("group:ISKB", "unknown tag 'group:ISKB' (did you mean group:ISKP?)"),
        ("contry:KZ", "unknown tag 'contry:KZ': no facet 'contry' in the vocabulary "
                      "(did you mean country:KZ?)"),
        ("country:Qazaqstan", "unknown tag 'country:Qazaqstan' (did you mean country:KZ?)"),
        ("weather:rain", "unknown tag 'weather:rain': no facet 'weather' in the vocabulary; to add the facet, "
                         "write under 'facets:' in seeds/vocabulary.yaml "
                         "'weather: {label: ..., values: {rain: {label: ...}}}'"),
        ("topic:smuggling", "unknown tag 'topic:smuggling'; to add the value, write under 'topic:' > 'values:' "
                            "in seeds/vocabulary.yaml 'smuggling: {label: ...}'"),
        ("KZ", "bad tag 'KZ': write tags as facet:value"),
    ],
)
def test_unknown_tags(run, ws, tag, message):
    ws.excerpts(EXCERPT.replace("group:ISKP", tag))
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [f"{EX}:4: {message}"]


def test_unknown_tag_in_a_block_list_points_at_its_line(run, ws):
    ws.excerpts(EXCERPT.replace("tags: [country:TJ, group:ISKP, topic:propaganda]",
                                "tags:\n    - country:TJ\n    - group:ISIS-K\n    - topic:propaganda"))
    result = check(run, ws)
    assert errors_of(result) == [f"{EX}:6: unknown tag 'group:ISIS-K' (did you mean group:ISKP?)"]


def test_duplicate_excerpt_ids_across_files(run, ws):
    ws.excerpts(EXCERPT, name="more.yaml")
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"seeds/excerpts/more.yaml:1: duplicate excerpt id 'webber-media' (first at {EX}:1)"
    ]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("date: 2024-06", "date: 2024-13", "5: bad date '2024-13': there is no month 13"),
        ("date: 2024-06", "date: 2023-02-29", "5: bad date '2023-02-29': February 2023 has no day 29"),
        ("date: 2024-06", "date: 2024-02-30", "5: bad date '2024-02-30': February 2024 has no day 30"),
        ("credibility: 2\n", "credibility: 2\n  figures:\n    - measure: fighters\n      value: 5\n"
         "      as_of: 2016-04-31\n", "10: bad date '2016-04-31' in 'as_of': April 2016 has no day 31"),
        ("date: 2024-06", "date: June 2024", "5: bad date 'June 2024': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("credibility: 2", "credibility: 7", "6: bad credibility '7': expected an Admiralty grade 1-6"),
        ("credibility: 2", "credibility: B2", "6: bad credibility 'B2': expected an Admiralty grade 1-6"),
        ("credibility: 2\n", "credibility: 2\n  marking: TLP:YELLOW\n",
         "7: bad marking 'TLP:YELLOW': expected one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
         "TLP:AMBER+STRICT, TLP:RED"),
        ("  date: 2024-06\n", "", "1: missing required field 'date'"),
        ("id: webber-media", "id: webber media", "1: bad excerpt id 'webber media': no spaces, brackets, "
                                                 "'@' or ';' (briefs cite it as [@id])"),
        ("  credibility: 2\n", "  credibility:\n", "6: empty required field 'credibility'"),
        ("tags: [country:TJ, group:ISKP, topic:propaganda]", "tags: country:TJ", "4: 'tags' must be a list, e.g. [a, b]"),
        ("credibility: 2\n", "credibility: 2\n  credibility: 3\n", "7: duplicate field 'credibility'"),
        ("credibility: 2\n", "credibility: 2\n  figures:\n    - measure: fighters\n      value: many\n",
         "9: figure value 'many' is not a number"),
        ("credibility: 2\n", "credibility: 2\n  dated_by: desk\n",
         "7: bad dated_by 'desk': expected source or analyst"),
        ("credibility: 2\n", "credibility: 2\n  event_date: 2024-02-30\n",
         "7: bad event_date '2024-02-30': February 2024 has no day 30"),
        ("credibility: 2\n", "credibility: 2\n  kind: commentary\n",
         "7: bad kind 'commentary': expected one of incident, arrest, event, statement, assessment, "
         "estimate, forecast"),
    ],
)
def test_excerpt_field_errors(run, ws, old, new, message):
    ws.excerpts(EXCERPT.replace(old, new))
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [f"{EX}:{message}"]


def test_tlp_white_is_a_warning_and_read_as_clear(run, ws):
    ws.excerpts(EXCERPT + "  marking: TLP:WHITE\n")
    result = check(run, ws)
    assert result.exit_code == 0
    assert errors_of(result) == [
        f"{EX}:7: warning: TLP:WHITE is the TLP 1.0 label; written as TLP:CLEAR (TLP 2.0)"
    ]
    assert result.stdout.splitlines()[-1] == "1 source, 1 excerpt: 1 warning"
    library, _ = check_library(ws.root)
    assert library.excerpts["webber-media"].marking == "TLP:CLEAR"


def test_unknown_field_is_a_warning_with_did_you_mean(run, ws):
    ws.excerpts(EXCERPT + "  sumary: typo\n")
    result = check(run, ws)
    assert result.exit_code == 0
    assert errors_of(result) == [
        f"{EX}:7: warning: unknown field 'sumary' in excerpt (did you mean 'summary'?)"
    ]


def test_strict_makes_warnings_errors(run, ws):
    ws.source("unused-2020")
    result = check(run, ws)
    assert result.exit_code == 0
    assert errors_of(result) == [
        "seeds/sources/unused-2020.txt:2: warning: source 'unused-2020' is not used by any excerpt"
    ]
    result = check(run, ws, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 sources, 1 excerpt: 1 warning (warnings are errors with --strict)\n"
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"reliability": "G"}, "8:bad reliability 'G': expected an Admiralty grade A-F"),
        ({"reliability": None}, "2:missing required field 'reliability'"),
        ({"published": "2024-6-27"}, "6:bad date '2024-6-27' in 'published': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"accessed": "2024-06-31"}, "9:bad date '2024-06-31' in 'accessed': June 2024 has no day 31"),
        ({"marking": "AMBER"}, "9:bad marking 'AMBER': expected one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
                               "TLP:AMBER+STRICT, TLP:RED"),
        ({"non_body": "[1, 4]"}, "9:non_body paragraph 4 is out of range (the source has 3)"),
        ({"id": "webber-2025"}, "2:source id 'webber-2025' does not match the file name (expected 'webber-2024')"),
    ],
)
def test_source_errors(run, ws, fields, message):
    sid = fields.pop("id", "webber-2024")
    ws.source(sid, name="webber-2024", **fields)
    result = check(run, ws)
    assert result.exit_code == 1
    line, text = message.split(":", 1)
    assert f"{SRC}:{line}: {text}" in result.stdout.splitlines()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Just text.\n", "1: no front matter: a source starts with a '---' line, its fields and '---'"),
        (b"---\nid: webber-2024\ntitle: Caf\xe9\n---\nText.\n", "3: not UTF-8: byte 0xe9 cannot be decoded"),
        (b"---\nid: webber-2025\ntitle: T\nlanguage: en\nreliability: B\n---\nText.\n",
         "2: source id 'webber-2025' does not match the file name (expected 'webber-2024')"),
    ],
)
def test_a_source_that_fails_to_load_is_one_error(run, ws, content, message):
    # its excerpts are not also reported as naming an unknown source, nor the source as unused
    (ws.root / SRC).write_bytes(content)
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [f"{SRC}:{message}"]


def test_excerpts_of_a_source_removed_after_it_failed_are_reported(run, ws):
    (ws.root / SRC).write_bytes(b"Just text.\n")
    assert len(errors_of(check(run, ws))) == 1
    (ws.root / SRC).unlink()
    assert errors_of(check(run, ws)) == [f"{EX}:2: unknown source 'webber-2024'"]


def test_non_utf8_files(run, ws):
    (ws.root / EX).write_bytes(EXCERPT.encode() + b"- id: caf\xe9\n")
    (ws.root / SRC).write_bytes(b"---\nid: webber-2024\ntitle: Caf\xe9\n---\nText.\n")
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [
        f"{EX}:7: not UTF-8: byte 0xe9 cannot be decoded",
        f"{SRC}:3: not UTF-8: byte 0xe9 cannot be decoded",
    ]


def test_files_that_cannot_be_read_are_problems(run, ws):
    (ws.root / "seeds" / "sources" / "gone.txt").symlink_to(ws.root / "nowhere.txt")
    (ws.root / "seeds" / "excerpts" / "gone.yaml").symlink_to(ws.root / "nowhere.yaml")
    result = check(run, ws)
    assert result.exit_code == 1
    assert result.stdout == (
        "seeds/excerpts/gone.yaml: cannot read: No such file or directory\n"
        "seeds/sources/gone.txt: cannot read: No such file or directory\n"
    )
    assert result.stderr == "Error: 1 source, 1 excerpt: 2 errors\n"


@pytest.mark.parametrize("quote, line, advice", [
    ("  quote: the group said: we will\n", 4, "the quote holds ': ', which YAML reads as a new field: write the "
                                          "quote as a block: 'quote: >-' on its own line"),
    ("  quote: \"never closed\n", 4, "a quotation mark opened here is never closed"),
    ("  quote: @handle wrote\n", 4, "a value cannot begin with '@': put the value in double quotes"),
    ("\tquote: tabbed\n", 4, "a tab character: YAML indents with spaces only"),
])
def test_yaml_errors_say_what_to_do(run, ws, quote, line, advice):
    ws.excerpts("- id: second\n  source: webber-2024\n  tags: []\n" + quote + "  date: 2024\n")
    result = check(run, ws)
    assert result.exit_code == 1
    [found] = errors_of(result)
    assert found.startswith(f"{EX}:{line}: {advice}"), found


def test_malformed_yaml_has_its_line(run, ws):
    ws.excerpts(EXCERPT + "- id: second\n  source: [unclosed\n")
    result = check(run, ws)
    assert result.exit_code == 1
    [line] = errors_of(result)
    assert line == (f"{EX}:8: a list or mapping written on one line ([...] or {{...}}) is not closed, or an "
                    "item holds ',', ']' or '}': put that item in double quotes")


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "[]\n"])
def test_an_excerpts_file_without_excerpts_is_a_warning(run, ws, text):
    ws.excerpts(EXCERPT, name="a.yaml")
    ws.excerpts(text)
    result = check(run, ws)
    assert result.exit_code == 0
    assert errors_of(result) == [f"{EX}:1: warning: no excerpts in this file"]


def test_an_alias_repeating_an_excerpt_is_reported_at_its_own_line(run, ws):
    ws.excerpts("- &first\n  " + EXCERPT[2:] + "- *first\n")
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [f"{EX}:8: duplicate excerpt id 'webber-media' (first at {EX}:1)"]


def test_excerpts_file_must_be_a_list(run, ws):
    ws.excerpts("id: webber-media\nsource: webber-2024\n")
    result = check(run, ws)
    assert result.exit_code == 1
    assert f"{EX}:1: an excerpts file holds a YAML list ('- id: ...' items)" in errors_of(result)


VOC = "seeds/vocabulary.yaml"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: path.unlink(), f"{VOC}: missing: the vocabulary of tags is needed"),
        (lambda path: path.write_text(""), f"{VOC}:1: the vocabulary is empty: it needs 'facets:' "
                                           "with the facets and their values"),
        (lambda path: path.write_text("facets: {}\n"),
         f"{VOC}:1: no facets: the vocabulary needs at least one facet with values"),
        (lambda path: (path.unlink(), path.mkdir()),
         f"{VOC}: not a file but a folder: the vocabulary of tags is a YAML file"),
        (lambda path: path.write_bytes(b"facets:\n  caf\xe9:\n"), f"{VOC}:2: not UTF-8: byte 0xe9 cannot be decoded"),
    ],
)
def test_an_unusable_vocabulary_is_one_error_first(run, ws, make, message):
    # no tag is reported as unknown; the vocabulary comes first, before the other problems
    make(ws.root / VOC)
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 9"))
    result = check(run, ws)
    assert result.exit_code == 1
    assert errors_of(result) == [message, f"{EX}:6: bad credibility '9': expected an Admiralty grade 1-6"]


def test_not_a_workspace_is_a_clean_error(run, tmp_path):
    result = run("check", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_load_checked_library(ws):
    library, warnings = load_checked_library(ws.root)
    assert list(library.excerpts) == ["webber-media"] and warnings == []
    ws.source("unused-2020")
    with pytest.raises(LibraryError) as info:
        load_checked_library(ws.root, strict=True)
    assert [p.message for p in info.value.problems] == ["source 'unused-2020' is not used by any excerpt"]
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 9"))
    with pytest.raises(LibraryError):
        load_checked_library(ws.root)


# --- the cache ---------------------------------------------------------------------------


def test_cache_is_written_and_reused(run, ws):
    assert check(run, ws).exit_code == 0
    assert any((ws.root / ".briefpack-cache" / "library").iterdir())
    library, problems = check_library(ws.root)
    assert problems == [] and library.excerpts["webber-media"].locator == 2
    assert library.excerpts["webber-media"].path == ws.root / EX


def test_cache_rewrites_only_the_entry_of_a_changed_file(ws):
    folder = ws.root / ".briefpack-cache" / "library"
    check_library(ws.root)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(name.split("-")[0] for name in before) == ["excerpts", "source"]
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 3"))
    library, problems = check_library(ws.root)
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert problems == [] and library.excerpts["webber-media"].credibility == 3
    [kept] = before.keys() & after.keys()  # the source's entry, as it was; the old excerpts entry gone
    assert kept.startswith("source-") and before[kept] == after[kept] and len(after) == 2


def test_a_damaged_cache_entry_is_not_used(ws):
    check_library(ws.root)
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 0"))  # an error, kept in its entry
    assert [p.severity for p in check_library(ws.root)[1]] == ["error"]
    [entry] = (ws.root / ".briefpack-cache" / "library").glob("excerpts-*")
    written = entry.read_bytes()
    entry.write_bytes(written[:-5] + bytes([written[-5] ^ 1]) + written[-4:])  # the seal no longer holds
    assert [p.severity for p in check_library(ws.root)[1]] == ["error"]
    assert entry.read_bytes() == written  # checked again and written again, not read


def test_each_excerpt_has_the_key_of_its_record_while_its_file_is_unchanged(ws):
    """The key is made when the file is checked and kept with its entry; one kept that is not
    a key of each record is not taken."""
    import marshal

    from briefpack.cache_files import read_sealed, write_sealed
    from briefpack.library import check_cache
    from briefpack.library.model import record_key

    made, _ = check_library(ws.root)
    cached, _ = check_library(ws.root)
    assert made.record_keys == cached.record_keys == {"webber-media": record_key(made.excerpts["webber-media"])}
    [entry] = (ws.root / ".briefpack-cache" / "library").glob("excerpts-*")
    code = bytes.fromhex(check_cache.code_key())
    value = read_sealed(entry, check_cache.MAGIC, code, check_cache.MOST_BYTES)
    write_sealed(entry, check_cache.MAGIC, code, marshal.dumps((*value[:6], [b"short"])))  # sealed, but no key
    library, problems = check_library(ws.root)
    assert problems == [] and library.record_keys == {} and library.excerpts["webber-media"].locator == 2


def test_without_texts_a_cached_source_is_split_only_for_an_excerpt_checked_against_it(ws):
    ws.source("other-2024", paragraphs=["Another source, used by another file."])
    other = EXCERPT.replace("webber-media", "other-note").replace("webber-2024", "other-2024")
    ws.excerpts(other.replace("ISKP is ramping up its media outreach in Central Asia.",
                              "Another source, used by another file."), name="other.yaml")
    assert check_library(ws.root)[1] == []  # both sources cached
    ws.excerpts(EXCERPT.replace("media outreach in Central Asia", "presence in Central Asia"))
    library, problems = check_library(ws.root, texts=False)
    assert [p.message.split(";")[0] for p in problems] == ["quote not found in source 'webber-2024'"]
    assert "closest passage (para. 2" in problems[0].message  # its text was read for it
    assert library.sources["other-2024"].paragraphs == []  # nothing was checked against it
    ws.excerpts(EXCERPT.replace("ISKP is ramping up its media outreach in Central Asia.",
                                "It has published material in Tajik, Uzbek and Kyrgyz."))
    library, problems = check_library(ws.root, texts=False)
    assert problems == [] and library.excerpts["webber-media"].locator == 2
    library, _ = check_library(ws.root)
    assert library.sources["other-2024"].paragraphs == ["Another source, used by another file."]
    assert library.sources["webber-2024"].paragraphs[1].startswith("ISKP is ramping up")


def test_cached_errors_are_reported_again(run, ws):
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 0"))
    first = check(run, ws)
    second = check(run, ws)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout != ""


def test_changed_source_is_checked_again(run, ws):
    assert check(run, ws).exit_code == 0
    changed = [p.replace("media outreach", "press outreach") for p in PARAGRAPHS]
    ws.source(paragraphs=changed)
    result = check(run, ws)
    assert result.exit_code == 1
    assert "quote not found in source 'webber-2024'" in result.stdout


def test_changed_vocabulary_is_checked_again(run, ws):
    assert check(run, ws).exit_code == 0
    ws.vocabulary(ws.vocabulary().read_text().replace("propaganda: {label: Propaganda}", ""))
    result = check(run, ws)
    assert result.exit_code == 1
    assert f"{EX}:4: unknown tag 'topic:propaganda'" in result.stdout


def test_removed_source_is_noticed(run, ws):
    assert check(run, ws).exit_code == 0
    (ws.root / SRC).unlink()
    result = check(run, ws)
    assert result.exit_code == 1
    assert f"{EX}:2: unknown source 'webber-2024'" in result.stdout


def test_source_marking_default_follows_the_source(ws):
    library, _ = check_library(ws.root)
    assert library.excerpts["webber-media"].marking == "TLP:CLEAR"
    ws.source(marking="TLP:AMBER")
    library, _ = check_library(ws.root)
    assert library.excerpts["webber-media"].marking == "TLP:AMBER"


def test_no_cache_option(run, ws):
    result = check(run, ws, "--no-cache")
    assert result.exit_code == 0
    assert not (ws.root / ".briefpack-cache").exists()


def test_event_date_and_kind_are_read(run, ws):
    ws.excerpts(EXCERPT.replace("credibility: 2\n", "credibility: 2\n  event_date: 2024-03-22\n  kind: incident\n"))
    assert check(run, ws).exit_code == 0
    library, _ = check_library(ws.root)
    excerpt = library.excerpts["webber-media"]
    assert (excerpt.date, excerpt.event_date, excerpt.kind) == ("2024-06", "2024-03-22", "incident")


def test_an_event_after_its_source_was_published_is_a_warning(run, ws):
    ws.excerpts(EXCERPT.replace("credibility: 2\n", "credibility: 2\n  event_date: 2031-01\n"))
    result = check(run, ws)
    assert result.exit_code == 0
    [warning] = errors_of(result)
    assert warning.startswith(f"{EX}:7: warning: event_date 2031-01 is after the source's date")


def test_files_read_already_are_checked_as_read(ws):
    """A build hands the check the bytes its fingerprints hashed: those are what is checked,
    also when the file has changed on disk since."""
    from briefpack.library.check_cache import content_hash

    given = EXCERPT.replace("credibility: 2", "credibility: 3").encode()
    read = {EX: (given, content_hash(given))}
    ws.excerpts(EXCERPT.replace("credibility: 2", "credibility: 0"))  # on disk: an error
    library, problems = check_library(ws.root, read=read)
    assert problems == [] and library.excerpts["webber-media"].credibility == 3
    assert read == {}  # taken as used
    library, problems = check_library(ws.root)  # not from the cache: keyed by the bytes' hash
    assert [p.line for p in problems] == [6] and problems[0].severity == "error"
