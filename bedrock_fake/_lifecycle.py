"""Lifecycles as data: a resource's status over time, and one scheduler for transition side effects.

A resource gets a :class:`Timeline` at creation (status from t0, next status at t1, ...). Its status at
any time is read off the timeline, so reads are pure. Work that a transition triggers (a finished job
creates its model, a deleted evaluation job disappears) is an event on the :class:`Scheduler`, applied
in due-time order before each request is served.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import itertools
from collections.abc import Callable
from typing import Any


class Timeline:
    """Steps ``(at, status)`` in time order; the status at ``t`` is the last step at or before ``t``."""

    __slots__ = ("steps",)

    def __init__(self, start: _dt.datetime, status: str) -> None:
        self.steps: list[tuple[_dt.datetime, str]] = [(start, status)]

    def then(self, at: _dt.datetime, status: str) -> Timeline:
        """Append a later step (returns self so steps chain)."""
        self.steps.append((at, status))
        return self

    def status_at(self, now: _dt.datetime) -> str:
        """The status in force at ``now`` (the first status if ``now`` precedes the timeline)."""
        steps = self.steps
        for i in range(len(steps) - 1, 0, -1):
            if steps[i][0] <= now:
                return steps[i][1]
        return steps[0][1]

    def changed_at(self, now: _dt.datetime) -> _dt.datetime:
        """When the status in force at ``now`` began: a resource's ``lastModifiedTime``."""
        steps = self.steps
        for i in range(len(steps) - 1, 0, -1):
            if steps[i][0] <= now:
                return steps[i][0]
        return steps[0][0]

    def reached(self, status: str, now: _dt.datetime) -> _dt.datetime | None:
        """When ``status`` was entered, if it was by ``now``."""
        for at, st in self.steps:
            if st == status and at <= now:
                return at
        return None

    @property
    def final(self) -> tuple[_dt.datetime, str]:
        """The last step: where this timeline ends up."""
        return self.steps[-1]

    def cut(self, now: _dt.datetime) -> None:
        """Forget every step after ``now``: the start of a rewrite (stop, update, delete)."""
        while len(self.steps) > 1 and self.steps[-1][0] > now:
            self.steps.pop()

    def __repr__(self) -> str:
        return "Timeline(" + ", ".join(f"{at.isoformat()}={st}" for at, st in self.steps) + ")"


class Scheduler:
    """A heap of side effects ordered by due time; :meth:`settle` applies those that are due.

    Cost: O(log n) to schedule, O(1) to find there is nothing due, O(k log n) to apply k events.
    Events are never cancelled; an event checks on firing whether its resource still reaches the
    state it was scheduled for (a rewritten timeline makes the old event a no-op).
    """

    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[_dt.datetime, int, Callable[..., None], tuple[Any, ...]]] = []
        self._seq = itertools.count()

    def at(self, when: _dt.datetime, action: Callable[..., None], *args: Any) -> None:
        """Run ``action(when, *args)`` once the clock reaches ``when``."""
        heapq.heappush(self._heap, (when, next(self._seq), action, args))

    def settle(self, now: _dt.datetime) -> int:
        """Apply every event due at or before ``now`` in time order; returns how many ran."""
        heap = self._heap
        ran = 0
        while heap and heap[0][0] <= now:
            when, _, action, args = heapq.heappop(heap)
            action(when, *args)
            ran += 1
        return ran

    def __len__(self) -> int:
        return len(self._heap)
