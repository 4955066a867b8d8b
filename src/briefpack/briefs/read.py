"""Reading a brief: its text and YAML, then its fields along the schema, in one pass.

``load_brief`` (a build) stops at the brief's first problem; ``check_brief``
(``briefpack check``) collects every problem, each at its line. Both read the file
the same way: UTF-8 text without characters that are not text (the library's
rule, ``library.textfiles``), YAML whose aliases and nesting are bounded, no key
given twice, then the fields of :mod:`briefpack.briefs.schema`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import BriefpackError, Problem
from ..library.textfiles import decode_text, not_text_line
from ..library.yaml_limits import YamlLimitError, check_aliases
from ..library.yamlfields import escaped_not_text
from .fields import INVALID, Loader, Reader, constructed
from .model import Brief
from .schema import BRIEF

DEPTH_LIMIT = 50  # lists and mappings within each other, in a brief


def load_brief(path: Path) -> Brief:
    """Read and validate one brief; raises BriefpackError naming ``path:line`` (its first problem)."""
    return _read(Reader(Path(path)))


def check_brief(path: Path, library=None, template_problems=None) -> tuple[Brief | None, list[Problem]]:
    """Every problem of one brief (warnings too), in the order of its lines, and the brief
    when none is an error. With a ``library``, what the fields name in it is checked too;
    ``template_problems(template)`` gives the messages for a section's ``template:``."""
    reader = Reader(Path(path), collect=True, library=library, template_problems=template_problems)
    try:
        brief = _read(reader)
    except BriefpackError as exc:  # the file cannot be read as YAML: nothing more to say
        reader.problems.append(Problem(exc.path, exc.line, exc.message))
        brief = None
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    return (None if any(p.severity == "error" for p in problems) else brief), problems


def _read(reader: Reader) -> Brief | None:
    path = reader.path
    text = _text(path)
    node = _node(text, path)
    _duplicates(node, reader)
    escaped_not_text(node, text, reader.problem)
    if node is None:
        raise BriefpackError(BRIEF.not_mapping, path, 1)
    brief = BRIEF.read(reader, node, "")
    return None if brief is INVALID else brief


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefpackError(f"cannot read brief: {exc.strerror or exc}", path) from None
    text, how, offset = decode_text(data)
    if text is None:
        raise BriefpackError(f"brief is {how}", path, data.count(b"\n", 0, offset) + 1)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = not_text_line(text)
    if bad is not None:
        raise BriefpackError(bad[1], path, bad[0])
    return text


def _node(text: str, path: Path):
    """The brief's YAML node (None when it is empty), its tags checked by constructing it once."""
    from ..library.yamlfields import yaml_problem

    loader = None
    try:
        check_aliases(text, depth=DEPTH_LIMIT)
        loader = Loader(text)
        node = loader.get_single_node()
        if node is not None:
            loader.construct_document(node)
        return node
    except (ValueError, KeyError, TypeError, OverflowError):  # "!!int abc", "!!bool maybe"
        raise BriefpackError("malformed YAML: a value does not read as the type its tag gives it", path,
                             _untyped_line(node)) from None
    except YamlLimitError as exc:
        raise BriefpackError(exc.problem, path, exc.problem_mark.line + 1) from None
    except yaml.MarkedYAMLError as exc:  # said as what to do (yaml_advice), where it begins
        problem = yaml_problem(exc, str(path), text=text)
        raise BriefpackError(problem.message, path, problem.line) from None
    except yaml.YAMLError as exc:
        raise BriefpackError(f"YAML error: {exc}", path) from None
    finally:
        if loader is not None:
            loader.dispose()


def _nodes(node):
    """Every node of a brief in the order written, each once (aliases or not)."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, yaml.MappingNode):
            stack.extend(part for pair in reversed(item.value) for part in reversed(pair))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))


def _duplicates(node, reader: Reader) -> None:
    """Report a key given twice in one mapping."""
    for item in _nodes(node):
        if isinstance(item, yaml.MappingNode):
            seen = set()
            for key, _ in item.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        reader.problem(key, f"duplicate key '{key.value}'")
                    seen.add(key.value)


def _untyped_line(node) -> int | None:
    """The line of the first value that does not read as the type its tag gives it."""
    for item in _nodes(node):
        if isinstance(item, yaml.ScalarNode):
            try:
                constructed(item)
            except (ValueError, KeyError, TypeError, OverflowError):
                return item.start_mark.line + 1
    return None
