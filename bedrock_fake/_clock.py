"""Clocks: every status change in the fake is read off one of these, never off ``datetime.now()``."""

from __future__ import annotations

import datetime as _dt
import math
import time as _time
from typing import Protocol, Union, runtime_checkable

from dateutil.tz import tzutc

#: botocore's parser yields datetimes in dateutil's ``tzutc()``; the fake hands out the same type.
UTC = tzutc()

Seconds = Union[float, int, _dt.timedelta]


def to_seconds(delta: Seconds) -> float:
    """A non-negative, finite number of seconds from a number or a ``timedelta``."""
    seconds = delta.total_seconds() if isinstance(delta, _dt.timedelta) else float(delta)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a clock only moves forward by a finite amount, got {delta!r}")
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
    sleeps 60 s moves the fake's time by 60 s without waiting.
    """

    __slots__ = ("_offset",)

    def __init__(self, offset: Seconds = 0.0) -> None:
        self._offset = to_seconds(offset)

    @property
    def offset(self) -> float:
        """Seconds this clock runs ahead of the wall clock."""
        return self._offset

    def now(self) -> _dt.datetime:
        """Wall-clock time (looked up through ``time.time`` so time-freezing libraries apply) + offset."""
        return _dt.datetime.fromtimestamp(_time.time() + self._offset, UTC)

    def advance(self, delta: Seconds) -> None:
        """Run ``delta`` further ahead of the wall clock."""
        self._offset += to_seconds(delta)

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
