"""The ``--pdf-style`` file read into a style sheet: plain data for the writers.

The file is YAML, read here so that no writer reads YAML: UTF-8 text, its
aliases bounded and its nesting too (a style file is three levels deep; a file
nested hundreds deep is refused at its line before it is built into data), a
mapping of sections. Which sections and keys there are, and what values they
take, is the writers' to check (:func:`briefpack.writers.validate_options`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import BuildError
from ..library.yaml_limits import ALIAS_LIMIT, check_aliases
from ..writers.style_sheet import StyleSheet

DEPTH = 8  # lists and mappings a style file may nest (it needs three)


def read_style_sheet(path: Path) -> StyleSheet:
    """The style sheet of the file at ``path``; BuildError with the path (and the line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildError("PDF style is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise BuildError(f"cannot read PDF style: {exc.strerror or exc}", path=path) from None
    try:
        check_aliases(text, ALIAS_LIMIT, depth=DEPTH)  # aliases and nesting bounded: the file cannot blow up
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BuildError(f"PDF style is not valid YAML: {problem}", path=path, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError("PDF style must be a mapping of sections", path=path)
    return StyleSheet(Path(path), data)
