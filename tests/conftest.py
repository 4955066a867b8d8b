"""Shared fixtures: run the CLI as a user would, through the same error handling as main()."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefpack.cli import main


class Result:
    def __init__(self, exit_code, stdout, stderr):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr


@pytest.fixture
def run():
    """run(*args) -> Result with exit_code, stdout, stderr, going through main()."""

    def _run(*args, input=None, env=None):
        runner = CliRunner()
        result = runner.invoke(
            _entry, [str(a) for a in args], input=input, env=env, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return _run


import click  # noqa: E402


@click.command(
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.pass_context
def _entry(ctx):
    main(ctx.args)


# ---------------------------------------------------------------- workspaces
@pytest.fixture
def ws(tmp_path):
    """A small workspace (see workspace_builder): a vocabulary, one source, one excerpt.
    A test module that needs more asks for ``ws`` in its own ``ws`` fixture and adds it."""
    from workspace_builder import make_workspace

    return make_workspace(tmp_path / "ws")


@pytest.fixture
def corpus(tmp_path):
    """A buildable workspace (see corpus_builder): matrix handouts for KZ and KG and a regional pack."""
    from corpus_builder import Corpus

    return Corpus(tmp_path / "ws")


@pytest.fixture
def build(run, corpus):
    """build(*args) runs ``briefpack build --root <corpus>`` through main()."""

    def _build(*args, env=None):
        return run("build", "--root", corpus.root, *args, env=env)

    return _build
