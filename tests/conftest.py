"""Shared fixtures: run the CLI as a user would, through the same error handling as main();
small workspaces in tmp_path; the bundled workspace's packs, built once per test run."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefpack.cli import main

REPOSITORY = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    # Builds use one process unless a test asks for more (--jobs N): on the tests' small
    # workspaces a worker pool costs more than it saves. Subprocess builds inherit it.
    os.environ.setdefault("BRIEFPACK_JOBS", "1")


class Result:
    def __init__(self, exit_code, stdout, stderr):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr


def run_cli(*args, input=None, env=None) -> Result:
    """``briefpack *args`` in this process, through main(): exit code, stdout, stderr."""
    result = CliRunner().invoke(_entry, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def run():
    """run(*args) -> Result with exit_code, stdout, stderr, going through main()."""
    return run_cli


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


# ---------------------------------------------------------------- the bundled workspace
@dataclass(frozen=True)
class Bundled:
    """The repository's own workspace and its packs as built once for the test run."""

    root: Path  # the workspace (the repository)
    out: Path  # every brief, DOCX and PDF, with manifest.json
    report: dict  # the build's --json report

    def __truediv__(self, name: str) -> Path:
        return self.out / name


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every process running its tests (pytest-xdist's workers) shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> Bundled:
    """Every bundled brief built in both formats into a temporary folder, once per test run (the
    first process to need it builds, the others wait and read). Tests read the outputs and never
    change them (copy them to change them)."""
    import fcntl

    shared = shared_folder(tmp_path_factory)
    out, report = shared / "bundled", shared / "bundled.json"
    with open(shared / "bundled.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not report.exists():
            result = run_cli("build", "--root", REPOSITORY, "--out", out, "--format", "docx", "--format", "pdf",
                             "--json")
            assert result.exit_code == 0, result.output
            report.write_text(result.stdout, encoding="utf-8")
    return Bundled(REPOSITORY, out, json.loads(report.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def bundled_excerpts() -> list[dict]:
    """``briefpack excerpts --json`` of the bundled workspace."""
    result = run_cli("excerpts", "--json", "--root", REPOSITORY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
