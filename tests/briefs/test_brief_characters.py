"""A brief holds text by the library's rule: a DEL or C1 control character, written or escaped, is an
error at its line in check and in build alike (exit 1), never an internal error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("written, name", [("\x7f", "U+007F (delete)"), ("\x85", "U+0085 (next line)"),
                                           ("\x9b", "U+009B (a control character)"),
                                           ('"\\N"', "U+0085 (next line)")])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_control_character_in_a_brief_is_an_error_at_its_line(run, tmp_path, written, name, command):
    assert run("init", tmp_path / "desk").exit_code == 0
    brief = tmp_path / "desk" / "briefs" / "example.yaml"
    lines = brief.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[number] = f"title: {written}" if written.startswith('"') else lines[number] + written
    brief.write_text("\n".join(lines), encoding="utf-8")
    result = run(command, "--root", tmp_path / "desk")
    assert result.exit_code == 1, result.output
    assert f"briefs/example.yaml:{number + 1}: {name} is not text" in result.output
    assert "internal error" not in result.output
    assert not [p for p in (tmp_path / "desk").rglob("*") if p.suffix in (".docx", ".pdf")]
