"""Template budgets: time spent inside one filter, memory asked for in one step, helpers as
they print, and nesting that Python or the block reader cannot take.

Each case builds one brief, in this process, whose only section renders a template with the
payload on its line 2, and expects exit 1 with an error at that line. The bounds refuse before
allocating, so the cases are safe in this process: each also checks that the process never held
a gigabyte and that it took well under 20 s.
"""

from __future__ import annotations

import gc
import resource
import time

import pytest

from corpus_builder import Corpus

TEMPLATE = "templates/probe.xml.j2"
BRIEF = """\
title: Probe
marking: TLP:CLEAR
as_of: 2024-06-30
organization: Test Desk
formats: [docx]
sections:
  - type: excerpts
    title: Probe
    select: "country:KZ"
    template: templates/probe.xml.j2
"""
GIGABYTE = 1 << 30


def resident() -> int:
    """The bytes this process holds now (its resident set), after a collection: the builds other
    tests ran in it leave garbage that only a full collection gives back."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def peak() -> int:
    """The most bytes this process has held."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@pytest.fixture
def probe(tmp_path, run):
    """probe(payload, *options) -> (Result, seconds): build the probe brief, its template's
    line 2 being ``payload``."""
    corpus = Corpus(tmp_path / "ws")
    corpus.brief("probe", BRIEF)
    (corpus.root / "templates").mkdir(exist_ok=True)

    def _probe(payload: str, *options, template: str = TEMPLATE, jobs: int = 1):
        path = corpus.root / template
        path.write_text("<p>fine</p>\n" + payload + "\n", encoding="utf-8")
        settled, highest = resident(), peak()
        started = time.monotonic()
        formats = ("--format", "docx") if jobs == 1 else ("--format", "docx", "--format", "pdf")  # 2: a pool
        result = run("build", "--root", corpus.root, "--jobs", jobs, "--force", *formats, *options,
                     corpus.root / "briefs" / "probe.yaml")
        result.grew = peak() - settled if peak() > highest else 0  # how far the build took the process
        return result, time.monotonic() - started

    return _probe


def refused(result, seconds: float, message: str, template: str = TEMPLATE, line: int = 2) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {template}:{line}: "), result.output
    assert message in result.stderr, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert seconds < 20
    assert result.grew < GIGABYTE


# ---------------------------------------------------------------- time
@pytest.mark.parametrize("payload", [
    "{{ ('x'*2000000)|wordwrap(1)|length }}",  # one filter call, quadratic inside
    "{{ (range(100000)|join)|wordwrap(1)|length }}",  # a long word made by a filter: quadratic too
])
def test_a_long_filter_is_stopped_at_the_time_limit(probe, payload):
    result, seconds = probe(payload, "--template-time", "0.5")
    refused(result, seconds, "took longer than 0.5 s, the time limit of a template (build --template-time)")
    assert seconds < 0.5 + 3  # the build around it included


def test_a_long_filter_is_stopped_in_a_worker_process_too(probe):
    result, seconds = probe("{{ ('x'*2000000)|wordwrap(1)|length }}", "--template-time", "0.5", jobs=2)
    refused(result, seconds, "took longer than 0.5 s, the time limit of a template (build --template-time)")
    assert seconds < 0.5 + 5


def test_a_template_within_its_time_builds(probe):
    result, _ = probe("<p>{{ ('word '*200)|wordwrap(20)|length }}</p>", "--template-time", "0.5")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- memory, refused before allocating
