"""Adding an excerpt to an excerpts file: at its end, the rest of the file untouched, atomically.

The file's text is kept byte for byte (comments, order, blank lines) and the
new item appended after it; the result is parsed before it replaces the file,
so a file is never left half-written or unreadable.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import BriefpackError
from ..library.textfiles import decode_text
from ..library.yamlfields import compose
from .source_file import write_atomically


def appended_text(existing: str, item: str, shown: str) -> str:
    """``existing`` with ``item`` (one ``- id: ...`` list item) added at the end."""
    if existing.strip():
        try:
            node = compose(existing)
        except yaml.YAMLError as exc:
            raise BriefpackError(f"cannot add to it: it is not valid YAML ({getattr(exc, 'problem', exc)}); "
                                 "fix it first (see briefpack check)", path=shown) from None
        if node is not None and not isinstance(node, yaml.SequenceNode):
            raise BriefpackError("cannot add to it: it does not hold a YAML list of excerpts", path=shown)
        if node is not None and node.flow_style:
            if node.value:
                raise BriefpackError("cannot add to it: its list is written [...] on one line; "
                                     "write it as '- id: ...' items", path=shown)
            existing = existing.replace("[]", "", 1)  # an empty list written []: items follow instead
    text = existing if not existing or existing.endswith("\n") else existing + "\n"
    if text.strip() and not text.endswith("\n\n"):
        text += "\n"
    text = text.lstrip("\n") if not text.strip() else text
    text += item
    node = compose(text)
    if not isinstance(node, yaml.SequenceNode):
        raise RuntimeError("appending an excerpt did not leave a YAML list")
    return text


def append_excerpt(path: Path, item: str, shown: str) -> None:
    """Append ``item`` to the excerpts file at ``path`` (created if missing), atomically."""
    try:
        data = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise BriefpackError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    existing, encoding, _ = decode_text(data)  # UTF-8, or UTF-16 as Notepad saves it: written back so
    if existing is None:
        raise BriefpackError(f"cannot add to it: {encoding}", path=shown)
    crlf = "\r\n" in existing  # the file's own line ends and byte-order mark are kept
    text = appended_text(existing.replace("\r\n", "\n"), item, shown)
    if text.startswith(existing.replace("\r\n", "\n")):  # the usual case: only the new item differs
        added = text[len(existing.replace("\r\n", "\n")):]
        text = existing + (added.replace("\n", "\r\n") if crlf else added)
    elif crlf:
        text = text.replace("\n", "\r\n")
    bom = "\ufeff" if encoding == "utf-8-sig" else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, bom + text, "utf-16" if encoding == "utf-16" else "utf-8")


def excerpts_file(root: Path, path: Path) -> str:
    """The excerpts file as messages show it; an error when the library would not read it."""
    from ..errors import shown_path

    full = path.resolve()
    folder = (root / "seeds" / "excerpts").resolve()
    if not full.is_relative_to(folder) or full.suffix not in (".yaml", ".yml"):
        raise BriefpackError("the library reads excerpts from .yaml files under seeds/excerpts/ only: "
                             "append to one there", path=shown_path(full, root))
    return str(shown_path(full, root))
