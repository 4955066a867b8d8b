"""The Jinja sandbox that templates and a brief's text fields run in.

On top of the data boundary (:mod:`briefpack.template_context`: templates are
handed plain records only), :class:`TemplateSandbox` is Jinja's immutable
sandbox (no attribute starting with ``_``, no internals of functions, frames
or generators, no method that changes a list, dict or set, ``str.format``
checked the same way) with two changes: an unsafe attribute is an error at
once, where Jinja would hand back an undefined value that may print as
``Undefined`` inside a list; and no ``lipsum`` (a text generator templates do
not need).
"""

from __future__ import annotations

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing unsafe attributes outright."""

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.pop("lipsum", None)

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")
