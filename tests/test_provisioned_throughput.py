"""Provisioned Throughput: Create/Get/List/Update/DeleteProvisionedModelThroughput (reference §12)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, ROLE, customization_job_params

from bedrock_fake import BedrockFake, ManualClock, _behaviour

VARIANT = "amazon.titan-text-express-v1:0:8k"  # provisionable, customizable
LITE = "amazon.titan-text-lite-v1:0:4k"
PLAIN = "amazon.titan-text-express-v1"  # ON_DEMAND only
PT_DURATION = 10 * 60  # DEFAULT_DURATIONS["provisioned_model_throughput"]

_MODEL = botocore.session.get_session().get_service_model("bedrock")
PT_ARN_PATTERN = _MODEL.shape_for("ProvisionedModelArn").metadata["pattern"]
MODEL_ARN_PATTERN = _MODEL.shape_for("ModelArn").metadata["pattern"]


def fm_arn(model_id: str, region: str = REGION) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def create(client: Any, name: str = "pt-1", model_id: str = VARIANT, units: int = 1, **extra: Any) -> str:
    arn: str = client.create_provisioned_model_throughput(
        provisionedModelName=name, modelId=model_id, modelUnits=units, **extra
    )["provisionedModelArn"]
    return arn


def get(client: Any, identifier: str) -> dict[str, Any]:
    out: dict[str, Any] = client.get_provisioned_model_throughput(provisionedModelId=identifier)
    out.pop("ResponseMetadata")
    return out


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


def custom_model(client: Any, fake: BedrockFake, name: str, base: str = VARIANT) -> str:
    """A finished customization job's custom model (Active) in the caller's region."""
    fake.set_duration("model_customization_job", 60)
    client.create_model_customization_job(
        **customization_job_params(f"job-{name}", name, baseModelIdentifier=base)
    )
    fake.clock.advance(61)
    arn: str = client.get_custom_model(modelIdentifier=name)["modelArn"]
    return arn


def imported_model(client: Any, fake: BedrockFake, name: str) -> str:
    """A finished import job's imported model."""
    fake.set_duration("model_import_job", 60)
    client.create_model_import_job(
        jobName=f"import-{name}",
        importedModelName=name,
        roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://model-bucket/weights/"}},
    )
    fake.clock.advance(61)
    arn: str = client.get_imported_model(modelIdentifier=name)["modelArn"]
    return arn


# --- create and lifecycle --------------------------------------------------------------------------


