"""Exceptions of the fake itself (misuse, unsupported calls) and the service error it answers with."""

from __future__ import annotations

from typing import Any


class BedrockFakeError(Exception):
    """Base class of errors raised by bedrock_fake about its own use (never an AWS error)."""


class OperationNotImplementedError(BedrockFakeError, NotImplementedError):
    """A Bedrock operation that bedrock_fake does not serve yet was called while a fake was active."""


class UnservedRequestError(BedrockFakeError):
    """A Bedrock request was about to leave the process while a fake was active (see the message)."""


class ServiceError(Exception):
    """An AWS error answer: raised inside handlers, turned into the modeled botocore ``ClientError``.

    ``code`` is the modeled error code (``ValidationException``, ``ResourceNotFoundException`` ...);
    ``extra`` holds modeled members beyond ``message`` (``resourceName`` for TooManyTagsException).
    """

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.extra = extra


#: The longest piece of a caller's input an error message repeats (a 10 MB identifier is not echoed whole).
SHOWN_LIMIT = 256


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``value`` as an error message repeats it: at most ``limit`` characters, a cut one marked as such."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}...({len(text) - limit} more characters)"


def validation(message: str) -> ServiceError:
    """A ``ValidationException`` with ``message``."""
    return ServiceError("ValidationException", message)


def validation_errors(problems: list[str]) -> ServiceError:
    """One ``ValidationException`` for every problem found, in the service framework's grammar
    (``2 validation errors detected: Value 'x' at 'a' failed to satisfy constraint: ...; Value ...``)."""
    count = len(problems)
    head = "1 validation error detected: " if count == 1 else f"{count} validation errors detected: "
    return ServiceError("ValidationException", head + "; ".join(problems))


def not_found(message: str) -> ServiceError:
    """A ``ResourceNotFoundException`` with ``message``."""
    return ServiceError("ResourceNotFoundException", message)


def conflict(message: str) -> ServiceError:
    """A ``ConflictException`` with ``message``."""
    return ServiceError("ConflictException", message)
