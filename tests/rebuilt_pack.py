"""A small pack built once per test module and copied for each test, then rebuilt after a
change: what the tests of the caches (sections composed, notes kept, parts laid out) share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def outputs(root: Path) -> tuple[bytes, bytes]:
    """The pack's DOCX and PDF, as bytes."""
    return tuple((root / "out" / f"pack.{fmt}").read_bytes() for fmt in ("docx", "pdf"))


def build(run, root: Path, *args):
    result = run("build", "--root", root, "--jobs", "1", "--quiet", *args)
    assert result.exit_code == 0, result.output
    return result


def pack_fixtures(make_pack, name: str):
    """Fixtures ``built`` (the pack made by ``make_pack`` and built once for the module, its
    caches filled) and ``pack`` (a copy of it for one test)."""

    @pytest.fixture(scope="module")
    def built(tmp_path_factory):
        from conftest import run_cli

        root = tmp_path_factory.mktemp(name) / "ws"
        make_pack(root)
        build(run_cli, root)
        return root

    @pytest.fixture
    def pack(built, tmp_path):
        root = tmp_path / "ws"
        shutil.copytree(built, root, symlinks=True)
        return root

    return built, pack
