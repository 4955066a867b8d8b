"""The README's set-up command, run as a new user would: a fresh clone, the distribution's own
``/usr/bin/python3`` (which refuses ``pip install`` outside a virtual environment) and a bare
environment. It must end with the bundled packs in ``out/`` and say where they are."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def readme_setup_commands() -> list[str]:
    """The shell commands of the README's set-up section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_gives_exactly_two_setup_commands():
    commands = readme_setup_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert commands[1] == "sh scripts/test.sh"


@pytest.mark.slow
@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason="no distribution python3 at /usr/bin/python3")
def test_readme_setup_command_builds_the_packs_with_the_system_python(tmp_path):
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(fresh)], check=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path))}
    command = readme_setup_commands()[0]
    done = subprocess.run(["sh", "-c", command], cwd=fresh, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    cfg = (fresh / ".venv" / "pyvenv.cfg").read_text()
    assert re.search(r"^home = /usr/bin$", cfg, re.M), cfg
    assert "Traceback" not in done.stderr
    built = sorted(p.name for p in (fresh / "out").iterdir() if p.suffix in (".docx", ".pdf"))
    assert "central-asia.docx" in built and "central-asia.pdf" in built
    assert "country-handout-kz.pdf" in built and len(built) == 12
    assert done.stdout.strip().splitlines()[-1].endswith("the files are in out/")
    version = subprocess.run([str(fresh / ".venv/bin/briefpack"), "--version"], capture_output=True,
                             text=True, env=env)
    assert version.returncode == 0 and "briefpack" in version.stdout