def test_create_foundation_model_lifecycle(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    start = bedrock_fake.clock.now()
    arn = create(bedrock, "pt-1", VARIANT, units=2)
    assert re.fullmatch(PT_ARN_PATTERN, arn)
    assert arn.startswith(f"arn:aws:bedrock:{REGION}:123456789012:provisioned-model/")
    pt = get(bedrock, "pt-1")
    assert pt == {
        "modelUnits": 2,
        "desiredModelUnits": 2,
        "provisionedModelName": "pt-1",
        "provisionedModelArn": arn,
        "modelArn": fm_arn(VARIANT),
        "desiredModelArn": fm_arn(VARIANT),
        "foundationModelArn": fm_arn(VARIANT),
        "status": "Creating",
        "creationTime": pt["creationTime"],
        "lastModifiedTime": pt["creationTime"],
    }
    assert pt["creationTime"].tzinfo is not None
    assert pt["creationTime"] >= start.replace(microsecond=0) - _dt.timedelta(seconds=1)
    bedrock_fake.clock.advance(PT_DURATION - 1)
    assert get(bedrock, arn)["status"] == "Creating"
    bedrock_fake.clock.advance(1)
    done = get(bedrock, arn)
    assert done["status"] == "InService"
    assert done["lastModifiedTime"] == pt["creationTime"] + _dt.timedelta(seconds=PT_DURATION)
    assert "failureMessage" not in done and "commitmentDuration" not in done


def test_create_with_foundation_model_arn(bedrock: Any) -> None:
    create(bedrock, "pt-arn", fm_arn(LITE))
    assert get(bedrock, "pt-arn")["modelArn"] == fm_arn(LITE)


def test_plain_on_demand_id_is_refused_with_variant_hint(bedrock: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-plain", PLAIN)
    code, message = error(exc)
    assert code == "ValidationException"
    assert "modelId" in message and VARIANT in message
    assert bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []


def test_model_without_provisioned_support_is_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", "meta.llama3-8b-instruct-v1:0")
    code, message = error(exc)
    assert code == "ValidationException" and "does not support Provisioned Throughput" in message


def test_foundation_model_arn_of_another_region_is_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", fm_arn(VARIANT, "us-west-2"))
    assert error(exc)[0] == "ValidationException" and "modelId" in error(exc)[1]


@pytest.mark.parametrize("model_id", ["amazon.nonexistent-v1:0", "no-such-model"])
def test_unknown_model_is_not_found(bedrock: Any, model_id: str) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", model_id)
    code, message = error(exc)
    assert code == "ResourceNotFoundException" and model_id in message


def test_imported_model_arn_fails_the_pattern(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = imported_model(bedrock, bedrock_fake, "my-imported")
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", arn)
    code, message = error(exc)
    assert code == "ValidationException" and "modelId" in message


def test_create_on_custom_model_by_name_and_arn(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model_arn = custom_model(bedrock, bedrock_fake, "cm-1")
    create(bedrock, "pt-name", "cm-1")
    create(bedrock, "pt-arn", model_arn)
    for name in ("pt-name", "pt-arn"):
        pt = get(bedrock, name)
        assert pt["modelArn"] == pt["desiredModelArn"] == model_arn
        assert re.fullmatch(MODEL_ARN_PATTERN, pt["modelArn"])
        assert pt["foundationModelArn"] == fm_arn(VARIANT)


@pytest.mark.parametrize("status", ["Creating", "Failed"])
def test_custom_model_not_active_is_refused(bedrock: Any, bedrock_fake: BedrockFake, status: str) -> None:
    if status == "Failed":
        bedrock_fake.set_outcome("nova-custom", "Failed", message="bad artifacts", kind="custom_model")
    bedrock.create_custom_model(
        modelName="nova-custom", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://bucket/nova-lite/"}}
    )
    if status == "Failed":
        bedrock_fake.clock.advance(_behaviour.DEFAULT_DURATIONS["custom_model"])
    assert bedrock.get_custom_model(modelIdentifier="nova-custom")["modelStatus"] == status
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", "nova-custom")
    code, message = error(exc)
    assert code == "ValidationException" and status in message and "modelId" in message


def test_shared_custom_model_must_be_copied_first(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model_arn = custom_model(bedrock, bedrock_fake, "cm-shared")
    bedrock_fake.share_model(model_arn, "111122223333")
    other = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("111122223333"))
    with pytest.raises(ClientError) as exc:
        create(other, "pt-x", model_arn)
    code, message = error(exc)
    assert code == "ValidationException" and "copy it" in message and "modelId" in message
    assert other.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []


def test_create_on_imported_model_by_name(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = imported_model(bedrock, bedrock_fake, "my-imported")
    create(bedrock, "pt-imp", "my-imported")
    pt = get(bedrock, "pt-imp")
    assert pt["modelArn"] == pt["desiredModelArn"] == pt["foundationModelArn"] == arn


def test_duplicate_name_is_validation_error(bedrock: Any) -> None:
    create(bedrock, "pt-1")
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-1", LITE)
    code, message = error(exc)
    assert code == "ValidationException" and "pt-1" in message and "provisionedModelName" in message
    assert len(bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]) == 1


@pytest.mark.parametrize("name", ["bad name", "-lead", "a" * 64])
def test_invalid_name_is_validation_error(bedrock: Any, name: str) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, name)
    assert error(exc)[0] == "ValidationException" and "provisionedModelName" in error(exc)[1]


def test_model_unit_quota(bedrock: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-big", units=3)
    code, message = error(exc)
    assert code == "ServiceQuotaExceededException" and "modelUnits" in message
    create(bedrock, "pt-committed", units=3, commitmentDuration="OneMonth")
    with pytest.raises(bedrock.exceptions.ServiceQuotaExceededException):
        create(bedrock, "pt-huge", units=101, commitmentDuration="SixMonths")
    names = [
        s["provisionedModelName"]
        for s in bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]
    ]
    assert names == ["pt-committed"]


def test_invalid_commitment_is_validation_error(bedrock: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-x", commitmentDuration="OneYear")
    assert error(exc)[0] == "ValidationException" and "commitmentDuration" in error(exc)[1]


# --- commitments and deletion -----------------------------------------------------------------------


@pytest.mark.bedrock_fake(clock=ManualClock("2024-01-31T12:00:00Z"))
def test_commitment_expiration_and_delete(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    create(bedrock, "pt-1m", commitmentDuration="OneMonth")
    create(bedrock, "pt-6m", commitmentDuration="SixMonths")
    one = get(bedrock, "pt-1m")
    assert one["commitmentDuration"] == "OneMonth"
    assert one["commitmentExpirationTime"] == _dt.datetime(2024, 2, 29, 12, tzinfo=_dt.timezone.utc)
    assert get(bedrock, "pt-6m")["commitmentExpirationTime"] == _dt.datetime(
        2024, 7, 31, 12, tzinfo=_dt.timezone.utc
    )
    summary = bedrock.list_provisioned_model_throughputs(nameContains="pt-1m")["provisionedModelSummaries"][0]
    assert summary["commitmentExpirationTime"] == one["commitmentExpirationTime"]
    bedrock_fake.clock.advance(PT_DURATION)
    with pytest.raises(ClientError) as exc:
        bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1m")
    code, message = error(exc)
    assert code == "ConflictException" and "pt-1m" in message and "2024-02-29" in message
    bedrock_fake.clock.move_to("2024-02-29T12:00:00Z")  # type: ignore[attr-defined]
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1m")
    with pytest.raises(bedrock.exceptions.ConflictException):
        bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-6m")


def test_delete_without_commitment_is_immediate(bedrock: Any) -> None:
    arn = create(bedrock, "pt-1")
    out = bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)  # even while Creating
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    for call in (
        lambda: bedrock.get_provisioned_model_throughput(provisionedModelId="pt-1"),
        lambda: bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1"),
    ):
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            call()
    assert bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []
    create(bedrock, "pt-1")  # the name is free again


def test_committed_throughput_that_failed_creating_can_be_deleted(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    bedrock_fake.set_outcome("pt-doomed", "Failed", message="capacity")
    create(bedrock, "pt-doomed", commitmentDuration="SixMonths")
    with pytest.raises(bedrock.exceptions.ConflictException):  # still Creating: the term runs
        bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-doomed")
    bedrock_fake.clock.advance(PT_DURATION)
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-doomed")


# --- identifiers --------------------------------------------------------------------------------------


def test_unknown_and_invalid_identifiers(bedrock: Any) -> None:
    unknown_arn = f"arn:aws:bedrock:{REGION}:123456789012:provisioned-model/abcdefghijkl"
    for identifier in ("nope", unknown_arn):
        with pytest.raises(ClientError) as exc:
            bedrock.get_provisioned_model_throughput(provisionedModelId=identifier)
        code, message = error(exc)
        assert code == "ResourceNotFoundException" and identifier in message
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            bedrock.update_provisioned_model_throughput(
                provisionedModelId=identifier, desiredProvisionedModelName="x"
            )
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            bedrock.delete_provisioned_model_throughput(provisionedModelId=identifier)
    with pytest.raises(ClientError) as exc:
        bedrock.get_provisioned_model_throughput(provisionedModelId="not a name!")
    assert error(exc)[0] == "ValidationException" and "provisionedModelId" in error(exc)[1]


def test_throughputs_are_regional(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = create(bedrock, "pt-1")
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_provisioned_model_throughput(provisionedModelId=arn)
    west_arn = create(west, "pt-1", fm_arn(VARIANT, "us-west-2"))
    assert ":us-west-2:" in west_arn and get(west, "pt-1")["modelArn"] == fm_arn(VARIANT, "us-west-2")


# --- outcomes and durations -------------------------------------------------------------------------


def test_set_outcome_before_create(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("pt-f", "Failed", message="Insufficient capacity.")
    create(bedrock, "pt-f")
    assert get(bedrock, "pt-f")["status"] == "Creating"
    assert "failureMessage" not in get(bedrock, "pt-f")
    bedrock_fake.clock.advance(PT_DURATION)
    pt = get(bedrock, "pt-f")
    assert pt["status"] == "Failed" and pt["failureMessage"] == "Insufficient capacity."
    summary = bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"][0]
    assert summary["status"] == "Failed" and "failureMessage" not in summary


def test_set_outcome_on_live_throughput(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = create(bedrock, "pt-1")
    bedrock_fake.clock.advance(60)
    bedrock_fake.set_outcome(arn, "Failed", kind="provisioned_model_throughput")
    bedrock_fake.clock.advance(PT_DURATION - 61)
    assert get(bedrock, arn)["status"] == "Creating"
    bedrock_fake.clock.advance(1)
    pt = get(bedrock, arn)
    assert pt["status"] == "Failed" and pt["failureMessage"]
    with pytest.raises(ValueError):
        bedrock_fake.set_outcome("pt-1", "Completed", kind="provisioned_model_throughput")


def test_set_outcome_in_service_overrides_failed(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_outcome("pt-1", "Failed")
    create(bedrock, "pt-1")
    bedrock_fake.set_outcome("pt-1", "InService")
    bedrock_fake.clock.advance(PT_DURATION)
    pt = get(bedrock, "pt-1")
    assert pt["status"] == "InService" and "failureMessage" not in pt


def test_set_duration(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    bedrock_fake.set_duration("provisioned_model_throughput", 5)
    create(bedrock, "pt-1")
    bedrock_fake.clock.advance(5)
    assert get(bedrock, "pt-1")["status"] == "InService"
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredProvisionedModelName="pt-2")
    assert get(bedrock, "pt-2")["status"] == "Updating"
    bedrock_fake.clock.advance(5)
    assert get(bedrock, "pt-2")["status"] == "InService"


def test_time_sleep_drives_the_lifecycle(bedrock: Any) -> None:
    import time

    create(bedrock, "pt-1")
    while get(bedrock, "pt-1")["status"] == "Creating":
        time.sleep(60)
    assert get(bedrock, "pt-1")["status"] == "InService"


# --- idempotency and tags --------------------------------------------------------------------------


def test_client_request_token_idempotency(bedrock: Any) -> None:
    first = create(bedrock, "pt-1", clientRequestToken="token-1")
    again = create(bedrock, "pt-1", clientRequestToken="token-1")
    assert first == again
    assert len(bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]) == 1
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-2", clientRequestToken="token-1")
    # CreateProvisionedModelThroughput models no ConflictException: a validation error.
    assert error(exc)[0] == "ValidationException" and "token-1" in error(exc)[1]
    # botocore fills a fresh token when omitted: a second call without one is a new request.
    with pytest.raises(bedrock.exceptions.ValidationException):
        create(bedrock, "pt-1")


def test_tags_at_create_and_tag_operations(bedrock: Any) -> None:
    arn = create(bedrock, "pt-1", tags=[{"key": "team", "value": "ml"}])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "ml"}]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "env", "value": "test"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["team"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "env", "value": "test"}]
    too_many = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(ClientError) as exc:
        create(bedrock, "pt-2", tags=too_many)
    assert error(exc)[0] == "TooManyTagsException"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_provisioned_model_throughput(provisionedModelId="pt-2")
    bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_tags_for_resource(resourceARN=arn)


# --- update ----------------------------------------------------------------------------------------


def _in_service(client: Any, fake: BedrockFake, name: str, model_id: str = VARIANT, **extra: Any) -> str:
    arn = create(client, name, model_id, **extra)
    fake.clock.advance(PT_DURATION)
    return arn


def test_rename(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arn = _in_service(bedrock, bedrock_fake, "pt-1")
    _in_service(bedrock, bedrock_fake, "pt-other")
    with pytest.raises(ClientError) as exc:
        bedrock.update_provisioned_model_throughput(
            provisionedModelId=arn, desiredProvisionedModelName="pt-other"
        )
    code, message = error(exc)
    assert code == "ValidationException" and "pt-other" in message
    assert get(bedrock, arn)["status"] == "InService"

    before = bedrock_fake.clock.now()
    out = bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredProvisionedModelName="pt-new"
    )
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    pt = get(bedrock, "pt-new")
    assert pt["provisionedModelArn"] == arn and pt["status"] == "Updating"
    assert pt["lastModifiedTime"] >= before.replace(microsecond=0)
    assert pt["modelArn"] == pt["desiredModelArn"] == fm_arn(VARIANT)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_provisioned_model_throughput(provisionedModelId="pt-1")
    bedrock_fake.clock.advance(PT_DURATION)
    assert get(bedrock, arn)["status"] == "InService"
    create(bedrock, "pt-1")  # the old name is free


def test_update_rules_on_status_and_arguments(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    create(bedrock, "pt-1")
    with pytest.raises(ClientError) as exc:  # still Creating
        bedrock.update_provisioned_model_throughput(
            provisionedModelId="pt-1", desiredProvisionedModelName="pt-2"
        )
    code, message = error(exc)
    assert code == "ValidationException" and "Creating" in message
    bedrock_fake.clock.advance(PT_DURATION)
    with pytest.raises(ClientError) as exc:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1")
    assert error(exc)[0] == "ValidationException" and "desiredProvisionedModelName" in error(exc)[1]
    # same name and same model: nothing to do, no Updating phase
    bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredProvisionedModelName="pt-1", desiredModelId=VARIANT
    )
    assert get(bedrock, "pt-1")["status"] == "InService"
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredProvisionedModelName="pt-2")
    with pytest.raises(bedrock.exceptions.ValidationException):  # Updating
        bedrock.update_provisioned_model_throughput(
            provisionedModelId="pt-2", desiredProvisionedModelName="pt-3"
        )


def test_base_model_throughput_cannot_change_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    _in_service(bedrock, bedrock_fake, "pt-1")
    custom_model(bedrock, bedrock_fake, "cm-1")
    for target in (LITE, "cm-1"):
        with pytest.raises(ClientError) as exc:
            bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=target)
        code, message = error(exc)
        assert code == "ValidationException" and "base model" in message and target in message
    assert get(bedrock, "pt-1")["status"] == "InService"


def test_custom_model_throughput_switches_to_its_base_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    model_arn = custom_model(bedrock, bedrock_fake, "cm-1")
    _in_service(bedrock, bedrock_fake, "pt-1", "cm-1")
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=VARIANT)
    pt = get(bedrock, "pt-1")
    assert pt["status"] == "Updating"
    assert pt["modelArn"] == model_arn and pt["desiredModelArn"] == fm_arn(VARIANT)
    assert bedrock.list_provisioned_model_throughputs(modelArnEquals=model_arn)["provisionedModelSummaries"]
    with pytest.raises(bedrock.exceptions.ConflictException):  # still served by the old model
        bedrock.delete_custom_model(modelIdentifier="cm-1")
    bedrock_fake.clock.advance(PT_DURATION)
    pt = get(bedrock, "pt-1")
    assert pt["status"] == "InService"
    assert pt["modelArn"] == pt["desiredModelArn"] == pt["foundationModelArn"] == fm_arn(VARIANT)
    assert (
        bedrock.list_provisioned_model_throughputs(modelArnEquals=model_arn)["provisionedModelSummaries"]
        == []
    )
    bedrock.delete_custom_model(modelIdentifier="cm-1")  # no longer in use


def test_custom_model_throughput_switches_to_sibling_custom_model(
    bedrock: Any, bedrock_fake: BedrockFake
) -> None:
    first = custom_model(bedrock, bedrock_fake, "cm-1")
    second = custom_model(bedrock, bedrock_fake, "cm-2")
    custom_model(bedrock, bedrock_fake, "cm-lite", base=LITE)
    _in_service(bedrock, bedrock_fake, "pt-1", first)
    for target in ("cm-lite", LITE):
        with pytest.raises(ClientError) as exc:
            bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=target)
        code, message = error(exc)
        assert code == "ValidationException" and target in message
    bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredModelId=second, desiredProvisionedModelName="pt-renamed"
    )
    pt = get(bedrock, "pt-renamed")
    assert (pt["status"], pt["modelArn"], pt["desiredModelArn"]) == ("Updating", first, second)
    with pytest.raises(ClientError) as exc:  # the desired model is in use too
        bedrock.delete_custom_model(modelIdentifier="cm-2")
    assert error(exc)[0] == "ConflictException" and "pt-renamed" in error(exc)[1]
    bedrock_fake.clock.advance(PT_DURATION)
    pt = get(bedrock, "pt-renamed")
    assert (pt["status"], pt["modelArn"], pt["desiredModelArn"]) == ("InService", second, second)


