"""Foundation models: the built-in catalog served by GetFoundationModel / ListFoundationModels.

Other families resolve base models, distillation teachers and provisioning targets here. The same
catalog is served in every region (AWS's per-region availability differs; see docs/foundation-models.md).
"""

from __future__ import annotations

import functools
from typing import Any

from .._arns import bedrock_arn, parse_arn
from .._operations import Request, operation
from ..errors import not_found
from ._catalog_data import FOUNDATION_MODELS

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


def customizable_variant(entry: dict[str, Any], customization_type: str) -> dict[str, Any] | None:
    """The variant a customization of ``entry`` runs on (plain ids resolve to their variant), if any."""
    if customization_type in entry["customizationsSupported"]:
        return entry
    variant_id = entry.get("default_variant")
    variant = CATALOG.get(str(variant_id)) if variant_id else None
    if variant is not None and customization_type in variant["customizationsSupported"]:
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
    out["modelLifecycle"] = {"status": entry["lifecycleStatus"]}
    return out


@operation("GetFoundationModel")
def get_foundation_model(request: Request) -> dict[str, Any]:
    """One catalog model by id or ARN."""
    identifier = request.params["modelIdentifier"]
    entry = lookup(identifier)
    if entry is None:
        raise not_found(f"The model identifier {identifier} could not be found.")
    return {"modelDetails": _summary(request, entry)}


@operation("ListFoundationModels")
def list_foundation_models(request: Request) -> dict[str, Any]:
    """The catalog, filtered by provider, customization type, output modality and inference type."""
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
