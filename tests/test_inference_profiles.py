"""Inference profiles through boto3: system-defined ones from the catalog, application ones created, tagged,
resolved by other families and deleted."""

from __future__ import annotations

import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, ROLE

from bedrock_fake import BedrockFake

_MODEL = botocore.session.get_session().get_service_model("bedrock")
PROFILE_ARN = re.compile(_MODEL.shape_for("InferenceProfileArn").metadata["pattern"])
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SYSTEM_ID = f"us.{HAIKU}"
SYSTEM_ARN = f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/{SYSTEM_ID}"
FM_ARN = f"arn:aws:bedrock:{REGION}::foundation-model/{HAIKU}"


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def create(bedrock: Any, name: str = "chat-costs", source: str = SYSTEM_ARN, **extra: Any) -> str:
    arn: str = bedrock.create_inference_profile(
        inferenceProfileName=name, modelSource={"copyFrom": source}, **extra
    )["inferenceProfileArn"]
    return arn


def test_system_profiles_exist_without_being_created(bedrock: Any) -> None:
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)
    assert profile["type"] == "SYSTEM_DEFINED" and profile["status"] == "ACTIVE"
    assert profile["inferenceProfileArn"] == SYSTEM_ARN and PROFILE_ARN.fullmatch(SYSTEM_ARN)
    assert profile["inferenceProfileName"] == "US Anthropic Claude 3 Haiku"
    regions = [m["modelArn"].split(":")[3] for m in profile["models"]]
    assert regions[0] == REGION and len(regions) >= 2
    assert all(m["modelArn"].endswith(f"foundation-model/{HAIKU}") for m in profile["models"])
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ARN)["inferenceProfileId"] == SYSTEM_ID


def test_system_profiles_depend_on_the_callers_region(bedrock_fake: BedrockFake) -> None:
    eu = boto3.client("bedrock", region_name="eu-west-1")
    ids = {p["inferenceProfileId"] for p in eu.list_inference_profiles()["inferenceProfileSummaries"]}
    assert f"eu.{HAIKU}" in ids and not any(i.startswith("us.") for i in ids)
    with pytest.raises(ClientError) as error:
        eu.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)
    code, message = error_of(error)
    assert code == "ResourceNotFoundException" and SYSTEM_ID in message


def test_unknown_profiles_are_not_found(bedrock: Any) -> None:
    for identifier in ("us.acme.unknown-v1:0", "abcdefabcdef",
                       f"arn:aws:bedrock:{REGION}:123456789012:application-inference-profile/abcdefabcdef"):
        with pytest.raises(ClientError) as error:
            bedrock.get_inference_profile(inferenceProfileIdentifier=identifier)
        assert error_of(error)[0] == "ResourceNotFoundException"


def test_application_profile_copies_a_system_profile(bedrock: Any) -> None:
    arn = create(bedrock, description="Costs of the chat feature", tags=[{"key": "team", "value": "chat"}])
    assert PROFILE_ARN.fullmatch(arn) and re.search(r"application-inference-profile/[a-z0-9]{12}$", arn)
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    system = bedrock.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)
    assert profile["type"] == "APPLICATION" and profile["models"] == system["models"]
    assert profile["description"] == "Costs of the chat feature"
    assert profile["inferenceProfileId"] == arn.rsplit("/", 1)[1]
    assert profile["createdAt"] == profile["updatedAt"]
    by_id = bedrock.get_inference_profile(inferenceProfileIdentifier=profile["inferenceProfileId"])
    assert by_id["inferenceProfileArn"] == arn
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "chat"}]


def test_application_profile_copies_one_foundation_model(bedrock: Any) -> None:
    arn = create(bedrock, source=FM_ARN)
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=arn)["models"] == [{"modelArn": FM_ARN}]


