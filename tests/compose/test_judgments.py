"""Key judgments with likelihood, confidence and its basis, and a time frame (ICD 203)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefpack.briefs.read import load_brief
from briefpack.errors import BriefpackError
from briefpack.compose.expand import expand_brief
from briefpack.document.model import Paragraph, plain_text
from model_builder import LIBRARY, compose

BRIEF = """\
title: Pack
as_of: 2024-06-30
marking: TLP:CLEAR
key_judgments:
  - text: >-
      ISKP is likely to keep recruiting in Kazakhstan through June 2025 [@kz-rec].
    likelihood: likely
    confidence: moderate
    basis: One 2023 report; no independent corroboration.
    time_frame: {from: 2024-07, to: 2025-06}
  - Plain text judgment [@kz-rec].
sections:
  - type: excerpts
    select: "country:KZ"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brief.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_judgment_prints_likelihood_time_frame_and_confidence_with_basis(tmp_path):
    brief = load_brief(write(tmp_path, BRIEF))
    [brief] = expand_brief(brief, LIBRARY)
    document = compose(brief)
    texts = [plain_text(b.content) for b in document.blocks if isinstance(b, Paragraph)]
    first = texts.index(next(t for t in texts if t.startswith("ISKP is likely")))
    assert texts[first + 1] == ("Likelihood: likely (55–80%). Time frame: July 2024 to June 2025. "
                                "Confidence: moderate. One 2023 report; no independent corroboration. "
                                "Sources: Based on 1 source, graded B2, reported January 2018.")
    assert texts[first + 2].startswith("Plain text judgment")
    assert texts[first + 3] == "Sources: Based on 1 source, graded B2, reported January 2018."
    assert brief.line_of("key_judgments.0") == 6


def test_judgments_per_value_keep_their_assessment(tmp_path):
    text = """\
title: "{{ country_label }}"
as_of: 2024-06-30
marking: TLP:CLEAR
for_each: {country: [KZ, KG]}
key_judgments:
  KZ:
    - text: Recruitment in {{ country_label }} is likely to go on through 2025 [@kz-rec].
      likelihood: likely
      confidence: low
      basis: Only {{ country_label }}'s own reporting.
      time_frame: {from: 2024-07}
  KG: ["Other [@kz-rec]."]
sections:
  - type: excerpts
    select: "country:KZ"
"""
    briefs = expand_brief(load_brief(write(tmp_path, text)), LIBRARY)
    kz = next(b for b in briefs if b.name.endswith("-kz"))
    kg = next(b for b in briefs if b.name.endswith("-kg"))
    assert kz.assessments["key_judgments.0"].basis == "Only Kazakhstan's own reporting."
    assert kz.line_of("key_judgments.0") == 7
    assert kg.assessments == {}
    texts = [plain_text(b.content) for b in compose(kz).blocks if isinstance(b, Paragraph)]
    assert ("Likelihood: likely (55–80%). Time frame: from July 2024. Confidence: low. "
            "Only Kazakhstan’s own reporting. Sources: Based on 1 source, graded B2, reported January 2018.") in texts


@pytest.mark.parametrize("change, message", [
    ("likelihood: likely", ("likelihood: fairly likely", "is not an ICD 203 term")),
    ("confidence: moderate", ("confidence: medium", "confidence must be high, moderate or low")),
    ("time_frame: {from: 2024-07, to: 2025-06}", ("time_frame: {to: 2025-06}", "needs 'from:'")),
    ("time_frame: {from: 2024-07, to: 2025-06}", ("time_frame: {from: 2024-13}", "there is no month 13")),
    ("time_frame: {from: 2024-07, to: 2025-06}", ("time_frame: {from: 2025-07, to: 2024-06}", "ends")),
    ("basis: One", ("basys: One", "did you mean 'basis'")),
])
def test_bad_assessments_name_their_line(tmp_path, change, message):
    old, (new, expected) = change, message
    text = BRIEF.replace(old, new)
    with pytest.raises(BriefpackError) as caught:
        load_brief(write(tmp_path, text))
    assert expected in caught.value.message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if new.split(":")[0] in l)
    assert caught.value.line == line
