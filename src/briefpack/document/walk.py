"""The one walk over the document model: the inline lists of every block, in
document order (blocks in order; list items in order; a table's header cells,
then its rows cell by cell; a figure's caption, then each point's note), read
or mapped.

The citation transform numbers notes in this order and the writers print them
in it, so every transform goes through here: a new kind of block is added to
:func:`block_inlines` and :func:`map_inlines` once.
"""

from __future__ import annotations

from .model import Anchor, BulletList, Cite, CrossRef, Document, Figure, Heading, Note, Paragraph, Quote, Table, Text


def block_inlines(block) -> list[list]:
    """The inline lists of one block, in document order (none for a block without text)."""
    if isinstance(block, (Heading, Paragraph, Quote)):
        return [block.content]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, Table):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Figure):
        return [block.caption, *(point.note for point in block.points)]
    return []


def map_inlines(block, change):
    """``block`` with every inline list replaced by ``change(inlines)``, called in the order
    of :func:`block_inlines`: a copy when a list changed, else ``block`` itself (a
    ``change`` that keeps a list returns the list it was given)."""
    if isinstance(block, (Heading, Paragraph, Quote)):
        content = change(block.content)
        return block if content is block.content else _with(block, content=content)
    if isinstance(block, BulletList):
        items = [change(item) for item in block.items]
        return block if _same(items, block.items) else _with(block, items=items)
    if isinstance(block, Table):
        header = [change(cell) for cell in block.header]
        rows = [[change(cell) for cell in row] for row in block.rows]
        if _same(header, block.header) and all(_same(a, b) for a, b in zip(rows, block.rows)):
            return block
        return _with(block, header=header, rows=rows, widths=None if block.widths is None else list(block.widths))
    if isinstance(block, Figure):
        caption = change(block.caption)
        notes = [change(p.note) for p in block.points]
        if caption is block.caption and _same(notes, [p.note for p in block.points]):
            return block
        return _with(block, caption=caption, points=[p if note is p.note else _with(p, note=note)
                                                     for p, note in zip(block.points, notes)])
    return block


def _with(node, **fields):
    """A copy of ``node`` (a block or a chart point: a dataclass set by its fields alone, none
    frozen) with ``fields`` changed: what ``dataclasses.replace`` makes, without its call of
    ``__init__`` (a walk makes one for most blocks)."""
    copy = object.__new__(type(node))
    copy.__dict__.update(node.__dict__, **fields)
    return copy


def _same(changed: list, lists: list) -> bool:
    """Whether each of ``changed`` is the list of ``lists`` it was made from."""
    return all(a is b for a, b in zip(changed, lists))


def iter_inlines(blocks):
    """Every inline of ``blocks`` (or of a Document's body) in document order."""
    for block in blocks.blocks if isinstance(blocks, Document) else blocks:
        for content in block_inlines(block):
            yield from content


def iter_notes(document: Document):
    """Every Note in document order (the order writers must number them in)."""
    return (node for node in iter_inlines(document) if isinstance(node, Note))


def cites(blocks):
    """The keys of every Cite in ``blocks`` (or a Document), in document order."""
    return (node.keys for node in iter_inlines(blocks) if isinstance(node, Cite))


def cross_references(blocks):
    """Every CrossRef in ``blocks`` (or a Document), in document order."""
    return (node for node in iter_inlines(blocks) if isinstance(node, CrossRef))


def unresolved_references(blocks) -> list:
    """The cross-references in ``blocks`` whose target is neither a heading's anchor nor an Anchor among them."""
    refs, known, _ = references_and_cites(blocks)
    return [ref for ref in refs if ref.target not in known]


def references_and_cites(blocks) -> tuple[list, set[str], list[tuple[str, ...]]]:
    """In one walk of ``blocks`` (or a Document): every CrossRef, what a cross-reference may
    name (the headings' anchors and the Anchors' names) and the keys of every Cite, in
    document order."""
    blocks = blocks.blocks if isinstance(blocks, Document) else blocks
    refs, names, keys = [], {b.anchor for b in blocks if isinstance(b, Heading) and b.anchor}, []
    for node in iter_inlines(blocks):
        if isinstance(node, Text):
            continue
        if isinstance(node, Cite):
            keys.append(node.keys)
        elif isinstance(node, CrossRef):
            refs.append(node)
        elif isinstance(node, Anchor):
            names.add(node.name)
    return refs, names, keys


def cited_keys(document: Document) -> list[str]:
    """Excerpt ids cited by the document (before the citation transform), first-use order."""
    return list(dict.fromkeys(key for keys in cites(document) for key in keys))
