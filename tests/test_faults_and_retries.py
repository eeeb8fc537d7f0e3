"""Injected errors: modeled errors, and retryable ones going through the client's own retry config."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import REGION, customization_job_params

from bedrock_fake import BedrockFake, ManualClock, mock_bedrock

START = "2024-05-01T12:00:00Z"
ARN_OF_NOTHING = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/abcdefghijkl"


@pytest.fixture
def fake() -> Any:
    """A fake on a manual clock, so the backoff botocore sleeps shows as exact clock movement."""
    with mock_bedrock(clock=ManualClock(START)) as active:
        yield active


def _client(config: Config | None = None) -> Any:
    return boto3.client("bedrock", region_name=REGION, config=config)


def _attempt_counter(client: Any) -> list[int]:
    """Each attempt that ended in an error, as botocore's retry machinery saw it."""
    seen: list[int] = []

    def record(attempts: int, **_: Any) -> None:
        seen.append(attempts)

    client.meta.events.register("needs-retry.bedrock", record)
    return seen


# --- non-retryable errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status"),
    [("ValidationException", 400), ("ConflictException", 400), ("AccessDeniedException", 403)],
)
def test_non_retryable_error_is_raised_at_once(fake: BedrockFake, code: str, status: int) -> None:
    client = _client()
    seen = _attempt_counter(client)
    fake.inject_error("CreateModelCustomizationJob", code, message=f"injected {code}")
    with pytest.raises(getattr(client.exceptions, code)) as raised:
        client.create_model_customization_job(**customization_job_params())
    response = raised.value.response
    assert response["Error"] == {"Code": code, "Message": f"injected {code}"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
    assert seen == [1]
    assert fake.clock.now() == ManualClock(START).now()  # no backoff slept
    # times=1: the next call is served normally, and the failed one created nothing.
    client.create_model_customization_job(**customization_job_params())
    assert len(client.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


def test_default_message_names_the_operation(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("get_custom_model", "AccessDeniedException")
    with pytest.raises(client.exceptions.AccessDeniedException) as raised:
        client.get_custom_model(modelIdentifier="anything")
    assert "GetCustomModel" in raised.value.response["Error"]["Message"]
    assert raised.value.response["message"] == raised.value.response["Error"]["Message"]


def test_snake_case_and_pascal_case_names_are_the_same_operation(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("list_custom_models", "ValidationException")
    fake.inject_error("ListCustomModels", "AccessDeniedException")
    with pytest.raises(client.exceptions.ValidationException):
        client.list_custom_models()
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.list_custom_models()
    assert client.list_custom_models()["modelSummaries"] == []


def test_only_the_named_operation_fails(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "ValidationException")
    assert client.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    with pytest.raises(client.exceptions.ValidationException):
        client.list_custom_models()


@pytest.mark.parametrize("operation", ["NoSuchOperation", "no_such_operation", "InvokeModel"])
def test_unknown_operation_is_refused(fake: BedrockFake, operation: str) -> None:
    with pytest.raises(ValueError, match="not a Bedrock operation"):
        fake.inject_error(operation, "ValidationException")


def test_times_must_be_positive(fake: BedrockFake) -> None:
    with pytest.raises(ValueError, match="times"):
        fake.inject_error("ListCustomModels", "ValidationException", times=0)


def test_times_counts_calls(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "AccessDeniedException", times=3)
    for _ in range(3):
        with pytest.raises(client.exceptions.AccessDeniedException):
            client.list_custom_models()
    assert client.list_custom_models()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_times_none_fails_every_call_until_reset(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "AccessDeniedException", times=None)
    for _ in range(10):
        with pytest.raises(client.exceptions.AccessDeniedException):
            client.list_custom_models()
    fake.reset()
    assert client.list_custom_models()["modelSummaries"] == []


def test_reset_clears_pending_errors(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "ValidationException", times=5)
    fake.reset()
    assert client.list_custom_models()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_injected_errors_are_client_errors(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "ValidationException")
    with pytest.raises(ClientError) as raised:
        client.list_custom_models()
    assert raised.value.operation_name == "ListCustomModels"


def test_bad_input_is_reported_before_an_injected_error_is_used(fake: BedrockFake) -> None:
    client = _client()
    fake.inject_error("ListCustomModels", "AccessDeniedException")
    with pytest.raises(client.exceptions.ValidationException, match="maxResults"):
        client.list_custom_models(maxResults=5000)
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.list_custom_models()


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        ("ListCustomModels", "ConflictException"),  # a list never conflicts
        ("CreateModelCopyJob", "ConflictException"),  # not in its model's error list
        ("GetCustomModel", "ThrottlingExeption"),  # a typo
    ],
)
def test_an_error_the_operation_cannot_answer_is_refused(fake: BedrockFake, operation: str, code: str) -> None:
    with pytest.raises(ValueError, match=f"{operation} cannot answer '{code}'"):
        fake.inject_error(operation, code)


def test_any_operation_can_be_made_unavailable(fake: BedrockFake) -> None:
    # 503 comes from AWS's front ends for any operation, modeled or not; botocore retries it.
    client = _client(Config(retries={"total_max_attempts": 1}))
    fake.inject_error("CreateModelCopyJob", "ServiceUnavailableException")
    with pytest.raises(client.exceptions.ServiceUnavailableException):
        client.create_model_copy_job(sourceModelArn=ARN_OF_NOTHING, targetModelName="copy")


# --- retryable errors --------------------------------------------------------------------------------

RETRYABLE = [
    ("ThrottlingException", 429),
    ("InternalServerException", 500),
    ("ServiceUnavailableException", 503),
]


#: Attempts in all, per botocore retry mode, when the client's config sets none (botocore's defaults).
DEFAULT_ATTEMPTS = {"legacy": 5, "standard": 3, "adaptive": 3}


@pytest.mark.parametrize(("code", "status"), RETRYABLE)
def test_retryable_error_is_retried_by_the_default_retry_mode(fake: BedrockFake, code: str, status: int) -> None:
    client = _client()  # no retry config: botocore's default mode (legacy until 1.43, standard from 1.44)
    attempts = DEFAULT_ATTEMPTS[client.meta.config.retries["mode"]]
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", code, times=None)
    with pytest.raises(getattr(client.exceptions, code)) as raised:
        client.list_custom_models()
    meta = raised.value.response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == status
    assert meta["RetryAttempts"] == attempts - 1
    assert seen == list(range(1, attempts + 1))
    # The backoff was slept on the fake's clock, which moved; the test did not wait for it.
    assert fake.clock.now() > ManualClock(START).now()


@pytest.mark.parametrize(("code", "status"), RETRYABLE)
def test_success_after_retries_reports_retry_attempts(fake: BedrockFake, code: str, status: int) -> None:
    client = _client()
    fake.inject_error("CreateModelCustomizationJob", code, times=2)
    created = client.create_model_customization_job(**customization_job_params())
    assert created["ResponseMetadata"]["RetryAttempts"] == 2
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    # Exactly one job exists: the failed attempts created nothing.
    assert len(client.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_each_retry_mode_makes_its_attempts(fake: BedrockFake, mode: str) -> None:
    client = _client(Config(retries={"mode": mode}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException):
        client.list_custom_models()
    assert seen == list(range(1, DEFAULT_ATTEMPTS[mode] + 1))


def test_standard_mode_default_is_three_attempts(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "standard"}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert seen == [1, 2, 3]


def test_injections_for_one_operation_are_used_in_order(fake: BedrockFake) -> None:
    client = _client(Config(retries={"total_max_attempts": 1}))
    fake.inject_error("ListCustomModels", "ThrottlingException", times=1)
    fake.inject_error("ListCustomModels", "AccessDeniedException", times=2)
    codes = []
    for _ in range(4):
        try:
            client.list_custom_models()
            codes.append("ok")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert codes == ["ThrottlingException", "AccessDeniedException", "AccessDeniedException", "ok"]


def test_standard_mode_max_attempts(fake: BedrockFake) -> None:
    # botocore's Config: "max_attempts" counts retries, so 3 means 4 attempts in all.
    client = _client(Config(retries={"mode": "standard", "max_attempts": 3}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 3
    assert seen == [1, 2, 3, 4]


def test_standard_mode_total_max_attempts(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "standard", "total_max_attempts": 3}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "InternalServerException", times=None)
    with pytest.raises(client.exceptions.InternalServerException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert seen == [1, 2, 3]


def test_standard_mode_recovers_within_its_budget(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "standard", "total_max_attempts": 3}))
    fake.inject_error("ListCustomModels", "ServiceUnavailableException", times=2)
    response = client.list_custom_models()
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    # Standard mode sleeps random() * 2 ** (attempt - 1) s before retry n: 1 s + 2 s at most here.
    elapsed = fake.clock.now() - ManualClock(START).now()
    assert _dt.timedelta(0) < elapsed <= _dt.timedelta(seconds=3)


def test_standard_mode_does_not_retry_access_denied(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "standard", "total_max_attempts": 5}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "AccessDeniedException", times=None)
    with pytest.raises(client.exceptions.AccessDeniedException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert seen == [1]


def test_adaptive_mode(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "adaptive", "total_max_attempts": 4}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 3
    assert seen == [1, 2, 3, 4]
    fake.reset()
    # After throttling the adaptive client keeps working (its rate limiter never blocks on the fake).
    assert client.list_custom_models()["ResponseMetadata"]["RetryAttempts"] == 0


def test_legacy_mode_max_attempts(fake: BedrockFake) -> None:
    client = _client(Config(retries={"mode": "legacy", "max_attempts": 1}))
    seen = _attempt_counter(client)
    fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert seen == [1, 2]


def test_retries_disabled(fake: BedrockFake) -> None:
    client = _client(Config(retries={"total_max_attempts": 1}))
    fake.inject_error("ListCustomModels", "ThrottlingException", times=2)
    with pytest.raises(client.exceptions.ThrottlingException) as raised:
        client.list_custom_models()
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert fake.clock.now() == ManualClock(START).now()


def test_backoff_on_the_default_virtual_clock(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION)
    fake_clock = bedrock_fake.clock
    bedrock_fake.inject_error("ListCustomModels", "ThrottlingException", times=None)
    with pytest.raises(client.exceptions.ThrottlingException):
        client.list_custom_models()
    assert getattr(fake_clock, "offset", 0) > 0


def test_retries_drive_the_lifecycle_forward(fake: BedrockFake) -> None:
    # Backoff sleeps move the fake's time like any sleep: a job can finish while a caller retries.
    client = _client(Config(retries={"mode": "standard", "total_max_attempts": 10}))
    fake.set_duration("model_customization_job", 0.001)  # jittered backoff exceeds this (almost surely)
    arn = client.create_model_customization_job(**customization_job_params())["jobArn"]
    assert client.get_model_customization_job(jobIdentifier=arn)["status"] == "InProgress"
    fake.inject_error("GetModelCustomizationJob", "ThrottlingException", times=3)
    job = client.get_model_customization_job(jobIdentifier=arn)
    assert job["ResponseMetadata"]["RetryAttempts"] == 3
    assert job["status"] == "Completed"


def test_injected_error_is_served_for_an_operation_the_fake_does_not_implement(bedrock_fake: Any) -> None:
    from bedrock_fake import OperationNotImplementedError

    bedrock = boto3.client("bedrock", region_name="us-east-1")
    bedrock_fake.inject_error("GetMarketplaceModelEndpoint", "AccessDeniedException", message="no endpoints for you")
    with pytest.raises(bedrock.exceptions.AccessDeniedException) as excinfo:
        bedrock.get_marketplace_model_endpoint(endpointArn="arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(OperationNotImplementedError, match="GetMarketplaceModelEndpoint"):
        bedrock.get_marketplace_model_endpoint(endpointArn="arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint")
