"""The serving core of one fake: its state, and how one intercepted call is answered.

Per call: settle due transitions at the fake's time -> validate the input against the service model
-> injected faults -> the operation's handler -> a botocore answer; error answers go through the
client's own retry configuration (``needs-retry``), sleeping on the fake's clock. aiobotocore clients
get the same answer from a coroutine (their emitter's ``needs-retry`` must be awaited).
"""

from __future__ import annotations

import datetime as _dt
import random
import threading
import time
from collections.abc import Iterable
from typing import Any

from . import _behaviour, _conformance, _isolation, _protocol
from ._botocore_adapter import caller_account, client_emitter, is_async
from ._clock import Clock, to_seconds
from ._lifecycle import Scheduler
from ._operations import HANDLERS, KINDS, Request, load_resources
from ._registry import Registry
from ._service_model import service_model
from ._validation import validate_input
from .errors import OperationNotImplementedError, ServiceError

#: where the interceptor keeps the caller's own params in botocore's request context
PARAMS_KEY = "bedrock_fake.params"

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
        self.durations: dict[str, float] = dict(_behaviour.DEFAULT_DURATIONS)
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
        allowed = KINDS[kind].outcomes if kind in KINDS else ()
        for name in names:
            pending = self.outcomes.get(name)
            # an outcome meant for another kind (or naming a status this kind does not have) waits on
            if pending is not None and pending[0] in (None, kind) and pending[1] in allowed:
                del self.outcomes[name]
                return pending[1], pending[2]
        return None

    def set_outcome(self, name_or_arn: str, status: str, message: str | None, kind: str | None) -> None:
        kinds = [KINDS[kind]] if kind is not None else list(KINDS.values())
        allowed = sorted({s for k in kinds for s in k.outcomes})
        if status not in allowed:
            raise ValueError(f"status must be one of {allowed} for {kind or 'any kind'}, got {status!r}")
        with self.lock:
            now = self.now()
            finished = []
            for region in self.registry.regions():
                for k in kinds:
                    resource = region.store(k.name).find(name_or_arn)
                    if resource is None or status not in k.outcomes:
                        continue
                    request = Request(self, "SetOutcome", {}, region, now)
                    if k.apply_outcome(request, resource, status, message):
                        return
                    finished.append(f"{k.name} {resource.arn}")
            if finished:
                # Queuing it would hand the outcome to some later, unrelated resource with this name.
                raise ValueError(
                    f"{name_or_arn!r} names a resource whose end is already decided ({', '.join(finished)}); "
                    "set an outcome before the resource finishes, or pass kind= to aim at another kind."
                )
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

    def _take_fault(self, operation: str) -> ServiceError | None:
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

    # --- serving ---------------------------------------------------------------------------------------
    def serve(self, model: Any, request_dict: dict[str, Any], signer: Any, context: dict[str, Any]) -> Any:
        """Answer one intercepted call, retrying retryable errors as the client's config says.

        Returns botocore's ``(http_response, parsed)`` pair, or, for an aiobotocore client, a coroutine
        that produces it.
        """
        handler = HANDLERS.get(model.name)
        if handler is None and not self.faults.get(model.name):
            raise OperationNotImplementedError(
                f"bedrock_fake does not implement {model.name} yet, so it was not sent anywhere. "
                f"Implemented operations are listed in docs/coverage.md; to test code that calls "
                f"{model.name}, stub it with botocore.stub.Stubber or open an issue."
            )
        call = _Call(self, model, handler, request_dict, signer, context)
        if call.emitter is not None and is_async(call.emitter):
            _isolation.ensure_async_patches()
            return call.run_async()
        return call.run()

    def attempt(
        self, model: Any, handler: Any, params: dict[str, Any], account_id: str, region_name: str, url: str
    ) -> tuple[Any, dict[str, Any]]:
        """One attempt at a call: settle, validate, faults, handler; an answer in botocore's form."""
        with self.lock:
            now = self._current()
            self.scheduler.settle(now)
            try:
                params = validate_input(model, params)
            except ServiceError as error:
                return _protocol.failure(model, error, now, url)
            fault = self._take_fault(model.name)  # checked against the model when it was injected
            if fault is not None:
                return _protocol.failure(model, fault, now, url)
            if handler is None:  # only injected errors are served for unimplemented operations
                raise OperationNotImplementedError(
                    f"bedrock_fake does not implement {model.name} yet; only errors injected with "
                    "inject_error are answered for it."
                )
            try:
                region = self.registry.region(account_id, region_name)
                output = handler(Request(self, model.name, params, region, now))
            except ServiceError as error:
                return _protocol.failure(model, self._modeled(model, error), now, url)
        if self.strict:
            problems = _conformance.output_problems(model, output)
            if problems:
                raise _conformance.StrictModeError(f"{model.name} answered off its output shape: {problems}")
        return _protocol.success(model, output, now, url)

    def _modeled(self, model: Any, error: ServiceError) -> ServiceError:
        """``error`` as the operation may answer it (an unmodeled code is a bug: strict mode raises)."""
        if _conformance.allowed_error(model, error.code):
            return error
        if self.strict:
            raise _conformance.StrictModeError(
                f"{model.name} answered {error.code}, which its model does not list: {error.message}"
            )
        return ServiceError("ValidationException", error.message)


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


