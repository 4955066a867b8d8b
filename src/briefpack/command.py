"""The ``briefpack`` command (and ``python -m briefpack``).

Ctrl-C is answered as the command's own from the first moment: while its
modules load (before Click and the build can turn it into exit 130 and
"Interrupted."), an interrupt ends the command the same way, without a
traceback.

When the command is done, the process ends without taking its objects apart
one by one: a build holds a document's worth of them (a tenth of a second
to free at 2,000 notes), and the system frees the memory whole. What Python
would do on the way out that matters is still done first: the exit
functions (a pool's workers joined, temporary folders removed) and the
output streams flushed. Under a profiler or a tracer, it ends as Python would.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

from .collector import held


def _interrupted_while_loading(signum, frame):
    os.write(2, b"Interrupted.\n")
    os._exit(130)


def main(argv=None):
    signal.signal(signal.SIGINT, _interrupted_while_loading)
    with held():  # the modules' objects live as long as the process: not walked by the collector
        from .cli import main as run_command

    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        run_command(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code
    _end(code)


def _end(code) -> None:
    """End the process with ``code`` (as ``sys.exit`` takes it), skipping the teardown of its objects."""
    if sys.getprofile() is not None or sys.gettrace() is not None:  # a profiler writes its figures on the way out
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # a message: written as sys.exit writes it
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach the reader
            code = code or 1
    os._exit(code)
