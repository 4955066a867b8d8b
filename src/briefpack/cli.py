"""The command-line interface: one Click group, thin commands.

The commands live by what they work on in ``commands/`` (the library, builds,
editions, intake); each imports the heavy modules inside its
function so that ``--help`` stays fast, and the group loads a command's module only
when the command is asked for (:data:`COMMANDS`). Errors raised by the core
(:class:`BriefpackError`) are turned into ``Error: path:line: message`` and an
exit code in one place, :func:`main`.
"""

from __future__ import annotations

import importlib
import sys

import click

from . import __version__
from .errors import BriefpackError, ProblemsError, problem_line

# Every command: its name, its module in ``commands/`` and the name it has there.
COMMANDS = {
    "build": ("build", "build"), "publish": ("build", "publish"),
    "editions": ("editions", "editions"), "diff": ("editions", "diff"),
    "check": ("library", "check"), "excerpts": ("library", "excerpts"), "sources": ("library", "sources"),
    "tags": ("library", "tags"), "impact": ("library", "impact"), "rename": ("library", "rename"),
    "init": ("intake", "init"), "add-source": ("intake", "add_source"), "quote": ("intake", "quote"),
    "export": ("export", "export"), "approve": ("release", "approve"), "verify": ("release", "verify"),
}


class _Group(click.Group):
    """The group, each command's module loaded when the command is asked for: ``briefpack build``
    loads ``commands/build.py`` and not the options and imports of the fifteen others."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(self.commands.keys() | COMMANDS.keys())

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in COMMANDS:
            module, attribute = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"{__package__}.commands.{module}"), attribute), name)
        return self.commands.get(name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefpack")
def cli():
    """Build printable briefing packs from tagged, verbatim source excerpts.

    \b
    Example:
        briefpack check
        briefpack build briefs/central-asia.yaml --format docx --format pdf
    """


def main(argv=None):
    """Entry point: run the group and turn project errors into messages."""
    try:
        # Outside standalone mode Click returns ctx.exit()'s code instead of exiting.
        code = cli.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # Click's word for Ctrl-C
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ProblemsError as exc:  # the problems behind the errors, then the errors
        from .terminal import visible_lines

        for problem in exc.problems:
            click.echo(problem_line(problem), err=True)
        for message in exc.messages:
            click.echo(f"Error: {visible_lines(message)}", err=True)
        sys.exit(exc.exit_code)
    except BriefpackError as exc:
        from .terminal import visible_lines

        click.echo(f"Error: {visible_lines(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except OSError as exc:  # the machine, not the inputs nor briefpack: a full disk, a lost folder
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - a bug: one line, unless debugging
        import os

        if os.environ.get("BRIEFPACK_DEBUG"):
            raise
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(set BRIEFPACK_DEBUG=1 to see the traceback)", err=True)
        sys.exit(70)  # EX_SOFTWARE
    sys.exit(code if isinstance(code, int) else 0)