def test_update_to_unknown_or_unusable_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    custom_model(bedrock, bedrock_fake, "cm-1")
    _in_service(bedrock, bedrock_fake, "pt-1", "cm-1")
    with pytest.raises(ClientError) as exc:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId="cm-missing")
    assert error(exc)[0] == "ResourceNotFoundException" and "desiredModelId" in error(exc)[1]
    with pytest.raises(ClientError) as exc:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=PLAIN)
    assert error(exc)[0] == "ValidationException" and "desiredModelId" in error(exc)[1]


def test_failed_update_keeps_the_old_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    first = custom_model(bedrock, bedrock_fake, "cm-1")
    _in_service(bedrock, bedrock_fake, "pt-1", "cm-1")
    bedrock_fake.set_outcome("pt-1", "Failed", message="update failed")  # consumed by the next update
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=VARIANT)
    assert get(bedrock, "pt-1")["status"] == "Updating"
    bedrock_fake.clock.advance(PT_DURATION)
    pt = get(bedrock, "pt-1")
    assert pt["status"] == "Failed" and pt["failureMessage"] == "update failed"
    assert pt["modelArn"] == first and pt["desiredModelArn"] == fm_arn(VARIANT)
    with pytest.raises(bedrock.exceptions.ValidationException):  # Failed: only delete remains
        bedrock.update_provisioned_model_throughput(
            provisionedModelId="pt-1", desiredProvisionedModelName="pt-2"
        )
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    bedrock.delete_custom_model(modelIdentifier="cm-1")


