"""List pagination shared by every family: maxResults bounds, opaque tokens bound to the query, paginators."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from conftest import customization_job_params

from bedrock_fake import BedrockFake, _behaviour

JOBS = 250
RUN = _behaviour.DEFAULT_DURATIONS["model_customization_job"]


def make_jobs(bedrock: Any, fake: BedrockFake, count: int) -> list[str]:
    """``count`` jobs, one second apart; returns their ARNs in creation order."""
    arns = []
    for i in range(count):
        arns.append(
            bedrock.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))[
                "jobArn"
            ]
        )
        fake.clock.advance(1)
    return arns


def arns_of(page: dict[str, Any]) -> list[str]:
    return [s["jobArn"] for s in page["modelCustomizationJobSummaries"]]


@pytest.fixture
def many(bedrock: Any, bedrock_fake: BedrockFake) -> list[str]:
    return make_jobs(bedrock, bedrock_fake, JOBS)


def test_botocore_paginator_walks_every_job_once(bedrock: Any, many: list[str]) -> None:
    paginator = bedrock.get_paginator("list_model_customization_jobs")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 100}))
    assert [len(arns_of(p)) for p in pages] == [100, 100, 50]
    assert all("nextToken" in p for p in pages[:-1]) and "nextToken" not in pages[-1]
    seen = [arn for p in pages for arn in arns_of(p)]
    assert seen == list(reversed(many))  # newest first by default
    ascending = paginator.paginate(
        sortOrder="Ascending", PaginationConfig={"PageSize": 7}
    ).build_full_result()
    assert [s["jobArn"] for s in ascending["modelCustomizationJobSummaries"]] == many


def test_paginator_with_a_filter_and_max_items(bedrock: Any, many: list[str]) -> None:
    paginator = bedrock.get_paginator("list_model_customization_jobs")
    # names job-1, job-10..19, job-100..199: 111 jobs
    result = paginator.paginate(nameContains="job-1", PaginationConfig={"PageSize": 25}).build_full_result()
    names = [s["jobName"] for s in result["modelCustomizationJobSummaries"]]
    assert len(names) == 111 and all("job-1" in n for n in names)
    limited = paginator.paginate(PaginationConfig={"MaxItems": 30, "PageSize": 20}).build_full_result()
    assert len(limited["modelCustomizationJobSummaries"]) == 30
    assert "NextToken" in limited


def test_default_page_size(bedrock: Any, many: list[str]) -> None:
    page = bedrock.list_model_customization_jobs()
    assert len(arns_of(page)) == _behaviour.DEFAULT_PAGE_SIZE
    assert "nextToken" in page


def test_max_results_bounds(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    make_jobs(bedrock, bedrock_fake, 3)
    with pytest.raises(ParamValidationError, match="maxResults"):
        bedrock.list_model_customization_jobs(maxResults=0)
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_customization_jobs(maxResults=1001)
    assert "Value '1001' at 'maxResults'" in excinfo.value.response["Error"]["Message"]
    assert len(arns_of(bedrock.list_model_customization_jobs(maxResults=1000))) == 3
    page = bedrock.list_model_customization_jobs(maxResults=1)
    assert len(arns_of(page)) == 1 and "nextToken" in page


def test_exact_fit_has_no_token(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    make_jobs(bedrock, bedrock_fake, 4)
    first = bedrock.list_model_customization_jobs(maxResults=2)
    second = bedrock.list_model_customization_jobs(maxResults=2, nextToken=first["nextToken"])
    assert len(arns_of(second)) == 2
    assert "nextToken" not in second


def test_page_size_may_change_between_pages(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arns = make_jobs(bedrock, bedrock_fake, 5)
    first = bedrock.list_model_customization_jobs(maxResults=2, sortOrder="Ascending")
    rest = bedrock.list_model_customization_jobs(
        maxResults=10, sortOrder="Ascending", nextToken=first["nextToken"]
    )
    assert arns_of(first) + arns_of(rest) == arns


def test_new_jobs_do_not_disturb_a_descending_walk(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    arns = make_jobs(bedrock, bedrock_fake, 4)
    first = bedrock.list_model_customization_jobs(maxResults=2)
    make_jobs_after = bedrock.create_model_customization_job(**customization_job_params("late", "late-model"))
    rest = bedrock.list_model_customization_jobs(maxResults=2, nextToken=first["nextToken"])
    assert arns_of(first) + arns_of(rest) == list(reversed(arns))
    assert make_jobs_after["jobArn"] not in arns_of(rest)


@pytest.mark.parametrize(
    "change",
    [
        {"statusEquals": "InProgress"},
        {"nameContains": "job"},
        {"sortOrder": "Ascending"},
        {"creationTimeAfter": "2000-01-01T00:00:00Z"},
    ],
)
def test_token_reused_with_different_filters_is_refused(
    bedrock: Any, bedrock_fake: BedrockFake, change: dict[str, Any]
) -> None:
    make_jobs(bedrock, bedrock_fake, 3)
    token = bedrock.list_model_customization_jobs(maxResults=1)["nextToken"]
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_customization_jobs(maxResults=1, nextToken=token, **change)
    assert "nextToken" in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize("token", ["garbage", "Zm9vLmJhcg", "MTIzLjQ1Ng", "x" * 2048])
def test_garbage_token_is_refused(bedrock: Any, bedrock_fake: BedrockFake, token: str) -> None:
    make_jobs(bedrock, bedrock_fake, 2)
    with pytest.raises(bedrock.exceptions.ValidationException) as excinfo:
        bedrock.list_model_customization_jobs(nextToken=token)
    assert "nextToken" in excinfo.value.response["Error"]["Message"]


def test_token_with_whitespace_fails_the_pattern(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="at 'nextToken'"):
        bedrock.list_model_customization_jobs(nextToken="a b")


def test_token_of_another_list_operation_is_refused(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    make_jobs(bedrock, bedrock_fake, 3)
    bedrock_fake.clock.advance(RUN)
    token = bedrock.list_custom_models(maxResults=1)["nextToken"]
    with pytest.raises(bedrock.exceptions.ValidationException, match="nextToken"):
        bedrock.list_model_customization_jobs(maxResults=1, nextToken=token)
    job_token = bedrock.list_model_customization_jobs(maxResults=1)["nextToken"]
    with pytest.raises(bedrock.exceptions.ValidationException, match="nextToken"):
        bedrock.list_custom_models(maxResults=1, nextToken=job_token)


def test_tokens_are_opaque_and_well_formed(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    import re

    make_jobs(bedrock, bedrock_fake, 3)
    token = bedrock.list_model_customization_jobs(maxResults=1)["nextToken"]
    assert isinstance(token, str) and 1 <= len(token) <= 2048
    assert re.fullmatch(r"\S*", token)
    assert "job-" not in token


def _three_pages(bedrock: Any) -> str:
    for i in range(3):
        bedrock.create_model_customization_job(**customization_job_params(f"job-{i}", f"model-{i}"))
    token: str = bedrock.list_model_customization_jobs(maxResults=1)["nextToken"]
    return token


def test_token_is_refused_in_another_region_or_account(bedrock: Any, bedrock_fake: BedrockFake) -> None:
    import boto3

    token = _three_pages(bedrock)
    west = boto3.client("bedrock", region_name="us-west-2")
    other = boto3.client("bedrock", region_name="us-east-1", **bedrock_fake.credentials_for("210987654321"))
    for client in (west, other):
        with pytest.raises(client.exceptions.ValidationException, match="nextToken"):
            client.list_model_customization_jobs(maxResults=1, nextToken=token)


def test_spelling_out_the_default_sort_keeps_the_token_valid(bedrock: Any) -> None:
    token = _three_pages(bedrock)
    page = bedrock.list_model_customization_jobs(
        maxResults=1, nextToken=token, sortOrder=_behaviour.DEFAULT_SORT_ORDER, sortBy="CreationTime"
    )
    assert len(page["modelCustomizationJobSummaries"]) == 1
