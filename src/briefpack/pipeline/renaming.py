"""``briefpack rename OLD NEW``: a source or an excerpt renamed everywhere it is named, all or nothing.

A source's id is its file's name (``seeds/sources/<id>.txt``, its ``id:`` line,
its capture ``seeds/captures/<id>.<ext>`` and the note naming it) and the value
of every excerpt's ``source:`` and every ``via:``; an excerpt's id is its
``id:`` line. Both are named in the briefs (``[@id]`` citations, ``source:id``
in tag queries) and in the published editions' records (``editions/``). Every
file is read and rewritten in memory first; only then is anything written, each
file by an atomic rename, and a failure part-way puts back what was written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefpackError
from ..library.files import files_under
from ..library.load import excerpt_files, excerpt_id_problem, load_library, source_files
from .outputs import write_atomic
from .published import FOLDER as EDITIONS

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_END = r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9])"  # the id ends here (a full stop after it may follow)


@dataclass
class Renaming:
    """What a rename changes: files rewritten (path -> new text) and files moved (old -> new)."""

    kind: str  # "source" or "excerpt"
    rewritten: dict[Path, str] = field(default_factory=dict)
    moved: list[tuple[Path, Path]] = field(default_factory=list)


def plan_rename(root: Path, old: str, new: str, kind: str | None = None) -> Renaming:
    """Every change renaming the source or excerpt (``kind``: which, when both have the id)
    ``old`` to ``new`` takes, written nowhere yet."""
    library, _ = load_library(root)
    held = [k for k, ids in (("source", library.sources), ("excerpt", library.excerpts)) if old in ids]
    if not held or (kind is not None and kind not in held):
        raise BriefpackError(f"no {kind or 'source or excerpt'} has the id '{old}'")
    if kind is None and len(held) == 2:
        raise BriefpackError(f"a source and an excerpt have the id '{old}': say which with --kind source "
                             "or --kind excerpt")
    kind = kind or held[0]
    problem = None if _ID.fullmatch(new) else "use letters, digits, '.', '_' and '-'"
    problem = problem or (excerpt_id_problem(new) if kind == "excerpt" else None)
    if problem:
        raise BriefpackError(f"bad id '{new}': {problem}")
    if new in library.sources or new in library.excerpts:
        raise BriefpackError(f"a source or excerpt with the id '{new}' exists: choose another")
    plan = Renaming(kind)
    if kind == "source":
        _plan_source(root, library.sources[old].path, old, new, plan)
        keys = ("source", "via")
    else:
        keys = ("id",)
    for path, _ in excerpt_files(root):
        _rewrite(plan, path, lambda text: _yaml_values(text, keys, old, new))
    for path, _ in files_under(root, Path("briefs"), (".yaml", ".yml")):
        _rewrite(plan, path, lambda text: _brief_refs(text, old, new, kind))
    for path, _ in files_under(root, Path(EDITIONS), (".json",)):
        _rewrite(plan, path, lambda text: _edition_refs(text, path, old, new, kind))
    return plan


def _plan_source(root: Path, path: Path, old: str, new: str, plan: Renaming) -> None:
    for other, _ in source_files(root):
        if other != path:
            _rewrite(plan, other, lambda text: _front_matter(text, lambda head: _yaml_values(head, ("via",), old, new)))
    captures = root / "seeds" / "captures"
    for capture in sorted(captures.glob(f"{glob_escape(old)}.*")) if captures.is_dir() else []:
        target = capture.with_name(new + capture.suffix)
        if target.exists():
            raise BriefpackError(f"{target.relative_to(root).as_posix()} exists: move it away first")
        plan.moved.append((capture, target))
    text = _front_matter(_read(path), lambda head: re.sub(
        rf"(?m)^(id:[ \t]*[\"']?){re.escape(old)}{_END}", rf"\g<1>{new}",
        head.replace(f"seeds/captures/{old}.", f"seeds/captures/{new}.")))
    target = path.with_name(new + path.suffix)
    if target.exists():
        raise BriefpackError(f"{target.relative_to(root).as_posix()} exists: move it away first")
    plan.rewritten[path] = text
    plan.moved.append((path, target))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefpackError(f"cannot read it to rename in it: {exc}", path=path) from None


def _rewrite(plan: Renaming, path: Path, change) -> None:
    text = plan.rewritten.get(path) or _read(path)
    changed = change(text)
    if changed != text:
        plan.rewritten[path] = changed


def _front_matter(text: str, change) -> str:
    """``change`` applied to a source file's front matter only (the captured text is verbatim)."""
    match = re.match(r"(?s)(\ufeff?---[ \t]*\r?\n.*?\n)(---[ \t]*(?:\r?\n|$))", text)
    if match is None:
        return text
    return change(match.group(1)) + text[match.end(1):]


def _yaml_values(text: str, keys: tuple[str, ...], old: str, new: str) -> str:
    """``key: old`` (plain or quoted, block or flow style) made ``key: new`` for each of ``keys``."""
    names = "|".join(keys)
    return re.sub(rf"(?<![\w-])((?:{names})[ \t]*:[ \t]*([\"']?)){re.escape(old)}(?=\2{_END})",
                  rf"\g<1>{new}", text)


def _brief_refs(text: str, old: str, new: str, kind: str) -> str:
    """An excerpt's citations ``[@old]``, or a source's query terms ``source:old``, made ``new``."""
    before = r"(?<![\w.-])@" if kind == "excerpt" else r"(?<![\w-])source[ \t]*:[ \t]*"
    return re.sub(rf"({before}){re.escape(old)}{_END}", rf"\g<1>{new}", text)


def _edition_refs(text: str, path: Path, old: str, new: str, kind: str) -> str:
    """``old`` made ``new`` in an edition's record: a source's key under ``sources`` and the
    ``source``/``via`` of its excerpts' records; an excerpt's key under ``excerpts`` and the
    lists of excerpts its judgments and sections cite."""
    try:
        data = json.loads(text)
    except ValueError:
        raise BriefpackError("unreadable edition file: not renamed in", path=path) from None
    table = f"{kind}s"

    def renamed(value, key=None):
        if isinstance(value, dict):
            return {(new if k == old and key == table else k): renamed(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v, key if kind == "excerpt" and key == table else None) for v in value]
        named = key in (("source", "via") if kind == "source" else ("excerpts",))
        return new if value == old and named else value

    changed = renamed(data)
    if changed == data:
        return text
    return json.dumps(changed, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def apply_rename(plan: Renaming) -> None:
    """Write every change, or (on any failure) none: what was written is put back."""
    done: list[tuple[Path, bytes | None]] = []  # (path, its bytes before; None: it did not exist)
    moves = dict(plan.moved)
    try:
        for path, text in plan.rewritten.items():
            target = moves.get(path, path)
            done.append((target, target.read_bytes() if target.exists() else None))
            write_atomic(target, text.encode("utf-8"))
        for source, target in plan.moved:
            if source in plan.rewritten:
                done.append((source, source.read_bytes()))
                source.unlink()
            else:
                done.append((target, None))
                done.append((source, source.read_bytes()))
                source.rename(target)
    except BaseException:
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)
        raise
