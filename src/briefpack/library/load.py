"""Loading the source library from disk: sources and excerpts (the vocabulary: ``library/vocabulary.py``).

Loading is tolerant: every problem found is collected as a :class:`Problem`
with the file (relative to the workspace root) and line, and loading goes on.
Checks that need the whole library (quotes, tags, references) live in
``library/check.py``.

YAML is parsed with libyaml (``yaml.CSafeLoader``) into nodes, which carry the
line of every key, and the nodes are turned into values here. Scalars are read
as the text written, so ``language: no`` is Norwegian and ``date: 2024-06-01``
stays a string.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import yaml

from ..conventions.tlp import MarkingError, normalize_marking
from ..conventions.admiralty import is_credibility, is_reliability
from ..conventions.links import web_url_problem
from ..errors import Problem, relative_path
from .events import dating_fields
from .files import EXCERPT_SUFFIXES, EXCERPTS_DIR, SOURCE_SUFFIXES, SOURCES_DIR, decode, files_under, read_bytes
from .model import Excerpt, Library, Source
from .vocabulary import load_vocabulary
from .yamlfields import Loader, Reporter, compose, escaped_not_text, fields_of, scalar_text, yaml_problem

VOCABULARY_FILE = Path("seeds/vocabulary.yaml")

SOURCE_FIELDS = {
    "id", "title", "author", "publisher", "publisher_type", "author_type", "published", "inferred_date",
    "accessed", "url", "language", "reliability", "notes", "marking", "non_body", "withdrawn", "via",
}  # fmt: skip
SOURCE_REQUIRED = ("id", "title", "language", "reliability")
PUBLISHER_TYPES = ("publication", "organization")
AUTHOR_TYPES = ("person", "organization")
EXCERPT_FIELDS = {
    "id", "source", "quote", "tags", "date", "credibility",
    "summary", "note", "figures", "marking", "event", "withdrawn", "dated_by", "via", "event_date", "kind",
}  # fmt: skip
EXCERPT_REQUIRED = ("id", "source", "quote", "tags", "date", "credibility")

_BLANK_LINES = re.compile(r"\n\s*\n")
_BAD_ID = re.compile(r"[\s\[\]@;]")
_FENCE = re.compile(r"^---[ \t]*$", re.M)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)  # 0-9 only: dates compare as text


# --- values ----------------------------------------------------------------------------


def date_problem(text: str) -> str | None:
    """What is wrong with a partial date (YYYY, YYYY-MM or YYYY-MM-DD), or None if it is a real one."""
    m = _DATE.fullmatch(text)
    if not m:
        return "expected YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = m.groups()
    if int(year) == 0:
        return "there is no year 0"
    if month is not None and not 1 <= int(month) <= 12:
        return f"there is no month {int(month)}"
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        name = datetime.date(2000, int(month), 1).strftime("%B")
        return f"{name} {year} has no day {int(day)}"
    return None


def check_marking(value: str, report, line: int) -> str | None:
    """The TLP 2.0 label to store (TLP:WHITE read as TLP:CLEAR, with a warning), or None if bad."""
    try:
        label, warning = normalize_marking(value)
    except MarkingError as exc:
        report(line, str(exc).replace("unknown marking", "bad marking", 1))
        return None
    if warning:
        report(line, warning, "warning")
    return label


def excerpt_id_problem(excerpt_id: str) -> str | None:
    """What keeps ``excerpt_id`` from being an excerpt's id, or None."""
    bad = not excerpt_id or _BAD_ID.search(excerpt_id)
    return "no spaces, brackets, '@' or ';' (briefs cite it as [@id])" if bad else None


# --- files ---------------------------------------------------------------------------


def source_files(root: Path) -> list[tuple[Path, str]]:
    """(path, workspace path) of every source file of the library, sorted: what
    loading and checking read (and what names a source)."""
    return files_under(root, SOURCES_DIR, SOURCE_SUFFIXES)


def excerpt_files(root: Path) -> list[tuple[Path, str]]:
    """(path, workspace path) of every excerpts file of the library, sorted."""
    return files_under(root, EXCERPTS_DIR, EXCERPT_SUFFIXES)


# --- sources ---------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, body's first line) or None when the file has no closed front matter."""
    first_nl = text.find("\n")
    if first_nl == -1 or not text.startswith("---") or text[:first_nl].strip() != "---":
        return None
    m = _FENCE.search(text, first_nl + 1)
    if m is None:
        return None
    front = text[first_nl + 1 : m.start()]
    body_start = min(m.end() + 1, len(text))
    body_line = text.count("\n", 0, body_start) + 1
    return front, text[body_start:], body_line


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs separated by blank lines (white space only counts as blank), as captured."""
    return [p.strip("\n") for p in _BLANK_LINES.split(body.strip("\n")) if p.strip()]


def source_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a source file known to be readable (as ``parse_source`` reads them)."""
    return split_paragraphs(split_front_matter(decode(data, "", []))[1])


