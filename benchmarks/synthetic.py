"""Synthetic content shared by the benchmarks: a document model with N notes, and
any document as Pandoc Markdown (the same text and notes, for timing pandoc).

Deterministic for a seed: the same arguments always give the same document.
"""

from __future__ import annotations

import random

from briefpack.document.model import Document, Heading, Link, Meta, Note, Paragraph, Quote, Table, TableOfContents, Text

WORDS = ("the of and in to a regional border water security trade migration policy reservoir "
         "agreement ministry delegation report official transit energy customs said on for with "
         "Қазақстан Россия Тоҷикистон Ўзбекистон Қирғизистон вода граница безопасность соглашение "
         "Oʻzbekiston gʻalaba suv chegara xavfsizlik Dushanbe Bishkek Toshkent Almaty").split()


def synthetic_document(notes: int, seed: int = 1, words_from=WORDS) -> Document:
    """About ``notes`` * 95 words (drawn from ``words_from``); exactly ``notes`` notes,
    mostly in paragraphs, one in every 10-paragraph table; a heading every 40 paragraphs."""
    rnd = random.Random(seed)
    count = 0

    def words(n):
        return " ".join(rnd.choice(words_from) for _ in range(n))

    def note():
        nonlocal count
        count += 1
        return Note(count, (Text(f"Author {count}, “{words(rnd.randint(4, 9))},” "
                                 f"{words(rnd.randint(6, 24))}, para. {rnd.randint(1, 40)}."),))

    blocks = [TableOfContents()]
    paragraph = 0
    while count < notes:
        if paragraph % 40 == 0:
            blocks.append(Heading(1 if paragraph % 120 == 0 else 2, [Text(words(4).capitalize())]))
        content = []
        for _ in range(rnd.choice((0, 1, 1, 1, 2))):
            if count < notes:
                content += [Text(words(rnd.randint(25, 45)) + " "), note()]
        content.append(Text(" " + words(rnd.randint(15, 60)) + "."))
        blocks.append(Paragraph(content))
        paragraph += 1
        if paragraph % 10 == 0:
            rows = [[[Text(words(2))], [Text(words(rnd.randint(6, 18)))]] for _ in range(5)]
            if count < notes:
                rows[2][1].append(note())
            blocks.append(Table([[Text("Place")], [Text("Finding")]], rows, widths=[0.3, 0.7]))
    meta = Meta(title="Synthetic brief", marking="TLP:GREEN", as_of="June 30, 2024",
                produced="July 1, 2024", authors=["Bench"], timestamp=1719792000)
    return Document(meta, blocks)


def word_count(document: Document) -> int:
    from briefpack.document.model import plain_text
    from briefpack.document.walk import iter_notes

    total = 0
    for block in document.blocks:
        if isinstance(block, (Paragraph, Heading)):
            total += len(plain_text(block.content).split())
        elif isinstance(block, Table):
            total += sum(len(plain_text(c).split()) for row in block.rows for c in row)
    return total + sum(len(plain_text(n.content).split()) for n in iter_notes(document))


def to_markdown(document: Document) -> str:
    """Pandoc Markdown with footnotes: the same text and notes as the document."""
    out, notes = [f"% {document.meta.title}"], []

    def inline(content) -> str:
        parts = []
        for node in content:
            if isinstance(node, Note):
                parts.append(f"[^{node.number}]")
                notes.append(f"[^{node.number}]: {inline(node.content)}")
            elif isinstance(node, Link):
                parts.append(f"[{_escaped(node.text)}]({node.url})")
            elif isinstance(node, Text):
                text = _escaped(node.text)
                parts.append(f"**{text}**" if node.bold else f"*{text}*" if node.italic else text)
        return "".join(parts)

    for block in document.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + inline(block.content))
        elif isinstance(block, (Paragraph, Quote)):
            out.append(("> " if isinstance(block, Quote) else "") + inline(block.content))
        elif isinstance(block, Table):
            lines = ["| " + " | ".join(inline(c) for c in row) + " |" for row in (block.header, *block.rows)]
            lines.insert(1, "|" + "---|" * len(block.header))
            out.append("\n".join(lines))
    return "\n\n".join(out + notes) + "\n"


def _escaped(text: str) -> str:
    return text.replace("*", r"\*").replace("[", r"\[")


def yaml_text(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
