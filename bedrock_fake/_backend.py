"""The serving core of one fake: its state, and how one intercepted call is answered.

Per call: settle due transitions at ``clock.now()`` -> validate the input against the service model
-> injected faults -> the operation's handler -> a botocore answer; error answers go through the
client's own retry configuration (``needs-retry``), sleeping on the fake's clock.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
import threading
import time
from collections.abc import Iterable
from typing import Any

from botocore.utils import parse_to_aware_datetime

from . import _behaviour, _protocol
from ._clock import UTC, Clock
from ._lifecycle import Scheduler
from ._operations import HANDLERS, KINDS, Request, load_resources
from ._registry import Registry
from ._validation import validate_input
from .errors import OperationNotImplementedError, ServiceError

#: where the interceptor keeps the caller's own params in botocore's request context
PARAMS_KEY = "bedrock_fake.params"

_FAKE_KEY = re.compile(r"AKIAFAKE([0-9]{12})")
_real_sleep = time.sleep
_timestamp_members: dict[str, tuple[str, ...]] = {}
_service_model: Any = None


def access_key_for(account_id: str) -> str:
    """The access key id ``credentials_for`` hands out for ``account_id``."""
    return f"AKIAFAKE{account_id}"


def _caller_account(signer: Any, default: str) -> str:
    """The account a client acts as: the one encoded in fake credentials, else the fake's default."""
    credentials = getattr(signer, "_credentials", None)
    if credentials is None:
        return default
    # Read the stored key without triggering a refresh (refreshable credentials keep `_access_key`).
    attrs = vars(credentials)
    key = attrs.get("access_key") or attrs.get("_access_key")
    if isinstance(key, str):
        found = _FAKE_KEY.fullmatch(key)
        if found:
            return found.group(1)
    return default


def _normalise_timestamps(model: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Top-level timestamp inputs (list filters) as aware UTC datetimes, as the service sees them."""
    names = _timestamp_members.get(model.name)
    if names is None:
        shape = model.input_shape
        members = shape.members.items() if shape is not None else ()
        names = _timestamp_members[model.name] = tuple(n for n, s in members if s.type_name == "timestamp")
    if not names or not any(n in params for n in names):
        return params
    normalised = dict(params)
    for name in names:
        if name in normalised:
            try:
                normalised[name] = parse_to_aware_datetime(normalised[name]).astimezone(UTC)
            except (ValueError, TypeError, OverflowError) as exc:
                raise ServiceError(
                    "ValidationException",
                    f"1 validation error detected: Value '{normalised[name]}' at '{name}' failed to satisfy "
                    "constraint: Member must be a timestamp",
                ) from exc
    return normalised


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
        self.lock = threading.RLock()
        self.handle: Any = None  # the BedrockFake that owns this backend
        self.durations: dict[str, float] = dict(_behaviour.DEFAULT_DURATIONS)
        self.reset_world()

    def reset_world(self) -> None:
        """Fresh state: no resources, no pending outcomes or faults (durations are configuration)."""
        with self.lock:
            self.registry = Registry()
            self.scheduler = Scheduler()
            self.rng = random.Random()
            self.outcomes: dict[str, tuple[str | None, str, str | None]] = {}
            self.faults: dict[str, list[_Fault]] = {}

    @staticmethod
    def service_model() -> Any:
        """botocore's Bedrock service model (loaded once)."""
        global _service_model
        if _service_model is None:
            import botocore.session

            _service_model = botocore.session.get_session().get_service_model("bedrock")
        return _service_model

    # --- time ---------------------------------------------------------------------------------------
    def sleep(self, seconds: float) -> None:
        """``time.sleep`` as the fake sees it: move the clock, unless real sleeping was asked for."""
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if self.real_sleep:
            _real_sleep(seconds)
        else:
            with self.lock:  # sleeps from several threads all count
                self.clock.advance(seconds)

    def now(self) -> _dt.datetime:
        """The fake's current time, with every transition due by then applied."""
        with self.lock:
            now = self.clock.now()
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
        if times is not None and times < 1:
            raise ValueError("times must be a positive number of calls, or None for every call")
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
    def serve(
        self, model: Any, request_dict: dict[str, Any], signer: Any, context: dict[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        """Answer one intercepted call, retrying retryable errors as the client's config says."""
        handler = HANDLERS.get(model.name)
        if handler is None and not self.faults.get(model.name):
            raise OperationNotImplementedError(
                f"bedrock_fake does not implement {model.name} yet, so it was not sent anywhere. "
                f"Implemented operations are listed in docs/coverage.md; to test code that calls "
                f"{model.name}, stub it with botocore.stub.Stubber or open an issue."
            )
        params = context.get(PARAMS_KEY) or {}
        account_id = _caller_account(signer, self.account_id)
        region_name = context.get("client_region") or "us-east-1"
        url = request_dict.get("url", "")
        emitter = getattr(signer, "_event_emitter", None)
        attempts = 1
        while True:
            response = self._attempt(model, handler, params, account_id, region_name, url)
            if response[0].status_code < 300 or emitter is None:
                break
            # What botocore's endpoint does between attempts: ask the client's retry handlers.
            retries = context.setdefault("retries", {})
            retries["attempt"] = attempts
            answers = emitter.emit(
                f"needs-retry.bedrock.{model.name}",
                response=response,
                endpoint=None,
                operation=model,
                attempts=attempts,
                caught_exception=None,
                request_dict=request_dict,
            )
            delay = next((a[1] for a in answers if a[1] is not None), None)
            if delay is None or delay is False:
                break
            self.sleep(delay)
            attempts += 1
        response[1]["ResponseMetadata"]["RetryAttempts"] = attempts - 1
        return response

    def _attempt(
        self, model: Any, handler: Any, params: dict[str, Any], account_id: str, region_name: str, url: str
    ) -> tuple[Any, dict[str, Any]]:
        with self.lock:
            now = self.clock.now()
            self.scheduler.settle(now)
            try:
                validate_input(model, params)
                params = _normalise_timestamps(model, params)
                fault = self._take_fault(model.name)
                if fault is not None:
                    raise fault
                if handler is None:  # only injected errors are served for unimplemented operations
                    raise OperationNotImplementedError(
                        f"bedrock_fake does not implement {model.name} yet; only errors injected with "
                        "inject_error are answered for it."
                    )
                region = self.registry.region(account_id, region_name)
                output = handler(Request(self, model.name, params, region, now))
            except ServiceError as error:
                return _protocol.failure(model, error, now, url)
        return _protocol.success(model, output, now, url)
