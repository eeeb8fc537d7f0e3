"""What resources use of other resources, declared by the user's family, checked by the core on delete.

A provisioned throughput uses the model it serves; a running copy job uses its source model. The using
family declares a :class:`Uses` (which kind it uses, which ARNs a resource uses right now, how to say so);
a delete goes through ``Family.delete_now``, whose in-use check asks every declaration aimed at the kind. No
module has to know which others use its resources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._choices import Choice, choice

if TYPE_CHECKING:
    from ._request import Request

DELETE_IN_USE_CODE = choice(
    "DELETE_IN_USE_CODE",
    "ConflictException",
    "error for a delete while something uses the resource (a provisioned throughput serves the model, a running "
    "copy job reads it)",
    section="Resources in use",
    ref="§7.4",
)


@dataclass(frozen=True)
class Uses:
    """Resources of the declaring family use resources of ``kind``.

    ``arns(user, now)`` are the ARNs a resource uses at ``now`` (empty once it no longer does);
    ``message(request, user, used)`` explains the refusal; ``everywhere``: users live in any account and
    region (copies read models across both), else in the caller's region; ``code``: the refusal's error
    code where it is not the common ``DELETE_IN_USE_CODE`` (e.g. ResourceInUseException).
    """

    kind: str
    arns: Callable[[Any, Any], Iterable[str]]
    message: Callable[[Request, Any, Any], str]
    everywhere: bool = False
    code: Choice[str] | None = None

    @property
    def error_code(self) -> str:
        """The code a refused delete answers."""
        return (self.code or DELETE_IN_USE_CODE).value
