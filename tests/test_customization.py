"""Model customization jobs through real boto3 clients: create, get, list, stop, lifecycle and outcomes."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from conftest import ROLE, customization_job_params

from bedrock_fake import BedrockFake, ManualClock, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
JOB_ARN = re.compile(_MODEL.shape_for("ModelCustomizationJobArn").metadata["pattern"])
CUSTOM_MODEL_ARN = re.compile(_MODEL.shape_for("CustomModelArn").metadata["pattern"])
FOUNDATION_MODEL_ARN = re.compile(_MODEL.shape_for("FoundationModelArn").metadata["pattern"])

MINUTE = 60
#: default run: validation 2 min, data processing 6 min, training 32 min (40 min in all)
RUN = _behaviour.DEFAULT_DURATIONS["model_customization_job"]
START = "2024-05-01T12:00:00Z"


def error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    """(code, message) of a ClientError."""
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def manual(start: str = START) -> Any:
    """Marker: run the test on a ManualClock."""
    return pytest.mark.bedrock_fake(clock=ManualClock(start))


def distillation_params(
    name: str = "distil-1", model_name: str = "distilled-1", **overrides: Any
) -> dict[str, Any]:
    """A DISTILLATION job: Nova Micro student, Nova Pro teacher."""
    params = customization_job_params(
        name,
        model_name,
        baseModelIdentifier="amazon.nova-micro-v1:0",
        customizationType="DISTILLATION",
        customizationConfig={
            "distillationConfig": {
                "teacherModelConfig": {
                    "teacherModelIdentifier": "amazon.nova-pro-v1:0",
                    "maxResponseLengthForInference": 1000,
                }
            }
        },
    )
    params.pop("hyperParameters")
    params.update(overrides)
    return params


# --- create -----------------------------------------------------------------------------------------
def test_create_fine_tuning_answers_201_with_a_well_formed_arn(bedrock: Any) -> None:
    response = bedrock.create_model_customization_job(**customization_job_params())
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = response["jobArn"]
    assert JOB_ARN.fullmatch(arn), arn
    # the plain id resolves to the customizable variant, in the ARN and in baseModelArn
    assert arn.startswith(
        "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.titan-text-express-v1:0:8k/"
    )
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert (
        job["baseModelArn"] == "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k"
    )
    assert FOUNDATION_MODEL_ARN.fullmatch(job["baseModelArn"])
    assert job["customizationType"] == "FINE_TUNING"
    assert job["status"] == "InProgress"


def test_base_model_given_as_a_foundation_model_arn(bedrock: Any) -> None:
    base = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1"
    arn = bedrock.create_model_customization_job(**customization_job_params(baseModelIdentifier=base))[
        "jobArn"
    ]
    assert "/amazon.titan-text-lite-v1:0:4k/" in arn
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["baseModelArn"].endswith("foundation-model/amazon.titan-text-lite-v1:0:4k")


def test_create_continued_pre_training(bedrock: Any) -> None:
    params = customization_job_params(customizationType="CONTINUED_PRE_TRAINING")
    arn = bedrock.create_model_customization_job(**params)["jobArn"]
    assert JOB_ARN.fullmatch(arn)
    assert (
        bedrock.get_model_customization_job(jobIdentifier=arn)["customizationType"]
        == "CONTINUED_PRE_TRAINING"
    )


def test_create_distillation_with_teacher(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = bedrock.create_model_customization_job(**distillation_params())["jobArn"]
    assert JOB_ARN.fullmatch(arn)
    assert "/amazon.nova-micro-v1:0:128k/" in arn
    job = bedrock.get_model_customization_job(jobIdentifier="distil-1")
    assert job["customizationType"] == "DISTILLATION"
    teacher = job["customizationConfig"]["distillationConfig"]["teacherModelConfig"]
    assert teacher == {
        "teacherModelIdentifier": "amazon.nova-pro-v1:0",
        "maxResponseLengthForInference": 1000,
    }
    bedrock_fake.clock.advance(RUN + MINUTE)
    model = bedrock.get_custom_model(modelIdentifier="distilled-1")
    assert model["customizationType"] == "DISTILLATION"
    assert model["customizationConfig"] == job["customizationConfig"]


def test_distillation_teacher_as_inference_profile_arn(bedrock: Any) -> None:
    profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0"
    params = distillation_params()
    params["customizationConfig"]["distillationConfig"]["teacherModelConfig"]["teacherModelIdentifier"] = (
        profile
    )
    assert JOB_ARN.fullmatch(bedrock.create_model_customization_job(**params)["jobArn"])


def test_distillation_without_config_is_refused(bedrock: Any) -> None:
    params = distillation_params()
    del params["customizationConfig"]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**params)
    assert "distillationConfig" in error(excinfo)[1]
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_distillation_with_a_model_that_cannot_teach_is_refused(bedrock: Any) -> None:
    params = distillation_params()
    params["customizationConfig"]["distillationConfig"]["teacherModelConfig"]["teacherModelIdentifier"] = (
        "amazon.titan-text-lite-v1"
    )
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**params)
    assert "teacherModelIdentifier" in error(excinfo)[1]


def test_distillation_with_an_unknown_teacher_is_refused(bedrock: Any) -> None:
    params = distillation_params()
    params["customizationConfig"]["distillationConfig"]["teacherModelConfig"]["teacherModelIdentifier"] = (
        "amazon.no-such-model-v9:0"
    )
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**params)
    assert "amazon.no-such-model-v9:0" in error(excinfo)[1]


def test_distillation_config_on_a_fine_tuning_job_is_refused(bedrock: Any) -> None:
    params = distillation_params(customizationType="FINE_TUNING")
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**params)
    assert "distillationConfig" in error(excinfo)[1]


def test_teacher_member_missing_is_refused_by_botocore(bedrock: Any) -> None:
    params = distillation_params()
    params["customizationConfig"]["distillationConfig"]["teacherModelConfig"] = {}
    with pytest.raises(ParamValidationError, match="teacherModelIdentifier"):
        bedrock.create_model_customization_job(**params)


def test_unsupported_customization_type_for_the_base_is_refused(bedrock: Any) -> None:
    # Titan Text Express supports fine-tuning and continued pre-training, not distillation
    params = distillation_params(baseModelIdentifier="amazon.titan-text-express-v1")
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**params)
    message = error(excinfo)[1]
    assert "amazon.titan-text-express-v1" in message and "DISTILLATION" in message


def test_base_that_supports_no_customization_is_refused(bedrock: Any) -> None:
    params = customization_job_params(baseModelIdentifier="cohere.command-r-v1:0")
    with pytest.raises(bedrock.exceptions.ValidationException, match="FINE_TUNING"):
        bedrock.create_model_customization_job(**params)


def test_unknown_base_model_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_params(baseModelIdentifier="amazon.nope-v1")
        )
    assert "amazon.nope-v1" in error(excinfo)[1]


def test_unknown_custom_model_as_base_is_not_found(bedrock: Any) -> None:
    missing = (
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl"
    )
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.create_model_customization_job(**customization_job_params(baseModelIdentifier=missing))


def test_duplicate_job_name_is_refused(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.create_model_customization_job(**customization_job_params("job-1", "model-2"))
    assert error(excinfo) == ("ValidationException", "The provided job name is currently in use.")


def test_duplicate_job_name_stays_refused_after_the_job_ends(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    bedrock_fake.clock.advance(RUN + MINUTE)
    with pytest.raises(bedrock.exceptions.ValidationException, match="job name is currently in use"):
        bedrock.create_model_customization_job(**customization_job_params("job-1", "model-2"))


def test_custom_model_name_of_a_running_job_is_refused(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))
    code, message = error(excinfo)
    assert code == _behaviour.DUPLICATE_MODEL_NAME_CODE
    assert "model-1" in message
    names = [j["jobName"] for j in bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]]
    assert names == ["job-1"]


def test_custom_model_name_of_an_existing_model_is_refused(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    bedrock_fake.clock.advance(RUN + MINUTE)
    assert bedrock.get_custom_model(modelIdentifier="model-1")["modelName"] == "model-1"
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))
    assert error(excinfo)[0] == _behaviour.DUPLICATE_MODEL_NAME_CODE
    assert "model-1" in error(excinfo)[1]


def test_deleting_the_model_frees_its_name(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    bedrock_fake.clock.advance(RUN + MINUTE)
    bedrock.delete_custom_model(modelIdentifier="model-1")
    arn = bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))["jobArn"]
    assert JOB_ARN.fullmatch(arn)


def test_imported_customization_type_is_refused(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="IMPORTED"):
        bedrock.create_model_customization_job(**customization_job_params(customizationType="IMPORTED"))


def test_training_data_needs_a_source(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="trainingDataConfig"):
        bedrock.create_model_customization_job(**customization_job_params(trainingDataConfig={}))


def test_kms_alias_resolves_to_a_key_arn(bedrock: Any) -> None:
    params = customization_job_params(customModelKmsKeyId="alias/my-key")
    bedrock.create_model_customization_job(**params)
    key = bedrock.get_model_customization_job(jobIdentifier="job-1")["outputModelKmsKeyArn"]
    pattern = _MODEL.shape_for("KmsKeyArn").metadata["pattern"]
    assert re.fullmatch(pattern, key), key


# --- idempotency ------------------------------------------------------------------------------------
def test_same_token_same_params_returns_the_same_job(bedrock: Any) -> None:
    params = customization_job_params(clientRequestToken="token-1")
    first = bedrock.create_model_customization_job(**params)["jobArn"]
    second = bedrock.create_model_customization_job(**params)["jobArn"]
    assert first == second
    summaries = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    assert [s["jobArn"] for s in summaries] == [first]
    assert bedrock.get_model_customization_job(jobIdentifier=first)["clientRequestToken"] == "token-1"


def test_same_token_different_params_is_a_conflict(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params(clientRequestToken="token-1"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_params("job-2", "model-2", clientRequestToken="token-1")
        )
    assert error(excinfo)[0] == _behaviour.TOKEN_MISMATCH_CODE == "ConflictException"
    assert "token-1" in error(excinfo)[1]
    assert len(bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


def test_botocore_fills_a_token_and_get_echoes_it(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    token = bedrock.get_model_customization_job(jobIdentifier="job-1")["clientRequestToken"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", token)


# --- customizing a custom model -------------------------------------------------------------------
def test_customizing_an_active_custom_model_by_arn(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    bedrock_fake.clock.advance(RUN + MINUTE)
    first = bedrock.get_custom_model(modelIdentifier="model-1")
    arn = bedrock.create_model_customization_job(
        **customization_job_params("job-2", "model-2", baseModelIdentifier=first["modelArn"])
    )["jobArn"]
    assert JOB_ARN.fullmatch(arn)
    assert "/amazon.titan-text-express-v1:0:8k/" in arn
    job = bedrock.get_model_customization_job(jobIdentifier="job-2")
    assert job["baseModelArn"] == first["baseModelArn"]  # always a foundation-model ARN
    assert FOUNDATION_MODEL_ARN.fullmatch(job["baseModelArn"])
    bedrock_fake.clock.advance(RUN + MINUTE)
    second = bedrock.get_custom_model(modelIdentifier="model-2")
    assert second["baseModelArn"] == first["modelArn"]
    assert CUSTOM_MODEL_ARN.fullmatch(second["modelArn"])


def test_customizing_a_custom_model_by_name(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("job-1", "model-1"))
    bedrock_fake.clock.advance(RUN + MINUTE)
    bedrock.create_model_customization_job(
        **customization_job_params("job-2", "model-2", baseModelIdentifier="model-1")
    )
    assert bedrock.get_model_customization_job(jobIdentifier="job-2")["status"] == "InProgress"


# --- get & lifecycle --------------------------------------------------------------------------------
def test_get_by_name_and_by_arn_agree(bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    by_name = bedrock.get_model_customization_job(jobIdentifier="job-1")
    by_arn = bedrock.get_model_customization_job(jobIdentifier=arn)
    del by_name["ResponseMetadata"], by_arn["ResponseMetadata"]
    assert by_name == by_arn
    assert by_name["jobName"] == "job-1"
    assert by_name["outputModelName"] == "model-1"
    assert by_name["roleArn"] == ROLE
    assert by_name["trainingDataConfig"] == {"s3Uri": "s3://training-bucket/data/train.jsonl"}
    assert by_name["outputDataConfig"] == {"s3Uri": "s3://output-bucket/out"}
    assert by_name["validationDataConfig"] == {"validators": []}
    assert by_name["hyperParameters"] == {"epochCount": "1"}


def test_get_unknown_job_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="no-such-job"):
        bedrock.get_model_customization_job(jobIdentifier="no-such-job")


def test_in_progress_job_has_no_end_model_or_failure(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    for absent in ("endTime", "outputModelArn", "failureMessage", "trainingMetrics", "validationMetrics"):
        assert absent not in job, absent
    assert job["lastModifiedTime"] == job["creationTime"]


@manual()
def test_status_details_move_with_the_clock(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    created = bedrock_fake.clock.now()

    def stages() -> tuple[str, str, str]:
        d = bedrock.get_model_customization_job(jobIdentifier="job-1")["statusDetails"]
        return (
            d["validationDetails"]["status"],
            d["dataProcessingDetails"]["status"],
            d["trainingDetails"]["status"],
        )

    assert stages() == ("InProgress", "NotStarted", "NotStarted")
    bedrock_fake.clock.advance(3 * MINUTE)  # validation took 2 min
    assert stages() == ("Completed", "InProgress", "NotStarted")
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["lastModifiedTime"] == created + _dt.timedelta(minutes=2)
    details = job["statusDetails"]["dataProcessingDetails"]
    assert details["creationTime"] == created + _dt.timedelta(minutes=2)
    bedrock_fake.clock.advance(7 * MINUTE)  # data processing ended at 8 min
    assert stages() == ("Completed", "Completed", "InProgress")
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "InProgress"
    bedrock_fake.clock.advance(31 * MINUTE)
    assert stages() == ("Completed", "Completed", "Completed")
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Completed"
    assert job["endTime"] == created + _dt.timedelta(seconds=RUN)
    assert job["lastModifiedTime"] == job["endTime"]


def test_completion_creates_the_model_with_metrics(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    params = customization_job_params(
        validationDataConfig={
            "validators": [{"s3Uri": "s3://val-bucket/a.jsonl"}, {"s3Uri": "s3://val-bucket/b"}]
        }
    )
    bedrock.create_model_customization_job(**params)
    assert bedrock.list_custom_models()["modelSummaries"] == []
    bedrock_fake.clock.advance(RUN + 1)
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Completed"
    assert CUSTOM_MODEL_ARN.fullmatch(job["outputModelArn"])
    assert "/amazon.titan-text-express-v1:0:8k/" in job["outputModelArn"]
    assert job["outputModelArn"].rsplit("/", 1)[1] != job["jobArn"].rsplit("/", 1)[1]
    assert isinstance(job["trainingMetrics"]["trainingLoss"], float)
    assert len(job["validationMetrics"]) == 2
    assert all(isinstance(m["validationLoss"], float) for m in job["validationMetrics"])
    assert "failureMessage" not in job
    model = bedrock.get_custom_model(modelIdentifier=job["outputModelArn"])
    assert model["modelName"] == "model-1"


def test_set_duration_changes_the_run(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("model_customization_job", 100)
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock_fake.clock.advance(99)
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "InProgress"
    bedrock_fake.clock.advance(2)
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Completed"
    assert job["endTime"] - job["creationTime"] == _dt.timedelta(seconds=100)


def test_time_sleep_drives_a_polling_loop(bedrock: Any) -> None:
    import time

    bedrock.create_model_customization_job(**customization_job_params())
    polls = 0
    while bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "InProgress":
        polls += 1
        assert polls < 100
        time.sleep(120)
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "Completed"
    assert polls == RUN // 120


def test_set_outcome_failed_before_creation(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("job-1", "Failed", message="Training data is malformed.")
    bedrock.create_model_customization_job(**customization_job_params())
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "InProgress"
    bedrock_fake.clock.advance(RUN + MINUTE)
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Failed"
    assert job["failureMessage"] == "Training data is malformed."
    assert "endTime" in job and "outputModelArn" not in job and "trainingMetrics" not in job
    assert job["statusDetails"]["trainingDetails"]["status"] == "Failed"
    assert bedrock.list_custom_models()["modelSummaries"] == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier="model-1")
    # the model name is free again; the job name is not
    bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))


def test_set_outcome_failed_on_a_live_job(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock_fake.clock.advance(MINUTE)
    bedrock_fake.set_outcome("job-1", "Failed", message="Out of capacity.")
    bedrock_fake.clock.advance(RUN)
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert (job["status"], job["failureMessage"]) == ("Failed", "Out of capacity.")
    assert job["endTime"] < job["creationTime"] + _dt.timedelta(seconds=RUN)
    assert "outputModelArn" not in job
    assert bedrock.list_custom_models()["modelSummaries"] == []
    summary = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"][0]
    assert summary["status"] == "Failed"
    assert summary["customModelName"] == "model-1"
    assert "customModelArn" not in summary
    bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))


def test_set_outcome_on_a_finished_job_is_refused(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock_fake.clock.advance(RUN + MINUTE)
    # Queuing it would hand the outcome to a later, unrelated resource named "job-1".
    with pytest.raises(ValueError, match="already decided"):
        bedrock_fake.set_outcome("job-1", "Failed")
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "Completed"
    bedrock.create_provisioned_model_throughput(
        provisionedModelName="job-1", modelId="amazon.titan-text-express-v1:0:8k", modelUnits=1
    )
    bedrock_fake.clock.advance(RUN)
    pt = bedrock.get_provisioned_model_throughput(provisionedModelId="job-1")
    assert pt["status"] == "InService"


def test_pending_outcome_waits_for_a_kind_that_has_that_status(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("shared-name", "Completed")  # no throughput ends "Completed"
    bedrock.create_provisioned_model_throughput(
        provisionedModelName="shared-name", modelId="amazon.titan-text-express-v1:0:8k", modelUnits=1
    )
    bedrock_fake.clock.advance(RUN)
    assert bedrock.get_provisioned_model_throughput(provisionedModelId="shared-name")["status"] == "InService"


# --- stop -------------------------------------------------------------------------------------------
def test_stop_goes_through_stopping_to_stopped(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    bedrock_fake.clock.advance(10 * MINUTE)
    response = bedrock.stop_model_customization_job(jobIdentifier=arn)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Stopping"
    assert "endTime" not in job
    assert job["statusDetails"]["trainingDetails"]["status"] == "Stopping"
    bedrock_fake.clock.advance(_behaviour.DEFAULT_DURATIONS["stop"])
    job = bedrock.get_model_customization_job(jobIdentifier="job-1")
    assert job["status"] == "Stopped"
    assert job["statusDetails"]["trainingDetails"]["status"] == "Stopped"
    assert job["statusDetails"]["validationDetails"]["status"] == "Completed"
    assert "endTime" in job and "outputModelArn" not in job and "failureMessage" not in job
    bedrock_fake.clock.advance(RUN)
    assert bedrock.list_custom_models()["modelSummaries"] == []
    assert bedrock.get_model_customization_job(jobIdentifier="job-1")["status"] == "Stopped"


def test_stop_by_name_then_again_is_a_conflict(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock.stop_model_customization_job(jobIdentifier="job-1")
    with pytest.raises(bedrock.exceptions.ConflictException, match="Stopping"):
        bedrock.stop_model_customization_job(jobIdentifier="job-1")
    bedrock_fake.clock.advance(MINUTE * 2)
    with pytest.raises(bedrock.exceptions.ConflictException, match="Stopped"):
        bedrock.stop_model_customization_job(jobIdentifier="job-1")


def test_stop_a_completed_job_is_a_conflict(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock_fake.clock.advance(RUN + MINUTE)
    with pytest.raises(bedrock.exceptions.ConflictException, match="Completed"):
        bedrock.stop_model_customization_job(jobIdentifier="job-1")


def test_stop_unknown_job_is_not_found(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.stop_model_customization_job(jobIdentifier="ghost")


def test_stopped_job_frees_its_model_name(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    bedrock.stop_model_customization_job(jobIdentifier="job-1")
    bedrock_fake.clock.advance(2 * MINUTE)
    bedrock.create_model_customization_job(**customization_job_params("job-2", "model-1"))


# --- list -------------------------------------------------------------------------------------------
def _three_jobs(bedrock: Any, fake: BedrockFake) -> list[_dt.datetime]:
    """Jobs alpha-1, beta-2, alpha-3 created 10 s apart; beta-2 stopped. Returns their creation times."""
    times = []
    for name in ("alpha-1", "beta-2", "alpha-3"):
        times.append(fake.clock.now())
        bedrock.create_model_customization_job(**customization_job_params(name, f"m-{name}"))
        fake.clock.advance(10)
    bedrock.stop_model_customization_job(jobIdentifier="beta-2")
    return times


def _names(response: dict[str, Any]) -> list[str]:
    return [s["jobName"] for s in response["modelCustomizationJobSummaries"]]


@manual()
def test_list_filters_by_status(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _three_jobs(bedrock, bedrock_fake)
    assert _names(bedrock.list_model_customization_jobs(statusEquals="Stopping")) == ["beta-2"]
    assert _names(bedrock.list_model_customization_jobs(statusEquals="InProgress")) == ["alpha-3", "alpha-1"]
    assert _names(bedrock.list_model_customization_jobs(statusEquals="Completed")) == []
    bedrock_fake.clock.advance(RUN)
    assert _names(bedrock.list_model_customization_jobs(statusEquals="Completed")) == ["alpha-3", "alpha-1"]
    assert _names(bedrock.list_model_customization_jobs(statusEquals="Stopped")) == ["beta-2"]


@manual()
def test_list_filters_by_name(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _three_jobs(bedrock, bedrock_fake)
    assert _names(bedrock.list_model_customization_jobs(nameContains="alpha")) == ["alpha-3", "alpha-1"]
    expected = ["beta-2"] if not _behaviour.NAME_CONTAINS_CASE_SENSITIVE else []
    assert _names(bedrock.list_model_customization_jobs(nameContains="BETA")) == expected
    assert _names(bedrock.list_model_customization_jobs(nameContains="gamma")) == []


@manual()
@pytest.mark.parametrize("strict", [True, False])
def test_list_filters_by_creation_time(
    bedrock: Any, bedrock_fake: BedrockFake, monkeypatch: pytest.MonkeyPatch, strict: bool
) -> None:
    monkeypatch.setattr(_behaviour, "TIME_FILTERS_STRICT", strict)
    t = _three_jobs(bedrock, bedrock_fake)
    after = _names(bedrock.list_model_customization_jobs(creationTimeAfter=t[1]))
    before = _names(bedrock.list_model_customization_jobs(creationTimeBefore=t[1]))
    if strict:
        assert (after, before) == (["alpha-3"], ["alpha-1"])
    else:
        assert (after, before) == (["alpha-3", "beta-2"], ["beta-2", "alpha-1"])
    both = bedrock.list_model_customization_jobs(
        creationTimeAfter=t[0] + _dt.timedelta(seconds=1), creationTimeBefore=t[2] - _dt.timedelta(seconds=1)
    )
    assert _names(both) == ["beta-2"]
    assert _names(bedrock.list_model_customization_jobs(creationTimeAfter=t[2] + _dt.timedelta(1))) == []


@manual()
def test_list_time_filters_accept_iso_strings(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _three_jobs(bedrock, bedrock_fake)
    assert _names(bedrock.list_model_customization_jobs(creationTimeAfter="2024-05-01T12:00:05Z")) == [
        "alpha-3",
        "beta-2",
    ]


@manual()
def test_list_sort_both_ways(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _three_jobs(bedrock, bedrock_fake)
    ascending = bedrock.list_model_customization_jobs(sortBy="CreationTime", sortOrder="Ascending")
    descending = bedrock.list_model_customization_jobs(sortBy="CreationTime", sortOrder="Descending")
    assert _names(ascending) == ["alpha-1", "beta-2", "alpha-3"]
    assert _names(descending) == ["alpha-3", "beta-2", "alpha-1"]
    default = _names(bedrock.list_model_customization_jobs())
    assert default == (
        _names(descending) if _behaviour.DEFAULT_SORT_ORDER == "Descending" else _names(ascending)
    )


@manual()
def test_list_combines_filters_with_pagination(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _three_jobs(bedrock, bedrock_fake)
    page = bedrock.list_model_customization_jobs(nameContains="alpha", maxResults=1, sortOrder="Ascending")
    assert _names(page) == ["alpha-1"]
    page = bedrock.list_model_customization_jobs(
        nameContains="alpha", maxResults=1, sortOrder="Ascending", nextToken=page["nextToken"]
    )
    assert _names(page) == ["alpha-3"]
    assert "nextToken" not in page


def test_list_summaries_carry_sub_task_statuses_for_distillation_jobs(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**distillation_params())
    bedrock.create_model_customization_job(**customization_job_params("plain-job", "plain-model"))
    bedrock_fake.clock.advance(RUN / 2)
    summaries = {
        s["jobName"]: s for s in bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    }
    (distilled,) = (s for s in summaries.values() if s["customizationType"] == "DISTILLATION")
    job = bedrock.get_model_customization_job(jobIdentifier=distilled["jobArn"])
    assert distilled["statusDetails"] == job["statusDetails"]
    assert distilled["statusDetails"]["trainingDetails"]["status"] == "InProgress"
    assert "statusDetails" not in summaries["plain-job"]
    assert distilled["lastModifiedTime"] == job["lastModifiedTime"]


def test_list_summary_members_follow_the_status(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock.create_model_customization_job(**customization_job_params("ok-job", "ok-model"))
    bedrock_fake.set_outcome("bad-job", "Failed")
    bedrock.create_model_customization_job(**customization_job_params("bad-job", "bad-model"))
    running = {
        s["jobName"]: s for s in bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    }
    assert "customModelArn" not in running["ok-job"] and "endTime" not in running["ok-job"]
    # Sub-task statuses are listed for distillation jobs only (see LIST_STATUS_DETAILS_FOR).
    assert "statusDetails" not in running["ok-job"]
    bedrock_fake.clock.advance(RUN + MINUTE)
    done = {
        s["jobName"]: s for s in bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    }
    ok, bad = done["ok-job"], done["bad-job"]
    assert ok["status"] == "Completed"
    assert CUSTOM_MODEL_ARN.fullmatch(ok["customModelArn"])
    assert ok["customModelName"] == "ok-model"
    assert bad["status"] == "Failed"
    assert bad["customModelName"] == "bad-model"
    assert "customModelArn" not in bad
    assert "endTime" in bad and "endTime" in ok
    for summary in (ok, bad):
        assert summary["baseModelArn"].endswith("foundation-model/amazon.titan-text-express-v1:0:8k")
        assert summary["customizationType"] == "FINE_TUNING"
        assert summary["lastModifiedTime"] == summary["endTime"]


# --- hyperparameters, checked per base model ------------------------------------------------------------
@pytest.mark.parametrize(
    ("base", "hyperparameters"),
    [
        ("amazon.titan-text-express-v1", {"epochCount": "10", "batchSize": "64", "learningRate": "0.00001",
                                          "learningRateWarmupSteps": "250"}),
        ("amazon.nova-lite-v1:0", {"epochCount": "5", "learningRate": "1e-4", "learningRateWarmupSteps": "0"}),
        ("anthropic.claude-3-haiku-20240307-v1:0", {"epochCount": "2", "learningRateMultiplier": "1.5",
                                                    "earlyStoppingThreshold": "0.001"}),
        ("meta.llama3-1-8b-instruct-v1:0", {"epochCount": "1", "batchSize": "1", "learningRate": "0.0001"}),
        ("amazon.titan-embed-image-v1", {"epochCount": "Auto", "batchSize": "576"}),
    ],
)
def test_hyperparameters_the_base_model_documents_are_accepted(
    bedrock: Any, base: str, hyperparameters: dict[str, str]
) -> None:
    bedrock.create_model_customization_job(
        **customization_job_params(baseModelIdentifier=base, hyperParameters=hyperparameters)
    )


@pytest.mark.parametrize(
    ("hyperparameters", "problem"),
    [
        ({"epochCount": "banana"}, "Value 'banana' at 'hyperParameters.epochCount' failed to satisfy constraint: "
                                   "Member must be an integer"),
        ({"epochCount": "1.5"}, "at 'hyperParameters.epochCount' failed to satisfy constraint: "
                                "Member must be an integer"),
        ({"epochCount": "11"}, "Value '11' at 'hyperParameters.epochCount' failed to satisfy constraint: "
                               "Member must have value less than or equal to 10"),
        ({"batchSize": "0"}, "Member must have value greater than or equal to 1"),
        ({"learningRate": "fast"}, "at 'hyperParameters.learningRate' failed to satisfy constraint: "
                                   "Member must be a number"),
        ({"learningRate": "nan"}, "Member must be a number"),
        ({"learningRateMultiplier": "1"}, "learningRateMultiplier is not a hyperparameter of "
                                          "amazon.titan-text-express-v1:0:8k for FINE_TUNING"),
    ],
)
def test_bad_hyperparameters_are_refused_in_aws_wording(
    bedrock: Any, hyperparameters: dict[str, str], problem: str
) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as raised:
        bedrock.create_model_customization_job(**customization_job_params(hyperParameters=hyperparameters))
    assert error(raised)[1].startswith("1 validation error detected: ")
    assert problem in error(raised)[1]
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_every_bad_hyperparameter_is_reported_at_once(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException) as raised:
        bedrock.create_model_customization_job(
            **customization_job_params(hyperParameters={"epochCount": "0", "batchSize": "x", "foo": "1"})
        )
    assert error(raised)[1].startswith("3 validation errors detected: ")


def test_a_required_hyperparameter_must_be_given(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match=r"'hyperParameters\.epochCount'"):
        bedrock.create_model_customization_job(
            **customization_job_params(baseModelIdentifier="amazon.titan-embed-image-v1", hyperParameters={})
        )


def test_hyperparameters_are_checked_against_the_resolved_variant(bedrock: Any) -> None:
    # Nova takes at most 5 epochs, Titan Text 10: the same map fails on one and passes on the other.
    too_many = {"epochCount": "8"}
    bedrock.create_model_customization_job(**customization_job_params("ok", "ok", hyperParameters=too_many))
    with pytest.raises(bedrock.exceptions.ValidationException, match="less than or equal to 5"):
        bedrock.create_model_customization_job(
            **customization_job_params("nova", "nova", baseModelIdentifier="amazon.nova-micro-v1:0",
                                       hyperParameters=too_many)
        )


# --- reinforcement fine-tuning ------------------------------------------------------------------------
RFT_BASE = "amazon.nova-2-lite-v1:0:256k"
GRADER = {"lambdaGrader": {"lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:grade"}}


def _rft_supported() -> bool:
    return "REINFORCEMENT_FINE_TUNING" in _MODEL.shape_for("CustomizationType").enum


def test_reinforcement_fine_tuning_runs_on_nova_2_lite(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    if not _rft_supported():
        pytest.skip("this botocore predates reinforcement fine-tuning")
    config = {"rftConfig": {"graderConfig": GRADER, "hyperParameters": {"epochCount": 2, "batchSize": 32}}}
    params = customization_job_params(
        "rft-1", "rft-model", baseModelIdentifier=RFT_BASE, customizationType="REINFORCEMENT_FINE_TUNING",
        customizationConfig=config,
    )
    params.pop("hyperParameters")
    arn = bedrock.create_model_customization_job(**params)["jobArn"]
    bedrock_fake.clock.advance(RUN)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Completed" and job["customizationType"] == "REINFORCEMENT_FINE_TUNING"
    assert job["customizationConfig"] == config
    model = bedrock.get_custom_model(modelIdentifier="rft-model")
    assert model["customizationType"] == "REINFORCEMENT_FINE_TUNING"


@pytest.mark.parametrize(
    ("base", "config", "problem"),
    [
        (RFT_BASE, None, "graderConfig is required"),
        (RFT_BASE, {"rftConfig": {"hyperParameters": {"epochCount": 1}}}, "graderConfig is required"),
        ("amazon.nova-lite-v1:0:300k", {"rftConfig": {"graderConfig": GRADER}}, "does not support"),
    ],
)
def test_reinforcement_fine_tuning_needs_a_grader_and_a_model_that_supports_it(
    bedrock: Any, base: str, config: dict[str, Any] | None, problem: str
) -> None:
    if not _rft_supported():
        pytest.skip("this botocore predates reinforcement fine-tuning")
    params = customization_job_params(baseModelIdentifier=base, customizationType="REINFORCEMENT_FINE_TUNING")
    params.pop("hyperParameters")
    if config is not None:
        params["customizationConfig"] = config
    with pytest.raises(bedrock.exceptions.ValidationException, match=problem):
        bedrock.create_model_customization_job(**params)


def test_rft_config_on_a_fine_tuning_job_is_refused(bedrock: Any) -> None:
    if not _rft_supported():
        pytest.skip("this botocore predates reinforcement fine-tuning")
    with pytest.raises(bedrock.exceptions.ValidationException, match="only valid for REINFORCEMENT_FINE_TUNING"):
        bedrock.create_model_customization_job(
            **customization_job_params(customizationConfig={"rftConfig": {"graderConfig": GRADER}})
        )
