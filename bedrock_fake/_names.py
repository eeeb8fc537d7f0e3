"""Name spaces: names that must be unique in an account and region, counting names running jobs hold.

A customization job holds the name of the custom model it will produce; an import job the name of its
imported model. A :class:`NameSpace` is declared once, by the family whose resources carry the names;
families whose running jobs will produce such a resource declare a :class:`Hold` on it, and the core
takes the name at creation and gives it back when the job ends (on any end), exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._registry import RegionState, Table
from .errors import ServiceError, shown

if TYPE_CHECKING:
    from ._request import Request


class NameSpace:
    """Names unique per account and region: those of the stored ``kind``'s resources, and those held."""

    __slots__ = ("held", "kind", "what")

    def __init__(self, what: str, kind: str) -> None:
        self.what = what  # "custom model name": for messages
        self.kind = kind  # the store whose resources' names are in the space
        self.held: Table[dict[str, str]] = Table(f"{what}s held by running jobs", dict)

    def holder(self, region: RegionState, name: str) -> str | None:
        """The ARN of the running job that holds ``name``, if one does."""
        return region.table(self.held).get(name)

    def taken(self, region: RegionState, name: str) -> bool:
        """Whether a resource has ``name`` or a running job holds it."""
        return region.store(self.kind).by_name(name) is not None or name in region.table(self.held)

    def check_free(self, request: Request, name: str, code: str, message: str | None = None) -> None:
        """Refuse ``name`` (error ``code``, where the operation models it) if it is taken."""
        if self.taken(request.region, name):
            raise ServiceError(
                request.code_if_modeled(code),
                message or f"The provided {self.what} {shown(name)} is currently in use.",
            )

    def hold(self, region: RegionState, name: str, holder_arn: str) -> None:
        region.table(self.held)[name] = holder_arn

    def release(self, region: RegionState, name: str, holder_arn: str) -> None:
        held = region.table(self.held)
        if held.get(name) == holder_arn:
            del held[name]


@dataclass(frozen=True)
class Hold:
    """A running job of the declaring family holds ``name_of(job)`` in ``space`` until it ends."""

    space: NameSpace
    name_of: Callable[[Any], str]
