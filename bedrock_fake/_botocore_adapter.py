"""The one place that reads botocore's (and aiobotocore's) private attributes.

botocore gives an event handler at ``before-call`` the client's request signer, but no public way to
ask it which credentials it holds or which event emitter its client uses; sessions keep resolved
credentials privately too. Everything the fake needs of those lives here, read defensively (a
missing attribute means "unknown", never a crash), so that a botocore release that renames one
breaks one small module.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.awsrequest import AWSResponse, HeadersDict, _HeaderKey

_FAKE_KEY = re.compile(r"AKIAFAKE([0-9]{12})")
#: emitter class -> whether its ``emit`` returns a coroutine (aiobotocore's)
_ASYNC_EMITTERS: dict[type, bool] = {}


def access_key_for(account_id: str) -> str:
    """The access key id ``credentials_for`` hands out for ``account_id``."""
    return f"AKIAFAKE{account_id}"


#: access key -> the account it stands for (None: not a fake key); keys are few, calls many
_ACCOUNT_OF_KEY: dict[str, str | None] = {}


def account_of_key(access_key: object) -> str | None:
    """The account a fake access key stands for, or None for any other key."""
    if not isinstance(access_key, str):
        return None
    try:
        return _ACCOUNT_OF_KEY[access_key]
    except KeyError:
        found = _FAKE_KEY.fullmatch(access_key)
        account = found.group(1) if found else None
        if len(_ACCOUNT_OF_KEY) < 1024:  # bounded: a process that rotates keys must not grow it forever
            _ACCOUNT_OF_KEY[access_key] = account
        return account


def stored_access_key(credentials: Any) -> object:
    """The access key a credentials object holds, read without triggering a refresh.

    Refreshable credentials keep it in ``_access_key``; reading ``access_key`` would refresh them,
    which can run ``credential_process`` or call SSO.
    """
    try:
        attrs = vars(credentials)
    except TypeError:
        return None
    return attrs.get("access_key") or attrs.get("_access_key")


def caller_account(signer: Any, default: str) -> str:
    """The account a client acts as: the one encoded in fake credentials, else ``default``."""
    credentials = getattr(signer, "_credentials", None)
    if credentials is None:
        return default
    return account_of_key(stored_access_key(credentials)) or default


def client_emitter(signer: Any) -> Any:
    """The event emitter of the client that owns ``signer`` (its retry handlers live there)."""
    return getattr(signer, "_event_emitter", None)


def is_async(emitter: Any) -> bool:
    """Whether ``emitter`` belongs to an aiobotocore client (its ``emit`` must be awaited)."""
    # The signer holds a weakref proxy (type() would say ProxyType) to botocore's EventAliaser, which
    # wraps the session's emitter: aiobotocore's returns coroutines from emit() (it is not a coroutine
    # function itself), and its module tells it apart.
    inner = getattr(emitter, "_emitter", emitter)
    kind = inner.__class__
    found = _ASYNC_EMITTERS.get(kind)
    if found is None:
        found = _ASYNC_EMITTERS[kind] = kind.__module__.split(".", 1)[0] == "aiobotocore"
    return found


def explicit_session_credentials(session: Any) -> Any:
    """Credentials set on a session in code (``boto3.Session(aws_access_key_id=...)``), else None.

    Credentials the session resolved from the environment, files, ``credential_process``, SSO or
    instance metadata are not explicit: their ``method`` names the provider.
    """
    credentials = getattr(session, "_credentials", None)
    if credentials is None or getattr(credentials, "method", None) != "explicit":
        return None
    if hasattr(credentials, "refresh_needed"):  # refreshable: not a fixed key given in code
        return None
    return credentials


# --- responses ---------------------------------------------------------------------------------------
# botocore's AWSResponse copies its headers into a case-insensitive HeadersDict key by key, which is a
# sixth of the fake's own time per call. The success headers always have the same four names, so their
# keys are made once and the dict is filled directly (checked once against botocore's own constructor;
# if a release stores headers differently, the plain constructor is used).
_SUCCESS_HEADERS = ("date", "content-type", "connection", "x-amzn-requestid")


def _fast_response_works() -> bool:
    try:
        made = _fast_success_response("u", 200, "d", "r")
        plain = AWSResponse("u", 200, dict(zip(_SUCCESS_HEADERS, ("d", "application/json", "keep-alive", "r"),
                                               strict=True)), None)
        same = {k: v for k, v in vars(made).items() if k != "headers"} == {
            k: v for k, v in vars(plain).items() if k != "headers"
        }
        return same and made.headers == plain.headers and made.headers["Date"] == "d"
    except Exception:  # any difference means: use the public constructor
        return False


def _fast_success_response(url: str, status: int, date: str, request_id: str) -> AWSResponse:
    headers = HeadersDict.__new__(HeadersDict)
    headers._dict = {_DATE: date, _CONTENT_TYPE: "application/json", _CONNECTION: "keep-alive", _REQUEST_ID: request_id}
    response = AWSResponse.__new__(AWSResponse)
    response.url, response.status_code, response.headers, response.raw = url, status, headers, None
    response._content = None
    return response


def success_response(url: str, status: int, date: str, request_id: str) -> AWSResponse:
    """botocore's HTTP response for a success with the fake's four headers (as ``AWSResponse(...)``)."""
    if _FAST:
        return _fast_success_response(url, status, date, request_id)
    values = (date, "application/json", "keep-alive", request_id)
    return AWSResponse(url, status, dict(zip(_SUCCESS_HEADERS, values, strict=True)), None)


_DATE, _CONTENT_TYPE, _CONNECTION, _REQUEST_ID = (_HeaderKey(name) for name in _SUCCESS_HEADERS)
_FAST = _fast_response_works()
