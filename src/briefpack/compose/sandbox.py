"""The Jinja sandbox that templates and a brief's text fields run in, with bounded work.

On top of the data boundary (:mod:`briefpack.compose.template_context`: templates are
handed plain records only), :class:`TemplateSandbox` is Jinja's immutable
sandbox (no attribute starting with ``_``, no internals of functions, frames
or generators, no method that changes a list, dict or set, ``str.format``
checked the same way) with these changes:

* an unsafe attribute is an error at once, where Jinja would hand back an
  undefined value that may print as ``Undefined`` inside a list;
* no ``lipsum`` (a text generator templates do not need);
* bounded work, per render (one section template, one text field):

  - a time budget (:attr:`Limits.seconds`), checked at every loop step,
    attribute access, call and operator, so a loop with an empty body is
    stopped too. The check is a clock comparison in the same process, so it
    holds in the build's worker processes, and an output never depends on
    the clock unless the budget is exceeded. An alarm at the limit
    (:func:`briefpack.compose.budget.alarm_after`) stops a render inside one
    long filter call too (``wordwrap`` of a huge text);
  - an output budget (:attr:`Limits.output` characters), for the output and
    for every text, bytes value, list or mapping the template builds
    (captured blocks and macro output included);
  - a memory budget (:attr:`Limits.memory` megabytes), the process's address
    space limited while the render runs
    (:func:`briefpack.compose.budget.memory_within`);
  - refused before they are computed: integers over :data:`MAX_INT_BITS`
    bits (``2**(2**33)``), repetitions over the budget (``'x'*10**9``,
    ``'x'.encode()*10**9``, ``[0]*10**9``), ranges over :data:`MAX_RANGE`
    numbers, padding, format widths (numbers or digits in a text),
    ``replace``, ``join``, ``indent``, ``wordwrap`` and ``tojson`` results
    over the budget, and the filters that list their value's items
    (``sort``, ``batch`` ...) over :data:`MAX_ITEMS` items.

The bounds and the checks are in :mod:`briefpack.compose.limits`. Exceeding a bound
raises :class:`LimitExceeded`; the caller adds the file and line.
"""

from __future__ import annotations

import re
import time
from functools import update_wrapper, wraps
from types import MappingProxyType

from jinja2 import nodes, pass_environment, pass_eval_context
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg

from .budget import REPEAT, alarm_after, memory_within
from .limits import (CONTAINERS, FILTER_CHECKS, MAX_INT_BITS, MAX_ITEMS, MAX_RANGE, METHOD_CHECKS, TEXTS,
                     Limits, LimitExceeded, check_brace_format, check_percent_format, check_power,
                     check_product, current_limits, over)


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.emitted = 0
        self.steps = 0
        self.sizes: dict = {}  # id -> (container, size): size_of's results
        self.stopped: float | None = None  # when the time limit was reported

    def alarm(self) -> None:
        """The time is up (a signal): stop the render, unless it is stopping already."""
        if self.stopped is None or time.monotonic() - self.stopped >= REPEAT:
            self.out_of_time()

    def out_of_time(self) -> None:
        self.stopped = time.monotonic()
        raise LimitExceeded(f"took longer than {self.limits.seconds:g} s, the time limit of a template "
                            "(build --template-time)")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing unsafe attributes outright, with bounded work."""

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])

    def __init__(self, **options):
        inner = options.pop("finalize", None)

        @pass_environment
        def finalize(env, value):
            value = inner(value) if inner is not None else value
            env.count_output(value)
            return value

        super().__init__(finalize=finalize, **options)
        self.budget: _Budget | None = None
        self.globals.pop("lipsum", None)
        self.globals["range"] = self.safe_range
        self.filters["join"] = _bounded_join
        for name, func in list(self.filters.items()):
            self.filters[name] = _checked_filter(self, func, FILTER_CHECKS.get(name))

    # ------------------------------------------------------------ one bounded render
    def render_bounded(self, render, limits: Limits | None = None):
        """``render()`` under the limits (default: :func:`current_limits`)."""
        previous, self.budget = self.budget, _Budget(limits or current_limits())
        try:
            with memory_within(self.budget.limits.memory), alarm_after(self.budget.limits.seconds,
                                                                        self.budget.alarm):
                return render()
        finally:
            self.budget = previous

    def tick(self) -> None:
        budget = self.budget
        if budget is None:
            return
        budget.steps += 1
        if budget.steps & 63 == 0 and time.monotonic() > budget.deadline:
            budget.out_of_time()

    def limit(self) -> int:
        return (self.budget.limits if self.budget else current_limits()).output

    def count_output(self, value) -> None:
        if self.budget is not None:
            self.budget.emitted += len(value) if isinstance(value, str) else self.size_of(value)
            if self.budget.emitted > self.limit():
                raise LimitExceeded(over(self.limit(), "output"))

    def size_of(self, value) -> int:
        """About how many characters the text of ``value`` has (a list's
        items, nested, each counted), counted only up to just over the limit."""
        if isinstance(value, TEXTS):
            return len(value)
        if not isinstance(value, CONTAINERS):
            return 1
        known = self.budget.sizes if self.budget is not None else {}
        if id(value) in known:
            return known[id(value)][1]
        limit, total, stack = self.limit(), 0, [value]
        while stack and total <= limit:
            item = stack.pop()
            if isinstance(item, TEXTS):
                total += len(item)
            elif isinstance(item, CONTAINERS):
                total += 2
                stack.extend(item.items() if isinstance(item, (dict, MappingProxyType)) else item)
            else:
                total += 1
        known[id(value)] = (value, total)  # the value is kept alive, so its id is not reused
        return total

    def sized(self, value):
        """``value``, when its text would be within the output limit."""
        if self.size_of(value) > self.limit():
            raise LimitExceeded(over(self.limit(), "the text of a value"))
        return value

    def items_of(self, iterable) -> list:
        """The items of ``iterable``, at most :data:`MAX_ITEMS` of them."""
        items = []
        for item in iterable:
            if len(items) == MAX_ITEMS:
                raise LimitExceeded(f"a collection of over {MAX_ITEMS:,} items is over the limit of {MAX_ITEMS:,}")
            self.tick()
            items.append(item)
        return items

    def check_value(self, value):
        """``value`` when within the bounds; LimitExceeded otherwise."""
        if isinstance(value, TEXTS):
            if len(value) > self.limit():
                raise LimitExceeded(over(self.limit(), f"a text of {len(value):,} characters"))
        elif isinstance(value, CONTAINERS):
            if len(value) > MAX_ITEMS:
                raise LimitExceeded(f"a collection of {len(value):,} items is over the limit of {MAX_ITEMS:,}")
            if self.size_of(value) > self.limit():  # its texts, nested ones and a mapping's values too
                raise LimitExceeded(over(self.limit(), "the text in a collection"))
        elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise LimitExceeded(f"a number of {value.bit_length():,} bits is over the limit of {MAX_INT_BITS:,}")
        return value

    # ------------------------------------------------------------ Jinja's hooks
    def concat(self, parts):
        """Joins the output of a template, macro or captured block, within the budget."""
        out, total, limit = [], 0, self.limit()
        for part in parts:
            total += len(part)
            if total > limit:
                error = LimitExceeded(over(limit, "output"))
                if hasattr(parts, "throw"):  # a template's output: raised at the line that made it
                    parts.throw(error)
                raise error
            out.append(part)
        return "".join(out)

    def getattr(self, obj, attribute):
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        __self.tick()
        check = METHOD_CHECKS.get(getattr(__obj, "__name__", None))
        if check is not None and isinstance(getattr(__obj, "__self__", None), TEXTS):
            if __obj.__name__ == "join" and args and not isinstance(args[0], (list, tuple)):
                args = (__self.items_of(args[0]), *args[1:])  # counted before they are joined
            check(__self.limit(), __obj.__self__, args, kwargs)
        return __self.check_value(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            check_power(left, right)
        elif operator == "*":
            check_product(self.limit(), left, right)
        elif operator == "%" and isinstance(left, (str, bytes)):
            check_percent_format(self.limit(), left, self.sized(right))
        return self.check_value(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template = value.__self__

        def checked(*args, **kwargs):
            check_brace_format(self.limit(), template, args, kwargs)
            for arg in (*args, *kwargs.values()):
                self.sized(arg)
            return self.check_value(wrapper(*args, **kwargs))

        return update_wrapper(checked, value)

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

    def safe_range(self, *args):
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise LimitExceeded(f"a range of {len(numbers):,} numbers is over the limit of {MAX_RANGE:,}")
        return numbers

    def bounded_iter(self, iterable):
        """What every ``{% for %}`` loop iterates: one step of the budget per item."""
        for item in iterable:
            self.tick()
            yield item

    def _compile(self, source, filename):
        """Python's compiler refuses more than 20 blocks (loops, ``with``) inside one
        another: a syntax error at the template line that made the deepest one."""
        try:
            return super()._compile(source, filename)
        except SyntaxError as exc:
            found = re.search(r"^debug_info = '([^']*)'$", source, re.M)
            pairs = [pair.split("=") for pair in found.group(1).split("&") if pair] if found else []
            line = next((int(t) for t, code in reversed(pairs) if int(code) <= (exc.lineno or 0)), 1)
            message = f"loops or blocks nested too deeply ({exc.msg})" if "nested" in exc.msg else exc.msg
            raise TemplateSyntaxError(message, line, filename=filename) from None

    def _parse(self, source, name, filename):
        """The template's syntax tree, with every loop's items counted
        (:meth:`bounded_iter`) and every ``~`` checked (:meth:`sized`) before
        its parts are turned to text and after they are joined."""
        tree = super()._parse(source, name, filename)
        every = list(tree.find_all(nodes.Node))  # before any change
        for loop in (n for n in every if isinstance(n, nodes.For)):
            loop.iter = _call("bounded_iter", loop.iter)
        for concat in (n for n in every if isinstance(n, nodes.Concat)):
            concat.nodes = [_call("sized", node) for node in concat.nodes]
        for node in every:  # the joined text, checked in its parent
            for field, child in node.iter_fields():
                if isinstance(child, nodes.Concat):
                    setattr(node, field, _call("check_value", child))
                elif isinstance(child, list):
                    setattr(node, field, [_call("check_value", c) if isinstance(c, nodes.Concat) else c
                                          for c in child])
        tree.set_environment(self)
        return tree


def _call(method: str, node: nodes.Expr) -> nodes.Call:
    """``environment.<method>(node)`` as a syntax tree node."""
    return nodes.Call(nodes.EnvironmentAttribute(method), [node], [], None, None, lineno=node.lineno)


def _checked_filter(env: TemplateSandbox, func, check):
    """``func`` (a filter of ``env``) with its value sized and checked first
    (``check(limit, value, args, kwargs)`` for the filters that can grow a
    text), and its result checked after."""
    passed = _PassArg.from_obj(func) is not None

    @wraps(func)
    def checked(*args, **kwargs):
        value, rest = (args[1], args[2:]) if passed else (args[0], args[1:])
        env.tick()
        env.sized(value)
        if check is not None:
            check(env.limit(), value, rest, kwargs)
        return env.check_value(func(*args, **kwargs))

    return checked


@pass_eval_context
def _bounded_join(eval_ctx, value, d: str = "", attribute=None):
    """Jinja's ``join`` (same result), its size counted as it goes."""
    from jinja2.filters import make_attrgetter
    from markupsafe import Markup, escape

    env = eval_ctx.environment
    if attribute is not None:
        value = map(make_attrgetter(env, attribute), value)
    items = []
    for item in value:
        env.tick()
        items.append(item)
    markup = eval_ctx.autoescape and (hasattr(d, "__html__") or any(hasattr(i, "__html__") for i in items))
    parts, total, limit = [], 0, env.limit()
    for item in items:
        text = (item if hasattr(item, "__html__") else escape(item)) if markup else str(item)
        total += len(text) + len(d)
        if total > limit:
            raise LimitExceeded(over(limit, "a join"))
        parts.append(text)
    return Markup(d if hasattr(d, "__html__") else escape(d)).join(parts) if markup else str(d).join(parts)
