"""Custom model deployments through boto3: deploy an Active Nova custom model, update it, delete it, and the
in-use rule that keeps a deployed model from being deleted."""

from __future__ import annotations

import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import customization_job_params

from bedrock_fake import BedrockFake, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
if "CreateCustomModelDeployment" not in _MODEL.operation_names:
    pytest.skip("this botocore predates custom model deployments", allow_module_level=True)

#: some botocore releases have the deployment operations but not UpdateCustomModelDeployment yet
needs_update = pytest.mark.skipif("UpdateCustomModelDeployment" not in _MODEL.operation_names,
                                  reason="this botocore predates UpdateCustomModelDeployment")
DEPLOYMENT_ARN = re.compile(_MODEL.shape_for("CustomModelDeploymentArn").metadata["pattern"])
DEPLOY = _behaviour.DEFAULT_DURATIONS["custom_model_deployment"]
MODEL_SECONDS = _behaviour.DEFAULT_DURATIONS["custom_model"]


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def nova_model(bedrock_fake: BedrockFake, bedrock: Any, name: str = "nova-chat", *, wait: bool = True) -> str:
    """A CreateCustomModel (SageMaker-trained Nova) model; Active unless ``wait`` is False."""
    arn: str = bedrock.create_custom_model(
        modelName=name, modelSourceConfig={"s3DataSource": {"s3Uri": f"s3://sagemaker-out/nova-micro/{name}"}}
    )["modelArn"]
    if wait:
        bedrock_fake.clock.advance(MODEL_SECONDS)
    return arn


def deploy(bedrock: Any, model_arn: str, name: str = "chat-prod", **extra: Any) -> str:
    arn: str = bedrock.create_custom_model_deployment(
        modelDeploymentName=name, modelArn=model_arn, **extra
    )["customModelDeploymentArn"]
    return arn


def test_creating_then_active_on_the_clock(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    model = nova_model(bedrock_fake, bedrock)
    arn = deploy(bedrock, model, description="Chat model, production")
    assert DEPLOYMENT_ARN.fullmatch(arn)
    got = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert got["status"] == "Creating" and got["modelArn"] == model and got["modelDeploymentName"] == "chat-prod"
    assert got["description"] == "Chat model, production" and "updateDetails" not in got
    bedrock_fake.clock.advance(DEPLOY)
    by_name = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier="chat-prod")
    assert by_name["status"] == "Active" and by_name["lastUpdatedAt"] > by_name["createdAt"]


def test_failed_by_set_outcome(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = deploy(bedrock, nova_model(bedrock_fake, bedrock))
    bedrock_fake.set_outcome(arn, "Failed", message="capacity unavailable")
    bedrock_fake.clock.advance(DEPLOY)
    got = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert got["status"] == "Failed" and got["failureMessage"] == "capacity unavailable"
    summary = bedrock.list_custom_model_deployments(statusEquals="Failed")["modelDeploymentSummaries"]
    assert [s["customModelDeploymentArn"] for s in summary] == [arn]
    bedrock.delete_custom_model_deployment(customModelDeploymentIdentifier=arn)  # a failed one can go


def test_only_active_deployable_models_can_be_deployed(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    creating = nova_model(bedrock_fake, bedrock, "still-creating", wait=False)
    with pytest.raises(ClientError) as error:
        deploy(bedrock, creating)
    code, message = error_of(error)
    assert code == "ValidationException" and "Creating" in message and "modelArn" in message
    job = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]  # a Titan fine-tune
    bedrock_fake.clock.advance(_behaviour.DEFAULT_DURATIONS["model_customization_job"])
    titan = bedrock.get_model_customization_job(jobIdentifier=job)["outputModelArn"]
    with pytest.raises(ClientError) as error:
        deploy(bedrock, titan, "titan")
    code, message = error_of(error)
    assert code == "ValidationException" and "cannot be deployed" in message
    with pytest.raises(ClientError) as error:
        deploy(bedrock, "arn:aws:bedrock:us-east-1:123456789012:custom-model/imported/abcdefabcdef", "ghost")
    assert error_of(error)[0] == "ResourceNotFoundException"
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []


def test_names_unique_tokens_and_tags(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    model = nova_model(bedrock_fake, bedrock)
    arn = deploy(bedrock, model, clientRequestToken="tok-1", tags=[{"key": "team", "value": "chat"}])
    assert deploy(bedrock, model, clientRequestToken="tok-1", tags=[{"key": "team", "value": "chat"}]) == arn
    with pytest.raises(ClientError) as error:
        deploy(bedrock, model)
    code, message = error_of(error)
    assert code == "ValidationException" and "modelDeploymentName" in message
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "chat"}]


