"""Custom models made by customization jobs: GetCustomModel, ListCustomModels, DeleteCustomModel."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import customization_job_params

from bedrock_fake import BedrockFake, ManualClock, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
CUSTOM_MODEL_ARN = re.compile(_MODEL.shape_for("CustomModelArn").metadata["pattern"])
RUN = _behaviour.DEFAULT_DURATIONS["model_customization_job"]
EXPRESS = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k"
LITE = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1:0:4k"
manual = pytest.mark.bedrock_fake(clock=ManualClock("2024-05-01T12:00:00Z"))


def train(bedrock: Any, fake: BedrockFake, job: str, model: str, **overrides: Any) -> dict[str, Any]:
    """Run one customization job to completion; returns GetCustomModel of its model."""
    bedrock.create_model_customization_job(**customization_job_params(job, model, **overrides))
    fake.clock.advance(RUN + 1)
    return bedrock.get_custom_model(modelIdentifier=model)  # type: ignore[no-any-return]


def names(response: dict[str, Any]) -> list[str]:
    return [m["modelName"] for m in response["modelSummaries"]]


# --- get --------------------------------------------------------------------------------------------
def test_get_by_name_and_arn_mirrors_the_job(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    params = customization_job_params(
        "job-1",
        "model-1",
        validationDataConfig={"validators": [{"s3Uri": "s3://val-bucket/v.jsonl"}]},
        customModelKmsKeyId="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        hyperParameters={"epochCount": "2", "learningRate": "0.00001"},
    )
    bedrock.create_model_customization_job(**params)
    bedrock_fake.clock.advance(RUN + 1)
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    by_name = bedrock.get_custom_model(modelIdentifier="model-1")
    by_arn = bedrock.get_custom_model(modelIdentifier=job["outputModelArn"])
    assert by_name["ResponseMetadata"]["HTTPStatusCode"] == 200
    del by_name["ResponseMetadata"], by_arn["ResponseMetadata"]
    assert by_name == by_arn
    model = by_name
    assert CUSTOM_MODEL_ARN.fullmatch(model["modelArn"])
    assert model["modelArn"] == job["outputModelArn"]
    assert model["modelName"] == "model-1"
    assert model["jobName"] == "job-1"
    assert model["jobArn"] == job["jobArn"]
    assert model["baseModelArn"] == EXPRESS == job["baseModelArn"]
    assert model["customizationType"] == "FINE_TUNING"
    assert model["modelKmsKeyArn"] == job["outputModelKmsKeyArn"]
    for member in (
        "hyperParameters",
        "trainingDataConfig",
        "validationDataConfig",
        "outputDataConfig",
        "trainingMetrics",
        "validationMetrics",
    ):
        assert model[member] == job[member], member
    assert model["creationTime"] == job["creationTime"]  # the job's, not its end time
    assert model["modelStatus"] == "Active"
    assert "failureMessage" not in model


def test_get_unknown_model_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="nobody"):
        bedrock.get_custom_model(modelIdentifier="nobody")
    arn = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier=arn)


def test_model_does_not_exist_while_its_job_runs(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock_fake.clock.advance(RUN - 1)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier="model-1")
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_model_gets_the_custom_model_tags(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model = train(
        bedrock,
        bedrock_fake,
        "job-1",
        "model-1",
        customModelTags=[{"key": "team", "value": "ml"}],
        jobTags=[{"key": "kind", "value": "job"}],
    )
    assert bedrock.list_tags_for_resource(resourceARN=model["modelArn"])["tags"] == [
        {"key": "team", "value": "ml"}
    ]
    job_arn = model["jobArn"]
    assert bedrock.list_tags_for_resource(resourceARN=job_arn)["tags"] == [{"key": "kind", "value": "job"}]


# --- list -------------------------------------------------------------------------------------------
@manual
def test_list_summaries_and_every_filter(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    first = train(bedrock, bedrock_fake, "job-a", "alpha-model")
    lite = train(
        bedrock, bedrock_fake, "job-b", "beta-model", baseModelIdentifier="amazon.titan-text-lite-v1"
    )
    derived = train(bedrock, bedrock_fake, "job-c", "alpha-derived", baseModelIdentifier=first["modelArn"])
    summaries = bedrock.list_custom_models()["modelSummaries"]
    assert [s["modelName"] for s in summaries] == ["alpha-derived", "beta-model", "alpha-model"]
    top = summaries[2]
    assert top == {
        "modelArn": first["modelArn"],
        "modelName": "alpha-model",
        "creationTime": first["creationTime"],
        "baseModelArn": EXPRESS,
        "baseModelName": "amazon.titan-text-express-v1",
        "customizationType": "FINE_TUNING",
        "ownerAccountId": "123456789012",
        "modelStatus": "Active",
    }
    assert re.fullmatch(r"[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}", top["baseModelName"])

    assert names(bedrock.list_custom_models(nameContains="alpha")) == ["alpha-derived", "alpha-model"]
    assert names(bedrock.list_custom_models(nameContains="gamma")) == []
    # baseModelArnEquals: the direct base; foundationModelArnEquals: the root foundation model
    assert names(bedrock.list_custom_models(baseModelArnEquals=EXPRESS)) == ["alpha-model"]
    assert names(bedrock.list_custom_models(baseModelArnEquals=first["modelArn"])) == ["alpha-derived"]
    assert names(bedrock.list_custom_models(baseModelArnEquals=LITE)) == ["beta-model"]
    assert names(bedrock.list_custom_models(foundationModelArnEquals=EXPRESS)) == [
        "alpha-derived",
        "alpha-model",
    ]
    assert names(bedrock.list_custom_models(foundationModelArnEquals=LITE)) == ["beta-model"]
    assert names(bedrock.list_custom_models(modelStatus="Active")) == [
        "alpha-derived",
        "beta-model",
        "alpha-model",
    ]
    assert names(bedrock.list_custom_models(modelStatus="Creating")) == []
    assert names(bedrock.list_custom_models(modelStatus="Failed")) == []
    assert names(bedrock.list_custom_models(isOwned=True)) == ["alpha-derived", "beta-model", "alpha-model"]
    assert names(bedrock.list_custom_models(isOwned=False)) == []
    assert names(bedrock.list_custom_models(sortBy="CreationTime", sortOrder="Ascending")) == [
        "alpha-model",
        "beta-model",
        "alpha-derived",
    ]
    assert names(bedrock.list_custom_models(sortBy="CreationTime", sortOrder="Descending")) == [
        "alpha-derived",
        "beta-model",
        "alpha-model",
    ]
    assert derived["creationTime"] > lite["creationTime"] > first["creationTime"]


@manual
@pytest.mark.parametrize("strict", [True, False])
def test_list_time_filters(
    bedrock: Any, bedrock_fake: BedrockFake, monkeypatch: pytest.MonkeyPatch, strict: bool
) -> None:
    monkeypatch.setattr(_behaviour, "TIME_FILTERS_STRICT", strict)
    created = [train(bedrock, bedrock_fake, f"job-{i}", f"model-{i}")["creationTime"] for i in range(3)]
    after = names(bedrock.list_custom_models(creationTimeAfter=created[1]))
    before = names(bedrock.list_custom_models(creationTimeBefore=created[1]))
    if strict:
        assert (after, before) == (["model-2"], ["model-0"])
    else:
        assert (after, before) == (["model-2", "model-1"], ["model-1", "model-0"])
    window = bedrock.list_custom_models(
        creationTimeAfter=created[0] + _dt.timedelta(seconds=1),
        creationTimeBefore=created[2] - _dt.timedelta(seconds=1),
    )
    assert names(window) == ["model-1"]


def test_list_paginates_with_the_botocore_paginator(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for i in range(7):
        bedrock.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
        bedrock_fake.clock.advance(1)
    bedrock_fake.clock.advance(RUN)
    page = bedrock.list_custom_models(maxResults=3, sortOrder="Ascending")
    assert names(page) == ["model-0", "model-1", "model-2"]
    assert "nextToken" in page
    pages = list(
        bedrock.get_paginator("list_custom_models").paginate(
            sortOrder="Ascending", PaginationConfig={"PageSize": 3}
        )
    )
    assert [names(p) for p in pages] == [
        ["model-0", "model-1", "model-2"],
        ["model-3", "model-4", "model-5"],
        ["model-6"],
    ]
    assert "nextToken" not in pages[-1]
    full = bedrock.get_paginator("list_custom_models").paginate(nameContains="model").build_full_result()
    assert len(full["modelSummaries"]) == 7


def test_list_pagination_survives_a_deletion_between_pages(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for i in range(4):
        bedrock.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
        bedrock_fake.clock.advance(1)
    bedrock_fake.clock.advance(RUN)
    page = bedrock.list_custom_models(maxResults=2, sortOrder="Ascending")
    assert names(page) == ["model-0", "model-1"]
    bedrock.delete_custom_model(modelIdentifier="model-1")
    rest = bedrock.list_custom_models(maxResults=2, sortOrder="Ascending", nextToken=page["nextToken"])
    assert names(rest) == ["model-2", "model-3"]


def test_list_token_from_another_query_is_refused(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for i in range(3):
        bedrock.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
    bedrock_fake.clock.advance(RUN + 1)
    token = bedrock.list_custom_models(maxResults=1)["nextToken"]
    with pytest.raises(bedrock.exceptions.ValidationException, match="nextToken"):
        bedrock.list_custom_models(maxResults=1, nextToken=token, modelStatus="Active")


# --- delete -----------------------------------------------------------------------------------------
def test_delete_by_name_then_get_and_delete_are_not_found(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model = train(bedrock, bedrock_fake, "job-1", "model-1")
    response = bedrock.delete_custom_model(modelIdentifier="model-1")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier="model-1")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier=model["modelArn"])
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.delete_custom_model(modelIdentifier="model-1")
    assert bedrock.list_custom_models()["modelSummaries"] == []
    # the job that trained it is still there and still points at it
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["outputModelArn"] == model["modelArn"]


def test_delete_by_arn(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model = train(bedrock, bedrock_fake, "job-1", "model-1")
    bedrock.delete_custom_model(modelIdentifier=model["modelArn"])
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.delete_custom_model(modelIdentifier=model["modelArn"])
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=model["modelArn"])


def test_delete_unknown_is_not_found(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="never-existed")
    assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "never-existed" in excinfo.value.response["Error"]["Message"]


def test_models_are_regional(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    import boto3

    train(bedrock, bedrock_fake, "job-1", "model-1")
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_custom_models()["modelSummaries"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_custom_model(modelIdentifier="model-1")
