"""The mechanisms of lifecycles: a resource's status over time, and one scheduler for side effects.

A resource gets a :class:`Timeline` at creation (status from t0, next status at t1, ...). Its status at
any time is read off the timeline, so reads are pure. Work that a transition triggers (a finished job
creates its model, a deleted evaluation job disappears) is an event on the :class:`Scheduler`, applied
in due-time order before each request is served. ``_lifecycle`` says what a family's lifecycle is, as
data, and runs it with these.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import itertools
from collections.abc import Callable
from typing import Any


class Timeline(list):  # type: ignore[type-arg]
    """Steps in time order, stored flat as ``[at0, status0, at1, status1, ...]``.

    The status at ``t`` is that of the last step at or before ``t``. Flat and list-based because every
    job has one: no wrapper object and no tuple per step (memory per stored resource).
    """

    __slots__ = ()

    def __init__(self, start: _dt.datetime, status: str) -> None:
        super().__init__((start, status))

    @property
    def steps(self) -> list[tuple[_dt.datetime, str]]:
        """The steps as ``(at, status)`` pairs."""
        return list(zip(self[::2], self[1::2], strict=True))

    def then(self, at: _dt.datetime, status: str) -> Timeline:
        """Append a later step (returns self so steps chain)."""
        self.append(at)
        self.append(status)
        return self

    def _index_at(self, now: _dt.datetime) -> int:
        for i in range(len(self) - 2, 0, -2):
            if self[i] <= now:
                return i
        return 0

    def status_at(self, now: _dt.datetime) -> str:
        """The status in force at ``now`` (the first status if ``now`` precedes the timeline)."""
        return self[self._index_at(now) + 1]  # type: ignore[no-any-return]

    def changed_at(self, now: _dt.datetime) -> _dt.datetime:
        """When the status in force at ``now`` began: a resource's ``lastModifiedTime``."""
        return self[self._index_at(now)]  # type: ignore[no-any-return]

    def reached(self, status: str, now: _dt.datetime) -> _dt.datetime | None:
        """When ``status`` was entered, if it was by ``now``."""
        for i in range(0, len(self), 2):
            if self[i + 1] == status and self[i] <= now:
                return self[i]  # type: ignore[no-any-return]
        return None

    def when(self, status: str) -> _dt.datetime | None:
        """When ``status`` is (or was) entered, past or planned; None if the timeline has no such step."""
        for i in range(0, len(self), 2):
            if self[i + 1] == status:
                return self[i]  # type: ignore[no-any-return]
        return None

    @property
    def final(self) -> tuple[_dt.datetime, str]:
        """The last step: where this timeline ends up."""
        return self[-2], self[-1]

    def replan_end(self, now: _dt.datetime, running: str, at: _dt.datetime, status: str) -> bool:
        """Make a timeline still ``running`` at ``now`` end in ``status`` at ``at`` (never before ``now``).

        What ``set_outcome`` does to a live resource; False (nothing changed) if it has left ``running``.
        """
        if self.status_at(now) != running:
            return False
        self.cut(now)
        self.then(max(now, at), status)
        return True

    def cut(self, now: _dt.datetime) -> None:
        """Forget every step after ``now``: the start of a rewrite (stop, update, delete)."""
        while len(self) > 2 and self[-2] > now:
            del self[-2:]

    def __repr__(self) -> str:
        return "Timeline(" + ", ".join(f"{at.isoformat()}={st}" for at, st in self.steps) + ")"

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__  # type: ignore[assignment]


class Scheduler:
    """A heap of side effects ordered by due time; :meth:`settle` applies those that are due.

    Cost: O(log n) to schedule, O(1) to find there is nothing due, O(k log n) to apply k events.
    Events are never cancelled; an event checks on firing whether its resource still reaches the
    state it was scheduled for (a rewritten timeline makes the old event a no-op).
    """

    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        # entries are flat (when, seq, action, *args): one tuple per event (memory per pending resource)
        self._heap: list[tuple[Any, ...]] = []
        self._seq = itertools.count()

    def at(self, when: _dt.datetime, action: Callable[..., None], *args: Any) -> None:
        """Run ``action(when, *args)`` once the clock reaches ``when``."""
        heapq.heappush(self._heap, (when, next(self._seq), action, *args))

    def settle(self, now: _dt.datetime) -> int:
        """Apply every event due at or before ``now`` in time order; returns how many ran."""
        heap = self._heap
        ran = 0
        while heap and heap[0][0] <= now:
            entry = heapq.heappop(heap)
            if len(entry) == 5:  # the usual two arguments: no slicing on this hot path
                entry[2](entry[0], entry[3], entry[4])
            else:
                entry[2](entry[0], *entry[3:])
            ran += 1
        return ran

    def __len__(self) -> int:
        return len(self._heap)