def test_a_deployed_model_cannot_be_deleted(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    model = nova_model(bedrock_fake, bedrock)
    arn = deploy(bedrock, model)
    bedrock_fake.clock.advance(DEPLOY)
    with pytest.raises(ClientError) as error:
        bedrock.delete_custom_model(modelIdentifier=model)
    code, message = error_of(error)
    assert code == "ConflictException" and "chat-prod" in message
    bedrock.delete_custom_model_deployment(customModelDeploymentIdentifier=arn)
    bedrock.delete_custom_model(modelIdentifier=model)
    with pytest.raises(ClientError) as error:
        bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert error_of(error)[0] == "ResourceNotFoundException"


@needs_update
def test_delete_refused_while_creating_or_updating(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    first, second = nova_model(bedrock_fake, bedrock, "v1"), nova_model(bedrock_fake, bedrock, "v2")
    arn = deploy(bedrock, first)
    with pytest.raises(ClientError) as error:
        bedrock.delete_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert error_of(error)[0] == "ConflictException"
    bedrock_fake.clock.advance(DEPLOY)
    bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=second)
    with pytest.raises(ClientError) as error:
        bedrock.delete_custom_model_deployment(customModelDeploymentIdentifier=arn)
    code, message = error_of(error)
    assert code == "ConflictException" and "updated" in message


@needs_update
def test_update_replaces_the_model_after_the_update_completes(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    first, second = nova_model(bedrock_fake, bedrock, "v1"), nova_model(bedrock_fake, bedrock, "v2")
    arn = deploy(bedrock, first)
    with pytest.raises(ClientError) as error:  # not Active yet
        bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=second)
    assert error_of(error)[0] == "ValidationException"
    bedrock_fake.clock.advance(DEPLOY)
    assert bedrock.update_custom_model_deployment(
        customModelDeploymentIdentifier="chat-prod", modelArn=second
    )["customModelDeploymentArn"] == arn
    during = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert during["status"] == "Active" and during["modelArn"] == first
    assert during["updateDetails"] == {"modelArn": second, "updateStatus": "Updating"}
    for model in (first, second):  # both are in use while the update runs
        with pytest.raises(ClientError):
            bedrock.delete_custom_model(modelIdentifier=model)
    bedrock_fake.clock.advance(DEPLOY)
    after = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert after["modelArn"] == second and after["updateDetails"]["updateStatus"] == "UpdateCompleted"
    bedrock.delete_custom_model(modelIdentifier=first)  # no longer deployed
    assert [s["customModelDeploymentArn"] for s in bedrock.list_custom_model_deployments(
        modelArnEquals=second)["modelDeploymentSummaries"]] == [arn]


@needs_update
def test_an_update_set_to_fail_keeps_the_old_model(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    first, second = nova_model(bedrock_fake, bedrock, "v1"), nova_model(bedrock_fake, bedrock, "v2")
    arn = deploy(bedrock, first)
    with pytest.raises(ValueError, match="UpdateFailed cannot end"):  # creating: an update's end does not apply
        bedrock_fake.set_outcome(arn, "UpdateFailed")
    bedrock_fake.clock.advance(DEPLOY)
    with pytest.raises(ValueError, match="no live resource"):  # nor can it wait for one by name
        bedrock_fake.set_outcome("not-yet-deployed", "UpdateFailed")
    bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=second)
    with pytest.raises(ValueError, match="UpdateCompleted"):  # an update ends in its own statuses
        bedrock_fake.set_outcome(arn, "Failed")
    bedrock_fake.set_outcome(arn, "UpdateFailed", kind="custom_model_deployment")
    during = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert during["updateDetails"] == {"modelArn": second, "updateStatus": "Updating"}  # no hint of the end yet
    bedrock_fake.clock.advance(DEPLOY)
    after = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert after["status"] == "Active" and after["modelArn"] == first and "failureMessage" not in after
    assert after["updateDetails"] == {"modelArn": second, "updateStatus": "UpdateFailed"}
    assert after["lastUpdatedAt"] > during["lastUpdatedAt"]
    assert [s["customModelDeploymentArn"] for s in bedrock.list_custom_model_deployments(
        modelArnEquals=first, statusEquals="Active")["modelDeploymentSummaries"]] == [arn]
    assert bedrock.list_custom_model_deployments(modelArnEquals=second)["modelDeploymentSummaries"] == []
    bedrock.delete_custom_model(modelIdentifier=second)  # the failed update's model is not deployed
    with pytest.raises(ClientError) as error:
        bedrock.delete_custom_model(modelIdentifier=first)  # the old one still is
    assert error_of(error)[0] == "ConflictException"
    # a later update may succeed: it starts from the model the deployment serves
    third = nova_model(bedrock_fake, bedrock, "v3")
    bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=third)
    bedrock_fake.clock.advance(DEPLOY)
    final = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert final["modelArn"] == third and final["updateDetails"]["updateStatus"] == "UpdateCompleted"


