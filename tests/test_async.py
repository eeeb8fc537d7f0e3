"""aiobotocore (and aioboto3) clients under the fake: answers, modeled errors, retries on the virtual
clock, paginators, waiters and asyncio polling loops that sleep virtually.

aiobotocore pins botocore to a narrow range, so these tests run in CI's async stages (constraints/async.txt
and constraints/aioboto3.txt); in an environment without aiobotocore they are skipped.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import REGION, customization_job_params

from bedrock_fake import BedrockFake, ManualClock, mock_bedrock

aiobotocore_session = pytest.importorskip("aiobotocore.session")

START = "2024-05-01T12:00:00Z"
#: A waiter definition like the Airflow Amazon provider's for customization jobs (Bedrock's service
#: model ships no waiters, so production code brings its own).
JOB_WAITER = {
    "version": 2,
    "waiters": {
        "JobComplete": {
            "operation": "GetModelCustomizationJob",
            "delay": 120,
            "maxAttempts": 75,
            "acceptors": [
                {"matcher": "path", "argument": "status", "expected": "InProgress", "state": "retry"},
                {"matcher": "path", "argument": "status", "expected": "Completed", "state": "success"},
                {"matcher": "path", "argument": "status", "expected": "Failed", "state": "failure"},
            ],
        }
    },
}


def run(scenario: Callable[[Any], Awaitable[Any]], fake: BedrockFake, config: Config | None = None) -> Any:
    """Run ``scenario(client)`` with an aiobotocore bedrock client, under ``fake``, on a fresh loop."""

    async def main() -> Any:
        session = aiobotocore_session.get_session()
        async with session.create_client("bedrock", region_name=REGION, config=config) as client:
            return await scenario(client)

    with fake, warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "coroutine ... was never awaited" fails the test
        return asyncio.run(main())


def test_calls_are_served() -> None:
    async def scenario(client: Any) -> tuple[str, str, int]:
        arn = (await client.create_model_customization_job(**customization_job_params()))["jobArn"]
        job = await client.get_model_customization_job(jobIdentifier=arn)
        listed = await client.list_model_customization_jobs()
        return job["status"], job["jobArn"], len(listed["modelCustomizationJobSummaries"])

    status, arn, listed = run(scenario, mock_bedrock())
    assert status == "InProgress" and ":model-customization-job/" in arn and listed == 1


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda c: c.get_model_customization_job(jobIdentifier="no-such-job"), "ResourceNotFoundException"),
        (lambda c: c.list_custom_models(maxResults=5000), "ValidationException"),
        (lambda c: c.create_model_customization_job(**customization_job_params(jobName="x" * 64)),
         "ValidationException"),
    ],
)
def test_errors_are_the_modeled_exceptions(call: Callable[[Any], Awaitable[Any]], code: str) -> None:
    async def scenario(client: Any) -> ClientError:
        with pytest.raises(ClientError) as raised:
            await call(client)
        assert isinstance(raised.value, getattr(client.exceptions, code))
        return raised.value

    error = run(scenario, mock_bedrock())
    assert error.response["Error"]["Code"] == code
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 404)


def test_injected_errors_are_raised() -> None:
    fake = mock_bedrock()
    fake.inject_error("ListCustomModels", "AccessDeniedException")

    async def scenario(client: Any) -> None:
        with pytest.raises(client.exceptions.AccessDeniedException):
            await client.list_custom_models()
        assert (await client.list_custom_models())["modelSummaries"] == []

    run(scenario, fake)


def test_retries_follow_the_client_config_and_back_off_on_the_virtual_clock() -> None:
    fake = mock_bedrock(clock=ManualClock(START))
    fake.inject_error("ListCustomModels", "ThrottlingException", times=2)

    async def scenario(client: Any) -> dict[str, Any]:
        out: dict[str, Any] = await client.list_custom_models()
        return out

    began = time.monotonic()
    out = run(scenario, fake, Config(retries={"mode": "standard", "max_attempts": 5}))
    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    assert fake.clock.now() > ManualClock(START).now()  # botocore's back-off moved the fake's clock
    assert time.monotonic() - began < 5  # ... and nobody waited for it


def test_retries_give_up_as_the_config_says() -> None:
    fake = mock_bedrock(clock=ManualClock(START))
    fake.inject_error("ListCustomModels", "InternalServerException", times=None)

    async def scenario(client: Any) -> ClientError:
        with pytest.raises(client.exceptions.InternalServerException) as raised:
            await client.list_custom_models()
        return raised.value

    error = run(scenario, fake, Config(retries={"mode": "standard", "total_max_attempts": 3}))
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_paginators_walk_every_page() -> None:
    async def scenario(client: Any) -> list[str]:
        for i in range(7):
            await client.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
        names: list[str] = []
        async for page in client.get_paginator("list_model_customization_jobs").paginate(
            PaginationConfig={"PageSize": 3}
        ):
            names += [summary["jobName"] for summary in page["modelCustomizationJobSummaries"]]
        return names

    names = run(scenario, mock_bedrock())
    assert sorted(names) == [f"job-{i}" for i in range(7)]


def test_a_polling_loop_with_asyncio_sleep_finishes_without_waiting() -> None:
    async def scenario(client: Any) -> tuple[str, int]:
        arn = (await client.create_model_customization_job(**customization_job_params()))["jobArn"]
        polls = 0
        while (status := (await client.get_model_customization_job(jobIdentifier=arn))["status"]) == "InProgress":
            polls += 1
            await asyncio.sleep(60)  # moves the fake's clock a minute
        return status, polls

    began = time.monotonic()
    status, polls = run(scenario, mock_bedrock())
    assert status == "Completed" and polls == 40  # the default 40-minute run, one poll a minute
    assert time.monotonic() - began < 5


def test_a_custom_waiter_waits_on_the_virtual_clock() -> None:
    from aiobotocore.waiter import create_waiter_with_client
    from botocore.waiter import WaiterModel

    async def scenario(client: Any) -> str:
        arn = (await client.create_model_customization_job(**customization_job_params()))["jobArn"]
        waiter = create_waiter_with_client("JobComplete", WaiterModel(JOB_WAITER), client)
        await waiter.wait(jobIdentifier=arn)
        job = await client.get_model_customization_job(jobIdentifier=arn)
        return str(job["status"])

    fake = mock_bedrock()
    began = time.monotonic()
    assert run(scenario, fake) == "Completed"
    assert time.monotonic() - began < 5


def test_async_clients_get_the_fakes_credentials(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id = AKIAREALKEY000000000\naws_secret_access_key = real\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))

    async def scenario(client: Any) -> str:
        arn = (await client.create_model_customization_job(**customization_job_params()))["jobArn"]
        return str(arn)

    assert ":123456789012:" in run(scenario, mock_bedrock())


def test_aioboto3_clients_are_served() -> None:
    aioboto3 = pytest.importorskip("aioboto3")

    async def main() -> tuple[int, str]:
        session = aioboto3.Session()
        async with session.client("bedrock", region_name=REGION) as client:
            await client.create_model_customization_job(**customization_job_params())
            listed = await client.list_model_customization_jobs()
            with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
                await client.get_custom_model(modelIdentifier="nothing")
            return len(listed["modelCustomizationJobSummaries"]), raised.value.response["Error"]["Code"]

    with mock_bedrock():
        assert asyncio.run(main()) == (1, "ResourceNotFoundException")


def test_unserved_bedrock_services_are_refused_before_they_are_sent() -> None:
    from bedrock_fake import OperationNotImplementedError

    async def main() -> None:
        session = aiobotocore_session.get_session()
        async with session.create_client("bedrock-runtime", region_name=REGION) as runtime:
            with pytest.raises(OperationNotImplementedError, match="bedrock-runtime ListAsyncInvokes"):
                await runtime.list_async_invokes()

    with mock_bedrock():
        asyncio.run(main())
