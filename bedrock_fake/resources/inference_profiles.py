"""Inference profiles (serving reference §6).

Operations: Create / Get / List / DeleteInferenceProfile (and tagging of application profiles).

Two kinds, both ``ACTIVE`` from the start (the status enum has no other value; there is no lifecycle):

- SYSTEM_DEFINED cross-Region profiles (``us.``, ``eu.``, ``apac.``, ``global.`` ids) exist in every account
  without being created, from ``_inference_profiles_data``; they cannot be created, changed or deleted.
- APPLICATION profiles copy one foundation model (``copyFrom`` a foundation-model ARN) or a system profile
  (its models); ids are 12 characters like AWS's; taggable; deleted at once.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._arns import parse_arn
from .._choices import choice, note
from .._clock import UTC
from .._conformance import allow_pattern_deviation
from .._create import Plan, Unique
from .._family import Family
from .._invocable import Invocable, resolver
from .._operations import operation
from .._pagination import paginate
from .._request import Request
from .._store import Resource
from .._tags import tags_from
from ..errors import ServiceError, not_found, shown, validation
from . import foundation_models
from ._inference_profiles_data import GEOGRAPHIES, system_profile, system_profile_ids

_SECTION = "Inference profiles"
DUPLICATE_NAME_CODE = choice(
    "DUPLICATE_INFERENCE_PROFILE_NAME_CODE", "ConflictException",
    "error for a used application `inferenceProfileName`", section=_SECTION, ref="§6.2, §12.2",
    shown="`ConflictException`",
)
SYSTEM_PROFILE_TIME = choice(
    "SYSTEM_PROFILE_TIME", _dt.datetime(2024, 8, 27, tzinfo=UTC),
    "`createdAt` and `updatedAt` of every system-defined profile (a fixed past time)", section=_SECTION,
    ref="§6.3", shown="2024-08-27T00:00:00Z",
)
LIST_ORDER = choice(
    "INFERENCE_PROFILE_LIST_ORDER", "newest first",
    "ListInferenceProfiles order (no sort parameters): application profiles newest first, then the system "
    "profiles by id", section=_SECTION, ref="§6.3, §12.9",
)
SYSTEM_DELETE_CODE = choice(
    "SYSTEM_PROFILE_DELETE_CODE", "ValidationException",
    "error for DeleteInferenceProfile of a system-defined profile (it stays listed); ConflictException is also "
    "modeled", section=_SECTION, ref="§6.4, §12.2", shown="`ValidationException`",
)
note(_SECTION, "The catalog (`resources/_inference_profiles_data.py`, with its sources): `us.`, `eu.` and `apac.` "
     "profiles for the catalog models AWS lists, callable from the Regions of their geography and routing to all of "
     "them (a simplification: AWS varies the destinations a little by source Region and model); `global.` for "
     "Nova 2 Lite, callable from every Region those geographies list, its `models` the caller's Region's model ARN "
     "and the Region-less `arn:aws:bedrock:::foundation-model/...` (any commercial Region), as AWS answers. AWS's "
     "other global profiles route to models the catalog lacks (§6.1, §12.3).")
note(_SECTION, "System profiles are named as AWS shows them (`US Anthropic Claude 3 Haiku`, `Global Amazon Nova 2 "
     "Lite`; dots kept although the name pattern lacks them), their ARNs carry the caller's account, and their "
     "`models` list the caller's Region first (§6.3).")
note(_SECTION, "Application profile ids are 12 characters of `[a-z0-9]`, like AWS's. `copyFrom` must name a "
     "foundation model or a system profile of the caller's Region (another Region: ValidationException; an unknown "
     "model or profile, or a system profile ARN of another account: ResourceNotFoundException) (§3.1, §6.2, §12.4).")
note(_SECTION, "`projectIdentifier` (Get, List): only `default` (the account's own participation) is accepted; any "
     "other project is ValidationException, since this fake has no projects (§6.3, §12.10).")
note(_SECTION, "ListInferenceProfiles without `maxResults` answers `DEFAULT_PAGE_SIZE` items a page, like every "
     "list (§12.9).")
_EARLIEST = _dt.datetime(1970, 1, 1, tzinfo=UTC)  # system profiles sort before anything created
# AWS names its system profiles after their models ("US Meta Llama 3.3 70B Instruct"): a dot, which the
# model's InferenceProfileName pattern does not admit; the fake answers the names AWS shows.
allow_pattern_deviation(("GetInferenceProfile", "ListInferenceProfiles"), "InferenceProfileName",
                        r"(US|EU|APAC|Global) [0-9a-zA-Z. _-]+")
# A global profile's models include the Region-less foundation-model ARN (any commercial Region), as AWS
# answers it, which the model's FoundationModelArn pattern (a Region of 1-20 characters) does not admit.
allow_pattern_deviation(("GetInferenceProfile", "ListInferenceProfiles"), "FoundationModelArn",
                        r"arn:aws(-[^:]+)?:bedrock:::foundation-model/[a-z0-9-]+[.][a-z0-9.:-]+")


class Profile(Resource):
    """An inference profile: an application one (stored) or a system one (made from the data on use)."""

    __slots__ = ("description", "model_arns", "profile_id", "system")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str] | None = None) -> None:
        super().__init__(arn, name, created, tags)
        self.profile_id = arn.rsplit("/", 1)[1]
        self.description: str | None = None
        self.model_arns: tuple[str, ...] = ()
        self.system = False

    def render(self) -> dict[str, Any]:
        """Get's answer (list summaries carry the same members)."""
        out: dict[str, Any] = {"inferenceProfileName": self.name}
        if self.description is not None:
            out["description"] = self.description
        created = SYSTEM_PROFILE_TIME.value if self.system else self.created
        out["createdAt"] = out["updatedAt"] = created
        out["inferenceProfileArn"] = self.arn
        out["models"] = [{"modelArn": arn} for arn in self.model_arns]
        out["inferenceProfileId"] = self.profile_id
        out["status"] = "ACTIVE"
        out["type"] = "SYSTEM_DEFINED" if self.system else "APPLICATION"
        return out


