"""Every key judgment of every bundled pack prints its source summary, in both formats, and
the bundled briefs' judgments pass the judgment rules."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest

DOCUMENTS = ["central-asia"] + [f"country-handout-{c}" for c in ("kz", "kg", "tj", "tm", "uz")]
SUMMARY = re.compile(r"Sources: Based on \d+ sources?(?: \(\d+ independent\)| relaying \d+ independent origins)?, "
                     r"graded [A-F][1-6](?:(?:, | and | to )[A-F][1-6])*(?:, reported [^.]+)?\.")


def flat(text: str) -> str:
    return " ".join(re.sub(r"(?<=\w)-\n(?=\w)", "-", text).split())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_key_judgment_prints_its_source_summary(bundled, name):
    docx_text = flat("\n".join(p.text for p in docx.Document(str(bundled / f"{name}.docx")).paragraphs))
    pdf_text = flat(subprocess.run(["pdftotext", str(bundled / f"{name}.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout)
    for text in (docx_text, pdf_text):
        judgments = text.count("Likelihood: ")
        assert judgments >= 2
        assert len(SUMMARY.findall(text)) == judgments, name


def test_the_bundled_judgments_hold_against_their_evidence(run, bundled):
    result = run("check", "--strict", "--root", bundled.root)
    assert result.exit_code == 0, result.output
    assert "(rule " not in result.output