def test_bad_sources_are_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        create(bedrock, source=f"arn:aws:bedrock:{REGION}::foundation-model/acme.unknown-v1:0")
    assert error_of(error)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        create(bedrock, source=f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/us.acme.unknown-v1:0")
    assert error_of(error)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        create(bedrock, source=f"arn:aws:bedrock:eu-west-1::foundation-model/{HAIKU}")
    code, message = error_of(error)
    assert code == "ValidationException" and "modelSource.copyFrom" in message
    with pytest.raises(ClientError) as error:  # a system profile ARN names the caller's account
        create(bedrock, source=SYSTEM_ARN.replace("123456789012", "210987654321"))
    assert error_of(error)[0] == "ResourceNotFoundException"
    app = create(bedrock, "first")
    with pytest.raises(ClientError) as error:  # an application profile cannot be copied (the model's pattern)
        create(bedrock, "second", source=app)
    assert error_of(error)[0] == "ValidationException"
    assert len(bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]) == 1


def test_names_are_unique_and_tokens_replay(bedrock: Any) -> None:
    first = create(bedrock, clientRequestToken="tok-1")
    assert create(bedrock, clientRequestToken="tok-1") == first
    with pytest.raises(ClientError) as error:
        create(bedrock)
    code, message = error_of(error)
    assert code == "ConflictException" and "inferenceProfileName" in message


def test_list_types_order_and_pagination(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    older = create(bedrock, "older")
    bedrock_fake.clock.advance(60)
    newer = create(bedrock, "newer")
    everything = bedrock.list_inference_profiles()["inferenceProfileSummaries"]
    assert [p["inferenceProfileArn"] for p in everything[:2]] == [newer, older]
    system_ids = [p["inferenceProfileId"] for p in everything[2:]]
    assert system_ids == sorted(system_ids) and SYSTEM_ID in system_ids
    assert all(p["type"] == "SYSTEM_DEFINED" for p in everything[2:])
    apps = bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    assert [p["inferenceProfileName"] for p in apps] == ["newer", "older"]
    systems = bedrock.list_inference_profiles(typeEquals="SYSTEM_DEFINED")["inferenceProfileSummaries"]
    assert [p["inferenceProfileId"] for p in systems] == system_ids
    pages = list(bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 4}))
    walked = [p["inferenceProfileArn"] for page in pages for p in page["inferenceProfileSummaries"]]
    assert walked == [p["inferenceProfileArn"] for p in everything] and len(pages) > 1


def test_delete_application_profiles_only(bedrock: Any) -> None:
    arn = create(bedrock)
    bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    with pytest.raises(ClientError) as error:
        bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    assert error_of(error)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    assert error_of(error)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        bedrock.delete_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)
    code, message = error_of(error)
    assert code == "ValidationException" and "system-defined" in message
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)["status"] == "ACTIVE"


def test_the_system_profile_delete_code_is_a_choice(monkeypatch: pytest.MonkeyPatch, bedrock: Any) -> None:
    from bedrock_fake import _behaviour

    monkeypatch.setattr(_behaviour, "SYSTEM_PROFILE_DELETE_CODE", "ConflictException")
    with pytest.raises(ClientError) as error:
        bedrock.delete_inference_profile(inferenceProfileIdentifier="global.amazon.nova-2-lite-v1:0")
    assert error_of(error)[0] == "ConflictException"


def test_projects_other_than_default_are_refused(bedrock: Any) -> None:
    if "projectIdentifier" not in _MODEL.operation_model("GetInferenceProfile").input_shape.members:
        pytest.skip("this botocore predates projectIdentifier")
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID, projectIdentifier="default")
    with pytest.raises(ClientError) as error:
        bedrock.list_inference_profiles(projectIdentifier="my-project")
    code, message = error_of(error)
    assert code == "ValidationException" and "projectIdentifier" in message