class _Call:
    """One client call in flight: its attempts and the retries the client's configuration asks for."""

    __slots__ = ("account_id", "attempts", "backend", "context", "emitter", "handler", "model", "params",
                 "region_name", "request_dict", "url")

    def __init__(
        self, backend: Backend, model: Any, handler: Any, request_dict: dict[str, Any], signer: Any,
        context: dict[str, Any],
    ) -> None:
        self.backend = backend
        self.model = model
        self.handler = handler
        self.request_dict = request_dict
        self.context = context
        self.params = context.get(PARAMS_KEY) or {}
        self.account_id = caller_account(signer, backend.account_id)
        self.region_name = context.get("client_region") or "us-east-1"
        self.url = request_dict.get("url", "")
        self.emitter = client_emitter(signer)
        self.attempts = 1

    def _attempt(self) -> tuple[Any, dict[str, Any]]:
        return self.backend.attempt(self.model, self.handler, self.params, self.account_id, self.region_name, self.url)

    def _retry_event(self, response: tuple[Any, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
        # What botocore's endpoint does between attempts: ask the client's retry handlers.
        retries = self.context.setdefault("retries", {})
        retries["attempt"] = self.attempts
        return f"needs-retry.bedrock.{self.model.name}", {
            "response": response,
            "endpoint": None,
            "operation": self.model,
            "attempts": self.attempts,
            "caught_exception": None,
            "request_dict": self.request_dict,
        }

    def _finish(self, response: tuple[Any, dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
        response[1]["ResponseMetadata"]["RetryAttempts"] = self.attempts - 1
        return response

    def run(self) -> tuple[Any, dict[str, Any]]:
        while True:
            response = self._attempt()
            if response[0].status_code < 300 or self.emitter is None:
                return self._finish(response)
            event, kwargs = self._retry_event(response)
            delay = _first_delay(self.emitter.emit(event, **kwargs))
            if delay is None:
                return self._finish(response)
            self.backend.sleep(delay)
            self.attempts += 1

    async def run_async(self) -> tuple[Any, dict[str, Any]]:
        while True:
            response = self._attempt()
            if response[0].status_code < 300 or self.emitter is None:
                return self._finish(response)
            event, kwargs = self._retry_event(response)
            delay = _first_delay(await self.emitter.emit(event, **kwargs))
            if delay is None:
                return self._finish(response)
            await self.backend.async_sleep(delay)
            await _isolation.real_async_sleep()(0)  # back-off on the fake's clock, still yield to the loop
            self.attempts += 1


def _first_delay(answers: Any) -> float | None:
    """The back-off a ``needs-retry`` handler asked for, or None when no retry is due."""
    delay = next((answer[1] for answer in answers if answer[1] is not None), None)
    if delay is None or delay is False:
        return None
    return float(delay)
