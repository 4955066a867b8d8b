"""A house style file as the writers receive it: plain data, never YAML.

The pipeline reads the file a user names (``--pdf-style``) into a
:class:`StyleSheet` (:mod:`briefpack.pipeline.house_style`); the PDF writer
takes its fonts, sizes, colours and margins from it, and both writers their
charts' font, size and palette (its ``charts`` section). Each writer checks
the keys it reads, naming ``path`` in its messages; without a style sheet,
the writers' own defaults apply (the values of the shipped
``styles/pdf-style.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StyleSheet:
    path: Path  # the file: named in messages; font files are relative to its folder
    sections: dict = field(default_factory=dict)  # section -> {key: value}, as the file gives them
