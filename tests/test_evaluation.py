"""Evaluation jobs: Create / Get / List / Stop / BatchDelete, lifecycle, filters, errors, tags."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import ROLE

from bedrock_fake import BedrockFake

JOB_ARN = re.compile(r"arn:aws:bedrock:us-east-1:123456789012:evaluation-job/[a-z0-9]{12}")
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
EVALUATOR = "anthropic.claude-3-5-sonnet-20240620-v1:0"
UNKNOWN_ARN = "arn:aws:bedrock:us-east-1:123456789012:evaluation-job/zzzzzzzzzzzz"
DATASET = {"name": "my-dataset", "datasetLocation": {"s3Uri": "s3://eval-bucket/data/prompts.jsonl"}}


def automated_params(name: str = "eval-1", **overrides: Any) -> dict[str, Any]:
    """Valid CreateEvaluationJob parameters for an automated model evaluation."""
    params: dict[str, Any] = {
        "jobName": name,
        "roleArn": ROLE,
        "evaluationConfig": {
            "automated": {
                "datasetMetricConfigs": [
                    {"taskType": "Summarization", "dataset": DATASET, "metricNames": ["Builtin.Accuracy"]},
                ]
            }
        },
        "inferenceConfig": {"models": [{"bedrockModel": {"modelIdentifier": MODEL}}]},
        "outputDataConfig": {"s3Uri": "s3://eval-bucket/out"},
    }
    params.update(overrides)
    return params


def human_params(name: str = "human-1", models: int = 2, **overrides: Any) -> dict[str, Any]:
    """Valid CreateEvaluationJob parameters for a human evaluation of ``models`` models."""
    ids = [MODEL, "amazon.titan-text-express-v1"][:models]
    params: dict[str, Any] = {
        "jobName": name,
        "roleArn": ROLE,
        "evaluationConfig": {
            "human": {
                "humanWorkflowConfig": {
                    "flowDefinitionArn": "arn:aws:sagemaker:us-east-1:123456789012:flow-definition/my-flow",
                    "instructions": "Rate each answer.",
                },
                "customMetrics": [
                    {"name": "Relevance", "description": "Is it relevant", "ratingMethod": "ThumbsUpDown"}
                ],
                "datasetMetricConfigs": [
                    {"taskType": "Generation", "dataset": DATASET, "metricNames": ["Relevance"]},
                ],
            }
        },
        "inferenceConfig": {"models": [{"bedrockModel": {"modelIdentifier": m}} for m in ids]},
        "outputDataConfig": {"s3Uri": "s3://eval-bucket/out"},
    }
    params.update(overrides)
    return params


def rag_params(name: str = "rag-1", **overrides: Any) -> dict[str, Any]:
    """Valid CreateEvaluationJob parameters for a RAG evaluation (retrieve and generate)."""
    params = automated_params(
        name,
        applicationType="RagEvaluation",
        evaluationConfig={
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "QuestionAndAnswer",
                        "dataset": DATASET,
                        "metricNames": ["Builtin.Correctness"],
                    },
                ],
                "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": EVALUATOR}]},
            }
        },
        inferenceConfig={
            "ragConfigs": [
                {
                    "knowledgeBaseConfig": {
                        "retrieveAndGenerateConfig": {
                            "type": "KNOWLEDGE_BASE",
                            "knowledgeBaseConfiguration": {
                                "knowledgeBaseId": "KB12345678",
                                "modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}",
                            },
                        }
                    }
                }
            ]
        },
    )
    params.update(overrides)
    return params


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    """(code, message) of a ClientError."""
    err = info.value.response["Error"]
    return err["Code"], err["Message"]


def names(page: dict[str, Any]) -> list[str]:
    return [s["jobName"] for s in page["jobSummaries"]]


# --- create / get --------------------------------------------------------------------------------------
def test_create_automated_job_answers_202_and_get_describes_it(bedrock: Any) -> None:
    params = automated_params(jobDescription="nightly check", customerEncryptionKeyId="alias/my-key")
    created = bedrock.create_evaluation_job(**params)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202
    arn = created["jobArn"]
    assert JOB_ARN.fullmatch(arn)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["jobArn"] == arn
    assert job["jobName"] == "eval-1"
    assert job["status"] == "InProgress"
    assert job["jobType"] == "Automated"
    assert job["applicationType"] == "ModelEvaluation"  # derived when omitted
    assert job["jobDescription"] == "nightly check"
    assert job["customerEncryptionKeyId"] == "alias/my-key"
    assert job["roleArn"] == ROLE
    assert job["evaluationConfig"] == params["evaluationConfig"]
    assert job["inferenceConfig"] == params["inferenceConfig"]
    assert job["outputDataConfig"] == params["outputDataConfig"]
    assert job["creationTime"] == job["lastModifiedTime"]
    assert job["creationTime"].tzinfo is not None
    assert "endTime" not in job
    assert "failureMessages" not in job
    assert "clientRequestToken" not in job


def test_create_human_job_with_two_models(bedrock: Any) -> None:
    arn = bedrock.create_evaluation_job(**human_params())["jobArn"]
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["jobType"] == "Human"
    assert len(job["inferenceConfig"]["models"]) == 2
    assert job["evaluationConfig"]["human"]["customMetrics"][0]["name"] == "Relevance"


def test_create_rag_job(bedrock: Any) -> None:
    arn = bedrock.create_evaluation_job(**rag_params())["jobArn"]
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["applicationType"] == "RagEvaluation"
    assert job["jobType"] == "Automated"
    kb = job["inferenceConfig"]["ragConfigs"][0]["knowledgeBaseConfig"]
    assert kb["retrieveAndGenerateConfig"]["knowledgeBaseConfiguration"]["knowledgeBaseId"] == "KB12345678"


def test_stored_request_is_a_private_copy(bedrock: Any) -> None:
    params = automated_params()
    arn = bedrock.create_evaluation_job(**params)["jobArn"]
    params["inferenceConfig"]["models"][0]["bedrockModel"]["modelIdentifier"] = "changed.model"
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["inferenceConfig"]["models"][0]["bedrockModel"]["modelIdentifier"] == MODEL


def _evaluate(bedrock: Any, identifier: str, name: str = "eval-1") -> dict[str, Any]:
    params = automated_params(name, inferenceConfig={"models": [{"bedrockModel": {"modelIdentifier": identifier}}]})
    arn = bedrock.create_evaluation_job(**params)["jobArn"]
    job: dict[str, Any] = bedrock.get_evaluation_job(jobIdentifier=arn)
    return job


@pytest.mark.parametrize(
    "identifier",
    [
        f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}",
        f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{MODEL}",
        "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1",
        "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint",
        f"us.{MODEL}",
    ],
)
def test_model_identifier_kinds_accepted(bedrock: Any, identifier: str) -> None:
    job = _evaluate(bedrock, identifier)
    assert job["inferenceConfig"]["models"][0]["bedrockModel"]["modelIdentifier"] == identifier


def test_models_the_caller_created_are_accepted(bedrock: Any) -> None:
    profile = bedrock.create_inference_profile(
        inferenceProfileName="eval-profile",
        modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}"},
    )["inferenceProfileArn"]
    throughput = bedrock.create_provisioned_model_throughput(
        provisionedModelName="eval-pt", modelId="amazon.titan-text-express-v1:0:8k", modelUnits=1
    )["provisionedModelArn"]
    for number, identifier in enumerate((profile, throughput)):
        assert _evaluate(bedrock, identifier, f"eval-{number}")["status"] == "InProgress"


@pytest.mark.parametrize(
    "identifier",
    [
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghij12",
        "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghij12",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghij12",
        "arn:aws:bedrock:us-east-1:123456789012:prompt-router/abcdefghij12",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.acme.nope-v1",
    ],
)
def test_unknown_models_of_every_kind_are_not_found(bedrock: Any, identifier: str) -> None:
    params = automated_params(inferenceConfig={"models": [{"bedrockModel": {"modelIdentifier": identifier}}]})
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as info:
        bedrock.create_evaluation_job(**params)
    assert identifier in error_of(info)[1]
    _assert_nothing_created(bedrock)


def test_precomputed_inference_source_accepted(bedrock: Any) -> None:
    params = automated_params(
        inferenceConfig={
            "models": [{"precomputedInferenceSource": {"inferenceSourceIdentifier": "my-responses"}}]
        }
    )
    arn = bedrock.create_evaluation_job(**params)["jobArn"]
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "InProgress"


# --- create: errors ------------------------------------------------------------------------------------
def _assert_nothing_created(bedrock: Any) -> None:
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []


def test_unknown_foundation_model_is_not_found(bedrock: Any) -> None:
    model = {"bedrockModel": {"modelIdentifier": "acme.nope-v1"}}
    params = automated_params(inferenceConfig={"models": [model]})
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as info:
        bedrock.create_evaluation_job(**params)
    message = error_of(info)[1]
    assert "acme.nope-v1" in message
    assert "inferenceConfig.models.1.member.bedrockModel.modelIdentifier" in message
    _assert_nothing_created(bedrock)


def test_unknown_foundation_model_arn_is_not_found(bedrock: Any) -> None:
    arn = "arn:aws:bedrock:us-east-1::foundation-model/acme.nope-v1"
    params = automated_params(inferenceConfig={"models": [{"bedrockModel": {"modelIdentifier": arn}}]})
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match=r"acme\.nope-v1"):
        bedrock.create_evaluation_job(**params)


def test_unknown_evaluator_model_is_not_found(bedrock: Any) -> None:
    params = rag_params()
    params["evaluationConfig"]["automated"]["evaluatorModelConfig"]["bedrockEvaluatorModels"][0][
        "modelIdentifier"
    ] = "acme.judge-v1"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as info:
        bedrock.create_evaluation_job(**params)
    assert "evaluatorModelConfig.bedrockEvaluatorModels.1.member.modelIdentifier" in error_of(info)[1]
    _assert_nothing_created(bedrock)


def test_automated_job_takes_exactly_one_model(bedrock: Any) -> None:
    params = automated_params(
        inferenceConfig={"models": [{"bedrockModel": {"modelIdentifier": MODEL}}] * 2}
    )
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**params)
    assert "inferenceConfig.models" in error_of(info)[1]
    _assert_nothing_created(bedrock)


def test_human_job_takes_at_most_two_models(bedrock: Any) -> None:
    params = human_params()
    params["inferenceConfig"]["models"].append({"bedrockModel": {"modelIdentifier": MODEL}})
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**params)
    assert "inferenceConfig.models" in error_of(info)[1]


def test_human_one_model_is_fine(bedrock: Any) -> None:
    arn = bedrock.create_evaluation_job(**human_params(models=1))["jobArn"]
    assert len(bedrock.get_evaluation_job(jobIdentifier=arn)["inferenceConfig"]["models"]) == 1


def test_human_metric_names_must_be_custom_metrics(bedrock: Any) -> None:
    params = human_params()
    params["evaluationConfig"]["human"]["datasetMetricConfigs"][0]["metricNames"] = ["Relevance", "Style"]
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**params)
    message = error_of(info)[1]
    assert "Style" in message
    assert "evaluationConfig.human.datasetMetricConfigs.1.member.metricNames.2.member" in message


@pytest.mark.parametrize(
    ("params", "member"),
    [
        (automated_params(applicationType="RagEvaluation"), "inferenceConfig.ragConfigs"),
        (rag_params(applicationType="ModelEvaluation"), "inferenceConfig.models"),
    ],
)
def test_application_type_must_match_inference_config(
    bedrock: Any, params: dict[str, Any], member: str
) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**params)
    assert member in error_of(info)[1]


def test_retrieve_and_generate_needs_the_configuration_its_type_names(bedrock: Any) -> None:
    params = rag_params()
    config = params["inferenceConfig"]["ragConfigs"][0]["knowledgeBaseConfig"]["retrieveAndGenerateConfig"]
    config["type"] = "EXTERNAL_SOURCES"
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**params)
    assert "retrieveAndGenerateConfig.externalSourcesConfiguration" in error_of(info)[1]


@pytest.mark.parametrize(
    ("overrides", "member"),
    [
        ({"jobName": "Upper-Case"}, "jobName"),
        ({"jobName": "x" * 64}, "jobName"),
        ({"roleArn": "not-a-role"}, "roleArn"),
        ({"outputDataConfig": {"s3Uri": "s3://b/x"}}, "outputDataConfig.s3Uri"),
        ({"applicationType": "Bogus"}, "applicationType"),
        ({"inferenceConfig": {"models": [{"bedrockModel": {"modelIdentifier": "not a model"}}]}},
         "inferenceConfig.models.1.member.bedrockModel.modelIdentifier"),
    ],
)
def test_service_side_constraints(bedrock: Any, overrides: dict[str, Any], member: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.create_evaluation_job(**automated_params(**overrides))
    assert f"at '{member}'" in error_of(info)[1]
    _assert_nothing_created(bedrock)


def test_task_type_enum_checked(bedrock: Any) -> None:
    params = automated_params()
    params["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]["taskType"] = "Poetry"
    with pytest.raises(bedrock.exceptions.ValidationException, match="taskType"):
        bedrock.create_evaluation_job(**params)


def test_duplicate_name_is_a_conflict_per_region(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**automated_params())
    with pytest.raises(bedrock.exceptions.ConflictException, match="eval-1"):
        bedrock.create_evaluation_job(**automated_params())
    other = boto3.client("bedrock", region_name="us-west-2")
    arn = other.create_evaluation_job(**automated_params())["jobArn"]
    assert ":us-west-2:" in arn
    assert len(bedrock.list_evaluation_jobs()["jobSummaries"]) == 1


# --- idempotency ---------------------------------------------------------------------------------------
def test_client_request_token_replays(bedrock: Any) -> None:
    first = bedrock.create_evaluation_job(**automated_params(clientRequestToken="token-1"))
    again = bedrock.create_evaluation_job(**automated_params(clientRequestToken="token-1"))
    assert again["jobArn"] == first["jobArn"]
    assert len(bedrock.list_evaluation_jobs()["jobSummaries"]) == 1


def test_client_request_token_with_other_params_conflicts(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**automated_params(clientRequestToken="token-1"))
    with pytest.raises(bedrock.exceptions.ConflictException, match="token-1"):
        bedrock.create_evaluation_job(**automated_params("eval-2", clientRequestToken="token-1"))


def test_auto_generated_tokens_do_not_collide(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**automated_params("eval-1"))
    bedrock.create_evaluation_job(**automated_params("eval-2"))
    assert len(bedrock.list_evaluation_jobs()["jobSummaries"]) == 2


# --- get -----------------------------------------------------------------------------------------------
def test_get_by_name_is_a_validation_error(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**automated_params())
    with pytest.raises(bedrock.exceptions.ValidationException, match="jobIdentifier"):
        bedrock.get_evaluation_job(jobIdentifier="eval-1")


def test_get_unknown_arn_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match=UNKNOWN_ARN):
        bedrock.get_evaluation_job(jobIdentifier=UNKNOWN_ARN)


def test_get_from_another_region_is_not_found(bedrock: Any) -> None:
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    other = boto3.client("bedrock", region_name="eu-west-1")
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.get_evaluation_job(jobIdentifier=arn)


# --- lifecycle -----------------------------------------------------------------------------------------
def test_job_completes_after_its_duration(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job", 300)
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    created = bedrock.get_evaluation_job(jobIdentifier=arn)["creationTime"]
    bedrock_fake.clock.advance(290)
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "InProgress"
    bedrock_fake.clock.advance(10)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    assert job["lastModifiedTime"] == created + _dt.timedelta(seconds=300)
    assert "failureMessages" not in job
    assert "endTime" not in job


def test_default_duration_finishes(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    import time

    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    time.sleep(60 * 60)  # fast-forwards the fake's clock
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "Completed"


def test_set_outcome_before_create_fails_the_job(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job", 100)
    bedrock_fake.set_outcome("eval-1", "Failed", message="Dataset has no prompts.")
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "InProgress"
    bedrock_fake.clock.advance(100)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Failed"
    assert job["failureMessages"] == ["Dataset has no prompts."]


def test_set_outcome_on_live_job_by_arn(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job", 100)
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    bedrock_fake.clock.advance(10)
    bedrock_fake.set_outcome(arn, "Failed", kind="evaluation_job")
    bedrock_fake.clock.advance(90)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Failed"
    assert len(job["failureMessages"]) == 1
    assert job["failureMessages"][0]


def test_set_outcome_completed_overrides_failed(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("eval-1", "Failed", message="boom")
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    bedrock_fake.set_outcome("eval-1", "Completed")
    bedrock_fake.clock.advance(_dt.timedelta(hours=1))
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    assert "failureMessages" not in job


def test_set_outcome_rejects_other_states(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ValueError):
        bedrock_fake.set_outcome("eval-1", "Stopped", kind="evaluation_job")


# --- stop ----------------------------------------------------------------------------------------------
def test_stop_goes_through_stopping_to_stopped(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("stop", 30)
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    bedrock_fake.clock.advance(5)
    assert bedrock.stop_evaluation_job(jobIdentifier=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Stopping"
    assert job["lastModifiedTime"] >= job["creationTime"] + _dt.timedelta(seconds=5)
    with pytest.raises(bedrock.exceptions.ConflictException, match="Stopping"):
        bedrock.stop_evaluation_job(jobIdentifier=arn)
    bedrock_fake.clock.advance(30)
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "Stopped"
    bedrock_fake.clock.advance(_dt.timedelta(hours=2))  # the planned completion never happens
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "Stopped"


@pytest.mark.parametrize("outcome", ["Completed", "Failed"])
def test_stop_terminal_job_conflicts(bedrock: Any, bedrock_fake: BedrockFake, outcome: str) -> None:
    bedrock_fake.set_outcome("eval-1", outcome)
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    bedrock_fake.clock.advance(_dt.timedelta(hours=1))
    with pytest.raises(bedrock.exceptions.ConflictException, match=outcome):
        bedrock.stop_evaluation_job(jobIdentifier=arn)


def test_stop_unknown_and_by_name(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.stop_evaluation_job(jobIdentifier=UNKNOWN_ARN)
    with pytest.raises(bedrock.exceptions.ValidationException):
        bedrock.stop_evaluation_job(jobIdentifier="eval-1")


def test_set_outcome_after_stop_does_not_apply(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = bedrock.create_evaluation_job(**automated_params())["jobArn"]
    bedrock.stop_evaluation_job(jobIdentifier=arn)
    with pytest.raises(ValueError, match="already decided"):
        bedrock_fake.set_outcome(arn, "Failed", kind="evaluation_job")
    bedrock_fake.clock.advance(_dt.timedelta(hours=1))
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Stopped"
    assert "failureMessages" not in job


# --- batch delete --------------------------------------------------------------------------------------
def _finished_job(bedrock: Any, bedrock_fake: BedrockFake, name: str) -> str:
    bedrock_fake.set_duration("evaluation_job", 10)
    arn: str = bedrock.create_evaluation_job(**automated_params(name))["jobArn"]
    bedrock_fake.clock.advance(10)
    return arn


def test_batch_delete_terminal_job_goes_deleting_then_gone(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job_deletion", 120)
    arn = _finished_job(bedrock, bedrock_fake, "eval-1")
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[arn])
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert answer["errors"] == []
    assert answer["evaluationJobs"] == [{"jobIdentifier": arn, "jobStatus": "Deleting"}]
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "Deleting"
    assert names(bedrock.list_evaluation_jobs(statusEquals="Deleting")) == ["eval-1"]
    assert names(bedrock.list_evaluation_jobs(statusEquals="Completed")) == []
    bedrock_fake.clock.advance(110)
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["status"] == "Deleting"
    bedrock_fake.clock.advance(10)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_evaluation_job(jobIdentifier=arn)
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=arn)


def test_batch_delete_per_item_errors(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    done = _finished_job(bedrock, bedrock_fake, "done")
    bedrock_fake.set_duration("evaluation_job", 1000)
    running = bedrock.create_evaluation_job(**automated_params("running"))["jobArn"]
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[UNKNOWN_ARN, running, done])
    assert answer["evaluationJobs"] == [{"jobIdentifier": done, "jobStatus": "Deleting"}]
    assert answer["errors"][0] == {
        "jobIdentifier": UNKNOWN_ARN,
        "code": "404",
        "message": "Unable to locate this job to delete.",
    }
    assert answer["errors"][1]["jobIdentifier"] == running
    assert answer["errors"][1]["code"] == "409"
    assert "InProgress" in answer["errors"][1]["message"]
    assert bedrock.get_evaluation_job(jobIdentifier=running)["status"] == "InProgress"


def test_batch_delete_stopping_refused_stopped_and_failed_accepted(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    bedrock_fake.set_duration("stop", 60)
    stopping = bedrock.create_evaluation_job(**automated_params("stopping"))["jobArn"]
    bedrock.stop_evaluation_job(jobIdentifier=stopping)
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[stopping])
    assert [e["code"] for e in answer["errors"]] == ["409"]
    bedrock_fake.clock.advance(60)
    bedrock_fake.set_outcome("failed", "Failed")
    failed = _finished_job(bedrock, bedrock_fake, "failed")
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[stopping, failed])
    assert answer["errors"] == []
    assert [j["jobStatus"] for j in answer["evaluationJobs"]] == ["Deleting", "Deleting"]


def test_batch_delete_twice_while_deleting(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job_deletion", 100)
    arn = _finished_job(bedrock, bedrock_fake, "eval-1")
    bedrock.batch_delete_evaluation_job(jobIdentifiers=[arn])
    bedrock_fake.clock.advance(50)
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[arn, arn])
    assert answer["evaluationJobs"] == [{"jobIdentifier": arn, "jobStatus": "Deleting"}] * 2
    bedrock_fake.clock.advance(50)  # the first deletion's schedule still holds
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_evaluation_job(jobIdentifier=arn)


def test_batch_delete_more_than_25_is_a_validation_error(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="jobIdentifiers"):
        bedrock.batch_delete_evaluation_job(jobIdentifiers=[UNKNOWN_ARN] * 26)


def test_batch_delete_25_unknown_answers_25_errors(bedrock: Any) -> None:
    answer = bedrock.batch_delete_evaluation_job(jobIdentifiers=[UNKNOWN_ARN] * 25)
    assert len(answer["errors"]) == 25
    assert answer["evaluationJobs"] == []


def test_batch_delete_name_is_a_validation_error(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException):
        bedrock.batch_delete_evaluation_job(jobIdentifiers=["eval-1"])


def test_name_is_free_again_once_the_deleted_job_is_gone(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job_deletion", 60)
    arn = _finished_job(bedrock, bedrock_fake, "eval-1")
    bedrock.batch_delete_evaluation_job(jobIdentifiers=[arn])
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.create_evaluation_job(**automated_params("eval-1"))
    bedrock_fake.clock.advance(60)
    new_arn = bedrock.create_evaluation_job(**automated_params("eval-1"))["jobArn"]
    assert new_arn != arn
    assert bedrock.get_evaluation_job(jobIdentifier=new_arn)["status"] == "InProgress"


# --- list ----------------------------------------------------------------------------------------------
def test_list_empty(bedrock: Any) -> None:
    page = bedrock.list_evaluation_jobs()
    assert page["jobSummaries"] == []
    assert "nextToken" not in page


def test_list_more_than_five_on_one_page_newest_first(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for i in range(7):
        bedrock.create_evaluation_job(**automated_params(f"eval-{i}"))
        bedrock_fake.clock.advance(1)
    page = bedrock.list_evaluation_jobs()
    assert names(page) == [f"eval-{i}" for i in reversed(range(7))]
    assert names(bedrock.list_evaluation_jobs(sortBy="CreationTime", sortOrder="Ascending")) == [
        f"eval-{i}" for i in range(7)
    ]


def test_list_summary_of_an_automated_model_job(bedrock: Any) -> None:
    params = automated_params()
    automated = params["evaluationConfig"]["automated"]
    automated["datasetMetricConfigs"].append(
        {"taskType": "Classification", "dataset": DATASET, "metricNames": ["Builtin.Accuracy"]}
    )
    automated["datasetMetricConfigs"].append(
        {"taskType": "Summarization", "dataset": DATASET, "metricNames": ["Builtin.Robustness"]}
    )
    automated["evaluatorModelConfig"] = {"bedrockEvaluatorModels": [{"modelIdentifier": EVALUATOR}]}
    automated["customMetricConfig"] = {
        "customMetrics": [{"customMetricDefinition": {"name": "tone", "instructions": "Rate the tone."}}],
        "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": f"us.{EVALUATOR}"}]},
    }
    arn = bedrock.create_evaluation_job(**params)["jobArn"]
    [summary] = bedrock.list_evaluation_jobs()["jobSummaries"]
    assert summary["jobArn"] == arn
    assert summary["jobName"] == "eval-1"
    assert summary["status"] == "InProgress"
    assert summary["jobType"] == "Automated"
    assert summary["evaluationTaskTypes"] == ["Summarization", "Classification"]
    assert summary["modelIdentifiers"] == [MODEL]
    assert summary["inferenceConfigSummary"] == {
        "modelConfigSummary": {
            "bedrockModelIdentifiers": [MODEL],
            "precomputedInferenceSourceIdentifiers": [],
        }
    }
    assert summary["evaluatorModelIdentifiers"] == [EVALUATOR]
    assert summary["customMetricsEvaluatorModelIdentifiers"] == [f"us.{EVALUATOR}"]
    assert summary["applicationType"] == "ModelEvaluation"
    assert "ragIdentifiers" not in summary
    assert summary["creationTime"].tzinfo is not None


def test_list_summary_of_human_and_rag_jobs(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**human_params())
    bedrock.create_evaluation_job(**rag_params())
    precomputed = automated_params(
        "pre-1",
        inferenceConfig={"models": [{"precomputedInferenceSource": {"inferenceSourceIdentifier": "my-src"}}]},
    )
    bedrock.create_evaluation_job(**precomputed)
    by_name = {s["jobName"]: s for s in bedrock.list_evaluation_jobs()["jobSummaries"]}
    human = by_name["human-1"]
    assert human["jobType"] == "Human"
    assert human["evaluationTaskTypes"] == ["Generation"]
    assert human["modelIdentifiers"] == [MODEL, "amazon.titan-text-express-v1"]
    assert "evaluatorModelIdentifiers" not in human
    rag = by_name["rag-1"]
    assert rag["applicationType"] == "RagEvaluation"
    assert rag["ragIdentifiers"] == ["KB12345678"]
    assert rag["inferenceConfigSummary"] == {
        "ragConfigSummary": {
            "bedrockKnowledgeBaseIdentifiers": ["KB12345678"],
            "precomputedRagSourceIdentifiers": [],
        }
    }
    assert rag["evaluatorModelIdentifiers"] == [EVALUATOR]
    assert "modelIdentifiers" not in rag
    pre = by_name["pre-1"]
    assert pre["inferenceConfigSummary"]["modelConfigSummary"] == {
        "bedrockModelIdentifiers": [],
        "precomputedInferenceSourceIdentifiers": ["my-src"],
    }


def test_list_summary_of_precomputed_rag_job(bedrock: Any) -> None:
    params = rag_params(
        inferenceConfig={
            "ragConfigs": [
                {"precomputedRagSourceConfig": {"retrieveSourceConfig": {"ragSourceIdentifier": "rag-src"}}}
            ]
        }
    )
    bedrock.create_evaluation_job(**params)
    [summary] = bedrock.list_evaluation_jobs()["jobSummaries"]
    assert summary["inferenceConfigSummary"]["ragConfigSummary"] == {
        "bedrockKnowledgeBaseIdentifiers": [],
        "precomputedRagSourceIdentifiers": ["rag-src"],
    }
    assert summary["ragIdentifiers"] == []


def test_list_status_filter(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("evaluation_job", 100)
    bedrock_fake.set_outcome("failing", "Failed")
    for name in ("done", "failing", "stopped"):
        bedrock.create_evaluation_job(**automated_params(name))
    bedrock_fake.clock.advance(50)
    bedrock.create_evaluation_job(**automated_params("running"))
    summaries = bedrock.list_evaluation_jobs()["jobSummaries"]
    stopped = next(s["jobArn"] for s in summaries if s["jobName"] == "stopped")
    bedrock.stop_evaluation_job(jobIdentifier=stopped)
    assert names(bedrock.list_evaluation_jobs(statusEquals="Stopping")) == ["stopped"]
    bedrock_fake.clock.advance(70)  # stop takes 60 s by default; "running" ends 100 s after its creation
    assert names(bedrock.list_evaluation_jobs(statusEquals="Completed")) == ["done"]
    assert names(bedrock.list_evaluation_jobs(statusEquals="Failed")) == ["failing"]
    assert names(bedrock.list_evaluation_jobs(statusEquals="Stopped")) == ["stopped"]
    assert names(bedrock.list_evaluation_jobs(statusEquals="InProgress")) == ["running"]
    assert names(bedrock.list_evaluation_jobs(statusEquals="Deleting")) == []


def test_list_application_type_and_name_filters(bedrock: Any) -> None:
    bedrock.create_evaluation_job(**automated_params("model-eval-a"))
    bedrock.create_evaluation_job(**rag_params("rag-eval-b"))
    bedrock.create_evaluation_job(**automated_params("model-eval-c", applicationType="ModelEvaluation"))
    assert names(bedrock.list_evaluation_jobs(applicationTypeEquals="RagEvaluation")) == ["rag-eval-b"]
    assert names(bedrock.list_evaluation_jobs(applicationTypeEquals="ModelEvaluation")) == [
        "model-eval-c",
        "model-eval-a",
    ]
    assert names(bedrock.list_evaluation_jobs(nameContains="eval-b")) == ["rag-eval-b"]
    assert names(bedrock.list_evaluation_jobs(nameContains="model", sortOrder="Ascending")) == [
        "model-eval-a",
        "model-eval-c",
    ]
    assert names(bedrock.list_evaluation_jobs(nameContains="zzz")) == []


def test_list_time_filters(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_evaluation_job(**automated_params("old"))
    bedrock_fake.clock.advance(100)
    middle = bedrock_fake.clock.now()
    bedrock_fake.clock.advance(100)
    bedrock.create_evaluation_job(**automated_params("new"))
    assert names(bedrock.list_evaluation_jobs(creationTimeAfter=middle)) == ["new"]
    assert names(bedrock.list_evaluation_jobs(creationTimeBefore=middle)) == ["old"]
    assert names(
        bedrock.list_evaluation_jobs(creationTimeAfter=middle, creationTimeBefore=middle + _dt.timedelta(1))
    ) == ["new"]


def test_list_pagination_and_paginator(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for i in range(12):
        bedrock.create_evaluation_job(**automated_params(f"eval-{i:02d}"))
        bedrock_fake.clock.advance(1)
    first = bedrock.list_evaluation_jobs(maxResults=5, sortOrder="Ascending")
    assert names(first) == [f"eval-{i:02d}" for i in range(5)]
    second = bedrock.list_evaluation_jobs(maxResults=5, sortOrder="Ascending", nextToken=first["nextToken"])
    assert names(second) == [f"eval-{i:02d}" for i in range(5, 10)]
    third = bedrock.list_evaluation_jobs(maxResults=5, sortOrder="Ascending", nextToken=second["nextToken"])
    assert names(third) == ["eval-10", "eval-11"]
    assert "nextToken" not in third
    pages = bedrock.get_paginator("list_evaluation_jobs").paginate(PaginationConfig={"PageSize": 4})
    collected = [name for page in pages for name in names(page)]
    assert collected == [f"eval-{i:02d}" for i in reversed(range(12))]


def test_list_token_from_another_query_is_refused(bedrock: Any) -> None:
    for i in range(3):
        bedrock.create_evaluation_job(**automated_params(f"eval-{i}"))
    token = bedrock.list_evaluation_jobs(maxResults=1)["nextToken"]
    with pytest.raises(bedrock.exceptions.ValidationException, match="nextToken"):
        bedrock.list_evaluation_jobs(maxResults=1, nextToken=token, statusEquals="InProgress")


@pytest.mark.parametrize(
    ("params", "member"),
    [
        ({"statusEquals": "Bogus"}, "statusEquals"),
        ({"applicationTypeEquals": "Bogus"}, "applicationTypeEquals"),
        ({"nameContains": "UPPER"}, "nameContains"),
        ({"maxResults": 1001}, "maxResults"),
        ({"sortBy": "Name"}, "sortBy"),
    ],
)
def test_list_invalid_filters(bedrock: Any, params: dict[str, Any], member: str) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as info:
        bedrock.list_evaluation_jobs(**params)
    assert f"at '{member}'" in error_of(info)[1]


# --- tags ----------------------------------------------------------------------------------------------
def test_job_tags_at_create_and_tag_operations(bedrock: Any) -> None:
    arn = bedrock.create_evaluation_job(
        **automated_params(jobTags=[{"key": "team", "value": "ml"}, {"key": "env", "value": "dev"}])
    )["jobArn"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "team", "value": "ml"},
        {"key": "env", "value": "dev"},
    ]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "env", "value": "prod"}, {"key": "x", "value": "1"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
    tags = {t["key"]: t["value"] for t in bedrock.list_tags_for_resource(resourceARN=arn)["tags"]}
    assert tags == {"env": "prod", "x": "1"}


def test_too_many_job_tags(bedrock: Any) -> None:
    tags = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    # CreateEvaluationJob's model lists no TooManyTagsException: the limit is a validation error here.
    with pytest.raises(bedrock.exceptions.ValidationException, match="more than 50 tags"):
        bedrock.create_evaluation_job(**automated_params(jobTags=tags))
    _assert_nothing_created(bedrock)


def test_tag_unknown_job_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.tag_resource(resourceARN=UNKNOWN_ARN, tags=[{"key": "a", "value": "b"}])


# --- faults --------------------------------------------------------------------------------------------
def test_injected_throttling_is_retried(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.inject_error("CreateEvaluationJob", "ThrottlingException", times=1)
    created = bedrock.create_evaluation_job(**automated_params())
    assert created["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(bedrock.list_evaluation_jobs()["jobSummaries"]) == 1


def test_retrieve_config_with_nested_filters(bedrock: Any) -> None:
    """RetrievalFilter is a recursive shape (andAll/orAll): validation must handle and check it."""
    nested = {
        "andAll": [
            {"equals": {"key": "lang", "value": "en"}},
            {
                "orAll": [
                    {"startsWith": {"key": "doc", "value": "a"}},
                    {"in": {"key": "year", "value": [2024, 2025]}},
                ]
            },
        ]
    }
    retrieve = {
        "knowledgeBaseId": "KB12345678",
        "knowledgeBaseRetrievalConfiguration": {
            "vectorSearchConfiguration": {"numberOfResults": 5, "filter": nested}
        },
    }
    inference = {"ragConfigs": [{"knowledgeBaseConfig": {"retrieveConfig": retrieve}}]}
    params = rag_params(inferenceConfig=inference)
    arn = bedrock.create_evaluation_job(**params)["jobArn"]
    [summary] = bedrock.list_evaluation_jobs()["jobSummaries"]
    assert summary["jobArn"] == arn
    assert summary["ragIdentifiers"] == ["KB12345678"]
    retrieve["knowledgeBaseRetrievalConfiguration"]["vectorSearchConfiguration"]["numberOfResults"] = 500
    with pytest.raises(bedrock.exceptions.ValidationException, match="numberOfResults"):
        bedrock.create_evaluation_job(**rag_params("rag-2", inferenceConfig=params["inferenceConfig"]))

