"""Security: what hostile templates and inputs cannot do.

Each case starts from a workspace whose packs were built once, makes one hostile change, and runs
``briefpack build`` in a child process under a time limit (a hang fails the case, not the suite;
the children are forked from one that has imported briefpack, see forked_cli).
It checks what a user would: exit code 1, an ``Error: path:line: message``, no traceback, the
earlier outputs and ``out/manifest.json`` byte for byte as they were, and nothing outside the
workspace read, written or deleted (an audit hook in the child, inherited by the build's worker
processes, logs every file operation under the watched folder; the folder is compared before and
after).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_builder import OUTPUTS, Corpus, briefpack_command
from forked_cli import Completed, TimedOut, run_forked

TIME_LIMIT = 60  # seconds for one build; every case is far below it when the sandbox holds
SECRET = "SECRET-7f3a9c-outside-the-workspace"
# At most 3 GB of address space for the child: a bound that fails to hold fails its case with a
# MemoryError instead of exhausting the machine.
MEMORY_CAP = 3 << 30


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    touched: list[str]  # file operations outside the workspace


class Case:
    """A copy of the built workspace, a folder outside it holding a secret, and a build runner."""

    def __init__(self, base: Path, built: Path):
        self.base = base
        self.root = base / "ws"
        shutil.copytree(built, self.root, symlinks=True)
        self.outside = base / "outside"
        self.outside.mkdir()
        (self.outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
        (self.outside / "secret.xml.j2").write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
        self.before = self.snapshot()

    def put(self, rel: str, text: str, bom: bool = False) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + textwrap.dedent(text).encode("utf-8"))
        return path

    def link(self, rel: str, target: Path) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
        return path

    def snapshot(self) -> dict:
        """Every file of the outputs, the library and the folder outside, with its bytes."""
        files = {}
        for folder in (self.root / "out", self.root / "seeds", self.outside):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files[str(path.relative_to(self.base))] = path.read_bytes()
        return files

    def build(self, *args, jobs: int = 1, timeout: float = TIME_LIMIT) -> Run:
        """The build in a child process that logs every file operation under the folder outside
        (links resolved), as do the worker processes it starts."""
        log = self.base / "audit.log"
        env = {k: v for k, v in os.environ.items() if k != "BRIEFPACK_DEBUG"}
        env["SOURCE_DATE_EPOCH"] = "1719792000"
        try:
            done = run_forked(["build", "--root", self.root, "--jobs", jobs, *args], env=env, cwd=self.base,
                              timeout=timeout, memory=MEMORY_CAP, audit=(log, self.outside.resolve()))
        except TimedOut:
            pytest.fail(f"the build ran past {timeout} s")
        touched = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return Run(done.returncode, done.stdout, done.stderr, touched)

    def refused(self, where: str, *fragments: str, args=(), jobs: int = 1) -> Run:
        """Build; assert it fails cleanly at ``where`` (``path:line``) and changes nothing."""
        run = self.build(*args, jobs=jobs)
        shown = run.stdout + run.stderr
        assert run.exit_code == 1, shown
        assert run.stderr.startswith(f"Error: {where}: "), shown
        for fragment in fragments:
            assert fragment in run.stderr, shown
        assert "Traceback" not in shown and "internal error" not in shown, shown
        assert SECRET not in shown, shown
        assert run.touched == [], run.touched
        assert self.snapshot() == self.before  # outputs, manifest, library and outside unchanged
        return run


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A workspace built once (two briefs, six outputs); each case copies it."""
    base = tmp_path_factory.mktemp("built")
    corpus = Corpus(base / "ws")
    case = Case.__new__(Case)
    case.base, case.root, case.outside = base, corpus.root, base / "outside"
    case.outside.mkdir()
    run = case.build()
    assert run.exit_code == 0, run.stdout + run.stderr
    assert (corpus.out / "manifest.json").is_file()
    return corpus.root


@pytest.fixture
def case(tmp_path, built) -> Case:
    return Case(tmp_path, built)


def template(payload: str) -> str:
    """An ``excerpts`` section template with ``payload`` on its line 2 (the handout brief's
    "Recent reporting" section uses it)."""
    return "<p>fine</p>\n" + payload + "\n"


EXCERPTS_T = "templates/excerpts.xml.j2"


# ================================================================ templates: no file system
# The escapes found through pathlib.Path: templates see plain records, no path at all.
def test_read_text_through_the_brief_path(case):
    case.put(EXCERPTS_T, template(
        "<p>{{ ((brief.path.parents|list)[2] / 'outside' / 'secret.txt').read_text() }}</p>"))
    case.refused(f"{EXCERPTS_T}:2", "undefined", "path", jobs=2)  # in a worker process


def test_write_text_through_the_brief_path(case):
    case.put(EXCERPTS_T, template(
        "{{ (brief.path.parent.parent.parent / 'outside' / 'evil.pth').write_text('import os') }}"))
    case.refused(f"{EXCERPTS_T}:2", "undefined")
    assert not (case.outside / "evil.pth").exists()


def test_unlink_through_a_source_path(case):
    case.put(EXCERPTS_T, template("{{ excerpts[0].source.path.unlink() }}"))
    case.refused(f"{EXCERPTS_T}:2", "undefined")


