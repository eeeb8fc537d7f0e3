"""The family contract: a resource family declares what it is; the core does the rest.

A family module makes one :class:`Family` per resource kind it owns, declaring its record type, its
identity (the kind, the ARN resource type and whether names identify it), its lifecycle (a
:class:`~bedrock_fake._lifecycle.Lifecycle`), the names its running jobs hold (``holds``) and what its
resources use of other families' (``uses``, for in-use checks). It then registers one handler per
operation with the family's decorators (:meth:`Family.creates`, :meth:`Family.lists`, or the plain
``_operations.operation``), which take get-or-404, idempotent creation, outcomes, pagination and tags
off its hands. Every declaration lands in the registries below, which ``set_outcome``, tags,
identifier resolution and the in-use checks read.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._arns import parse_arn
from ._create import Plan, Unique, create_handler
from ._lifecycle import Lifecycle
from ._names import Hold
from ._operations import Handler, operation
from ._pagination import filters, paginate
from ._references import Uses
from ._registry import RegionState, Registry
from ._store import Resource, Store
from .errors import ServiceError, not_found, shown

if TYPE_CHECKING:
    from ._request import Request

R = TypeVar("R", bound=Resource)

#: kind -> family (``set_outcome``'s ``kind=``, durations, stores)
FAMILIES: dict[str, Family[Any]] = {}
#: ARN resource type (``custom-model``) -> family (tags, resource lookup by ARN)
ARN_TYPES: dict[str, Family[Any]] = {}
#: ``listener(region, family, record)``: a resource left its store (what other modules keep of it goes)
Gone = Callable[[RegionState, "Family[Any]", Any], None]
_ON_GONE: list[Gone] = []


def on_gone(listener: Gone) -> Gone:
    """Register ``listener(region, family, record)``, called whenever a resource is removed from its store by a
    deletion (``delete_now``, or the end of ``delete_later``): side tables keyed by its ARN drop it there."""
    _ON_GONE.append(listener)
    return listener


class Family(Generic[R]):
    """One resource kind, as its module declares it (see the module docstring)."""

    def __init__(
        self,
        kind: str,
        what: str,
        *,
        arn_type: str | None = None,
        taggable: bool = False,
        by_name: bool = True,
        lifecycle: Lifecycle | None = None,
        holds: tuple[Hold, ...] = (),
        uses: tuple[Uses, ...] = (),
        finder: Callable[[Request, str], R | None] | None = None,
        resource_policy: bool = False,
    ) -> None:
        if kind in FAMILIES:
            raise ValueError(f"the resource kind {kind} is declared twice")
        self.kind = kind  # snake_case of the resource: store, durations, outcomes
        self.what = what  # "model customization job": for messages
        self.arn_type = arn_type
        self.taggable = taggable
        self.by_name = by_name
        self.lifecycle = lifecycle
        self.holds = holds
        self.uses = uses
        self._finder = finder
        self.resource_policy = resource_policy  # Put/Get/DeleteResourcePolicy accept its ARNs
        FAMILIES[kind] = self
        if arn_type is not None:
            ARN_TYPES[arn_type] = self

    def __repr__(self) -> str:
        return f"Family({self.kind!r})"

    # --- finding resources ------------------------------------------------------------------------------
    def store(self, request: Request) -> Store[R]:
        """The caller's store of this kind."""
        return request.region.store(self.kind)

    def find(self, request: Request, identifier: str, *, own: bool = False) -> R | None:
        """The resource named by ``identifier`` (ARN, or name where names identify) that the caller may
        read, or None; ``own``: only the caller's own (not one the family's finder adds, e.g. shared)."""
        if self._finder is not None and not own:
            return self._finder(request, identifier)
        store = request.region.store(self.kind)
        found: R | None = store.find(identifier) if self.by_name else store.by_arn(identifier)
        return found

    def get(self, request: Request, identifier: str, *, own: bool = False) -> R:
        """:meth:`find`, or ResourceNotFoundException naming what was looked for."""
        found = self.find(request, identifier, own=own)
        if found is None:
            raise not_found(f"Could not find {self.what} {shown(identifier)}.")
        return found

    # --- the lifecycle's side --------------------------------------------------------------------------
    @property
    def outcomes(self) -> tuple[str, ...]:
        """The ends ``set_outcome`` may choose for this kind (none without a lifecycle)."""
        return self.lifecycle.outcomes if self.lifecycle is not None else ()

    def apply_outcome(self, request: Request, record: Any, status: str, message: str | None) -> bool:
        """``set_outcome`` on one of this kind's live resources (False: its end is already decided)."""
        if self.lifecycle is None:
            return False
        return self.lifecycle.apply_outcome(request, self, record, status, message)

    def _lifecycle(self) -> Lifecycle:
        if self.lifecycle is None:
            raise TypeError(f"{self.kind} has no lifecycle")
        return self.lifecycle

    def stop(self, request: Request, record: Any) -> None:
        """A Stop operation on ``record`` (refused with a conflict unless it is in a stoppable status)."""
        self._lifecycle().stop(request, self, record)

    def update(self, request: Request, record: Any, names: tuple[str, ...] = (), status: str | None = None) -> None:
        """Start an update of ``record`` now (``updating``, or ``status`` of the lifecycle's ``other_updates``,
        for the duration, then an end)."""
        self._lifecycle().update(request, self, record, names or (record.name,), status)

    def delete_later(self, request: Request, record: Any) -> None:
        """Start deleting ``record`` now (``deleting`` for the deletion duration, then gone), refused (the
        in-use error) while anything uses it."""
        refuse_if_used(request, self.kind, record)
        self._lifecycle().delete_later(request, self, record)

    def fire(self, at: _dt.datetime, region: RegionState, record: Any) -> None:
        """Scheduler event: a resource of this kind reached (or was planned to reach) an end."""
        if self.lifecycle is not None:
            self.lifecycle.fire(at, region, self, record)

    def vanish(self, at: _dt.datetime, region: RegionState, record: Any) -> None:
        """Scheduler event: a deletion in progress is over, unless the resource left Deleting since."""
        lifecycle = self.lifecycle
        timeline = getattr(record, "timeline", None)
        if lifecycle is None or timeline is None or timeline[-1] != lifecycle.deleting:
            return
        store = region.store(self.kind)
        if store.by_arn(record.arn) is record:
            self._remove(region, record)

    def delete_now(self, request: Request, record: R) -> None:
        """A delete that takes effect at once, refused (the in-use error) while anything uses ``record``."""
        refuse_if_used(request, self.kind, record)
        self._remove(request.region, record)

    def _remove(self, region: RegionState, record: Any) -> None:
        region.store(self.kind).remove(record)
        for listener in _ON_GONE:
            listener(region, self, record)

    def hold_names(self, region: RegionState, record: Any) -> None:
        for hold in self.holds:
            hold.space.hold(region, hold.name_of(record), record.arn)

    def release_names(self, region: RegionState, record: Any) -> None:
        for hold in self.holds:
            hold.space.release(region, hold.name_of(record), record.arn)

    # --- handlers ------------------------------------------------------------------------------------
    def creates(
        self, name: str, *, unique: Unique | None = None
    ) -> Callable[[Callable[[Request], Plan[R]]], Handler]:
        """Register the decorated *plan* function as the create operation ``name``.

        The plan function checks the request and builds the new record and the answer, touching no
        state; the core replays a known ``clientRequestToken``, refuses a used name (``unique``), then
        commits the plan: stores the record, holds its names, begins its lifecycle, remembers the token.
        """
        def register(plan: Callable[[Request], Plan[R]]) -> Handler:
            return operation(name)(create_handler(self, plan, unique))

        return register

    def lists(
        self,
        name: str,
        member: str,
        summary: Callable[[R, _dt.datetime], dict[str, Any]] | None = None,
        *,
        equals: dict[str, Callable[[R], Any]] | None = None,
        status_member: str = "statusEquals",
        name_member: str = "nameContains",
        time_members: tuple[str, str] = ("creationTimeAfter", "creationTimeBefore"),
        page: Callable[[Sequence[R], _dt.datetime], list[dict[str, Any]]] | None = None,
    ) -> Handler:
        """Register list operation ``name``: the caller's resources of this kind, as ``summary`` shows
        each (or ``page`` shows a page of them at once), with the status, name, creation-time and
        ``equals`` filters, sorted and paginated."""
        if page is not None:
            show_page = page
        elif summary is not None:
            show = summary

            def show_page(items: Sequence[R], now: _dt.datetime) -> list[dict[str, Any]]:
                return [show(item, now) for item in items]
        else:
            raise TypeError(f"{name} declares neither a summary nor a page")

        def list_handler(request: Request) -> dict[str, Any]:
            now = request.now
            store = request.region.store(self.kind)
            match = filters(request.params, now, equals=equals, status_member=status_member, name_member=name_member)
            return paginate(request, store.keys, store.items, member, None, match, time_members,
                            render_page=lambda items: show_page(items, now))

        list_handler.__name__ = list_handler.__qualname__ = f"list_{self.kind}s"
        return operation(name)(list_handler)


