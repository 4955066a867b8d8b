"""Atomic output and the output-folder lock."""

import subprocess
import sys
import textwrap

import pytest

from briefpack.errors import BriefpackError
from briefpack.pipeline.outputs import atomic_path, folder_lock, write_atomic


def test_failed_write_leaves_earlier_output_intact(tmp_path):
    target = tmp_path / "pack.docx"
    target.write_bytes(b"earlier edition")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half a docu")
            raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"earlier edition"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.docx"]


def test_successful_write_replaces_output(tmp_path):
    target = tmp_path / "out" / "pack.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["pack.pdf"]


def test_second_run_in_same_folder_is_refused_while_first_holds_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from briefpack.pipeline.outputs import folder_lock
            with folder_lock(Path({str(tmp_path)!r}), wait=False):
                print("locked", flush=True)
                time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BriefpackError) as info:
            with folder_lock(tmp_path, wait=False):
                pass
        assert "another build is running in this output folder" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its process: a killed run never leaves the folder locked.
    with folder_lock(tmp_path, wait=False):
        pass