def _system(request: Request, profile_id: str, seq: int = 0) -> Profile | None:
    """The system profile ``profile_id`` as the caller sees it from its Region, or None."""
    found = system_profile(request.region_name, profile_id)
    if found is None:
        return None
    geo, model_id, regions = found
    entry = foundation_models.CATALOG[model_id]
    label = GEOGRAPHIES[geo][0]
    profile = Profile(request.arn(f"inference-profile/{profile_id}"),
                      f"{label} {entry['providerName']} {entry['modelName']}", _EARLIEST)
    profile.seq, profile.system = seq, True
    where = "any commercial AWS Region" if "" in regions else " ".join(regions)
    profile.description = f"Routes requests to {entry['modelName']} in {where}"
    ordered = (request.region_name, *(r for r in regions if r != request.region_name))  # the caller's first
    profile.model_arns = tuple(
        foundation_models.foundation_model_arn(request.partition, region, model_id) for region in ordered
    )
    return profile


def _find(request: Request, identifier: str) -> Profile | None:
    """An application profile by id or ARN, or a system profile by id or ARN (in the caller's Region)."""
    if identifier.startswith("arn:"):
        parts = parse_arn(identifier)
        if parts is None or parts.region != request.region_name or parts.account not in ("", request.account_id):
            return None
        kind, _, profile_id = parts.resource.partition("/")
        if kind == "inference-profile":
            return _system(request, profile_id)
        found: Profile | None = request.region.store(PROFILES.kind).by_arn(
            request.arn(f"application-inference-profile/{profile_id}"))
        return found
    stored: Profile | None = request.region.store(PROFILES.kind).by_arn(
        request.arn(f"application-inference-profile/{identifier}"))
    return stored if stored is not None else _system(request, identifier)


PROFILES = Family[Profile](
    "application_inference_profile", "inference profile", arn_type="application-inference-profile",
    taggable=True, by_name=False, finder=_find,
)


