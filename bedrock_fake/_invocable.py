"""One resolver for "something you can invoke": a foundation model (by id or ARN), a system inference
profile (``us.``/``eu.``/``apac.``/``global.`` ids and their ARNs), a provisioned model, a custom model,
an imported model, and, as their families arrive, application inference profiles, custom model
deployments and prompt routers.

Each family that owns invocable resources registers a resolver with :func:`resolver`; a family or the
runtime that takes a model identifier asks :func:`resolve`, and gets an :class:`Invocable` saying what
the identifier names, or None. Nothing here knows the families.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._request import Request


@dataclass(frozen=True)
class Invocable:
    """What an identifier names: its ARN resource type (``foundation-model``, ``inference-profile``,
    ``provisioned-model``, ``custom-model``, ``imported-model``...), its ARN, the foundation model behind
    it where there is one (a catalog id), and the stored record where there is one."""

    arn_type: str
    arn: str
    model_id: str | None = None
    record: Any = None


Resolver = Callable[["Request", str], "Invocable | None"]
_RESOLVERS: list[Resolver] = []


def resolver(function: Resolver) -> Resolver:
    """Register a resolver: given the caller's request and an identifier, what it names, or None."""
    _RESOLVERS.append(function)
    return function


def resolve(request: Request, identifier: str) -> Invocable | None:
    """What ``identifier`` names for the caller, asking every registered resolver in turn."""
    for function in _RESOLVERS:
        found = function(request, identifier)
        if found is not None:
            return found
    return None
