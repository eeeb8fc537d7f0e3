"""Foundation models: the built-in catalog served by GetFoundationModel / ListFoundationModels.

Other families resolve base models, distillation teachers and provisioning targets here. The same
catalog is served in every region (AWS's per-region availability differs; see docs/foundation-models.md).
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from .._arns import bedrock_arn, parse_arn
from .._choices import note
from .._clock import UTC
from .._invocable import Invocable, resolver
from .._operations import operation
from .._request import Request
from .._service_model import has_member
from ..errors import ServiceError, not_found, shown
from ._catalog_data import FOUNDATION_MODELS
from ._inference_profiles_data import system_profile
from ._lifecycle_data import LIFECYCLE

_SECTION = "Foundation models"
note(_SECTION, "`projectIdentifier` (GetFoundationModel, ListFoundationModels; botocore 1.44+): the fake serves no "
     "project operations yet, so every project is unknown — ResourceNotFoundException from GetFoundationModel, "
     "ValidationException from ListFoundationModels (which models no not-found error).")
note(_SECTION, "The same catalog in every region; the lifecycle statuses are a snapshot (about 2026-01-31) that the "
     "clock does not move; lifecycle times are us-east-1's (docs/foundation-models.md).")

#: modelId -> catalog entry
CATALOG: dict[str, dict[str, Any]] = {str(entry["modelId"]): dict(entry) for entry in FOUNDATION_MODELS}


@functools.lru_cache(maxsize=4096)
def foundation_model_arn(partition: str, region: str, model_id: str) -> str:
    """``arn:{partition}:bedrock:{region}::foundation-model/{model_id}`` (the account field is empty).

    Cached: thousands of jobs then share one string instead of each holding a copy.
    """
    return bedrock_arn(partition, region, "", f"foundation-model/{model_id}")


def lookup(identifier: str) -> dict[str, Any] | None:
    """The catalog entry named by a model id or a foundation-model ARN."""
    if identifier.startswith("arn:"):
        parts = parse_arn(identifier)
        if parts is None or parts.resource_type != "foundation-model" or parts.account:
            return None
        identifier = parts.resource.split("/", 1)[1] if "/" in parts.resource else ""
    return CATALOG.get(identifier)


def supports(entry: dict[str, Any], customization_type: str) -> bool:
    """Whether a customization job of ``customization_type`` can run on the model (listed or not)."""
    return customization_type in entry["customizationsSupported"] or customization_type in entry.get(
        "hidden_customizations", ()
    )


def profile_model(identifier: str, region: str) -> dict[str, Any] | None:
    """The catalog entry a system inference profile id or ARN routes to (``us.<model id>``), or None.

    Which profiles exist, from which Regions: ``_inference_profiles_data`` (an ARN's own Region counts).
    """
    if identifier.startswith("arn:"):
        parts = parse_arn(identifier)
        if parts is None or parts.resource_type != "inference-profile" or "/" not in parts.resource:
            return None
        identifier, region = parts.resource.split("/", 1)[1], parts.region or region
    found = system_profile(region, identifier)
    return CATALOG.get(found[1]) if found is not None else None


def _callers(request: Request, identifier: str) -> bool:
    """Whether an ARN names something the caller can invoke from where it is: a foundation model of the
    caller's Region (its account field is empty), a system profile of the caller's Region and account (the
    profile ARN's Region and account may be empty, as its pattern allows). A plain id is always the caller's."""
    if not identifier.startswith("arn:"):
        return True
    parts = parse_arn(identifier)
    if parts is None or parts.partition != request.partition:
        return False
    if parts.resource_type == "foundation-model":
        return parts.region == request.region_name
    return parts.region in ("", request.region_name) and parts.account in ("", request.account_id)


@resolver
def _resolve(request: Request, identifier: str) -> Invocable | None:
    """Foundation models by id or ARN, and system inference profiles by id or ARN, of the caller's Region (and,
    for a profile ARN, its account): another Region's model ARN names nothing here."""
    if not _callers(request, identifier):
        return None
    entry = lookup(identifier)
    if entry is not None:
        model_id = str(entry["modelId"])
        return Invocable("foundation-model", foundation_model_arn(request.partition, request.region_name, model_id),
                         model_id)
    entry = profile_model(identifier, request.region_name)
    if entry is not None:
        profile_id = identifier.rsplit("/", 1)[-1]
        arn = request.arn(f"inference-profile/{profile_id}")
        return Invocable("inference-profile", identifier if identifier.startswith("arn:") else arn,
                         str(entry["modelId"]))
    return None


def customizable_variant(entry: dict[str, Any], customization_type: str) -> dict[str, Any] | None:
    """The variant a customization of ``entry`` runs on (plain ids resolve to their variant), if any."""
    if supports(entry, customization_type):
        return entry
    variant_id = entry.get("default_variant")
    variant = CATALOG.get(str(variant_id)) if variant_id else None
    if variant is not None and supports(variant, customization_type):
        return variant
    return None


def provisionable(entry: dict[str, Any]) -> bool:
    """Whether Provisioned Throughput can be bought for this model id."""
    return "PROVISIONED" in entry["inferenceTypesSupported"]


def is_teacher(entry: dict[str, Any]) -> bool:
    """Whether the model may be a distillation teacher."""
    return bool(entry.get("teacher"))


def _summary(request: Request, entry: dict[str, Any]) -> dict[str, Any]:
    model_id = str(entry["modelId"])
    out: dict[str, Any] = {
        "modelArn": foundation_model_arn(request.partition, request.region_name, model_id),
        "modelId": model_id,
        "modelName": entry["modelName"],
        "providerName": entry["providerName"],
        "inputModalities": list(entry["inputModalities"]),
        "outputModalities": list(entry["outputModalities"]),
    }
    if "responseStreamingSupported" in entry:
        out["responseStreamingSupported"] = entry["responseStreamingSupported"]
    out["customizationsSupported"] = list(entry["customizationsSupported"])
    out["inferenceTypesSupported"] = list(entry["inferenceTypesSupported"])
    out["modelLifecycle"] = _lifecycle(model_id, entry["lifecycleStatus"])
    return out


_LIFECYCLE_MEMBERS = ("startOfLifeTime", "legacyTime", "publicExtendedAccessTime", "endOfLifeTime")


@functools.lru_cache(maxsize=256)
def _lifecycle_times(model_id: str) -> tuple[tuple[str, _dt.datetime], ...]:
    """The lifecycle timestamps the installed model has members for (botocore 1.40+), as AWS fills them."""
    dates = LIFECYCLE.get(model_id, (None, None, None, None))
    found = []
    for member, text in zip(_LIFECYCLE_MEMBERS, dates, strict=True):
        if text is not None and has_member("FoundationModelLifecycle", member):
            when = _dt.datetime.fromisoformat(text if "T" in text else f"{text}T08:00")
            found.append((member, when.replace(tzinfo=UTC)))
    return tuple(found)


def _lifecycle(model_id: str, status: str) -> dict[str, Any]:
    out: dict[str, Any] = {"status": status}
    out.update(_lifecycle_times(model_id))
    return out


def _check_project(request: Request) -> None:
    """``projectIdentifier`` (botocore 1.44+) scopes the catalog to a project. The fake serves no project
    operations yet, so no project exists: naming one is answered as AWS answers an unknown project
    (ResourceNotFoundException where the operation models it, else ValidationException; a choice [U])."""
    project = request.params.get("projectIdentifier")
    if project is not None:
        raise ServiceError(
            request.code_if_modeled("ResourceNotFoundException"),
            f"The project {shown(project)} at 'projectIdentifier' could not be found.",
        )


@operation("GetFoundationModel")
def get_foundation_model(request: Request) -> dict[str, Any]:
    """One catalog model by id or ARN."""
    _check_project(request)
    identifier = request.params["modelIdentifier"]
    entry = lookup(identifier)
    if entry is None:
        raise not_found(f"The model identifier {shown(identifier)} could not be found.")
    return {"modelDetails": _summary(request, entry)}


@operation("ListFoundationModels")
def list_foundation_models(request: Request) -> dict[str, Any]:
    """The catalog, filtered by provider, customization type, output modality and inference type."""
    _check_project(request)
    params = request.params
    provider = params.get("byProvider")
    customization = params.get("byCustomizationType")
    modality = params.get("byOutputModality")
    inference = params.get("byInferenceType")
    summaries = [
        _summary(request, entry)
        for entry in CATALOG.values()
        if (provider is None or str(entry["providerName"]).lower() == provider.lower())
        and (customization is None or customization in entry["customizationsSupported"])
        and (modality is None or modality in entry["outputModalities"])
        and (inference is None or inference in entry["inferenceTypesSupported"])
    ]
    return {"modelSummaries": summaries}