def test_list_filters_sort_and_pagination(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    model = nova_model(bedrock_fake, bedrock)
    other = nova_model(bedrock_fake, bedrock, "other")
    arns = []
    for i in range(4):
        arns.append(deploy(bedrock, model if i < 3 else other, f"chat-{i}"))
        bedrock_fake.clock.advance(60)
    summaries = bedrock.list_custom_model_deployments()["modelDeploymentSummaries"]
    assert [s["customModelDeploymentArn"] for s in summaries] == arns[::-1]  # newest first by default
    assert summaries[0]["customModelDeploymentName"] == "chat-3" and summaries[0]["modelArn"] == other
    ascending = bedrock.list_custom_model_deployments(sortBy="CreationTime", sortOrder="Ascending")
    assert ascending["modelDeploymentSummaries"][0]["customModelDeploymentArn"] == arns[0]
    assert len(bedrock.list_custom_model_deployments(modelArnEquals=model)["modelDeploymentSummaries"]) == 3
    assert len(bedrock.list_custom_model_deployments(nameContains="chat-1")["modelDeploymentSummaries"]) == 1
    second_created = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arns[1])["createdAt"]
    after = bedrock.list_custom_model_deployments(createdAfter=second_created)["modelDeploymentSummaries"]
    assert {s["customModelDeploymentName"] for s in after} == {"chat-2", "chat-3"}
    before = bedrock.list_custom_model_deployments(createdBefore=second_created)["modelDeploymentSummaries"]
    assert {s["customModelDeploymentName"] for s in before} == {"chat-0"}
    active = bedrock.list_custom_model_deployments(statusEquals="Creating")["modelDeploymentSummaries"]
    assert {s["customModelDeploymentName"] for s in active} == {"chat-0", "chat-1", "chat-2", "chat-3"} - {
        s["customModelDeploymentName"] for s in bedrock.list_custom_model_deployments(
            statusEquals="Active")["modelDeploymentSummaries"]}
    pages = list(bedrock.get_paginator("list_custom_model_deployments").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["modelDeploymentSummaries"]) for p in pages] == [3, 1] and "nextToken" not in pages[-1]


def test_sagemaker_model_builder_nova_reuse_path(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """SageMaker's BedrockModelBuilder (Nova): deploy a CreateCustomModel model with tags, wait for Active, then
    find the model and its deployment again (reuse_resources=True) through list calls and tags."""
    tags = [{"key": "sagemaker-model-builder", "value": "nova-chat"}]
    model_arn = bedrock.create_custom_model(
        modelName="nova-chat", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://sagemaker-out/nova-micro/run-1"}},
        modelTags=tags,
    )["modelArn"]
    while bedrock.get_custom_model(modelIdentifier=model_arn)["modelStatus"] != "Active":
        bedrock_fake.clock.advance(30)
    deployment_arn = deploy(bedrock, model_arn, "nova-chat-deployment", tags=tags)
    while bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=deployment_arn)["status"] != "Active":
        bedrock_fake.clock.advance(30)
    # a later run: find what exists instead of creating it again
    found_model = next(m["modelArn"] for m in bedrock.list_custom_models()["modelSummaries"]
                       if bedrock.list_tags_for_resource(resourceARN=m["modelArn"])["tags"] == tags)
    assert found_model == model_arn
    deployments = bedrock.list_custom_model_deployments(modelArnEquals=found_model)["modelDeploymentSummaries"]
    assert [d["customModelDeploymentArn"] for d in deployments] == [deployment_arn]
    assert deployments[0]["status"] == "Active"
    assert bedrock.list_tags_for_resource(resourceARN=deployment_arn)["tags"] == tags


def test_deployments_belong_to_their_account_and_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = deploy(bedrock, nova_model(bedrock_fake, bedrock))
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_custom_model_deployments()["modelDeploymentSummaries"] == []
    with pytest.raises(ClientError):
        west.get_custom_model_deployment(customModelDeploymentIdentifier=arn)


def _active_nova(w: Any, name: str) -> str:
    arn: str = w.east.create_custom_model(
        modelName=name, modelSourceConfig={"s3DataSource": {"s3Uri": f"s3://sagemaker-out/nova-micro/{name}"}}
    )["modelArn"]
    w.fake.clock.advance(MODEL_SECONDS)
    return arn


def _updated(w: Any) -> str:
    arn = deploy(w.east, _active_nova(w, "conf-upd-1"), "conf-upd", description="d")
    w.fake.clock.advance(DEPLOY)
    w.east.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=_active_nova(w, "conf-upd-2"))
    return arn


CONFORMANCE_RECIPES: dict[str, Any] = {
    "CreateCustomModelDeployment": lambda w: [
        (w.east, {"modelDeploymentName": "conf-create", "modelArn": _active_nova(w, "conf-create"),
                  "description": "d", "tags": [{"key": "k", "value": "v"}]}),
    ],
    "GetCustomModelDeployment": lambda w: [(w.east, {"customModelDeploymentIdentifier": _updated(w)})],
    "ListCustomModelDeployments": lambda w: (
        _updated(w), [(w.east, {}), (w.east, {"maxResults": 1})],
    )[1],
    "UpdateCustomModelDeployment": lambda w: (
        arn := _updated(w), w.fake.clock.advance(DEPLOY),
        [(w.east, {"customModelDeploymentIdentifier": arn, "modelArn": _active_nova(w, "conf-upd-3")})],
    )[2],
    "DeleteCustomModelDeployment": lambda w: (
        arn := deploy(w.east, _active_nova(w, "conf-del")), w.fake.clock.advance(DEPLOY),
        [(w.east, {"customModelDeploymentIdentifier": arn})],
    )[2],
}
