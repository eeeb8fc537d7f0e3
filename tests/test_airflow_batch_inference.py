"""Airflow's Amazon provider batch-inference operator, sensor and waiters, run unchanged against the fake
(CI's `airflow` stage installs apache-airflow-providers-amazon, constraints/airflow.txt; elsewhere this
module is skipped).

Nothing is configured down: the operator waits with its defaults (the provider's ``batch_inference_complete``
waiter, 20 polls 60 s apart), the sensor pokes every 120 s for its default success state (Scheduled), and the
hook's waiters run with the budgets of the provider's waiters/bedrock.json (75 polls 120 s apart). Their
``time.sleep`` moves the fake's clock, so each test takes milliseconds of real time; the assertions on the
virtual time say that the fake's default durations finish inside those budgets.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import Any

import boto3
import pytest
from botocore.exceptions import WaiterError
from conftest import REGION, ROLE
from test_model_invocation_jobs import AIRFLOW_WAITERS, HAIKU, RUN

from bedrock_fake import BedrockFake

os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
if os.environ.get("BEDROCK_FAKE_REQUIRE_AIRFLOW"):  # CI's airflow stage: a missing provider is a failure
    import airflow.providers.amazon.aws.hooks.bedrock as hooks
    import airflow.providers.amazon.aws.operators.bedrock as operators
    import airflow.providers.amazon.aws.sensors.bedrock as sensors
else:
    operators = pytest.importorskip("airflow.providers.amazon.aws.operators.bedrock")
    sensors = pytest.importorskip("airflow.providers.amazon.aws.sensors.bedrock")
    hooks = pytest.importorskip("airflow.providers.amazon.aws.hooks.bedrock")
if not hasattr(operators, "BedrockBatchInferenceOperator") and not os.environ.get("BEDROCK_FAKE_REQUIRE_AIRFLOW"):
    pytest.skip("this Amazon provider has no batch inference operator", allow_module_level=True)

COMMON: dict[str, Any] = {"aws_conn_id": None, "region_name": REGION}
INPUT, OUTPUT = "s3://batch-input/records.jsonl", "s3://batch-output/results/"
#: the operator's default budget (waiter_delay 60 x waiter_max_attempts 20) and the waiters' (120 s x 75)
OPERATOR_BUDGET, WAITER_BUDGET = 20 * 60, 75 * 120


def provider_waiters() -> dict[str, Any]:
    """The provider's own waiter file, as the hook reads it."""
    path = pathlib.Path(operators.__file__).parent.parent / "waiters" / "bedrock.json"
    config: dict[str, Any] = json.loads(path.read_text())
    return config


def elapsed(fake: BedrockFake, start: Any) -> float:
    return float((fake.clock.now() - start).total_seconds())


def create_job(name: str = "nightly") -> str:
    arn: str = boto3.client("bedrock", region_name=REGION).create_model_invocation_job(
        jobName=name, roleArn=ROLE, modelId=HAIKU,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": INPUT}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": OUTPUT}},
    )["jobArn"]
    return arn


def status_of(arn: str) -> str:
    return str(boto3.client("bedrock", region_name=REGION).get_model_invocation_job(jobIdentifier=arn)["status"])


def test_the_unit_tests_copy_of_the_waiters_is_the_providers() -> None:
    """tests/test_model_invocation_jobs.py runs these waiters without Airflow: its copy must be exact."""
    installed = provider_waiters()["waiters"]
    for name in ("batch_inference_scheduled", "batch_inference_complete"):
        assert AIRFLOW_WAITERS["waiters"][name] == installed[name], name  # type: ignore[index]


def test_the_operator_waits_for_completion_within_its_default_budget(bedrock_fake: BedrockFake) -> None:
    operator = operators.BedrockBatchInferenceOperator(
        task_id="batch", job_name="nightly", role_arn=ROLE, model_id=HAIKU, input_uri=INPUT, output_uri=OUTPUT,
        **COMMON,
    )
    assert operator.wait_for_completion and not operator.deferrable
    assert (operator.waiter_delay, operator.waiter_max_attempts) == (60, 20)
    start = bedrock_fake.clock.now()
    arn = operator.execute(context={})
    assert status_of(arn) == "Completed"
    assert RUN <= elapsed(bedrock_fake, start) <= OPERATOR_BUDGET


