"""botocore's Bedrock service model, loaded once, and what the fake asks of it.

The installed botocore decides the API the fake serves: members added in newer releases are answered
only when the installed model has them (an older client's parser would drop them anyway, and strict
mode would flag them as members the shape lacks).
"""

from __future__ import annotations

import functools
from typing import Any

_model: Any = None


def service_model() -> Any:
    """botocore's Bedrock service model (loaded on first use)."""
    global _model
    if _model is None:
        import botocore.session

        _model = botocore.session.get_session().get_service_model("bedrock")
    return _model


@functools.lru_cache(maxsize=256)
def has_member(shape_name: str, member: str) -> bool:
    """Whether the installed model's shape ``shape_name`` has ``member``."""
    try:
        shape = service_model().shape_for(shape_name)
    except Exception:  # botocore raises NoShapeFoundError for a shape this release lacks
        return False
    return member in getattr(shape, "members", {})


@functools.lru_cache(maxsize=256)
def enum_values(shape_name: str) -> frozenset[str]:
    """The installed model's enum values of ``shape_name`` (empty if it has none or no such shape)."""
    try:
        shape = service_model().shape_for(shape_name)
    except Exception:
        return frozenset()
    return frozenset(shape.enum or ())