def test_brief_object_is_a_record_without_methods_on_files(case):
    case.put(EXCERPTS_T, template("{{ brief.error('x').with_traceback(none) }}"))
    case.refused(f"{EXCERPTS_T}:2", "undefined")


def test_template_context_holds_plain_records_only(tmp_path):
    """Walk everything reachable from a section template's context by public attributes:
    strings, numbers, dates, records, tuples and read-only mappings of them, and the helpers."""
    from datetime import date
    from types import MappingProxyType

    from briefpack.briefs.read import load_brief
    from briefpack.compose.expand import expand_brief
    from briefpack.compose.composer import _Composer
    from briefpack.library.load import load_library

    corpus = Corpus(tmp_path / "ws")
    library = load_library(corpus.root)[0]
    brief = expand_brief(load_brief(corpus.root / "briefs" / "handout.yaml"), library)[0]
    composer = _Composer(brief, library, corpus.root, None)
    section = brief.sections[0]
    params, excerpts = composer.section_excerpts(1, section)
    from briefpack.compose.template_context import excerpt_view

    views = [excerpt_view(e, library, composer.sources) for e in excerpts]
    context = composer.context(section, params, "T", "a", 1, views)
    from briefpack.compose import dating

    functions = set(composer.helpers.functions()) | set(composer.figure_helpers.functions()) | set(dating.FUNCTIONS)
    seen, kinds = set(), set()

    def walk(value, where):
        if id(value) in seen:
            return
        seen.add(id(value))
        if value is None or isinstance(value, (str, int, float, date)):
            return
        if isinstance(value, tuple):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")
            return
        if isinstance(value, MappingProxyType):
            for key, item in value.items():
                walk(item, f"{where}[{key!r}]")
            return
        assert not isinstance(value, (list, dict, set, Path)), where
        assert type(value).__module__ == "briefpack.compose.template_context" or hasattr(value, "_fields"), where
        kinds.add(type(value).__name__)
        for name in dir(value):
            if not name.startswith("_") and not callable(getattr(value, name)):
                walk(getattr(value, name), f"{where}.{name}")

    for name, value in context.items():
        if name not in functions:
            walk(value, name)
    assert {"ExcerptView", "SourceView", "BriefView", "SectionView", "VocabularyView"} <= kinds


# ================================================================ templates: files in the workspace only
def test_default_template_linked_outside(case):
    case.link(EXCERPTS_T, case.outside / "secret.xml.j2")
    case.refused("briefs/handout.yaml:16", "template must be inside the workspace: templates/excerpts.xml.j2")


def test_named_template_linked_outside(case):
    case.link("templates/mine.xml.j2", case.outside / "secret.xml.j2")
    text = (case.root / "briefs" / "regional.yaml").read_text(encoding="utf-8")
    case.put("briefs/regional.yaml", text.replace("    title: Regional outlook\n",
                                                  "    title: Regional outlook\n    template: templates/mine.xml.j2\n"))
    case.refused("briefs/regional.yaml:15", "template must be inside the workspace: templates/mine.xml.j2")


@pytest.mark.parametrize("named", ["../outside/secret.xml.j2", "{outside}/secret.xml.j2"])
def test_named_template_outside_by_its_path(case, named):
    named = named.format(outside=case.outside)
    text = (case.root / "briefs" / "regional.yaml").read_text(encoding="utf-8")
    case.put("briefs/regional.yaml", text.replace("    title: Regional outlook\n",
                                                  f"    title: Regional outlook\n    template: {named}\n"))
    case.refused("briefs/regional.yaml:15", f"template must be inside the workspace: {named}")


def test_templates_folder_linked_outside(case):
    case.link("templates", case.outside)
    (case.outside / "excerpts.xml.j2").write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
    case.before = case.snapshot()
    case.refused("briefs/handout.yaml:16", "template must be inside the workspace")


def test_included_template_linked_outside(case):
    case.link("templates/part.xml.j2", case.outside / "secret.xml.j2")
    case.put(EXCERPTS_T, template('{% include "part.xml.j2" %}'))
    case.refused(f"{EXCERPTS_T}:2", "template must be inside the workspace: part.xml.j2")


def test_imported_template_linked_outside(case):
    case.link("templates/macros.j2", case.outside / "secret.xml.j2")
    case.put(EXCERPTS_T, template('{% import "macros.j2" as m %}'))
    case.refused(f"{EXCERPTS_T}:2", "template must be inside the workspace: macros.j2")


def test_include_by_absolute_path_or_parent_folder(case):
    case.put(EXCERPTS_T, template('{%% include "%s" %%}' % (case.outside / "secret.xml.j2")))
    case.refused(f"{EXCERPTS_T}:2", "template not found")
    case.put(EXCERPTS_T, template('{% include "../../outside/secret.xml.j2" %}'))
    case.refused(f"{EXCERPTS_T}:2", "template not found")


def test_template_with_a_byte_order_mark_is_read_as_without(case):
    """docs/formats.md: a byte-order mark is ignored. The same template with and without one
    makes the same documents, byte for byte (each built afresh)."""
    original = Path(__file__).parents[2] / "src" / "briefpack" / "compose" / "templates" / "excerpts.xml.j2"
    documents = []
    for bom in (True, False):
        shutil.rmtree(case.root / "out")
        case.put(EXCERPTS_T, original.read_text(encoding="utf-8"), bom=bom)
        run = case.build("briefs/handout.yaml")
        assert run.exit_code == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr and run.touched == []
        out = case.root / "out"
        documents.append({p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".docx", ".pdf")})
    assert sorted(documents[0]) == ["handout-kg.docx", "handout-kg.pdf", "handout-kz.docx", "handout-kz.pdf"]
    assert documents[0] == documents[1]


