"""The ``--pdf-style`` file read into a style sheet: plain data for the writers.

The file is YAML, read here so that no writer reads YAML: UTF-8 text with no
character that is not text (``library/textfiles.py``), a mapping of sections,
its aliases bounded and its nesting too (a style file is three levels deep; a
file nested hundreds deep is refused at its line before it is built into
data). A file beyond those bounds is an input error (exit 1, like a reference
document beyond its bounds); one that is not a style file, a usage error.
Which sections and keys there are, and what values they take, is the writers'
to check (:func:`briefpack.writers.validate_options`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import BuildError
from ..library.textfiles import NOT_TEXT, not_text_line, not_text_message
from ..library.yaml_limits import ALIAS_LIMIT, YamlLimitError, check_aliases
from ..writers.style_sheet import StyleSheet

DEPTH = 8  # lists and mappings a style file may nest (it needs three)


class StyleRefused(BuildError):
    """A style file beyond the bounds of what is read (an input error, not a usage error: exit 1)."""

    input_error = True


def read_style_sheet(path: Path) -> StyleSheet:
    """The style sheet of the file at ``path``; BuildError with the path (and the line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildError("PDF style is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise BuildError(f"cannot read PDF style: {exc.strerror or exc}", path=path) from None
    bad = not_text_line(text)
    if bad is not None:
        raise BuildError(f"PDF style: {bad[1]}", path=path, line=bad[0])
    try:
        check_aliases(text, ALIAS_LIMIT, depth=DEPTH)  # aliases and nesting bounded: the file cannot blow up
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        refused = StyleRefused if isinstance(exc, YamlLimitError) else BuildError
        raise refused(f"PDF style is not valid YAML: {problem}", path=path, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError("PDF style must be a mapping of sections", path=path)
    _check_text(data, path, "")
    return StyleSheet(Path(path), data)


def _check_text(value, path, where: str) -> None:
    """No character that is not text in a key or value, written or as a YAML escape ("\\0")."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        name = f"{where}.{key}" if where else str(key)
        for text in (key, item):
            found = NOT_TEXT.search(text) if isinstance(text, str) else None
            if found:
                raise BuildError(f"PDF style: {name}: {not_text_message(found.group())}", path=path)
        _check_text(item, path, name)
