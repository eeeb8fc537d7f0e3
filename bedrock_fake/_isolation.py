"""What keeps a test inside the fake while one is active: process-wide patches, put back exactly on stop.

While any fake is active:

- ``time.sleep`` and ``asyncio.sleep`` move the innermost fake's clock instead of waiting;
- a client for any ``bedrock*`` service created without explicit keys gets the fake's credentials, so
  the user's credential chain (credential files, ``credential_process``, SSO, container and instance
  metadata providers) never runs for it, and a Bedrock bearer token is never used (SigV4 instead);
- a request to any ``bedrock*`` service that nothing in the process answered (neither this fake nor
  another in-process mock such as moto's ``mock_aws``, which answers at ``before-send``) is stopped
  before botocore's HTTP layer sends it: ``OperationNotImplementedError`` names the service and the
  operation;
- a ``bedrock`` control-plane request that escaped interception is refused even earlier
  (``UnservedRequestError``), and credential lookup never asks the EC2 instance metadata service.

aiobotocore's classes are patched the same way once aiobotocore is imported (at activation, or at
the first async call served while active).
"""

from __future__ import annotations

import contextvars
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import botocore
import botocore.credentials
import botocore.endpoint
import botocore.session

from ._botocore_adapter import access_key_for, explicit_session_credentials
from .errors import OperationNotImplementedError, UnservedRequestError

#: Environment set while a fake is active (restored exactly on the last stop).
_ENVIRONMENT = {"AWS_EC2_METADATA_DISABLED": "true"}
#: (service, operation) of a Bedrock request on its way through botocore's endpoint while active.
_in_flight: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "bedrock_fake_in_flight", default=None
)


class _Host:
    """What the patches ask of the active fakes (set by the interceptor; kept apart to avoid a cycle)."""

    active: Callable[[], bool] = staticmethod(lambda: False)
    sleep: Callable[[float], None] = staticmethod(lambda seconds: None)
    async_sleep: Callable[[float], Any] = staticmethod(lambda seconds: None)
    account: Callable[[], str] = staticmethod(lambda: "123456789012")


host = _Host()


def is_bedrock(service_name: str) -> bool:
    """Whether a botocore service name belongs to the Bedrock family (``bedrock``, ``bedrock-runtime``...)."""
    return service_name.startswith("bedrock")


# --- the patches -------------------------------------------------------------------------------------
class _Patch:
    """One attribute replaced while active; ``original`` is what it was when the patch went in.

    The replacement is made once per original and reused (activation is on every test's hot path).
    """

    __slots__ = ("attribute", "is_async", "made", "make", "original", "owner")

    def __init__(self, owner: Any, attribute: str, make: Callable[[Any, bool], Any], is_async: bool = False) -> None:
        self.owner = owner
        self.attribute = attribute
        self.make = make  # (original, is_async) -> replacement
        self.is_async = is_async
        self.original: Any = None
        self.made: tuple[Any, Any] | None = None  # (original, its replacement)

    def install(self) -> None:
        original = getattr(self.owner, self.attribute)
        made = self.made
        if made is None or made[0] is not original:
            made = self.made = (original, self.make(original, self.is_async))
        self.original = original
        setattr(self.owner, self.attribute, made[1])

    def restore(self) -> None:
        setattr(self.owner, self.attribute, self.original)


def _fast_sleep(original: Callable[[float], None], is_async: bool) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        """``time.sleep`` while a fake is active: the innermost fake decides (usually: move its clock)."""
        if host.active():
            host.sleep(seconds)
        else:
            original(seconds)

    return sleep


