"""Tags on every taggable Bedrock ARN: TagResource, UntagResource, ListTagsForResource, create-time tags.

Tags live on the resource object, so they vanish with it. A family's ARNs are taggable when it declares
``taggable=True`` (``Family(arn_type=..., taggable=True)``): the tag operations find its resources through
the ARN-type registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._choices import choice
from ._family import family_of_arn, resource_by_arn
from ._operations import operation
from ._request import Request
from ._store import Resource
from .errors import ServiceError, not_found, shown, validation

_TAGS = "Tags (all families)"
MAX_TAGS_PER_RESOURCE = choice(
    "MAX_TAGS_PER_RESOURCE", 50,
    "tags one resource may carry, existing plus new (TooManyTagsException with `resourceName`, where the "
    "operation models it)",
    section=_TAGS, ref="§11", shown="50",
)
RESERVED_TAG_PREFIX = choice(
    "RESERVED_TAG_PREFIX", "aws:", "tag keys starting with this (any case) are refused with ValidationException",
    section=_TAGS, ref="§11", shown="`aws:`",
)


def _check_keys(keys: Sequence[str], member: str) -> None:
    for i, key in enumerate(keys, 1):
        if key.lower().startswith(RESERVED_TAG_PREFIX.value):
            raise validation(
                "1 validation error detected: "
                f"Value '{key}' at '{member}.{i}.member.key' failed to satisfy constraint: "
                f"tag keys starting with '{RESERVED_TAG_PREFIX.value}' are reserved for AWS use"
            )


def tags_from(request: Request, member: str, resource_name: str) -> dict[str, str]:
    """Create-time tags given in ``request.params[member]`` (checked: reserved keys, the per-resource limit)."""
    given = request.params.get(member)
    if not given:
        return {}
    _check_keys([t["key"] for t in given], member)
    tags = {t["key"]: t["value"] for t in given}
    if len(tags) > MAX_TAGS_PER_RESOURCE.value:
        raise _too_many(request, resource_name)
    return tags


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    """Tags as the API lists them."""
    return [{"key": k, "value": v} for k, v in tags.items()]


def _too_many(request: Request, resource_name: str) -> ServiceError:
    message = f"The request would leave {shown(resource_name)} with more than {MAX_TAGS_PER_RESOURCE.value} tags."
    code = request.code_if_modeled("TooManyTagsException")
    if code != "TooManyTagsException":  # CreateEvaluationJob models no TooManyTagsException
        return ServiceError(code, message)
    return ServiceError(code, message, resourceName=resource_name)


def _resource(request: Request) -> Resource:
    arn = request.params["resourceARN"]
    family = family_of_arn(arn)
    if family is None or not family.taggable:
        raise validation(f"The resource ARN '{shown(arn)}' does not name a taggable Bedrock resource.")
    found = resource_by_arn(request, arn)
    if found is None:
        raise not_found(f"The resource {shown(arn)} could not be found.")
    return found  # type: ignore[no-any-return]


@operation("TagResource")
def tag_resource(request: Request) -> dict[str, Any]:
    """Add or overwrite tags (existing + new may not exceed the per-resource limit)."""
    resource = _resource(request)
    given = request.params["tags"]
    _check_keys([t["key"] for t in given], "tags")
    merged = dict(resource.tags)
    merged.update((t["key"], t["value"]) for t in given)
    if len(merged) > MAX_TAGS_PER_RESOURCE.value:
        raise _too_many(request, resource.arn)
    resource.tags = merged
    return {}


@operation("UntagResource")
def untag_resource(request: Request) -> dict[str, Any]:
    """Remove tags by key (absent keys are ignored)."""
    resource = _resource(request)
    removed = set(request.params["tagKeys"])
    resource.tags = {k: v for k, v in resource.tags.items() if k not in removed}
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(request: Request) -> dict[str, Any]:
    """Every tag of a resource (``[]`` when it has none)."""
    return {"tags": tag_list(_resource(request).tags)}
