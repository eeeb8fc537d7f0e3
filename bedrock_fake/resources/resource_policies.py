"""Resource-based policies on Bedrock resources (governance reference §4).

Operations: Put / Get / DeleteResourcePolicy. A policy attaches to the ARN of a resource whose family
declares ``resource_policy=True`` (guardrails), or of another target a family registers with
:func:`policy_target` (guardrail profiles), in the caller's account and Region. One policy per ARN, kept
in a per-Region table; a policy is gone with its resource: the table drops it when the resource leaves its
store (``_family.on_gone``: for a guardrail, when its deletion ends), and Get and Delete answer
ResourceNotFoundException once the resource is gone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._arns import parse_arn
from .._choices import note
from .._family import Family, family_of_arn, on_gone, resource_by_arn
from .._operations import operation
from .._registry import RegionState, Table
from .._request import Request
from ..errors import not_found, shown, validation

_SECTION = "Resource policies"
note(_SECTION, "A policy may go on a guardrail or a guardrail profile ARN of the caller's account and Region; any "
     "other ARN, or one of a resource that does not exist, is ValidationException (PutResourcePolicy models no "
     "ResourceNotFoundException). The policy must be a JSON object; it is stored and returned verbatim, and Put "
     "replaces an existing one (§4).")
note(_SECTION, "Get or Delete of an ARN without a policy is ResourceNotFoundException. A guardrail's policy stays "
     "while the guardrail is `DELETING` and is deleted with it when the deletion ends (§4).")

#: resource ARN -> policy document, per account and Region
POLICIES: Table[dict[str, str]] = Table("resource policies", dict)
#: ARN resource type -> does this ARN name a target that exists for the caller (targets without a store)
_TARGETS: dict[str, Callable[[Request, str], bool]] = {}


def policy_target(arn_type: str) -> Callable[[Callable[[Request, str], bool]], Callable[[Request, str], bool]]:
    """Register ``exists(request, arn)`` for ARNs of ``arn_type`` that take a policy but have no store."""

    def register(exists: Callable[[Request, str], bool]) -> Callable[[Request, str], bool]:
        _TARGETS[arn_type] = exists
        return exists

    return register


@on_gone
def _drop(region: RegionState, family: Family[Any], record: Any) -> None:
    """A resource that takes a policy is gone: so is its policy."""
    policies = region.peek(POLICIES) if family.resource_policy else None
    if policies is not None:
        policies.pop(record.arn, None)


def _exists(request: Request, arn: str) -> bool:
    parts = parse_arn(arn)
    if parts is None or (parts.account, parts.region) != (request.account_id, request.region_name):
        return False
    target = _TARGETS.get(parts.resource_type)
    if target is not None:
        return target(request, arn)
    family = family_of_arn(arn)
    return family is not None and family.resource_policy and resource_by_arn(request, arn) is not None


@operation("PutResourcePolicy")
def put_resource_policy(request: Request) -> dict[str, Any]:
    """Attach (or replace) the policy of a resource that takes one."""
    arn = request.params["resourceArn"]
    document = request.params["resourcePolicy"]
    if not _exists(request, arn):
        raise validation(f"The resource {shown(arn)} does not exist or does not take a resource policy "
                         "(resourceArn): give the ARN of a guardrail or guardrail profile of this account and Region.")
    try:
        parsed = json.loads(document)
    except ValueError as exc:
        raise validation(f"The resourcePolicy is not valid JSON: {exc}.") from exc
    if not isinstance(parsed, dict):
        raise validation("The resourcePolicy must be a JSON policy document (an object with a Statement).")
    request.region.table(POLICIES)[arn] = document
    return {"resourceArn": arn}


def _policy(request: Request) -> str:
    arn = request.params["resourceArn"]
    policy = (request.region.peek(POLICIES) or {}).get(arn) if _exists(request, arn) else None
    if policy is None:
        raise not_found(f"No resource policy is attached to {shown(arn)} (resourceArn).")
    return policy


@operation("GetResourcePolicy")
def get_resource_policy(request: Request) -> dict[str, Any]:
    """The policy as it was put."""
    return {"resourcePolicy": _policy(request)}


@operation("DeleteResourcePolicy")
def delete_resource_policy(request: Request) -> dict[str, Any]:
    """Detach the policy."""
    _policy(request)
    del request.region.table(POLICIES)[request.params["resourceArn"]]
    return {}
