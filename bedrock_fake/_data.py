"""Small helpers for JSON-like request and response data."""

from __future__ import annotations

from typing import Any

_NESTED = (dict, list, tuple)


def clone(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars): stored state never aliases caller data."""
    cls = type(value)
    if cls is dict:  # scalars are kept as they are, without a call each
        return {k: clone(v) if type(v) in _NESTED else v for k, v in value.items()}
    if cls is list or cls is tuple:
        return [clone(v) if type(v) in _NESTED else v for v in value]
    return value


def compact(**members: Any) -> dict[str, Any]:
    """The given members minus those that are ``None`` (absent members are omitted, never null)."""
    return {k: v for k, v in members.items() if v is not None}