# ================================================================ templates: the classic escape routes
# Each is refused by the sandbox at the template's line; none reaches Python's internals.
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__()[0] }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ cite.__self__ }}",
    "{{ cite.__func__.__globals__ }}",
    "{{ format_date.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ excerpts[0].__class__.__init__.__globals__ }}",
    "{{ excerpts[0].source.__dict__ }}",
    "{{ '{0.__class__.__mro__}'.format(excerpts) }}",
    "{{ '{0.__init__.__globals__}'.format(cycler) }}",
    "{{ '{x.__class__}'.format_map({'x': excerpts}) }}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ (cite|attr('__self__')) }}",
    "{{ excerpts|attr('__class__') }}",
    "{{ (excerpts[0]|attr('source'))|attr('path') }}",
    "{{ excerpts|map(attribute='__class__')|list }}",
    "{{ ('{0.__class__}'|attr('format'))(excerpts) }}",
    "{{ ('{0.source.path}'|attr('format'))(excerpts[0]) }}",
    "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
    "{{ loop.__class__ }}",
    "{{ excerpts.append(1) }}",
    "{{ vocabulary.facets.clear() }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_route_is_refused(case, payload):
    case.put(EXCERPTS_T, template(payload))
    case.refused(f"{EXCERPTS_T}:2")


