"""What a key judgment states beside its text, as the document prints it.

ICD 203 products print, under each judgment, its likelihood with the band it
names, its time frame, and its confidence with the basis for it, the confidence
in a sentence of its own (never with the likelihood term); ICD 206's source
summary statement follows, counted from what the judgment cites
(``compose/sourcing.py``).
"""

from __future__ import annotations

from ..conventions.dates import display_date
from ..conventions.estimative import band_of, time_frame_text
import re

from ..document.model import BulletList, Paragraph, Text
from .blockxml import tidy_inlines
from .sourcing import summary
from .typography import smart_quotes


def assessment_blocks(assessment, profile=None) -> list:
    """What a key judgment states beside its text, as ICD 203 products print it under
    the judgment: the likelihood with its band, the time frame, then the confidence
    and its basis in sentences of their own, the analyst's reason for holding it
    against the judgment rules, and the source summary of ``profile``."""
    parts = _assessment_parts(assessment) if assessment is not None else []
    if profile is not None and profile.sources:  # one citing nothing: the lint says so
        parts += [Text("Sources: ", bold=True), Text(summary(profile))]
    return [Paragraph(tidy_inlines(parts), style="small")] if parts else []


def _assessment_parts(assessment) -> list:
    parts = []
    if assessment.likelihood:
        parts += [Text("Likelihood: ", bold=True),
                  Text(f"{assessment.likelihood} ({band_of(assessment.likelihood)}). ")]
    if assessment.start:
        parts += [Text("Time frame: ", bold=True),
                  Text(time_frame_text(assessment.start, assessment.end, display_date) + ". ")]
    if assessment.confidence:
        parts += [Text("Confidence: ", bold=True),
                  Text(f"{assessment.confidence}. {smart_quotes(assessment.basis.strip())} ")]
    if assessment.override:
        parts += [Text("Held against the sourcing rules: ", bold=True),
                  Text(smart_quotes(assessment.override.strip()) + " ")]
    return parts


_SENTENCE_END = re.compile(r"(?<=[.!?])[\u2019\u201d\"')]*\s+")


def with_bold_lead(blocks: list) -> list:
    """A key judgment's blocks with its lead in bold: the first paragraph when supporting
    bullets follow it (ODNI's and CTC's form), else the first sentence."""
    if not blocks or not isinstance(blocks[0], Paragraph):
        return blocks
    if len(blocks) > 1 and isinstance(blocks[1], BulletList):
        lead = Paragraph([Text(n.text, bold=True, italic=n.italic) if isinstance(n, Text) else n
                          for n in blocks[0].content], blocks[0].style, keep_with_next=True)  # with its support
        return [lead] + blocks[1:]
    return [bold_first_sentence(blocks[0])] + blocks[1:]


def bold_first_sentence(paragraph: Paragraph) -> Paragraph:
    """A key judgment carries its point in its first sentence: set it in bold."""
    out, done = [], False
    for node in paragraph.content:
        if done or not isinstance(node, Text) or node.bold:
            out.append(node)
            continue
        match = _SENTENCE_END.search(node.text)
        if match is None:
            out.append(Text(node.text, bold=True, italic=node.italic))
            continue
        head, tail = node.text[: match.start()], node.text[match.start():]
        out += [Text(head, bold=True, italic=node.italic), Text(tail, italic=node.italic)]
        done = True
    return Paragraph(out, paragraph.style)
