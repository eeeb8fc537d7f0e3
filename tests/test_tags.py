"""TagResource / UntagResource / ListTagsForResource on customization-job and custom-model ARNs."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from conftest import customization_job_params

from bedrock_fake import BedrockFake, _behaviour

RUN = _behaviour.DEFAULT_DURATIONS["model_customization_job"]
LIMIT = _behaviour.MAX_TAGS_PER_RESOURCE


def tags(n: int, prefix: str = "k", value: str = "v") -> list[dict[str, str]]:
    return [{"key": f"{prefix}{i}", "value": value} for i in range(n)]


def listed(bedrock: Any, arn: str) -> dict[str, str]:
    return {t["key"]: t["value"] for t in bedrock.list_tags_for_resource(resourceARN=arn)["tags"]}


@pytest.fixture
def job_arn(bedrock: Any) -> str:
    arn: str = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    return arn


@pytest.fixture
def model_arn(bedrock: Any, bedrock_fake: BedrockFake) -> str:
    bedrock.create_model_customization_job(**customization_job_params("train-job", "trained-model"))
    bedrock_fake.clock.advance(RUN + 1)
    arn: str = bedrock.get_custom_model(modelIdentifier="trained-model")["modelArn"]
    return arn


def test_tags_given_at_create(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = bedrock.create_model_customization_job(
        **customization_job_params(
            jobTags=[{"key": "team", "value": "ml"}, {"key": "env", "value": "test"}],
            customModelTags=[{"key": "model-tag", "value": "yes"}],
        )
    )["jobArn"]
    response = bedrock.list_tags_for_resource(resourceARN=arn)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["tags"] == [{"key": "team", "value": "ml"}, {"key": "env", "value": "test"}]
    bedrock_fake.clock.advance(RUN + 1)
    model = bedrock.get_model_customization_job(jobIdentifier=arn)["outputModelArn"]
    assert bedrock.list_tags_for_resource(resourceARN=model)["tags"] == [{"key": "model-tag", "value": "yes"}]


@pytest.mark.parametrize("which", ["job_arn", "model_arn"])
def test_tag_list_untag_round_trip(bedrock: Any, request: pytest.FixtureRequest, which: str) -> None:
    arn = request.getfixturevalue(which)
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == []
    response = bedrock.tag_resource(
        resourceARN=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": ""}]
    )
    assert set(response) == {"ResponseMetadata"}
    assert listed(bedrock, arn) == {"a": "1", "b": ""}
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "a", "value": "2"}])  # overwrite
    assert listed(bedrock, arn) == {"a": "2", "b": ""}
    response = bedrock.untag_resource(resourceARN=arn, tagKeys=["b", "never-there"])  # absent key: no-op
    assert set(response) == {"ResponseMetadata"}
    assert listed(bedrock, arn) == {"a": "2"}
    bedrock.untag_resource(resourceARN=arn, tagKeys=[])
    assert listed(bedrock, arn) == {"a": "2"}


def test_tags_are_per_resource(bedrock: Any, job_arn: str, model_arn: str) -> None:
    bedrock.tag_resource(resourceARN=job_arn, tags=[{"key": "on", "value": "job"}])
    assert listed(bedrock, model_arn) == {}
    assert listed(bedrock, job_arn) == {"on": "job"}


def test_limit_counts_existing_tags(bedrock: Any, job_arn: str) -> None:
    bedrock.tag_resource(resourceARN=job_arn, tags=tags(30))
    with pytest.raises(bedrock.exceptions.TooManyTagsException) as excinfo:
        bedrock.tag_resource(resourceARN=job_arn, tags=tags(LIMIT - 30 + 1, prefix="new"))
    response = excinfo.value.response
    assert response["resourceName"] == job_arn
    assert response["Error"]["Code"] == "TooManyTagsException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert len(listed(bedrock, job_arn)) == 30  # nothing applied
    bedrock.tag_resource(resourceARN=job_arn, tags=tags(LIMIT - 30, prefix="new"))
    assert len(listed(bedrock, job_arn)) == LIMIT
    # overwriting existing keys does not count twice
    bedrock.tag_resource(resourceARN=job_arn, tags=tags(LIMIT - 30, prefix="new", value="w"))
    assert len(listed(bedrock, job_arn)) == LIMIT
    with pytest.raises(bedrock.exceptions.TooManyTagsException):
        bedrock.tag_resource(resourceARN=job_arn, tags=[{"key": "one-more", "value": "x"}])
    bedrock.untag_resource(resourceARN=job_arn, tagKeys=["k0"])
    bedrock.tag_resource(resourceARN=job_arn, tags=[{"key": "one-more", "value": "x"}])


def test_more_than_the_limit_in_one_request(bedrock: Any, model_arn: str) -> None:
    with pytest.raises(bedrock.exceptions.TooManyTagsException) as excinfo:
        bedrock.tag_resource(resourceARN=model_arn, tags=tags(LIMIT + 1))
    assert excinfo.value.response["resourceName"] == model_arn
    assert listed(bedrock, model_arn) == {}


def test_too_many_tags_at_create(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.TooManyTagsException) as excinfo:
        bedrock.create_model_customization_job(**customization_job_params(jobTags=tags(LIMIT + 1)))
    assert "resourceName" in excinfo.value.response
    with pytest.raises(bedrock.exceptions.TooManyTagsException) as excinfo:
        bedrock.create_model_customization_job(**customization_job_params(customModelTags=tags(LIMIT + 1)))
    assert excinfo.value.response["resourceName"] == "model-1"
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    bedrock.create_model_customization_job(**customization_job_params(jobTags=tags(LIMIT)))


def test_unknown_arn_is_not_found(bedrock: Any, job_arn: str) -> None:
    missing = job_arn[:-12] + "zzzzzzzzzzzz"
    for call in (
        lambda: bedrock.list_tags_for_resource(resourceARN=missing),
        lambda: bedrock.tag_resource(resourceARN=missing, tags=[{"key": "a", "value": "b"}]),
        lambda: bedrock.untag_resource(resourceARN=missing, tagKeys=["a"]),
    ):
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
            call()
        assert missing in excinfo.value.response["Error"]["Message"]


def test_arn_of_another_region_or_account_is_not_found(bedrock: Any, job_arn: str) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.list_tags_for_resource(resourceARN=job_arn)
    other_account = job_arn.replace("123456789012", "210987654321")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=other_account)


def test_foundation_model_arn_is_not_taggable(bedrock: Any) -> None:
    arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.tag_resource(resourceARN=arn, tags=[{"key": "a", "value": "b"}])
    assert f"Value '{arn}' at 'resourceARN'" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(bedrock.exceptions.ValidationException):
        bedrock.list_tags_for_resource(resourceARN=arn)


def test_bare_token_fits_the_pattern_but_names_nothing(bedrock: Any) -> None:
    # TaggableResourcesArn's first alternative admits any long bare token
    with pytest.raises(bedrock.exceptions.ValidationException, match="taggable"):
        bedrock.list_tags_for_resource(resourceARN="abcdefghijklmnopqrstuvwxyz")


@pytest.mark.parametrize("key", ["aws:createdBy", "AWS:team"])
def test_reserved_prefix(bedrock: Any, job_arn: str, key: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.tag_resource(
            resourceARN=job_arn, tags=[{"key": "ok", "value": "1"}, {"key": key, "value": "x"}]
        )
    message = excinfo.value.response["Error"]["Message"]
    assert key in message and "tags.2.member.key" in message
    assert listed(bedrock, job_arn) == {}


def test_reserved_prefix_at_create(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match=r"jobTags\.1\.member\.key"):
        bedrock.create_model_customization_job(
            **customization_job_params(jobTags=[{"key": "aws:x", "value": "y"}])
        )
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_tag_value_pattern(bedrock: Any, job_arn: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match=r"at 'tags\.1\.member\.value'"):
        bedrock.tag_resource(resourceARN=job_arn, tags=[{"key": "a", "value": "no!"}])


def test_tags_go_with_a_deleted_model(bedrock: Any, model_arn: str) -> None:
    bedrock.tag_resource(resourceARN=model_arn, tags=[{"key": "a", "value": "1"}])
    bedrock.delete_custom_model(modelIdentifier=model_arn)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=model_arn)