# --- resources by ARN, whatever their family ------------------------------------------------------------
def family_of_arn(arn: str) -> Family[Any] | None:
    """The family whose resources have ARNs of this resource type."""
    parts = parse_arn(arn)
    return ARN_TYPES.get(parts.resource_type) if parts is not None else None


def stored_by_arn(registry: Registry, arn: str) -> Any:
    """The resource an ARN names, in whichever account and region of ``registry`` holds it, or None."""
    parts = parse_arn(arn)
    family = ARN_TYPES.get(parts.resource_type) if parts is not None else None
    if parts is None or family is None:
        return None
    region = registry.existing(parts.account, parts.region)
    return region.store(family.kind).by_arn(arn) if region is not None else None


def resource_by_arn(request: Request, arn: str, *, anywhere: bool = False) -> Any:
    """The resource an ARN names: the caller's (or, with ``anywhere``, in any account and region)."""
    if not anywhere:
        parts = parse_arn(arn)
        if parts is None or parts.account != request.account_id or parts.region != request.region_name:
            return None
    return stored_by_arn(request.registry, arn)


def outcome_families(kind: str | None) -> Iterable[Family[Any]]:
    """The families ``set_outcome`` may aim at (``kind`` narrows to one)."""
    if kind is not None:
        return [FAMILIES[kind]]
    return [family for family in FAMILIES.values() if family.outcomes]


def refuse_if_used(request: Request, kind: str, used: Any) -> None:
    """Raise the in-use error if any resource of any family uses ``used`` (a resource of ``kind``)."""
    now = request.now
    for family in FAMILIES.values():
        for uses in family.uses:
            if uses.kind != kind:
                continue
            regions = request.registry.regions() if uses.everywhere else [request.region]
            for region in regions:
                for user in region.store(family.kind).items:
                    if used.arn in uses.arns(user, now):
                        raise ServiceError(request.code_if_modeled(uses.error_code), uses.message(request, user, used))
