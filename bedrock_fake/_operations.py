"""The contract between the core and the resource modules.

A resource module registers one handler per Bedrock operation with :func:`operation`, and describes
each resource kind it owns (its lifecycle outcomes) with :func:`register_kind`. A handler receives a
:class:`Request` and returns the operation's output as botocore would parse it, or raises
:class:`~bedrock_fake.errors.ServiceError`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _behaviour
from ._arns import bedrock_arn, new_id
from ._conformance import allowed_error
from ._data import clone
from ._lifecycle import Scheduler
from ._registry import RegionState, Registry
from ._store import Store
from .errors import ServiceError, shown

if TYPE_CHECKING:
    from ._backend import Backend

Handler = Callable[["Request"], dict[str, Any]]

#: operation name (PascalCase, as in the service model) -> handler
HANDLERS: dict[str, Handler] = {}


@dataclass(frozen=True)
class ResourceKind:
    """A resource kind whose lifecycle the user can steer with ``set_duration``/``set_outcome``.

    ``outcomes`` are the end states ``set_outcome`` accepts (the first is the success state);
    ``apply_outcome(request, resource, status, message)`` rewrites a live resource's end state and
    returns False if the resource has already finished.
    """

    name: str
    outcomes: tuple[str, ...]
    apply_outcome: Callable[[Request, Any, str, str | None], bool]


KINDS: dict[str, ResourceKind] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of Bedrock operation ``name``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


def register_kind(kind: ResourceKind) -> None:
    """Make ``kind`` known to ``set_outcome`` (its store key is ``kind.name``)."""
    KINDS[kind.name] = kind


_loaded = False


def load_resources() -> None:
    """Import every resource module once, so that their handlers are registered."""
    global _loaded
    if _loaded:
        return
    from . import _tags, resources

    del _tags  # imported for its handlers
    for info in pkgutil.iter_modules(resources.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{resources.__name__}.{info.name}")
    _loaded = True


@functools.lru_cache(maxsize=256)
def _timedelta(seconds: float) -> _dt.timedelta:
    # One shared object per duration: every job of a kind refers to it instead of holding its own.
    return _dt.timedelta(seconds=seconds)


class Request:
    """One request as a handler sees it: who calls, where, when, with what, and the fake's state."""

    __slots__ = ("account_id", "backend", "now", "operation", "params", "region")

    def __init__(
        self, backend: Backend, operation: str, params: dict[str, Any], region: RegionState, now: _dt.datetime
    ) -> None:
        self.backend = backend
        self.operation = operation
        self.params = params
        self.region = region
        self.account_id = region.account_id
        self.now = now

    # --- where -------------------------------------------------------------------------------------
    @property
    def region_name(self) -> str:
        """The caller's region."""
        return self.region.region

    @property
    def partition(self) -> str:
        """The caller's partition (``aws``, ``aws-cn``, ...)."""
        return self.region.partition

    @property
    def registry(self) -> Registry:
        """All accounts and regions (for cross-region and cross-account work)."""
        return self.backend.registry

    @property
    def scheduler(self) -> Scheduler:
        """Where transition side effects are scheduled."""
        return self.backend.scheduler

    @property
    def rng(self) -> random.Random:
        """The fake's random source (resource ids, metrics)."""
        return self.backend.rng

    def store(self, kind: str) -> Store[Any]:
        """The caller's store of one resource family."""
        return self.region.store(kind)

    def arn(self, resource: str) -> str:
        """An ARN in the caller's partition, region and account."""
        return bedrock_arn(self.region.partition, self.region.region, self.region.account_id, resource)

    def new_id(self) -> str:
        """A fresh 12-character resource id."""
        return new_id(self.backend.rng)

    # --- lifecycle ---------------------------------------------------------------------------------
    def duration(self, kind: str) -> _dt.timedelta:
        """How long ``kind`` takes, as set with ``set_duration`` (or the documented default)."""
        return _timedelta(self.backend.durations[kind])

    def take_outcome(self, kind: str, *names: str) -> tuple[str, str | None] | None:
        """The end state chosen with ``set_outcome`` for a new resource of ``kind``, if any (used once)."""
        return self.backend.take_outcome(kind, names)

    def code_if_modeled(self, code: str) -> str:
        """``code`` if this operation's model lists it, else ``ValidationException`` (which every
        operation can answer): for choices such as "a conflict" that some operations do not model."""
        model = self.backend.service_model().operation_model(self.operation)
        return code if allowed_error(model, code) else "ValidationException"

    # --- idempotency -------------------------------------------------------------------------------
    def replay(self) -> dict[str, Any] | None:
        """The earlier answer to this request's ``clientRequestToken``, or None if it is new.

        The same token with different parameters is refused (code chosen in ``_behaviour``).
        """
        token = self.params.get("clientRequestToken")
        if token is None:
            return None
        seen = self.region.tokens.get(self.operation, {}).get(token)
        if seen is None:
            return None
        if seen[0] != self.params:
            raise ServiceError(
                self.code_if_modeled(_behaviour.TOKEN_MISMATCH_CODE),
                f"The clientRequestToken '{shown(token)}' was already used for a different {self.operation} "
                "request.",
            )
        flat = seen[1:]
        return clone(dict(zip(flat[::2], flat[1::2], strict=True)))  # type: ignore[no-any-return]

    def remember(self, spec: dict[str, Any], output: dict[str, Any]) -> None:
        """Record the answer to this request's ``clientRequestToken`` (``spec``: the stored params)."""
        token = self.params.get("clientRequestToken")
        if token is not None:
            # Stored flat, (spec, key1, value1, ...): one small tuple per create (memory per resource).
            flat = [v for item in clone(output).items() for v in item]
            self.region.tokens.setdefault(self.operation, {})[token] = (spec, *flat)