@pytest.mark.parametrize("outcome", ["Failed", "PartiallyCompleted", "Expired"])
def test_the_operator_fails_when_the_job_does(bedrock_fake: BedrockFake, outcome: str) -> None:
    bedrock_fake.set_outcome("nightly", outcome, kind="model_invocation_job")
    operator = operators.BedrockBatchInferenceOperator(
        task_id="batch", job_name="nightly", role_arn=ROLE, model_id=HAIKU, input_uri=INPUT, output_uri=OUTPUT,
        **COMMON,
    )
    start = bedrock_fake.clock.now()
    with pytest.raises(WaiterError) as error:
        operator.execute(context={})
    assert f'"{outcome}"' in str(error.value)  # a failure state, not the budget running out
    assert elapsed(bedrock_fake, start) <= OPERATOR_BUDGET


def test_the_sensor_succeeds_on_scheduled_by_default(bedrock_fake: BedrockFake) -> None:
    arn = create_job()
    sensor = sensors.BedrockBatchInferenceSensor(task_id="scheduled", job_arn=arn, **COMMON)
    assert sensor.success_state == sensors.BedrockBatchInferenceSensor.SuccessState.SCHEDULED
    assert (sensor.poke_interval, sensor.deferrable) == (120, False)
    start = bedrock_fake.clock.now()
    sensor.execute(context={})
    assert status_of(arn) == "Scheduled"  # its second poke, 120 s in, sees it queued
    assert elapsed(bedrock_fake, start) <= WAITER_BUDGET


def test_the_sensor_waits_for_completed_when_asked(bedrock_fake: BedrockFake) -> None:
    arn = create_job()
    sensor = sensors.BedrockBatchInferenceSensor(
        task_id="completed", job_arn=arn, success_state=sensors.BedrockBatchInferenceSensor.SuccessState.COMPLETED,
        **COMMON,
    )
    sensor.execute(context={})
    assert status_of(arn) == "Completed"


def test_the_sensor_fails_on_a_failed_job(bedrock_fake: BedrockFake) -> None:
    from airflow.exceptions import AirflowException

    bedrock_fake.set_outcome("nightly", "Failed", message="bad records", kind="model_invocation_job")
    arn = create_job()
    bedrock_fake.clock.advance(RUN)
    with pytest.raises(AirflowException):
        sensors.BedrockBatchInferenceSensor(task_id="failed", job_arn=arn, **COMMON).execute(context={})


def test_the_hooks_waiters_with_their_default_budgets(bedrock_fake: BedrockFake) -> None:
    arn = create_job()
    hook = hooks.BedrockHook(**COMMON)
    scheduled = hook.get_waiter("batch_inference_scheduled")
    complete = hook.get_waiter("batch_inference_complete")
    for waiter in (scheduled, complete):
        assert (waiter.config.delay, waiter.config.max_attempts) == (120, 75)
    start = bedrock_fake.clock.now()
    scheduled.wait(jobIdentifier=arn)
    assert status_of(arn) == "Scheduled"
    complete.wait(jobIdentifier=arn)
    assert status_of(arn) == "Completed"
    assert RUN <= elapsed(bedrock_fake, start) <= WAITER_BUDGET


def test_the_hooks_waiters_fail_on_a_stopped_job(bedrock_fake: BedrockFake) -> None:
    arn = create_job()
    boto3.client("bedrock", region_name=REGION).stop_model_invocation_job(jobIdentifier=arn)
    hook = hooks.BedrockHook(**COMMON)
    for name in ("batch_inference_scheduled", "batch_inference_complete"):
        with pytest.raises(WaiterError) as error:
            hook.get_waiter(name).wait(jobIdentifier=arn)
        assert '"Stopping"' in str(error.value)
