"""The wire side: turn handler outputs and service errors into what botocore's client expects.

The interceptor answers at ``before-call``, so botocore never parses a response: we hand it the
``(http_response, parsed)`` pair its rest-json parser would have produced. Successes are built
directly (a conformance test round-trips each operation's answer through botocore's parser); errors
go through botocore's own parser, so ``ClientError.response`` is exactly what AWS would give.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import random
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.parsers import RestJSONParser

from ._botocore_adapter import success_response
from .errors import ServiceError

_PARSER = RestJSONParser()
_ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/"


def _request_id_prefix() -> str:
    h = f"{random.Random().getrandbits(80):020x}"
    return f"{h[:8]}-{h[8:12]}-4{h[12:15]}-{'89ab'[int(h[15], 16) & 3]}{h[16:19]}-"


#: Request ids look like AWS's (version-4 UUID strings) and are unique in the process: a random head
#: per process, then a counter from a random start (a fresh ``uuid4()`` per call costs a microsecond).
_REQUEST_ID_HEAD = _request_id_prefix()
_request_counter = itertools.count(random.Random().getrandbits(47))


def _request_id() -> str:
    """A request id like AWS's (a version-4 UUID string), never repeated within the process."""
    return f"{_REQUEST_ID_HEAD}{next(_request_counter) & 0xFFFF_FFFF_FFFF:012x}"


_SECOND = _dt.timedelta(seconds=1)
#: the second the last ``date`` header was made for: [start, end) and its text
_NEVER = _dt.datetime.max.replace(tzinfo=_dt.timezone.utc)
_last_date: tuple[_dt.datetime, _dt.datetime, str] = (_NEVER, _NEVER, "")


def _http_date(now: _dt.datetime) -> str:
    """The ``date`` header for ``now`` (formatted once per second: calls come far more often)."""
    global _last_date
    start, end, text = _last_date
    if start <= now < end:
        return text
    start = now.replace(microsecond=0)
    text = now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    _last_date = (start, start + _SECOND, text)
    return text


#: The longest error message answered (a message that repeats a huge input keeps its head and tail).
MAX_MESSAGE = 4096


def _bounded(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    head, tail = MAX_MESSAGE - 512, 256  # the rest of the budget holds the marker
    return f"{message[:head]}...({len(message) - head - tail} more characters)...{message[-tail:]}"


def success(
    operation_model: Any, output: dict[str, Any], now: _dt.datetime, url: str
) -> tuple[AWSResponse, dict[str, Any]]:
    """The pair botocore returns for a successful call (``output`` becomes the parsed response)."""
    request_id = _request_id()
    status = operation_model.http.get("responseCode", 200)
    date = _http_date(now)
    headers = {
        "date": date,
        "content-type": "application/json",
        "connection": "keep-alive",
        "x-amzn-requestid": request_id,
    }
    output["ResponseMetadata"] = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return success_response(url, status, date, request_id), output


def error_status(operation_model: Any, code: str) -> int:
    """The HTTP status the service model gives error ``code`` (400 for codes it does not know)."""
    shape = operation_model.service_model.shape_for_error_code(code)
    if shape is None:
        return 400
    return int(shape.metadata.get("error", {}).get("httpStatusCode", 400))


def failure(
    operation_model: Any, error: ServiceError, now: _dt.datetime, url: str
) -> tuple[AWSResponse, dict[str, Any]]:
    """The pair botocore returns for an error answer, produced by botocore's own rest-json parser."""
    request_id = _request_id()
    status = error_status(operation_model, error.code)
    body = json.dumps({"message": _bounded(error.message), **error.extra}).encode()
    headers = {
        "date": _http_date(now),
        "content-type": "application/json",
        "content-length": str(len(body)),
        "connection": "keep-alive",
        "x-amzn-requestid": request_id,
        "x-amzn-errortype": error.code + _ERROR_TYPE_SUFFIX,
    }
    raw = {"status_code": status, "headers": headers, "body": body}
    parsed: dict[str, Any] = _PARSER.parse(raw, operation_model.output_shape)
    # What botocore's endpoint adds for modeled errors: their members at the top level.
    error_shape = operation_model.service_model.shape_for_error_code(error.code)
    if error_shape is not None:
        parsed.update(_PARSER.parse(raw, error_shape))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return AWSResponse(url, status, headers, None), parsed
