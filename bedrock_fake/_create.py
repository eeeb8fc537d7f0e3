"""Idempotent creation, owned by the core: replay a known token, check everything, then commit.

A family's create handler is a *plan* function: it checks the request and builds the new record and
the answer, and touches no state. The core runs it between the two halves that every create has:

    replay the answer of a known clientRequestToken (the same token with other parameters: refused)
    refuse a used name (Unique)
    plan = the family's plan function             -- every check; nothing stored yet
    commit: store the record, hold its names, begin its lifecycle, remember the token

so a refused request cannot have changed anything, by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._choices import Choice, choice
from ._data import clone
from ._lifecycle import Tracked
from ._names import NameSpace
from ._store import Resource
from .errors import ServiceError, shown

if TYPE_CHECKING:
    from ._family import Family
    from ._operations import Handler
    from ._request import Request

R = TypeVar("R", bound=Resource)

TOKEN_MISMATCH_CODE = choice(
    "TOKEN_MISMATCH_CODE",
    "ConflictException",
    "error for a `clientRequestToken` reused with different parameters (token scope: operation + account + "
    "region); `ValidationException` where the operation models no conflict (CreateModelCopyJob, "
    "CreateProvisionedModelThroughput)",
    section="Idempotency",
    ref="§1.3",
)


@dataclass
class Plan(Generic[R]):
    """What a create will do once every check has passed."""

    record: R
    output: dict[str, Any]
    #: names ``set_outcome`` may have used for the new resource before it existed (default: its name)
    names: tuple[str, ...] = ()
    #: what a replayed token compares (default: the request's params)
    spec: dict[str, Any] | None = None


@dataclass(frozen=True)
class Unique:
    """The request member that names the new resource must be free among the family's resources
    (and in ``space``, which counts names running jobs hold)."""

    member: str
    code: Choice[str]
    message: Callable[[str], str]
    space: NameSpace | None = None

    def check(self, request: Request, family: Family[Any]) -> None:
        name = request.params[self.member]
        taken = family.store(request).by_name(name) is not None
        if not taken and self.space is not None:
            taken = self.space.taken(request.region, name)
        if taken:
            raise ServiceError(request.code_if_modeled(self.code.value), self.message(shown(name)))


def replay(request: Request, spec: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The earlier answer to this request's ``clientRequestToken``, or None if it is new (``spec``: the params
    as :func:`remember` stored them, when the handler normalises them, e.g. an identifier given as id or ARN)."""
    token = request.params.get("clientRequestToken")
    if token is None:
        return None
    seen = request.region.tokens.get(request.operation, {}).get(token)
    if seen is None:
        return None
    if seen[0] != (request.params if spec is None else spec):
        raise ServiceError(
            request.code_if_modeled(TOKEN_MISMATCH_CODE.value),
            f"The clientRequestToken '{shown(token)}' was already used for a different {request.operation} request.",
        )
    flat = seen[1:]
    return clone(dict(zip(flat[::2], flat[1::2], strict=True)))  # type: ignore[no-any-return]


def remember(request: Request, spec: dict[str, Any], output: dict[str, Any]) -> None:
    """Record the answer to this request's ``clientRequestToken`` (``spec``: the params as stored)."""
    token = request.params.get("clientRequestToken")
    if token is not None:
        # Stored flat, (spec, key1, value1, ...): one small tuple per create (memory per resource).
        flat = [v for item in clone(output).items() for v in item]
        request.region.tokens.setdefault(request.operation, {})[token] = (spec, *flat)


def commit(request: Request, family: Family[R], plan: Plan[R]) -> None:
    """Make a planned creation happen (every check has passed)."""
    record = plan.record
    request.region.store(family.kind).add(record)
    family.hold_names(request.region, record)
    lifecycle = family.lifecycle
    if lifecycle is not None and isinstance(record, Tracked) and record.timeline is not None:
        lifecycle.begin(request, family, record, plan.names or (record.name,))
    remember(request, plan.spec if plan.spec is not None else clone(request.params), plan.output)


def create_handler(family: Family[R], plan_of: Callable[[Request], Plan[R]], unique: Unique | None) -> Handler:
    """The handler of a create operation whose checks and record ``plan_of`` makes."""

    def create(request: Request) -> dict[str, Any]:
        replayed = replay(request)
        if replayed is not None:
            return replayed
        if unique is not None:
            unique.check(request, family)
        plan = plan_of(request)
        commit(request, family, plan)
        return plan.output

    create.__name__ = create.__qualname__ = plan_of.__name__
    create.__doc__ = plan_of.__doc__
    return create
