"""Guardrails through boto3: the DRAFT and its numbered versions, every policy in its output form, the
lifecycle on the clock, the content rules, idempotency, quotas, tags and the errors AWS answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client
from conftest import REGION

import bedrock_fake._behaviour
from bedrock_fake import BedrockFake, _behaviour
from bedrock_fake._service_model import has_member
from bedrock_fake.resources import guardrails
from bedrock_fake.resources._guardrail_regex import compile_pattern

_MODEL = botocore.session.get_session().get_service_model("bedrock")
GUARDRAIL_ARN = re.compile(_MODEL.shape_for("GuardrailArn").metadata["pattern"])
GUARDRAIL_ID = re.compile(_MODEL.shape_for("GuardrailId").metadata["pattern"])
STEP = _behaviour.DEFAULT_DURATIONS["guardrail"]
HAS_TIERS = has_member("GuardrailTopicPolicy", "tier")
CONTENT = {"filtersConfig": [{"type": "HATE", "inputStrength": "HIGH", "outputStrength": "MEDIUM"}]}
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"

#: what an infrastructure tool's waiter does after each change (Terraform and CDK poll GetGuardrail)
WAITERS = WaiterModel({
    "version": 2,
    "waiters": {
        "guardrail_ready": {
            "delay": 5, "maxAttempts": 60, "operation": "GetGuardrail",
            "acceptors": [
                {"matcher": "path", "argument": "status", "expected": "READY", "state": "success"},
                {"matcher": "path", "argument": "status", "expected": "FAILED", "state": "failure"},
                {"matcher": "path", "argument": "status", "expected": "CREATING", "state": "retry"},
                {"matcher": "path", "argument": "status", "expected": "UPDATING", "state": "retry"},
                {"matcher": "path", "argument": "status", "expected": "VERSIONING", "state": "retry"},
            ],
        },
        "guardrail_deleted": {
            "delay": 5, "maxAttempts": 60, "operation": "GetGuardrail",
            "acceptors": [
                {"matcher": "error", "expected": "ResourceNotFoundException", "state": "success"},
                {"matcher": "path", "argument": "status", "expected": "DELETING", "state": "retry"},
            ],
        },
    },
})


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def params_for(name: str = "support-bot", **extra: Any) -> dict[str, Any]:
    return {
        "name": name, "blockedInputMessaging": "Sorry, I cannot help with that.",
        "blockedOutputsMessaging": "Sorry, I cannot answer that.", "contentPolicyConfig": CONTENT, **extra,
    }


def create(bedrock: Any, name: str = "support-bot", **extra: Any) -> str:
    guardrail_id: str = bedrock.create_guardrail(**params_for(name, **extra))["guardrailId"]
    return guardrail_id


def get(bedrock: Any, guardrail_id: str, version: str | None = None) -> dict[str, Any]:
    extra = {} if version is None else {"guardrailVersion": version}
    out: dict[str, Any] = bedrock.get_guardrail(guardrailIdentifier=guardrail_id, **extra)
    out.pop("ResponseMetadata")
    return out


def ready(bedrock: Any, guardrail_id: str) -> None:
    create_waiter_with_client("guardrail_ready", WAITERS, bedrock).wait(guardrailIdentifier=guardrail_id)


# --- create and the lifecycle -------------------------------------------------------------------------
def test_create_answers_the_draft_and_becomes_ready_on_the_clock(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    out = bedrock.create_guardrail(**params_for())
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert out["version"] == "DRAFT" and GUARDRAIL_ID.fullmatch(out["guardrailId"])
    assert GUARDRAIL_ARN.fullmatch(out["guardrailArn"]) and out["guardrailArn"].endswith("/" + out["guardrailId"])
    assert get(bedrock, out["guardrailId"])["status"] == "CREATING"
    bedrock_fake.clock.advance(STEP)
    guardrail = get(bedrock, out["guardrailArn"])  # the ARN works as well as the id
    assert guardrail["status"] == "READY" and guardrail["version"] == "DRAFT"
    assert guardrail["createdAt"] == guardrail["updatedAt"] == out["createdAt"]
    assert get(bedrock, out["guardrailId"], "DRAFT") == guardrail


def test_policies_are_answered_in_their_output_form_with_aws_defaults(bedrock: Any) -> None:
    topics = {"topicsConfig": [{"name": "Investment advice", "definition": "Recommending investments.",
                                "examples": ["Which stock should I buy?"], "type": "DENY"}]}
    words = {"wordsConfig": [{"text": "competitor"}], "managedWordListsConfig": [{"type": "PROFANITY"}]}
    sensitive = {"piiEntitiesConfig": [{"type": "EMAIL", "action": "ANONYMIZE"}],
                 "regexesConfig": [{"name": "order-id", "pattern": "ORD-[0-9]{6}", "action": "BLOCK"}]}
    grounding = {"filtersConfig": [{"type": "GROUNDING", "threshold": 0.75}, {"type": "RELEVANCE", "threshold": 0.5}]}
    guardrail_id = create(bedrock, description="Customer support", topicPolicyConfig=topics, wordPolicyConfig=words,
                          sensitiveInformationPolicyConfig=sensitive, contextualGroundingPolicyConfig=grounding,
                          kmsKeyId=KEY_ID)
    out = get(bedrock, guardrail_id)
    acted = {"inputAction": "BLOCK", "outputAction": "BLOCK", "inputEnabled": True, "outputEnabled": True}
    assert out["topicPolicy"]["topics"] == [{**topics["topicsConfig"][0], **acted}]
    assert out["contentPolicy"]["filters"] == [{**CONTENT["filtersConfig"][0], **acted,
                                                "inputModalities": ["TEXT"], "outputModalities": ["TEXT"]}]
    assert out["wordPolicy"] == {"words": [{"text": "competitor", **acted}],
                                 "managedWordLists": [{"type": "PROFANITY", **acted}]}
    pii = out["sensitiveInformationPolicy"]["piiEntities"][0]
    assert pii["inputAction"] == pii["outputAction"] == "ANONYMIZE"  # the entity's action, on both sides
    assert out["sensitiveInformationPolicy"]["regexes"][0]["pattern"] == "ORD-[0-9]{6}"
    assert out["contextualGroundingPolicy"]["filters"][0] == {"type": "GROUNDING", "threshold": 0.75,
                                                              "action": "BLOCK", "enabled": True}
    assert out["kmsKeyArn"] == f"arn:aws:kms:{REGION}:123456789012:key/{KEY_ID}"
    assert out["description"] == "Customer support"
    if HAS_TIERS:
        assert out["topicPolicy"]["tier"] == out["contentPolicy"]["tier"] == {"tierName": "CLASSIC"}
    assert "crossRegionDetails" not in out and "statusReasons" not in out


def test_given_members_are_kept_as_given(bedrock: Any) -> None:
    content = {"filtersConfig": [{"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE",
                                  "inputAction": "NONE", "inputEnabled": False,
                                  "inputModalities": ["TEXT", "IMAGE"]}]}
    out = get(bedrock, create(bedrock, contentPolicyConfig=content))["contentPolicy"]["filters"][0]
    assert out["inputAction"] == "NONE" and out["inputEnabled"] is False and out["outputAction"] == "BLOCK"
    assert out["inputModalities"] == ["TEXT", "IMAGE"] and out["outputModalities"] == ["TEXT"]


@pytest.mark.skipif(not HAS_TIERS, reason="this botocore has no guardrail tiers")
def test_cross_region_profile_and_standard_tier(bedrock: Any) -> None:
    params = params_for(contentPolicyConfig={**CONTENT, "tierConfig": {"tierName": "STANDARD"}})
    with pytest.raises(ClientError) as info:
        bedrock.create_guardrail(**params)
    assert error_of(info)[0] == "ValidationException" and "crossRegionConfig" in error_of(info)[1]
    guardrail_id = bedrock.create_guardrail(**params, crossRegionConfig={
        "guardrailProfileIdentifier": "us.guardrail.v1:0"})["guardrailId"]
    out = get(bedrock, guardrail_id)
    assert out["contentPolicy"]["tier"] == {"tierName": "STANDARD"}
    assert out["crossRegionDetails"] == {
        "guardrailProfileId": "us.guardrail.v1:0",
        "guardrailProfileArn": f"arn:aws:bedrock:{REGION}:123456789012:guardrail-profile/us.guardrail.v1:0",
    }
    summary = bedrock.list_guardrails()["guardrails"][0]
    assert summary["crossRegionDetails"] == out["crossRegionDetails"]


@pytest.mark.parametrize("profile", [
    "eu.guardrail.v1:0",  # another geography's profile
    "us.guardrail.v9:0",  # no such profile
    "arn:aws:bedrock:us-east-1:999999999999:guardrail-profile/us.guardrail.v1:0",  # another account's ARN
])
def test_unknown_guardrail_profiles_are_not_found(bedrock: Any, profile: str) -> None:
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="guardrailProfileIdentifier"):
        bedrock.create_guardrail(**params_for(crossRegionConfig={"guardrailProfileIdentifier": profile}))
    assert bedrock.list_guardrails()["guardrails"] == []


@pytest.mark.parametrize(("extra", "member"), [
    ({"contentPolicyConfig": {"filtersConfig": [
        {"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "HIGH"}]}}, "outputStrength"),
    ({"contentPolicyConfig": {"filtersConfig": [CONTENT["filtersConfig"][0]] * 2}}, "filtersConfig.2.member.type"),
    ({"wordPolicyConfig": {"wordsConfig": [{"text": "Foo"}, {"text": "fOO"}]}}, "wordsConfig.2.member.text"),
    ({"topicPolicyConfig": {"topicsConfig": [{"name": "Law", "definition": "d", "type": "DENY"},
                                             {"name": "law", "definition": "e", "type": "DENY"}]}}, "topicsConfig.2"),
    ({"sensitiveInformationPolicyConfig": {"piiEntitiesConfig": [{"type": "EMAIL", "action": "BLOCK"}] * 2}},
     "piiEntitiesConfig.2.member.type"),
    ({"contextualGroundingPolicyConfig": {"filtersConfig": [{"type": "GROUNDING", "threshold": 0.995}]}},
     "filtersConfig.1.member.threshold"),
    ({"wordPolicyConfig": {}}, "wordPolicyConfig"),
    ({"topicPolicyConfig": {"topicsConfig": [{"name": f"t{i}", "definition": "d", "type": "DENY"}
                                             for i in range(31)]}}, "topicsConfig"),
])
def test_content_rules_are_validation_errors_naming_the_member(bedrock: Any, extra: dict[str, Any],
                                                               member: str) -> None:
    with pytest.raises(ClientError) as info:
        bedrock.create_guardrail(**params_for(**extra))
    code, message = error_of(info)
    assert code == "ValidationException" and member in message, message
    assert bedrock.list_guardrails()["guardrails"] == []


def test_a_guardrail_needs_a_policy(bedrock: Any) -> None:
    params = params_for()
    del params["contentPolicyConfig"]
    with pytest.raises(bedrock.exceptions.ValidationException, match="at least one policy"):
        bedrock.create_guardrail(**params)


def test_a_policy_free_guardrail_when_chosen(monkeypatch: pytest.MonkeyPatch, bedrock: Any) -> None:
    monkeypatch.setattr(bedrock_fake._behaviour, "GUARDRAIL_REQUIRES_A_POLICY", False)
    params = params_for()
    del params["contentPolicyConfig"]
    assert "contentPolicy" not in get(bedrock, bedrock.create_guardrail(**params)["guardrailId"])


def _regexes(*patterns: str) -> dict[str, Any]:
    return {"sensitiveInformationPolicyConfig": {"regexesConfig": [
        {"name": f"r{i}", "pattern": pattern, "action": "BLOCK"} for i, pattern in enumerate(patterns)]}}


@pytest.mark.parametrize("pattern", [
    "ORD-[0-9",  # does not compile in any dialect
    "(unclosed",
    "a{2,1}",
    "(?P<id>[0-9]+)",  # Python's named group: Java refuses it
    "(?#comment)x",  # Python's inline comment: Java has none
    "[a-z&&[^aeiou]]",  # Java's class intersection: the fake cannot run it
    "\\p{IsLatin}+",  # a Unicode script: not supported
    "(?u)abc",  # a Java flag the fake does not support
])
def test_a_regex_that_does_not_compile_is_refused_naming_the_member(bedrock_fake: BedrockFake, bedrock: Any,
                                                                   pattern: str) -> None:
    with pytest.raises(ClientError) as info:
        bedrock.create_guardrail(**params_for(**_regexes("ORD-[0-9]{6}", pattern)))
    code, message = error_of(info)
    assert code == "ValidationException", message
    assert "'sensitiveInformationPolicyConfig.regexesConfig.2.member.pattern'" in message, message
    assert bedrock.list_guardrails()["guardrails"] == []
    guardrail_id = create(bedrock, "kept", **_regexes("ORD-[0-9]{6}"))
    bedrock_fake.clock.advance(STEP)
    with pytest.raises(bedrock.exceptions.ValidationException, match=r"regexesConfig\.1\.member\.pattern"):
        bedrock.update_guardrail(guardrailIdentifier=guardrail_id, **params_for("kept", **_regexes(pattern)))
    assert get(bedrock, guardrail_id)["sensitiveInformationPolicy"]["regexes"][0]["pattern"] == "ORD-[0-9]{6}"


@pytest.mark.parametrize(("pattern", "matches", "misses"), [
    ("\\p{Lu}{2}-\\d{4}", ["ÄB-1234", "AB-0000"], ["ab-1234", "AB-١٢٣٤"]),  # Unicode letters; Java's ASCII \\d
    ("[\\p{L}_]+@corp", ["José_é@corp"], ["jo se@corp"]),  # a category inside a class
    ("\\p{Alpha}+\\P{Digit}", ["abc!"], ["abc1"]),  # POSIX classes (ASCII)
    ("(?<order>ORD)-\\k<order>", ["ORD-ORD"], ["ORD-XYZ"]),  # Java's named group and back-reference
    ("\\QA.B*\\E[0-9]", ["A.B*7"], ["AxBB7"]),  # quoted text
    ("id(?i)x|y", ["idX", "Y"], ["IDx", "z"]),  # a flag from the middle on, over the alternation
    ("\\x{1F600}\\h\\z", ["\U0001F600 "], ["\U0001F600 \n"]),  # code point, horizontal space, end of input
])
def test_java_syntax_is_stored_as_given_and_runs_as_java_reads_it(bedrock: Any, pattern: str, matches: list[str],
                                                                   misses: list[str]) -> None:
    guardrail_id = create(bedrock, **_regexes(pattern))
    stored = get(bedrock, guardrail_id)["sensitiveInformationPolicy"]["regexes"][0]["pattern"]
    assert stored == pattern  # answered verbatim
    compiled = compile_pattern(stored)  # what the runtime evaluates
    assert [text for text in matches if compiled.fullmatch(text)] == matches
    assert [text for text in misses if compiled.fullmatch(text)] == []


def test_server_side_checks_without_client_validation(bedrock_fake: BedrockFake) -> None:
    loose = boto3.client("bedrock", region_name=REGION, config=Config(parameter_validation=False))
    with pytest.raises(loose.exceptions.ValidationException, match="name"):
        loose.create_guardrail(**params_for("has spaces"))
    with pytest.raises(loose.exceptions.ValidationException, match="blockedInputMessaging"):
        loose.create_guardrail(**{**params_for(), "blockedInputMessaging": "x" * 501})


def test_names_are_unique_and_tokens_replay(bedrock: Any) -> None:
    first = bedrock.create_guardrail(**params_for(), clientRequestToken="token-1")
    again = bedrock.create_guardrail(**params_for(), clientRequestToken="token-1")
    assert again["guardrailArn"] == first["guardrailArn"] and len(bedrock.list_guardrails()["guardrails"]) == 1
    with pytest.raises(bedrock.exceptions.ConflictException, match="token-1"):
        bedrock.create_guardrail(**params_for(description="other"), clientRequestToken="token-1")
    with pytest.raises(bedrock.exceptions.ConflictException, match="support-bot"):
        bedrock.create_guardrail(**params_for())


def test_the_guardrail_quota(monkeypatch: pytest.MonkeyPatch, bedrock: Any) -> None:
    monkeypatch.setattr(bedrock_fake._behaviour, "MAX_GUARDRAILS", 2)
    create(bedrock, "one")
    create(bedrock, "two")
    with pytest.raises(bedrock.exceptions.ServiceQuotaExceededException):
        create(bedrock, "three")


# --- update -------------------------------------------------------------------------------------------------
def test_update_replaces_the_draft_and_never_a_version(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock, wordPolicyConfig={"wordsConfig": [{"text": "secret"}]})
    ready(bedrock, guardrail_id)
    version = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)["version"]
    ready(bedrock, guardrail_id)
    before = get(bedrock, guardrail_id, version)
    out = bedrock.update_guardrail(guardrailIdentifier=guardrail_id, name="support-bot-v2",
                                   blockedInputMessaging="No.", blockedOutputsMessaging="No.",
                                   topicPolicyConfig={"topicsConfig": [
                                       {"name": "Legal", "definition": "Legal advice.", "type": "DENY"}]})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202 and out["version"] == "DRAFT"
    draft = get(bedrock, guardrail_id)
    assert draft["status"] == "UPDATING" and draft["name"] == "support-bot-v2"
    assert "wordPolicy" not in draft and "contentPolicy" not in draft  # omitted policies are removed
    assert draft["topicPolicy"]["topics"][0]["name"] == "Legal" and draft["updatedAt"] == out["updatedAt"]
    ready(bedrock, guardrail_id)
    assert get(bedrock, guardrail_id, version) == before  # the version is a snapshot
    assert before["name"] == "support-bot" and before["wordPolicy"]["words"][0]["text"] == "secret"


def test_update_conflicts(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    first, second = create(bedrock, "first"), create(bedrock, "second")
    change = {"blockedInputMessaging": "No.", "blockedOutputsMessaging": "No.", "contentPolicyConfig": CONTENT}
    with pytest.raises(bedrock.exceptions.ConflictException, match="CREATING"):
        bedrock.update_guardrail(guardrailIdentifier=first, name="first", **change)
    bedrock_fake.clock.advance(STEP)
    with pytest.raises(bedrock.exceptions.ConflictException, match="second"):
        bedrock.update_guardrail(guardrailIdentifier=first, name="second", **change)
    assert get(bedrock, first)["name"] == "first" and get(bedrock, second)["status"] == "READY"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.update_guardrail(guardrailIdentifier="zzzzzzzzzzzz", name="x", **change)


def test_a_rename_frees_the_old_name(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock, "old-name")
    bedrock_fake.clock.advance(STEP)
    bedrock.update_guardrail(guardrailIdentifier=guardrail_id, name="new-name", blockedInputMessaging="No.",
                             blockedOutputsMessaging="No.", contentPolicyConfig=CONTENT)
    create(bedrock, "old-name")
    assert sorted(g["name"] for g in bedrock.list_guardrails()["guardrails"]) == ["new-name", "old-name"]


# --- versions -------------------------------------------------------------------------------------------
def test_versions_are_numbered_snapshots(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock, description="draft text")
    with pytest.raises(bedrock.exceptions.ConflictException, match="CREATING"):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    ready(bedrock, guardrail_id)
    made = bedrock_fake.clock.now()
    out = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, description="launch")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (out["guardrailId"], out["version"]) == (guardrail_id, "1")
    assert get(bedrock, guardrail_id)["status"] == "VERSIONING"
    assert get(bedrock, guardrail_id, "1")["status"] == "VERSIONING"
    with pytest.raises(bedrock.exceptions.ConflictException, match="VERSIONING"):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    ready(bedrock, guardrail_id)
    v1 = get(bedrock, guardrail_id, "1")
    assert v1["status"] == "READY" and v1["version"] == "1" and v1["description"] == "launch"
    assert v1["guardrailArn"] == get(bedrock, guardrail_id)["guardrailArn"]  # versions have no ARN of their own
    assert v1["createdAt"] < v1["updatedAt"] and abs((v1["updatedAt"] - made).total_seconds()) < 1
    assert bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)["version"] == "2"
    ready(bedrock, guardrail_id)
    assert get(bedrock, guardrail_id, "2")["description"] == "draft text"  # no description given: the DRAFT's


def test_version_tokens_replay_and_unknown_versions(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock)
    ready(bedrock, guardrail_id)
    first = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, clientRequestToken="v-1")
    ready(bedrock, guardrail_id)
    again = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, clientRequestToken="v-1")
    assert again["version"] == first["version"] == "1"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="guardrailVersion"):
        get(bedrock, guardrail_id, "7")
    for bad in ("0", "latest", "v1"):
        with pytest.raises(bedrock.exceptions.ValidationException, match="guardrailVersion"):
            get(bedrock, guardrail_id, bad)


def test_a_version_token_replays_whether_the_guardrail_is_named_by_id_or_arn(
    monkeypatch: pytest.MonkeyPatch, bedrock_fake: BedrockFake, bedrock: Any
) -> None:
    guardrail_id = create(bedrock)
    arn = get(bedrock, guardrail_id)["guardrailArn"]
    ready(bedrock, guardrail_id)
    first = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, description="v", clientRequestToken="t")
    ready(bedrock, guardrail_id)
    again = bedrock.create_guardrail_version(guardrailIdentifier=arn, description="v", clientRequestToken="t")
    assert again["version"] == first["version"] == "1"
    assert [v["version"] for v in bedrock.list_guardrails(guardrailIdentifier=arn)["guardrails"]] == ["DRAFT", "1"]
    with pytest.raises(bedrock.exceptions.ConflictException, match="clientRequestToken"):
        bedrock.create_guardrail_version(guardrailIdentifier=arn, description="other", clientRequestToken="t")
    monkeypatch.setattr(_behaviour, "GUARDRAIL_VERSION_TOKEN_ID_OR_ARN", False)
    bedrock.create_guardrail_version(guardrailIdentifier=arn, clientRequestToken="u")
    ready(bedrock, guardrail_id)
    with pytest.raises(bedrock.exceptions.ConflictException, match="clientRequestToken"):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, clientRequestToken="u")


def test_the_unknown_version_code_is_a_choice(monkeypatch: pytest.MonkeyPatch, bedrock_fake: BedrockFake,
                                               bedrock: Any) -> None:
    guardrail_id = create(bedrock)
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="guardrailVersion"):
        bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="4")
    monkeypatch.setattr(_behaviour, "UNKNOWN_GUARDRAIL_VERSION_CODE", "ValidationException")
    for call in (lambda: get(bedrock, guardrail_id, "4"),
                 lambda: bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="4")):
        with pytest.raises(bedrock.exceptions.ValidationException, match="guardrailVersion"):
            call()


def test_the_version_quota(monkeypatch: pytest.MonkeyPatch, bedrock: Any) -> None:
    monkeypatch.setattr(bedrock_fake._behaviour, "MAX_GUARDRAIL_VERSIONS", 1)
    guardrail_id = create(bedrock)
    ready(bedrock, guardrail_id)
    bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    ready(bedrock, guardrail_id)
    with pytest.raises(bedrock.exceptions.ServiceQuotaExceededException):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)


# --- list ----------------------------------------------------------------------------------------------
def test_list_drafts_or_one_guardrails_versions(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    ids = [create(bedrock, f"g-{i}") for i in range(3)]
    ready(bedrock, ids[0])
    summaries = bedrock.list_guardrails()["guardrails"]
    assert [s["id"] for s in summaries] == ids[::-1] and {s["version"] for s in summaries} == {"DRAFT"}
    assert set(summaries[0]) == {"id", "arn", "status", "name", "version", "createdAt", "updatedAt"}
    for _ in range(3):
        bedrock.create_guardrail_version(guardrailIdentifier=ids[0])
        ready(bedrock, ids[0])
    versions = bedrock.list_guardrails(guardrailIdentifier=ids[0])["guardrails"]
    assert [v["version"] for v in versions] == ["DRAFT", "3", "2", "1"]
    page = bedrock.list_guardrails(guardrailIdentifier=ids[0], maxResults=3)
    rest = bedrock.list_guardrails(guardrailIdentifier=ids[0], maxResults=3, nextToken=page["nextToken"])
    assert [v["version"] for v in page["guardrails"] + rest["guardrails"]] == ["DRAFT", "3", "2", "1"]
    walked = [s["id"] for p in bedrock.get_paginator("list_guardrails").paginate(
        PaginationConfig={"PageSize": 2}) for s in p["guardrails"]]
    assert walked == ids[::-1]
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.list_guardrails(guardrailIdentifier="zzzzzzzzzzzz")


def test_guardrails_belong_to_their_account_and_region(bedrock: Any) -> None:
    guardrail_id = create(bedrock)
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.list_guardrails()["guardrails"] == []
    with pytest.raises(west.exceptions.ResourceNotFoundException):
        west.get_guardrail(guardrailIdentifier=guardrail_id)
    create(west)  # the name is free in another Region


# --- delete -------------------------------------------------------------------------------------------------
def test_delete_one_version_keeps_the_rest_and_numbers_are_not_reused(bedrock_fake: BedrockFake,
                                                                      bedrock: Any) -> None:
    guardrail_id = create(bedrock)
    ready(bedrock, guardrail_id)
    for _ in range(2):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
        ready(bedrock, guardrail_id)
    out = bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="2")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert [v["version"] for v in bedrock.list_guardrails(guardrailIdentifier=guardrail_id)["guardrails"]] == [
        "DRAFT", "1"]
    assert bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)["version"] == "3"
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException, match="guardrailVersion"):
        bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="2")
    with pytest.raises(bedrock.exceptions.ValidationException, match="guardrailVersion"):
        bedrock.delete_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion="DRAFT")


def test_delete_the_guardrail_takes_every_version(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock, tags=[{"key": "team", "value": "support"}])
    arn = get(bedrock, guardrail_id)["guardrailArn"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "support"}]
    ready(bedrock, guardrail_id)
    bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    ready(bedrock, guardrail_id)
    bedrock.delete_guardrail(guardrailIdentifier=arn)
    assert get(bedrock, guardrail_id)["status"] == "DELETING"
    with pytest.raises(bedrock.exceptions.ConflictException, match="DELETING"):
        bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)
    create_waiter_with_client("guardrail_deleted", WAITERS, bedrock).wait(guardrailIdentifier=guardrail_id)
    for call in (lambda: get(bedrock, guardrail_id, "1"), lambda: bedrock.list_tags_for_resource(resourceARN=arn),
                 lambda: bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)):
        with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
            call()
    create(bedrock)  # the name is free again


# --- outcomes ------------------------------------------------------------------------------------------
def test_a_failed_creation_then_an_update_that_succeeds(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_outcome("flaky", "FAILED", message="The KMS key is disabled.", kind="guardrail")
    guardrail_id = create(bedrock, "flaky")
    with pytest.raises(WaiterError):
        ready(bedrock, guardrail_id)
    failed = get(bedrock, guardrail_id)
    assert failed["status"] == "FAILED" and failed["statusReasons"] == ["The KMS key is disabled."]
    assert failed["failureRecommendations"] == [_behaviour.GUARDRAIL_FAILURE_RECOMMENDATION]
    with pytest.raises(bedrock.exceptions.ConflictException, match="FAILED"):
        bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    bedrock.update_guardrail(guardrailIdentifier=guardrail_id, name="flaky", blockedInputMessaging="No.",
                             blockedOutputsMessaging="No.", contentPolicyConfig=CONTENT)
    ready(bedrock, guardrail_id)
    assert "statusReasons" not in get(bedrock, guardrail_id)


def test_an_outcome_set_while_ready_is_for_the_next_change(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    guardrail_id = create(bedrock)
    ready(bedrock, guardrail_id)
    arn = get(bedrock, guardrail_id)["guardrailArn"]
    bedrock_fake.set_outcome(arn, "FAILED", message="snapshot failed")
    assert get(bedrock, guardrail_id)["status"] == "READY"
    bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id)
    bedrock_fake.clock.advance(STEP)
    draft, version = get(bedrock, guardrail_id), get(bedrock, guardrail_id, "1")
    assert draft["status"] == version["status"] == "FAILED"
    assert version["statusReasons"] == ["snapshot failed"]
    assert [v["status"] for v in bedrock.list_guardrails(guardrailIdentifier=guardrail_id)["guardrails"]] == [
        "FAILED", "FAILED"]


def test_durations_are_the_users(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock_fake.set_duration("guardrail", 120)
    guardrail_id = create(bedrock)
    bedrock_fake.clock.advance(STEP)
    assert get(bedrock, guardrail_id)["status"] == "CREATING"
    bedrock_fake.clock.advance(120)
    assert get(bedrock, guardrail_id)["status"] == "READY"


# --- what an infrastructure pipeline runs --------------------------------------------------------------
def test_create_update_version_delete_with_default_waiters(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """Create, wait, update, wait, version, wait, use the version, delete, wait: all inside the waiters'
    default budgets (60 polls of 5 s), in virtual time."""
    start = bedrock_fake.clock.now()
    guardrail_id = create(bedrock)
    ready(bedrock, guardrail_id)
    bedrock.update_guardrail(guardrailIdentifier=guardrail_id, name="support-bot", blockedInputMessaging="No.",
                             blockedOutputsMessaging="No.", contentPolicyConfig=CONTENT,
                             wordPolicyConfig={"managedWordListsConfig": [{"type": "PROFANITY"}]})
    ready(bedrock, guardrail_id)
    version = bedrock.create_guardrail_version(guardrailIdentifier=guardrail_id, description="prod")["version"]
    ready(bedrock, guardrail_id)
    assert get(bedrock, guardrail_id, version)["wordPolicy"]["managedWordLists"][0]["type"] == "PROFANITY"
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)
    create_waiter_with_client("guardrail_deleted", WAITERS, bedrock).wait(guardrailIdentifier=guardrail_id)
    waited = (bedrock_fake.clock.now() - start).total_seconds()
    assert 4 * STEP <= waited <= 4 * (STEP + 5)  # four waits, each over within one poll of its change


def test_the_runtime_reads_the_stored_configuration_and_status(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    """What the runtime (bedrock-runtime's guardrails) will evaluate: the DRAFT or a version, and its status."""
    guardrail_id = create(bedrock, wordPolicyConfig={"wordsConfig": [{"text": "secret"}]})
    arn = get(bedrock, guardrail_id)["guardrailArn"]
    region = bedrock_fake._backend.registry.region("123456789012", REGION)
    clock = bedrock_fake.clock
    draft = guardrails.stored(region, guardrail_id, None, clock.now())
    assert (draft.guardrail_id, draft.guardrail_arn, draft.version, draft.status) == (
        guardrail_id, arn, "DRAFT", "CREATING")
    assert guardrails.stored(region, arn, "DRAFT", clock.now() + dt.timedelta(seconds=STEP)).status == "READY"
    ready(bedrock, guardrail_id)
    bedrock.create_guardrail_version(guardrailIdentifier=arn)
    version = guardrails.stored(region, arn, "1", clock.now())
    assert version.status == "VERSIONING" and version.version == "1"
    assert version.config["wordPolicy"]["words"][0]["text"] == "secret"
    assert version.config["blockedInputMessaging"] == get(bedrock, guardrail_id, "1")["blockedInputMessaging"]
    ready(bedrock, guardrail_id)
    bedrock.update_guardrail(guardrailIdentifier=guardrail_id, **params_for())  # the DRAFT loses its word policy
    assert "wordPolicy" not in guardrails.stored(region, guardrail_id, "DRAFT", clock.now()).config
    assert guardrails.stored(region, guardrail_id, "1", clock.now()).config["wordPolicy"]  # the version keeps it
    for version_asked in ("2", "0", "latest"):
        with pytest.raises(guardrails.UnknownGuardrailVersion):
            guardrails.stored(region, guardrail_id, version_asked, clock.now())
    with pytest.raises(guardrails.UnknownGuardrail):
        guardrails.stored(region, "zzzzzzzzzzzz", None, clock.now())
    west = bedrock_fake._backend.registry.region("123456789012", "us-west-2")
    with pytest.raises(guardrails.UnknownGuardrail):  # guardrails are regional
        guardrails.stored(west, arn, None, clock.now())
    assert "guardrail" not in west.stores  # reading created nothing
    ready(bedrock, guardrail_id)
    bedrock.delete_guardrail(guardrailIdentifier=guardrail_id)
    assert guardrails.stored(region, guardrail_id, "1", clock.now()).status == "DELETING"
    create_waiter_with_client("guardrail_deleted", WAITERS, bedrock).wait(guardrailIdentifier=guardrail_id)
    with pytest.raises(guardrails.UnknownGuardrail):  # gone once a call has seen the deletion end
        guardrails.stored(region, guardrail_id, "1", clock.now())


def _created(w: Any, name: str) -> str:
    return create(w.east, name)


def _versioned(w: Any, name: str) -> str:
    guardrail_id = create(w.east, name, description="d", tags=[{"key": "k", "value": "v"}])
    w.fake.clock.advance(STEP)
    w.east.create_guardrail_version(guardrailIdentifier=guardrail_id, description="v")
    w.fake.clock.advance(STEP)
    return guardrail_id


CONFORMANCE_RECIPES: dict[str, Any] = {
    "CreateGuardrail": lambda w: [(w.east, params_for("conf-create", description="d", kmsKeyId=KEY_ID,
                                                      tags=[{"key": "k", "value": "v"}]))],
    "GetGuardrail": lambda w: (lambda gid: [(w.east, {"guardrailIdentifier": gid}),
                                            (w.east, {"guardrailIdentifier": gid, "guardrailVersion": "1"})])(
        _versioned(w, "conf-get")),
    "ListGuardrails": lambda w: (lambda gid: [(w.east, {}), (w.east, {"maxResults": 1}),
                                              (w.east, {"guardrailIdentifier": gid})])(_versioned(w, "conf-list")),
    "UpdateGuardrail": lambda w: (lambda gid: (w.fake.clock.advance(STEP), [
        (w.east, {**params_for("conf-update-2"), "guardrailIdentifier": gid})])[1])(_created(w, "conf-update")),
    "CreateGuardrailVersion": lambda w: (lambda gid: (w.fake.clock.advance(STEP), [
        (w.east, {"guardrailIdentifier": gid, "description": "v1"})])[1])(_created(w, "conf-version")),
    "DeleteGuardrail": lambda w: (lambda gid: [(w.east, {"guardrailIdentifier": gid, "guardrailVersion": "1"}),
                                               (w.east, {"guardrailIdentifier": gid})])(_versioned(w, "conf-delete")),
}
