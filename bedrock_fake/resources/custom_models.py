"""Custom models: GetCustomModel, ListCustomModels, DeleteCustomModel (+ models made by jobs).

Models are created by finished customization jobs (``add_from_job``), by CreateCustomModel and by
copy jobs. Names are unique per account and region, counting names that running jobs will produce.
Models shared by another account are visible (``isOwned=False``) through ``shares``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from .. import _behaviour
from .._arns import parse_arn
from .._data import clone
from .._lifecycle import Timeline
from .._operations import Request, operation
from .._pagination import contains, paginate
from .._registry import RegionState
from .._store import Resource
from .._tags import taggable
from ..errors import ServiceError, not_found

KIND = "custom_model"
taggable("custom-model", KIND)

#: Checks that refuse DeleteCustomModel while something uses the model: return a reason or None.
IN_USE_CHECKS: list[Callable[[Request, CustomModel], str | None]] = []


class CustomModel(Resource):
    """A custom model: trained by a job, registered by CreateCustomModel, or copied."""

    __slots__ = (
        "base_model_arn",
        "base_model_name",
        "customization_type",
        "details",
        "failure_message",
        "foundation_model_arn",
        "job_arn",
        "job_name",
        "kms_key_arn",
        "owner_account",
        "timeline",
        "variant_id",
    )

    def __init__(
        self,
        arn: str,
        name: str,
        created: _dt.datetime,
        *,
        owner_account: str,
        variant_id: str,
        base_model_arn: str,
        foundation_model_arn: str,
        customization_type: str,
        tags: dict[str, str] | None = None,
        timeline: Timeline | None = None,
        job_name: str | None = None,
        job_arn: str | None = None,
        kms_key_arn: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(arn, name, created, tags)
        self.owner_account = owner_account
        self.variant_id = variant_id  # the foundation-model variant the weights derive from
        self.base_model_arn = base_model_arn
        self.foundation_model_arn = foundation_model_arn
        self.base_model_name = variant_id.split(":", 1)[0]
        self.customization_type = customization_type
        self.timeline = timeline  # None: Active from creation on
        self.failure_message: str | None = None
        self.job_name = job_name
        self.job_arn = job_arn
        self.kms_key_arn = kms_key_arn
        self.details = details or {}  # training configuration and metrics mirrored from the job

    def status(self, now: _dt.datetime) -> str:
        """``modelStatus`` at ``now``."""
        return "Active" if self.timeline is None else self.timeline.status_at(now)


# --- names -----------------------------------------------------------------------------------------
def _reserved(region: RegionState) -> dict[str, str]:
    found: dict[str, str] | None = region.data.get("custom_model_names")
    if found is None:
        found = region.data["custom_model_names"] = {}
    return found


def check_name_free(request: Request, name: str) -> None:
    """Refuse a model name that a model in the caller's region has, or a running job will produce."""
    if request.store(KIND).by_name(name) is not None or name in _reserved(request.region):
        raise ServiceError(_behaviour.DUPLICATE_MODEL_NAME_CODE, f"The provided model name {name} is currently in use.")


def reserve_name(region: RegionState, name: str, owner_arn: str) -> None:
    """Hold ``name`` for the model a running job (``owner_arn``) will produce."""
    _reserved(region)[name] = owner_arn


def release_name(region: RegionState, name: str, owner_arn: str) -> None:
    """Free a name held by ``owner_arn`` (its job finished)."""
    if _reserved(region).get(name) == owner_arn:
        del _reserved(region)[name]


# --- sharing ---------------------------------------------------------------------------------------
def shares(request: Request) -> dict[str, set[str]]:
    """Model ARN -> accounts it is shared with (across the whole fake)."""
    return request.registry.shared("custom_model_shares", dict)


def _shared_with_caller(request: Request) -> list[CustomModel]:
    found: list[CustomModel] = []
    for arn, accounts in shares(request).items():
        if request.account_id not in accounts:
            continue
        model = resolve_arn(request, arn)
        if model is not None and model.owner_account != request.account_id:
            found.append(model)
    found.sort(key=lambda m: m.sort_key)
    return found


