"""Helpers the fuzz and concurrency suites share: a comparable snapshot of a fake's whole world.

Generic over families: every resource in every store of every account and region, with every slot
of its record (caches excepted), plus idempotency tokens, family side tables and pending outcomes.
A new family is covered without an edit here.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from bedrock_fake import BedrockFake

#: record slots that cache derived values (they may change on a read; they are not state)
_CACHES = ("progress", "_cache", "summary_cache")


_SLOTS: dict[type, list[str]] = {}


def _slots(value: Any) -> list[str]:
    found = _SLOTS.get(type(value))
    if found is not None:
        return found
    names: list[str] = []
    for klass in type(value).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if name not in names and not any(name == c or name.endswith(c) for c in _CACHES):
                names.append(name)
    _SLOTS[type(value)] = names
    return names


def normalise(value: Any, depth: int = 0) -> Any:
    """``value`` as plain, comparable data (records by their slots, resources inside records by ARN)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): normalise(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(normalise(v, depth + 1)) for v in value)
    if depth > 0 and hasattr(value, "arn") and hasattr(value, "seq"):
        return f"<resource {value.arn}>"  # a reference to another stored resource
    slots = _slots(value)
    if slots and depth < 8:
        return {name: normalise(getattr(value, name, None), depth + 1) for name in slots}
    return repr(value)


def snapshot(fake: BedrockFake) -> Any:
    """The fake's whole world, settled at its current time, as comparable data."""
    fake.now()  # apply what is due first: a snapshot is of a settled world
    backend = fake._backend
    with backend.lock:
        world: dict[str, Any] = {"outcomes": normalise(backend.outcomes)}
        world["shared"] = {t.what: normalise(v) for t, v in backend.registry.tables.items() if v}
        for region in backend.registry.regions():
            # Reads create empty stores and region states on first use: those hold nothing, so they
            # are left out (a read that created one changed nothing a user can see).
            state = {
                "stores": {
                    kind: [normalise(resource) for resource in store.items]
                    for kind, store in sorted(region.stores.items())
                    if len(store)
                },
                "tokens": {op: normalise(tokens) for op, tokens in region.tokens.items() if tokens},
                "tables": {t.what: normalise(value) for t, value in region.tables.items() if value},
            }
            if any(state.values()):
                world[f"{region.account_id}/{region.region}"] = state
        return world


def resource_counts(fake: BedrockFake) -> dict[str, int]:
    """How many resources each store holds, over every account and region."""
    counts: dict[str, int] = {}
    for region in fake._backend.registry.regions():
        for kind, store in region.stores.items():
            counts[kind] = counts.get(kind, 0) + len(store)
    return counts
