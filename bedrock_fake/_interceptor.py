"""The botocore hooks, and the process-wide patches that exist only while a fake is active.

Installed once at import into ``botocore.handlers.BUILTIN_HANDLERS`` (so every session created later
carries them, as moto does) and into boto3's default session if it already exists. With no fake
active the hooks return at once and botocore proceeds as usual.

Why ``before-call`` (not ``before-send``, where moto hooks): botocore emits it with
``emit_until_response``, so our answer ends the call and no other library (moto's ``mock_aws``
included) ever sees a Bedrock request; and the handler gets the caller's params, not HTTP bytes.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any

import botocore.credentials
import botocore.endpoint
import botocore.handlers

from ._backend import PARAMS_KEY
from .errors import UnservedRequestError

if TYPE_CHECKING:
    from ._backend import Backend

#: Active fakes, innermost last: calls and sleeps go to the innermost.
_active: list[Backend] = []

_SERVICE_EVENTS = ("before-parameter-build.bedrock", "before-call.bedrock")
#: What activation replaced (saved on the first activation, put back on the last deactivation).
_saved_sleep = time.sleep
_saved_make_request = botocore.endpoint.Endpoint.make_request
_saved_imds_load = botocore.credentials.InstanceMetadataProvider.load
#: Environment set while a fake is active; restored exactly on the last stop.
_ENVIRONMENT = {"AWS_EC2_METADATA_DISABLED": "true"}
_saved_environment: dict[str, str | None] = {}
#: Starting and stopping fakes from several threads must not interleave the save/patch/restore steps.
_activation_lock = threading.Lock()


def _remember_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the caller's own params (after botocore fills idempotency tokens) for the handler."""
    if _active:
        context[PARAMS_KEY] = params


def _answer(model: Any, params: dict[str, Any], request_signer: Any, context: dict[str, Any], **_: Any) -> Any:
    """Answer a Bedrock call from the innermost active fake; None lets botocore carry on."""
    if not _active:
        return None
    return _active[-1].serve(model, params, request_signer, context)


def _fast_sleep(seconds: float) -> None:
    """``time.sleep`` while a fake is active: the innermost fake decides (usually: move its clock)."""
    if _active:
        _active[-1].sleep(seconds)
    else:
        _saved_sleep(seconds)


def _guarded_make_request(self: Any, operation_model: Any, request_dict: Any) -> Any:
    """Last line of defence: a Bedrock request that escaped interception never leaves the process."""
    if _active and operation_model.service_model.service_name == "bedrock":
        raise UnservedRequestError(
            f"bedrock_fake is active but this client's {operation_model.name} call was not intercepted, "
            "so it was stopped before reaching the network. The client comes from a botocore session "
            "created before bedrock_fake was imported; import bedrock_fake (or use its pytest plugin) "
            "before creating sessions, or create the client inside the mock."
        )
    return _saved_make_request(self, operation_model, request_dict)


def _no_instance_metadata(self: Any) -> None:
    """While active, credential lookup never asks the EC2 metadata service (a network call).

    ``AWS_EC2_METADATA_DISABLED`` only reaches sessions created after activation: a session made
    earlier (boto3's default session, typically) has read the environment already.
    """
    return None


def _install_hooks() -> None:
    handlers = [(_SERVICE_EVENTS[0], _remember_params), (_SERVICE_EVENTS[1], _answer)]
    for entry in handlers:
        if entry not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(entry)
    # A default boto3 session made before our import would not carry the builtin handlers.
    import boto3

    default = boto3.DEFAULT_SESSION
    if default is not None:
        events = default._session.get_component("event_emitter")
        for event, handler in handlers:
            events.register(event, handler, unique_id=f"bedrock_fake.{handler.__name__}")


def activate(backend: Backend) -> None:
    """Make ``backend`` the innermost active fake (patching the process on the first activation)."""
    with _activation_lock:
        _activate(backend)


def _activate(backend: Backend) -> None:
    if backend in _active:
        raise RuntimeError("this fake is already active")
    global _saved_sleep, _saved_make_request, _saved_imds_load
    if not _active:
        _saved_sleep = time.sleep
        _saved_make_request = botocore.endpoint.Endpoint.make_request
        _saved_imds_load = botocore.credentials.InstanceMetadataProvider.load
        for name, value in _ENVIRONMENT.items():
            _saved_environment[name] = os.environ.get(name)
            os.environ.setdefault(name, value)
        time.sleep = _fast_sleep  # type: ignore[assignment]
        botocore.endpoint.Endpoint.make_request = _guarded_make_request
        botocore.credentials.InstanceMetadataProvider.load = _no_instance_metadata
    _active.append(backend)


def deactivate(backend: Backend) -> None:
    """Remove ``backend`` from the active fakes (restoring the process after the last one)."""
    with _activation_lock:
        if backend not in _active:
            return  # never started, or stopped already: the process is not ours to restore
        _active.remove(backend)
        if not _active:
            _restore()


def _restore() -> None:
    """Put back what the first activation replaced."""
    time.sleep = _saved_sleep
    botocore.endpoint.Endpoint.make_request = _saved_make_request
    botocore.credentials.InstanceMetadataProvider.load = _saved_imds_load
    for name, saved in _saved_environment.items():
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
    _saved_environment.clear()


def innermost() -> Backend | None:
    """The innermost active fake's backend, if any."""
    return _active[-1] if _active else None


_install_hooks()
