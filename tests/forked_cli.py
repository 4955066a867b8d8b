"""The briefpack command in a child process of its own, started in milliseconds.

A tests' process can run hostile input through the command only in a child: a bound that fails
to hold must fail the case (killed past its time limit, or a MemoryError under its memory cap),
not hang or exhaust the test run. Starting Python and importing briefpack for each child costs
most of a case's time, so one helper process imports every briefpack module once and forks a
child per command: each child has the command's whole life to itself (its own environment,
folder, limits, audit hook, exit code, worker processes), as a freshly started one would.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The helper: imports briefpack, then reads one request per line on stdin and forks a child for
# it; writes the child's pid, then its exit status (negative: the signal that ended it). SIGUSR1
# kills the child it is waiting for.
HELPER = r"""
import atexit, importlib, json, os, pkgutil, resource, signal, sys, traceback

import briefpack

for module in pkgutil.walk_packages(briefpack.__path__, "briefpack."):
    if not module.name.endswith("__main__"):
        try:
            importlib.import_module(module.name)
        except Exception:  # the child imports it again and shows the error as the command would
            pass
from briefpack.command import main


def audit(log, watched):
    def hook(event, args):
        if not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        if event == "open" or event.startswith(("os.", "shutil.")):
            try:
                path = os.path.realpath(os.fsdecode(args[0]))
            except Exception:
                return
            if path == watched or path.startswith(watched + os.sep):
                os.write(log, f"{event} {path}\n".encode())

    return hook


def child(request):
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if request["memory"]:
        resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
    if request["audit"]:
        log, watched = request["audit"]
        sys.addaudithook(audit(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), watched))
    code = 0
    try:
        main(request["args"])
    except SystemExit as end:
        if isinstance(end.code, int) or end.code is None:
            code = end.code or 0
        else:
            print(end.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


running = [0]  # the child being waited for


def stop(signum, frame):  # SIGUSR1: kill the child (not yet reaped: its pid is still its own)
    if running[0]:
        os.kill(running[0], signal.SIGKILL)


signal.signal(signal.SIGUSR1, stop)
requests = os.fdopen(0, "r", encoding="utf-8")
for line in requests:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
        try:
            child(request)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(1)
    running[0] = pid
    os.write(1, f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    running[0] = 0
    os.write(1, f"{os.waitstatus_to_exitcode(status)}\n".encode())
"""


@dataclass
class Completed:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


class TimedOut(Exception):
    pass


class _Helper:
    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", HELPER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=dict(os.environ), bufsize=0)
        self.unread = b""
        atexit.register(self.close)

    def line(self, deadline: float | None) -> str:
        """The helper's next line; TimedOut if none came by ``deadline`` (time.monotonic)."""
        out = self.process.stdout.fileno()
        while b"\n" not in self.unread:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([out], [], [], wait)[0]:
                raise TimedOut
            chunk = os.read(out, 4096)
            if not chunk:
                raise RuntimeError("the helper process that forks briefpack ended")
            self.unread += chunk
        line, self.unread = self.unread.split(b"\n", 1)
        return line.decode()

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


_helper: list[_Helper] = []


def run_forked(args, *, env: dict, cwd, timeout: float, memory: int | None = None,
               audit: tuple[Path, Path] | None = None) -> Completed:
    """``briefpack *args`` in a forked child with exactly ``env`` in folder ``cwd``: killed past
    ``timeout`` seconds (TimedOut), its address space capped at ``memory`` bytes, and with
    ``audit`` = (log, folder) every file operation under the folder logged to the log."""
    if not _helper or _helper[0].process.poll() is not None:
        _helper[:] = [_Helper()]
    helper = _helper[0]
    args = [str(a) for a in args]
    with tempfile.TemporaryDirectory(prefix="briefpack-child-") as folder:
        stdout, stderr = Path(folder) / "stdout", Path(folder) / "stderr"
        request = {"args": args, "env": env, "cwd": str(cwd), "stdout": str(stdout), "stderr": str(stderr),
                   "memory": memory, "audit": [str(audit[0]), str(audit[1])] if audit else None}
        started = time.monotonic()
        data = (json.dumps(request) + "\n").encode()
        while data:
            data = data[helper.process.stdin.write(data):]
        helper.line(None)  # the child's pid
        try:
            code = int(helper.line(started + timeout))
        except TimedOut:
            helper.process.send_signal(signal.SIGUSR1)  # the helper kills the child
            helper.line(None)  # and writes its exit status once it has reaped it
            raise
        seconds = time.monotonic() - started
        return Completed(args, code, stdout.read_text(encoding="utf-8", errors="replace"),
                         stderr.read_text(encoding="utf-8", errors="replace"), seconds)