BOMBS = [
    ("{{ [1]|tojson(indent=10**9) }}", "JSON indented by 1,000,000,000 is over the limit"),
    ("{{ [[1, [2]]]|tojson(indent=' '*10**7) }}", "JSON indented by 10,000,000 is over the limit"),
    ("{{ 'x'.encode()*2000000000 }}", "a repetition of 2,000,000,000 bytes is over the limit of 20,000,000"),
    ("{{ 2000000000*'x'.encode() }}", "a repetition of 2,000,000,000 bytes"),
    ("{{ 'x'.encode().center(10**9) }}", "a width of 1,000,000,000 is over the limit"),
    ("{{ '%1000000000s'.encode() % ('x'.encode(),) }}", "a format width of 1,000,000,000"),
    ("{{ [['x'.encode()*15000000]]*100 }}", "the text in a collection is over the limit"),
    ("{% set big = 'x'*15000000 %}{{ ' '.join([big, big, big]) }}", "a join of 45,000,002 characters"),
    ("{% set big = 'x'*15000000 %}{{ big.join(['a', 'b', 'c']) }}", "a join of 30,000,003 characters"),
    ("{% set big = 'x'*15000000 %}{{ big.join(['a', 'b', 'c']|reverse) }}", "a join of 30,000,003 characters"),
    ("{% set big = 'x'*15000000 %}{{ big.encode().join(['a'.encode()]*3) }}", "a join of 30,000,003"),
    ("{{ ('x '*1000000)|wordwrap(1, wrapstring='y'*1000) }}", "a wrapped text of up to 2,002,001,000 characters"),
    ("{{ ('x'*15000000)|sort|length }}", "a collection of 15,000,000 items is over the limit of 1,000,000"),
    ("{{ ('x'*15000000)|unique|list|length }}", "a collection of 15,000,000 items"),
    ("{{ ('x'*15000000)|map('upper')|list|length }}", "a collection of 15,000,000 items"),
    ("{{ ('x'*15000000)|batch(3)|list|length }}", "a collection of 15,000,000 items"),
    ("{{ ('x'*15000000)|slice(3)|list|length }}", "a collection of 15,000,000 items"),
    ("{{ [1]|batch(10**9, 0)|list }}", "a count of 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ range(10**9)|list }}", "a range of 1,000,000,000 numbers is over the limit of 100,000"),
    ("{{ '%*s'|format(1000000000, 'x') }}", "a format width of 1,000,000,000"),
    ("{{ '%*s' % (1000000000, 'x') }}", "a format width of 1,000,000,000"),
    ("{{ '%.1000000000f' % 1.5 }}", "a format width of 1,000,000,000"),
    ("{{ '{:>1000000000}'.format('x') }}", "a format width of 1,000,000,000"),
    ("{{ '{:>{w}}'.format('x', w='1000000000') }}", "a format width of 1,000,000,000"),
    ("{{ '{:{s}}'.format('x', s='>1000000000') }}", "a format width of 1,000,000,000"),
    ("{{ 'x'|center(10**9) }}", "a width of 1,000,000,000 is over the limit of 20,000,000 characters"),
    ("{{ 'x'|indent(width=10**9) }}", "an indented text is over the limit"),
    ("{{ ('x'*15000000)|truncate(10, end='y'*10**9) }}", "a repetition of 1,000,000,000 characters"),
    ("{{ ('x'*10000)|replace('x', 'y'*10000) }}", "a replacement of 100,000,000 characters"),
    ("{{ ('x'*10000)|replace('x', 'y'*10000, 5000) }}", "a replacement of 50,005,000 characters"),
    ("{{ ('x'*10000).replace('x', 'y'*10000, 5000) }}", "a replacement of 50,005,000 characters"),
]


@pytest.mark.parametrize("payload, message", BOMBS, ids=[b[0][:50] for b in BOMBS])
def test_a_memory_bomb_is_refused_before_it_allocates(probe, payload, message):
    result, seconds = probe(payload)
    refused(result, seconds, message)
    assert seconds < 5  # refused at once, not after the allocation


@pytest.mark.parametrize("payload", [
    "<p>{{ ('x '*100)|wordwrap(5, wrapstring='/') }}</p>",
    "<p>{{ [1, [2, [3]]]|tojson(indent=2) }}</p>",
    "<p>{{ ('x'*10000)|replace('x', 'yy', 5)|length }}</p>",
    "<p>{{ '{:>{w}}'.format('x', w='8') }}</p>",
    "<p>{{ ', '.join(['a', 'b']|reverse) }}</p>",
    "<p>{{ ('x'*1000)|sort|join }}</p>",
    "<p>{{ [5000000, 20000000]|select('gt', 10000000)|join }}</p>",  # numbers are not counts here
    "<p>{{ '%*s' % (5, 'call 123456789012') }}</p>",  # a text is never a width here
])
def test_the_same_filters_within_the_bounds_build(probe, payload):
    result, _ = probe(payload)
    assert result.exit_code == 0, result.output


def test_memory_held_across_nested_calls_is_bounded(probe):
    payload = ("{% macro m(n) %}{% set s = 'y'*10000000 ~ n %}{% if n > 0 %}{{ m(n - 1) }}{% endif %}"
               "{{ s|length }}{% endmacro %}{{ m(100) }}")
    result, seconds = probe(payload, "--template-memory", "100")
    refused(result, seconds, "needed more than 100 MB of memory, the memory limit of a template "
                             "(build --template-memory)")


# ---------------------------------------------------------------- helpers print as their name
def test_a_helper_prints_as_its_name(probe, tmp_path):
    from docx import Document

    result, _ = probe("<p>[{{ cite|pprint }}] [{{ cite }}] [{{ cite|string }}] [{{ [is_stale]|join }}]</p>")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(tmp_path / "ws" / "out" / "probe.docx").paragraphs)
    assert "[cite] [cite] [cite] [is_stale]" in text
    assert "0x" not in text and "function" not in text


