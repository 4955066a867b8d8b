"""The --pdf-style file read into plain data for the writers (pipeline/house_style.py)."""

from __future__ import annotations

import pytest

from briefpack.errors import BuildError
from briefpack.pipeline.house_style import DEPTH, read_style_sheet
from briefpack.writers.pdf.style import DEFAULT_STYLE, DEFAULTS


def test_the_shipped_style_file_holds_the_writers_defaults():
    """The file users copy and the defaults the writers draw with are one style."""
    assert read_style_sheet(DEFAULT_STYLE).sections == DEFAULTS


def test_a_style_file_is_read_into_its_sections(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text("fonts:\n  body: DejaVuSans\ncharts:\n  palette: ['#000000', '#FFFFFF']\n", encoding="utf-8")
    sheet = read_style_sheet(path)
    assert sheet.path == path
    assert sheet.sections == {"fonts": {"body": "DejaVuSans"}, "charts": {"palette": ["#000000", "#FFFFFF"]}}
    path.write_text("# nothing changed\n", encoding="utf-8")
    assert read_style_sheet(path).sections == {}


@pytest.mark.parametrize("text, line, message", [
    ("sizes:\n  body: " + "[" * 900 + "]" * 900 + "\n", 2,
     f"PDF style is not valid YAML: lists and mappings nested more than {DEPTH} deep"),
    ("".join(f"{' ' * i}k{i}:\n" for i in range(900)) + " " * 900 + "v\n", DEPTH + 1,
     f"PDF style is not valid YAML: lists and mappings nested more than {DEPTH} deep"),
    ("a: &a [1, 2]\nb: *a\nc: [*c]\n", 3, "PDF style is not valid YAML"),
    ("- one\n- two\n", None, "PDF style must be a mapping of sections"),
    ('fonts:\n  body: {regular: "a\\0.ttf", bold: b, italic: c, bold_italic: d}\n', None,
     "PDF style: fonts.body.regular: U+0000 (NUL) is not text: remove it"),
    ('charts:\n  palette: ["#000000", "\\x85"]\n', None, "PDF style: charts.palette.1: U+0085 (next line) is not text"),
])
def test_a_style_file_that_cannot_be_data_names_its_line(tmp_path, text, line, message):
    path = tmp_path / "house.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as info:
        read_style_sheet(path)
    assert (info.value.path, info.value.line) == (path, line)
    assert info.value.message.startswith(message)


def test_a_style_file_nested_900_deep_is_an_input_error_naming_it(build, corpus, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("charts: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    result = build("--pdf-style", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        f"Error: {path}:1: PDF style is not valid YAML: lists and mappings nested more than {DEPTH} deep")
    assert not corpus.out.exists()


def test_a_style_file_with_a_character_that_is_not_text_is_refused_at_its_line(build, corpus, tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text("fonts:\n  body: {regular: \"a\\0.ttf\", bold: b.ttf, italic: c.ttf, bold_italic: d.ttf}\n"
                    "sizes:\n  body: 10\x00\n", encoding="utf-8")
    result = build("--pdf-style", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--pdf-style': {path}:4: PDF style: U+0000 (NUL) is not text: remove it")


def test_a_build_with_a_style_file_follows_its_content(build, corpus, tmp_path):
    import subprocess

    path = tmp_path / "house.yaml"
    path.write_text("fonts:\n  body: DejaVuSans\n", encoding="utf-8")
    assert build("--pdf-style", path, "--format", "pdf", "--jobs", "1").exit_code == 0
    fonts = subprocess.run(["pdffonts", str(corpus.out / "regional.pdf")], capture_output=True, text=True).stdout
    assert "DejaVuSans " in fonts and "DejaVuSerif " not in fonts
    again = build("--pdf-style", path, "--format", "pdf", "--jobs", "1")
    assert again.exit_code == 0 and "Up to date: 3 outputs unchanged" in again.output
    path.write_text("fonts:\n  body: DejaVuSerif\n", encoding="utf-8")
    changed = build("--pdf-style", path, "--format", "pdf", "--jobs", "1")
    assert changed.exit_code == 0 and "Built 3" in changed.output, changed.output
    fonts = subprocess.run(["pdffonts", str(corpus.out / "regional.pdf")], capture_output=True, text=True).stdout
    assert "DejaVuSerif " in fonts
