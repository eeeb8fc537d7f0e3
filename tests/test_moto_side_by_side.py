"""moto's mock_aws serves S3 (and the rest), bedrock_fake serves Bedrock: together, in either order."""

from __future__ import annotations

import os
import time
from typing import Any

import boto3
import botocore.endpoint
import pytest
from conftest import REGION, customization_job_params

from bedrock_fake import BedrockFake, get_fake, mock_bedrock

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws


def _pipeline() -> dict[str, Any]:
    """What a user's code does: data in S3 (moto), a customization job on it (bedrock_fake)."""
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="training-bucket")
    body = b'{"prompt": "a", "completion": "b"}\n'
    s3.put_object(Bucket="training-bucket", Key="data/train.jsonl", Body=body)
    bedrock = boto3.client("bedrock", region_name=REGION)
    arn = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    time.sleep(3 * 3600)  # under bedrock_fake: moves its clock, returns at once
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="training-bucket")["Contents"]]
    return {"status": job["status"], "keys": keys, "arn": arn}


def _check(result: dict[str, Any]) -> None:
    assert result["status"] == "Completed"
    assert result["keys"] == ["data/train.jsonl"]
    # bedrock_fake's own ARN (moto's bedrock backend would give a job that never completes).
    assert result["arn"].startswith("arn:aws:bedrock:us-east-1:")


def test_moto_outside_bedrock_fake_inside() -> None:
    with mock_aws(), mock_bedrock():
        _check(_pipeline())


def test_bedrock_fake_outside_moto_inside() -> None:
    with mock_bedrock(), mock_aws():
        _check(_pipeline())


def test_moto_decorator_with_bedrock_fake_decorator() -> None:
    @mock_aws
    @mock_bedrock
    def scenario() -> dict[str, Any]:
        return _pipeline()

    _check(scenario())


def test_bedrock_fake_decorator_outside_moto_decorator() -> None:
    @mock_bedrock
    @mock_aws
    def scenario() -> dict[str, Any]:
        return _pipeline()

    _check(scenario())


def test_fixture_with_moto_context_manager(bedrock_fake: BedrockFake) -> None:
    with mock_aws():
        _check(_pipeline())
        assert get_fake() is bedrock_fake


@mock_aws
def test_moto_decorated_test_with_the_fixture(bedrock_fake: BedrockFake) -> None:
    _check(_pipeline())


def test_bedrock_errors_are_ours_under_moto() -> None:
    with mock_aws(), mock_bedrock() as fake:
        client = boto3.client("bedrock", region_name=REGION)
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.get_model_customization_job(jobIdentifier="no-such-job")
        fake.inject_error("ListModelCustomizationJobs", "ThrottlingException", times=2)
        listed = client.list_model_customization_jobs()
        assert listed["ResponseMetadata"]["RetryAttempts"] == 2


def test_moto_credentials_act_as_the_fakes_default_account() -> None:
    with mock_aws(), mock_bedrock(account_id="111122223333"):
        arn = boto3.client("bedrock", region_name=REGION).create_model_customization_job(
            **customization_job_params()
        )["jobArn"]
    assert ":111122223333:" in arn


def test_bedrock_calls_do_not_reach_moto_after_bedrock_fake_stops_first() -> None:
    # Stop order independent of start order: bedrock_fake stops first, moto then serves alone.
    with mock_aws():
        fake = mock_bedrock().start()
        client = boto3.client("bedrock", region_name=REGION)
        client.create_model_customization_job(**customization_job_params())
        fake.stop()
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="still-moto")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["still-moto"]


def test_both_stopped_leaves_no_trace() -> None:
    environ = dict(os.environ)
    sleep = time.sleep
    make_request = botocore.endpoint.Endpoint.make_request
    with mock_bedrock(), mock_aws():
        pass
    with mock_aws(), mock_bedrock():
        pass
    assert dict(os.environ) == environ
    assert time.sleep is sleep
    assert botocore.endpoint.Endpoint.make_request is make_request
