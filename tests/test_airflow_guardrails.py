"""Airflow's Amazon provider guardrail operators, run unchanged against the fake (CI's `airflow` stage
installs apache-airflow-providers-amazon, constraints/airflow.txt; elsewhere this module is skipped).

The operators call the API and return (they have no waiters): the pipeline below waits between steps the
way a DAG's sensor would, by polling GetGuardrail on the fake's clock.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest
from conftest import REGION
from test_guardrails import CONTENT, STEP

from bedrock_fake import BedrockFake

os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
if os.environ.get("BEDROCK_FAKE_REQUIRE_AIRFLOW"):  # CI's airflow stage: a missing provider is a failure
    import airflow.providers.amazon.aws.operators.bedrock as operators
else:
    operators = pytest.importorskip("airflow.providers.amazon.aws.operators.bedrock")
if not hasattr(operators, "BedrockCreateGuardrailOperator") and not os.environ.get("BEDROCK_FAKE_REQUIRE_AIRFLOW"):
    pytest.skip("this Amazon provider has no guardrail operators", allow_module_level=True)

COMMON: dict[str, Any] = {"aws_conn_id": None, "region_name": REGION}


def run(operator: Any) -> Any:
    return operator.execute(context={})


def test_create_update_version_delete_through_the_operators(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    guardrail_id = run(operators.BedrockCreateGuardrailOperator(
        task_id="create", guardrail_name="support-bot", blocked_input_messaging="Sorry.",
        blocked_outputs_messaging="Sorry.", content_policy_config=CONTENT,
        word_policy_config={"wordsConfig": [{"text": "competitor"}]}, tags=[{"key": "team", "value": "ml"}],
        **COMMON,
    ))
    assert bedrock.get_guardrail(guardrailIdentifier=guardrail_id)["status"] == "CREATING"
    bedrock_fake.clock.advance(STEP)
    # the operator's default if_exists="skip": a second create finds the first by name (ListGuardrails)
    assert run(operators.BedrockCreateGuardrailOperator(
        task_id="create-again", guardrail_name="support-bot", blocked_input_messaging="Sorry.",
        blocked_outputs_messaging="Sorry.", content_policy_config=CONTENT, **COMMON,
    )) == guardrail_id
    assert run(operators.BedrockUpdateGuardrailOperator(
        task_id="update", guardrail_identifier=guardrail_id, guardrail_name="support-bot",
        blocked_input_messaging="No.", blocked_outputs_messaging="No.", content_policy_config=CONTENT, **COMMON,
    )) == guardrail_id
    bedrock_fake.clock.advance(STEP)
    version = run(operators.BedrockCreateGuardrailVersionOperator(
        task_id="version", guardrail_identifier=guardrail_id, description="prod", **COMMON,
    ))
    assert version == "1"
    bedrock_fake.clock.advance(STEP)
    v1 = bedrock.get_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion=version)
    assert v1["status"] == "READY" and v1["blockedInputMessaging"] == "No." and "wordPolicy" not in v1
    run(operators.BedrockDeleteGuardrailOperator(
        task_id="delete-version", guardrail_identifier=guardrail_id, guardrail_version=version, **COMMON,
    ))
    run(operators.BedrockDeleteGuardrailOperator(task_id="delete", guardrail_identifier=guardrail_id, **COMMON))
    bedrock_fake.clock.advance(STEP)
    assert bedrock.list_guardrails()["guardrails"] == []


def test_create_with_if_exists_fail_raises_the_conflict(bedrock_fake: BedrockFake) -> None:
    from botocore.exceptions import ClientError

    params = {"guardrail_name": "dup", "blocked_input_messaging": "Sorry.", "blocked_outputs_messaging": "Sorry.",
              "content_policy_config": CONTENT, **COMMON}
    run(operators.BedrockCreateGuardrailOperator(task_id="first", **params))
    with pytest.raises(ClientError) as info:
        run(operators.BedrockCreateGuardrailOperator(task_id="second", if_exists="fail", **params))
    assert info.value.response["Error"]["Code"] == "ConflictException"
