"""CreateCustomModel: Creating -> Active | Failed, and how its models show in the custom-model family."""

from __future__ import annotations

import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, ROLE, customization_job_params

from bedrock_fake import BedrockFake, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
CUSTOM_MODEL_ARN = re.compile(_MODEL.shape_for("CustomModelArn").metadata["pattern"])
MODEL_ARN = re.compile(_MODEL.shape_for("ModelArn").metadata["pattern"])
BASE_MODEL_NAME = re.compile(
    _MODEL.shape_for("CustomModelSummary").members["baseModelName"].metadata["pattern"]
)
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DEFAULT_SECONDS = _behaviour.DEFAULT_DURATIONS["custom_model"]
DEFAULT_BASE = _behaviour.CREATE_CUSTOM_MODEL_DEFAULT_BASE


def params(
    name: str = "nova-model", uri: str = "s3://sagemaker-artifacts/nova/run-1/", **extra: Any
) -> dict[str, Any]:
    """Valid CreateCustomModel parameters."""
    out: dict[str, Any] = {"modelName": name, "modelSourceConfig": {"s3DataSource": {"s3Uri": uri}}}
    out.update(extra)
    return out


def code_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def message_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Message"])


# --- happy path and lifecycle ------------------------------------------------------------------------
def test_create_answers_202_with_an_imported_custom_model_arn(bedrock: Any) -> None:
    out = bedrock.create_custom_model(**params())
    # 202 in current service models (older botocore releases modeled 200): follow the installed model
    modeled = bedrock.meta.service_model.operation_model("CreateCustomModel").http.get("responseCode", 200)
    assert out["ResponseMetadata"]["HTTPStatusCode"] == modeled
    arn = out["modelArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/")
    # AWS's own example ARN; older botocore patterns (1.38.x) mis-group `imported` and reject it too
    example = "arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/abcdef123456"
    if CUSTOM_MODEL_ARN.fullmatch(example):
        assert CUSTOM_MODEL_ARN.fullmatch(arn) and MODEL_ARN.fullmatch(arn)


def test_model_is_creating_then_active_after_the_default_duration(
    bedrock_fake: BedrockFake, bedrock: Any
) -> None:
    arn = bedrock.create_custom_model(**params())["modelArn"]
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == "Creating"
    bedrock_fake.clock.advance(DEFAULT_SECONDS - 1)
    assert bedrock.get_custom_model(modelIdentifier="nova-model")["modelStatus"] == "Creating"
    bedrock_fake.clock.advance(1)
    model = bedrock.get_custom_model(modelIdentifier="nova-model")
    assert model["modelStatus"] == "Active"
    assert "failureMessage" not in model