def parse_source(path: Path, rel: str, data: bytes) -> tuple[Source | None, list[Problem]]:
    """One source file: front matter and paragraphs."""
    problems: list[Problem] = []
    text = decode(data, rel, problems)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        if text.startswith("---"):
            msg = "front matter is not closed: no second '---' line"
        else:
            msg = "no front matter: a source starts with a '---' line, its fields and '---'"
        problems.append(Problem(rel, 1, msg))
        return None, problems
    front, body, _ = parts
    report = Reporter(rel, problems)
    try:
        node = compose(front)
    except yaml.YAMLError as exc:
        problems.append(yaml_problem(exc, rel, offset=1, text=front))
        return None, problems
    escaped_not_text(node, front, report, offset=1)
    fields = fields_of(node, report, "front matter", offset=1, line=2)
    if fields is None:
        return None, problems
    fields.unknown(SOURCE_FIELDS, "source")
    fields.require(SOURCE_REQUIRED)

    stem = path.stem
    source_id = fields.text("id") or stem
    if "id" in fields and fields.text("id") and source_id != stem:
        report(fields.line("id"), f"source id '{source_id}' does not match the file name "
                                  f"(expected '{stem}')")  # fmt: skip
    source = Source(id=source_id, title=fields.text("title") or "", path=path,
                    line=fields.line("id"))  # fmt: skip
    _read_source_fields(source, fields, report)
    source.paragraphs = split_paragraphs(body)
    if not source.paragraphs:
        report(1, "source has no text", "warning")
    n = len(source.paragraphs)
    for number, line in fields.int_list("non_body"):
        if not 1 <= number <= n:
            report(line, f"non_body paragraph {number} is out of range (the source has {n})")
        else:
            source.non_body.add(number)
    return source, problems


def _read_source_fields(source: Source, fields, report) -> None:
    """The front matter's fields after id and title, each checked."""
    source.publisher = fields.text("publisher") or ""
    source.author = fields.text_list("author")
    source.url = fields.text("url")
    url_problem = web_url_problem(source.url) if source.url else None
    if url_problem is not None:
        report(fields.line("url"), f"bad url '{source.url}': {url_problem}")
        source.url = None
    source.language = fields.text("language") or "en"
    source.notes = fields.text("notes") or ""
    source.withdrawn = withdrawal(fields, report)
    source.via = (fields.text("via") or "").strip()
    for name, kinds in (("publisher_type", PUBLISHER_TYPES), ("author_type", AUTHOR_TYPES)):
        kind = fields.text(name)
        if kind is not None and kind in kinds:
            setattr(source, name, kind)
        elif kind is not None:
            report(fields.line(name), f"bad {name} '{kind}': expected " + " or ".join(kinds))
    for name in ("published", "inferred_date", "accessed"):
        value = fields.text(name)
        problem = date_problem(value) if value is not None else None
        if problem is not None:
            report(fields.line(name), f"bad date '{value}' in '{name}': {problem}")
            value = None
        setattr(source, name, value)
    reliability = fields.text("reliability")
    if reliability is not None:
        if is_reliability(reliability):
            source.reliability = reliability
        else:
            report(fields.line("reliability"),
                   f"bad reliability '{reliability}': expected an Admiralty grade A-F")  # fmt: skip
    marking = fields.text("marking")
    if marking is not None:
        source.marking = check_marking(marking, report, fields.line("marking"))


# --- excerpts --------------------------------------------------------------------------


def parse_excerpt_file(
    path: Path, rel: str, data: bytes, sources: dict[str, Source], checker=None
) -> tuple[list[Excerpt] | None, list[Problem]]:
    """One excerpts file: a YAML list of excerpts. ``sources`` gives default markings.

    The excerpts are None (and there is an error) when the file as a whole cannot be read.

    ``checker(excerpt, fields, report)``, if given, is called on each excerpt while
    the lines of its fields are at hand (see ``library.check``).
    """
    problems: list[Problem] = []
    text = decode(data, rel, problems)
    if text is None:
        return None, problems
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        problems.append(yaml_problem(exc, rel, text=text))
        return None, problems
    report = Reporter(rel, problems)
    escaped_not_text(node, text, report)
    if node is None or scalar_text(node) == "" or (type(node) is yaml.SequenceNode and not node.value):
        report(1 if node is None else node.start_mark.line + 1, "no excerpts in this file", "warning")
        return [], problems
    if not isinstance(node, yaml.SequenceNode):
        report(node.start_mark.line + 1, "an excerpts file holds a YAML list ('- id: ...' items)")
        return None, problems
    excerpts = []
    seen: dict[int, Excerpt | None] = {}  # id(node) -> its excerpt: an alias (- *a) is a node seen before
    item_lines: list[int] = []  # read once, at the first alias
    for index, item in enumerate(node.value):
        if id(item) in seen:
            if seen[id(item)] is not None:  # the same excerpt again, at the alias's line
                item_lines = item_lines or _item_lines(text)
                excerpts.append(dataclasses.replace(seen[id(item)], line=item_lines[index]))
            continue
        excerpt = seen[id(item)] = parse_excerpt(item, path, report, sources, checker)
        if excerpt is not None:
            excerpts.append(excerpt)
    return excerpts, problems


