"""Resource-based policies through boto3: on guardrails and guardrail profiles, JSON checked, gone with
the guardrail."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from conftest import REGION, customization_job_params
from test_guardrails import STEP, create

from bedrock_fake import BedrockFake
from bedrock_fake.resources import resource_policies

_MODEL = botocore.session.get_session().get_service_model("bedrock")
if "PutResourcePolicy" not in _MODEL.operation_names:
    pytest.skip("this botocore predates resource policies", allow_module_level=True)

POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": ["bedrock:ApplyGuardrail"], "Resource": "*"}],
})
PROFILE_ARN = f"arn:aws:bedrock:{REGION}:123456789012:guardrail-profile/us.guardrail.v1:0"


def guardrail_arn(bedrock: Any, name: str = "shared") -> str:
    arn: str = bedrock.get_guardrail(guardrailIdentifier=create(bedrock, name))["guardrailArn"]
    return arn


def test_put_get_replace_delete(bedrock: Any) -> None:
    arn = guardrail_arn(bedrock)
    out = bedrock.put_resource_policy(resourceArn=arn, resourcePolicy=POLICY)
    assert out["resourceArn"] == arn and out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert bedrock.get_resource_policy(resourceArn=arn)["resourcePolicy"] == POLICY  # verbatim
    bedrock.put_resource_policy(resourceArn=arn, resourcePolicy='{"Statement": []}')
    assert bedrock.get_resource_policy(resourceArn=arn)["resourcePolicy"] == '{"Statement": []}'
    bedrock.delete_resource_policy(resourceArn=arn)
    for call in (bedrock.get_resource_policy, bedrock.delete_resource_policy):
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="resourceArn"):
            call(resourceArn=arn)


def test_guardrail_profiles_take_policies(bedrock: Any) -> None:
    bedrock.put_resource_policy(resourceArn=PROFILE_ARN, resourcePolicy=POLICY)
    assert bedrock.get_resource_policy(resourceArn=PROFILE_ARN)["resourcePolicy"] == POLICY


@pytest.mark.parametrize("document", ["not json", "[1, 2]", '"a string"'])
def test_the_policy_must_be_a_json_document(bedrock: Any, document: str) -> None:
    arn = guardrail_arn(bedrock)
    with pytest.raises(bedrock.exceptions.ValidationException, match="resourcePolicy"):
        bedrock.put_resource_policy(resourceArn=arn, resourcePolicy=document)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_resource_policy(resourceArn=arn)


def test_only_existing_resources_that_take_policies(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_params())
    job_arn = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"][0]["jobArn"]
    arn = guardrail_arn(bedrock)
    for target in (
        job_arn,  # a resource that takes no policy
        arn.replace(arn.rsplit("/", 1)[1], "zzzzzzzzzzzz"),  # a guardrail that does not exist
        arn.replace("123456789012", "999999999999"),  # another account's
        arn.replace(REGION, "us-west-2"),  # another Region's
        f"arn:aws:bedrock:{REGION}:123456789012:guardrail-profile/eu.guardrail.v1:0",  # not from this Region
        "not-an-arn",
    ):
        with pytest.raises(bedrock.exceptions.ValidationException, match="resourceArn"):
            bedrock.put_resource_policy(resourceArn=target, resourcePolicy=POLICY)
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            bedrock.get_resource_policy(resourceArn=target)


def test_the_policy_goes_with_its_guardrail(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = guardrail_arn(bedrock)
    bedrock.put_resource_policy(resourceArn=arn, resourcePolicy=POLICY)
    bedrock_fake.clock.advance(STEP)
    bedrock.delete_guardrail(guardrailIdentifier=arn)
    assert bedrock.get_resource_policy(resourceArn=arn)["resourcePolicy"] == POLICY  # still DELETING
    bedrock_fake.clock.advance(STEP)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_resource_policy(resourceArn=arn)


def test_a_deleted_guardrails_policy_leaves_the_table(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn, kept = guardrail_arn(bedrock), guardrail_arn(bedrock, "kept")
    for target in (arn, kept, PROFILE_ARN):
        bedrock.put_resource_policy(resourceArn=target, resourcePolicy=POLICY)
    table = bedrock_fake._backend.registry.region("123456789012", REGION).peek(resource_policies.POLICIES)
    assert table is not None and set(table) == {arn, kept, PROFILE_ARN}
    bedrock_fake.clock.advance(STEP)
    bedrock.delete_guardrail(guardrailIdentifier=arn)
    bedrock_fake.clock.advance(STEP)
    bedrock.list_guardrails()  # the deletion ends on the clock (the fake settles it at the next call)
    assert set(table) == {kept, PROFILE_ARN}  # removed, not just hidden
    assert bedrock.get_resource_policy(resourceArn=kept)["resourcePolicy"] == POLICY


def _with_policy(w: Any, name: str) -> str:
    arn = guardrail_arn(w.east, name)
    w.east.put_resource_policy(resourceArn=arn, resourcePolicy=POLICY)
    return arn


CONFORMANCE_RECIPES: dict[str, Any] = {
    "PutResourcePolicy": lambda w: [(w.east, {"resourceArn": guardrail_arn(w.east, "conf-put-policy"),
                                              "resourcePolicy": POLICY})],
    "GetResourcePolicy": lambda w: [(w.east, {"resourceArn": _with_policy(w, "conf-get-policy")})],
    "DeleteResourcePolicy": lambda w: [(w.east, {"resourceArn": _with_policy(w, "conf-delete-policy")})],
}
