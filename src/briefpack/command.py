"""The ``briefpack`` command (and ``python -m briefpack``).

Ctrl-C is answered as the command's own from the first moment: while its
modules load (before Click and the build can turn it into exit 130 and
"Interrupted."), an interrupt ends the command the same way, without a
traceback.
"""

from __future__ import annotations

import os
import signal


def _interrupted_while_loading(signum, frame):
    os.write(2, b"Interrupted.\n")
    os._exit(130)


def main(argv=None):
    signal.signal(signal.SIGINT, _interrupted_while_loading)
    from .cli import main as run_command

    signal.signal(signal.SIGINT, signal.default_int_handler)
    run_command(argv)
