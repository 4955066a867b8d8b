"""The command-line interface: one Click group, thin commands.

Commands import the heavy modules inside their function so that ``--help``
stays fast. Errors raised by the core (:class:`BriefpackError`) are turned into
``Error: path:line: message`` and an exit code in one place, :func:`main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import BriefpackError


def root_option(func):
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Workspace folder (holding seeds/, briefs/, templates/). "
        "Default: the nearest such folder at or above the current directory.",
    )(func)


def resolve_root(root: Path | None) -> Path:
    from .workspace import find_root

    if root is not None:
        if not (root / "seeds").is_dir():
            raise BriefpackError("not a workspace: no seeds/ folder", path=root)
        return root
    return find_root()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
        cli.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BriefpackError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(0)