def test_profiles_are_invocable_by_other_families(bedrock: Any) -> None:
    """A batch job runs on an application profile (resolved to its model) and on a system profile."""
    app = create(bedrock)
    params = {
        "roleArn": ROLE,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://batch-input/records.jsonl"}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://batch-output/results/"}},
    }
    bedrock.create_model_invocation_job(jobName="on-app", modelId=app, **params)
    bedrock.create_model_invocation_job(jobName="on-system", modelId=SYSTEM_ARN, **params)
    bedrock.delete_inference_profile(inferenceProfileIdentifier=app)
    with pytest.raises(ClientError) as error:
        bedrock.create_model_invocation_job(jobName="on-deleted", modelId=app, **params)
    assert error_of(error)[0] == "ResourceNotFoundException"


NOVA_2_LITE = "amazon.nova-2-lite-v1:0"
GLOBAL_ID = f"global.{NOVA_2_LITE}"


@pytest.mark.parametrize("region", [REGION, "eu-west-1", "ap-northeast-1"])
def test_global_profiles_route_to_any_commercial_region(bedrock_fake: BedrockFake, region: str) -> None:
    """A global profile is callable from every geography; its models are the caller's Region's model ARN and the
    Region-less ARN that stands for any commercial Region (as AWS answers GetInferenceProfile)."""
    client = boto3.client("bedrock", region_name=region)
    profile = client.get_inference_profile(inferenceProfileIdentifier=GLOBAL_ID)
    assert profile["type"] == "SYSTEM_DEFINED" and profile["inferenceProfileName"] == "Global Amazon Nova 2 Lite"
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:{region}:123456789012:inference-profile/{GLOBAL_ID}"
    assert [m["modelArn"] for m in profile["models"]] == [
        f"arn:aws:bedrock:{region}::foundation-model/{NOVA_2_LITE}",
        f"arn:aws:bedrock:::foundation-model/{NOVA_2_LITE}",
    ]
    listed = client.list_inference_profiles(typeEquals="SYSTEM_DEFINED")["inferenceProfileSummaries"]
    assert GLOBAL_ID in {p["inferenceProfileId"] for p in listed}
    # usable where a system profile is: a batch job, and an application profile copying it
    client.create_model_invocation_job(
        jobName="on-global", modelId=GLOBAL_ID, roleArn=ROLE,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://batch-input/records.jsonl"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://batch-output/results/"}},
    )
    app = create(client, source=profile["inferenceProfileArn"])
    assert client.get_inference_profile(inferenceProfileIdentifier=app)["models"] == profile["models"]


def test_only_models_with_a_global_profile_have_one(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:  # Claude 3 Haiku has us./eu./apac. profiles, no global one
        bedrock.get_inference_profile(inferenceProfileIdentifier=f"global.{HAIKU}")
    assert error_of(error)[0] == "ResourceNotFoundException"


def test_profiles_belong_to_their_account_and_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = create(bedrock)
    other = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    assert other.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"] == []
    with pytest.raises(ClientError):
        other.get_inference_profile(inferenceProfileIdentifier=arn)


CONFORMANCE_RECIPES: dict[str, Any] = {
    "CreateInferenceProfile": lambda w: [
        (w.east, {"inferenceProfileName": "conf-create", "modelSource": {"copyFrom": SYSTEM_ARN},
                  "description": "conformance", "tags": [{"key": "k", "value": "v"}]}),
    ],
    "GetInferenceProfile": lambda w: [
        (w.east, {"inferenceProfileIdentifier": SYSTEM_ID}),
        (w.east, {"inferenceProfileIdentifier": create(w.east, "conf-get", description="d")}),
    ],
    "ListInferenceProfiles": lambda w: (
        create(w.east, "conf-list"),
        [(w.east, {}), (w.east, {"maxResults": 2}), (w.east, {"typeEquals": "APPLICATION"})],
    )[1],
    "DeleteInferenceProfile": lambda w: [(w.east, {"inferenceProfileIdentifier": create(w.east, "conf-delete")})],
}


def test_a_system_profile_lists_the_callers_region_first(bedrock_fake: BedrockFake) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    models = west.get_inference_profile(inferenceProfileIdentifier=SYSTEM_ID)["models"]
    assert [m["modelArn"].split(":")[3] for m in models] == ["us-west-2", "us-east-1", "us-east-2"]
