"""What changed since the last edition of a document.

Compares the excerpts a document uses now with those its baseline edition
used (a published edition, see ``published``) and says so in a short section
placed after the key judgments: excerpts added and withdrawn (each quoted,
shortened at a word boundary, with its source and date), excerpts revised
(with the fields that changed), figures whose value changed (old and new side
by side, each cited), sources added, key judgments whose supporting excerpts
changed, and the places that lost a withdrawn excerpt's support. The same
comparison serves ``briefpack diff`` (see ``pipeline.editions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..document.model import Cite, Document, Heading, Paragraph, Table, Text, BulletList


@dataclass
class FigureChange:
    measure: str
    place: str
    old: list[tuple[str, dict]]  # (excerpt id, figure)
    new: list[tuple[str, dict]]


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.withdrawn or self.altered or self.figures or self.sources_added)


def compare_excerpts(old: dict[str, dict], new: dict[str, dict]) -> Changes:
    """Compare two ``{excerpt id: manifest record}`` tables."""
    changes = Changes()
    changes.added = sorted(k for k in new if k not in old)
    changes.withdrawn = sorted(k for k in old if k not in new)
    changes.altered = sorted(k for k in new if k in old and new[k]["hash"] != old[k]["hash"])
    old_sources = {r["source"] for r in old.values()}
    changes.sources_added = sorted({r["source"] for r in new.values()} - old_sources)
    changes.figures = _figure_changes(old, new)
    return changes


def _figures_by_key(records: dict[str, dict]) -> dict[tuple[str, str], list[tuple[str, dict]]]:
    table: dict[tuple[str, str], list[tuple[str, dict]]] = {}
    for key, rec in records.items():
        for fig in rec.get("figures", []):
            table.setdefault((fig.get("measure", ""), str(fig.get("place", ""))), []).append((key, fig))
    return table


def _signature(entries):
    return sorted(
        (str(f.get("value")), f.get("qualifier", ""), f.get("estimator", ""), str(f.get("as_of", "")))
        for _, f in entries
    )


def _figure_changes(old, new) -> list[FigureChange]:
    before, after = _figures_by_key(old), _figures_by_key(new)
    out = []
    for key in sorted(set(before) | set(after)):
        if _signature(before.get(key, [])) != _signature(after.get(key, [])):
            out.append(FigureChange(key[0], key[1], before.get(key, []), after.get(key, [])))
    return out


# What a record holds of each field that can be revised; a quote only by its hash.
REVISABLE = (("quote", "quote_hash"), ("summary", "summary"), ("source", "source"), ("date", "date"),
             ("credibility", "credibility"), ("marking", "marking"), ("tags", "tags"),
             ("figures", "figures"))


def revised_fields(old: dict, new: dict) -> list[str]:
    """The fields that differ between two records of an excerpt. Records from
    an older manifest lack some fields: those are not compared. A summary the user
    never wrote (the record's is then the quote's start) changes with the quote: only
    the quote is named."""
    fields = [name for name, key in REVISABLE
              if key in old and key in new and _comparable(key, old) != _comparable(key, new)]
    if "summary" in fields and "quote" in fields and _derived_summary(old) and _derived_summary(new):
        fields.remove("summary")
    return fields


def _derived_summary(record: dict) -> bool:
    """Whether the record's summary is the start of its quote (the excerpt has none of its own):
    the whole quote (its hash is the quote's), or its first 200 characters."""
    from .manifest import sha256_bytes

    summary = str(record.get("summary") or "")
    return sha256_bytes(summary.encode("utf-8"))[:16] == record.get("quote_hash") or len(summary) == 200


def _comparable(key: str, record: dict):
    return _signature([("", f) for f in record[key]]) if key == "figures" else record[key]


def _revised_text(old: dict, new: dict) -> str:
    fields = revised_fields(old, new)
    return f" \N{EM DASH} revised: {', '.join(fields)}" if fields else ""


def _revision_lines(old: dict, new: dict) -> list[str]:
    """One line per revised field, old -> new where the record holds the value."""
    fields = revised_fields(old, new)
    if not fields:
        return ["(an older manifest does not record which fields changed)"]
    lines = []
    for name in fields:
        key = dict(REVISABLE)[name]
        if name == "quote":
            lines.append("quote: revised")
        elif name == "summary":
            lines.append(f'summary: "{old[key]}" -> "{new[key]}"')
        elif name == "tags":
            gone = [t for t in old[key] if t not in new[key]]
            came = [t for t in new[key] if t not in old[key]]
            lines.append("tags: " + (", ".join([f"+{t}" for t in came] + [f"-{t}" for t in gone])
                                     or "reordered"))
        elif name == "figures":
            shown = ["; ".join(_figure_text(f) for f in r[key]) or "none" for r in (old, new)]
            lines.append(f"figures: {shown[0]} -> {shown[1]}")
        else:
            lines.append(f"{name}: {old[key]} -> {new[key]}")
    return lines


def _figure_text(fig: dict) -> str:
    parts = [fig.get("qualifier", ""), _number(fig.get("value")), fig.get("unit", "")]
    text = " ".join(p for p in parts if p)
    extra = [x for x in (fig.get("as_of") and f"as of {fig['as_of']}", fig.get("estimator")) if x]
    return text + (f" ({', '.join(extra)})" if extra else "")


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _figure_cell(entries, current: dict, previous_side: bool) -> list:
    """Figures with their citations. An old figure whose excerpt has since been
    revised is cited and marked so; one whose excerpt was withdrawn names it."""
    cell: list = []
    for key, fig in entries:
        if cell:
            cell.append(Text("; "))
        cell.append(Text(_figure_text(fig)))
        if key not in current:
            cell.append(Text(f" [withdrawn excerpt {key}]", italic=True))
            continue
        cell.append(Cite((key,)))
        if previous_side and fig not in current[key].get("figures", []):
            cell.append(Text(" (since revised)", italic=True))
    return cell or [Text("none")]


def _measure_text(change: FigureChange, library) -> str:
    vocabulary = library.vocabulary
    if "measure" in vocabulary.facets:
        measure = vocabulary.label("measure", change.measure)
    else:
        measure = change.measure.replace("-", " ").replace("_", " ")
        measure = measure[:1].upper() + measure[1:]
    if not change.place:
        return measure
    place = change.place
    for facet in ("country", "region", "group"):
        if facet in vocabulary.facets and place in vocabulary.facets[facet].values:
            place = vocabulary.label(facet, place)
            break
    return f"{measure} ({place})"


def change_blocks(changes: Changes, baseline, current: dict, judgments: list[Paragraph], library):
    """The blocks of the "Changes since edition N (date)" section; ``baseline``
    is the published edition compared against."""
    old = baseline.excerpts
    blocks: list = [Heading(1, [Text(f"Changes since {baseline.label()}")], anchor="changes")]
    if not changes:
        blocks.append(Paragraph([Text("No excerpt, figure or source has changed since that edition.")]))
        return blocks

    def listed(title, anchor, items):
        blocks.append(Heading(2, [Text(title)], anchor=anchor, in_toc=False))
        blocks.append(BulletList(items))

    if changes.added:
        listed("Excerpts added", "changes-added",
               [[Text(_label(current[k], library, baseline)), Cite((k,))] for k in changes.added])
    if changes.withdrawn:
        listed("Excerpts withdrawn", "changes-withdrawn",
               [[Text(_label(old[k], library, baseline) + _withdrawn_text(k, library))] for k in changes.withdrawn])
    if changes.altered:
        listed("Excerpts revised", "changes-revised",
               [[Text(_label(current[k], library, baseline)), Cite((k,)), Text(_revised_text(old[k], current[k]))]
                for k in changes.altered])
    if changes.figures:
        blocks.append(Heading(2, [Text("Figures changed")], anchor="changes-figures", in_toc=False))
        rows = [
            [[Text(_measure_text(fc, library))],
             _figure_cell(fc.old, current, True), _figure_cell(fc.new, current, False)]
            for fc in changes.figures
        ]
        blocks.append(Table([[Text("Measure")], [Text(f"Edition {baseline.number}")], [Text("This edition")]],
                            rows, widths=[0.25, 0.375, 0.375]))
    if changes.sources_added:
        items = []
        for sid in changes.sources_added:
            src = library.sources.get(sid)
            items.append([Text(src.title if src else sid, italic=True)])
        listed("Sources added", "changes-sources", items)
    touched = set(changes.withdrawn) | set(changes.altered) | set(changes.added)
    affected = [j for j in judgments if _keys(j) & touched]
    if affected:
        listed("Judgments with changed support", "changes-judgments",
               [[n for n in j.content if not isinstance(n, Cite)] for j in affected])
    return blocks


def _withdrawn_text(key: str, library) -> str:
    from ..library.model import withdrawal_reason

    excerpt = library.withdrawn.get(key) if library is not None else None
    return f" \N{EM DASH} withdrawn: {withdrawal_reason(excerpt, library)}" if excerpt is not None else ""


def support_lost(places, library) -> list:
    """The key judgments and sections that would cite a withdrawn excerpt."""
    from ..library.model import withdrawal_reason

    items = []
    for place in places:
        why = "; ".join(f"{k} ({withdrawal_reason(library.withdrawn[k], library)})" for k in place.excerpts)
        label = place.describe()
        items.append([Text(label[:1].upper() + label[1:] + f" \N{EM DASH} withdrawn: {why}")])
    return [Heading(2, [Text("Support lost to withdrawn excerpts")], anchor="changes-lost", in_toc=False),
            BulletList(items)]


QUOTE_LIMIT = 110  # characters of a quote shown in a change list


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at the last word boundary within ``limit``
    characters with an ellipsis (whole when it fits)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "\u2026"


def _label(record: dict, library=None, baseline=None) -> str:
    """\u201cThe quote, shortened\u2026\u201d (Source, June 2024): what a reader needs to
    recognise an excerpt in a change list."""
    excerpt = library.excerpts.get(record.get("id", "")) if library is not None else None
    quote = record.get("quote") or (excerpt.quote if excerpt else "") or record.get("summary") or ""
    date = _date(record["date"]) if record.get("date") else "n.d."
    source = _source_name(record.get("source", ""), library, baseline)
    where = f"{source}, {date}" if source else date
    return f"\u201c{shorten(quote)}\u201d ({where})" if quote else f"({where})"


def _source_name(sid: str, library, baseline) -> str:
    """The publisher (else the title) of a source, as the library or the edition has it."""
    src = library.sources.get(sid) if library is not None else None
    if src is not None:
        return src.publisher or src.title or sid
    known = baseline.sources.get(sid, {}) if baseline is not None else {}
    return known.get("publisher") or known.get("title") or sid


def _date(value) -> str:
    from ..conventions.dates import display_date

    return display_date(value)


def _keys(paragraph: Paragraph) -> set[str]:
    return {k for n in paragraph.content if isinstance(n, Cite) for k in n.keys}


def add_change_section(document: Document, baseline, current: dict, library, lost=()) -> Document:
    """A copy of ``document`` with the change section against the published
    edition ``baseline`` after the key judgments (the document itself without one)."""
    if baseline is None:
        return document
    current = {k: {**r, "id": k} for k, r in current.items()}
    old = {k: {**r, "id": k} for k, r in baseline.excerpts.items()}
    changes = compare_excerpts(old, current)
    judgments = [b for b in document.blocks if isinstance(b, Paragraph) and b.style == "lead"]
    blocks = change_blocks(changes, replace(baseline, excerpts=old), current, judgments, library)
    if lost:
        blocks += support_lost(lost, library)
    position = _insert_position(document.blocks)
    return replace(document, blocks=document.blocks[:position] + blocks + document.blocks[position:])


def _insert_position(blocks) -> int:
    """Before the first level-1 heading after the key judgments (or the first one)."""
    level1 = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    for i in level1:
        if blocks[i].anchor == "key-judgments":
            later = [j for j in level1 if j > i]
            return later[0] if later else len(blocks)
    return level1[0] if level1 else len(blocks)


def library_records(library) -> dict[str, dict]:
    """Manifest records for every excerpt of a library (for ``briefpack diff``)."""
    from .manifest import excerpt_record

    return {key: excerpt_record(excerpt) for key, excerpt in library.excerpts.items()}


def manifest_records(manifest: dict) -> dict[str, dict]:
    """Every excerpt record of every output of a manifest, merged."""
    records: dict[str, dict] = {}
    for output in manifest.get("outputs", {}).values():
        records.update(output.get("excerpts", {}))
    return records


def _label_line(record: dict) -> str:
    text = (record.get("summary") or "").strip()
    date = str(record.get("date")) if record.get("date") else "n.d."
    return f"{text} ({date})" if text else f"({date})"


def describe_changes(changes: Changes, old: dict, new: dict) -> list[str]:
    """The change list as plain lines, for the terminal."""
    if not changes:
        return ["No changes."]
    lines = []
    for title, keys, table in (
        ("Excerpts added", changes.added, new),
        ("Excerpts withdrawn", changes.withdrawn, old),
        ("Excerpts revised", changes.altered, new),
    ):
        if keys:
            lines.append(f"{title} ({len(keys)}):")
            for k in keys:
                lines.append(f"  {k}: {_label_line(table[k])}")
                if keys is changes.altered:
                    lines.extend(f"    {line}" for line in _revision_lines(old[k], new[k]))
    if changes.figures:
        lines.append(f"Figures changed ({len(changes.figures)}):")
        for fc in changes.figures:
            old_text = "; ".join(f"{_figure_text(f)} [{k}]" for k, f in fc.old) or "none"
            new_text = "; ".join(f"{_figure_text(f)} [{k}]" for k, f in fc.new) or "none"
            where = f" ({fc.place})" if fc.place else ""
            lines.append(f"  {fc.measure}{where}: {old_text} -> {new_text}")
    if changes.sources_added:
        lines.append(f"Sources added ({len(changes.sources_added)}):")
        lines.extend(f"  {s}" for s in changes.sources_added)
    return lines
