"""Bounds on what a YAML file may make briefpack do.

Anchors and aliases (``&a``, ``*a``) let a short file stand for a huge one (a
"billion laughs": aliases of aliases of aliases). Every YAML file briefpack
reads (library, briefs, PDF style) is first read as a stream of events, which
is linear in the text and never expands an alias, and refused at the alias's
line when its aliases stand for more than ALIAS_LIMIT values in all, or for a
value that holds the alias itself; briefs also may not nest lists and mappings
deeper than a given depth. A file without an anchor costs nothing more.
"""

from __future__ import annotations

import re

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# With every alias expanded, a file may hold at most this many values more than it
# spells out: a "billion laughs" fails at once instead of being walked for minutes.
ALIAS_LIMIT = 100_000
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


class YamlLimitError(yaml.MarkedYAMLError):
    """Aliases stand for too many values, or for a value that holds them."""


def check_aliases(text: str, limit: int = ALIAS_LIMIT, depth: int | None = None) -> None:
    """Raise YamlLimitError (at the alias's line) when the aliases of ``text``
    stand for more than ``limit`` values in all, or an alias stands inside the
    value it names; with ``depth``, also when collections nest deeper than that.
    Linear in the text; without ``depth``, a text without an anchor is not parsed."""
    if depth is None and ("&" not in text or _ANCHOR.search(text) is None):
        return
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_anchors: list[str | None] = []  # the anchors of the collections being read
    counts: list[int] = [0]  # values inside each open collection
    added = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise YamlLimitError(None, None, f"the alias *{event.anchor} stands inside the value "
                                     "it names", event.start_mark)
            size = sizes.get(event.anchor, 1)
            added += size
            if added > limit:
                raise YamlLimitError(None, None, f"aliases stand for more than {limit:,} values "
                                     f"(anchors and aliases, &{event.anchor} and *{event.anchor}, may "
                                     "repeat values, not multiply them)", event.start_mark)
            counts[-1] += size
        elif isinstance(event, yaml.CollectionStartEvent):
            open_anchors.append(event.anchor)
            counts.append(1)
            if depth is not None and len(open_anchors) > depth:
                raise YamlLimitError(None, None, f"lists and mappings nested more than {depth} deep",
                                     event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_anchors.pop(), counts.pop()
            counts[-1] += size
            if anchor is not None:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            counts[-1] += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1


def safe_load(text: str):
    """Plain data from one YAML document, its aliases bounded."""
    check_aliases(text)
    return yaml.safe_load(text)
