"""Batch inference (model invocation) jobs through boto3: lifecycle on the clock, filters, errors, tags."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError, WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client
from conftest import REGION, ROLE, customization_job_params

from bedrock_fake import BedrockFake, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
JOB_ARN = re.compile(_MODEL.shape_for("ModelInvocationJobArn").metadata["pattern"])
RUN = _behaviour.DEFAULT_DURATIONS["model_invocation_job"]
STOP = _behaviour.DEFAULT_DURATIONS["stop"]
#: modelInvocationType arrived after the oldest botocore we support
HAS_INVOCATION_TYPE = "modelInvocationType" in _MODEL.operation_model("CreateModelInvocationJob").input_shape.members
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"

#: The Airflow Amazon provider's batch-inference waiters, copied unchanged (acceptors in their order) from
#: apache-airflow-providers-amazon 9.39.0, airflow/providers/amazon/aws/waiters/bedrock.json. Note what they
#: decide: ``batch_inference_scheduled`` succeeds on Scheduled (or Completed) and *retries* on InProgress;
#: both fail on Stopping. tests/test_airflow_batch_inference.py checks this copy against the installed file.


def _acceptors(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"matcher": "path", "argument": "status", "expected": expected, "state": state}
            for expected, state in pairs]


AIRFLOW_WAITERS = {
    "version": 2,
    "waiters": {
        "batch_inference_scheduled": {
            "delay": 120, "maxAttempts": 75, "operation": "GetModelInvocationJob",
            "acceptors": _acceptors(
                ("Completed", "success"), ("Failed", "failure"), ("Stopped", "failure"), ("Stopping", "failure"),
                ("PartiallyCompleted", "failure"), ("Expired", "failure"), ("Submitted", "retry"),
                ("InProgress", "retry"), ("Validating", "retry"), ("Scheduled", "success"),
            ),
        },
        "batch_inference_complete": {
            "delay": 120, "maxAttempts": 75, "operation": "GetModelInvocationJob",
            "acceptors": _acceptors(
                ("Completed", "success"), ("Failed", "failure"), ("Stopped", "failure"),
                ("PartiallyCompleted", "failure"), ("Expired", "failure"), ("Stopping", "failure"),
                ("Submitted", "retry"), ("InProgress", "retry"), ("Validating", "retry"), ("Scheduled", "retry"),
            ),
        },
    },
}


def job_params(name: str = "batch-1", **overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "jobName": name,
        "roleArn": ROLE,
        "modelId": HAIKU,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://batch-input/records.jsonl"}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://batch-output/results/"}},
    }
    params.update(overrides)
    return params


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def test_walks_every_status_to_completed_on_the_clock(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    assert JOB_ARN.fullmatch(arn)
    seen = []
    for _ in range(int(RUN // 30) + 2):
        status = bedrock.get_model_invocation_job(jobIdentifier=arn)["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        bedrock_fake.clock.advance(30)
    assert seen == ["Submitted", "Validating", "Scheduled", "InProgress", "Completed"]
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert job["endTime"] - job["submitTime"] == dt.timedelta(seconds=RUN)
    assert job["lastModifiedTime"] == job["endTime"]
    assert "message" not in job


def test_get_echoes_the_request_and_fills_what_aws_fills(bedrock: Any) -> None:
    vpc = {"subnetIds": ["subnet-0123456789abcdef0"], "securityGroupIds": ["sg-0123456789abcdef0"]}
    params = job_params(vpcConfig=vpc, timeoutDurationInHours=48, clientRequestToken="token-1")
    if HAS_INVOCATION_TYPE:
        params["modelInvocationType"] = "Converse"
    arn = bedrock.create_model_invocation_job(**params)["jobArn"]
    job_id = arn.rsplit("/", 1)[1]
    job = bedrock.get_model_invocation_job(jobIdentifier=job_id)  # the 12-character id works as well as the ARN
    assert job["jobArn"] == arn and job["jobName"] == "batch-1" and job["modelId"] == HAIKU
    assert job["inputDataConfig"] == params["inputDataConfig"] and job["outputDataConfig"] == params["outputDataConfig"]
    assert job["vpcConfig"] == vpc
    if HAS_INVOCATION_TYPE:
        assert job["modelInvocationType"] == "Converse"
    assert job["clientRequestToken"] == "token-1" and job["roleArn"] == ROLE
    assert job["timeoutDurationInHours"] == 48
    assert job["jobExpirationTime"] - job["submitTime"] == dt.timedelta(hours=48)
    assert "endTime" not in job and "totalRecordCount" not in job
    default = bedrock.get_model_invocation_job(
        jobIdentifier=bedrock.create_model_invocation_job(**job_params("batch-2"))["jobArn"]
    )
    assert default["timeoutDurationInHours"] == 24


def test_model_id_echo_and_input_format_are_choices(monkeypatch: pytest.MonkeyPatch, bedrock: Any) -> None:
    profile = f"us.{HAIKU}"
    plain = bedrock.create_model_invocation_job(**job_params("plain", modelId=profile))["jobArn"]
    job = bedrock.get_model_invocation_job(jobIdentifier=plain)
    assert job["modelId"] == profile and "s3InputFormat" not in job["inputDataConfig"]["s3InputDataConfig"]
    monkeypatch.setattr(_behaviour, "BATCH_JOB_MODEL_ID_ECHO", "resolved")
    monkeypatch.setattr(_behaviour, "BATCH_JOB_DEFAULT_S3_INPUT_FORMAT", "JSONL")
    job = bedrock.get_model_invocation_job(jobIdentifier=plain)
    assert job["modelId"] == f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/{profile}"
    assert job["inputDataConfig"]["s3InputDataConfig"]["s3InputFormat"] == "JSONL"
    by_id = bedrock.create_model_invocation_job(**job_params("by-id"))["jobArn"]
    summary = bedrock.list_model_invocation_jobs(nameContains="by-id")["invocationJobSummaries"][0]
    assert summary["jobArn"] == by_id and summary["modelId"] == f"arn:aws:bedrock:{REGION}::foundation-model/{HAIKU}"


def test_a_job_name_is_never_an_identifier(bedrock: Any) -> None:
    """A 12-character lowercase name fits the id pattern, but identifiers are ids: the name names nothing."""
    arn = bedrock.create_model_invocation_job(**job_params("nightlyjob01"))["jobArn"]
    with pytest.raises(ClientError) as error:
        bedrock.get_model_invocation_job(jobIdentifier="nightlyjob01")
    assert error_of(error)[0] == "ResourceNotFoundException"
    assert bedrock.get_model_invocation_job(jobIdentifier=arn.rsplit("/", 1)[1])["jobName"] == "nightlyjob01"


def test_airflow_waiters_succeed_within_their_default_budgets(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    model = WaiterModel(AIRFLOW_WAITERS)
    start = bedrock_fake.clock.now()
    create_waiter_with_client("batch_inference_scheduled", model, bedrock).wait(jobIdentifier=arn)
    create_waiter_with_client("batch_inference_complete", model, bedrock).wait(jobIdentifier=arn)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "Completed"
    waited = (bedrock_fake.clock.now() - start).total_seconds()
    assert RUN <= waited < 20 * 60  # virtual time: inside the operator's 20 polls of 60 s


def test_airflow_operator_polling_budget(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """The operator's own loop: 20 polls, 60 s apart, must see Completed."""
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    for _ in range(20):
        if bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "Completed":
            break
        time.sleep(60)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "Completed"