def resolve_arn(request: Request, arn: str) -> CustomModel | None:
    """A custom model by ARN in any account and region of the fake."""
    parts = parse_arn(arn)
    if parts is None or parts.resource_type != "custom-model":
        return None
    region = request.registry.existing(parts.account, parts.region)
    return region.store(KIND).by_arn(arn) if region is not None else None  # type: ignore[no-any-return]


def find(request: Request, identifier: str) -> CustomModel | None:
    """A model the caller may read: its own by name or ARN, or one shared with it, by ARN."""
    model: CustomModel | None = request.store(KIND).find(identifier)
    if model is None and identifier.startswith("arn:"):
        other = resolve_arn(request, identifier)
        if other is not None and request.account_id in shares(request).get(other.arn, ()):
            model = other
    return model


def get_or_raise(request: Request, identifier: str) -> CustomModel:
    """``find`` or ResourceNotFoundException."""
    model = find(request, identifier)
    if model is None:
        raise not_found(f"Could not find custom model {identifier}.")
    return model


# --- output ----------------------------------------------------------------------------------------
def describe(model: CustomModel, now: _dt.datetime) -> dict[str, Any]:
    """GetCustomModel's output for ``model``."""
    out: dict[str, Any] = {"modelArn": model.arn, "modelName": model.name}
    if model.job_name is not None:
        out["jobName"] = model.job_name
    if model.job_arn is not None:
        out["jobArn"] = model.job_arn
    out["baseModelArn"] = model.base_model_arn
    out["customizationType"] = model.customization_type
    if model.kms_key_arn is not None:
        out["modelKmsKeyArn"] = model.kms_key_arn
    details = model.details
    for member in ("hyperParameters", "trainingDataConfig", "validationDataConfig", "outputDataConfig",
                   "trainingMetrics", "validationMetrics"):
        if member in details:
            out[member] = clone(details[member])
    out["creationTime"] = model.created
    if "customizationConfig" in details:
        out["customizationConfig"] = clone(details["customizationConfig"])
    status = model.status(now)
    out["modelStatus"] = status
    if status == "Failed" and model.failure_message is not None:
        out["failureMessage"] = model.failure_message
    return out


def _summary(model: CustomModel, now: _dt.datetime) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": model.created,
        "baseModelArn": model.base_model_arn,
        "baseModelName": model.base_model_name,
        "customizationType": model.customization_type,
        "ownerAccountId": model.owner_account,
        "modelStatus": model.status(now),
    }


# --- operations ------------------------------------------------------------------------------------
@operation("GetCustomModel")
def get_custom_model(request: Request) -> dict[str, Any]:
    """A custom model by name or ARN (a model shared with the caller: by ARN)."""
    return describe(get_or_raise(request, request.params["modelIdentifier"]), request.now)


@operation("ListCustomModels")
def list_custom_models(request: Request) -> dict[str, Any]:
    """Owned and shared models, with every filter of the model, sorted by creation time, paginated."""
    params = request.params
    now = request.now
    name = params.get("nameContains")
    base = params.get("baseModelArnEquals")
    foundation = params.get("foundationModelArnEquals")
    status = params.get("modelStatus")
    is_owned = params.get("isOwned")

    def match(model: CustomModel) -> bool:
        return (
            (name is None or contains(model.name, name))
            and (base is None or model.base_model_arn == base)
            and (foundation is None or model.foundation_model_arn == foundation)
            and (status is None or model.status(now) == status)
        )

    store = request.store(KIND)
    keys, items = store.keys, store.items
    if is_owned is not True:
        shared = _shared_with_caller(request)
        if is_owned is False:
            keys, items = [m.sort_key for m in shared], shared
        elif shared:
            items = sorted([*items, *shared], key=lambda m: m.sort_key)
            keys = [m.sort_key for m in items]
    return paginate(params, keys, items, "modelSummaries", lambda m: _summary(m, now), match)


@operation("DeleteCustomModel")
def delete_custom_model(request: Request) -> dict[str, Any]:
    """Delete one of the caller's models (refused while something uses it)."""
    identifier = request.params["modelIdentifier"]
    store = request.store(KIND)
    model: CustomModel | None = store.find(identifier)
    if model is None:
        raise not_found(f"Could not find custom model {identifier}.")
    for check in IN_USE_CHECKS:
        reason = check(request, model)
        if reason is not None:
            raise ServiceError(_behaviour.DELETE_IN_USE_CODE, reason)
    store.remove(model)
    return {}
