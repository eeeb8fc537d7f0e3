"""Model copy jobs across regions and accounts, and sharing models with BedrockFake.share_model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, customization_job_params

from bedrock_fake import BedrockFake, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
COPY_JOB_ARN = re.compile(_MODEL.shape_for("ModelCopyJobArn").metadata["pattern"])
CUSTOM_MODEL_ARN = re.compile(_MODEL.shape_for("CustomModelArn").metadata["pattern"])
COPY_SECONDS = _behaviour.DEFAULT_DURATIONS["model_copy_job"]
MODEL_SECONDS = _behaviour.DEFAULT_DURATIONS["custom_model"]
OTHER_ACCOUNT = "210987654321"
WEST = "us-west-2"


def code_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def message_of(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Message"])


def nova_model(fake: BedrockFake, client: Any, name: str = "nova-source") -> str:
    """An Active CreateCustomModel model; returns its ARN."""
    arn: str = client.create_custom_model(
        modelName=name, modelSourceConfig={"s3DataSource": {"s3Uri": "s3://sagemaker-out/nova-micro/run"}}
    )["modelArn"]
    fake.clock.advance(MODEL_SECONDS)
    return arn


def trained_model(fake: BedrockFake, client: Any, name: str = "trained-source") -> str:
    """A custom model made by a finished customization job; returns its ARN."""
    job = client.create_model_customization_job(
        **customization_job_params(name=f"job-{name}", model_name=name, customModelKmsKeyId="alias/src-key")
    )
    fake.clock.advance(_behaviour.DEFAULT_DURATIONS["model_customization_job"])
    arn: str = client.get_model_customization_job(jobIdentifier=job["jobArn"])["outputModelArn"]
    return arn


@pytest.fixture
def west(bedrock_fake: BedrockFake) -> Any:
    """The default account's client in us-west-2 (the copy destination)."""
    return boto3.client("bedrock", region_name=WEST)


@pytest.fixture
def other(bedrock_fake: BedrockFake) -> Any:
    """Another account's client in us-east-1."""
    return boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for(OTHER_ACCOUNT))