def test_set_outcome_on_live_update(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    custom_model(bedrock, bedrock_fake, "cm-1")
    _in_service(bedrock, bedrock_fake, "pt-1", "cm-1")
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=VARIANT)
    bedrock_fake.set_outcome("pt-1", "Failed")
    bedrock_fake.clock.advance(PT_DURATION)
    assert get(bedrock, "pt-1")["status"] == "Failed"


def test_imported_model_throughput_cannot_change_model(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    imported_model(bedrock, bedrock_fake, "imp-1")
    _in_service(bedrock, bedrock_fake, "pt-1", "imp-1")
    with pytest.raises(ClientError) as exc:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=VARIANT)
    assert error(exc)[0] == "ValidationException" and "imported model" in error(exc)[1]


# --- models in use ---------------------------------------------------------------------------------


def test_custom_model_in_use_cannot_be_deleted(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    custom_model(bedrock, bedrock_fake, "cm-1")
    arn = create(bedrock, "pt-1", "cm-1")
    with pytest.raises(ClientError) as exc:
        bedrock.delete_custom_model(modelIdentifier="cm-1")
    code, message = error(exc)
    assert code == "ConflictException" and "pt-1" in message and arn in message
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    assert bedrock.get_custom_model(modelIdentifier="cm-1")["modelName"] == "cm-1"  # PT deletion keeps it
    bedrock.delete_custom_model(modelIdentifier="cm-1")


def test_imported_model_in_use_cannot_be_deleted(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    imported_model(bedrock, bedrock_fake, "imp-1")
    create(bedrock, "pt-1", "imp-1")
    with pytest.raises(ClientError) as exc:
        bedrock.delete_imported_model(modelIdentifier="imp-1")
    code, message = error(exc)
    assert code == "ConflictException" and "pt-1" in message
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    bedrock.delete_imported_model(modelIdentifier="imp-1")


# --- list ------------------------------------------------------------------------------------------


def _names(out: dict[str, Any]) -> list[str]:
    return [s["provisionedModelName"] for s in out["provisionedModelSummaries"]]


def test_list_summaries_and_sort(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    for name in ("pt-a", "pt-b", "pt-c"):
        create(bedrock, name)
        bedrock_fake.clock.advance(1)
    out = bedrock.list_provisioned_model_throughputs()
    assert _names(out) == ["pt-c", "pt-b", "pt-a"]  # newest first by default
    assert "nextToken" not in out
    summary = out["provisionedModelSummaries"][0]
    assert set(summary) == {
        "provisionedModelName",
        "provisionedModelArn",
        "modelArn",
        "desiredModelArn",
        "foundationModelArn",
        "modelUnits",
        "desiredModelUnits",
        "status",
        "creationTime",
        "lastModifiedTime",
    }
    assert isinstance(summary["modelUnits"], int) and summary["creationTime"].tzinfo is not None
    assert _names(
        bedrock.list_provisioned_model_throughputs(sortBy="CreationTime", sortOrder="Ascending")
    ) == ["pt-a", "pt-b", "pt-c"]
    assert _names(bedrock.list_provisioned_model_throughputs(sortOrder="Descending")) == [
        "pt-c",
        "pt-b",
        "pt-a",
    ]


def test_list_filters(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    custom_arn = custom_model(bedrock, bedrock_fake, "cm-1")
    t0 = bedrock_fake.clock.now()
    create(bedrock, "alpha-one", VARIANT)
    bedrock_fake.clock.advance(PT_DURATION)
    t1 = bedrock_fake.clock.now()
    create(bedrock, "alpha-two", LITE)
    bedrock_fake.clock.advance(10)
    t2 = bedrock_fake.clock.now()
    create(bedrock, "beta", "cm-1")
    lst = bedrock.list_provisioned_model_throughputs
    assert _names(lst(statusEquals="InService")) == ["alpha-one"]
    assert _names(lst(statusEquals="Creating")) == ["beta", "alpha-two"]
    assert _names(lst(statusEquals="Failed")) == []
    assert _names(lst(modelArnEquals=fm_arn(LITE))) == ["alpha-two"]
    assert _names(lst(modelArnEquals=custom_arn)) == ["beta"]
    assert _names(lst(nameContains="ALPHA")) == ["alpha-two", "alpha-one"]  # case-insensitive
    assert _names(lst(nameContains="two", statusEquals="Creating")) == ["alpha-two"]
    assert _names(lst(creationTimeAfter=t0 - _dt.timedelta(seconds=1), creationTimeBefore=t2)) == [
        "alpha-two",
        "alpha-one",
    ]
    assert _names(lst(creationTimeAfter=t1 - _dt.timedelta(seconds=1))) == ["beta", "alpha-two"]
    assert _names(lst(creationTimeBefore=t0 - _dt.timedelta(seconds=1))) == []


@pytest.mark.parametrize(
    ("params", "member"),
    [
        ({"statusEquals": "Bogus"}, "statusEquals"),
        ({"maxResults": 5000}, "maxResults"),
        ({"sortBy": "Name"}, "sortBy"),
        ({"nameContains": "bad name"}, "nameContains"),
        (
            {"modelArnEquals": "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl"},
            "modelArnEquals",
        ),
    ],
)
def test_list_validation(bedrock: Any, params: dict[str, Any], member: str) -> None:
    with pytest.raises(ClientError) as exc:
        bedrock.list_provisioned_model_throughputs(**params)
    assert error(exc)[0] == "ValidationException" and member in error(exc)[1]


def test_list_pagination(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    names = [f"pt-{i:02d}" for i in range(7)]
    for name in names:
        create(bedrock, name)
        bedrock_fake.clock.advance(1)
    seen: list[str] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"maxResults": 3, "sortOrder": "Ascending"}
        if token:
            kwargs["nextToken"] = token
        out = bedrock.list_provisioned_model_throughputs(**kwargs)
        assert len(out["provisionedModelSummaries"]) <= 3
        seen += _names(out)
        token = out.get("nextToken")
        if token is None:
            break
    assert seen == names
    first = bedrock.list_provisioned_model_throughputs(maxResults=2)
    with pytest.raises(ClientError) as exc:
        bedrock.list_provisioned_model_throughputs(
            maxResults=2, nextToken=first["nextToken"], nameContains="pt"
        )
    assert error(exc)[0] == "ValidationException" and "nextToken" in error(exc)[1]

    paginator = bedrock.get_paginator("list_provisioned_model_throughputs")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["provisionedModelSummaries"]) for p in pages] == [2, 2, 2, 1]
    assert [n for p in pages for n in _names(p)] == names[::-1]
    # created 1 s apart: after this, pt-00..pt-03 are InService and pt-04..pt-06 still Creating
    bedrock_fake.clock.advance(PT_DURATION - 4)
    built = paginator.paginate(statusEquals="Creating", PaginationConfig={"PageSize": 2}).build_full_result()
    assert _names(built) == ["pt-06", "pt-05", "pt-04"]


def test_an_outcome_for_the_next_update_dies_with_its_throughput(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    create(bedrock, "pt-1")
    bedrock_fake.clock.advance(PT_DURATION)
    bedrock_fake.set_outcome("pt-1", "Failed")  # InService: kept for pt-1's next update
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    create(bedrock, "pt-1")  # a new, unrelated throughput with the same name
    bedrock_fake.clock.advance(PT_DURATION)
    assert get(bedrock, "pt-1")["status"] == "InService"
