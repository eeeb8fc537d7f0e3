"""Model invocation logging configuration: one per account and Region, put, read back, deleted."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from conftest import REGION

from bedrock_fake import BedrockFake, _behaviour

ROLE = "arn:aws:iam::123456789012:role/BedrockLogging"
FULL: dict[str, Any] = {
    "cloudWatchConfig": {
        "logGroupName": "/aws/bedrock/invocations",
        "roleArn": ROLE,
        "largeDataDeliveryS3Config": {"bucketName": "large-payloads", "keyPrefix": "big/"},
    },
    "s3Config": {"bucketName": "invocation-logs", "keyPrefix": "bedrock/"},
    "textDataDeliveryEnabled": True,
    "imageDataDeliveryEnabled": False,
    "embeddingDataDeliveryEnabled": True,
}


def code_and_message(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def test_unset_by_default_then_put_and_read_back_exactly(bedrock: Any) -> None:
    assert "loggingConfig" not in bedrock.get_model_invocation_logging_configuration()
    bedrock.put_model_invocation_logging_configuration(loggingConfig=FULL)
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == FULL


def test_put_replaces_the_whole_configuration(bedrock: Any) -> None:
    bedrock.put_model_invocation_logging_configuration(loggingConfig=FULL)
    bedrock.put_model_invocation_logging_configuration(loggingConfig={"s3Config": {"bucketName": "other-logs"}})
    # members not sent are gone: no defaults added, nothing merged from the first configuration
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == {
        "s3Config": {"bucketName": "other-logs"}
    }


def test_delete_clears_and_is_idempotent(bedrock: Any) -> None:
    bedrock.delete_model_invocation_logging_configuration()  # nothing set: still succeeds
    bedrock.put_model_invocation_logging_configuration(loggingConfig=FULL)
    bedrock.delete_model_invocation_logging_configuration()
    assert "loggingConfig" not in bedrock.get_model_invocation_logging_configuration()
    bedrock.delete_model_invocation_logging_configuration()


def test_one_configuration_per_account_and_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.put_model_invocation_logging_configuration(loggingConfig=FULL)
    west = boto3.client("bedrock", region_name="us-west-2")
    other = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    assert "loggingConfig" not in west.get_model_invocation_logging_configuration()
    assert "loggingConfig" not in other.get_model_invocation_logging_configuration()
    west.put_model_invocation_logging_configuration(loggingConfig={"s3Config": {"bucketName": "west-logs"}})
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == FULL


def test_the_stored_configuration_is_a_copy(bedrock: Any) -> None:
    sent = {"s3Config": {"bucketName": "invocation-logs"}}
    bedrock.put_model_invocation_logging_configuration(loggingConfig=sent)
    sent["s3Config"]["bucketName"] = "changed-after"
    got = bedrock.get_model_invocation_logging_configuration()["loggingConfig"]
    got["s3Config"]["bucketName"] = "changed-by-reader"
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == {
        "s3Config": {"bucketName": "invocation-logs"}
    }


def test_a_configuration_without_a_destination_is_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.put_model_invocation_logging_configuration(loggingConfig={"textDataDeliveryEnabled": True})
    code, message = code_and_message(error)
    assert code == "ValidationException"
    assert "loggingConfig.s3Config" in message and "loggingConfig.cloudWatchConfig" in message
    assert "loggingConfig" not in bedrock.get_model_invocation_logging_configuration()


def test_without_a_destination_is_accepted_when_the_choice_says_so(
    bedrock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_behaviour, "LOGGING_REQUIRES_A_DESTINATION", False)
    bedrock.put_model_invocation_logging_configuration(loggingConfig={"textDataDeliveryEnabled": True})
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == {"textDataDeliveryEnabled": True}


@pytest.mark.parametrize(
    ("config", "member"),
    [
        ({"s3Config": {"bucketName": "Upper-Case"}}, "loggingConfig.s3Config.bucketName"),
        ({"s3Config": {"bucketName": "two..dots"}}, "loggingConfig.s3Config.bucketName"),
        ({"s3Config": {"bucketName": "192.168.0.1"}}, "loggingConfig.s3Config.bucketName"),
        ({"s3Config": {"bucketName": "-leading"}}, "loggingConfig.s3Config.bucketName"),
        (
            {"cloudWatchConfig": {"logGroupName": "g", "roleArn": ROLE,
                                  "largeDataDeliveryS3Config": {"bucketName": "bad_bucket"}}},
            "loggingConfig.cloudWatchConfig.largeDataDeliveryS3Config.bucketName",
        ),
    ],
)
def test_impossible_bucket_names_are_refused(bedrock: Any, config: dict[str, Any], member: str) -> None:
    bedrock.put_model_invocation_logging_configuration(loggingConfig=FULL)
    with pytest.raises(ClientError) as error:
        bedrock.put_model_invocation_logging_configuration(loggingConfig=config)
    code, message = code_and_message(error)
    assert code == "ValidationException" and member in message
    # a refused Put leaves the earlier configuration in place
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == FULL


@pytest.mark.parametrize(
    ("config", "member"),
    [
        ({"cloudWatchConfig": {"logGroupName": "g", "roleArn": "not-a-role"}},
         "loggingConfig.cloudWatchConfig.roleArn"),
        ({"cloudWatchConfig": {"logGroupName": "g" * 513, "roleArn": ROLE}},
         "loggingConfig.cloudWatchConfig.logGroupName"),
        ({"s3Config": {"bucketName": "logs", "keyPrefix": "p" * 1025}}, "loggingConfig.s3Config.keyPrefix"),
    ],
)
def test_model_constraints_are_checked_server_side(bedrock_fake: BedrockFake, config: dict[str, Any],
                                                   member: str) -> None:
    # parameter_validation=False: what the service itself answers (botocore checks no max or pattern anyway)
    client = boto3.client("bedrock", region_name=REGION,
                          config=boto3.session.Config(parameter_validation=False))
    with pytest.raises(ClientError) as error:
        client.put_model_invocation_logging_configuration(loggingConfig=config)
    code, message = code_and_message(error)
    assert code == "ValidationException" and member in message


def test_missing_required_members_are_refused_by_the_client_and_the_service(bedrock_fake: BedrockFake) -> None:
    with pytest.raises(ParamValidationError):
        boto3.client("bedrock", region_name=REGION).put_model_invocation_logging_configuration(
            loggingConfig={"s3Config": {}}
        )
    client = boto3.client("bedrock", region_name=REGION, config=boto3.session.Config(parameter_validation=False))
    with pytest.raises(ClientError) as error:
        client.put_model_invocation_logging_configuration(loggingConfig={"s3Config": {}})
    assert code_and_message(error)[0] == "ValidationException"
    assert "bucketName" in code_and_message(error)[1]


def test_moto_style_usage_put_then_get_then_delete() -> None:
    """moto's own tests put and read the configuration with plain boto3 under a decorator."""
    from bedrock_fake import mock_bedrock

    @mock_bedrock
    def scenario() -> None:
        client = boto3.client("bedrock", region_name="us-east-1")
        client.put_model_invocation_logging_configuration(
            loggingConfig={
                "cloudWatchConfig": {"logGroupName": "Test", "roleArn": "arn:aws:iam::123456789012:role/testrole"},
                "s3Config": {"bucketName": "testbucket"},
                "textDataDeliveryEnabled": False,
                "imageDataDeliveryEnabled": False,
                "embeddingDataDeliveryEnabled": False,
            }
        )
        got = client.get_model_invocation_logging_configuration()["loggingConfig"]
        assert got["cloudWatchConfig"]["logGroupName"] == "Test" and got["s3Config"]["bucketName"] == "testbucket"
        client.delete_model_invocation_logging_configuration()
        assert "loggingConfig" not in client.get_model_invocation_logging_configuration()

    scenario()
    with mock_bedrock():  # a new fake: nothing left from the one before
        fresh = boto3.client("bedrock", region_name=REGION)
        assert "loggingConfig" not in fresh.get_model_invocation_logging_configuration()


CONFORMANCE_RECIPES: dict[str, Any] = {
    "PutModelInvocationLoggingConfiguration": lambda w: [(w.east, {"loggingConfig": FULL})],
    # set in us-east-1 first, so both the set and the unset answer go over the wire
    "GetModelInvocationLoggingConfiguration": lambda w: (
        w.east.put_model_invocation_logging_configuration(loggingConfig=FULL),
        [(w.east, {}), (w.west, {})],
    )[1],
    "DeleteModelInvocationLoggingConfiguration": lambda w: [(w.east, {})],
}
