"""Shared fixtures: real boto3 clients against the fake (the ``bedrock_fake`` fixture comes from our plugin)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from bedrock_fake import BedrockFake

# Every answer of the fake is checked against its service model (output shape, modeled errors): an
# answer off the model raises StrictModeError in the test that caused it.
os.environ["BEDROCK_FAKE_STRICT"] = "1"

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/BedrockRole"
BASE_MODEL = "amazon.titan-text-express-v1"


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never depend on the machine's AWS configuration."""
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    yield


@pytest.fixture
def bedrock(bedrock_fake: BedrockFake) -> Any:
    """A bedrock client in us-east-1, served by the active fake."""
    return boto3.client("bedrock", region_name=REGION)


def customization_job_params(name: str = "job-1", model_name: str = "model-1", **overrides: Any) -> dict[str, Any]:
    """Valid CreateModelCustomizationJob parameters (override any member)."""
    params: dict[str, Any] = {
        "jobName": name,
        "customModelName": model_name,
        "roleArn": ROLE,
        "baseModelIdentifier": BASE_MODEL,
        "trainingDataConfig": {"s3Uri": "s3://training-bucket/data/train.jsonl"},
        "outputDataConfig": {"s3Uri": "s3://output-bucket/out"},
        "hyperParameters": {"epochCount": "1"},
    }
    params.update(overrides)
    return params