def test_airflow_scheduled_waiter_retries_on_in_progress(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """A job already InProgress when the waiter starts: Airflow's waiter retries until Completed."""
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock_fake.clock.advance(RUN * 0.5)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "InProgress"
    create_waiter_with_client("batch_inference_scheduled", WaiterModel(AIRFLOW_WAITERS), bedrock).wait(
        jobIdentifier=arn)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "Completed"


@pytest.mark.parametrize("name", ["batch_inference_scheduled", "batch_inference_complete"])
def test_airflow_waiters_fail_on_stopping(bedrock_fake: BedrockFake, bedrock: Any, name: str) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    start = bedrock_fake.clock.now()
    with pytest.raises(WaiterError) as error:
        create_waiter_with_client(name, WaiterModel(AIRFLOW_WAITERS), bedrock).wait(jobIdentifier=arn)
    assert '"Stopping"' in str(error.value)
    assert (bedrock_fake.clock.now() - start).total_seconds() < 60  # at the first poll, not after a wait


@pytest.mark.parametrize("outcome", ["Failed", "PartiallyCompleted", "Expired"])
def test_outcomes_the_user_chooses(bedrock_fake: BedrockFake, bedrock: Any, outcome: str) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock_fake.clock.advance(RUN * 0.1)  # Validating: the outcome re-targets the planned end
    bedrock_fake.set_outcome(arn, outcome, message="records are malformed")
    waiter = create_waiter_with_client("batch_inference_complete", WaiterModel(AIRFLOW_WAITERS), bedrock)
    with pytest.raises(WaiterError):
        waiter.wait(jobIdentifier=arn)
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert job["status"] == outcome and "endTime" in job
    if outcome == "Failed":
        assert job["message"] == "records are malformed"
    else:
        assert "message" not in job
    if outcome == "Expired":  # it never started: it expired when it would have begun running
        assert job["endTime"] - job["submitTime"] == dt.timedelta(seconds=RUN * 0.3)
    else:
        assert job["endTime"] - job["submitTime"] == dt.timedelta(seconds=RUN)


def test_an_outcome_named_before_the_job_exists(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("nightly-batch", "Failed", kind="model_invocation_job")
    arn = bedrock.create_model_invocation_job(**job_params("nightly-batch"))["jobArn"]
    bedrock_fake.clock.advance(RUN)
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert job["status"] == "Failed" and "bedrock_fake.set_outcome" in job["message"]


@pytest.mark.parametrize("after", [0, 0.1, 0.2, 0.5])
def test_stop_from_every_running_status(bedrock_fake: BedrockFake, bedrock: Any, after: float) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock_fake.clock.advance(RUN * after)
    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "Stopping"
    bedrock_fake.clock.advance(STOP)
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert job["status"] == "Stopped" and "endTime" in job
    with pytest.raises(ClientError) as error:
        bedrock.stop_model_invocation_job(jobIdentifier=arn)
    code, message = error_of(error)
    assert code == "ConflictException" and "Stopped" in message


def test_stopping_a_completed_job_is_a_conflict(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock_fake.clock.advance(RUN)
    with pytest.raises(ClientError) as error:
        bedrock.stop_model_invocation_job(jobIdentifier=arn)
    assert error_of(error)[0] == "ConflictException"


def test_unknown_jobs_are_not_found(bedrock: Any) -> None:
    for identifier in ("abcdefabcdef", "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefabcdef"):
        for call in (bedrock.get_model_invocation_job, bedrock.stop_model_invocation_job):
            with pytest.raises(ClientError) as error:
                call(jobIdentifier=identifier)
            code, message = error_of(error)
            assert code == "ResourceNotFoundException" and identifier in message


def test_models_must_support_batch_inference(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(**job_params(modelId="amazon.titan-image-generator-v1"))
    code, message = error_of(error)
    assert code == "ValidationException" and "modelId" in message and "batch inference" in message
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(**job_params(modelId="acme.no-such-model-v1:0"))
    code, message = error_of(error)
    assert code == "ResourceNotFoundException" and "acme.no-such-model-v1:0" in message
    # by ARN, a context-window variant, and a system inference profile all resolve to a batch model
    arn = f"arn:aws:bedrock:{REGION}::foundation-model/{HAIKU}"
    bedrock.create_model_invocation_job(**job_params("by-arn", modelId=arn))
    bedrock.create_model_invocation_job(**job_params("variant", modelId="amazon.nova-pro-v1:0:300k"))
    bedrock.create_model_invocation_job(**job_params("profile", modelId=f"us.{HAIKU}"))
    assert bedrock.list_model_invocation_jobs(nameContains="by-arn")["invocationJobSummaries"][0]["modelId"] == arn
    assert bedrock.list_model_invocation_jobs()["invocationJobSummaries"].__len__() == 3


@pytest.mark.parametrize("model_id", [
    f"arn:aws:bedrock:eu-west-1::foundation-model/{HAIKU}",  # a model ARN of another Region
    f"arn:aws:bedrock:{REGION}:210987654321:inference-profile/us.{HAIKU}",  # another account's profile ARN
    f"arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.{HAIKU}",  # another Region's profile
])
def test_model_arns_of_another_region_or_account_name_nothing(bedrock: Any, model_id: str) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(**job_params(modelId=model_id))
    code, message = error_of(error)
    assert code == "ResourceNotFoundException" and model_id in message
    assert bedrock.list_model_invocation_jobs()["invocationJobSummaries"] == []
    # the same model in the caller's own Region and account is accepted
    own = model_id.replace("eu-west-1", REGION).replace("210987654321", "123456789012").replace(
        f"/eu.{HAIKU}", f"/us.{HAIKU}")
    bedrock.create_model_invocation_job(**job_params(modelId=own))


def test_custom_models_by_arn(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    job = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    bedrock_fake.clock.advance(_behaviour.DEFAULT_DURATIONS["model_customization_job"])
    model_arn = bedrock.get_model_customization_job(jobIdentifier=job)["outputModelArn"]
    bedrock.create_model_invocation_job(**job_params(modelId=model_arn))
    # CreateCustomModel's ARNs (custom-model/imported/...) are off the modelId pattern: refused as the model says
    imported = bedrock.create_custom_model(
        modelName="nova-creating", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://sagemaker-out/nova-micro/run"}}
    )["modelArn"]
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(**job_params("on-imported", modelId=imported))
    code, message = error_of(error)
    assert code == "ValidationException" and "modelId" in message


def test_names_are_unique_and_a_refused_create_changes_nothing(bedrock: Any) -> None:
    bedrock.create_model_invocation_job(**job_params())
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(**job_params())
    code, message = error_of(error)
    assert code == "ConflictException" and "batch-1" in message and "jobName" in message
    assert len(bedrock.list_model_invocation_jobs()["invocationJobSummaries"]) == 1


def test_client_request_token_makes_create_idempotent(bedrock: Any) -> None:
    first = bedrock.create_model_invocation_job(**job_params(clientRequestToken="same"))["jobArn"]
    assert bedrock.create_model_invocation_job(**job_params(clientRequestToken="same"))["jobArn"] == first
    assert len(bedrock.list_model_invocation_jobs()["invocationJobSummaries"]) == 1


def test_tags_at_creation_and_through_the_tag_operations(bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params(tags=[{"key": "team", "value": "ml"}]))["jobArn"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "ml"}]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "prod"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "stage", "value": "prod"}]


def test_list_filters_sort_and_pagination(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arns = []
    for i in range(5):
        arns.append(bedrock.create_model_invocation_job(**job_params(f"nightly-{i}"))["jobArn"])
        bedrock_fake.clock.advance(60)
    bedrock.create_model_invocation_job(**job_params("adhoc"))
    summaries = bedrock.list_model_invocation_jobs()["invocationJobSummaries"]
    assert [s["jobName"] for s in summaries] == ["adhoc"] + [f"nightly-{i}" for i in range(4, -1, -1)]
    got = bedrock.get_model_invocation_job(jobIdentifier=arns[4])
    got.pop("ResponseMetadata")
    assert summaries[1] == got  # summaries carry Get's members
    ascending = bedrock.list_model_invocation_jobs(sortBy="CreationTime", sortOrder="Ascending")
    assert ascending["invocationJobSummaries"][0]["jobName"] == "nightly-0"
    assert len(bedrock.list_model_invocation_jobs(nameContains="nightly")["invocationJobSummaries"]) == 5
    completed = bedrock.list_model_invocation_jobs(statusEquals="Submitted")["invocationJobSummaries"]
    assert [s["jobName"] for s in completed] == ["adhoc"]
    third = bedrock.get_model_invocation_job(jobIdentifier=arns[2])["submitTime"]
    after = bedrock.list_model_invocation_jobs(submitTimeAfter=third)["invocationJobSummaries"]
    assert {s["jobName"] for s in after} == {"nightly-3", "nightly-4", "adhoc"}
    before = bedrock.list_model_invocation_jobs(submitTimeBefore=third)["invocationJobSummaries"]
    assert {s["jobName"] for s in before} == {"nightly-0", "nightly-1"}
    pages = list(bedrock.get_paginator("list_model_invocation_jobs").paginate(PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3 and sum(len(p["invocationJobSummaries"]) for p in pages) == 6


def test_jobs_belong_to_their_account_and_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_model_invocation_jobs()["invocationJobSummaries"] == []
    with pytest.raises(ClientError):
        west.get_model_invocation_job(jobIdentifier=arn)


CONFORMANCE_RECIPES: dict[str, Any] = {
    "CreateModelInvocationJob": lambda w: [(w.east, job_params("conf-create", tags=[{"key": "k", "value": "v"}]))],
    "GetModelInvocationJob": lambda w: [
        (w.east, {"jobIdentifier": w.east.create_model_invocation_job(
            **job_params("conf-get", timeoutDurationInHours=72,
                         vpcConfig={"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]})
        )["jobArn"]}),
    ],
    "ListModelInvocationJobs": lambda w: (
        w.east.create_model_invocation_job(**job_params("conf-list")),
        [(w.east, {}), (w.east, {"maxResults": 1}), (w.east, {"statusEquals": "Submitted"})],
    )[1],
    "StopModelInvocationJob": lambda w: [
        (w.east, {"jobIdentifier": w.east.create_model_invocation_job(**job_params("conf-stop"))["jobArn"]}),
    ],
}


def test_an_outcome_after_expired_brings_the_running_phase_back(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("jobx", "Expired", kind="model_invocation_job")
    arn = bedrock.create_model_invocation_job(**job_params("jobx"))["jobArn"]
    bedrock_fake.clock.advance(RUN * 0.1)
    bedrock_fake.set_outcome(arn, "Expired")  # again: still when it would have begun running
    bedrock_fake.set_outcome(arn, "Completed")
    bedrock_fake.clock.advance(RUN * 0.25)
    assert bedrock.get_model_invocation_job(jobIdentifier=arn)["status"] == "InProgress"
    bedrock_fake.clock.advance(RUN)
    job = bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert job["status"] == "Completed" and job["endTime"] - job["submitTime"] == dt.timedelta(seconds=RUN)


def test_expired_is_refused_once_the_job_runs(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = bedrock.create_model_invocation_job(**job_params())["jobArn"]
    bedrock_fake.clock.advance(RUN * 0.5)
    with pytest.raises(ValueError, match="InProgress"):
        bedrock_fake.set_outcome(arn, "Expired")
    bedrock_fake.set_outcome("batch-2", "Expired", kind="model_invocation_job")
    expired = bedrock.create_model_invocation_job(**job_params("batch-2"))["jobArn"]
    bedrock_fake.clock.advance(RUN)
    job = bedrock.get_model_invocation_job(jobIdentifier=expired)
    assert job["status"] == "Expired" and job["jobExpirationTime"] == job["endTime"]
