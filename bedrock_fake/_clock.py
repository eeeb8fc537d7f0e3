"""Clocks: every status change in the fake is read off one of these, never off ``datetime.now()``."""

from __future__ import annotations

import datetime as _dt
import math
import threading
import time as _time
from typing import Protocol, Union, runtime_checkable

from dateutil.tz import tzutc

#: botocore's parser yields datetimes in dateutil's ``tzutc()``; the fake hands out the same type.
UTC = tzutc()

Seconds = Union[float, int, _dt.timedelta]
#: The longest step a clock takes or a duration lasts (100 years).
MAX_SECONDS = 100 * 365.25 * 86_400


def to_seconds(delta: Seconds) -> float:
    """A non-negative, finite number of seconds from a number or a ``timedelta``.

    Anything else (a string such as ``"60"``, a bool, None) is a TypeError: quietly reading ``"60"`` as
    sixty seconds would hide a bug in the caller.
    """
    if isinstance(delta, _dt.timedelta):
        seconds = delta.total_seconds()
    elif isinstance(delta, (int, float)) and not isinstance(delta, bool):
        seconds = float(delta)
    else:
        raise TypeError(f"seconds must be a number or a datetime.timedelta, got {type(delta).__name__} {delta!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a clock only moves forward by a finite amount, got {delta!r}")
    if seconds > MAX_SECONDS:
        # Far beyond any test's horizon, and datetimes end in year 9999: refuse instead of overflowing later.
        raise ValueError(f"at most {MAX_SECONDS:.0f} seconds (100 years) at a time, got {delta!r}")
    return seconds


def to_utc(value: _dt.datetime | str) -> _dt.datetime:
    """An aware UTC datetime from a datetime (naive means UTC) or an ISO 8601 string."""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@runtime_checkable
class Clock(Protocol):
    """What the fake needs from a clock: the current time, and a way to move it forward."""

    def now(self) -> _dt.datetime:
        """The current time as an aware UTC datetime."""
        ...

    def advance(self, delta: Seconds) -> None:
        """Move the clock forward by ``delta`` (seconds or a ``timedelta``)."""
        ...


class VirtualClock:
    """The wall clock (as freezegun or time-machine report it) plus an offset that only grows.

    ``advance()`` and the fast-forwarded ``time.sleep`` add to the offset, so a polling loop that
    sleeps 60 s moves the fake's time by 60 s without waiting. The clock never goes backwards: when
    the wall clock steps back (a ``freeze_time`` block ends, NTP corrects the machine's time), the
    step is added to the offset, so the fake's time carries on from where it was and what the fake
    has shown (a job that completed) stays shown.
    """

    __slots__ = ("_last_wall", "_lock", "_offset")

    def __init__(self, offset: Seconds = 0.0) -> None:
        self._offset = to_seconds(offset)
        self._last_wall = float("-inf")
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        """Seconds this clock runs ahead of the wall clock."""
        return self._offset

    def now(self) -> _dt.datetime:
        """Wall-clock time (looked up through ``time.time`` so time-freezing libraries apply) + offset."""
        wall = _time.time()
        with self._lock:
            if wall < self._last_wall:  # the wall clock stepped back: absorb the step
                self._offset += self._last_wall - wall
            self._last_wall = wall
            return _dt.datetime.fromtimestamp(wall + self._offset, UTC)

    def advance(self, delta: Seconds) -> None:
        """Run ``delta`` further ahead of the wall clock."""
        seconds = to_seconds(delta)
        with self._lock:
            self._offset += seconds

    def _forget_shown(self) -> None:
        """Forget the last wall-clock reading (the fake's world was reset: it has shown no time yet)."""
        with self._lock:
            self._last_wall = float("-inf")

    def __repr__(self) -> str:
        return f"VirtualClock(offset={self._offset!r})"


class ManualClock:
    """A clock that stands still until told to move: fully deterministic timestamps.

    ``ManualClock("2024-05-01T12:00:00Z")`` starts at that instant; with no argument it starts at the
    wall-clock time of its creation.
    """

    __slots__ = ("_now",)

    def __init__(self, start: _dt.datetime | str | None = None) -> None:
        self._now = to_utc(start) if start is not None else _dt.datetime.fromtimestamp(_time.time(), UTC)

    def now(self) -> _dt.datetime:
        """The instant the clock stands at."""
        return self._now

    def advance(self, delta: Seconds) -> None:
        """Move forward by ``delta``."""
        self._now = self._now + _dt.timedelta(seconds=to_seconds(delta))

    def move_to(self, when: _dt.datetime | str) -> None:
        """Jump to ``when``; moving backwards is refused because due transitions were already applied."""
        target = to_utc(when)
        if target < self._now:
            raise ValueError(f"ManualClock only moves forward: {target.isoformat()} < {self._now.isoformat()}")
        self._now = target

    def __repr__(self) -> str:
        return f"ManualClock({self._now.isoformat()!r})"