def _fast_async_sleep(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    async def sleep(delay: float, result: Any = None) -> Any:
        """``asyncio.sleep`` while a fake is active: move the clock, then yield to the loop once."""
        if not host.active():
            return await original(delay, result)
        await host.async_sleep(delay)
        return await original(0, result)

    return sleep


def _guarded_make_request(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    def make_request(self: Any, operation_model: Any, request_dict: Any) -> Any:
        """A ``bedrock`` control-plane request that escaped interception never leaves the process."""
        if host.active() and operation_model.service_model.service_name == "bedrock":
            raise UnservedRequestError(
                f"bedrock_fake is active but this client's {operation_model.name} call was not intercepted, "
                "so it was stopped before reaching the network. The client comes from a botocore session "
                "created before bedrock_fake was imported; import bedrock_fake (or use its pytest plugin) "
                "before creating sessions, or create the client inside the mock."
            )
        return original(self, operation_model, request_dict)

    return make_request


def _refusal(service: str, operation: str) -> OperationNotImplementedError:
    return OperationNotImplementedError(
        f"bedrock_fake does not serve {service} {operation} yet, and no other in-process mock answered it, "
        "so the request was stopped before it was sent. Stub it (botocore.stub.Stubber, or moto's mock_aws "
        "for the services moto serves) or open an issue."
    )


def _mark_in_flight(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    if is_async:

        async def do_get_response_async(self: Any, request: Any, operation_model: Any, context: Any) -> Any:
            token = _mark(operation_model)
            try:
                return await original(self, request, operation_model, context)
            finally:
                if token is not None:
                    _in_flight.reset(token)

        return do_get_response_async

    def do_get_response(self: Any, request: Any, operation_model: Any, context: Any) -> Any:
        token = _mark(operation_model)
        try:
            return original(self, request, operation_model, context)
        finally:
            if token is not None:
                _in_flight.reset(token)

    return do_get_response


def _mark(operation_model: Any) -> contextvars.Token[tuple[str, str] | None] | None:
    service = operation_model.service_model.service_name
    if host.active() and is_bedrock(service):
        return _in_flight.set((service, operation_model.name))
    return None


def _guarded_send(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    # Reached only when no before-send handler (moto's mock_aws, for one) produced a response.
    if is_async:

        async def send_async(self: Any, request: Any) -> Any:
            pending = _in_flight.get()
            if pending is not None and host.active():
                raise _refusal(*pending)
            return await original(self, request)

        return send_async

    def send(self: Any, request: Any) -> Any:
        pending = _in_flight.get()
        if pending is not None and host.active():
            raise _refusal(*pending)
        return original(self, request)

    return send


def _no_instance_metadata(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    if is_async:

        async def load_async(self: Any) -> None:
            return None

        return load_async

    def load(self: Any) -> None:
        """While active, credential lookup never asks the EC2 metadata service (a network call).

        ``AWS_EC2_METADATA_DISABLED`` only reaches sessions created after activation: a session made
        earlier (boto3's default session, typically) has read the environment already.
        """
        return None

    return load


#: botocore's ``Session.create_client`` positional parameters after ``self``
_CREATE_CLIENT_ORDER = (
    "service_name", "region_name", "api_version", "use_ssl", "verify", "endpoint_url", "aws_access_key_id",
    "aws_secret_access_key", "aws_session_token", "config", "aws_account_id",
)


def _credentials_kwargs(
    parameters: tuple[str, ...], session: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """``create_client`` keyword arguments with credentials a Bedrock client under the fake may use
    (``parameters``: the names of ``create_client``'s parameters after ``self``)."""
    named = dict(zip(parameters, args, strict=False))
    named.update(kwargs)
    config = named.get("config")
    service = named.get("service_name")
    if (
        not isinstance(service, str)
        or not is_bedrock(service)
        or named.get("aws_access_key_id") is not None
        or named.get("aws_secret_access_key") is not None
        or (config is not None and getattr(config, "signature_version", None) is botocore.UNSIGNED)
    ):
        return named  # not ours, or keys given in code: used as given
    explicit = explicit_session_credentials(session)
    if explicit is not None:
        named.update(
            aws_access_key_id=explicit.access_key,
            aws_secret_access_key=explicit.secret_key,
            aws_session_token=explicit.token,
        )
    else:
        named.update(
            aws_access_key_id=access_key_for(host.account()),
            aws_secret_access_key="bedrock-fake-secret-key",
            aws_session_token="bedrock-fake-session-token",
        )
    return named


def _fake_credentials_for_bedrock(original: Callable[..., Any], is_async: bool) -> Callable[..., Any]:
    # the names positional arguments bind to (another library's wrapper taking *args maps nothing)
    target = original
    while hasattr(target, "__wrapped__"):  # botocore decorates create_client (with_current_context)
        target = target.__wrapped__
    code = getattr(target, "__code__", None)
    parameters = tuple(code.co_varnames[1 : code.co_argcount]) if code is not None else ()
    if "service_name" not in parameters:  # an opaque wrapper: botocore's documented order
        parameters = _CREATE_CLIENT_ORDER
    if is_async:

        async def create_client_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            if host.active():
                return await original(self, **_credentials_kwargs(parameters, self, args, kwargs))
            return await original(self, *args, **kwargs)

        return create_client_async

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        if host.active():
            return original(self, **_credentials_kwargs(parameters, self, args, kwargs))
        return original(self, *args, **kwargs)

    return create_client


def prefer_sigv4(signing_name: str = "", signature_version: Any = None, **_: Any) -> str | None:
    """``choose-signer``: under the fake, a Bedrock client signs with its (fake) SigV4 credentials, never
    with a bearer token (``AWS_BEARER_TOKEN_BEDROCK`` or an SSO token that would need refreshing)."""
    if (
        host.active()
        and isinstance(signature_version, str)
        and signature_version.startswith("bearer")
        and is_bedrock(signing_name or "")
    ):
        return "v4"
    return None


_SYNC_PATCHES: list[_Patch] = []
_ASYNC_PATCHES: list[_Patch] = []


def _sync_patches() -> list[_Patch]:
    if not _SYNC_PATCHES:
        endpoint = botocore.endpoint.Endpoint
        _SYNC_PATCHES.extend([
            _Patch(time, "sleep", _fast_sleep),
            _Patch(endpoint, "make_request", _guarded_make_request),
            _Patch(endpoint, "_do_get_response", _mark_in_flight),
            _Patch(endpoint, "_send", _guarded_send),
            _Patch(botocore.credentials.InstanceMetadataProvider, "load", _no_instance_metadata),
            _Patch(botocore.session.Session, "create_client", _fake_credentials_for_bedrock),
        ])
    return _SYNC_PATCHES


def _async_patches() -> list[_Patch]:
    """The same guards on aiobotocore's classes (which override the methods patched above)."""
    if not _ASYNC_PATCHES:
        import aiobotocore.credentials
        import aiobotocore.endpoint
        import aiobotocore.session

        endpoint = aiobotocore.endpoint.AioEndpoint
        _ASYNC_PATCHES.extend([
            _Patch(endpoint, "_do_get_response", _mark_in_flight, is_async=True),
            _Patch(endpoint, "_send", _guarded_send, is_async=True),
            _Patch(aiobotocore.credentials.AioInstanceMetadataProvider, "load", _no_instance_metadata, is_async=True),
            _Patch(aiobotocore.session.AioSession, "_create_client", _fake_credentials_for_bedrock, is_async=True),
        ])
    return _ASYNC_PATCHES


_ASYNC_SLEEP: list[_Patch] = []


# --- installing and restoring --------------------------------------------------------------------------
_installed: list[_Patch] = []
_async_installed = False
_async_sleep_installed = False
_saved_environment: dict[str, str | None] = {}


def install() -> None:
    """Patch the process (the first activation; the caller holds the activation lock)."""
    global _async_installed, _async_sleep_installed
    for name, value in _ENVIRONMENT.items():
        _saved_environment[name] = os.environ.get(name)
        os.environ.setdefault(name, value)
    for patch in _sync_patches():
        patch.install()
        _installed.append(patch)
    _async_installed = _async_sleep_installed = False
    ensure_async_patches()


def ensure_async_patches() -> None:
    """Patch ``asyncio.sleep`` and aiobotocore too, once they are imported (idempotent; called again
    when an async call arrives). asyncio is not imported for this: it costs 20 ms, and code that has
    not imported it cannot be sleeping in it."""
    global _async_installed, _async_sleep_installed
    if not _installed:
        return
    if not _async_sleep_installed and "asyncio" in sys.modules:
        if not _ASYNC_SLEEP:
            _ASYNC_SLEEP.append(_Patch(sys.modules["asyncio"], "sleep", _fast_async_sleep))
        _ASYNC_SLEEP[0].install()
        _installed.append(_ASYNC_SLEEP[0])
        _async_sleep_installed = True
    if _async_installed or "aiobotocore.endpoint" not in sys.modules:
        return
    for patch in _async_patches():
        patch.install()
        _installed.append(patch)
    _async_installed = True


def real_async_sleep() -> Callable[..., Any]:
    """``asyncio.sleep`` as it is without a fake (the original while patched)."""
    import asyncio

    if _async_sleep_installed and _ASYNC_SLEEP:
        return _ASYNC_SLEEP[0].original  # type: ignore[no-any-return]
    return asyncio.sleep


def restore() -> None:
    """Put back everything :func:`install` replaced, newest first (the last deactivation)."""
    global _async_installed, _async_sleep_installed
    while _installed:
        _installed.pop().restore()
    _async_installed = _async_sleep_installed = False
    for name, saved in _saved_environment.items():
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
    _saved_environment.clear()
