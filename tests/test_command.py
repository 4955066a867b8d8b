"""The ``briefpack`` command as a process: what it prints reaches its reader, its exit code the
shell, and what Python runs on the way out (exit functions) still runs, though the process ends
without taking its objects apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from briefpack import __version__
from briefpack.pipeline.manifest import output_intact


BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def run_python(code: str, tmp_path) -> subprocess.CompletedProcess:
    out, err = tmp_path / "stdout", tmp_path / "stderr"  # files, not pipes: written only if flushed
    with out.open("wb") as stdout, err.open("wb") as stderr:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], stdout=stdout, stderr=stderr,
                              env=BUFFERED, timeout=60)
    return subprocess.CompletedProcess(done.args, done.returncode, out.read_text(), err.read_text())


def test_output_and_exit_functions_survive_the_quick_end(tmp_path):
    done = run_python("""
        import atexit
        from briefpack.command import main
        atexit.register(print, "exit function ran")
        main(["--version"])
        print("never reached")
        """, tmp_path)
    assert done.returncode == 0
    assert done.stdout == f"briefpack, version {__version__}\nexit function ran\n"


def test_a_failing_command_keeps_its_code_and_message(tmp_path):
    done = run_python("""
        from briefpack.command import main
        main(["build", "--root", "no-such-folder"])
        """, tmp_path)
    assert done.returncode == 2
    assert "no-such-folder" in done.stderr and "Traceback" not in done.stderr


def test_an_exit_with_a_message_prints_it_and_fails(tmp_path):
    done = run_python("""
        import sys
        import briefpack.cli
        briefpack.cli.main = lambda argv: sys.exit("stopped: a message")
        from briefpack.command import main
        main([])
        """, tmp_path)
    assert (done.returncode, done.stderr) == (1, "stopped: a message\n")


def test_a_build_with_workers_as_a_process_writes_every_file_whole(corpus):
    done = subprocess.run([sys.executable, "-m", "briefpack", "build", "--root", str(corpus.root), "--jobs", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "failed 0" in done.stdout
    out = corpus.root / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"] and all(output_intact(out / name, record) for name, record in manifest["outputs"].items())
    assert not list(out.glob(".*.tmp"))


def test_a_profiler_still_writes_its_figures(tmp_path):
    figures = tmp_path / "figures.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(figures), "-m", "briefpack", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and __version__ in done.stdout
    assert figures.stat().st_size > 0
