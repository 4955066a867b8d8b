"""The fields of a key judgment: its text, and what it states beside the text.

A key judgment is analyst Markdown, or a mapping::

    - text: >-
        ISKP is likely to attempt an attack inside Central Asia [@webber-jalal-abad-plot].
      likelihood: likely                 # an ICD 203 term (one row for the whole brief)
      confidence: moderate               # high, moderate or low
      basis: Two 2024 sources agree; the incidents rest on security services' accounts.
      time_frame: {from: 2024-07, to: 2025-06}   # partial dates; "from" required
      override: Held low despite ...     # optional: why it stands against the judgment rules

Read as a key judgment (:data:`JUDGMENT`), it is its text; the rest is recorded on
the reader as an :class:`~briefpack.conventions.estimative.Assessment` under the
judgment's key.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, ScalarNode

from ..conventions.estimative import CONFIDENCE_LEVELS, ROWS, Assessment, canonical_term
from .fields import INVALID, NULL_TAG, Field, ListOf, Reader, Record, Text, citations, invalid


def _likelihood(r: Reader, value: str, node, key: str):
    term = canonical_term(value)
    if term:
        return term
    return r.problem(node, f"likelihood '{value}' is not an ICD 203 term (one of: {', '.join(ROWS[0])}; "
                           f"or {', '.join(ROWS[1])})")


def _confidence(r: Reader, value: str, node, key: str):
    level = value.strip().lower()
    return level if level in CONFIDENCE_LEVELS else \
        r.problem(node, f"confidence must be high, moderate or low, not '{level}'")


def _partial_date(r: Reader, value: str, node, key: str):
    from ..library.load import date_problem

    problem = date_problem(value)
    return r.problem(node, f"time_frame {key.rsplit('.', 1)[-1]}: {problem}, not {value!r}") if problem else value


def _in_order(r: Reader, values: dict, nodes: dict, node):
    start, end = values.get("from"), values.get("to")
    if isinstance(start, str) and isinstance(end, str) and end < start[: len(end)]:
        return r.problem(nodes["to"][0], f"time_frame ends ({end}) before it starts ({start})")
    return None


TIME_FRAME_FIELDS: dict[str, Field] = {
    "from": Field(Text(_partial_date), required="time_frame needs 'from:', the date the judgment's period starts"),
    "to": Field(Text(_partial_date)),
}
TIME_FRAME = Record("time_frame", TIME_FRAME_FIELDS, "time_frame must be a mapping: {from: 2024-07, to: 2025-06}",
                    rules=(_in_order,))


def _judgment(r: Reader, values: dict, key: str, node) -> str:
    """A key judgment's text; what it states beside it goes to ``reader.assessments``."""
    r.lines[key] = r.lines[key + ".text"]
    if key + ".text" in r.literal:
        r.literal.add(key)
    start, end = (values.get("time_frame") or {}).get("from", ""), (values.get("time_frame") or {}).get("to", "")
    r.assessments[key] = Assessment(values.get("likelihood", ""), values.get("confidence", ""),
                                    values.get("basis", "").strip(), start, end,
                                    values.get("override", "").strip())
    return values["text"]


JUDGMENT_FIELDS: dict[str, Field] = {
    "text": Field(Text(citations), required=True),
    "likelihood": Field(Text(_likelihood)),
    "confidence": Field(Text(_confidence)),
    "basis": Field(Text()),
    "time_frame": Field(TIME_FRAME),
    "override": Field(Text()),  # the analyst's reason for holding it against the judgment rules
}
_MAPPING = Record("key judgment", JUDGMENT_FIELDS, "", make=_judgment)
_NOT_A_JUDGMENT = ("a key judgment is text, or a mapping with text:, likelihood:, confidence:, basis: and "
                   "time_frame:")


class Judgment:
    """One key judgment: analyst text, or a mapping of its text and assessment."""

    def read(self, r: Reader, node, key: str):
        if isinstance(node, MappingNode):
            return _MAPPING.read(r, node, key)
        if isinstance(node, ScalarNode) and node.tag != NULL_TAG:
            return citations(r, node.value, node, key)
        return r.problem(node, _NOT_A_JUDGMENT)


JUDGMENTS = ListOf(Judgment())


class KeyJudgments:
    """A list of key judgments, or (with ``for_each``) a mapping of values to such lists."""

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode):
            return JUDGMENTS.read(r, node, key)
        by_value = {str(k.value): r.read(JUDGMENTS, v, f"{key}.{k.value}", k) for k, v in node.value}
        return INVALID if invalid(*by_value.values()) else by_value


BOTTOM_LINE_MAX = 4  # bullets: the bottom line up front is what a reader takes from the first page


class _Bullets:
    """A bottom line: at most four bullets of cited analyst Markdown."""

    def read(self, r: Reader, node, key: str):
        items = ListOf(Text(citations, message="bottom_line bullets must be text"), one_allowed=True)
        values = items.read(r, node, key)
        if values is not INVALID and len(values) > BOTTOM_LINE_MAX:
            return r.problem(node.value[BOTTOM_LINE_MAX],
                             f"bottom_line holds at most {BOTTOM_LINE_MAX} bullets, not {len(values)} "
                             "(keep what a reader must take away; the key judgments hold the rest)")
        return values


class BottomLine:
    """A bottom line, or (with ``for_each``) a mapping of values to bottom lines."""

    def read(self, r: Reader, node, key: str):
        if not isinstance(node, MappingNode):
            return _Bullets().read(r, node, key)
        by_value = {str(k.value): r.read(_Bullets(), v, f"{key}.{k.value}", k) for k, v in node.value}
        return INVALID if invalid(*by_value.values()) else by_value