def _item_lines(text: str) -> list[int]:
    """The line of each item of the top-level YAML list (an alias's own line, unlike its node's)."""
    lines, depth = [], 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):
            if depth == 1:
                lines.append(event.start_mark.line + 1)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
    return lines


def withdrawal(fields, report) -> str:
    """The reason given in ``withdrawn:`` (empty when the field is absent)."""
    if "withdrawn" not in fields:
        return ""
    reason = (fields.text("withdrawn") or "").strip()
    if not reason:
        report(fields.line("withdrawn"), "'withdrawn' needs a reason, e.g. withdrawn: \"retracted by the publisher\"")
        return "withdrawn"
    return reason


def parse_excerpt(node, path: Path, report, sources: dict[str, Source], checker=None) -> Excerpt | None:
    fields = fields_of(node, report, "an excerpt")
    if fields is None:
        return None
    fields.unknown(EXCERPT_FIELDS, "excerpt")
    if not fields.require(EXCERPT_REQUIRED, ("id", "source", "quote")):
        return None
    essentials = [fields.text(name) for name in ("id", "source", "quote")]
    if None in essentials:  # a list or mapping: its error is reported
        return None
    excerpt = Excerpt(
        id=essentials[0],
        source=essentials[1],
        quote=essentials[2],
        tags=fields.text_list("tags", unique=True),
        date=fields.text("date") or "",
        credibility=6,
        path=path,
        line=fields.line_of_item,
    )
    if id_problem := excerpt_id_problem(excerpt.id):
        report(fields.line("id"), f"bad excerpt id '{excerpt.id}': {id_problem}")
    problem = date_problem(excerpt.date) if excerpt.date else None
    if problem is not None:
        report(fields.line("date"), f"bad date '{excerpt.date}': {problem}")
    credibility = fields.text("credibility")
    if credibility is not None:
        if is_credibility(credibility):
            excerpt.credibility = int(credibility)
        else:
            report(fields.line("credibility"),
                   f"bad credibility '{credibility}': expected an Admiralty grade 1-6")  # fmt: skip
    excerpt.summary, excerpt.note, excerpt.event = (fields.text(name) or "" for name in ("summary", "note", "event"))
    excerpt.via = (fields.text("via") or "").strip()
    dating_fields(excerpt, fields, report, date_problem)
    marking = fields.text("marking")
    if marking is not None:
        excerpt.marking = check_marking(marking, report, fields.line("marking")) or "TLP:CLEAR"
    else:
        source = sources.get(excerpt.source)
        excerpt.marking = (source.marking if source else None) or "TLP:CLEAR"
    if "figures" in fields:
        excerpt.figures = fields.figures("figures", date_problem)
    excerpt.withdrawn = withdrawal(fields, report)
    if checker is not None:
        checker(excerpt, fields, report)
    return excerpt


# --- the whole library -----------------------------------------------------------------


def load_sources(root: Path) -> tuple[dict[str, Source], list[Problem]]:
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for path, rel in source_files(root):
        data = read_bytes(path, rel, problems)
        if data is None:
            continue
        source, found = parse_source(path, rel, data)
        problems.extend(found)
        if source is not None:
            add_source(sources, source, rel, problems, root)
    return sources, problems


def add_source(sources: dict[str, Source], source: Source, rel: str, problems: list[Problem], root: Path):
    first = sources.get(source.id)
    if first is not None:
        where = relative_path(first.path, root)
        problems.append(Problem(rel, source.line, f"duplicate source id '{source.id}' (also in {where})"))
    else:
        sources[source.id] = source


def add_excerpts(
    excerpts: dict[str, Excerpt], found: list[Excerpt], rel: str, problems: list[Problem], root: Path
):
    for excerpt in found:
        first = excerpts.get(excerpt.id)
        if first is not None:
            where = f"{relative_path(first.path, root)}:{first.line}"
            problems.append(Problem(rel, excerpt.line, f"duplicate excerpt id '{excerpt.id}' (first at {where})"))
        else:
            excerpts[excerpt.id] = excerpt


def load_library(root: Path) -> tuple[Library, list[Problem]]:
    """Load sources, vocabulary and excerpts, collecting problems instead of raising.

    Quotes, tags and source references are not checked here (see ``library.check``).
    """
    root = Path(root)
    sources, problems = load_sources(root)
    vocabulary, found = load_vocabulary(root / VOCABULARY_FILE, VOCABULARY_FILE.as_posix())
    problems.extend(found)
    excerpts: dict[str, Excerpt] = {}
    for path, rel in excerpt_files(root):
        data = read_bytes(path, rel, problems)
        if data is None:
            continue
        found_excerpts, found = parse_excerpt_file(path, rel, data, sources)
        problems.extend(found)
        add_excerpts(excerpts, found_excerpts or [], rel, problems, root)
    return Library(root=root, sources=sources, excerpts=excerpts, vocabulary=vocabulary), problems
