"""Security: what hostile templates and inputs cannot do.

Each case starts from a workspace whose packs were built once, makes one hostile change, and runs
``briefpack build`` in a child process under a time limit (a hang fails the case, not the suite).
It checks what a user would: exit code 1, an ``Error: path:line: message``, no traceback, the
earlier outputs and ``out/manifest.json`` byte for byte as they were, and nothing outside the
workspace read, written or deleted (an audit hook in the child, inherited by the build's worker
processes, logs every file operation under the watched folder; the folder is compared before and
after).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_builder import Corpus

TIME_LIMIT = 60  # seconds for one build; every case is far below it when the sandbox holds
SECRET = "SECRET-7f3a9c-outside-the-workspace"

# The child: logs file operations under WATCHED (links resolved) to LOG, then runs the CLI.
LAUNCHER = r"""
import os, sys
log, watched = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), sys.argv[2]

def hook(event, args):
    if not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    if event == "open" or event.startswith(("os.", "shutil.")):
        try:
            path = os.path.realpath(os.fsdecode(args[0]))
        except Exception:
            return
        if path == watched or path.startswith(watched + os.sep):
            os.write(log, f"{event} {path}\n".encode())

sys.addaudithook(hook)
from briefpack.cli import main
main(sys.argv[3:])
"""


def _memory_cap() -> None:
    """At most 3 GB of address space for the child: a bound that fails to hold fails its case
    with a MemoryError instead of exhausting the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


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
        log = self.base / "audit.log"
        env = {k: v for k, v in os.environ.items() if k != "BRIEFPACK_DEBUG"}
        env["SOURCE_DATE_EPOCH"] = "1719792000"
        command = [sys.executable, "-c", LAUNCHER, str(log), str(self.outside.resolve()),
                   "build", "--root", str(self.root), "--jobs", str(jobs), *map(str, args)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env,
                                  cwd=self.base, preexec_fn=_memory_cap)
        except subprocess.TimeoutExpired:
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
    functions = set(composer.helpers.functions()) | set(composer.figure_helpers.functions())
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
    case.refused(f"{EXCERPTS_T}:2", message, jobs=2)


def test_nested_loops_stop_at_the_time_limit(case):
    case.put(EXCERPTS_T, template(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"))
    case.refused(f"{EXCERPTS_T}:2", "took longer than 1.5 s, the time limit of a template (build --template-time)",
                 args=("--template-time", "1.5"), jobs=2)


def test_loops_over_text_stop_at_the_time_limit(case):
    case.put(EXCERPTS_T, template("{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}{% endfor %}{% endfor %}"))
    case.refused(f"{EXCERPTS_T}:2", "took longer than 1 s", args=("--template-time", "1"))


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
    brief_line(case, "handout.yaml", 'title: "{{ country_label }}: handout"',
               'title: "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"')
    case.refused("briefs/handout.yaml:1", "took longer than 1 s", args=("--template-time", "1"))
