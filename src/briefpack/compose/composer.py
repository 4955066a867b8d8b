"""Compose one briefing document: brief + library + templates -> document model.

The document is: a table of contents, the key judgments (paragraph style
"lead"), an introduction when the brief has one, then one level-1 section per
brief section (anchor ``sec-<n>-<title>``), each holding the section intro
and the blocks its template produced. Citations stay :class:`Cite` inlines;
the citation transform numbers them later.

Markings: excerpts above the maximum marking (the brief's ``max_marking`` or
the caller's, whichever is stricter) are left out before sorting and limiting;
the printed marking is then raised to the most restrictive marking among the
excerpts the document cites or selects (a template may print any excerpt it is
given), with a warning among the composition's warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..briefs.model import Brief, Section
from ..briefs.sections import SECTION_TYPES
from ..conventions.dates import display_date
from ..conventions.tlp import MarkingError, exceeds, normalized, rank
from ..document.model import BulletList, Document, Heading, Meta, PageBreak, Paragraph, TableOfContents, Text
from ..document.walk import cites
from ..document.paragraph_limit import long_heading
from ..errors import BriefpackError, Problem, QuerySyntaxError
from ..library.model import Excerpt, Library
from ..library.naming import canonical_value
from .analyst_text import AnalystTextError, drop_citations, parse_blocks
from .anchors import anchored
from .blockxml import BlockReader, slug
from . import dating
from .currency import CurrencyMarker, explains_currency, first_marked, legend as currency_legend
from .description import describe
from .key_judgments import assessment_blocks, with_bold_lead
from .sourcing import profile_of
from .figure_tables import FigureHelpers
from .template_context import SectionView, excerpt_view, template_context
from .helpers import Helpers, Place
from .section_cache import Reuse, Sections, TrailedNames, document_inputs, section_inputs
from .templating import find_template, make_environment, render_template, template_problem
from .abbreviations import house_styled
from .typography import smart_blocks, smart_quotes

KEYWORD_FACETS = ("country", "group")
KEYWORDS_MAX = 255
CONTENTS_ON_ONE_PAGE = 24  # more entries than fit one page with the key judgments below


@dataclass
class Composition:
    """One composed document, every excerpt its sections select (after the
    marking limit, sort and ``limit``: what enters the document, shown or not),
    the warnings composing it raised, (line, message) for each section whose
    ``limit`` left out excerpts it selects, and the excerpts it cites."""

    document: Document
    selected: list[Excerpt]
    warnings: list[Problem]
    limit_notes: list[tuple[int, str]]
    cited: list[str]  # the excerpts the document cites, in order of first citation


def compose(brief: Brief, library: Library, *, root: Path, produced: str, timestamp: int,
            max_marking: str | None = None, sections: Sections | None = None) -> Composition:
    """Compose one (expanded) brief; ``sections``: the composed sections kept by the last
    build of the document, reused where unchanged. Raises BriefpackError/TemplateError."""
    composer = _Composer(brief, library, Path(root), max_marking, sections)
    document = composer.document(produced, timestamp)
    if sections is not None:
        sections.save()
    return Composition(document, list(composer.selected.values()), composer.warnings, composer.limit_notes,
                       composer.cited)


def compose_document(brief: Brief, library: Library, *, root: Path, produced: str, timestamp: int,
                     max_marking: str | None = None) -> Document:
    """The document for one (expanded) brief. Raises BriefpackError/TemplateError."""
    return compose(brief, library, root=root, produced=produced, timestamp=timestamp,
                   max_marking=max_marking).document


class _Composer:
    def __init__(self, brief: Brief, library: Library, root: Path, max_marking: str | None, sections=None):
        self.brief = brief
        self.limit_notes: list[tuple[int, str]] = []
        self.library = library
        self.root = root
        self.limit = _stricter(brief.max_marking, _checked_marking(max_marking))
        self.anchors = TrailedNames()  # UniqueNames, followed for the sections' reuse
        self.tag_index = None  # the library by tag, for the sections' queries
        self.selected: dict[str, Excerpt] = {}  # by id, in order of first selection
        self.cited: list[str] = []  # the excerpts the document cites, once composed
        self.warnings: list[Problem] = []
        self.env = make_environment(root)
        self.helpers = Helpers(library, brief.as_of, brief.stale_after_years, self.anchors)
        self.sources: dict = {}  # source records for templates, by id
        self.checked: dict = {}  # what template_problem found of each section template, by path
        self.figure_helpers = FigureHelpers(library, self.limit, self.helpers.vocabulary,
                                            lambda e: excerpt_view(e, library, self.sources))
        self.reuse = Reuse(sections, self.anchors, self.helpers, lambda: document_inputs(
            brief, library, self.limit, root, self.helpers.vocabulary, self.figure_helpers.rows))

    # ------------------------------------------------------------ document
    def document(self, produced: str, timestamp: int) -> Document:
        brief = self.brief
        blocks: list = [TableOfContents()] + self.bottom_line()
        if brief.key_judgments:
            blocks.append(self.heading("Key Judgments", "key-judgments"))
            for i, text in enumerate(brief.key_judgments):
                judgment = with_bold_lead(self.analyst(text, f"key_judgments.{i}", style="lead"))
                profile = profile_of([k for keys in cites(judgment) for k in keys], self.library)
                blocks += judgment + assessment_blocks(brief.assessments.get(f"key_judgments.{i}"), profile)
        described = 0
        if brief.intro.strip():
            blocks.append(self.heading("Introduction", "introduction"))
            blocks += self.analyst(brief.intro, "intro")
            described = len(blocks)
        blocks += self.sections_marked_for_currency()
        if described:  # the introduction says what the document holds, counted from it
            blocks.insert(described, describe(blocks, self.library))
        self.reuse.styling(brief.house_style)
        blocks, refs, targets, cited = anchored(house_styled(blocks, self.library, brief.house_style),
                                                self.helpers.fallbacks)
        for ref in [ref for ref in refs if ref.target not in targets][:1]:
            raise brief.error(f"a cross-reference to \u201c{ref.text}\u201d (<ref to=\"{ref.target}\">) names "
                              "no heading of the document", "sections")
        self.cited = list(dict.fromkeys(k for keys in cited for k in keys))
        if sum(1 for b in blocks if isinstance(b, Heading) and b.in_toc and b.level <= 2) > CONTENTS_ON_ONE_PAGE \
                and not (len(blocks) > 1 and isinstance(blocks[1], PageBreak)):
            blocks.insert(1, PageBreak())  # long contents: the key judgments open a page of their own
        marking = self.printed_marking(cited)
        meta = Meta(
            title=smart_quotes(brief.title), subtitle=smart_quotes(brief.subtitle),
            marking=marking,
            as_of=display_date(brief.as_of, brief.house_style),
            produced=display_date(produced, brief.house_style),  # a date as the house writes it, else as given
            organization=brief.organization, authors=list(brief.authors),
            subject=brief.subtitle or brief.title,
            keywords=self.keywords(cited),
            timestamp=timestamp, house_style=brief.house_style,
        )
        return Document(meta, blocks)

    def bottom_line(self) -> list:
        """The bottom line up front: a heading and the brief's bullets, before the key judgments."""
        items = []
        for i, text in enumerate(self.brief.bottom_line):
            for block in self.analyst(text, f"bottom_line.{i}"):
                items += [block.content] if isinstance(block, Paragraph) else list(getattr(block, "items", ()))
        return [self.heading("Bottom Line", "bottom-line"), BulletList(items)] if items else []

    def sections_marked_for_currency(self) -> list:
        """The sections' blocks, stale ones marked (currency.py); a section with a mark
        explains it once, before its first marked item (in full the first time in the
        document, then briefly), unless its template explains its old material itself."""
        blocks: list = []
        marker = CurrencyMarker(self.library, self.brief.as_of, self.brief.stale_after_years)
        explained = False
        for number, section in enumerate(self.brief.sections, 1):
            marked = marker.count
            own = marker.mark(self.section(number, section))
            if marker.count > marked and not explains_currency(own):
                own.insert(first_marked(own), currency_legend(self.brief.as_of, self.brief.stale_after_years,
                                                              brief=explained))
                explained = True
            blocks += own
        return blocks

    def heading(self, title: str, anchor: str, level: int = 1) -> Heading:
        return Heading(level, [Text(title)], anchor=self.anchors.give(anchor))

    def analyst(self, text: str, key: str, style: str = "body") -> list:
        withdrawn = self.library.withdrawn
        try:
            blocks = parse_blocks(text, style=style, known=lambda k: k in self.library.excerpts or k in withdrawn)
        except AnalystTextError as exc:
            message = exc.message
            unknown = re.fullmatch(r"citation of unknown excerpt '(.+)'", message)
            if unknown:
                from ..library.naming import citation_problem

                message = citation_problem(unknown.group(1), self.library)
            raise self.brief.error(message, key, text[: exc.offset]) from None
        if withdrawn:
            blocks = drop_citations(blocks, withdrawn)
        for keys in cites(blocks):
            for k in keys:
                if exceeds(self.library.excerpts[k].marking, self.limit):
                    raise self.brief.error(self.above_limit(k), key)
        return smart_blocks(blocks)

    def above_limit(self, key: str) -> str:
        return (f"excerpt '{key}' is marked {self.library.excerpts[key].marking}, "
                f"above the maximum marking {self.limit}")

    # ------------------------------------------------------------ sections
    def section_excerpts(self, number: int, section: Section) -> tuple[dict, list[Excerpt]]:
        """The section's parameters (facet values made canonical) and its excerpts."""
        key = f"sections.{number - 1}"
        params = dict(section.params)
        for facet in KEYWORD_FACETS:
            if params.get(facet):
                params[facet] = self.canonical(facet, params[facet], f"{key}.{facet}")
        return params, self.select(section, params, key)

    def section(self, number: int, section: Section) -> list:
        key = f"sections.{number - 1}"
        params, excerpts = self.section_excerpts(number, section)
        for excerpt in excerpts:
            self.selected.setdefault(excerpt.id, excerpt)
        title = section.title or self.default_title(section.type, params)
        if problem := long_heading(title):
            raise self.brief.error(problem, f"{key}.title" if section.title else key)
        anchor = self.anchors.give(f"sec-{number}-{slug(title)}")
        blocks: list = [PageBreak()] if params.get("new_page") else []
        blocks.append(Heading(1, [Text(title)], anchor=anchor))
        if params.get("intro", "").strip():
            blocks += self.analyst(params["intro"], f"{key}.intro")
        template = find_template(section.type, self.root, params.get("template"))
        problem = template_problem(template, self.root, self.checked)
        if problem:  # nothing of the file is read, nor where a link points
            shown = params.get("template") or template.relative_to(self.root).as_posix()
            where = f"{key}.template" if params.get("template") else key
            raise self.brief.error(f"{problem}: {shown}", where)
        self.helpers.place = Place(title, anchor)  # what the section prints once, a later one refers to
        produced = self.reuse.blocks(
            lambda: section_inputs(number, section.type, title, anchor, params, template, excerpts,
                                   self.library, self.root, self.reuse.templates),
            lambda: BlockReader(template, anchor, self.anchors, self.check_key).read(render_template(
                self.env, template, self.context(section, params, title, anchor, number, [
                    excerpt_view(e, self.library, self.sources) for e in excerpts]))),
            self.check_key)
        return blocks + prune_empty_headings(produced)

    def check_key(self, key: str) -> str | None:
        if key not in self.library.excerpts:
            return f"no excerpt with id '{key}'"
        if exceeds(self.library.excerpts[key].marking, self.limit):
            return self.above_limit(key)
        return None

    def default_title(self, kind: str, params: dict) -> str:
        section_type = SECTION_TYPES[kind]
        if section_type.title or not section_type.needs:
            return section_type.title or kind.replace("_", " ").capitalize()
        return self.library.vocabulary.label(section_type.needs, params[section_type.needs])

    def canonical(self, facet: str, value: str, key: str) -> str:
        found = canonical_value(self.library.vocabulary, facet, value)
        if found is None:
            from ..library.naming import value_problem

            raise self.brief.error(value_problem(self.library.vocabulary, facet, value), key)
        return found

    def select(self, section: Section, params: dict, key: str) -> list[Excerpt]:
        """The section's excerpts: default query and ``select``, marking limit, sort, limit."""
        parts = []
        for facet in KEYWORD_FACETS:
            if params.get(facet):
                parts.append(f"{facet}:{params[facet]}")
        any_tag = SECTION_TYPES[section.type].any_tag
        if any_tag:
            known = [t for t in any_tag if t.partition(":")[2] in
                     getattr(self.library.vocabulary.facets.get(t.partition(":")[0]), "values", {})]
            parts.append("(" + " or ".join(known or any_tag[:1]) + ")")
        chosen = self.query(" and ".join(parts), key) if parts else None
        if params.get("select", "").strip():
            extra = self.query(params["select"], f"{key}.select")  # in file order, as the library's
            ids = {e.id for e in extra}
            chosen = extra if chosen is None else [e for e in chosen if e.id in ids]
        if chosen is None:
            chosen = list(self.library.excerpts.values())
        chosen = [e for e in chosen if not exceeds(e.marking, self.limit)]
        order = params.get("sort", "date")
        if order == "credibility":
            chosen.sort(key=lambda e: (e.credibility, _neg_date(e.date), e.id))
        else:
            chosen.sort(key=lambda e: (str(e.date), e.id), reverse=order == "-date")
        if params.get("limit") and len(chosen) > params["limit"]:
            self.note_limit(chosen, params["limit"], order, key)
            chosen = chosen[: params["limit"]]
        return chosen

    def note_limit(self, chosen: list[Excerpt], limit: int, order: str, key: str) -> None:
        """Say which excerpts a section's ``limit`` leaves out (``briefpack check`` prints it)."""
        left = [e.id for e in chosen[limit:]]
        shown = ", ".join(left[:8]) + (f" and {len(left) - 8} more" if len(left) > 8 else "")
        how = {"date": "oldest first", "-date": "newest first", "credibility": "best credibility first"}[order]
        self.limit_notes.append((self.brief.line_of(f"{key}.limit"), (
            f"limit {limit} leaves out {len(left)} of the {len(chosen)} excerpts the section selects: "
            f"{shown} (sort: {order}, {how}; a date of only a year or a month sorts as its first day)")))

    def query(self, text: str, key: str) -> list[Excerpt]:
        from ..library.query import TagIndex, select_excerpts

        if self.tag_index is None:  # made once a document
            self.tag_index = TagIndex(self.library)
        try:
            return list(select_excerpts(self.library, text, self.tag_index))
        except QuerySyntaxError as exc:  # at its line within a literal block (select: |)
            raise BriefpackError(f"bad query: {exc.message}", self.brief.path,
                                 self.brief.line_of(key, "\n" * (exc.query_line - 1))) from None
        except BriefpackError as exc:
            if exc.path is not None:
                raise
            raise BriefpackError(f"{exc.message} in query {text!r}", self.brief.path,
                                 self.brief.line_of(key)) from None

    def context(self, section, params, title, anchor, number, views) -> dict:
        """What the section's template sees: plain records only (template_context.py)."""
        vocab = self.helpers.vocabulary
        info = {name: str(params.get(name) or "") for name in
                ("country", "group", "select", "sort", "template", "intro")}
        info.update(
            type=section.type, title=title, anchor=anchor, number=number,
            limit=params.get("limit"), quotations=params.get("quotations", 3),
            country_label=vocab.label("country", info["country"]) if info["country"] else "",
            group_label=vocab.label("group", info["group"]) if info["group"] else "",
        )
        functions = dict(self.helpers.functions(), **self.figure_helpers.functions(), **dating.FUNCTIONS)
        return template_context(brief=self.brief, section=SectionView(**info), excerpts=views,
                                vocabulary=vocab, functions=functions,
                                as_of_text=display_date(self.brief.as_of))

    # ------------------------------------------------------------ marking and keywords
    def printed_marking(self, cited: list) -> str:
        """The brief's marking raised to the most restrictive excerpt the document
        cites (``cited``: each Cite's keys) or its sections select: a template receives
        every selected excerpt and may print any of them, with or without cite()."""
        brief, raised_by = self.brief, None
        marking = brief.marking
        keys = [k for group in cited for k in group] + list(self.selected)
        labels = [self.library.excerpts[k].marking for k in keys]
        ranks = {label: rank(label) for label in dict.fromkeys([marking, *labels] if keys else ())}  # a few
        for k, label in zip(keys, labels):
            if ranks[label] > ranks[marking]:
                marking, raised_by = label, k
        if raised_by:
            self.warnings.append(Problem(brief.path, brief.line_of("marking"),
                                         f"marking raised from {brief.marking} to {marking} by excerpt {raised_by}",
                                         "warning"))
        return marking

    def keywords(self, cited: list) -> list[str]:
        """Countries and groups covered: the sections' own subjects first, then those
        the cited excerpts (``cited``: each Cite's keys) are tagged with, most cited
        first; at most KEYWORDS_MAX characters joined with ", " (DOCX core properties hold 255)."""
        counts: dict[tuple[str, str], int] = {}
        for keys in cited:
            for k in keys:
                for facet in KEYWORD_FACETS:
                    for value in self.library.excerpts[k].tag_values(facet):
                        counts[facet, value] = counts.get((facet, value), 0) + 1
        subjects = [(f, s.params[f]) for s in self.brief.sections for f in KEYWORD_FACETS
                    if s.params.get(f)]
        ranked = sorted(counts, key=lambda fv: (-counts[fv], KEYWORD_FACETS.index(fv[0]), fv[1]))
        out: list[str] = []
        for facet, value in subjects + ranked:
            label = self.library.vocabulary.label(facet, self.canonical_or_raw(facet, value))
            if label not in out and len(", ".join(out + [label])) <= KEYWORDS_MAX:
                out.append(label)
        return out

    def canonical_or_raw(self, facet: str, value: str) -> str:
        return canonical_value(self.library.vocabulary, facet, value) or value


def prune_empty_headings(blocks: list) -> list:
    """Drop subsection headings (levels 2-3) with nothing under them."""
    out: list = []
    for block in reversed(blocks):
        if isinstance(block, Heading) and block.level >= 2:
            following = out[-1] if out else None
            if following is None or (isinstance(following, Heading) and following.level <= block.level):
                continue
        out.append(block)
    return out[::-1]


def _neg_date(partial: str) -> tuple:
    """A sort key putting later partial dates first."""
    return tuple(-int(p) for p in re.findall(r"\d+", str(partial))) or (0,)


def _checked_marking(label: str | None) -> str | None:
    try:
        return normalized(label)
    except MarkingError as exc:
        raise BriefpackError(f"max_marking: {exc}") from None


def _stricter(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if rank(a) < rank(b) else b
