"""Typography of the desk's own text: straight quotation marks and apostrophes
made typographic (“ ” ‘ ’).

Applied to what the desk writes (summaries, notes, analyst text, titles), never
to quotations from sources, which keep the source's own characters.
"""

from __future__ import annotations

import re

# An opening mark follows the start, white space, an opening bracket or dash, or another opening mark.
_OPENS_AFTER = r"(^|[\s(\[{—–\-/“‘])"
_DOUBLE_OPEN = re.compile(_OPENS_AFTER + '"')
_SINGLE_OPEN = re.compile(_OPENS_AFTER + "'(?=\\w)")


def smart_quotes(text: str) -> str:
    """``"great jihad"`` -> ``“great jihad”``; ``Tajikistan's`` -> ``Tajikistan’s``;
    ``'Kafiristan'`` -> ``‘Kafiristan’``; ``the '90s`` -> ``the ’90s``."""
    if "'" not in text and '"' not in text:
        return text
    text = _DOUBLE_OPEN.sub(lambda m: m.group(1) + "“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|\s)'(?=\d\ds?\b)", lambda m: m.group(1) + "’", text)  # elided century
    text = _SINGLE_OPEN.sub(lambda m: m.group(1) + "‘", text)
    return text.replace("'", "’")


def smart_inlines(content: list) -> list:
    """The Text nodes of ``content`` with typographic quotes (notes' own content too)."""
    from dataclasses import replace

    from ..document.model import Note, Text

    out = []
    for node in content:
        if isinstance(node, Text):
            node = replace(node, text=smart_quotes(node.text))
        elif isinstance(node, Note):
            node = replace(node, content=tuple(smart_inlines(list(node.content))))
        out.append(node)
    return out


def smart_blocks(blocks: list) -> list:
    """Blocks of desk text (analyst Markdown) with typographic quotes; a block
    quotation is left as written."""
    from ..document.model import BulletList, Heading, Paragraph
    from ..document.walk import map_inlines

    return [map_inlines(b, smart_inlines) if isinstance(b, (Heading, Paragraph, BulletList)) else b for b in blocks]
