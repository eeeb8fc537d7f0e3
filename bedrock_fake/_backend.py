"""The state of one fake and the controls on it: its world, its time, outcomes, faults, durations.

``BedrockFake`` is the public face of a :class:`Backend`; ``_serving`` answers calls from it.
"""

from __future__ import annotations

import datetime as _dt
import random
import threading
import time
from collections.abc import Iterable
from typing import Any

from . import _conformance, _isolation
from ._choices import default_durations
from ._clock import Clock, to_seconds
from ._family import FAMILIES, outcome_families
from ._operations import load_resources
from ._registry import Registry
from ._request import Request
from ._service_model import service_model
from ._timeline import Scheduler
from .errors import ServiceError

_real_sleep = time.sleep


class _Fault:
    __slots__ = ("code", "message", "remaining")

    def __init__(self, code: str, message: str | None, remaining: int | None) -> None:
        self.code = code
        self.message = message
        self.remaining = remaining


class Backend:
    """State and request serving of one fake (``BedrockFake`` is the public face of it)."""

    def __init__(self, account_id: str, clock: Clock, real_sleep: bool) -> None:
        load_resources()
        self.account_id = account_id
        self.clock = clock
        self.real_sleep = real_sleep
        self.strict = _conformance.strict_mode()
        self.lock = threading.RLock()
        self.handle: Any = None  # the BedrockFake that owns this backend
        self.durations: dict[str, float] = default_durations()
        # The latest time this fake has shown: time never runs backwards for it, whatever the clock does.
        self._shown: _dt.datetime | None = None
        self.reset_world()

    def reset_world(self) -> None:
        """Fresh state: no resources, no pending outcomes or faults (durations are configuration).

        A fresh world has shown no time yet, so the next request may read an earlier one (a test that
        freezes time in the past after an earlier test ran on the same fake).
        """
        with self.lock:
            self.registry = Registry()
            self.scheduler = Scheduler()
            self.rng = random.Random()
            self.outcomes: dict[str, tuple[str | None, str, str | None]] = {}
            self.faults: dict[str, list[_Fault]] = {}
            self._shown = None
            forget = getattr(self.clock, "_forget_shown", None)
            if forget is not None:
                forget()

    _WORLD = ("registry", "scheduler", "rng", "outcomes", "faults", "_shown")

    def save_world(self) -> Any:
        """A private copy of the whole world (resources, pending events and outcomes, faults) and of
        the clock's position, for :meth:`load_world` (a decorated test class starts each test from it)."""
        import copy

        with self.lock:
            return copy.deepcopy({name: getattr(self, name) for name in self._WORLD}), _clock_state(self.clock)

    def load_world(self, saved: Any) -> None:
        """Make the world a fresh copy of one :meth:`save_world` returned (the saved copy stays intact)."""
        import copy

        world, clock_state = saved
        with self.lock:
            for name, value in copy.deepcopy(world).items():
                setattr(self, name, value)
            for name, value in clock_state.items():
                setattr(self.clock, name, value)

    @staticmethod
    def service_model() -> Any:
        """botocore's Bedrock service model (loaded once)."""
        return service_model()

    # --- time ---------------------------------------------------------------------------------------
    def sleep(self, seconds: float) -> None:
        """``time.sleep`` as the fake sees it: move the clock, unless real sleeping was asked for."""
        if self.real_sleep:
            _real_sleep(seconds)
            return
        step = _sleep_seconds(seconds)
        with self.lock:  # sleeps from several threads all count
            self.clock.advance(step)

    async def async_sleep(self, seconds: float) -> None:
        """``asyncio.sleep`` as the fake sees it (the caller yields to the event loop afterwards)."""
        if self.real_sleep:
            await _isolation.real_async_sleep()(seconds)
            return
        step = _sleep_seconds(seconds)
        with self.lock:
            self.clock.advance(step)

    def _current(self) -> _dt.datetime:
        """The clock's time, never earlier than a time this fake has already shown (lock held)."""
        now = self.clock.now()
        shown = self._shown
        if shown is not None and now < shown:
            return shown
        self._shown = now
        return now

    def now(self) -> _dt.datetime:
        """The fake's current time, with every transition due by then applied."""
        with self.lock:
            now = self._current()
            self.scheduler.settle(now)
            return now

    # --- lifecycle control ----------------------------------------------------------------------------
    def take_outcome(self, kind: str, names: Iterable[str]) -> tuple[str, str | None] | None:
        family = FAMILIES.get(kind)
        allowed = family.outcomes if family is not None else ()
        for name in names:
            pending = self.outcomes.get(name)
            # an outcome meant for another kind (or naming a status this kind does not have) waits on
            if pending is not None and pending[0] in (None, kind) and pending[1] in allowed:
                del self.outcomes[name]
                return pending[1], pending[2]
        return None

    def set_outcome(self, name_or_arn: str, status: str, message: str | None, kind: str | None) -> None:
        kinds = list(outcome_families(kind))
        allowed = sorted({s for k in kinds for s in k.outcomes})
        if status not in allowed:
            raise ValueError(f"status must be one of {allowed} for {kind or 'any kind'}, got {status!r}")
        with self.lock:
            now = self.now()
            finished = []
            for region in self.registry.regions():
                for k in kinds:
                    resource = region.store(k.kind).find(name_or_arn)
                    if resource is None or status not in k.outcomes:
                        continue
                    request = Request(self, "SetOutcome", {}, region, now)
                    if k.apply_outcome(request, resource, status, message):
                        return
                    finished.append(f"{k.kind} {resource.arn}")
            if finished:
                # Queuing it would hand the outcome to some later, unrelated resource with this name.
                raise ValueError(
                    f"{name_or_arn!r} names a resource whose end is already decided ({', '.join(finished)}); "
                    "set an outcome before the resource finishes, or pass kind= to aim at another kind."
                )
            if all(k.lifecycle is None or status in k.lifecycle.update_outcomes for k in kinds if status in k.outcomes):
                # A queued outcome ends the run of the next resource with the name, never an update.
                raise ValueError(f"{status!r} ends an update in progress, and no live resource named {name_or_arn!r} "
                                 "is being updated: set it while the update runs.")
            self.outcomes[name_or_arn] = (kind, status, message)

    def inject_error(self, operation: str, code: str, times: int | None, message: str | None) -> None:
        if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
            raise ValueError("times must be a positive number of calls, or None for every call")
        model = self.service_model().operation_model(operation)
        allowed = _conformance.modeled_errors(model) | _conformance.INJECTABLE_EXTRA
        if code not in allowed:
            raise ValueError(
                f"{operation} cannot answer {code!r}: its model lists {sorted(allowed)} "
                "(AWS never sends it any other error, so code that handles one could not be tested by it)"
            )
        with self.lock:
            self.faults.setdefault(operation, []).append(_Fault(code, message, times))

    def take_fault(self, operation: str) -> ServiceError | None:
        queue = self.faults.get(operation)
        if not queue:
            return None
        fault = queue[0]
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining == 0:
                queue.pop(0)
        message = fault.message or f"Injected {fault.code} for {operation} (bedrock_fake.inject_error)."
        return ServiceError(fault.code, message)

def _clock_state(clock: Clock) -> dict[str, Any]:
    """The position of one of our clocks (a user's own clock is not ours to rewind: nothing)."""
    from ._clock import ManualClock, VirtualClock

    if type(clock) is VirtualClock:
        return {"_offset": clock._offset, "_last_wall": clock._last_wall}
    if type(clock) is ManualClock:
        return {"_now": clock._now}
    return {}


def _sleep_seconds(seconds: float) -> float:
    """What ``time.sleep`` accepts (any real number, not bool/str), as the seconds the clock moves."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"'{type(seconds).__name__}' object cannot be interpreted as a number of seconds")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    return to_seconds(seconds)


