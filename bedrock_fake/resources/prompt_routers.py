"""Prompt routers (serving reference §9).

Operations: Create / Get / List / DeletePromptRouter (and tagging of custom routers).

Default routers (``default-prompt-router/anthropic.claude:1`` ...) exist without being created in the
Regions that have them (``_prompt_routers_data``), cannot be deleted and are not taggable. Custom routers
(``prompt-router/<12-character id>``) route between models of one family, are ``AVAILABLE`` at once (the
status enum's only value) and are deleted at once. Routing itself (which model answers a request) is the
runtime's: a router's ARN resolves to its fallback model for other families.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .._arns import parse_arn
from .._choices import choice, note
from .._clock import UTC
from .._conformance import allow_pattern_deviation
from .._create import Plan, Unique
from .._family import Family
from .._invocable import Invocable, resolve, resolver
from .._operations import operation
from .._pagination import paginate
from .._request import Request
from .._store import Resource
from .._tags import tags_from
from .._validation import also_accept
from ..errors import ServiceError, not_found, shown, validation
from . import foundation_models
from ._prompt_routers_data import DEFAULT_ROUTER_REGIONS, DEFAULT_ROUTERS

_SECTION = "Prompt routers"
DUPLICATE_NAME_CODE = choice(
    "DUPLICATE_PROMPT_ROUTER_NAME_CODE", "ConflictException", "error for a used `promptRouterName`",
    section=_SECTION, ref="§9, §12.2", shown="`ConflictException`",
)
MAX_MODELS = choice(
    "PROMPT_ROUTER_MAX_MODELS", 2, "how many `models` a custom router may route between (AWS's routers use two)",
    section=_SECTION, ref="§9",
)
DEFAULT_ROUTER_TIME = choice(
    "DEFAULT_ROUTER_TIME", _dt.datetime(2024, 11, 1, tzinfo=UTC),
    "`createdAt` and `updatedAt` of the default routers (a fixed past time)", section=_SECTION, ref="§9",
    shown="2024-11-01T00:00:00Z",
)
DEFAULT_QUALITY_DIFFERENCE = choice(
    "DEFAULT_ROUTER_QUALITY_DIFFERENCE", 0.0, "`routingCriteria.responseQualityDifference` of the default routers",
    section=_SECTION, ref="§9",
)
DEFAULT_DELETE_CODE = choice(
    "DEFAULT_ROUTER_DELETE_CODE", "ValidationException",
    "error for DeletePromptRouter of a default router (it stays listed); the delete models no ConflictException",
    section=_SECTION, ref="§9, §12.2", shown="`ValidationException`",
)
note(_SECTION, "The catalog (`resources/_prompt_routers_data.py`): `anthropic.claude:1` (Claude 3.5 Sonnet, the "
     "fallback, and Claude 3 Haiku) and `meta.llama:1` (Llama 3.1 70B, the fallback, and 8B) in us-east-1 and "
     "us-west-2; other Regions have none (§9, §12.3).")
note(_SECTION, "ListPromptRouters (no sort parameters): custom routers newest first, then the default routers by "
     "ARN; without `type` both kinds; `DEFAULT_PAGE_SIZE` items a page without `maxResults` (§9, §12.9).")
note(_SECTION, "A custom router's `models` must be of one model family (`anthropic.claude`, `meta.llama`, "
     "`amazon.nova`: provider and the model name's leading letters) and `fallbackModel` one of them "
     "(ValidationException naming the member); a model that names nothing in the caller's Region is "
     "ResourceNotFoundException. A router other resources still name is deleted anyway (Conflict is not modeled) "
     "(§9).")

# The model's PromptRouterArn pattern admits only default routers, yet AWS answers and accepts custom
# routers' `prompt-router/<id>` ARNs (serving reference §3.1): accept and answer them.
_CUSTOM_ARN = r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt-router/[a-z0-9]{12}"
also_accept("PromptRouterArn", _CUSTOM_ARN)
allow_pattern_deviation(("CreatePromptRouter", "GetPromptRouter", "ListPromptRouters"), "PromptRouterArn", _CUSTOM_ARN)
_EARLIEST = _dt.datetime(1970, 1, 1, tzinfo=UTC)  # default routers sort before anything created
_FAMILY = re.compile(r"([a-z0-9-]+)\.(?:[a-z]{2,6}\.)?([a-z]+)")  # provider, then the model's leading letters


class Router(Resource):
    """A prompt router: a custom one (stored) or a default one (made from the data on use)."""

    __slots__ = ("criteria", "default", "description", "fallback", "models")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str] | None = None) -> None:
        super().__init__(arn, name, created, tags)
        self.description: str | None = None
        self.models: tuple[str, ...] = ()
        self.fallback = ""
        self.criteria: dict[str, Any] = {}
        self.default = False

    def render(self) -> dict[str, Any]:
        """Get's answer (list summaries carry the same members)."""
        out: dict[str, Any] = {"promptRouterName": self.name, "routingCriteria": dict(self.criteria)}
        if self.description is not None:
            out["description"] = self.description
        out["createdAt"] = out["updatedAt"] = DEFAULT_ROUTER_TIME.value if self.default else self.created
        out["promptRouterArn"] = self.arn
        out["models"] = [{"modelArn": arn} for arn in self.models]
        out["fallbackModel"] = {"modelArn": self.fallback}
        out["status"] = "AVAILABLE"
        out["type"] = "default" if self.default else "custom"
        return out


