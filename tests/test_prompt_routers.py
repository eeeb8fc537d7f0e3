"""Prompt routers through boto3: the default routers, custom ones created, listed, tagged and deleted."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import REGION

from bedrock_fake import BedrockFake

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20241022-v2:0"
LLAMA = "meta.llama3-1-8b-instruct-v1:0"
DEFAULT_ARN = f"arn:aws:bedrock:{REGION}:123456789012:default-prompt-router/anthropic.claude:1"


def fm(model_id: str, region: str = REGION) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def create(bedrock: Any, name: str = "chat-router", models: tuple[str, ...] = (HAIKU, SONNET),
           fallback: str = HAIKU, **extra: Any) -> str:
    arn: str = bedrock.create_prompt_router(
        promptRouterName=name,
        models=[{"modelArn": fm(m) if not m.startswith("arn:") else m} for m in models],
        fallbackModel={"modelArn": fm(fallback) if not fallback.startswith("arn:") else fallback},
        routingCriteria={"responseQualityDifference": 25.0},
        **extra,
    )["promptRouterArn"]
    return arn


def test_default_routers_exist_without_being_created(bedrock: Any) -> None:
    router = bedrock.get_prompt_router(promptRouterArn=DEFAULT_ARN)
    assert router["type"] == "default" and router["status"] == "AVAILABLE"
    assert router["fallbackModel"] == {"modelArn": fm("anthropic.claude-3-5-sonnet-20240620-v1:0")}
    assert router["fallbackModel"] in router["models"] and len(router["models"]) == 2
    arns = [r["promptRouterArn"] for r in bedrock.list_prompt_routers(type="default")["promptRouterSummaries"]]
    assert DEFAULT_ARN in arns and any(a.endswith("meta.llama:1") for a in arns)


def test_default_routers_only_where_aws_has_them(bedrock_fake: BedrockFake) -> None:
    eu = boto3.client("bedrock", region_name="eu-west-1")
    assert eu.list_prompt_routers()["promptRouterSummaries"] == []
    with pytest.raises(ClientError) as error:
        eu.get_prompt_router(promptRouterArn=DEFAULT_ARN.replace(REGION, "eu-west-1"))
    assert error_of(error)[0] == "ResourceNotFoundException"


def test_default_routers_cannot_be_deleted(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.delete_prompt_router(promptRouterArn=DEFAULT_ARN)
    code, message = error_of(error)
    assert code == "ValidationException" and "promptRouterArn" in message
    assert bedrock.get_prompt_router(promptRouterArn=DEFAULT_ARN)["status"] == "AVAILABLE"


def test_custom_router_round_trip(bedrock: Any) -> None:
    arn = create(bedrock, description="Cheap first", tags=[{"key": "team", "value": "chat"}])
    assert arn.startswith(f"arn:aws:bedrock:{REGION}:123456789012:prompt-router/") and len(arn.rsplit("/")[1]) == 12
    router = bedrock.get_prompt_router(promptRouterArn=arn)
    assert router["type"] == "custom" and router["promptRouterName"] == "chat-router"
    assert router["models"] == [{"modelArn": fm(HAIKU)}, {"modelArn": fm(SONNET)}]
    assert router["fallbackModel"] == {"modelArn": fm(HAIKU)} and router["description"] == "Cheap first"
    assert router["routingCriteria"] == {"responseQualityDifference": 25.0}
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "chat"}]
    bedrock.delete_prompt_router(promptRouterArn=arn)
    for call in (bedrock.get_prompt_router, bedrock.delete_prompt_router):
        with pytest.raises(ClientError) as error:
            call(promptRouterArn=arn)
        assert error_of(error)[0] == "ResourceNotFoundException"


def test_routed_models_may_be_inference_profiles(bedrock: Any) -> None:
    profile = f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/us.{HAIKU}"
    other = f"arn:aws:bedrock:{REGION}:123456789012:inference-profile/us.{SONNET}"
    arn = create(bedrock, models=(profile, other), fallback=profile)
    assert bedrock.get_prompt_router(promptRouterArn=arn)["fallbackModel"] == {"modelArn": profile}


@pytest.mark.parametrize(
    ("models", "fallback", "code", "words"),
    [
        ((HAIKU, LLAMA), HAIKU, "ValidationException", "one model family"),
        ((HAIKU, SONNET), LLAMA, "ValidationException", "fallbackModel.modelArn"),
        ((HAIKU, HAIKU), HAIKU, "ValidationException", "twice"),
        ((HAIKU, SONNET, "anthropic.claude-3-opus-20240229-v1:0"), HAIKU, "ValidationException", "at most"),
        ((), HAIKU, "ValidationException", "at least one"),
        ((HAIKU, "anthropic.claude-9-v1:0"), HAIKU, "ResourceNotFoundException", "models.2.member.modelArn"),
        ((HAIKU, fm(SONNET, "eu-west-1")), HAIKU, "ResourceNotFoundException", "models.2.member.modelArn"),
    ],
)
def test_bad_routers_are_refused(bedrock: Any, models: tuple[str, ...], fallback: str, code: str,
                                 words: str) -> None:
    with pytest.raises(ClientError) as error:
        create(bedrock, models=models, fallback=fallback)
    got_code, message = error_of(error)
    assert got_code == code and words in message
    assert bedrock.list_prompt_routers(type="custom")["promptRouterSummaries"] == []


def test_names_unique_and_tokens_replay(bedrock: Any) -> None:
    arn = create(bedrock, clientRequestToken="tok-1")
    assert create(bedrock, clientRequestToken="tok-1") == arn
    with pytest.raises(ClientError) as error:
        create(bedrock)
    code, message = error_of(error)
    assert code == "ConflictException" and "promptRouterName" in message


def test_list_types_order_and_pagination(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    older = create(bedrock, "older")
    bedrock_fake.clock.advance(60)
    newer = create(bedrock, "newer")
    everything = [r["promptRouterArn"] for r in bedrock.list_prompt_routers()["promptRouterSummaries"]]
    assert everything[:2] == [newer, older] and everything[2:] == sorted(everything[2:])
    assert [r["promptRouterArn"] for r in bedrock.list_prompt_routers(type="custom")["promptRouterSummaries"]] == [
        newer, older]
    pages = list(bedrock.get_paginator("list_prompt_routers").paginate(PaginationConfig={"PageSize": 3}))
    assert [r["promptRouterArn"] for p in pages for r in p["promptRouterSummaries"]] == everything
    assert len(pages) == 2


def test_routers_resolve_for_the_runtime(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """The one resolver of invocable identifiers knows custom and default routers (by their fallback model)."""
    from bedrock_fake._invocable import resolve
    from bedrock_fake._request import Request

    arn = create(bedrock, fallback=SONNET)
    backend = bedrock_fake._backend
    request = Request(backend, "Test", {}, backend.registry.region("123456789012", REGION), backend.now())
    custom = resolve(request, arn)
    assert custom is not None and (custom.arn_type, custom.arn, custom.model_id) == ("prompt-router", arn, SONNET)
    default = resolve(request, DEFAULT_ARN)
    assert default is not None and default.model_id == "anthropic.claude-3-5-sonnet-20240620-v1:0"
    bedrock.delete_prompt_router(promptRouterArn=arn)
    assert resolve(request, arn) is None


def test_routers_belong_to_their_account_and_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    arn = create(bedrock)
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_prompt_routers(type="custom")["promptRouterSummaries"] == []
    with pytest.raises(ClientError):
        west.get_prompt_router(promptRouterArn=arn)


CONFORMANCE_RECIPES: dict[str, Any] = {
    "CreatePromptRouter": lambda w: [
        (w.east, {"promptRouterName": "conf-create", "models": [{"modelArn": fm(HAIKU)}, {"modelArn": fm(SONNET)}],
                  "fallbackModel": {"modelArn": fm(HAIKU)}, "routingCriteria": {"responseQualityDifference": 10.0},
                  "description": "d", "tags": [{"key": "k", "value": "v"}]}),
    ],
    "GetPromptRouter": lambda w: [
        (w.east, {"promptRouterArn": DEFAULT_ARN}),
        (w.east, {"promptRouterArn": create(w.east, "conf-get", description="d")}),
    ],
    "ListPromptRouters": lambda w: (
        create(w.east, "conf-list"), [(w.east, {}), (w.east, {"maxResults": 1}), (w.east, {"type": "custom"})],
    )[1],
    "DeletePromptRouter": lambda w: [(w.east, {"promptRouterArn": create(w.east, "conf-delete")})],
}
