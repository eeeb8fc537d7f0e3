"""Model import jobs and imported models (reference §9), through real boto3 clients."""

from __future__ import annotations

import datetime as _dt
import re
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, ROLE

from bedrock_fake import BedrockFake, _behaviour
from bedrock_fake.resources import import_jobs

DURATION = _behaviour.DEFAULT_DURATIONS["model_import_job"]
JOB_ARN = re.compile(r"arn:aws:bedrock:us-east-1:123456789012:model-import-job/[a-z0-9]{12}")
MODEL_ARN = re.compile(r"arn:aws:bedrock:us-east-1:123456789012:imported-model/[a-z0-9]{12}")
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_KEY_ARN = f"arn:aws:kms:us-east-1:111122223333:key/{KEY_ID}"  # another account's key, this Region


def import_params(name: str = "import-1", model_name: str = "imported-1", **overrides: Any) -> dict[str, Any]:
    """Valid CreateModelImportJob parameters (override any member)."""
    params: dict[str, Any] = {
        "jobName": name,
        "importedModelName": model_name,
        "roleArn": ROLE,
        "modelDataSource": {"s3DataSource": {"s3Uri": "s3://weights-bucket/models/my-model/"}},
    }
    params.update(overrides)
    return params


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def strip(response: dict[str, Any]) -> dict[str, Any]:
    response.pop("ResponseMetadata", None)
    return response


def import_completed(bedrock: Any, fake: BedrockFake, **params: Any) -> dict[str, Any]:
    """Create a job, let it finish, return GetImportedModel's answer."""
    p = import_params(**params)
    bedrock.create_model_import_job(**p)
    fake.clock.advance(DURATION)
    return strip(bedrock.get_imported_model(modelIdentifier=p["importedModelName"]))


# --- create / get / lifecycle ----------------------------------------------------------------------
def test_create_then_get_in_progress(bedrock: Any) -> None:
    vpc = {"subnetIds": ["subnet-0123", "subnet-4567"], "securityGroupIds": ["sg-0123"]}
    response = bedrock.create_model_import_job(**import_params(vpcConfig=vpc))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = response["jobArn"]
    assert JOB_ARN.fullmatch(arn)

    job = strip(bedrock.get_model_import_job(jobIdentifier="import-1"))
    assert job["jobArn"] == arn
    assert job["jobName"] == "import-1"
    assert job["importedModelName"] == "imported-1"
    assert job["roleArn"] == ROLE
    assert job["modelDataSource"] == {"s3DataSource": {"s3Uri": "s3://weights-bucket/models/my-model/"}}
    assert job["vpcConfig"] == vpc
    assert job["status"] == "InProgress"
    assert job["creationTime"].tzinfo is not None
    assert job["lastModifiedTime"] == job["creationTime"]
    for absent in ("importedModelArn", "endTime", "failureMessage", "importedModelKmsKeyArn"):
        assert absent not in job
    # by ARN as well
    assert strip(bedrock.get_model_import_job(jobIdentifier=arn)) == job
    # the model does not exist yet
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_imported_model(modelIdentifier="imported-1")


