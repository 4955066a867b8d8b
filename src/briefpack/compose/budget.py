"""The budget of one template render, as the build command sets it.

Kept apart from :mod:`briefpack.compose.limits` (which needs Jinja) so that a
build with nothing to do sets it without importing the template engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The budget of one render: seconds, and characters of output."""

    seconds: float = 10.0
    output: int = 20_000_000


_limits = [Limits()]


def set_limits(limits: Limits) -> None:
    """The limits every later render uses (set before the build's worker processes start)."""
    _limits[0] = limits


def current_limits() -> Limits:
    return _limits[0]
