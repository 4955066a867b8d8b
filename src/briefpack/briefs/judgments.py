"""Reading one key judgment of a brief: its text, and what it states beside the text.

A key judgment is analyst Markdown, or a mapping::

    - text: >-
        ISKP is likely to attempt an attack inside Central Asia [@webber-jalal-abad-plot].
      likelihood: likely                 # an ICD 203 term (one row for the whole brief)
      confidence: moderate               # high, moderate or low
      basis: Two 2024 sources agree; the incidents rest on security services' accounts.
      time_frame: {from: 2024-07, to: 2025-06}   # partial dates; "from" required
      override: Held low despite ...     # optional: why it stands against the judgment rules

The text is returned; the rest is recorded on the reader as an
:class:`~briefpack.conventions.estimative.Assessment` under the judgment's key.
"""

from __future__ import annotations

from datetime import date

import yaml

from ..conventions.estimative import CONFIDENCE_LEVELS, ROWS, Assessment, canonical_term
from ..library.naming import suggestion

JUDGMENT_KEYS = ("text", "likelihood", "confidence", "basis", "time_frame", "override")
TIME_FRAME_KEYS = ("from", "to")


def read_judgment(reader, item, node, key: str) -> str:
    """The text of the judgment at ``key``; its assessment goes to ``reader.assessments``."""
    if isinstance(item, (str, int, float)) and not isinstance(item, bool):
        reader.note(key, node)
        return str(item)
    if not isinstance(item, dict):
        reader.fail("a key judgment is text, or a mapping with text:, likelihood:, confidence:, "
                    "basis: and time_frame:", node)
    _unknown(reader, item, node, JUDGMENT_KEYS, "key judgment")
    text = reader.string(item, node, "text", required=True, prefix=key + ".")
    reader.lines[key] = reader.lines[key + ".text"]
    if key + ".text" in reader.literal:
        reader.literal.add(key)
    likelihood = ""
    if "likelihood" in item:
        raw = reader.string(item, node, "likelihood", prefix=key + ".")
        likelihood = canonical_term(raw) or ""
        if not likelihood:
            reader.fail(f"likelihood '{raw}' is not an ICD 203 term (one of: {', '.join(ROWS[0])}; "
                        f"or {', '.join(ROWS[1])})", _child(node, "likelihood"))
    confidence = ""
    if "confidence" in item:
        confidence = reader.string(item, node, "confidence", prefix=key + ".").strip().lower()
        if confidence not in CONFIDENCE_LEVELS:
            reader.fail(f"confidence must be high, moderate or low, not '{confidence}'",
                        _child(node, "confidence"))
    basis = reader.string(item, node, "basis", prefix=key + ".").strip() if "basis" in item else ""
    start, end = _time_frame(reader, item, node, key)
    override = reader.string(item, node, "override", prefix=key + ".").strip() if "override" in item else ""
    reader.assessments[key] = Assessment(likelihood, confidence, basis, start, end, override)
    return text


def _time_frame(reader, item, node, key) -> tuple[str, str]:
    if "time_frame" not in item:
        return "", ""
    vnode = _child(node, "time_frame")
    value = item["time_frame"]
    if not isinstance(value, dict):
        reader.fail("time_frame must be a mapping: {from: 2024-07, to: 2025-06}", vnode)
    _unknown(reader, value, vnode, TIME_FRAME_KEYS, "time_frame")
    if "from" not in value:
        reader.fail("time_frame needs 'from:', the date the judgment's period starts", vnode)
    start = _partial_date(reader, value, vnode, "from")
    end = _partial_date(reader, value, vnode, "to") if "to" in value else ""
    if end and end < start[: len(end)]:
        reader.fail(f"time_frame ends ({end}) before it starts ({start})", vnode)
    return start, end


def _partial_date(reader, mapping, node, key) -> str:
    from ..library.load import date_problem

    value = mapping[key]
    text = value.isoformat() if isinstance(value, date) else str(value)
    problem = date_problem(text)
    if problem:
        reader.fail(f"time_frame {key}: {problem}, not {text!r}", _child(node, key))
    return text


def _child(node, key):
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return node


def _unknown(reader, data, node, known, what):
    for name in data:
        if name not in known:
            hint = suggestion(name, known, otherwise=f" (known: {', '.join(known)})")
            key_node = next((k for k, _ in node.value if getattr(k, "value", None) == name), node)
            reader.fail(f"unknown {what} key '{name}'{hint}", key_node)
