"""``quote --text-file``: the text to find read from a file or standard input, so that a
passage starting with "- " (which the command line takes for an option) can be quoted."""

from __future__ import annotations

BULLETS = ["Findings:", "- During the study period, 3.2 percent of attorneys were placed on probation."]


def test_a_quote_from_standard_input(run, ws):
    ws.source("bar-2023", paragraphs=BULLETS)
    result = run("quote", "bar-2023", "--text-file", "-", "--root", ws.root,
                 input="- During the study period, 3.2 percent\n of attorneys were placed on probation.\n")
    assert result.exit_code == 0, result.output
    assert ("  quote: >-\n    - During the study period, 3.2 percent of attorneys were placed on probation.\n"
            in result.stdout)


def test_a_quote_from_a_file(run, ws, tmp_path):
    passage = tmp_path / "passage.txt"
    passage.write_bytes(b"\xef\xbb\xbfISKP is ramping up its media outreach\r\n")
    result = run("quote", "webber-2024", "--text-file", passage, "--root", ws.root)
    assert result.exit_code == 0, result.output
    assert "ISKP is ramping up its media outreach" in result.stdout


def test_text_and_text_file_are_one_or_the_other(run, ws, tmp_path):
    passage = tmp_path / "passage.txt"
    passage.write_text("ISKP", encoding="utf-8")
    both = run("quote", "webber-2024", "ISKP", "--text-file", passage, "--root", ws.root)
    assert both.exit_code == 2 and "give TEXT or --text-file, not both" in both.stderr
    neither = run("quote", "webber-2024", "--root", ws.root)
    assert neither.exit_code == 2 and "give TEXT or --text-file" in neither.stderr


def test_a_text_file_that_is_not_text(run, ws, tmp_path):
    passage = tmp_path / "passage.txt"
    passage.write_bytes(b"ISKP is\x07 ramping up")
    result = run("quote", "webber-2024", "--text-file", passage, "--root", ws.root)
    assert result.exit_code == 1 and result.stderr.startswith("Error: --text-file:1: ")
    passage.write_bytes(b"\xff\xfe\xff")
    assert run("quote", "webber-2024", "--text-file", passage, "--root", ws.root).exit_code == 1
