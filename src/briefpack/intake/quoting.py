"""Finding a passage in a source and writing it as an excerpt of the library.

The passage is found as ``briefpack check`` finds a quote (``library.matching``): white
space, quotation marks and dashes forgiven, ``…`` for an omission within one
paragraph, whole words at either end, nothing else. The excerpt written
quotes the source's own characters, so it matches by construction.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..conventions.kinds import KINDS
from ..errors import BriefpackError
from ..library.load import EXCERPT_SUFFIXES, source_files
from ..library.matching import SourceText, normalise_with_offsets, part_spans, quote_parts
from ..library.model import Source
from ..library.textfiles import NOT_TEXT, bom_encoding, decode_text
from .source_file import SOURCES
from .suggest import Suggestion
from .yamltext import flow_list, folded, scalar

_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([^\s\"'#]+)", re.M)
_STOP = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "with", "at", "by", "from", "is", "are",
         "was", "were", "has", "have", "had", "its", "it", "that", "this", "as", "be", "been", "their", "they",
         "more", "than", "said", "says", "also", "about", "some", "over", "into", "which", "there", "when"}


@dataclass
class Found:
    paragraph: int  # 1-based
    in_body: bool  # False: only in a paragraph listed as non_body
    text: str  # the quote as the source writes it


def source_file(root: Path, source_id: str) -> Path:
    """The file of source ``source_id`` (a source's id is its file name), or an error with a did-you-mean."""
    from ..library.naming import did_you_mean

    direct = root / SOURCES / f"{source_id}.txt"
    if "/" not in source_id and direct.is_file():
        return direct
    found = {path.stem: path for path, _ in source_files(root)}
    if source_id in found:
        return found[source_id]
    hint = did_you_mean(source_id, found, cutoff=80, partial=True)
    raise BriefpackError(f"no source '{source_id}' in {SOURCES.as_posix()}/"
                         + (f" (did you mean '{hint}'?)" if hint else ""))


def load_source(root: Path, path: Path) -> Source:
    from ..errors import relative_path
    from ..library.load import parse_source

    rel = relative_path(path, root)
    source, problems = parse_source(path, rel, path.read_bytes())
    errors = [p for p in problems if p.severity == "error"]
    if source is None or errors:
        raise BriefpackError(f"the source has errors; fix them first (see briefpack check): {errors[0]}")
    return source


def find(source: Source, text: str) -> Found | None:
    """Where the source holds ``text``, and the text as the source writes it."""
    finder = SourceText(source.paragraphs, source.non_body)
    number, in_body = finder.locate(text)
    if number is None:
        return None
    original = source.paragraphs[number - 1]
    normal, offsets = normalise_with_offsets(original)
    spans = part_spans(normal, quote_parts(text))
    pieces = [original[offsets[a]:offsets[b - 1] + 1] for a, b in spans]
    return Found(number, in_body, " \u2026 ".join(" ".join(p.split()) for p in pieces))


def closest(source: Source, text: str) -> str:
    """Why ``text`` is not in the source and the closest passage, the words that differ marked
    ``[-as quoted-]{+as in the source+}``."""
    finder = SourceText(source.paragraphs, source.non_body)
    reason, helps = finder.why_not_found(text)
    message = f"not found in source '{source.id}'" + (f": {reason}" if reason else "")
    number, passage, score = finder.closest(text) if helps else (None, "", 0)
    if number is None:
        return message
    marked = word_diff(" ".join(quote_parts(text)), passage)
    return f"{message}\nclosest passage (para. {number}, {score:.0f}% alike), [-quoted-]{{+source+}}:\n  {marked}"


def word_diff(quoted: str, passage: str) -> str:
    a, b = quoted.split(), passage.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out += b[j1:j2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


class ExcerptIds:
    """Whether an id is taken by an excerpt of the library, read from the excerpts files' bytes
    (a substring search, then its ``id:`` line confirmed): fast enough for 100,000 excerpts
    where parsing them as YAML is not."""

    _BEFORE = re.compile(rb"(?:^|\n)[ \t-]*id:[ \t]*[\"']?$")

    def __init__(self, root: Path):
        self.files = []
        folders = [os.path.join(root, "seeds", "excerpts")]
        while folders:  # os.scandir: no order needed, and ten times faster than a sorted walk
            try:
                entries = list(os.scandir(folders.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.name.endswith(EXCERPT_SUFFIXES):
                    try:
                        with open(entry.path, "rb") as handle:
                            self.files.append(_as_utf8(handle.read()))
                    except OSError:
                        continue

    def __contains__(self, excerpt_id: str) -> bool:
        needle = excerpt_id.encode("utf-8")
        for data in self.files:
            pos = data.find(needle)
            while pos != -1:
                end = pos + len(needle)
                after = data[end:end + 1]
                if not (after.isalnum() or after in (b"-", b"_", b".")):
                    if self._BEFORE.search(data, max(0, pos - 80), pos):
                        return True
                pos = data.find(needle, pos + 1)
        return False


def _as_utf8(data: bytes) -> bytes:
    """An excerpts file's bytes in UTF-8 (one saved as UTF-16 re-encoded)."""
    if bom_encoding(data) == "utf-16":
        text = decode_text(data)[0]
        return text.encode("utf-8", "surrogatepass") if text is not None else b""
    return data


def check_given_id(excerpt_id: str, taken) -> None:
    """An error when ``excerpt_id`` (given with --id) is not one check accepts, or is taken."""
    from ..library.load import excerpt_id_problem
    from .vetting import shown

    problem = excerpt_id_problem(excerpt_id) or (NOT_TEXT.search(excerpt_id) and "not text")
    if problem:
        raise BriefpackError(f"--id '{shown(excerpt_id)}': not an excerpt id: {problem}")
    if excerpt_id in taken:
        raise BriefpackError(f"an excerpt with the id '{excerpt_id}' exists: give another with --id")


def excerpt_id(source_id: str, quote: str, taken) -> str:
    """``<source id's first two parts>-<three words of the quote>``, not ``in taken``."""
    from .source_file import _slug

    head = "-".join(source_id.split("-")[:2])
    words = [w for w in _slug(quote).split("-") if w not in _STOP and len(w) > 3 and not w.isdigit()][:3]
    base = "-".join([head, *words])[:60].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def excerpt_yaml(excerpt_id: str, source: Source, found: Found, hint: Suggestion) -> str:
    """The excerpt as one item of an excerpts file (a YAML list), comments saying what to confirm."""
    lines = [f"- id: {scalar(excerpt_id)}", f"  source: {scalar(source.id)}"]
    lines += ["  " + line for line in folded("quote", found.text)]
    tags = f"  tags: {flow_list(hint.tags)}"
    if hint.context_tags:
        tags += f"   # its paragraph also names: {', '.join(hint.context_tags)}"
    lines.append(tags)
    if hint.date:
        why = hint.date_text or "the source's publication date"
        lines.append(f'  date: "{hint.date}"   # from {why}: when it was reported')
    else:
        lines.append('  date: ""   # no date in the quote or the source: when it was reported')
    if hint.event_date:
        lines.append(f'  event_date: "{hint.event_date}"   # from {hint.event_date_text}: when what it reports '
                     "happened; delete if it reports no event")
    lines.append(f"  kind: {hint.kind}   # {' | '.join(KINDS)}: confirm")
    lines.append("  credibility: 6   # Admiralty 1-6 (6: cannot be judged): grade it")
    if hint.via:
        lines.append(f"  via: {scalar(hint.via)}   # from \"{hint.via_text}\": the source relays it; "
                     "delete if not")
    if hint.figures:
        lines.append("  # numbers in the quote: uncomment the figures that are claims, confirm each field")
        lines.append("  # figures:")
        for figure in hint.figures:
            lines.append(f"  #   - measure: {figure.measure or '?'}   # from \"{figure.text}\"")
            lines.append(f"  #     value: {figure.value}")
            for key in ("qualifier", "unit", "place", "as_of"):
                value = getattr(figure, key)
                if value:
                    shown = scalar(value) if key != "as_of" else f'"{value}"'
                    lines.append(f"  #     {key}: {shown}")
    return "\n".join(lines) + "\n"
