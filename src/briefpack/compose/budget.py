"""The budget of one template render, as the build command sets it, and the
alarm that stops a render when its time is up.

Kept apart from :mod:`briefpack.compose.limits` (which needs Jinja) so that a
build with nothing to do sets it without importing the template engine.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The budget of one render: seconds, characters of output, and megabytes of memory."""

    seconds: float = 10.0
    output: int = 20_000_000
    memory: int = 512  # megabytes more than the process holds as the render starts


_limits = [Limits()]


def set_limits(limits: Limits) -> None:
    """The limits every later render uses (set before the build's worker processes start)."""
    _limits[0] = limits


def current_limits() -> Limits:
    return _limits[0]


REPEAT = 1.0  # seconds between alarms once the time is up, until the block has stopped


@contextlib.contextmanager
def alarm_after(seconds: float, expired: Callable[[], None]) -> Iterator[None]:
    """Runs the block with ``expired()`` (which raises) called from a signal once
    ``seconds`` have passed, and every :data:`REPEAT` seconds after, until the
    block ends: a filter that runs for minutes inside one call is stopped too.

    Signals reach the main thread only, which is where builds render (the
    parent, or a worker process of the pool); elsewhere the block runs without
    an alarm. An alarm already set by the caller is kept: when it comes first,
    this one is not set, otherwise it is set again for its remaining time after."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    pending = signal.getitimer(signal.ITIMER_REAL)[0]
    if pending and pending <= seconds:
        yield
        return
    active = True

    def ring(signum, frame):
        if active:
            expired()

    previous = signal.signal(signal.SIGALRM, ring)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if pending:
            signal.setitimer(signal.ITIMER_REAL, max(pending - (time.monotonic() - start), 1e-3))


@contextlib.contextmanager
def memory_within(megabytes: int) -> Iterator[None]:
    """Runs the block with the process's address space limited to what it holds
    now plus ``megabytes``: an allocation past it fails (MemoryError) before
    anything is used. Where the size of the address space is not known (not
    Linux) the block runs without the limit; a tighter limit already set is kept."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            held = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError, IndexError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = held + megabytes * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