@resolver
def _resolve(request: Request, identifier: str) -> Invocable | None:
    """Application profiles by id or ARN (system profiles resolve with the foundation models)."""
    if identifier.startswith("arn:") and ":application-inference-profile/" not in identifier:
        return None
    profile = request.region.store(PROFILES.kind).by_arn(
        identifier if identifier.startswith("arn:") else request.arn(f"application-inference-profile/{identifier}")
    )
    if profile is None:
        return None
    model_id = profile.model_arns[0].rsplit("/", 1)[1]
    return Invocable("application-inference-profile", profile.arn, model_id, profile)


def _source_models(request: Request, source: str) -> tuple[str, ...]:
    """The model ARNs an application profile copies from ``copyFrom``."""
    parts = parse_arn(source)
    if parts is None:
        raise validation(f"modelSource.copyFrom {shown(source)} is not an ARN.")
    if parts.region != request.region_name:
        raise validation(
            f"modelSource.copyFrom {shown(source)} is in {parts.region}: an inference profile copies a model "
            f"or a system profile of its own Region ({request.region_name})."
        )
    if parts.resource_type == "foundation-model":
        if foundation_models.lookup(source) is None:
            raise not_found(f"Could not find the foundation model {shown(source)} (modelSource.copyFrom).")
        return (source,)
    # a system profile ARN names the caller's account (or none): another account's names nothing here
    system = _system(request, parts.resource.partition("/")[2]) if parts.account in ("", request.account_id) else None
    if system is None:
        raise not_found(f"Could not find the system inference profile {shown(source)} (modelSource.copyFrom).")
    return system.model_arns


@PROFILES.creates(
    "CreateInferenceProfile",
    unique=Unique("inferenceProfileName", DUPLICATE_NAME_CODE,
                  lambda name: f"An inference profile named {name} already exists (inferenceProfileName)."),
)
def create_inference_profile(request: Request) -> Plan[Profile]:
    """An application profile, usable at once."""
    params = request.params
    models = _source_models(request, params["modelSource"]["copyFrom"])
    arn = request.arn(f"application-inference-profile/{request.new_id()}")
    name = params["inferenceProfileName"]
    profile = Profile(arn, name, request.now, tags_from(request, "tags", name))
    profile.description = params.get("description")
    profile.model_arns = models
    return Plan(profile, {"inferenceProfileArn": arn, "status": "ACTIVE"}, names=(name,))


def _check_project(request: Request) -> None:
    project = request.params.get("projectIdentifier")
    if project is not None and project != "default":
        raise validation(
            f"projectIdentifier {shown(project)}: this fake has no projects; only the account's own "
            "participation ('default') exists."
        )


@operation("GetInferenceProfile")
def get_inference_profile(request: Request) -> dict[str, Any]:
    """A profile by id or ARN (system or application)."""
    _check_project(request)
    return PROFILES.get(request, request.params["inferenceProfileIdentifier"]).render()


@operation("ListInferenceProfiles")
def list_inference_profiles(request: Request) -> dict[str, Any]:
    """System profiles of the caller's Region and its application profiles (``typeEquals`` picks one)."""
    _check_project(request)
    kind = request.params.get("typeEquals")
    items: list[Profile] = []
    if kind != "APPLICATION":
        # in reverse id order with rising keys: the (descending) list shows them by id
        items = [p for i, pid in enumerate(reversed(system_profile_ids(request.region_name)))
                 if (p := _system(request, pid, i)) is not None]
    if kind != "SYSTEM_DEFINED":
        items += request.region.store(PROFILES.kind).items
    keys = [item.sort_key for item in items]
    return paginate(request, keys, items, "inferenceProfileSummaries", Profile.render)


@operation("DeleteInferenceProfile")
def delete_inference_profile(request: Request) -> dict[str, Any]:
    """Delete an application profile at once; system profiles cannot be deleted."""
    profile = PROFILES.get(request, request.params["inferenceProfileIdentifier"])
    if profile.system:
        raise ServiceError(
            request.code_if_modeled(SYSTEM_DELETE_CODE.value),
            f"{profile.profile_id} is a system-defined inference profile: only application inference profiles "
            "can be deleted (inferenceProfileIdentifier)."
        )
    PROFILES.delete_now(request, profile)
    return {}
