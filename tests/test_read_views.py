"""Reads kept between calls (``_views``): answers are made once per change of a resource and handed out as
copies, so they must stay exactly what a fresh computation gives, and no caller can change them.

Checked through boto3 on customization jobs (the family that keeps views): the list summary and the Get
answer agree with each other and with the sub-task details at every instant of a job's life, whether it
completes, fails or is stopped, and mutating what a call returned changes nothing the fake answers later.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from conftest import REGION, customization_job_params
from test_customization import distillation_params

from bedrock_fake import BedrockFake, ManualClock, mock_bedrock
from bedrock_fake._views import Snapshot
from bedrock_fake.resources import customization

ACCOUNT = "123456789012"
HOUR = 3600


def _stored_job(fake: BedrockFake, arn: str) -> Any:
    return fake._backend.registry.region(ACCOUNT, REGION).store("model_customization_job").by_arn(arn)


def _summary(bedrock: Any, arn: str) -> dict[str, Any]:
    found = [s for s in bedrock.list_model_customization_jobs(maxResults=100)["modelCustomizationJobSummaries"]
             if s["jobArn"] == arn]
    assert len(found) == 1
    return found[0]


def _sweep(bedrock: Any, fake: BedrockFake, arn: str, steps: int, step: float) -> list[str]:
    """Step the clock through a job's life; at each instant the reads agree with a fresh computation."""
    seen = []
    for _ in range(steps):
        job = bedrock.get_model_customization_job(jobIdentifier=arn)
        summary = _summary(bedrock, arn)
        stored = _stored_job(fake, arn)
        details, last_modified = customization._status_details(stored, fake.clock.now())
        assert job["statusDetails"] == details
        assert job["lastModifiedTime"] == summary["lastModifiedTime"] == last_modified
        assert job["status"] == summary["status"]
        assert all(d["lastModifiedTime"] <= job["lastModifiedTime"] for d in details.values())
        if "statusDetails" in summary:
            assert summary["statusDetails"] == details
        seen.append(job["status"])
        fake.clock.advance(step)
    return seen


@pytest.mark.parametrize("ending", ["Completed", "Failed", "Stopped"])
@pytest.mark.parametrize("distillation", [False, True])
def test_reads_agree_with_a_fresh_computation_at_every_instant(ending: str, distillation: bool) -> None:
    # A manual clock lands every step exactly on the sub-task boundaries (12, 48 and 240 minutes).
    with mock_bedrock(clock=ManualClock("2026-01-05T12:00:00Z")) as fake:
        _run_through_a_life(fake, ending, distillation)


def _run_through_a_life(bedrock_fake: BedrockFake, ending: str, distillation: bool) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    bedrock_fake.set_duration("model_customization_job", 4 * HOUR)
    params = distillation_params() if distillation else customization_job_params()
    arn = bedrock.create_model_customization_job(**params)["jobArn"]
    if ending == "Failed":
        bedrock_fake.set_outcome(arn, "Failed", message="bad data")
    # Six minutes at a time through three hours (past every sub-task boundary but the end), then hours.
    seen = _sweep(bedrock, bedrock_fake, arn, 30, 360)
    if ending == "Stopped":
        bedrock.stop_model_customization_job(jobIdentifier=arn)
    seen += _sweep(bedrock, bedrock_fake, arn, 6, HOUR)
    assert seen[-1] == ending
    assert "InProgress" in seen


def test_what_a_caller_does_to_an_answer_changes_nothing_the_fake_answers(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    arn = bedrock.create_model_customization_job(**distillation_params())["jobArn"]
    first = bedrock.get_model_customization_job(jobIdentifier=arn)
    page = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    # Vandalise every level of both answers.
    first["status"] = "Vandalised"
    first["statusDetails"]["trainingDetails"]["status"] = "Vandalised"
    first["trainingDataConfig"]["s3Uri"] = "s3://vandal/x"
    first["customizationConfig"]["distillationConfig"]["teacherModelConfig"]["maxResponseLengthForInference"] = 1
    page[0]["statusDetails"]["validationDetails"]["status"] = "Vandalised"
    page[0]["jobName"] = "vandal"

    again = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert again["status"] == "InProgress"
    assert again["statusDetails"]["trainingDetails"]["status"] == "NotStarted"
    assert again["trainingDataConfig"]["s3Uri"] == "s3://training-bucket/data/train.jsonl"
    assert again["customizationConfig"]["distillationConfig"]["teacherModelConfig"][
        "maxResponseLengthForInference"] == 1000
    summary = _summary(bedrock, arn)
    assert summary["jobName"] == "distil-1"
    assert summary["statusDetails"]["validationDetails"]["status"] == "InProgress"


def test_a_view_is_dropped_when_the_job_is_rewritten(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    arn = bedrock.create_model_customization_job(**customization_job_params())["jobArn"]
    bedrock_fake.clock.advance(60)
    assert bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "InProgress"
    bedrock.stop_model_customization_job(jobIdentifier=arn)  # same instant: the kept answer must not survive
    assert bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Stopping"
    assert _summary(bedrock, arn)["status"] == "Stopping"


def test_a_snapshot_copy_is_deep_and_equal() -> None:
    value: dict[str, Any] = {"a": 1, "b": {"c": [1, {"d": "e"}], "f": {}}, "g": [[1], []], "h": "i"}
    snapshot = Snapshot(value)
    copy = snapshot.copy()
    assert copy == value
    stack: list[tuple[Any, Any]] = [(copy, value)]
    while stack:  # no container of the copy is one of the original's
        mine, theirs = stack.pop()
        assert mine is not theirs
        members = (mine.values(), theirs.values()) if isinstance(mine, dict) else (mine, theirs)
        pairs = zip(*members, strict=True)
        stack += [(m, t) for m, t in pairs if isinstance(m, (dict, list))]


def test_request_ids_are_uuid_shaped_and_never_repeat(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    ids = {bedrock.list_model_customization_jobs()["ResponseMetadata"]["RequestId"] for _ in range(200)}
    assert len(ids) == 200
    shape = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(shape.fullmatch(i) for i in ids)
