"""Eight threads on one fake: nothing lost, duplicated or torn; page walks are exact; races have one winner.

boto3 clients are thread-safe to share, but each thread makes its own here, as users' worker pools do.
The storm at the end is generic over families: every served operation, generated from the model,
from eight threads at once, with strict mode checking every answer and the stores' indexes checked
afterwards; a new family is covered without an edit.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import REGION, ROLE, customization_job_params
from shapes import Pool, Values
from world import resource_counts

from bedrock_fake import ManualClock, mock_bedrock
from bedrock_fake._conformance import modeled_errors
from bedrock_fake._operations import HANDLERS, load_resources
from bedrock_fake._service_model import service_model

THREADS = 8
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1}, max_pool_connections=THREADS)


def _client() -> Any:
    return boto3.client("bedrock", region_name=REGION, config=ONE_ATTEMPT)


def _in_threads(work: Callable[[int], Any], count: int = THREADS) -> list[Any]:
    """Run ``work(i)`` for i in range(count) in as many threads, released together; their results."""
    barrier = threading.Barrier(count)

    def start(i: int) -> Any:
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(start, range(count)))


def _import_job(name: str, model_name: str, **extra: Any) -> dict[str, Any]:
    return {
        "jobName": name, "importedModelName": model_name, "roleArn": ROLE,
        "modelDataSource": {"s3DataSource": {"s3Uri": "s3://weights-bucket/llama/"}}, **extra,
    }


def _walk(client: Any, operation: str, member: str, page_size: int) -> list[str]:
    arns: list[str] = []
    for page in client.get_paginator(operation).paginate(PaginationConfig={"PageSize": page_size}):
        arns += [summary.get("jobArn") or summary.get("modelArn") for summary in page[member]]
    return arns


def test_mixed_creates_from_eight_threads_lose_and_duplicate_nothing() -> None:
    per_thread = 25
    with mock_bedrock():

        def work(i: int) -> list[str]:
            client = _client()
            made = []
            for n in range(per_thread):
                if n % 2:
                    params = customization_job_params(f"job-{i}-{n}", f"model-{i}-{n}")
                    arn = client.create_model_customization_job(**params)["jobArn"]
                    assert client.get_model_customization_job(jobIdentifier=arn)["jobName"] == f"job-{i}-{n}"
                else:
                    arn = client.create_model_import_job(**_import_job(f"imp-{i}-{n}", f"imp-{i}-{n}"))["jobArn"]
                    assert client.get_model_import_job(jobIdentifier=arn)["jobName"] == f"imp-{i}-{n}"
                made.append(arn)
                client.list_model_customization_jobs(maxResults=5)
            return made

        made = [arn for arns in _in_threads(work) for arn in arns]
        client = _client()
        listed = _walk(client, "list_model_customization_jobs", "modelCustomizationJobSummaries", 7)
        listed += _walk(client, "list_model_import_jobs", "modelImportJobSummaries", 7)
        assert len(made) == THREADS * per_thread == len(set(made))
        assert sorted(listed) == sorted(made)  # every one exactly once


def test_a_page_walk_during_churn_sees_every_older_item_exactly_once() -> None:
    with mock_bedrock() as fake:
        client = _client()
        older = [
            client.create_model_customization_job(**customization_job_params(f"old-{n}", f"old-model-{n}"))["jobArn"]
            for n in range(60)
        ]
        stop = threading.Event()

        def churn(i: int) -> None:
            other = _client()
            n = 0
            while not stop.is_set() and n < 40:
                other.create_model_customization_job(**customization_job_params(f"new-{i}-{n}", f"new-model-{i}-{n}"))
                fake.clock.advance(1)
                n += 1

        with ThreadPoolExecutor(THREADS - 1) as pool:
            futures = [pool.submit(churn, i) for i in range(THREADS - 1)]
            walks = [_walk(client, "list_model_customization_jobs", "modelCustomizationJobSummaries", 4)
                     for _ in range(3)]
            stop.set()
            for future in futures:
                future.result()
        for walk in walks:
            assert len(walk) == len(set(walk)), "a page walk repeated an item"
            assert set(older) <= set(walk), "a page walk skipped an item that existed before it began"


def test_a_name_raced_from_eight_threads_has_exactly_one_winner() -> None:
    with mock_bedrock():

        def create(i: int) -> str:
            try:
                # different tokens: eight distinct requests for the same job name
                params = customization_job_params("raced", f"raced-model-{i}", clientRequestToken=f"token-{i}")
                return str(_client().create_model_customization_job(**params)["jobArn"])
            except ClientError as error:
                return str(error.response["Error"]["Code"])

        results = _in_threads(create)
        winners = [r for r in results if r.startswith("arn:")]
        assert len(winners) == 1, results
        assert sorted(set(results) - set(winners)) == ["ValidationException"]
        assert len(_client().list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


def test_a_token_raced_from_eight_threads_makes_one_resource() -> None:
    with mock_bedrock():
        params = customization_job_params("tokened", "tokened-model", clientRequestToken="same-token")
        arns = _in_threads(lambda i: _client().create_model_customization_job(**params)["jobArn"])
        assert len(set(arns)) == 1
        assert len(_client().list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


def test_a_model_name_raced_across_two_families_has_one_winner() -> None:
    # The custom-model name is held by whichever create got there first: a customization job that will
    # produce it, or CreateCustomModel.
    with mock_bedrock():

        def create(i: int) -> str:
            client = _client()
            try:
                if i % 2:
                    client.create_model_customization_job(**customization_job_params(f"job-{i}", "contested"))
                else:
                    client.create_custom_model(
                        modelName="contested", modelSourceConfig={"s3DataSource": {"s3Uri": "s3://nova-bucket/x/"}}
                    )
                return "won"
            except ClientError as error:
                return str(error.response["Error"]["Code"])

        assert _in_threads(create).count("won") == 1


def test_tags_are_never_seen_half_written() -> None:
    with mock_bedrock():
        arn = _client().create_model_customization_job(**customization_job_params())["jobArn"]
        stop = threading.Event()
        torn: list[dict[str, str]] = []

        def writer(i: int) -> None:
            client = _client()
            for n in range(40):
                value = f"w{i}-{n}"
                client.tag_resource(resourceARN=arn, tags=[{"key": f"k{k}", "value": value} for k in range(5)])

        def reader() -> None:
            client = _client()
            while not stop.is_set():
                tags = {t["key"]: t["value"] for t in client.list_tags_for_resource(resourceARN=arn)["tags"]}
                if tags and len(set(tags.values())) != 1:
                    torn.append(tags)

        watcher = threading.Thread(target=reader)
        watcher.start()
        try:
            _in_threads(writer, THREADS - 1)
        finally:
            stop.set()
            watcher.join()
        assert torn == []


def test_jobs_finishing_while_eight_threads_read_create_each_model_once() -> None:
    with mock_bedrock(clock=ManualClock("2026-01-15T12:00:00Z")) as fake:
        fake.set_duration("model_customization_job", 60)
        client = _client()
        for n in range(40):
            client.create_model_customization_job(**customization_job_params(f"job-{n}", f"model-{n}"))

        def work(i: int) -> int:
            other = _client()
            seen = 0
            for _ in range(10):
                fake.clock.advance(3)
                seen = len(other.list_custom_models(maxResults=1000)["modelSummaries"])
            return seen

        _in_threads(work)
        fake.clock.advance(60)
        models = client.list_custom_models(maxResults=1000)["modelSummaries"]
        assert sorted(m["modelName"] for m in models) == sorted(f"model-{n}" for n in range(40))


# --- a storm of every served operation -------------------------------------------------------------------
def test_a_storm_of_every_operation_keeps_every_answer_modeled_and_every_store_consistent() -> None:
    load_resources()
    model = service_model()
    operations = sorted(name for name in HANDLERS if name in model.operation_names)
    pool = Pool()
    pool_lock = threading.Lock()
    problems: list[str] = []

    with mock_bedrock(clock=ManualClock("2026-01-15T12:00:00Z")) as fake:
        pool.add_from(_client().list_foundation_models())

        def storm(i: int) -> None:
            rng = random.Random(i)
            client = _client()
            for _ in range(120):
                operation = rng.choice(operations)
                operation_model = model.operation_model(operation)
                with pool_lock:
                    params = Values(rng, pool).of(operation_model.input_shape) if operation_model.input_shape else {}
                try:
                    out = getattr(client, botocore.xform_name(operation))(**params)
                except ClientError as error:
                    code = error.response["Error"]["Code"]
                    if code not in modeled_errors(operation_model):
                        problems.append(f"{operation}: {code}")
                    continue
                except botocore.exceptions.ParamValidationError:
                    continue
                with pool_lock:
                    pool.add_from(out)
                    pool.add_from(params, made=not operation.startswith(("Get", "List")))
                if rng.random() < 0.1:
                    fake.clock.advance(rng.choice([30, 300, 3600]))

        _in_threads(storm)  # a StrictModeError or a traceback from inside the fake fails here
        assert problems == []
        for region in fake._backend.registry.regions():
            for kind, store in region.stores.items():
                items = store.items
                assert len({r.arn for r in items}) == len(items), f"{kind}: an ARN stored twice"
                assert all(store.by_arn(r.arn) is r for r in items), f"{kind}: the ARN index is torn"
                keys = [r.sort_key for r in items]
                assert keys == sorted(keys), f"{kind}: creation order is torn"
        assert sum(resource_counts(fake).values()) > 0


@pytest.fixture(autouse=True)
def _switch_threads_often() -> Any:
    """Make the interpreter switch threads every few microseconds (every 5 ms by default), so that an
    unguarded read-check-write in the fake interleaves with other threads, as it would under load."""
    import os
    import sys

    # (tests/conftest.py turns strict mode on for the whole suite; this suite relies on it)
    assert os.environ.get("BEDROCK_FAKE_STRICT") == "1"
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)