def _default(request: Request, router_id: str, seq: int = 0) -> Router | None:
    found = DEFAULT_ROUTERS.get(router_id)
    if found is None or request.region_name not in DEFAULT_ROUTER_REGIONS:
        return None
    name, description, fallback, other = found
    router = Router(request.arn(f"default-prompt-router/{router_id}"), name, _EARLIEST)
    router.seq, router.default, router.description = seq, True, description
    arns = tuple(foundation_models.foundation_model_arn(request.partition, request.region_name, m)
                 for m in (fallback, other))
    router.models, router.fallback = arns, arns[0]
    router.criteria = {"responseQualityDifference": DEFAULT_QUALITY_DIFFERENCE.value}
    return router


def _find(request: Request, identifier: str) -> Router | None:
    parts = parse_arn(identifier)
    if parts is None or parts.region != request.region_name or parts.account != request.account_id:
        return None
    if parts.resource_type == "default-prompt-router":
        return _default(request, parts.resource.partition("/")[2])
    found: Router | None = request.region.store(ROUTERS.kind).by_arn(identifier)
    return found


ROUTERS = Family[Router]("prompt_router", "prompt router", arn_type="prompt-router", taggable=True,
                         by_name=False, finder=_find)


@resolver
def _resolve(request: Request, identifier: str) -> Invocable | None:
    """A router by ARN: its fallback model stands for it (the runtime picks among its models)."""
    if not identifier.startswith("arn:") or "prompt-router/" not in identifier:
        return None
    router = _find(request, identifier)
    if router is None:
        return None
    fallback = resolve(request, router.fallback)
    return Invocable("prompt-router", router.arn, fallback.model_id if fallback else None, router)


def _family_of(request: Request, arn: str, member: str) -> str:
    """The model family (``anthropic.claude``) that a routed model ARN names; refused if it names nothing."""
    found = resolve(request, arn)
    if found is None or found.model_id is None:
        raise not_found(f"Could not find the model {shown(arn)} ({member}).")
    match = _FAMILY.match(found.model_id)
    return f"{match.group(1)}.{match.group(2)}" if match else found.model_id


@ROUTERS.creates(
    "CreatePromptRouter",
    unique=Unique("promptRouterName", DUPLICATE_NAME_CODE,
                  lambda name: f"A prompt router named {name} already exists (promptRouterName)."),
)
def create_prompt_router(request: Request) -> Plan[Router]:
    """A custom router between models of one family, with one of them as the fallback."""
    params = request.params
    models = [m["modelArn"] for m in params["models"]]
    if not models:
        raise validation("models must name at least one model to route between.")
    if len(models) > MAX_MODELS.value:
        raise validation(f"models names {len(models)} models: a prompt router routes between at most "
                         f"{MAX_MODELS.value}.")
    if len(set(models)) != len(models):
        raise validation("models names the same model twice.")
    families = {_family_of(request, arn, f"models.{i}.member.modelArn") for i, arn in enumerate(models, 1)}
    if len(families) > 1:
        raise validation(f"models must be of one model family; they are of {', '.join(sorted(families))}.")
    fallback = params["fallbackModel"]["modelArn"]
    if fallback not in models:
        raise validation(f"fallbackModel.modelArn {shown(fallback)} must be one of the models the router routes "
                         "between (models).")
    name = params["promptRouterName"]
    arn = request.arn(f"prompt-router/{request.new_id()}")
    router = Router(arn, name, request.now, tags_from(request, "tags", name))
    router.description = params.get("description")
    router.models, router.fallback = tuple(models), fallback
    router.criteria = dict(params["routingCriteria"])
    return Plan(router, {"promptRouterArn": arn}, names=(name,))


@operation("GetPromptRouter")
def get_prompt_router(request: Request) -> dict[str, Any]:
    """A default or custom router by ARN."""
    return ROUTERS.get(request, request.params["promptRouterArn"]).render()


@operation("ListPromptRouters")
def list_prompt_routers(request: Request) -> dict[str, Any]:
    """Custom routers newest first, then the default routers (``type`` picks one kind)."""
    kind = request.params.get("type")
    items: list[Router] = []
    if kind != "custom":
        items = [r for i, rid in enumerate(sorted(DEFAULT_ROUTERS, reverse=True))
                 if (r := _default(request, rid, i)) is not None]
    if kind != "default":
        items += request.region.store(ROUTERS.kind).items
    return paginate(request, [item.sort_key for item in items], items, "promptRouterSummaries", Router.render)


@operation("DeletePromptRouter")
def delete_prompt_router(request: Request) -> dict[str, Any]:
    """Delete a custom router at once; default routers cannot be deleted."""
    router = ROUTERS.get(request, request.params["promptRouterArn"])
    if router.default:
        raise ServiceError(request.code_if_modeled(DEFAULT_DELETE_CODE.value),
                           f"{router.arn} is a default prompt router: only custom prompt routers can be deleted "
                           "(promptRouterArn).")
    ROUTERS.delete_now(request, router)
    return {}
