"""Every note of the bundled regional pack against pandoc's citeproc with the Chicago
notes-bibliography style (full note first, short note after), for the same citation sequence.

The differences allowed are the house ones, and only these: the Admiralty grade after each
citation ("(B2)"), four-word short titles (given to citeproc as each source's short title), and
no URL in notes (the source annex gives it). Italics are compared too.

Two settings make citeproc's output comparable: titles are given in headline style (CSL's title
case leaves a capital "The" inside a title alone; Chicago 8.159 lowercases it), and a citation of a
separate dummy source stands between every two notes (then dropped), because the house never
shortens a note to the source just cited (no "Ibid.", nor its 17th-edition "Webber, para. 4")."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefpack.briefs.read import load_brief
from briefpack.library.check import load_checked_library
from briefpack.conventions.admiralty import grade
from briefpack.notes.citations import figure_with_one_note, grade_parts, one_cite_per_place, resolve_citations
from briefpack.compose.composer import compose_document
from briefpack.compose.expand import expand_brief
from briefpack.document.model import Cite, Document, Figure, Link, Note, Text
from briefpack.document.walk import iter_inlines, map_inlines
from briefpack.notes.titles import format_title, short_title

ROOT = Path(__file__).resolve().parents[2]
STYLE = Path("/usr/share/citation-style-language/styles/chicago-fullnote-bibliography.csl")
GRADE = re.compile(r" \([A-F][1-6](?:, [A-F][1-6])*\)")


def csl_item(source) -> dict:
    item = {"id": source.id, "title": format_title(source.title, source.language), "language": source.language,
            "title-short": short_title(source.title, source.language)}
    if source.publisher:
        organization = source.publisher_type == "organization"
        item["type"] = "webpage" if organization else "article-magazine"
        item["container-title"] = source.publisher
    else:
        item["type"] = "article"
    item["author"] = [{"family": name.split()[-1], "given": " ".join(name.split()[:-1])}
                      for name in source.author]
    if source.published:
        item["issued"] = {"date-parts": [[int(p) for p in source.published.split("-")]]}
    elif source.inferred_date:
        from briefpack.conventions.dates import format_date
        item["issued"] = {"literal": f"[{format_date(source.inferred_date)}?]"}
    return item


def pandoc_citation(cite: Cite, library) -> str:
    """``[@a, paras. 5–7; @b]``: one item per source, its passages together, without grades."""
    by_source: dict[str, dict] = {}
    for key in dict.fromkeys(cite.keys):
        excerpt = library.excerpts[key]
        source = library.sources[excerpt.source]
        by_source.setdefault(source.id, {})[(excerpt.locator, grade(source.reliability, excerpt.credibility))] = None
    items = []
    for source_id, places in by_source.items():
        for locator, _ in grade_parts(list(places)):
            if isinstance(locator, int):
                locator = f"para. {locator}"
            items.append(f"@{source_id}" + (f", {locator}" if locator else ""))
    return "[" + "; ".join(items) + "]"


def marked(inlines) -> str:
    """Note text with italics as _..._, as the pandoc side is read."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(f"_{node.text}_" if node.italic else node.text)
        elif isinstance(node, Link):
            out.append(node.text)
    return "".join(out)


def pandoc_notes(citations: list[str], items: list[dict]) -> list[str]:
    text = "\n\n".join(f"Claim {i}{c}. Apart[@separator]." for i, c in enumerate(citations))
    items = items + [{"id": "separator", "type": "article", "title": "Separator"}]
    markdown = "---\nreferences: " + json.dumps(items) + "\n---\n\n" + text + "\n"
    done = subprocess.run(["pandoc", "-f", "markdown", "-t", "html", "--citeproc", "--csl", str(STYLE)],
                          input=markdown, capture_output=True, text=True, check=True)
    tree = lxml_html.fromstring(done.stdout)
    notes = []
    for li in tree.xpath("//li[@role='doc-endnote']"):
        for back in li.xpath(".//a[contains(@class, 'footnote-back')]"):
            back.getparent().remove(back)
        for em in li.xpath(".//em | .//i"):
            em.text = "_" + (em.text or "")
            last = em[-1] if len(em) else None
            if last is not None:
                last.tail = (last.tail or "") + "_"
            else:
                em.text += "_"
        notes.append(html.unescape(re.sub(r"\s+", " ", li.text_content()).strip()))
    return notes[0::2]


@pytest.mark.skipif(not STYLE.exists(), reason="citation-style-language-styles is installed by scripts/test.sh")
def test_notes_of_the_regional_pack_agree_with_citeproc():
    library, _ = load_checked_library(ROOT, strict=False)
    [brief] = expand_brief(load_brief(ROOT / "briefs" / "central-asia.yaml"), library)
    composed = compose_document(brief, library, root=ROOT, produced="July 1, 2024", timestamp=0)
    resolved = resolve_citations(composed, library)
    places = Document(composed.meta, [map_inlines(figure_with_one_note(b) if isinstance(b, Figure) else b,
                                                  one_cite_per_place) for b in composed.blocks])
    cites = [node for node in iter_inlines(places) if isinstance(node, Cite)]
    notes = [node for node in iter_inlines(resolved) if isinstance(node, Note)]
    assert len(cites) == len(notes) > 150
    ours = [GRADE.sub("", marked(note.content)) for note in notes]
    items = [csl_item(s) for s in library.sources.values()]
    theirs = pandoc_notes([pandoc_citation(c, library) for c in cites], items)
    assert len(theirs) == len(ours)
    differences = [(i + 1, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    assert not differences, "\n".join(f"note {n}:\n  ours     {a}\n  citeproc {b}" for n, a, b in differences[:8])
