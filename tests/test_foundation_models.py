"""Foundation models: the built-in catalog through GetFoundationModel and ListFoundationModels."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import boto3
import botocore.session
import pytest

_MODEL = botocore.session.get_session().get_service_model("bedrock")
FOUNDATION_MODEL_ARN = re.compile(_MODEL.shape_for("FoundationModelArn").metadata["pattern"])
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"

#: families the catalog must hold (a prefix of some modelId in each)
FAMILIES = {
    "Titan Text Express": "amazon.titan-text-express-v1",
    "Titan Text Lite": "amazon.titan-text-lite-v1",
    "Nova Micro": "amazon.nova-micro-v1",
    "Nova Lite": "amazon.nova-lite-v1",
    "Nova Pro": "amazon.nova-pro-v1",
    "Claude 3 Haiku": "anthropic.claude-3-haiku",
    "Claude 3 Sonnet": "anthropic.claude-3-sonnet",
    "Llama 3": "meta.llama3-8b",
    "Llama 3.1": "meta.llama3-1-",
    "Llama 3.2": "meta.llama3-2-",
    "Llama 3.3": "meta.llama3-3-",
}


def all_models(bedrock: Any) -> list[dict[str, Any]]:
    return bedrock.list_foundation_models()["modelSummaries"]  # type: ignore[no-any-return]


def test_get_by_id(bedrock: Any) -> None:
    response = bedrock.get_foundation_model(modelIdentifier=HAIKU)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    details = response["modelDetails"]
    assert details["modelId"] == HAIKU
    assert details["modelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}"
    assert FOUNDATION_MODEL_ARN.fullmatch(details["modelArn"])
    assert details["providerName"] == "Anthropic"
    assert details["inputModalities"] and details["outputModalities"] == ["TEXT"]
    assert details["inferenceTypesSupported"] == ["ON_DEMAND"]
    assert details["modelLifecycle"]["status"] in ("ACTIVE", "LEGACY")
    # real names exceed BrandedName's max of 20 ("Titan Text G1 - Express"); the catalog keeps them
    assert details["modelName"]


def test_get_by_arn_equals_get_by_id(bedrock: Any) -> None:
    by_id = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    by_arn = bedrock.get_foundation_model(modelIdentifier=by_id["modelArn"])["modelDetails"]
    assert by_id == by_arn


def test_arns_name_the_callers_region(bedrock_fake: Any) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = west.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]["modelArn"]
    assert arn == f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"


def test_customizable_variant_lists_its_customizations(bedrock: Any) -> None:
    variant = bedrock.get_foundation_model(modelIdentifier="amazon.titan-text-express-v1:0:8k")[
        "modelDetails"
    ]
    assert set(variant["customizationsSupported"]) == {"FINE_TUNING", "CONTINUED_PRE_TRAINING"}
    assert "PROVISIONED" in variant["inferenceTypesSupported"]
    plain = bedrock.get_foundation_model(modelIdentifier="amazon.titan-text-express-v1")["modelDetails"]
    assert plain["customizationsSupported"] == []


@pytest.mark.parametrize(
    "identifier",
    [
        "amazon.no-such-model-v1",
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.no-such-model-v1",
        "meta.llama9-1-8b-instruct-v1:0",
    ],
)
def test_get_unknown_is_not_found(bedrock: Any, identifier: str) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
        bedrock.get_foundation_model(modelIdentifier=identifier)
    assert identifier in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    "identifier",
    [
        "not a model id!",
        # a custom-model ARN does not fit GetFoundationModelIdentifier's pattern
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
    ],
)
def test_malformed_identifier_is_a_validation_error(bedrock: Any, identifier: str) -> None:
    shape = bedrock.meta.service_model.operation_model("GetFoundationModel").input_shape.members["modelIdentifier"]
    if re.fullmatch(shape.metadata["pattern"], identifier):
        pytest.skip("this botocore's GetFoundationModelIdentifier pattern admits the value")
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.get_foundation_model(modelIdentifier=identifier)
    assert f"Value '{identifier}' at 'modelIdentifier'" in excinfo.value.response["Error"]["Message"]


def test_catalog_holds_the_main_families(bedrock: Any) -> None:
    ids = [m["modelId"] for m in all_models(bedrock)]
    missing = [family for family, prefix in FAMILIES.items() if not any(i.startswith(prefix) for i in ids)]
    assert missing == []
    assert len(ids) == len(set(ids))


def test_every_summary_is_well_formed(bedrock: Any) -> None:
    for summary in all_models(bedrock):
        assert FOUNDATION_MODEL_ARN.fullmatch(summary["modelArn"]), summary["modelArn"]
        assert summary["modelArn"].endswith("/" + summary["modelId"])
        assert 1 <= len(summary["providerName"]) <= 20, summary
        assert set(summary["customizationsSupported"]) <= {
            "FINE_TUNING",
            "CONTINUED_PRE_TRAINING",
            "DISTILLATION",
        }
        assert set(summary["outputModalities"]) <= {"TEXT", "IMAGE", "EMBEDDING"}
        assert set(summary["inferenceTypesSupported"]) <= {"ON_DEMAND", "PROVISIONED"}
        assert isinstance(summary["customizationsSupported"], list)
        assert summary["modelLifecycle"]["status"] in ("ACTIVE", "LEGACY")
        # Get answers with the same details
        details = bedrock.get_foundation_model(modelIdentifier=summary["modelId"])["modelDetails"]
        assert details == summary


@pytest.mark.parametrize("provider", ["Amazon", "Anthropic", "Meta", "Mistral AI", "Cohere"])
def test_list_by_provider(bedrock: Any, provider: str) -> None:
    found = bedrock.list_foundation_models(byProvider=provider)["modelSummaries"]
    assert found, provider
    assert {m["providerName"] for m in found} == {provider}
    expected = [m["modelId"] for m in all_models(bedrock) if m["providerName"] == provider]
    assert [m["modelId"] for m in found] == expected


def test_list_by_provider_ignores_case_and_knows_unknown_providers(bedrock: Any) -> None:
    lower = bedrock.list_foundation_models(byProvider="mistral ai")["modelSummaries"]
    assert lower == bedrock.list_foundation_models(byProvider="Mistral AI")["modelSummaries"]
    assert bedrock.list_foundation_models(byProvider="Nobody")["modelSummaries"] == []


def test_list_by_provider_pattern_is_enforced(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="byProvider"):
        bedrock.list_foundation_models(byProvider="Mistral_AI")


@pytest.mark.parametrize("customization", ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"])
def test_list_by_customization_type(bedrock: Any, customization: str) -> None:
    found = bedrock.list_foundation_models(byCustomizationType=customization)["modelSummaries"]
    assert found
    assert all(customization in m["customizationsSupported"] for m in found)
    expected = [m["modelId"] for m in all_models(bedrock) if customization in m["customizationsSupported"]]
    assert [m["modelId"] for m in found] == expected
    if customization == "DISTILLATION":
        ids = {m["modelId"] for m in found}
        assert "amazon.nova-micro-v1:0:128k" in ids
        assert not any(i.startswith("amazon.titan-text") for i in ids)


@pytest.mark.parametrize("modality", ["TEXT", "IMAGE", "EMBEDDING"])
def test_list_by_output_modality(bedrock: Any, modality: str) -> None:
    found = bedrock.list_foundation_models(byOutputModality=modality)["modelSummaries"]
    assert found
    assert all(modality in m["outputModalities"] for m in found)
    assert len(found) == sum(modality in m["outputModalities"] for m in all_models(bedrock))


@pytest.mark.parametrize("inference", ["ON_DEMAND", "PROVISIONED"])
def test_list_by_inference_type(bedrock: Any, inference: str) -> None:
    found = bedrock.list_foundation_models(byInferenceType=inference)["modelSummaries"]
    assert found
    assert all(inference in m["inferenceTypesSupported"] for m in found)
    assert len(found) == sum(inference in m["inferenceTypesSupported"] for m in all_models(bedrock))


def test_filters_combine(bedrock: Any) -> None:
    found = bedrock.list_foundation_models(
        byProvider="Meta",
        byCustomizationType="FINE_TUNING",
        byInferenceType="PROVISIONED",
        byOutputModality="TEXT",
    )["modelSummaries"]
    assert found
    assert all(m["providerName"] == "Meta" and "FINE_TUNING" in m["customizationsSupported"] for m in found)
    assert (
        bedrock.list_foundation_models(byProvider="Cohere", byCustomizationType="DISTILLATION")[
            "modelSummaries"
        ]
        == []
    )


def test_bad_enum_filter_is_a_validation_error(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_foundation_models(byOutputModality="VIDEO")
    message = excinfo.value.response["Error"]["Message"]
    assert "Value 'VIDEO' at 'byOutputModality'" in message
    assert "enum value set: [TEXT, IMAGE, EMBEDDING]" in message


def test_list_is_not_paginated(bedrock: Any) -> None:
    response = bedrock.list_foundation_models()
    assert set(response) == {"modelSummaries", "ResponseMetadata"}
    assert not bedrock.can_paginate("list_foundation_models")


# --- lifecycle timestamps (botocore 1.40+) -----------------------------------------------------------
def _lifecycle_members() -> set[str]:
    return set(_MODEL.shape_for("FoundationModelLifecycle").members)


def test_active_models_carry_their_launch_time_only(bedrock: Any) -> None:
    if "startOfLifeTime" not in _lifecycle_members():
        pytest.skip("this botocore predates the lifecycle timestamps")
    lifecycle = bedrock.get_foundation_model(modelIdentifier="amazon.nova-lite-v1:0")["modelDetails"]["modelLifecycle"]
    assert lifecycle == {"status": "ACTIVE", "startOfLifeTime": _dt.datetime(2024, 12, 3, 8, tzinfo=_dt.timezone.utc)}


def test_legacy_models_carry_their_legacy_and_end_of_life_times(bedrock: Any) -> None:
    if "legacyTime" not in _lifecycle_members():
        pytest.skip("this botocore predates the lifecycle timestamps")
    lifecycle = bedrock.get_foundation_model(modelIdentifier="meta.llama3-2-1b-instruct-v1:0")["modelDetails"][
        "modelLifecycle"
    ]
    utc = _dt.timezone.utc
    assert lifecycle == {
        "status": "LEGACY",
        "startOfLifeTime": _dt.datetime(2024, 9, 25, 8, tzinfo=utc),
        "legacyTime": _dt.datetime(2026, 1, 7, 8, tzinfo=utc),
        "publicExtendedAccessTime": _dt.datetime(2026, 4, 7, 8, tzinfo=utc),
        "endOfLifeTime": _dt.datetime(2026, 7, 7, 8, tzinfo=utc),
    }


def test_every_listed_model_has_a_consistent_lifecycle(bedrock: Any) -> None:
    if "startOfLifeTime" not in _lifecycle_members():
        pytest.skip("this botocore predates the lifecycle timestamps")
    for summary in all_models(bedrock):
        lifecycle = summary["modelLifecycle"]
        assert "startOfLifeTime" in lifecycle, summary["modelId"]
        if lifecycle["status"] == "ACTIVE":
            assert set(lifecycle) == {"status", "startOfLifeTime"}, summary["modelId"]
        else:
            assert lifecycle["startOfLifeTime"] < lifecycle["legacyTime"] < lifecycle["endOfLifeTime"]


def test_older_botocore_gets_the_status_alone(bedrock: Any) -> None:
    lifecycle = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]["modelLifecycle"]
    assert set(lifecycle) <= {"status"} | _lifecycle_members()


def test_nova_2_lite_is_in_the_catalog(bedrock: Any) -> None:
    details = bedrock.get_foundation_model(modelIdentifier="amazon.nova-2-lite-v1:0:256k")["modelDetails"]
    assert details["modelName"] == "Nova 2 Lite"
    assert details["customizationsSupported"] == ["FINE_TUNING"]  # RFT is offered but never listed
    assert details["inferenceTypesSupported"] == ["PROVISIONED"]


# --- projects (botocore 1.44+) -------------------------------------------------------------------------
def test_an_unknown_project_is_not_found(bedrock: Any) -> None:
    if "projectIdentifier" not in _MODEL.shape_for("GetFoundationModelRequest").members:
        pytest.skip("this botocore predates projects")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="projectIdentifier"):
        bedrock.get_foundation_model(modelIdentifier=HAIKU, projectIdentifier="proj-1")
    # ListFoundationModels models no ResourceNotFoundException: a validation error there
    with pytest.raises(bedrock.exceptions.ValidationException, match="projectIdentifier"):
        bedrock.list_foundation_models(projectIdentifier="proj-1")


# --- wire conformance (tests/test_conformance.py discovers these: operation -> the calls to make) -------
# Each function gets the conformance World (``w.east``/``w.west`` clients, ``w.fake``) and returns
# (client, params) pairs; every answer is round-tripped through botocore's parser.
CONFORMANCE_RECIPES: dict[str, Any] = {
    "GetFoundationModel": lambda w: [
        (w.east, {"modelIdentifier": m["modelId"]}) for m in w.east.list_foundation_models()["modelSummaries"]
    ],
    "ListFoundationModels": lambda w: [
        (w.east, {}),
        (w.east, {"byProvider": "Mistral AI"}),
        (w.east, {"byCustomizationType": "DISTILLATION"}),
    ],
}
