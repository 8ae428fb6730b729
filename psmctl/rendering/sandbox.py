"""A Jinja sandbox that also bounds time and size: a template cannot hang render.

ImmutableSandboxedEnvironment stops templates from reaching Python internals
or mutating the context, but not from working forever: nested loops,
``lipsum(10**8)``, ``"x" * 10**9``. A `--templates` override is trusted to say
what the documents look like, not to take the machine. This sandbox adds:

- a wall-clock limit on the whole render (SIGALRM where available, and a
  check on every call the template makes everywhere);
- a cap on the output, checked as it is produced;
- a cap on the numbers a template can pass to a function or filter, repeat a
  string by, or raise to a power, so no single step allocates without bound.

Breaking one of them raises TemplateLimit, reported like any template error.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from jinja2.sandbox import ImmutableSandboxedEnvironment

# The shipped templates render the Torino plan in well under a second. The time a
# template may take grows with the data it is given, not with what it does: a plan
# of 10,000 actions (about a million values, seconds of honest work) renders, while
# a loop in a template over a small plan is stopped at MAX_SECONDS as before.
MAX_SECONDS = 10.0
SECONDS_PER_MILLION_VALUES = 20.0
MAX_OUTPUT = 20_000_000  # characters of Markdown: a hundred times the shipped plan
MAX_COUNT = 100_000  # the largest count a template may pass (as Jinja's own range limit)
MAX_EXPONENT = 64
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\*|[0-9]{6,})|%[-+ #0]*[0-9]*\.(\*|[0-9]{6,})")


_SEQUENCES = (str, list, tuple)


class TemplateLimit(Exception):
    """A template went past a limit of time, output or size."""


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise TemplateLimit(f"{what} with {value:,}: templates may use counts up to {MAX_COUNT:,}")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a deadline, an output cap and bounded counts."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.budget = MAX_SECONDS
        self.counted: dict[int, tuple[Any, int]] = {}  # see context_values

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _too_long(self.budget)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        self.check_time()
        for value in (*args, *kwargs.values()):
            _check_count(value, f"a call to {getattr(__obj, '__name__', 'a function')}")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        if operator == "*" and (isinstance(left, _SEQUENCES) or isinstance(right, _SEQUENCES)):
            _check_count(right if isinstance(left, _SEQUENCES) else left, "a repetition")
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise TemplateLimit(f"a power with exponent {right:,}: templates may use exponents up to {MAX_EXPONENT}")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise TemplateLimit("a %-format with a field width or precision of a million or more")
        return super().call_binop(context, operator, left, right)


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The filters wrapped so their arguments are bounded (Jinja calls filters directly)."""
    return {name: _bounded(name, function) for name, function in filters.items()}


def _bounded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[1:], *kwargs.values()):  # the first argument is the value filtered
            _check_count(value, f"the filter {name}")
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # pass_context / pass_environment markers
        if hasattr(function, attribute):
            setattr(call, attribute, getattr(function, attribute))
    return call


def render_bounded(env: BoundedSandbox, name: str, context: dict[str, Any]) -> str:
    """Render template `name`, stopping at the deadline or the output cap."""
    pieces: list[str] = []
    size = 0
    with _deadline(env, time_budget(context_values(context, env.counted))):
        for piece in env.get_template(name).generate(context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"the template wrote more than {MAX_OUTPUT:,} characters")
            env.check_time()
            pieces.append(piece)
    return "".join(pieces)


def time_budget(values: int) -> float:
    """Seconds a template may take on a context of `values` values: MAX_SECONDS, plus their share."""
    return MAX_SECONDS + SECONDS_PER_MILLION_VALUES * values / 1_000_000


SHARED = 1_000  # values from which a container is remembered (see context_values)


def context_values(context: dict[str, Any], counted: dict[int, tuple[Any, int]]) -> int:
    """`count_values(context)`, each large container counted once per environment.

    The pages of a site hold the same edition data (breadcrumbs, parents, views):
    counting it again for each page made building the site quadratic (484 s of
    528 at 10,000 actions). A container is remembered with the object itself, so
    its id cannot pass to another object while remembered; contexts are built
    before rendering and templates cannot change them.
    """
    stack: list[tuple[Any, bool]] = [(context, False)]
    sums = [0]  # the running count of each container being walked; sums[0] is the whole
    while stack:
        item, closing = stack.pop()
        if closing:
            values = sums.pop()
            if values >= SHARED:
                counted[id(item)] = (item, values)
            sums[-1] += values
        elif isinstance(item, (dict, list, tuple)):
            known = counted.get(id(item))
            if known is not None and known[0] is item:
                sums[-1] += known[1]
                continue
            sums.append(1)
            stack.append((item, True))
            stack.extend((child, False) for child in (item.values() if isinstance(item, dict) else item))
        else:
            sums[-1] += 1
    return sums[0]


def count_values(data: Any) -> int:
    """How many values `data` holds, counting through dicts, lists and tuples (iteratively: no
    recursion limit on a deep context)."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return count


@contextmanager
def _deadline(env: BoundedSandbox, seconds: float) -> Iterator[None]:
    env.deadline = time.monotonic() + seconds
    env.budget = seconds
    # A loop that calls nothing is stopped by the alarm; only the main thread can receive it.
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous: Any = None
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, lambda signum, frame: _raise(_too_long(seconds)))
        signal.setitimer(signal.ITIMER_REAL, seconds + 0.5)
    try:
        yield
    finally:
        env.deadline = float("inf")
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _too_long(seconds: float) -> TemplateLimit:
    return TemplateLimit(f"the template ran for more than {seconds:.2g} seconds")


def _raise(error: Exception) -> None:
    raise error
