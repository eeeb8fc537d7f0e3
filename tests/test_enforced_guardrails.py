"""The account's enforced guardrail configuration through boto3: put, list, replace, delete, and the
guardrail versions it keeps from being deleted."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest
from conftest import REGION
from test_guardrails import STEP, create

from bedrock_fake import BedrockFake

_MODEL = botocore.session.get_session().get_service_model("bedrock")
if "PutEnforcedGuardrailConfiguration" not in _MODEL.operation_names:
    pytest.skip("this botocore predates enforced guardrail configurations", allow_module_level=True)

ROOT = "arn:aws:iam::123456789012:root"


def versioned(bedrock_fake: BedrockFake, bedrock: Any, name: str = "org-wide", versions: int = 1) -> str:
    guardrail_id = create(bedrock, name)
    bedrock_fake.clock.advance(STEP)
    for _ in range(versions):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
        bedrock_fake.clock.advance(STEP)
    return guardrail_id


def put(bedrock: Any, guardrail: str, version: str = "1", **extra: Any) -> dict[str, Any]:
    config = {"guardrailIdentifier": guardrail, "guardrailVersion": version, **extra.pop("config", {})}
    out: dict[str, Any] = bedrock.put_enforced_guardrail_configuration(guardrailInferenceConfig=config, **extra)
    return out


def listed(bedrock: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = bedrock.list_enforced_guardrails_configuration()["guardrailsConfig"]
    return out


def test_put_list_delete(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    assert listed(bedrock) == []
    guardrail_id = versioned(bedrock_fake, bedrock)
    arn = bedrock.get_guardrail(guardrailIdentifier=guardrail_id)["guardrailArn"]
    out = put(bedrock, arn, config={
        "selectiveContentGuarding": {"system": "SELECTIVE", "messages": "COMPREHENSIVE"},
        "modelEnforcement": {"includedModels": ["ALL"], "excludedModels": ["amazon.titan-text-express-v1"]},
    })
    assert out["updatedBy"] == ROOT and out["configId"]
    (config,) = listed(bedrock)
    assert config == {
        "configId": out["configId"], "guardrailArn": arn, "guardrailId": guardrail_id, "inputTags": "HONOR",
        "selectiveContentGuarding": {"system": "SELECTIVE", "messages": "COMPREHENSIVE"}, "guardrailVersion": "1",
        "createdAt": out["updatedAt"], "createdBy": ROOT, "updatedAt": out["updatedAt"], "updatedBy": ROOT,
        "owner": "ACCOUNT",
        "modelEnforcement": {"includedModels": ["ALL"], "excludedModels": ["amazon.titan-text-express-v1"]},
    }
    assert bedrock.delete_enforced_guardrail_configuration(configId=out["configId"])["ResponseMetadata"][
        "HTTPStatusCode"] == 200
    assert listed(bedrock) == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.delete_enforced_guardrail_configuration(configId=out["configId"])


def test_there_is_at_most_one_and_a_put_replaces_it(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = versioned(bedrock_fake, bedrock, versions=2)
    first = put(bedrock, guardrail_id)
    bedrock_fake.clock.advance(60)
    second = put(bedrock, guardrail_id, "2")
    assert second["configId"] == first["configId"] and second["updatedAt"] > first["updatedAt"]
    (config,) = listed(bedrock)
    assert config["guardrailVersion"] == "2" and config["createdAt"] == first["updatedAt"]
    assert config["inputTags"] == "IGNORE" and "modelEnforcement" not in config
    assert put(bedrock, guardrail_id, "1", configId=first["configId"])["configId"] == first["configId"]
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        put(bedrock, guardrail_id, configId="zzzzzzzzzzzz")
    assert listed(bedrock)[0]["guardrailVersion"] == "1"


def test_the_guardrail_and_version_must_exist(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = versioned(bedrock_fake, bedrock)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="guardrailVersion"):
        put(bedrock, guardrail_id, "2")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        put(bedrock, "zzzzzzzzzzzz")
    with pytest.raises(bedrock.exceptions.ValidationException, match="guardrailVersion"):
        put(bedrock, guardrail_id, "DRAFT")
    assert listed(bedrock) == []


def test_the_enforced_version_cannot_be_deleted(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = versioned(bedrock_fake, bedrock, versions=2)
    config_id = put(bedrock, guardrail_id)["configId"]
    for extra in ({"guardrailVersion": "1"}, {}):
        with pytest.raises(bedrock.exceptions.ResourceInUseException, match=config_id):
            bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, **extra)
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="2")  # not enforced: goes
    assert bedrock.get_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="1")["status"] == "READY"
    bedrock.delete_enforced_guardrail_configuration(configId=config_id)
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="1")
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)


def test_a_guardrail_being_deleted_cannot_be_enforced(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """A deletion already under way would end the version a configuration names: Put refuses it."""
    guardrail_id = versioned(bedrock_fake, bedrock)
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)
    with pytest.raises(bedrock.exceptions.ConflictException, match=r"guardrailInferenceConfig\.guardrailIdentifier"):
        put(bedrock, guardrail_id)
    assert listed(bedrock) == []
    bedrock_fake.clock.advance(STEP)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        put(bedrock, guardrail_id)
    assert listed(bedrock) == []


def test_a_version_that_is_not_ready_cannot_be_enforced(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = versioned(bedrock_fake, bedrock)
    bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)  # version 2: VERSIONING
    with pytest.raises(bedrock.exceptions.ConflictException, match=r"VERSIONING.*guardrailVersion"):
        put(bedrock, guardrail_id, "2")
    bedrock_fake.clock.advance(STEP)
    arn = bedrock.get_guardrail(guardrailIdentifier=guardrail_id)["guardrailArn"]
    bedrock_fake.set_outcome(arn, "FAILED", message="snapshot failed")
    bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)  # version 3 will fail
    bedrock_fake.clock.advance(STEP)
    assert bedrock.get_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="3")["status"] == "FAILED"
    with pytest.raises(bedrock.exceptions.ConflictException, match=r"FAILED.*guardrailVersion"):
        put(bedrock, guardrail_id, "3")
    assert listed(bedrock) == []
    config_id = put(bedrock, guardrail_id, "2")["configId"]  # READY: enforced; the FAILED DRAFT does not matter
    with pytest.raises(bedrock.exceptions.ConflictException, match="guardrailVersion"):
        put(bedrock, guardrail_id, "3", configId=config_id)
    assert listed(bedrock)[0]["guardrailVersion"] == "2"


def test_the_enforced_version_never_disappears(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = versioned(bedrock_fake, bedrock)
    put(bedrock, guardrail_id)
    for extra in ({"guardrailVersion": "1"}, {}):
        with pytest.raises(bedrock.exceptions.ResourceInUseException):
            bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, **extra)
    bedrock_fake.clock.advance(3600)
    (config,) = listed(bedrock)
    assert bedrock.get_guardrail(guardrailIdentifier=config["guardrailArn"],
                                 guardrailVersion=config["guardrailVersion"])["status"] == "READY"


def test_one_configuration_per_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    put(bedrock, versioned(bedrock_fake, bedrock))
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_enforced_guardrails_configuration()["guardrailsConfig"] == []
    assert len(listed(boto3.client("bedrock", region_name=REGION))) == 1


def test_a_next_token_is_refused(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="nextToken"):
        bedrock.list_enforced_guardrails_configuration(nextToken="abc")


def _configured(w: Any) -> str:
    return str(put(w.east, versioned(w.fake, w.east, "conf-enforced"),
                   config={"selectiveContentGuarding": {"system": "SELECTIVE"},
                           "modelEnforcement": {"includedModels": ["ALL"], "excludedModels": []}})["configId"])


CONFORMANCE_RECIPES: dict[str, Any] = {
    "PutEnforcedGuardrailConfiguration": lambda w: [(w.east, {"guardrailInferenceConfig": {
        "guardrailIdentifier": versioned(w.fake, w.east, "conf-put"), "guardrailVersion": "1"}})],
    "ListEnforcedGuardrailsConfiguration": lambda w: (_configured(w), [(w.east, {}), (w.west, {})])[1],
    "DeleteEnforcedGuardrailConfiguration": lambda w: [(w.east, {"configId": _configured(w)})],
}