# ================================================================ templates: bounded work
# Numbers, repetitions, ranges, widths and loops that used to run for minutes or take gigabytes
# are refused at once (or when the time or output budget runs out), at the template's line.
BOMBS = [
    ("{{ (2**(2**33)) > 0 }}", "a number of about 8,589,934,592 bits is over the limit of 10,000"),
    ("{{ (2**9000) * (2**9000) }}", "bits is over the limit of 10,000"),
    ("{{ 'x'*10**9 }}", "a repetition of 1,000,000,000 characters is over the limit of 20,000,000"),
    ("{{ 10**9*'x' }}", "a repetition of 1,000,000,000 characters"),
    ("{{ [0]*10**9 }}", "a repetition of 1,000,000,000 items is over the limit of 1,000,000"),
    ("{{ range(10**12)|list }}", "a range of 1,000,000,000,000 numbers is over the limit of 100,000"),
    ("{% for i in range(10**12) %}{% endfor %}", "a range of 1,000,000,000,000 numbers"),
    ("{{ 'x'|center(10**9) }}", "a width of 1,000,000,000 is over the limit of 20,000,000 characters"),
    ("{{ 'x'.ljust(10**9) }}", "a width of 1,000,000,000"),
    ("{{ '%1000000000s'|format('x') }}", "a format width of 1,000,000,000"),
    ("{{ '%1000000000s' % 'x' }}", "a format width of 1,000,000,000"),
    ("{{ '{:>1000000000}'.format(1) }}", "a format width of 1,000,000,000"),
    ("{{ ('x'*1000)|replace('x', 'y'*100000) }}", "a replacement of 100,000,000 characters"),
    ("{{ [1]|batch(10**9, 0)|list }}", "a count of 1,000,000,000 is over the limit of 1,000,000"),
    ("{% set ns = namespace(x='ab') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
     "a text of 33,554,432 characters is over the limit of 20,000,000 characters"),
    ("{% set ns = namespace(d={}) %}{% for i in range(100) %}"
     "{% set ns.d = dict(ns.d, **{i|string: 'y' * 10**6 ~ i}) %}{% endfor %}",
     "the text in a collection is over the limit of 20,000,000 characters"),
    ("{% set ns = namespace(l=[]) %}{% for i in range(100) %}{% set ns.l = ns.l + ['y' * 10**6 ~ i] %}"
     "{% endfor %}", "the text in a collection is over the limit"),
    ("{% macro m() %}{% for i in range(100000) %}{{ 'y'*1000 }}{% endfor %}{% endmacro %}{{ m() }}",
     "output is over the limit of 20,000,000 characters (build --template-output)"),
    ("{{ [['y'*10000]]*1000000 }}", "the text in a collection is over the limit of 20,000,000"),
    ("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "nested too deeply"),
]


@pytest.mark.parametrize("payload, message", BOMBS, ids=[b[0][:40] for b in BOMBS])
def test_bomb_in_a_template_is_refused(case, payload, message):
    case.put(EXCERPTS_T, template(payload))
    case.refused(f"{EXCERPTS_T}:2", message)


def timed_brief(case, title: str = "Timed") -> str:
    """A brief of one excerpts section, built by name: a small time limit then bounds only the
    template under test, however busy the machine."""
    case.put("briefs/timed.yaml", f"""\
        title: "{title}"
        marking: TLP:CLEAR
        as_of: 2024-06-30
        formats: [docx]
        sections:
          - type: excerpts
            select: "country:KZ"
        """)
    return "briefs/timed.yaml"


def test_nested_loops_stop_at_the_time_limit(case):
    case.put(EXCERPTS_T, template(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"))
    case.refused(f"{EXCERPTS_T}:2", "took longer than 0.3 s, the time limit of a template (build --template-time)",
                 args=(timed_brief(case), "--template-time", "0.3"), jobs=2)  # in a worker process


def test_loops_over_text_stop_at_the_time_limit(case):
    case.put(EXCERPTS_T, template("{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}{% endfor %}{% endfor %}"))
    case.refused(f"{EXCERPTS_T}:2", "took longer than 0.3 s",
                 args=(timed_brief(case), "--template-time", "0.3"))


def test_output_limit_is_configurable(case):
    case.put(EXCERPTS_T, template("{% for i in range(100) %}<p>{{ 'y' * 1000 }}</p>{% endfor %}"))
    case.refused(f"{EXCERPTS_T}:2", "output is over the limit of 50,000 characters",
                 args=("--template-output", "50000"))


def brief_line(case, name: str, old: str, new: str) -> None:
    text = (case.root / "briefs" / name).read_text(encoding="utf-8")
    assert old in text
    case.put(f"briefs/{name}", text.replace(old, new, 1))


def test_big_number_in_a_brief_title(case):
    brief_line(case, "regional.yaml", 'title: "Central Asia: regional pack"', 'title: "{{ (2**(2**33)) > 0 }}"')
    case.refused("briefs/regional.yaml:1", "cannot render: a number of about 8,589,934,592 bits")


def test_repetition_in_a_key_judgment(case):
    brief_line(case, "regional.yaml", "  - ISKP recruits", "  - ISKP {{ 'x' * 10**9 }} recruits")
    case.refused("briefs/regional.yaml:7", "a repetition of 1,000,000,000 characters")


def test_nested_loops_in_a_brief_text_field(case):
    brief = timed_brief(case, "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}")
    case.refused(f"{brief}:1", "took longer than 0.3 s", args=(brief, "--template-time", "0.3"))


# ================================================================ inputs
# Library files, briefs, manifests and the machine: each case runs the command in a child
# process under a time limit (a hang fails the case), on a copy of a workspace built once, and
# checks the exit code, the message (path:line where there is one), that no traceback or
# internal error shows, and that the earlier outputs and the manifest are unchanged.

LIMIT = 60  # seconds any one command may take here; every case below takes a few at most


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A corpus built once (DOCX and PDF); each test works on a copy of it."""
    root = tmp_path_factory.mktemp("built") / "ws"
    Corpus(root)
    result = run_limited(["build", "--root", root, "--quiet"])
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def ws(built_once, tmp_path):
    """A copy of the built workspace, with what its build left to compare against."""
    root = tmp_path / "ws"
    shutil.copytree(built_once, root, symlinks=True)
    return Built(root)


class Built:
    def __init__(self, root: Path):
        self.root = root
        self.out = root / "out"
        self.before = self.snapshot()

    def snapshot(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.out.iterdir()) if p.name != ".briefpack.lock"}

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def run(self, *args, env=None, timeout=LIMIT):
        return run_limited([*args[:1], "--root", self.root, *args[1:]], env=env, timeout=timeout, cwd=self.root)

    def assert_untouched(self):
        """The outputs and the manifest of the earlier build, byte for byte; no temporary left."""
        assert self.snapshot() == self.before
        assert sorted(self.before) == sorted([*OUTPUTS, "manifest.json"])


def run_limited(args, env=None, timeout=LIMIT, cwd=None) -> Completed:
    """The briefpack command in a process of its own, killed (and the test failed) past ``timeout``."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "BRIEFPACK_DEBUG")}
    environment.update(env or {})
    try:
        return run_forked(args, env=environment, cwd=cwd or os.getcwd(), timeout=timeout)
    except TimedOut:
        pytest.fail(f"briefpack {' '.join(map(str, args[:3]))} ... still running after {timeout} s")


def assert_error(result, code: int, *messages: str):
    """Exit ``code``; each message shown (check's findings go to stdout); no traceback or internal error."""
    assert result.returncode == code, result.stderr
    for message in messages:
        assert message in result.stdout + result.stderr
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text and "internal error" not in text


def laughs(levels: int, indent: str = "") -> str:
    """YAML lines of a "billion laughs": each anchor is a list of ten aliases of the one before."""
    lines = [f"{indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


BRIEF = """\
title: T
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx]
sections:
  - type: excerpts
    select: "country:KZ"
"""


def excerpt_yaml(eid="x", quote="About 400 Kazakhs fight in Syria.", extra="") -> str:
    return (f"- id: {eid}\n  source: gov-2016\n  quote: {quote}\n  tags: [country:KZ]\n  date: 2016\n"
            f"  credibility: 3\n{extra}")


# ---------------------------------------------------------------- inputs that cannot blow up
def test_billion_laughs_brief_fails_at_its_alias_and_other_briefs_still_build(ws):
    ws.write("briefs/lol.yaml", BRIEF.replace("sections:", "variables:\n" + laughs(9, "  ") + "sections:"))
    result = ws.run("build", "briefs/lol.yaml")
    assert_error(result, 1, "Error: briefs/lol.yaml:10: aliases stand for more than 100,000 values")
    ws.assert_untouched()
    other = ws.run("build", "briefs/regional.yaml", "--force", "--quiet", "--format", "docx")
    assert (other.returncode, other.stderr) == (0, "")  # every brief is read to find shared outputs


@pytest.mark.parametrize("rel, text, message", [
    ("seeds/excerpts/lol.yaml", excerpt_yaml(extra="  note: {" + laughs(9).replace("\n", ", ") + "}\n"),
     "seeds/excerpts/lol.yaml:7: aliases stand for more than 100,000 values"),
    ("seeds/vocabulary.yaml", "facets:\n  x:\n    label: X\n    values:\n" + laughs(9, "      "),
     "seeds/vocabulary.yaml:9: aliases stand for more than 100,000 values"),
    ("seeds/sources/lol.txt", "---\nid: lol\ntitle: T\nlanguage: en\nreliability: B\n" + laughs(9) + "---\nText.\n",
     "seeds/sources/lol.txt:10: aliases stand for more than 100,000 values"),
])
def test_billion_laughs_in_the_library_fails_at_its_alias(ws, rel, text, message):
    ws.write(rel, text)
    assert_error(ws.run("check"), 1, message)
    assert_error(ws.run("build"), 1, message)
    ws.assert_untouched()


def test_two_hundred_thousand_alias_items_are_refused_without_reading_the_file_again(ws):
    # The anchored excerpt is 14 values (a mapping, 6 keys, 5 texts, a list of one): the
    # 7,143rd alias, on line 7 + 7,143, takes the total past 100,000.
    ws.write("seeds/excerpts/many.yaml", "- &x\n  " + excerpt_yaml()[2:] + "- *x\n" * 200_000)
    result = ws.run("check", timeout=20)
    assert_error(result, 1, "seeds/excerpts/many.yaml:7150: aliases stand for more than 100,000 values")
    ws.assert_untouched()


def test_an_alias_inside_the_value_it_names_is_refused(ws):
    ws.write("briefs/loop.yaml", BRIEF.replace("sections:", "variables:\n  x: &a [1, *a]\nsections:"))
    assert_error(ws.run("build", "briefs/loop.yaml"), 1,
                 "Error: briefs/loop.yaml:6: the alias *a stands inside the value it names")
    ws.assert_untouched()


@pytest.mark.parametrize("nesting", ["[" * 1000 + "]" * 1000, "".join(f"\n{'  ' * i}- " for i in range(1, 1000)) + "x"])
def test_a_brief_nested_a_thousand_deep_is_refused_at_its_line(ws, nesting):
    ws.write("briefs/deep.yaml", BRIEF.replace("sections:", f"variables:\n  x: {nesting}\nsections:"))
    result = ws.run("build", "briefs/deep.yaml")
    assert_error(result, 1, "Error: briefs/deep.yaml:")
    assert "nested more than 50 deep" in result.stderr or "maximum nesting depth" in result.stderr
    ws.assert_untouched()


def test_a_hundred_thousand_unknown_tags_are_each_reported_in_time(ws):
    tags = "".join(f"    - topic:unknown{i}\n" for i in range(100_000))
    ws.write("seeds/excerpts/t.yaml", excerpt_yaml().replace("  tags: [country:KZ]\n", "  tags:\n" + tags))
    result = ws.run("check", timeout=30)
    assert_error(result, 1, "3 sources, 9 excerpts: 100000 errors")
    assert result.stdout.count("unknown tag 'topic:unknown") == 100_000
    assert "seeds/excerpts/t.yaml:100004: unknown tag 'topic:unknown99999'" in result.stdout


def test_thirty_thousand_valid_tags_are_checked_in_time(ws):
    from corpus_builder import VOCABULARY

    ws.write("seeds/vocabulary.yaml", VOCABULARY + "".join(f"      v{i}: V{i}\n" for i in range(30_000)))
    tags = "".join(f"    - topic:v{i}\n" for i in range(30_000))
    ws.write("seeds/excerpts/t.yaml", excerpt_yaml().replace("  tags: [country:KZ]\n", "  tags:\n" + tags))
    result = ws.run("check", "--no-cache", timeout=30)
    assert result.returncode == 0 and "seeds/" not in result.stdout  # (the briefs' own warnings aside)
    assert result.stdout.splitlines()[-1].startswith("3 sources, 9 excerpts")


def test_unknown_tags_against_a_large_vocabulary_are_checked_in_time(ws):
    from corpus_builder import VOCABULARY

    ws.write("seeds/vocabulary.yaml", VOCABULARY + "".join(f"      v{i}: V{i}\n" for i in range(30_000)))
    tags = "".join(f"    - topic:v{i}x\n" for i in range(20_000))
    ws.write("seeds/excerpts/t.yaml", excerpt_yaml().replace("  tags: [country:KZ]\n", "  tags:\n" + tags))
    result = ws.run("check", timeout=30)
    assert_error(result, 1, "20000 errors")
    assert "seeds/excerpts/t.yaml:5: unknown tag 'topic:v0x' (did you mean topic:v0?)" in result.stdout


def test_a_ten_megabyte_misquote_is_explained_in_time(ws):
    words = "Kazakh fighters returned home " * 350_000  # 10.5 MB
    ws.write("seeds/excerpts/long.yaml", excerpt_yaml("long", words.strip()))
    result = ws.run("check", timeout=30)
    assert_error(result, 1, "seeds/excerpts/long.yaml:3: quote not found in source 'gov-2016'; closest passage")


def test_a_paragraph_over_the_size_limit_is_refused_before_anything_is_written(ws):
    text = " ".join(f"word{i % 977}" for i in range(40_000))  # 315,489 characters
    (ws.root / "seeds" / "sources" / "huge.txt").write_text(
        f"---\nid: huge\ntitle: Huge\nlanguage: en\nreliability: B\n---\nFirst.\n\n{text}\n", encoding="utf-8")
    ws.write("seeds/excerpts/huge.yaml", excerpt_yaml("huge", text).replace("gov-2016", "huge"))
    ws.write("briefs/huge.yaml", BRIEF.replace("[docx]", "[docx, pdf]").replace('"country:KZ"', "source:huge"))
    result = ws.run("build", "briefs/huge.yaml", timeout=30)
    # the quote (315,489 characters) with the currency mark and its space: the excerpt is old
    assert_error(result, 1, "Error: briefs/huge.yaml: a paragraph of 315,491 characters",
                 "quoting excerpt 'huge' (seeds/excerpts/huge.yaml:1), is longer than the 100,000")
    ws.assert_untouched()
    assert not list(ws.out.glob("huge*"))


def test_wait_gives_up_after_its_timeout(ws):
    with open(ws.out / ".briefpack.lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = ws.run("build", "--wait", "--timeout", "0.3", "--quiet", "--force")
    assert_error(result, 1, "Error: out: another build still holds this output folder after 0.3 s of waiting "
                            "(--timeout); nothing was built")
    assert 0.3 <= result.seconds < 20
    ws.assert_untouched()


def test_a_billion_laughs_pdf_style_is_refused(ws):
    style = ws.write("house.yaml", laughs(9) + "sizes: {body: *a8}\n")
    result = ws.run("build", "--pdf-style", style, "--force")
    assert_error(result, 1, "house.yaml:5: PDF style is not valid YAML: aliases stand for more than 100,000")
    ws.assert_untouched()


def test_a_billion_laughs_in_an_imported_files_front_matter_is_refused(ws, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("---\n" + laughs(9) + "title: *a8\n---\nThe text of the note.\n", encoding="utf-8")
    result = ws.run("add-source", note, "--language", "en", "--reliability", "C", "--id", "laughs")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "note.md" in result.stderr and "aliases stand for more than 100,000 values" in result.stderr
    assert not (ws.root / "seeds" / "sources" / "laughs.txt").exists()


# ---------------------------------------------------------------- characters that are not text
@pytest.mark.parametrize("char, name", [("\0", "U+0000 (NUL)"), ("\x07", "U+0007 (a control character)"),
                                        ("\x0c", "U+000C (form feed)")])
def test_a_source_holding_a_character_that_is_not_text_is_an_error_at_its_line(ws, char, name):
    path = ws.root / "seeds" / "sources" / "news-2024.txt"
    text = path.read_text(encoding="utf-8").replace("Special forces", f"Special{char} forces")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(char)].count("\n") + 1
    message = f"seeds/sources/news-2024.txt:{line}: {name} is not text: remove it"
    result = ws.run("check")
    assert_error(result, 1)
    assert result.stdout.splitlines()[0] == message  # its excerpts are not said to name an unknown source
    assert_error(ws.run("build"), 1, message)
    ws.assert_untouched()


@pytest.mark.parametrize("field, value, line", [
    ("quote", r'"About 400\0 Kazakhs fight in Syria."', 3), ("summary", r'"A bell\a rings"', 7),
    ("note", r'"\uFFFF"', 7),
])
def test_escapes_that_write_a_character_that_is_not_text_are_errors_at_their_line(ws, field, value, line):
    text = excerpt_yaml("esc", value if field == "quote" else "About 400 Kazakhs fight in Syria.",
                        f"  {field}: {value}\n" if field != "quote" else "")
    ws.write("seeds/excerpts/esc.yaml", text)
    result = ws.run("check")
    assert_error(result, 1)
    assert result.stdout.startswith(f"seeds/excerpts/esc.yaml:{line}: U+")
    assert result.stdout.count("seeds/excerpts/esc.yaml") == 1  # not also "quote not found"
    ws.assert_untouched()


def test_a_brief_holding_a_nul_is_an_error_at_its_line(ws):
    ws.write("briefs/nul.yaml", BRIEF.replace("title: T", 'title: "T\\0"'))
    assert_error(ws.run("build", "briefs/nul.yaml"), 1, "Error: briefs/nul.yaml:1: U+0000 (NUL) is not text")
    ws.write("briefs/nul.yaml", BRIEF.replace("as_of", "\0as_of"))
    assert_error(ws.run("build", "briefs/nul.yaml"), 1, "Error: briefs/nul.yaml:3: U+0000 (NUL) is not text")
    ws.write("briefs/nul.yaml", BRIEF.replace("title: T", 'title: "T\\ud800"'))
    assert_error(ws.run("build", "briefs/nul.yaml"), 1, "Error: briefs/nul.yaml:1: ")
    ws.assert_untouched()


# ---------------------------------------------------------------- user errors, not internal ones
@pytest.mark.parametrize("field, line", [("quote", 3), ("id", 1), ("source", 2)])
def test_quote_id_or_source_given_as_a_list(ws, field, line):
    text = excerpt_yaml("listed")
    text = "\n".join(f"{ln.split(':')[0]}: [a, b]" if ln.lstrip("- ").startswith(field + ":") else ln
                     for ln in text.split("\n"))
    ws.write("seeds/excerpts/listed.yaml", text)
    result = ws.run("check")
    assert_error(result, 1)
    assert result.stdout.splitlines()[0] == (f"seeds/excerpts/listed.yaml:{line}: '{field}' must be text, "
                                              "not a list or mapping")
    assert_error(ws.run("build"), 1, f"seeds/excerpts/listed.yaml:{line}: '{field}' must be text")
    ws.assert_untouched()


@pytest.mark.parametrize("count", [3_000, 5_000])
def test_a_query_of_thousands_of_nots(ws, count):
    query = "not " * count + "country:KZ"
    result = ws.run("excerpts", query)
    assert result.returncode == 0 and result.stdout.endswith("4 excerpts\n")
    deep = "(country:KZ and not " * 300 + "country:KZ" + ")" * 300
    result = ws.run("excerpts", deep)
    assert_error(result, 1, "Error: query:1:1002: the query nests 'and', 'or' and 'not' more than 100 deep")
    ws.write("briefs/nots.yaml", BRIEF.replace('"country:KZ"', f'"{deep}"'))
    assert_error(ws.run("build", "briefs/nots.yaml"), 1, "Error: briefs/nots.yaml:7:")
    ws.assert_untouched()


@pytest.mark.parametrize("change, message", [
    (lambda m: m["outputs"]["regional.pdf"].update(notes="many"),
     "outputs -> 'regional.pdf' -> notes must be a whole number or null"),
    (lambda m: m["briefs"].update({"briefs/regional.yaml": ["x"]}), "briefs -> 'briefs/regional.yaml' must be an object"),
    (lambda m: m["briefs"]["briefs/regional.yaml"].update(outputs=[["regional.pdf"]]),
     "briefs -> 'briefs/regional.yaml' -> outputs -> 0 must be text"),
    (lambda m: m["documents"]["regional"].update(formats="pdf"), "documents -> 'regional' -> formats must be a list"),
    (lambda m: m["library"]["excerpts"]["kz-fighters"]["figures"][0].update(value="400"),
     "library -> excerpts -> 'kz-fighters' -> figures -> 0 -> value must be a number"),
])
def test_a_manifest_with_wrong_types(ws, change, message):
    manifest = json.loads((ws.out / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (ws.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ws.before = ws.snapshot()
    expected = f"Error: out/manifest.json: unreadable manifest: {message}; delete it to build afresh\n"
    result = ws.run("build", "--quiet")
    assert_error(result, 1)
    assert result.stderr == expected
    assert_error(ws.run("diff", "out/manifest.json"), 1, message)
    ws.assert_untouched()


@pytest.mark.parametrize("link", ["nowhere.txt", "news-2024.txt"])  # dangling; a loop
def test_a_source_that_is_a_broken_symbolic_link_is_the_same_error_in_build_as_in_check(ws, link):
    path = ws.root / "seeds" / "sources" / "news-2024.txt"
    path.unlink()
    path.symlink_to(link)
    check = ws.run("check")
    assert_error(check, 1)
    first = check.stdout.splitlines()[0]
    assert first.startswith("seeds/sources/news-2024.txt: cannot read: ")
    build = ws.run("build", "--quiet")
    assert_error(build, 1, first, "Error: the library has 1 error; nothing was built")
    ws.assert_untouched()


@pytest.mark.parametrize("value, name", [("nan", "nan"), ("NaN", "NaN"), ("inf", "inf"), ("-Infinity", "-Infinity"),
                                          ("1e999", "1e999"), ("9" * 5000, "9" * 40 + "…")])
def test_figures_that_are_not_finite_numbers_are_refused(ws, value, name):
    figure = f"  figures:\n    - measure: foreign-fighters\n      value: {value}\n"
    ws.write("seeds/excerpts/nan.yaml", excerpt_yaml("nan", extra=figure))
    message = f"seeds/excerpts/nan.yaml:9: figure value '{name}' is not a number"
    result = ws.run("check")
    assert_error(result, 1)
    assert result.stdout.splitlines()[0] == message
    assert_error(ws.run("build"), 1, message)
    ws.assert_untouched()


def test_digits_of_other_scripts_are_not_dates_or_paragraph_numbers(ws):
    ws.write("seeds/excerpts/digits.yaml", excerpt_yaml("digits").replace("date: 2016", "date: \u0662\u0660\u0661\u0666"))
    path = ws.root / "seeds" / "sources" / "extra-2024.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("reliability: B", "reliability: B\nnon_body: [\u00b2]"),
                    encoding="utf-8")
    result = ws.run("check")
    assert_error(result, 1)
    assert result.stdout.splitlines()[:2] == [
        "seeds/excerpts/digits.yaml:5: bad date '\u0662\u0660\u0661\u0666': expected YYYY, YYYY-MM or YYYY-MM-DD",
        "seeds/sources/extra-2024.txt:8: each item of 'non_body' must be a whole number"]
    assert_error(ws.run("build"), 1, "Error: the library has 2 errors; nothing was built")
    ws.assert_untouched()


@pytest.mark.parametrize("epoch", ["315532799", "4354819200", "-1", "99999999999999999"])
def test_source_date_epoch_outside_what_documents_can_hold(ws, epoch):
    result = ws.run("build", "--force", env={"SOURCE_DATE_EPOCH": epoch})
    assert_error(result, 1, f"Error: SOURCE_DATE_EPOCH {epoch} is out of range: documents carry dates from "
                            "1980-01-01 (315532800) to 2107-12-31 (4354819199)")
    ws.assert_untouched()


def test_source_date_epoch_at_both_ends_of_the_range_builds(ws):
    for epoch in ("315532800", "4354819199"):
        result = ws.run("build", "--force", "--quiet", "--format", "docx", env={"SOURCE_DATE_EPOCH": epoch})
        assert (result.returncode, result.stderr) == (0, "")


def test_a_brief_dated_after_2107_builds(ws):
    ws.write("briefs/late.yaml", BRIEF.replace("2024-06-30", "2200-01-01").replace("[docx]", "[docx, pdf]"))
    result = ws.run("build", "briefs/late.yaml", "--quiet")
    assert (result.returncode, result.stderr) == (0, "")


# ---------------------------------------------------------------- the machine: in this process
@pytest.fixture
def in_process(ws, run, monkeypatch):
    """``run`` through main() in this process, under an alarm: a hang fails the test."""
    monkeypatch.chdir(ws.root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def expire(signum, frame):
        raise TimeoutError(f"still running after {LIMIT} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    yield run
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def fail_opening(monkeypatch, path: Path, error: OSError):
    """Opening ``path`` raises ``error``: a permission the test runner (often root) cannot lose by chmod."""
    import builtins
    import io

    real_open, target = io.open, os.path.realpath(path)

    def fake_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(os.fspath(file)) == target:
            raise error
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(builtins, "open", fake_open)


def test_an_unreadable_source_during_build_is_the_error_check_reports(ws, in_process, monkeypatch):
    path = ws.root / "seeds" / "sources" / "news-2024.txt"
    fail_opening(monkeypatch, path, PermissionError(errno.EACCES, "Permission denied", str(path)))
    message = "seeds/sources/news-2024.txt: cannot read: Permission denied"
    check = in_process("check")
    assert check.exit_code == 1 and check.stdout.splitlines()[0] == message
    for args in [("build",), ("build", "--force", "--jobs", "1")]:
        result = in_process(*args)
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, message)
        assert "internal error" not in result.output and "Traceback" not in result.output
    ws.assert_untouched()
    result = in_process("build", "--keep-going", "--quiet", "--jobs", "1")  # without the source's excerpts
    assert (result.exit_code, result.stderr.splitlines()[0]) == (3, message)
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_a_full_disk_while_writing_the_manifest(ws, in_process, monkeypatch):
    import pathlib

    real_write = pathlib.Path.write_bytes

    def full_disk(self, data):
        if self.name.startswith(".manifest.json."):
            real_write(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", full_disk)
    result = in_process("build", "--force", "--quiet", "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, "Error: out/manifest.json: cannot write the manifest: "
                                                    "No space left on device\n")
    monkeypatch.undo()
    assert ws.snapshot()["manifest.json"] == ws.before["manifest.json"]  # no half-written or stale record
    assert not list(ws.out.glob(".*.tmp"))
    manifest = json.loads((ws.out / "manifest.json").read_text(encoding="utf-8"))
    from briefpack.pipeline.manifest import output_intact

    after = ws.snapshot()
    for name in OUTPUTS:  # no record claims a file that changed: each is as before, or is rebuilt next time
        assert after[name] == ws.before[name] or not output_intact(ws.out / name, manifest["outputs"][name])
    again = run_limited(["build", "--root", ws.root, "--quiet"])
    assert (again.returncode, again.stderr) == (0, "")
    manifest = json.loads((ws.out / "manifest.json").read_text(encoding="utf-8"))
    assert all(output_intact(ws.out / name, manifest["outputs"][name]) for name in OUTPUTS)


# ---------------------------------------------------------------- Ctrl-C
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and fork")
def test_ctrl_c_ends_a_build_with_130_no_traceback_and_no_temporary(ws, tmp_path):
    for i in range(6):  # enough documents for the build to take a while
        ws.write(f"briefs/copy-{i}.yaml", (ws.root / "briefs" / "regional.yaml").read_text())
    log = tmp_path / "build.log"
    with open(log, "w") as stderr:
        proc = subprocess.Popen(briefpack_command() + ["build", "--root", str(ws.root), "--force", "--jobs", "2"],
                                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    deadline = time.monotonic() + LIMIT
    while "built " not in log.read_text():
        assert proc.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to every process of the build
    try:
        code = proc.wait(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the build did not end after Ctrl-C")
    written = log.read_text()
    assert code == 130 and written.endswith("Interrupted.\n")
    assert "Traceback" not in written and "KeyboardInterrupt" not in written
    assert not list(ws.out.glob(".*.tmp"))
    from briefpack.pipeline.manifest import output_intact

    # The same inputs make the same bytes: each earlier output is intact, or was replaced
    # whole by its identical rebuild, and the manifest describes every file beside it.
    after = ws.snapshot()
    assert {name: after[name] for name in OUTPUTS} == {name: ws.before[name] for name in OUTPUTS}
    manifest = json.loads((ws.out / "manifest.json").read_text(encoding="utf-8"))
    assert all(output_intact(ws.out / name, manifest["outputs"][name]) for name in OUTPUTS)
    again = run_limited(["build", "--root", ws.root, "--quiet"])
    assert (again.returncode, again.stderr) == (0, "")