def test_set_duration_controls_creation_time(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_duration("custom_model", 30)
    bedrock.create_custom_model(**params())
    bedrock_fake.clock.advance(29)
    assert bedrock.get_custom_model(modelIdentifier="nova-model")["modelStatus"] == "Creating"
    bedrock_fake.clock.advance(1)
    assert bedrock.get_custom_model(modelIdentifier="nova-model")["modelStatus"] == "Active"


def test_get_custom_model_fields(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    before = bedrock_fake.now()
    arn = bedrock.create_custom_model(**params(modelKmsKeyArn=KEY_ARN, roleArn=ROLE))["modelArn"]
    model = bedrock.get_custom_model(modelIdentifier=arn)
    model.pop("ResponseMetadata")
    created = model.pop("creationTime")
    assert created.tzinfo is not None and created >= before
    assert model == {
        "modelArn": arn,
        "modelName": "nova-model",
        "baseModelArn": f"arn:aws:bedrock:{REGION}::foundation-model/{DEFAULT_BASE}",
        "customizationType": "IMPORTED",
        "modelKmsKeyArn": KEY_ARN,
        "modelStatus": "Creating",
    }  # no jobName / jobArn: the model was not made by a Bedrock job


def test_kms_key_is_omitted_when_not_given(bedrock: Any) -> None:
    bedrock.create_custom_model(**params())
    assert "modelKmsKeyArn" not in bedrock.get_custom_model(modelIdentifier="nova-model")


@pytest.mark.parametrize(
    ("uri", "variant"),
    [
        ("s3://sagemaker-artifacts/nova-micro/run-1", "amazon.nova-micro-v1:0:128k"),
        ("s3://sagemaker-artifacts/Nova-Pro-ft/out/", "amazon.nova-pro-v1:0:300k"),
        ("s3://sagemaker-artifacts/nova-lite/run", "amazon.nova-lite-v1:0:300k"),
        ("s3://sagemaker-artifacts/checkpoint", _behaviour.CREATE_CUSTOM_MODEL_DEFAULT_BASE),
    ],
)
def test_base_model_is_a_customizable_nova_variant(bedrock: Any, uri: str, variant: str) -> None:
    bedrock.create_custom_model(**params(uri=uri))
    model = bedrock.get_custom_model(modelIdentifier="nova-model")
    assert model["baseModelArn"] == f"arn:aws:bedrock:{REGION}::foundation-model/{variant}"
    summary = bedrock.list_custom_models()["modelSummaries"][0]
    assert summary["baseModelName"] == variant.split(":")[0]
    assert BASE_MODEL_NAME.fullmatch(summary["baseModelName"])
    foundation = bedrock.get_foundation_model(modelIdentifier=variant)["modelDetails"]
    assert "FINE_TUNING" in foundation["customizationsSupported"]


def test_list_custom_models_shows_status_owner_and_type(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_custom_model(**params())["modelArn"]
    [summary] = bedrock.list_custom_models()["modelSummaries"]
    assert summary["modelArn"] == arn
    assert summary["modelStatus"] == "Creating"
    assert summary["ownerAccountId"] == bedrock_fake.account_id
    assert summary["customizationType"] == "IMPORTED"


def test_model_status_filter(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("broken", "Failed", message="bad manifest")
    bedrock.create_custom_model(**params("early"))
    bedrock.create_custom_model(**params("broken"))
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    bedrock.create_custom_model(**params("late"))

    def names(status: str) -> list[str]:
        out = bedrock.list_custom_models(modelStatus=status, sortOrder="Ascending")["modelSummaries"]
        return [m["modelName"] for m in out]

    assert names("Active") == ["early"]
    assert names("Failed") == ["broken"]
    assert names("Creating") == ["late"]
    assert len(bedrock.list_custom_models()["modelSummaries"]) == 3


def test_paginator_over_created_models(bedrock: Any) -> None:
    for i in range(5):
        bedrock.create_custom_model(**params(f"model-{i}"))
    pages = list(
        bedrock.get_paginator("list_custom_models").paginate(
            modelStatus="Creating", sortOrder="Ascending", PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(p["modelSummaries"]) for p in pages] == [2, 2, 1]
    assert [m["modelName"] for p in pages for m in p["modelSummaries"]] == [f"model-{i}" for i in range(5)]


# --- set_outcome -------------------------------------------------------------------------------------
def test_pending_outcome_by_name_fails_the_model_at_creation(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("nova-model", "Failed", message="The manifest is invalid.", kind="custom_model")
    bedrock.create_custom_model(**params())
    creating = bedrock.get_custom_model(modelIdentifier="nova-model")
    assert creating["modelStatus"] == "Creating" and "failureMessage" not in creating
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    failed = bedrock.get_custom_model(modelIdentifier="nova-model")
    assert failed["modelStatus"] == "Failed"
    assert failed["failureMessage"] == "The manifest is invalid."


def test_outcome_applies_to_a_live_model_by_arn(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_custom_model(**params())["modelArn"]
    bedrock_fake.clock.advance(60)
    bedrock_fake.set_outcome(arn, "Failed")
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == "Creating"
    bedrock_fake.clock.advance(DEFAULT_SECONDS - 60)
    model = bedrock.get_custom_model(modelIdentifier=arn)
    assert model["modelStatus"] == "Failed"
    assert model["failureMessage"]  # a default message when none was given


def test_outcome_active_overrides_an_earlier_failed(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("nova-model", "Failed")
    bedrock.create_custom_model(**params())
    bedrock_fake.set_outcome("nova-model", "Active")
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    model = bedrock.get_custom_model(modelIdentifier="nova-model")
    assert model["modelStatus"] == "Active" and "failureMessage" not in model


def test_outcome_does_not_change_a_finished_model(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.create_custom_model(**params())
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    with pytest.raises(ValueError, match="already decided"):
        bedrock_fake.set_outcome("nova-model", "Failed", kind="custom_model")
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    assert bedrock.get_custom_model(modelIdentifier="nova-model")["modelStatus"] == "Active"


def test_set_outcome_refuses_a_status_the_kind_does_not_have(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ValueError, match="status must be one of"):
        bedrock_fake.set_outcome("nova-model", "Completed", kind="custom_model")


# --- names, tokens, tags -------------------------------------------------------------------------------
def test_duplicate_name_is_a_conflict(bedrock: Any) -> None:
    bedrock.create_custom_model(**params())
    with pytest.raises(ClientError) as error:
        bedrock.create_custom_model(**params(uri="s3://other-bucket/x"))
    assert code_of(error) == _behaviour.CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE == "ConflictException"
    assert "nova-model" in message_of(error)
    assert len(bedrock.list_custom_models()["modelSummaries"]) == 1


def test_name_held_by_a_running_customization_job_is_a_conflict(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params(model_name="nova-model"))
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.create_custom_model(**params())


def test_same_name_in_another_region_is_allowed(bedrock: Any) -> None:
    bedrock.create_custom_model(**params())
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = west.create_custom_model(**params())["modelArn"]
    assert ":us-west-2:" in arn


def test_client_request_token_replays_the_first_answer(bedrock: Any) -> None:
    first = bedrock.create_custom_model(**params(clientRequestToken="token-1"))
    again = bedrock.create_custom_model(**params(clientRequestToken="token-1"))
    assert again["modelArn"] == first["modelArn"]
    assert len(bedrock.list_custom_models()["modelSummaries"]) == 1


def test_client_request_token_with_other_parameters_is_refused(bedrock: Any) -> None:
    bedrock.create_custom_model(**params(clientRequestToken="token-1"))
    with pytest.raises(ClientError) as error:
        bedrock.create_custom_model(**params("other-name", clientRequestToken="token-1"))
    assert code_of(error) == _behaviour.TOKEN_MISMATCH_CODE
    assert "token-1" in message_of(error)


def test_model_tags_are_applied_and_taggable(bedrock: Any) -> None:
    arn = bedrock.create_custom_model(**params(modelTags=[{"key": "team", "value": "nlp"}]))["modelArn"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "nlp"}]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "dev"}])
    tags = bedrock.list_tags_for_resource(resourceARN=arn)["tags"]
    assert {t["key"] for t in tags} == {"team", "stage"}


def test_too_many_model_tags_create_nothing(bedrock: Any) -> None:
    tags = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(bedrock.exceptions.TooManyTagsException):
        bedrock.create_custom_model(**params(modelTags=tags))
    assert bedrock.list_custom_models()["modelSummaries"] == []
    bedrock.create_custom_model(**params())  # the name was never taken


def test_reserved_tag_key_is_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.create_custom_model(**params(modelTags=[{"key": "aws:owner", "value": "x"}]))
    assert code_of(error) == "ValidationException" and "modelTags" in message_of(error)


# --- validation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "member"),
    [
        ({"modelName": "bad--name"}, "modelName"),
        ({"modelName": "x" * 64}, "modelName"),
        (
            {"modelSourceConfig": {"s3DataSource": {"s3Uri": "s3://b/x"}}},
            "modelSourceConfig.s3DataSource.s3Uri",
        ),
        ({"modelKmsKeyArn": "alias/my-key"}, "modelKmsKeyArn"),
        ({"roleArn": "arn:aws:iam::123456789012:user/someone"}, "roleArn"),
        ({"clientRequestToken": "bad_token"}, "clientRequestToken"),
    ],
)
def test_invalid_input_names_the_member(bedrock: Any, overrides: dict[str, Any], member: str) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.create_custom_model(**{**params(), **overrides})
    assert code_of(error) == "ValidationException"
    assert f"at '{member}'" in message_of(error)
    assert bedrock.list_custom_models()["modelSummaries"] == []


# --- what a model that is not Active may do ----------------------------------------------------------
@pytest.mark.parametrize("outcome", ["Creating", "Failed"])
def test_a_model_that_is_not_active_cannot_be_customized(
    bedrock_fake: BedrockFake, bedrock: Any, outcome: str
) -> None:
    if outcome == "Failed":
        bedrock_fake.set_outcome("nova-model", "Failed")
    arn = bedrock.create_custom_model(**params())["modelArn"]
    if outcome == "Failed":
        bedrock_fake.clock.advance(DEFAULT_SECONDS)
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == outcome
    # BaseModelIdentifier's pattern admits no `custom-model/imported/` ARN: name the model instead
    with pytest.raises(ClientError) as error:
        bedrock.create_model_customization_job(**customization_job_params(baseModelIdentifier="nova-model"))
    assert code_of(error) == "ValidationException" and "not Active" in message_of(error)


def test_an_active_model_can_be_customized_further(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.create_custom_model(**params())
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    job = bedrock.create_model_customization_job(**customization_job_params(baseModelIdentifier="nova-model"))
    assert "amazon.nova-lite-v1:0:300k" in job["jobArn"]


def test_a_creating_model_can_be_deleted(bedrock: Any) -> None:
    arn = bedrock.create_custom_model(**params())["modelArn"]
    bedrock.delete_custom_model(modelIdentifier=arn)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier=arn)
    bedrock.create_custom_model(**params())  # the name is free again


# --- the model's data source: an S3 URI or a SageMaker AI model package ------------------------------
PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/nova-pro-support/3"


def _has_model_package_source(client: Any) -> bool:
    return "customModelDataSource" in client.meta.service_model.shape_for("CreateCustomModelRequest").members


def test_a_model_package_arn_is_a_data_source(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    if not _has_model_package_source(bedrock):
        pytest.skip("this botocore predates customModelDataSource")
    arn = bedrock.create_custom_model(
        modelName="from-package",
        customModelDataSource={"modelPackageArnDataSource": {"modelPackageArn": PACKAGE}},
    )["modelArn"]
    bedrock_fake.clock.advance(DEFAULT_SECONDS)
    model = bedrock.get_custom_model(modelIdentifier=arn)
    assert model["modelStatus"] == "Active" and model["customizationType"] == "IMPORTED"
    assert model["baseModelArn"].endswith("foundation-model/amazon.nova-pro-v1:0:300k")  # hint in the package


def test_a_data_source_is_required(bedrock: Any) -> None:
    if not _has_model_package_source(bedrock):
        pytest.skip("this botocore requires modelSourceConfig on the client")
    with pytest.raises(bedrock.exceptions.ValidationException, match="customModelDataSource"):
        bedrock.create_custom_model(modelName="no-source")
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_both_data_sources_at_once_are_refused(bedrock: Any) -> None:
    if not _has_model_package_source(bedrock):
        pytest.skip("this botocore predates customModelDataSource")
    with pytest.raises(bedrock.exceptions.ValidationException, match="not both"):
        bedrock.create_custom_model(
            **params("two-sources"),
            customModelDataSource={"modelPackageArnDataSource": {"modelPackageArn": PACKAGE}},
        )
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_malformed_model_package_arn_names_the_member(bedrock: Any) -> None:
    if not _has_model_package_source(bedrock):
        pytest.skip("this botocore predates customModelDataSource")
    with pytest.raises(bedrock.exceptions.ValidationException) as raised:
        bedrock.create_custom_model(
            modelName="bad-package",
            customModelDataSource={"modelPackageArnDataSource": {"modelPackageArn": "arn:aws:s3:::bucket"}},
        )
    assert "customModelDataSource.modelPackageArnDataSource.modelPackageArn" in message_of(raised)


# (a null *inside* a structure, {"s3DataSource": None}, makes botocore's own serializer raise before any
# request exists, as it would against AWS)
@pytest.mark.parametrize("source", [None, {}])
def test_null_sources_without_client_validation_are_modeled_errors(bedrock_fake: BedrockFake, source: Any) -> None:
    from botocore.config import Config

    unchecked = boto3.client("bedrock", region_name=REGION, config=Config(parameter_validation=False))
    with pytest.raises(unchecked.exceptions.ValidationException):
        unchecked.create_custom_model(modelName="nulls", modelSourceConfig=source)
    assert unchecked.list_custom_models()["modelSummaries"] == []
