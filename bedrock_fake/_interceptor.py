"""The botocore hooks, and the stack of active fakes they answer from.

Installed once at import into ``botocore.handlers.BUILTIN_HANDLERS`` (so every session created later
carries them, as moto does) and into boto3's default session if it already exists. With no fake
active the hooks return at once and botocore proceeds as usual. The process-wide patches that exist
only while a fake is active live in ``_isolation``.

Why ``before-call`` (not ``before-send``, where moto hooks): botocore emits it with
``emit_until_response``, so our answer ends the call and no other library (moto's ``mock_aws``
included) ever sees a Bedrock request; and the handler gets the caller's params, not HTTP bytes.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import botocore.handlers

from . import _isolation
from ._serving import PARAMS_KEY, serve

if TYPE_CHECKING:
    from ._backend import Backend

#: Active fakes, innermost last: calls and sleeps go to the innermost.
_active: list[Backend] = []
#: Starting and stopping fakes from several threads must not interleave the save/patch/restore steps.
_activation_lock = threading.Lock()


def _remember_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the caller's own params (after botocore fills idempotency tokens) for the handler."""
    if _active:
        context[PARAMS_KEY] = params


def _answer(model: Any, params: dict[str, Any], request_signer: Any, context: dict[str, Any], **_: Any) -> Any:
    """Answer a Bedrock call from the innermost active fake; None lets botocore carry on.

    For an aiobotocore client the answer is a coroutine, which aiobotocore awaits.
    """
    if not _active:
        return None
    return serve(_active[-1], model, params, request_signer, context)


def _other_bedrock_service(model: Any, **_: Any) -> None:
    """``before-call`` of every other service: nothing to answer yet, but aiobotocore may have been
    imported since activation, and its endpoint must carry the same guard before its request is sent."""
    if _active and _isolation.is_bedrock(model.service_model.service_name):
        _isolation.ensure_async_patches()


_HANDLERS = (
    ("before-parameter-build.bedrock", _remember_params),
    ("before-call.bedrock", _answer),
    ("before-call", _other_bedrock_service),
    ("choose-signer", _isolation.prefer_sigv4),
)


def _install_hooks() -> None:
    for entry in _HANDLERS:
        if entry not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(entry)
    # A default boto3 session made before our import would not carry the builtin handlers.
    import boto3

    default = boto3.DEFAULT_SESSION
    if default is not None:
        events = default._session.get_component("event_emitter")
        for event, handler in _HANDLERS:
            events.register(event, handler, unique_id=f"bedrock_fake.{handler.__name__}")


def _innermost_account() -> str:
    return _active[-1].account_id if _active else "123456789012"


def _innermost_sleep(seconds: float) -> None:
    if _active:
        _active[-1].sleep(seconds)


async def _innermost_async_sleep(seconds: float) -> None:
    if _active:
        await _active[-1].async_sleep(seconds)


_isolation.host.active = lambda: bool(_active)
_isolation.host.sleep = _innermost_sleep
_isolation.host.async_sleep = _innermost_async_sleep
_isolation.host.account = _innermost_account


def activate(backend: Backend) -> None:
    """Make ``backend`` the innermost active fake (patching the process on the first activation)."""
    with _activation_lock:
        if backend in _active:
            raise RuntimeError("this fake is already active")
        if not _active:
            _isolation.install()
        _active.append(backend)


def deactivate(backend: Backend) -> None:
    """Remove ``backend`` from the active fakes (restoring the process after the last one)."""
    with _activation_lock:
        if backend not in _active:
            return  # never started, or stopped already: the process is not ours to restore
        _active.remove(backend)
        if not _active:
            _isolation.restore()


def innermost() -> Backend | None:
    """The innermost active fake's backend, if any."""
    return _active[-1] if _active else None


_install_hooks()
