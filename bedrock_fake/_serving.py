"""How one intercepted call is answered, from one fake's state.

Per call: settle due transitions at the fake's time -> validate the input against the service model
-> injected faults -> the operation's handler -> a botocore answer; error answers go through the
client's own retry configuration (``needs-retry``), sleeping on the fake's clock. aiobotocore clients
get the same answer from a coroutine (their emitter's ``needs-retry`` must be awaited).
"""

from __future__ import annotations

from typing import Any

from . import _conformance, _isolation, _protocol
from ._backend import Backend
from ._botocore_adapter import caller_account, client_emitter, is_async
from ._operations import HANDLERS
from ._request import Request
from ._validation import validate_input
from .errors import OperationNotImplementedError, ServiceError

#: where the interceptor keeps the caller's own params in botocore's request context
PARAMS_KEY = "bedrock_fake.params"


def serve(
    backend: Backend, model: Any, request_dict: dict[str, Any], signer: Any, context: dict[str, Any]
) -> Any:
    """Answer one intercepted call, retrying retryable errors as the client's config says.

    Returns botocore's ``(http_response, parsed)`` pair, or, for an aiobotocore client, a coroutine
    that produces it.
    """
    handler = HANDLERS.get(model.name)
    if handler is None and not backend.faults.get(model.name):
        raise OperationNotImplementedError(
            f"bedrock_fake does not implement {model.name} yet, so it was not sent anywhere. "
            f"Implemented operations are listed in docs/coverage.md; to test code that calls "
            f"{model.name}, stub it with botocore.stub.Stubber or open an issue."
        )
    emitter = client_emitter(signer)
    account_id = caller_account(signer, backend.account_id)
    region_name = context.get("client_region") or "us-east-1"
    params = context.get(PARAMS_KEY) or {}
    url = request_dict.get("url", "")
    if emitter is not None and is_async(emitter):
        _isolation.ensure_async_patches()
        where = (params, account_id, region_name, url)
        return _Call(backend, model, handler, request_dict, context, emitter, where).run_async()
    response = attempt(backend, model, handler, params, account_id, region_name, url)
    if response[0].status_code < 300 or emitter is None:
        return response  # RetryAttempts is already 0: most calls end here
    where = (params, account_id, region_name, url)
    return _Call(backend, model, handler, request_dict, context, emitter, where).retry(response)


def attempt(
    backend: Backend, model: Any, handler: Any, params: dict[str, Any], account_id: str, region_name: str,
    url: str,
) -> tuple[Any, dict[str, Any]]:
    """One attempt at a call: settle, validate, faults, handler; an answer in botocore's form."""
    with backend.lock:
        now = backend._current()
        backend.scheduler.settle(now)
        try:
            params = validate_input(model, params)
        except ServiceError as error:
            return _protocol.failure(model, error, now, url)
        # checked against the model when it was injected
        fault = backend.take_fault(model.name) if backend.faults else None
        if fault is not None:
            return _protocol.failure(model, fault, now, url)
        if handler is None:  # only injected errors are served for unimplemented operations
            raise OperationNotImplementedError(
                f"bedrock_fake does not implement {model.name} yet; only errors injected with "
                "inject_error are answered for it."
            )
        try:
            region = backend.registry.region(account_id, region_name)
            output = handler(Request(backend, model.name, params, region, now))
        except ServiceError as error:
            return _protocol.failure(model, _modeled(backend, model, error), now, url)
    if backend.strict:
        problems = _conformance.output_problems(model, output)
        if problems:
            raise _conformance.StrictModeError(f"{model.name} answered off its output shape: {problems}")
    return _protocol.success(model, output, now, url)

def _modeled(backend: Backend, model: Any, error: ServiceError) -> ServiceError:
    """``error`` as the operation may answer it (an unmodeled code is a bug: strict mode raises)."""
    if _conformance.allowed_error(model, error.code):
        return error
    if backend.strict:
        raise _conformance.StrictModeError(
            f"{model.name} answered {error.code}, which its model does not list: {error.message}"
        )
    return ServiceError("ValidationException", error.message)




class _Call:
    """One client call in flight: its attempts and the retries the client's configuration asks for."""

    __slots__ = ("account_id", "attempts", "backend", "context", "emitter", "handler", "model", "params",
                 "region_name", "request_dict", "url")

    def __init__(
        self, backend: Backend, model: Any, handler: Any, request_dict: dict[str, Any], context: dict[str, Any],
        emitter: Any, where: tuple[dict[str, Any], str, str, str],
    ) -> None:
        self.backend = backend
        self.model = model
        self.handler = handler
        self.request_dict = request_dict
        self.context = context
        self.emitter = emitter
        self.params, self.account_id, self.region_name, self.url = where
        self.attempts = 1

    def attempt(self) -> tuple[Any, dict[str, Any]]:
        return attempt(self.backend, self.model, self.handler, self.params, self.account_id, self.region_name, self.url)

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

    def retry(self, response: tuple[Any, dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
        """Carry on after the error answer ``response`` as the client's retry configuration says."""
        while True:
            event, kwargs = self._retry_event(response)
            delay = _first_delay(self.emitter.emit(event, **kwargs))
            if delay is None:
                return self._finish(response)
            self.backend.sleep(delay)
            self.attempts += 1
            response = self.attempt()
            if response[0].status_code < 300:
                return self._finish(response)

    async def run_async(self) -> tuple[Any, dict[str, Any]]:
        while True:
            response = self.attempt()
            if response[0].status_code < 300:
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
