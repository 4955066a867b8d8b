"""Every command and option is explained: in its --help, with an example, and in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = cli.list_commands(None)  # every command (each loaded when asked for)
EVERY_COMMAND = ("--root", "--help")  # the README says once that every command takes them


def options(name: str) -> list[str]:
    """The long option names of a command."""
    command = cli.get_command(None, name)
    return [opt for param in command.params for opt in getattr(param, "opts", []) if opt.startswith("--")]


def readme_rows(name: str) -> str:
    """The README's lines that show ``briefpack NAME``."""
    return "\n".join(line for line in README.splitlines() if f"`briefpack {name}" in line)


def help_text(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_an_example_in_its_help(name):
    text = help_text(name)
    assert re.search(r"Examples?:", text), text
    example = text.split("Example", 1)[1]
    assert f"briefpack {name}" in example, text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert readme_rows(name), f"the README does not show `briefpack {name}`"
    assert re.search(rf"^  {name}\s", help_text(), re.M)  # and the group's help lists it


@pytest.mark.parametrize("name, option", [(n, o) for n in COMMANDS for o in options(n)])
def test_every_option_is_in_the_help_and_the_readme(name, option):
    assert option in help_text(name)
    if option in EVERY_COMMAND:
        assert re.search(r"Every command takes `--root DIR` and `--help`", README)
    else:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme_rows(name)), \
            f"the README's row for `briefpack {name}` does not name {option}"