def test_what_a_helper_wraps_is_out_of_reach(probe):
    result, _ = probe("<p>{{ cite._function }}</p>")
    refused(result, 0, "not allowed in a template")


# ---------------------------------------------------------------- nesting
def test_a_thousand_nested_elements_are_an_error_at_the_template_line(probe):
    result, seconds = probe("<p>" + "<em>" * 1000 + "x" + "</em>" * 1000 + "</p>")
    refused(result, seconds, "elements nested more than 100 deep")


def test_elements_nested_a_hundred_deep_build(probe):
    result, _ = probe("<p>" + "<em>" * 99 + "x" + "</em>" * 99 + "</p>")
    assert result.exit_code == 0, result.output


def test_twenty_five_nested_loops_are_a_syntax_error_at_the_template_line(probe):
    loops = "".join(f"{{% for a{i} in [1] %}}" for i in range(25)) + "x" + "{% endfor %}" * 25
    result, seconds = probe(loops)
    refused(result, seconds, "template syntax error: loops or blocks nested too deeply")


def test_a_template_that_includes_itself_is_refused_as_recursion(probe):
    result, seconds = probe('{% include "probe.xml.j2" %}')
    refused(result, seconds, "a template that includes itself")
    assert "inside the workspace" not in result.stderr


def test_check_reports_twenty_five_nested_loops_at_the_template_line(tmp_path, run):
    corpus = Corpus(tmp_path / "ws")
    (corpus.root / "templates").mkdir(exist_ok=True)
    loops = "".join(f"{{% for a{i} in [1] %}}" for i in range(25)) + "x" + "{% endfor %}" * 25
    (corpus.root / TEMPLATE).write_text("<p>fine</p>\n" + loops + "\n", encoding="utf-8")
    result = run("check", "--root", corpus.root)
    assert result.exit_code == 1, result.output
    assert f"{TEMPLATE}:2: template syntax error: loops or blocks nested too deeply" in result.output


# ---------------------------------------------------------------- the estimates are upper bounds
@pytest.mark.parametrize("text, width, wrapstring", [
    ("word " * 50, 7, "<br/>"), ("x" * 300, 1, "//"), ("a-b c\td\re\u2028f\n\ng" * 20, 3, "|"),
    ("", 5, "abc"), ("long-hyphenated-word and more " * 10, 4, "~~~"),
])
def test_the_wordwrap_estimate_is_never_below_the_result(text, width, wrapstring):
    """What is wrapped within the limit may pass; what would be over it never does."""
    from jinja2 import Environment
    from jinja2.filters import do_wordwrap

    from briefpack.compose.limits import FILTER_CHECKS, LimitExceeded

    result = do_wordwrap(Environment(), text, width, wrapstring=wrapstring)
    with pytest.raises(LimitExceeded):  # a limit just below the result: refused before wrapping
        FILTER_CHECKS["wordwrap"](len(result) - 1, text, (width,), {"wrapstring": wrapstring})


@pytest.mark.parametrize("value, indent", [
    ([1, [2, [3, {"a": [4]}]]], 2), ({"a": {}, "b": [], "c": [[[]]]}, 1), ([[1, 2]] * 20, 7), ({"k": ["x", {"y": None}]}, 3),
])
def test_the_tojson_estimate_is_never_below_the_indentation(value, indent):
    import json

    from briefpack.compose.limits import FILTER_CHECKS, LimitExceeded

    indentation = len(json.dumps(value, indent=indent)) - len(json.dumps(value, separators=(",", ":")))
    with pytest.raises(LimitExceeded):
        FILTER_CHECKS["tojson"](indentation - 1, value, (indent,), {})


# ---------------------------------------------------------------- the alarm and the caller's
def test_the_callers_alarm_and_handler_are_kept():
    import signal

    from briefpack.compose.budget import alarm_after

    def callers(signum, frame):
        raise AssertionError("the caller's alarm came early")

    def expired():
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, callers)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with pytest.raises(TimeoutError), alarm_after(0.2, expired):
            while True:
                pass
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert signal.getsignal(signal.SIGALRM) is callers
        assert 28 < remaining <= 30
        with alarm_after(60, lambda: None):  # the caller's comes first: left alone
            assert signal.getsignal(signal.SIGALRM) is callers
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_text_field_of_a_brief_is_bounded_too(tmp_path, run):
    corpus = Corpus(tmp_path / "ws")
    corpus.brief("probe", BRIEF.replace("title: Probe", "title: \"{{ 'x'.encode()*2000000000 }}\"", 1))
    result = run("build", "--root", corpus.root, "--jobs", "1", corpus.root / "briefs" / "probe.yaml")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: briefs/probe.yaml:1: cannot render: a repetition of 2,000,000,000 bytes")
