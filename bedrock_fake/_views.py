"""Answers kept between reads: a resource's reads are made once per change of the resource, then copied.

Reads are the hot path (polling loops, list pages), and what a read shows of a resource changes only at
its timeline's steps. A family keeps a :class:`View` per resource for the window in which nothing it
shows changes, and hands out copies of it: a :class:`Snapshot` copies nested answers at C speed, so
no caller can change what the fake keeps, and nothing is rebuilt until the resource next changes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

_CONTAINERS = (dict, list)
#: how to copy one container: the keys (or indexes) of its members that are containers, with their plans
_Plan = tuple[tuple[Any, "_Plan"], ...]


def _plan_of(value: Any) -> _Plan:
    items = value.items() if type(value) is dict else enumerate(value)
    return tuple((key, _plan_of(member)) for key, member in items if type(member) in _CONTAINERS)


def _copy(value: Any, plan: _Plan) -> Any:
    copied = value.copy()
    for key, member_plan in plan:
        # containers of scalars (most of them) are copied here, without a call per container
        copied[key] = _copy(value[key], member_plan) if member_plan else value[key].copy()
    return copied


class Snapshot:
    """JSON-like data (a dict of dicts, lists and immutable scalars) kept to be handed out many times.

    :meth:`copy` makes a fresh deep copy for each caller, so no caller can change what the fake keeps,
    at the cost of one C-level copy per container: where the containers are is worked out once, when
    the snapshot is taken, instead of type-checking every member on every copy as :func:`clone` does.
    The data must not change after the snapshot is taken.
    """

    __slots__ = ("_plan", "value")

    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value
        self._plan = _plan_of(value)

    def copy(self) -> dict[str, Any]:
        """A deep copy of the data."""
        if not self._plan:
            return self.value.copy()
        return _copy(self.value, self._plan)  # type: ignore[no-any-return]


class View:
    """What reads show of one resource from ``since`` until ``until`` (its next change): the list summary
    and, once a Get asked, the Get answer.

    A family drops the view whenever the resource's timeline is rewritten (``Lifecycle.on_rewrite``).
    """

    __slots__ = ("_answer", "since", "summary", "until")

    def __init__(self, since: _dt.datetime, until: _dt.datetime, summary: dict[str, Any]) -> None:
        self.since, self.until, self.summary = since, until, summary
        self._answer: Snapshot | None = None

    def holds_at(self, now: _dt.datetime) -> bool:
        """Whether the view is still what the resource shows at ``now``."""
        return self.since <= now < self.until

    def answer(self, build: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
        """A copy of the Get answer, built by ``build(*args)`` the first time it is asked for."""
        if self._answer is None:
            self._answer = Snapshot(build(*args))
        return self._answer.copy()