def test_job_completes_after_default_duration_and_creates_the_model(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    tags = [{"key": "team", "value": "ml"}, {"key": "env", "value": "test"}]
    job_arn = bedrock.create_model_import_job(**import_params(importedModelTags=tags))["jobArn"]
    bedrock_fake.clock.advance(DURATION - 1)
    assert bedrock.get_model_import_job(jobIdentifier=job_arn)["status"] == "InProgress"
    assert bedrock.list_imported_models()["modelSummaries"] == []

    bedrock_fake.clock.advance(1)
    job = strip(bedrock.get_model_import_job(jobIdentifier=job_arn))
    assert job["status"] == "Completed"
    assert job["endTime"] - job["creationTime"] == _dt.timedelta(seconds=DURATION)
    assert job["lastModifiedTime"] == job["endTime"]
    assert "failureMessage" not in job
    assert MODEL_ARN.fullmatch(job["importedModelArn"])

    model = strip(bedrock.get_imported_model(modelIdentifier="imported-1"))
    assert model == {
        "modelArn": job["importedModelArn"],
        "modelName": "imported-1",
        "jobName": "import-1",
        "jobArn": job_arn,
        "modelDataSource": {"s3DataSource": {"s3Uri": "s3://weights-bucket/models/my-model/"}},
        "creationTime": job["endTime"],
        "modelArchitecture": _behaviour.IMPORT_DEFAULT_ARCHITECTURE,
        "instructSupported": True,
        "customModelUnits": {"customModelUnitsPerModelCopy": 2, "customModelUnitsVersion": "v1.0"},
    }
    assert strip(bedrock.get_imported_model(modelIdentifier=model["modelArn"])) == model
    assert bedrock.list_tags_for_resource(resourceARN=model["modelArn"])["tags"] == tags
    # jobTags were not given: the job has none, and the model's tags are not the job's
    assert bedrock.list_tags_for_resource(resourceARN=job_arn)["tags"] == []


def test_get_imported_model_returns_every_output_member_of_the_service_model(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    model = import_completed(bedrock, bedrock_fake, importedModelKmsKeyId=KEY_ID)
    shape = boto3.client("bedrock", region_name=REGION).meta.service_model.operation_model(
        "GetImportedModel"
    ).output_shape
    assert set(model) == set(shape.members)
    assert set(model["customModelUnits"]) == set(shape.members["customModelUnits"].members)


def test_set_duration(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("model_import_job", 30)
    bedrock.create_model_import_job(**import_params())
    bedrock_fake.clock.advance(29)
    assert bedrock.get_model_import_job(jobIdentifier="import-1")["status"] == "InProgress"
    bedrock_fake.clock.advance(1)
    assert bedrock.get_model_import_job(jobIdentifier="import-1")["status"] == "Completed"
    bedrock.get_imported_model(modelIdentifier="imported-1")


def test_polling_loop_with_sleep_finishes(bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_params())["jobArn"]
    polls = 0
    while bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress":
        polls += 1
        assert polls < 100
        time.sleep(60)  # moves the fake's clock
    assert polls == DURATION // 60
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"


@pytest.mark.parametrize("identify_by", ["name", "arn"])
def test_set_outcome_failed_on_a_running_job(
    bedrock: Any, bedrock_fake: BedrockFake, identify_by: str
) -> None:
    arn = bedrock.create_model_import_job(**import_params())["jobArn"]
    bedrock_fake.clock.advance(60)
    bedrock_fake.set_outcome("import-1" if identify_by == "name" else arn, "Failed", message="bad weights")
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
    bedrock_fake.clock.advance(DURATION)
    job = strip(bedrock.get_model_import_job(jobIdentifier=arn))
    assert job["status"] == "Failed"
    assert job["failureMessage"] == "bad weights"
    assert job["endTime"] == job["lastModifiedTime"]
    assert "importedModelArn" not in job
    assert bedrock.list_imported_models()["modelSummaries"] == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_imported_model(modelIdentifier="imported-1")
    summary = bedrock.list_model_import_jobs()["modelImportJobSummaries"][0]
    assert summary["status"] == "Failed" and "importedModelArn" not in summary
    assert summary["endTime"] == job["endTime"]


def test_a_failing_job_fails_when_it_would_have_completed(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("import-1", "Failed", message="unsupported architecture")
    bedrock.create_model_import_job(**import_params())
    bedrock_fake.clock.advance(DURATION * _behaviour.IMPORT_JOB_FAILURE_SHARE - 1)
    assert bedrock.get_model_import_job(jobIdentifier="import-1")["status"] == "InProgress"
    bedrock_fake.clock.advance(1)
    job = bedrock.get_model_import_job(jobIdentifier="import-1")
    assert (job["status"], job["failureMessage"]) == ("Failed", "unsupported architecture")
    assert job["endTime"] - job["creationTime"] == _dt.timedelta(seconds=DURATION)


@pytest.mark.parametrize("name", ["import-1", "imported-1"])
def test_set_outcome_before_the_job_exists(bedrock: Any, bedrock_fake: BedrockFake, name: str) -> None:
    """By job name or by the imported model's name, for the next job created with it."""
    bedrock_fake.set_outcome(name, "Failed", kind="model_import_job")
    bedrock.create_model_import_job(**import_params())
    bedrock_fake.clock.advance(DURATION)
    job = bedrock.get_model_import_job(jobIdentifier="import-1")
    assert job["status"] == "Failed"
    assert job["failureMessage"]  # a default message
    # used once: the next job completes
    bedrock.create_model_import_job(**import_params("import-2", "imported-2"))
    bedrock_fake.clock.advance(DURATION)
    assert bedrock.get_model_import_job(jobIdentifier="import-2")["status"] == "Completed"


def test_set_outcome_completed_keeps_a_running_job_on_course(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_import_job(**import_params())
    bedrock_fake.set_outcome("import-1", "Failed")
    bedrock_fake.set_outcome("import-1", "Completed")
    bedrock_fake.clock.advance(DURATION)
    assert bedrock.get_model_import_job(jobIdentifier="import-1")["status"] == "Completed"
    bedrock.get_imported_model(modelIdentifier="imported-1")


def test_set_outcome_rejects_unknown_status_for_the_kind(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ValueError):
        bedrock_fake.set_outcome("import-1", "Stopped", kind="model_import_job")


# --- derived model properties ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("uri", "architecture", "units"),
    [
        ("s3://weights-bucket/Mistral-7B-Instruct-v0.3/", "mistral", 2),
        ("s3://weights-bucket/mixtral-8x7b/", "mixtral", 8),
        ("s3://weights-bucket/flan-t5-xl", "flan", 2),
        ("s3://weights-bucket/qwen2.5-7b/", "qwen2", 2),
        ("s3://weights-bucket/llama-2-13b/", "llama2", 2),
        ("s3://weights-bucket/Meta-Llama-3.1-8B/", "llama3", 2),
        ("s3://weights-bucket/my-own-model/", "llama3", 2),
    ],
)
def test_architecture_is_derived_from_the_s3_uri(
    bedrock: Any, bedrock_fake: BedrockFake, uri: str, architecture: str, units: int
) -> None:
    model = import_completed(bedrock, bedrock_fake, modelDataSource={"s3DataSource": {"s3Uri": uri}})
    assert model["modelArchitecture"] == architecture
    assert model["customModelUnits"]["customModelUnitsPerModelCopy"] == units
    summary = bedrock.list_imported_models()["modelSummaries"][0]
    assert summary["modelArchitecture"] == architecture
    assert summary["instructSupported"] is True


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (KEY_ID, f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"),
        (OTHER_KEY_ARN, OTHER_KEY_ARN),
        ("alias/my-key", None),
        ("arn:aws:kms:us-east-1:123456789012:alias/my-key", None),
    ],
)
def test_kms_key_is_resolved_to_a_key_arn(
    bedrock: Any, bedrock_fake: BedrockFake, key: str, expected: str | None
) -> None:
    bedrock.create_model_import_job(**import_params(importedModelKmsKeyId=key))
    job_key = bedrock.get_model_import_job(jobIdentifier="import-1")["importedModelKmsKeyArn"]
    assert re.fullmatch(r"arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]{36}", job_key)
    if expected is not None:
        assert job_key == expected
    bedrock_fake.clock.advance(DURATION)
    assert bedrock.get_imported_model(modelIdentifier="imported-1")["modelKmsKeyArn"] == job_key


def test_without_kms_key_no_key_members(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model = import_completed(bedrock, bedrock_fake)
    assert "modelKmsKeyArn" not in model
    assert "importedModelKmsKeyArn" not in bedrock.get_model_import_job(jobIdentifier="import-1")


# --- validation and not-found ----------------------------------------------------------------------
def test_job_name_with_underscore_is_rejected_by_the_pattern(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_import_job(**import_params("my_import"))
    _code, message = error_of(excinfo)
    assert "'my_import' at 'jobName'" in message
    assert "regular expression pattern" in message
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


@pytest.mark.parametrize(
    ("overrides", "member"),
    [
        ({"importedModelName": "-bad"}, "importedModelName"),
        ({"roleArn": "arn:aws:iam::123:user/x"}, "roleArn"),
        ({"modelDataSource": {"s3DataSource": {"s3Uri": "s3://b/x"}}}, "modelDataSource.s3DataSource.s3Uri"),
        ({"importedModelKmsKeyId": "not a key"}, "importedModelKmsKeyId"),
        ({"clientRequestToken": "bad_token"}, "clientRequestToken"),
        ({"jobName": "j" * 64}, "jobName"),
        ({"vpcConfig": {"subnetIds": ["subnet_1"], "securityGroupIds": ["sg-1"]}}, "vpcConfig.subnetIds"),
    ],
)
def test_invalid_members_are_named(bedrock: Any, overrides: dict[str, Any], member: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_import_job(**import_params(**overrides))
    assert f"at '{member}" in error_of(excinfo)[1]
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


def test_get_job_unknown_and_empty_identifier(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
        bedrock.get_model_import_job(jobIdentifier="nope")
    assert "nope" in error_of(excinfo)[1]
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_model_import_job(
            jobIdentifier="arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl"
        )
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.get_model_import_job(jobIdentifier="")
    assert "jobIdentifier" in error_of(excinfo)[1]


def test_get_imported_model_unknown_and_invalid(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
        bedrock.get_imported_model(modelIdentifier="missing-model")
    assert "missing-model" in error_of(excinfo)[1]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.get_imported_model(modelIdentifier="arn:aws:bedrock:us-east-1:123456789012:custom-model/x")
    assert "modelIdentifier" in error_of(excinfo)[1]


def test_imported_model_arn_from_another_region_or_account_is_not_found(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    arn = import_completed(bedrock, bedrock_fake)["modelArn"]
    west = boto3.client("bedrock", region_name="us-west-2")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_imported_model(modelIdentifier=arn)
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_imported_model(modelIdentifier="imported-1")
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.delete_imported_model(modelIdentifier=arn)
    other = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.get_imported_model(modelIdentifier=arn)
    for foreign in (arn.replace("us-east-1", "eu-west-1"), arn.replace("123456789012", "210987654321")):
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            bedrock.get_imported_model(modelIdentifier=foreign)
    # the original is untouched
    assert bedrock.get_imported_model(modelIdentifier=arn)["modelArn"] == arn
    assert west.list_imported_models()["modelSummaries"] == []
    assert west.list_model_import_jobs()["modelImportJobSummaries"] == []


# --- names ----------------------------------------------------------------------------------------
def test_duplicate_job_name_is_a_conflict(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_import_job(**import_params())
    with pytest.raises(bedrock.exceptions.ConflictException) as excinfo:
        bedrock.create_model_import_job(**import_params(model_name="other-model"))
    assert "import-1" in error_of(excinfo)[1]
    # still taken after the job ends (jobs are kept)
    bedrock_fake.set_outcome("import-1", "Failed")
    bedrock_fake.clock.advance(DURATION)
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.create_model_import_job(**import_params(model_name="other-model"))
    assert len(bedrock.list_model_import_jobs()["modelImportJobSummaries"]) == 1


def test_model_name_taken_by_a_running_job_or_a_model_is_a_conflict(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    bedrock.create_model_import_job(**import_params())
    with pytest.raises(bedrock.exceptions.ConflictException) as excinfo:
        bedrock.create_model_import_job(**import_params("import-2"))
    assert "imported-1" in error_of(excinfo)[1]
    bedrock_fake.clock.advance(DURATION)
    with pytest.raises(bedrock.exceptions.ConflictException) as excinfo:
        bedrock.create_model_import_job(**import_params("import-2"))
    assert "imported-1" in error_of(excinfo)[1]
    assert len(bedrock.list_model_import_jobs()["modelImportJobSummaries"]) == 1
    # freed by deleting the model
    bedrock.delete_imported_model(modelIdentifier="imported-1")
    bedrock.create_model_import_job(**import_params("import-2"))


def test_model_name_is_freed_when_a_job_fails(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("import-1", "Failed")
    bedrock.create_model_import_job(**import_params())
    bedrock_fake.clock.advance(DURATION)
    bedrock.create_model_import_job(**import_params("import-2"))
    bedrock_fake.clock.advance(DURATION)
    model = bedrock.get_imported_model(modelIdentifier="imported-1")
    assert model["jobName"] == "import-2"


def test_same_names_in_another_region_are_independent(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_import_job(**import_params())
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = west.create_model_import_job(**import_params())["jobArn"]
    assert ":us-west-2:" in arn


# --- idempotency ----------------------------------------------------------------------------------
def test_client_request_token_replays_the_original_answer(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    params = import_params(clientRequestToken="token-1")
    first = bedrock.create_model_import_job(**params)["jobArn"]
    bedrock_fake.clock.advance(DURATION)  # even after the job finished and its names are taken
    assert bedrock.create_model_import_job(**params)["jobArn"] == first
    assert len(bedrock.list_model_import_jobs()["modelImportJobSummaries"]) == 1
    assert len(bedrock.list_imported_models()["modelSummaries"]) == 1


def test_client_request_token_with_different_parameters_is_refused(bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_params(clientRequestToken="token-1"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(
            **import_params("import-2", "imported-2", clientRequestToken="token-1")
        )
    assert error_of(excinfo)[0] == _behaviour.TOKEN_MISMATCH_CODE
    assert "token-1" in error_of(excinfo)[1]
    assert len(bedrock.list_model_import_jobs()["modelImportJobSummaries"]) == 1


def test_without_a_token_a_repeated_call_is_not_idempotent(bedrock: Any) -> None:
    """botocore does not fill clientRequestToken for CreateModelImportJob."""
    bedrock.create_model_import_job(**import_params())
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.create_model_import_job(**import_params())


# --- tags ------------------------------------------------------------------------------------------
def test_tags_on_job_and_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    job_arn = bedrock.create_model_import_job(
        **import_params(
            jobTags=[{"key": "k1", "value": "v1"}], importedModelTags=[{"key": "m", "value": "1"}]
        )
    )["jobArn"]
    assert bedrock.list_tags_for_resource(resourceARN=job_arn)["tags"] == [{"key": "k1", "value": "v1"}]
    more = [{"key": "k2", "value": "v2"}, {"key": "k1", "value": "new"}]
    bedrock.tag_resource(resourceARN=job_arn, tags=more)
    bedrock.untag_resource(resourceARN=job_arn, tagKeys=["k2", "absent"])
    assert bedrock.list_tags_for_resource(resourceARN=job_arn)["tags"] == [{"key": "k1", "value": "new"}]

    bedrock_fake.clock.advance(DURATION)
    model_arn = bedrock.get_imported_model(modelIdentifier="imported-1")["modelArn"]
    bedrock.tag_resource(resourceARN=model_arn, tags=[{"key": "x", "value": "y"}])
    assert bedrock.list_tags_for_resource(resourceARN=model_arn)["tags"] == [
        {"key": "m", "value": "1"},
        {"key": "x", "value": "y"},
    ]
    bedrock.delete_imported_model(modelIdentifier=model_arn)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=model_arn)


@pytest.mark.parametrize("member", ["jobTags", "importedModelTags"])
def test_too_many_create_tags_creates_nothing(bedrock: Any, member: str) -> None:
    tags = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(bedrock.exceptions.TooManyTagsException) as excinfo:
        bedrock.create_model_import_job(**import_params(**{member: tags}))
    assert excinfo.value.response["resourceName"]
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    # nothing was reserved either
    bedrock.create_model_import_job(**import_params())


def test_reserved_tag_key_is_refused(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_import_job(**import_params(jobTags=[{"key": "aws:x", "value": "v"}]))
    assert "jobTags" in error_of(excinfo)[1]


# --- lists -----------------------------------------------------------------------------------------
def _make_jobs(bedrock: Any, fake: BedrockFake, count: int) -> list[str]:
    arns = []
    for i in range(count):
        arns.append(bedrock.create_model_import_job(**import_params(f"Import-{i}", f"model-{i}"))["jobArn"])
        fake.clock.advance(60)
    return arns


def test_list_jobs_default_order_and_summary_members(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arns = _make_jobs(bedrock, bedrock_fake, 3)
    summaries = bedrock.list_model_import_jobs()["modelImportJobSummaries"]
    assert [s["jobArn"] for s in summaries] == arns[::-1]  # newest first
    first = summaries[-1]
    assert set(first) == {
        "jobArn", "jobName", "status", "lastModifiedTime", "creationTime", "importedModelName"
    }
    assert first["importedModelName"] == "model-0"
    bedrock_fake.clock.advance(DURATION)
    done = bedrock.list_model_import_jobs(sortOrder="Ascending")["modelImportJobSummaries"][0]
    model_arn = bedrock.get_imported_model(modelIdentifier="model-0")["modelArn"]
    assert done["status"] == "Completed"
    assert done["importedModelArn"] == model_arn
    assert done["endTime"] == done["lastModifiedTime"]


def test_list_jobs_status_filter(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("Import-1", "Failed")
    _make_jobs(bedrock, bedrock_fake, 2)
    bedrock_fake.clock.advance(DURATION - 60)  # Import-0 and Import-1 end, Import-2 is still running
    bedrock.create_model_import_job(**import_params("Import-2", "model-2"))

    def names(**kw: Any) -> list[str]:
        return sorted(s["jobName"] for s in bedrock.list_model_import_jobs(**kw)["modelImportJobSummaries"])

    assert names(statusEquals="Completed") == ["Import-0"]
    assert names(statusEquals="Failed") == ["Import-1"]
    assert names(statusEquals="InProgress") == ["Import-2"]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_import_jobs(statusEquals="Stopped")
    assert "statusEquals" in error_of(excinfo)[1]


def test_list_jobs_name_filter(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _make_jobs(bedrock, bedrock_fake, 3)
    bedrock.create_model_import_job(**import_params("other", "other-model"))
    got = bedrock.list_model_import_jobs(nameContains="import")["modelImportJobSummaries"]
    assert sorted(s["jobName"] for s in got) == ["Import-0", "Import-1", "Import-2"]  # case-insensitive
    got = bedrock.list_model_import_jobs(nameContains="ort-1")["modelImportJobSummaries"]
    assert [s["jobName"] for s in got] == ["Import-1"]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_import_jobs(nameContains="import_1")
    assert "nameContains" in error_of(excinfo)[1]


def test_list_jobs_time_filters(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _make_jobs(bedrock, bedrock_fake, 3)
    jobs = bedrock.list_model_import_jobs(sortOrder="Ascending")["modelImportJobSummaries"]
    t0, t1, t2 = (j["creationTime"] for j in jobs)
    after = bedrock.list_model_import_jobs(creationTimeAfter=t0)["modelImportJobSummaries"]
    assert sorted(j["jobName"] for j in after) == ["Import-1", "Import-2"]
    before = bedrock.list_model_import_jobs(creationTimeBefore=t2)["modelImportJobSummaries"]
    assert sorted(j["jobName"] for j in before) == ["Import-0", "Import-1"]
    both = bedrock.list_model_import_jobs(creationTimeAfter=t0, creationTimeBefore=t2)
    assert [j["creationTime"] for j in both["modelImportJobSummaries"]] == [t1]


def test_list_jobs_pagination(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arns = _make_jobs(bedrock, bedrock_fake, 5)
    page = bedrock.list_model_import_jobs(maxResults=2, sortOrder="Ascending")
    assert [s["jobArn"] for s in page["modelImportJobSummaries"]] == arns[:2]
    page2 = bedrock.list_model_import_jobs(maxResults=2, sortOrder="Ascending", nextToken=page["nextToken"])
    assert [s["jobArn"] for s in page2["modelImportJobSummaries"]] == arns[2:4]
    # a token from another query is refused
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_import_jobs(maxResults=2, sortOrder="Descending", nextToken=page["nextToken"])
    assert "nextToken" in error_of(excinfo)[1]
    with pytest.raises(bedrock.exceptions.ValidationException):
        bedrock.list_model_import_jobs(maxResults=1001)

    paginator = bedrock.get_paginator("list_model_import_jobs")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["modelImportJobSummaries"]) for p in pages] == [2, 2, 1]
    assert "nextToken" not in pages[-1]
    assert [s["jobArn"] for p in pages for s in p["modelImportJobSummaries"]] == arns[::-1]
    filtered = paginator.paginate(nameContains="Import", PaginationConfig={"PageSize": 1}).build_full_result()
    assert len(filtered["modelImportJobSummaries"]) == 5


def _make_models(bedrock: Any, fake: BedrockFake, names: list[str]) -> list[str]:
    for i, name in enumerate(names):
        bedrock.create_model_import_job(**import_params(f"job-{i}", name))
        fake.clock.advance(60)
    fake.clock.advance(DURATION)
    return [bedrock.get_imported_model(modelIdentifier=n)["modelArn"] for n in names]


def test_list_imported_models_filters_sort_and_pagination(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arns = _make_models(bedrock, bedrock_fake, ["Alpha-model", "beta-model", "gamma_model", "delta"])
    summaries = bedrock.list_imported_models()["modelSummaries"]
    assert [s["modelArn"] for s in summaries] == arns[::-1]
    assert set(summaries[0]) == {
        "modelArn", "modelName", "creationTime", "instructSupported", "modelArchitecture"
    }
    asc = bedrock.list_imported_models(sortBy="CreationTime", sortOrder="Ascending")["modelSummaries"]
    assert [s["modelArn"] for s in asc] == arns

    names = [s["modelName"] for s in bedrock.list_imported_models(nameContains="MODEL")["modelSummaries"]]
    assert sorted(names) == ["Alpha-model", "beta-model", "gamma_model"]
    names = [s["modelName"] for s in bedrock.list_imported_models(nameContains="a_m")["modelSummaries"]]
    assert names == ["gamma_model"]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_imported_models(nameContains="bad--name")
    assert "nameContains" in error_of(excinfo)[1]

    times = [s["creationTime"] for s in asc]
    after = bedrock.list_imported_models(creationTimeAfter=times[1])["modelSummaries"]
    assert sorted(s["modelArn"] for s in after) == sorted(arns[2:])
    before = bedrock.list_imported_models(creationTimeBefore=times[1])["modelSummaries"]
    assert [s["modelArn"] for s in before] == arns[:1]

    page = bedrock.list_imported_models(maxResults=3)
    assert len(page["modelSummaries"]) == 3 and "nextToken" in page
    rest = bedrock.list_imported_models(maxResults=3, nextToken=page["nextToken"])
    assert [s["modelArn"] for s in rest["modelSummaries"]] == arns[:1] and "nextToken" not in rest
    pages = list(bedrock.get_paginator("list_imported_models").paginate(PaginationConfig={"PageSize": 1}))
    assert [s["modelArn"] for p in pages for s in p["modelSummaries"]] == arns[::-1]


# --- delete ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("identify_by", ["name", "arn"])
def test_delete_imported_model(bedrock: Any, bedrock_fake: BedrockFake, identify_by: str) -> None:
    model = import_completed(bedrock, bedrock_fake)
    identifier = model["modelName"] if identify_by == "name" else model["modelArn"]
    response = bedrock.delete_imported_model(modelIdentifier=identifier)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert strip(response) == {}
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_imported_model(modelIdentifier=identifier)
    assert bedrock.list_imported_models()["modelSummaries"] == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
        bedrock.delete_imported_model(modelIdentifier=identifier)
    assert identifier in error_of(excinfo)[1]
    # the job keeps its history
    assert bedrock.get_model_import_job(jobIdentifier="import-1")["importedModelArn"] == model["modelArn"]


def test_delete_unknown_imported_model(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.delete_imported_model(modelIdentifier="never-imported")


def test_a_declared_use_blocks_deletion(
    bedrock: Any, bedrock_fake: BedrockFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any family that declares it uses imported models (``Uses``) blocks their deletion, through the
    core's one in-use check: no hook list in this family to append to."""
    from bedrock_fake._references import Uses

    model = import_completed(bedrock, bedrock_fake)
    seen: list[str] = []

    def uses(job: Any, now: Any) -> tuple[str, ...]:
        seen.append(job.arn)
        return (model["modelArn"],)

    message = lambda request, user, used: f"The imported model {used.name} is used by {user.name}."  # noqa: E731
    monkeypatch.setattr(import_jobs.JOBS, "uses", (Uses(import_jobs.MODELS.kind, uses, message),))
    with pytest.raises(bedrock.exceptions.ConflictException) as excinfo:
        bedrock.delete_imported_model(modelIdentifier="imported-1")
    assert "is used by import-1" in error_of(excinfo)[1]
    assert seen  # the declaration was asked about the import job
    bedrock.get_imported_model(modelIdentifier="imported-1")  # still there

    monkeypatch.setattr(import_jobs.JOBS, "uses", ())
    bedrock.delete_imported_model(modelIdentifier="imported-1")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_imported_model(modelIdentifier="imported-1")


def test_reset_forgets_jobs_and_models(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    import_completed(bedrock, bedrock_fake)
    bedrock_fake.reset()
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    assert bedrock.list_imported_models()["modelSummaries"] == []
    bedrock.create_model_import_job(**import_params())


def test_outcome_changes_on_a_running_job_create_one_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_import_job(
        jobName="flip", importedModelName="flip-model", roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://bucket/llama/"}},
    )
    for status in ("Completed", "Failed", "Completed"):
        bedrock_fake.set_outcome("flip", status)
    bedrock_fake.clock.advance(3600)
    names = [m["modelName"] for m in bedrock.list_imported_models()["modelSummaries"]]
    assert names == ["flip-model"]
    bedrock.delete_imported_model(modelIdentifier="flip-model")
    assert bedrock.list_imported_models()["modelSummaries"] == []