# --- cross-region copy ------------------------------------------------------------------------------------
def test_cross_region_copy_runs_then_creates_the_model(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = trained_model(bedrock_fake, bedrock)
    created = bedrock_fake.now()
    out = west.create_model_copy_job(
        sourceModelArn=source,
        targetModelName="trained-copy",
        targetModelTags=[{"key": "env", "value": "prod"}],
    )
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    job_arn = out["jobArn"]
    assert COPY_JOB_ARN.fullmatch(job_arn) and f":{WEST}:123456789012:model-copy-job/" in job_arn

    job = west.get_model_copy_job(jobArn=job_arn)
    job.pop("ResponseMetadata")
    target = job["targetModelArn"]
    assert CUSTOM_MODEL_ARN.fullmatch(target)
    # same family as the source: custom-model/<base variant>/<id>, in the caller's region
    assert target.startswith(
        f"arn:aws:bedrock:{WEST}:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/"
    )
    assert job.pop("creationTime") >= created
    assert job == {
        "jobArn": job_arn,
        "status": "InProgress",
        "targetModelArn": target,
        "targetModelName": "trained-copy",
        "sourceAccountId": "123456789012",
        "sourceModelArn": source,
        "targetModelTags": [{"key": "env", "value": "prod"}],
        "sourceModelName": "trained-source",
    }
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_custom_model(modelIdentifier=target)  # not there before the copy completes
    assert west.list_custom_models()["modelSummaries"] == []

    bedrock_fake.clock.advance(COPY_SECONDS - 1)
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "InProgress"
    bedrock_fake.clock.advance(1)
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"
    assert "failureMessage" not in west.get_model_copy_job(jobArn=job_arn)

    copy = west.get_custom_model(modelIdentifier="trained-copy")
    original = bedrock.get_custom_model(modelIdentifier=source)
    assert copy["modelArn"] == target
    assert copy["modelStatus"] == "Active"
    assert copy["customizationType"] == original["customizationType"] == "FINE_TUNING"
    assert copy["baseModelArn"] == original["baseModelArn"].replace(REGION, WEST)
    for member in (
        "jobArn",
        "jobName",
        "hyperParameters",
        "trainingDataConfig",
        "outputDataConfig",
        "trainingMetrics",
        "validationMetrics",
        "validationDataConfig",
    ):
        assert copy[member] == original[member], member
    assert "modelKmsKeyArn" not in copy  # the source's key is not carried over
    assert west.list_tags_for_resource(resourceARN=target)["tags"] == [{"key": "env", "value": "prod"}]
    [summary] = west.list_custom_models(isOwned=True)["modelSummaries"]
    assert summary["ownerAccountId"] == "123456789012" and summary["modelName"] == "trained-copy"
    # the source stays where it was
    assert [m["modelArn"] for m in bedrock.list_custom_models()["modelSummaries"]] == [source]


def test_copy_of_a_create_custom_model_model_keeps_the_imported_family(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="nova-copy")
    target = west.get_model_copy_job(jobArn=job["jobArn"])["targetModelArn"]
    assert target.startswith(f"arn:aws:bedrock:{WEST}:123456789012:custom-model/imported/")
    bedrock_fake.clock.advance(COPY_SECONDS)
    copy = west.get_custom_model(modelIdentifier=target)
    assert copy["customizationType"] == "IMPORTED" and "jobArn" not in copy
    assert copy["baseModelArn"] == f"arn:aws:bedrock:{WEST}::foundation-model/amazon.nova-micro-v1:0:128k"


def test_copy_within_the_same_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock.create_model_copy_job(sourceModelArn=source, targetModelName="same-region-copy")
    bedrock_fake.clock.advance(COPY_SECONDS)
    names = {m["modelName"] for m in bedrock.list_custom_models()["modelSummaries"]}
    assert names == {"nova-source", "same-region-copy"}


def test_copied_model_creation_time_is_the_jobs(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    bedrock_fake.clock.advance(COPY_SECONDS)
    created = west.get_model_copy_job(jobArn=job["jobArn"])["creationTime"]
    assert west.get_custom_model(modelIdentifier="copy")["creationTime"] == created


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("alias/copies", None),
        (
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            f"arn:aws:kms:{WEST}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
        (
            "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
    ],
)
def test_kms_key_is_resolved_and_applied_to_the_copy(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any, key: str, expected: str | None
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy", modelKmsKeyId=key)
    key_arn = west.get_model_copy_job(jobArn=job["jobArn"])["targetModelKmsKeyArn"]
    assert re.fullmatch(_MODEL.shape_for("KmsKeyArn").metadata["pattern"], key_arn)
    if expected is not None:
        assert key_arn == expected
    bedrock_fake.clock.advance(COPY_SECONDS)
    assert west.get_custom_model(modelIdentifier="copy")["modelKmsKeyArn"] == key_arn


def test_optional_members_are_omitted(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.get_model_copy_job(
        jobArn=west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    )
    for member in ("targetModelKmsKeyArn", "targetModelTags", "failureMessage"):
        assert member not in job


def test_set_duration_controls_the_copy(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.set_duration("model_copy_job", 5)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    bedrock_fake.clock.advance(4)
    assert west.get_model_copy_job(jobArn=job)["status"] == "InProgress"
    bedrock_fake.clock.advance(1)
    assert west.get_model_copy_job(jobArn=job)["status"] == "Completed"
    assert west.get_custom_model(modelIdentifier="copy")["modelStatus"] == "Active"


def test_polling_with_time_sleep_finishes_the_copy(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    import time

    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    polls = 0
    while west.get_model_copy_job(jobArn=job)["status"] == "InProgress":
        polls += 1
        assert polls < 100
        time.sleep(60)
    assert west.get_model_copy_job(jobArn=job)["status"] == "Completed"


# --- failure -------------------------------------------------------------------------------------------
def test_pending_outcome_by_target_name_fails_the_job(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.set_outcome("doomed-copy", "Failed", message="Copy failed: quota.", kind="model_copy_job")
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="doomed-copy")["jobArn"]
    assert "failureMessage" not in west.get_model_copy_job(jobArn=job)
    bedrock_fake.clock.advance(COPY_SECONDS)
    failed = west.get_model_copy_job(jobArn=job)
    assert failed["status"] == "Failed" and failed["failureMessage"] == "Copy failed: quota."
    assert west.list_custom_models()["modelSummaries"] == []  # no model
    # the target name is free again
    retry = west.create_model_copy_job(sourceModelArn=source, targetModelName="doomed-copy")["jobArn"]
    bedrock_fake.clock.advance(COPY_SECONDS)
    assert west.get_model_copy_job(jobArn=retry)["status"] == "Completed"


def test_outcome_applies_to_a_running_job_by_arn(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    bedrock_fake.clock.advance(60)
    bedrock_fake.set_outcome(job, "Failed")
    assert west.get_model_copy_job(jobArn=job)["status"] == "InProgress"
    bedrock_fake.clock.advance(COPY_SECONDS)
    failed = west.get_model_copy_job(jobArn=job)
    assert failed["status"] == "Failed" and failed["failureMessage"]
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_custom_model(modelIdentifier="copy")


def test_outcome_completed_on_a_running_job_creates_one_model(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.set_outcome("copy", "Failed", kind="model_copy_job")
    west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    bedrock_fake.set_outcome("copy", "Completed", kind="model_copy_job")
    bedrock_fake.set_outcome("copy", "Completed", kind="model_copy_job")
    bedrock_fake.clock.advance(COPY_SECONDS)
    assert [m["modelName"] for m in west.list_custom_models()["modelSummaries"]] == ["copy"]


# --- errors --------------------------------------------------------------------------------------------
def test_unknown_source_is_not_found(west: Any) -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/abcdefghij12"
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(sourceModelArn=arn, targetModelName="copy")
    assert code_of(error) == "ResourceNotFoundException" and arn in message_of(error)


def test_foundation_model_source_is_refused(west: Any) -> None:
    arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(sourceModelArn=arn, targetModelName="copy")
    assert code_of(error) == _behaviour.MODEL_COPY_FOUNDATION_SOURCE_CODE
    assert "foundation model" in message_of(error)


@pytest.mark.parametrize("state", ["Creating", "Failed"])
def test_source_that_is_not_active_is_refused(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any, state: str
) -> None:
    if state == "Failed":
        bedrock_fake.set_outcome("nova-source", "Failed")
    arn = bedrock.create_custom_model(
        modelName="nova-source", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://sagemaker-out/run"}}
    )["modelArn"]
    if state == "Failed":
        bedrock_fake.clock.advance(MODEL_SECONDS)
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(sourceModelArn=arn, targetModelName="copy")
    assert code_of(error) == "ValidationException"
    assert state in message_of(error) and "Active" in message_of(error)
    assert west.list_model_copy_jobs()["modelCopyJobSummaries"] == []


@pytest.mark.parametrize(
    ("overrides", "member"),
    [
        ({"targetModelName": "bad--name"}, "targetModelName"),
        (
            {"sourceModelArn": "arn:aws:bedrock:us-east-1:123456789012:model-copy-job/abcdefghij12"},
            "sourceModelArn",
        ),
        ({"modelKmsKeyId": "not a key"}, "modelKmsKeyId"),
    ],
)
def test_invalid_input_names_the_member(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any, overrides: dict[str, Any], member: str
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(**{"sourceModelArn": source, "targetModelName": "copy", **overrides})
    assert code_of(error) == "ValidationException" and f"at '{member}'" in message_of(error)


def test_target_name_in_use_is_refused(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    with pytest.raises(ClientError) as error:
        bedrock.create_model_copy_job(sourceModelArn=source, targetModelName="nova-source")
    assert code_of(error) == _behaviour.MODEL_COPY_DUPLICATE_TARGET_NAME_CODE
    assert "nova-source" in message_of(error)


def test_target_name_is_held_while_the_copy_runs(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    assert code_of(error) == _behaviour.MODEL_COPY_DUPLICATE_TARGET_NAME_CODE
    with pytest.raises(west.exceptions.ConflictException):
        west.create_custom_model(
            modelName="copy", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://bkt/x"}}
        )
    with pytest.raises(west.exceptions.ValidationException):
        west.create_model_customization_job(**customization_job_params(model_name="copy"))
    # another region's names are separate
    bedrock.create_model_copy_job(sourceModelArn=source, targetModelName="copy")


def test_too_many_target_tags_start_nothing(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    tags = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(west.exceptions.TooManyTagsException) as error:
        west.create_model_copy_job(sourceModelArn=source, targetModelName="copy", targetModelTags=tags)
    assert error.value.response["resourceName"] == "copy"
    assert west.list_model_copy_jobs()["modelCopyJobSummaries"] == []
    west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")  # the name is still free


def test_get_unknown_or_foreign_job_is_not_found(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_model_copy_job(jobArn=job)  # another region's job
    unknown = f"arn:aws:bedrock:{WEST}:123456789012:model-copy-job/zzzzzzzzzzzz"
    with pytest.raises(ClientError) as error:
        west.get_model_copy_job(jobArn=unknown)
    assert code_of(error) == "ResourceNotFoundException" and unknown in message_of(error)


@pytest.mark.parametrize(
    "value", ["", "copy-job-name", "arn:aws:bedrock:us-west-2:123456789012:model-copy-job/SHOUT"]
)
def test_get_with_a_malformed_arn_is_a_validation_error(west: Any, value: str) -> None:
    with pytest.raises(ClientError) as error:
        west.get_model_copy_job(jobArn=value)
    assert code_of(error) == "ValidationException" and "'jobArn'" in message_of(error)


def test_copy_job_arns_are_not_taggable(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    with pytest.raises(ClientError) as error:
        west.tag_resource(resourceARN=job, tags=[{"key": "k", "value": "v"}])
    assert code_of(error) == "ValidationException" and "resourceARN" in message_of(error)
    with pytest.raises(west.exceptions.ValidationException):
        west.list_tags_for_resource(resourceARN=job)


def test_client_request_token_replays_and_refuses_other_parameters(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    first = west.create_model_copy_job(
        sourceModelArn=source, targetModelName="copy", clientRequestToken="t-1"
    )
    again = west.create_model_copy_job(
        sourceModelArn=source, targetModelName="copy", clientRequestToken="t-1"
    )
    assert again["jobArn"] == first["jobArn"]
    assert len(west.list_model_copy_jobs()["modelCopyJobSummaries"]) == 1
    with pytest.raises(ClientError) as error:
        west.create_model_copy_job(sourceModelArn=source, targetModelName="copy-2", clientRequestToken="t-1")
    # CreateModelCopyJob models no ConflictException: a token reused with other parameters is a validation error.
    assert code_of(error) == "ValidationException"


# --- deleting the source while it is copied ------------------------------------------------------------
def test_source_cannot_be_deleted_while_a_copy_reads_it(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    job = west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")["jobArn"]
    with pytest.raises(ClientError) as error:
        bedrock.delete_custom_model(modelIdentifier=source)
    assert code_of(error) == _behaviour.DELETE_IN_USE_CODE and job in message_of(error)
    bedrock_fake.clock.advance(COPY_SECONDS)
    bedrock.delete_custom_model(modelIdentifier=source)
    assert west.get_custom_model(modelIdentifier="copy")["modelStatus"] == "Active"  # the copy stays


def test_failed_copy_does_not_hold_the_source(bedrock_fake: BedrockFake, bedrock: Any, west: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.set_outcome("copy", "Failed")
    west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    bedrock_fake.clock.advance(COPY_SECONDS)
    bedrock.delete_custom_model(modelIdentifier=source)
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_without_the_block_the_copy_completes_from_its_snapshot(
    bedrock_fake: BedrockFake, bedrock: Any, west: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_behaviour, "MODEL_COPY_BLOCKS_SOURCE_DELETION", False)
    source = trained_model(bedrock_fake, bedrock)
    expected = bedrock.get_custom_model(modelIdentifier=source)["hyperParameters"]
    west.create_model_copy_job(sourceModelArn=source, targetModelName="copy")
    bedrock.delete_custom_model(modelIdentifier=source)
    bedrock_fake.clock.advance(COPY_SECONDS)
    assert west.get_custom_model(modelIdentifier="copy")["hyperParameters"] == expected


# --- ListModelCopyJobs -------------------------------------------------------------------------------------
@pytest.fixture
def three_jobs(bedrock_fake: BedrockFake, bedrock: Any, west: Any, other: Any) -> dict[str, Any]:
    """In us-west-2: alpha-copy (Completed), beta-copy (Failed) from source A; gamma-copy (InProgress)
    from a model of OTHER_ACCOUNT shared with us. One minute apart."""
    mine = nova_model(bedrock_fake, bedrock, "mine")
    theirs = nova_model(bedrock_fake, other, "theirs")
    bedrock_fake.share_model(theirs, bedrock_fake.account_id)
    bedrock_fake.set_duration("model_copy_job", 90)
    bedrock_fake.set_outcome("beta-copy", "Failed")
    times: list[dt.datetime] = []
    arns: list[str] = []
    for name, source in (("alpha-copy", mine), ("beta-copy", mine), ("gamma-copy", theirs)):
        arns.append(west.create_model_copy_job(sourceModelArn=source, targetModelName=name)["jobArn"])
        times.append(west.get_model_copy_job(jobArn=arns[-1])["creationTime"])
        bedrock_fake.clock.advance(60)
    return {"mine": mine, "theirs": theirs, "arns": arns, "times": times}


def _names(west: Any, **filters: Any) -> list[str]:
    return [j["targetModelName"] for j in west.list_model_copy_jobs(**filters)["modelCopyJobSummaries"]]


def test_list_defaults_to_newest_first_with_full_summaries(west: Any, three_jobs: dict[str, Any]) -> None:
    summaries = west.list_model_copy_jobs()["modelCopyJobSummaries"]
    assert [s["targetModelName"] for s in summaries] == ["gamma-copy", "beta-copy", "alpha-copy"]
    alpha = summaries[2]
    alpha_get = west.get_model_copy_job(jobArn=alpha["jobArn"])
    alpha_get.pop("ResponseMetadata")
    assert alpha == alpha_get
    assert summaries[1]["status"] == "Failed" and "failureMessage" in summaries[1]


def test_list_filters(bedrock_fake: BedrockFake, west: Any, three_jobs: dict[str, Any]) -> None:
    assert _names(west, statusEquals="Completed") == ["alpha-copy"]
    assert _names(west, statusEquals="Failed") == ["beta-copy"]
    assert _names(west, statusEquals="InProgress") == ["gamma-copy"]
    assert _names(west, sourceAccountEquals=OTHER_ACCOUNT) == ["gamma-copy"]
    assert _names(west, sourceAccountEquals=bedrock_fake.account_id) == ["beta-copy", "alpha-copy"]
    assert _names(west, sourceAccountEquals="000000000000") == []
    assert _names(west, sourceModelArnEquals=three_jobs["mine"]) == ["beta-copy", "alpha-copy"]
    assert _names(west, sourceModelArnEquals=three_jobs["theirs"]) == ["gamma-copy"]
    assert _names(west, targetModelNameContains="ALPHA") == ["alpha-copy"]
    assert _names(west, targetModelNameContains="copy", statusEquals="Failed") == ["beta-copy"]


def test_target_name_filter_is_sent_as_output_model_name_contains(
    west: Any, three_jobs: dict[str, Any]
) -> None:
    seen: list[str] = []

    def spy(model: Any, params: dict[str, Any], **_: Any) -> None:
        seen.append(str(params.get("query_string")))

    west.meta.events.register_first("before-call.bedrock.ListModelCopyJobs", spy)
    assert _names(west, targetModelNameContains="gamma") == ["gamma-copy"]
    assert "outputModelNameContains" in seen[0]


def test_list_time_filters_and_sort(west: Any, three_jobs: dict[str, Any]) -> None:
    t = three_jobs["times"]
    assert _names(west, creationTimeAfter=t[0], sortOrder="Ascending") == ["beta-copy", "gamma-copy"]
    assert _names(west, creationTimeBefore=t[2]) == ["beta-copy", "alpha-copy"]
    assert _names(west, creationTimeAfter=t[0] - dt.timedelta(seconds=1), creationTimeBefore=t[1]) == [
        "alpha-copy"
    ]
    assert _names(west, sortBy="CreationTime", sortOrder="Ascending") == [
        "alpha-copy",
        "beta-copy",
        "gamma-copy",
    ]


def test_list_pagination_and_paginator(west: Any, three_jobs: dict[str, Any]) -> None:
    first = west.list_model_copy_jobs(maxResults=2, sortOrder="Ascending")
    assert [j["targetModelName"] for j in first["modelCopyJobSummaries"]] == ["alpha-copy", "beta-copy"]
    second = west.list_model_copy_jobs(maxResults=2, sortOrder="Ascending", nextToken=first["nextToken"])
    assert [j["targetModelName"] for j in second["modelCopyJobSummaries"]] == ["gamma-copy"]
    assert "nextToken" not in second
    with pytest.raises(west.exceptions.ValidationException):
        west.list_model_copy_jobs(maxResults=2, sortOrder="Descending", nextToken=first["nextToken"])
    pages = list(west.get_paginator("list_model_copy_jobs").paginate(PaginationConfig={"PageSize": 1}))
    assert [p["modelCopyJobSummaries"][0]["targetModelName"] for p in pages] == [
        "gamma-copy",
        "beta-copy",
        "alpha-copy",
    ]


@pytest.mark.parametrize(
    ("filters", "member"),
    [
        ({"statusEquals": "Stopped"}, "statusEquals"),
        ({"sourceAccountEquals": "12345"}, "sourceAccountEquals"),
        ({"targetModelNameContains": "a--b"}, "targetModelNameContains"),
        ({"maxResults": 1001}, "maxResults"),
    ],
)
def test_list_invalid_filters(west: Any, filters: dict[str, Any], member: str) -> None:
    with pytest.raises(ClientError) as error:
        west.list_model_copy_jobs(**filters)
    assert code_of(error) == "ValidationException" and member in message_of(error)


def test_list_sees_only_the_callers_region(bedrock: Any, three_jobs: dict[str, Any]) -> None:
    assert bedrock.list_model_copy_jobs()["modelCopyJobSummaries"] == []


# --- sharing and cross-account copy -------------------------------------------------------------------------
def test_shared_model_is_visible_to_the_other_account(
    bedrock_fake: BedrockFake, bedrock: Any, other: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.get_custom_model(modelIdentifier=source)
    assert other.list_custom_models()["modelSummaries"] == []

    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    [shared] = other.list_custom_models(isOwned=False)["modelSummaries"]
    assert shared["modelArn"] == source and shared["ownerAccountId"] == bedrock_fake.account_id
    assert other.list_custom_models(isOwned=True)["modelSummaries"] == []
    assert [m["modelArn"] for m in other.list_custom_models()["modelSummaries"]] == [source]
    assert other.get_custom_model(modelIdentifier=source)["modelName"] == "nova-source"
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.get_custom_model(modelIdentifier="nova-source")  # by ARN only
    # the owner's view is unchanged
    assert [m["ownerAccountId"] for m in bedrock.list_custom_models(isOwned=True)["modelSummaries"]] == [
        bedrock_fake.account_id
    ]
    assert bedrock.list_custom_models(isOwned=False)["modelSummaries"] == []


def test_shared_model_is_listed_only_in_its_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    other_west = boto3.client("bedrock", region_name=WEST, **bedrock_fake.credentials_for(OTHER_ACCOUNT))
    assert other_west.list_custom_models(isOwned=False)["modelSummaries"] == []


def test_unshared_model_of_another_account_cannot_be_copied(
    bedrock_fake: BedrockFake, bedrock: Any, other: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    with pytest.raises(ClientError) as error:
        other.create_model_copy_job(sourceModelArn=source, targetModelName="stolen")
    assert code_of(error) == "ResourceNotFoundException"


def test_cross_account_copy_into_another_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    source = trained_model(bedrock_fake, bedrock)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    other_west = boto3.client("bedrock", region_name=WEST, **bedrock_fake.credentials_for(OTHER_ACCOUNT))
    job_arn = other_west.create_model_copy_job(sourceModelArn=source, targetModelName="their-copy")["jobArn"]
    assert f":{WEST}:{OTHER_ACCOUNT}:model-copy-job/" in job_arn
    job = other_west.get_model_copy_job(jobArn=job_arn)
    assert job["sourceAccountId"] == bedrock_fake.account_id
    assert job["sourceModelName"] == "trained-source"
    assert job["targetModelArn"].startswith(f"arn:aws:bedrock:{WEST}:{OTHER_ACCOUNT}:custom-model/")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_model_copy_job(jobArn=job_arn)  # the owner of the source does not see the job
    bedrock_fake.clock.advance(COPY_SECONDS)

    [copy] = other_west.list_custom_models(isOwned=True)["modelSummaries"]
    assert copy["ownerAccountId"] == OTHER_ACCOUNT and copy["modelName"] == "their-copy"
    assert copy["customizationType"] == "FINE_TUNING"
    # the copy belongs to the other account only
    west = boto3.client("bedrock", region_name=WEST)
    assert west.list_custom_models()["modelSummaries"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_custom_model(modelIdentifier=job["targetModelArn"])


def test_owner_cannot_delete_a_shared_model_while_another_account_copies_it(
    bedrock_fake: BedrockFake, bedrock: Any, other: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    other.create_model_copy_job(sourceModelArn=source, targetModelName="their-copy")
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.delete_custom_model(modelIdentifier=source)


def test_deleted_shared_model_disappears_for_the_other_account(
    bedrock_fake: BedrockFake, bedrock: Any, other: Any
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    bedrock.delete_custom_model(modelIdentifier=source)
    assert other.list_custom_models()["modelSummaries"] == []
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.create_model_copy_job(sourceModelArn=source, targetModelName="late")


def test_share_model_is_idempotent(bedrock_fake: BedrockFake, bedrock: Any, other: Any) -> None:
    source = nova_model(bedrock_fake, bedrock)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    bedrock_fake.share_model(source, OTHER_ACCOUNT)
    assert len(other.list_custom_models(isOwned=False)["modelSummaries"]) == 1


@pytest.mark.parametrize(
    ("arn", "account", "problem"),
    [
        ("not-an-arn", OTHER_ACCOUNT, "model_arn must be a custom-model ARN"),
        ("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0", OTHER_ACCOUNT, "model_arn"),
        (None, OTHER_ACCOUNT, "model_arn"),
        ("SOURCE", "12345", "account_id must be 12 digits"),
        (
            "arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/abcdefghij12",
            OTHER_ACCOUNT,
            "names no custom model",
        ),
        ("SOURCE", "123456789012", "already owns"),
    ],
)
def test_share_model_rejects_bad_input(
    bedrock_fake: BedrockFake, bedrock: Any, arn: Any, account: Any, problem: str
) -> None:
    source = nova_model(bedrock_fake, bedrock)
    with pytest.raises(ValueError, match=problem):
        bedrock_fake.share_model(source if arn == "SOURCE" else arn, account)


def test_paging_owned_and_shared_models_created_at_the_same_instant() -> None:
    from bedrock_fake import ManualClock, mock_bedrock

    with mock_bedrock(clock=ManualClock("2025-01-01T00:00:00Z")) as fake:
        owner = boto3.client("bedrock", region_name="us-east-1")
        other = boto3.client("bedrock", region_name="us-east-1", **fake.credentials_for("210987654321"))
        shared_arn = owner.create_custom_model(
            modelName="owned-a", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://bucket/nova/"}}
        )["modelArn"]
        other.create_custom_model(
            modelName="owned-b", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://bucket/nova/"}}
        )
        fake.share_model(shared_arn, "210987654321")
        pages = other.get_paginator("list_custom_models").paginate(PaginationConfig={"PageSize": 1})
        names = [m["modelName"] for page in pages for m in page["modelSummaries"]]
        assert sorted(names) == ["owned-a", "owned-b"]
