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


def synthetic_paragraph(words: list[str], seed: int, length: int) -> str:
    """``length`` of ``words`` picked by ``seed``, a full stop every fourteen."""
    chosen = [words[(seed * 7 + i * 13) % len(words)] for i in range(length)]
    text = " ".join(w + ("." if i % 14 == 13 else "") for i, w in enumerate(chosen))
    return text[0].upper() + text[1:].rstrip(".") + "."


def batched_library(ws, batches: int, per_batch: int, paragraph, extra=lambda n: "") -> None:
    """A facet ``batch`` of ``batches`` values, and ``per_batch`` excerpts tagged with each: excerpt
    ``ex-n`` quotes the one paragraph of its own source ``sn``, ``paragraph(n)``; ``extra(n)`` adds
    lines to its record."""
    ws.vocabulary("facets:\n  batch:\n    label: Batch\n    values:\n"
                  + "".join(f"      b{b}: {{label: Batch {b}}}\n" for b in range(batches)))
    items = []
    for n in range(batches * per_batch):
        ws.source(f"s{n}", [paragraph(n)], title=f"Report {n}", published=f"2024-0{1 + n % 9}-10")
        items.append(f'- id: ex-{n}\n  source: s{n}\n  quote: "{paragraph(n)}"\n  tags: [batch:b{n // per_batch}]\n'
                     f'  date: 2024-0{1 + n % 9}\n  credibility: 2\n{extra(n)}')
    ws.excerpts("".join(items))


def damage(files: list[Path], foreign: bytes) -> None:
    """Three cache files damaged: the first cut short, one byte of the second changed, the
    third replaced by ``foreign``."""
    files[0].write_bytes(files[0].read_bytes()[:-40])
    data = bytearray(files[1].read_bytes())
    data[-10] ^= 0xFF
    files[1].write_bytes(bytes(data))
    files[2].write_bytes(foreign)
