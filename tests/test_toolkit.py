"""The family toolkit's shared shapes, proven on the real families through boto3 and on a toy family.

- one resolver for "something you can invoke", that later families and the runtime share;
- resources by any ARN (what tags use today, and resource policies will), scoped to the caller;
- typed side tables: per-region and fake-wide singletons (an invocation logging configuration);
- a family is declared once per kind.
"""

from __future__ import annotations

import copy
from typing import Any

import boto3
import pytest
from conftest import REGION, ROLE, customization_job_params

from bedrock_fake import BedrockFake
from bedrock_fake._family import FAMILIES, Family, family_of_arn, resource_by_arn
from bedrock_fake._invocable import resolve
from bedrock_fake._registry import Table
from bedrock_fake._request import Request

ACCOUNT = "123456789012"


def _request(fake: BedrockFake, account: str = ACCOUNT, region: str = REGION) -> Request:
    backend = fake._backend
    return Request(backend, "Test", {}, backend.registry.region(account, region), backend.now())


def _imported_model(bedrock: Any, fake: BedrockFake) -> str:
    bedrock.create_model_import_job(
        jobName="tk-import", importedModelName="tk-imported", roleArn=ROLE,
        modelDataSource={"s3DataSource": {"s3Uri": "s3://weights/llama-3/"}},
    )
    fake.clock.advance(3 * 3600)
    return str(bedrock.get_imported_model(modelIdentifier="tk-imported")["modelArn"])


def _trained_model(bedrock: Any, fake: BedrockFake) -> tuple[str, str]:
    job_arn = bedrock.create_model_customization_job(**customization_job_params("tk-job", "tk-model"))["jobArn"]
    fake.clock.advance(3 * 3600)
    return job_arn, str(bedrock.get_custom_model(modelIdentifier="tk-model")["modelArn"])


# --- one resolver for invocable identifiers ----------------------------------------------------------
def test_resolver_names_every_invocable_kind_the_seed_families_own(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    _, custom_arn = _trained_model(bedrock, bedrock_fake)
    imported_arn = _imported_model(bedrock, bedrock_fake)
    pt_arn = bedrock.create_provisioned_model_throughput(
        modelUnits=1, provisionedModelName="tk-pt", modelId="amazon.titan-text-express-v1:0:8k"
    )["provisionedModelArn"]
    request = _request(bedrock_fake)

    fm = resolve(request, "amazon.titan-text-express-v1")
    assert fm is not None and (fm.arn_type, fm.model_id) == ("foundation-model", "amazon.titan-text-express-v1")
    assert fm.arn == "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    by_arn = resolve(request, fm.arn)
    assert by_arn is not None and by_arn.model_id == fm.model_id

    profile = resolve(request, "us.anthropic.claude-3-5-sonnet-20241022-v2:0")
    assert profile is not None and profile.arn_type == "inference-profile"
    assert profile.model_id == "anthropic.claude-3-5-sonnet-20241022-v2:0"

    custom = resolve(request, custom_arn)
    assert custom is not None and (custom.arn_type, custom.arn) == ("custom-model", custom_arn)
    assert custom.model_id == "amazon.titan-text-express-v1:0:8k" and custom.record.name == "tk-model"

    imported = resolve(request, imported_arn)
    assert imported is not None and (imported.arn_type, imported.model_id) == ("imported-model", None)
    assert imported.record.name == "tk-imported"

    pt = resolve(request, pt_arn)
    assert pt is not None and (pt.arn_type, pt.arn, pt.model_id) == ("provisioned-model", pt_arn,
                                                                 "amazon.titan-text-express-v1:0:8k")


def test_resolver_answers_none_for_what_does_not_exist_or_is_not_the_callers(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    imported_arn = _imported_model(bedrock, bedrock_fake)
    request = _request(bedrock_fake)
    assert resolve(request, "no-such.model-v1") is None
    assert resolve(request, imported_arn.replace(imported_arn[-12:], "000000000000")) is None
    assert resolve(request, "arn:aws:bedrock:us-east-1:123456789012:custom-model/x/000000000000") is None
    # another account's imported model is not the caller's
    assert resolve(_request(bedrock_fake, account="210987654321"), imported_arn) is None


# --- resources by any ARN ------------------------------------------------------------------------------
def test_resource_by_arn_finds_any_familys_resource_in_the_callers_scope(bedrock_fake: BedrockFake) -> None:
    bedrock = boto3.client("bedrock", region_name=REGION)
    job_arn, model_arn = _trained_model(bedrock, bedrock_fake)
    request = _request(bedrock_fake)
    assert resource_by_arn(request, job_arn).name == "tk-job"
    assert resource_by_arn(request, model_arn).name == "tk-model"
    assert family_of_arn(job_arn) is FAMILIES["model_customization_job"]
    assert family_of_arn(model_arn) is FAMILIES["custom_model"]
    # an ARN type no family declares, an unparsable ARN, and another region's caller
    assert family_of_arn("arn:aws:bedrock:us-east-1:123456789012:no-such-type/x") is None
    assert resource_by_arn(request, "not an arn") is None
    west = _request(bedrock_fake, region="us-west-2")
    assert resource_by_arn(west, job_arn) is None
    assert resource_by_arn(west, job_arn, anywhere=True).name == "tk-job"


def test_every_taggable_family_declares_an_arn_type() -> None:
    taggable = [f for f in FAMILIES.values() if f.taggable]
    assert taggable
    assert all(f.arn_type for f in taggable), [f.kind for f in taggable if not f.arn_type]


# --- typed side tables: singletons per region or per fake ----------------------------------------------
#: a toy account/region singleton, as the invocation logging configuration will be
LOGGING = Table[dict[str, Any]]("toy logging configuration", dict)


def test_a_table_is_one_instance_per_region_and_per_fake(bedrock_fake: BedrockFake) -> None:
    registry = bedrock_fake._backend.registry
    east = registry.region(ACCOUNT, REGION).table(LOGGING)
    east["s3Config"] = {"bucketName": "logs"}
    assert registry.region(ACCOUNT, REGION).table(LOGGING) is east
    assert registry.region(ACCOUNT, "us-west-2").table(LOGGING) == {}
    assert registry.region("210987654321", REGION).table(LOGGING) == {}
    assert registry.table(LOGGING) is not east  # the fake-wide instance is another one
    # a copied world (class hooks' snapshots) copies the value and keeps the declaration as its key
    copied = copy.deepcopy(registry)
    assert copied.region(ACCOUNT, REGION).table(LOGGING) == {"s3Config": {"bucketName": "logs"}}
    assert copied.region(ACCOUNT, REGION).table(LOGGING) is not east
    bedrock_fake.reset()
    assert bedrock_fake._backend.registry.region(ACCOUNT, REGION).table(LOGGING) == {}


# --- declarations ------------------------------------------------------------------------------------
def test_a_kind_is_declared_once() -> None:
    with pytest.raises(ValueError, match="model_customization_job is declared twice"):
        Family[Any]("model_customization_job", "duplicate")


# --- versioned resources: a DRAFT and immutable numbered versions (the shape guardrails use) --------------
def test_versions_snapshot_the_draft_as_the_next_number_and_stay_immutable() -> None:
    from bedrock_fake._data import clone
    from bedrock_fake._versions import Versions

    draft: dict[str, Any] = {"name": "toy", "topics": ["a"]}
    versions = Versions(draft)
    freeze = lambda d, n: {**clone(d), "version": str(n)}  # noqa: E731
    assert versions.snapshot(freeze)[0] == 1
    draft["topics"].append("b")  # an update changes the DRAFT only
    number, second = versions.snapshot(freeze)
    assert number == 2 and second["topics"] == ["a", "b"]
    first = versions.get("1")
    assert first is not None and first["topics"] == ["a"] and first["version"] == "1"
    assert versions.get(None) is draft and versions.get("DRAFT") is draft and versions.get(2) is second
    for absent in ("3", "0", "01", "x", "\uff11", -1):
        assert versions.get(absent) is None, absent
    assert [n for n, _ in versions.numbered()] == [1, 2] and len(versions) == 2
    # numbers are never reused after a delete
    assert versions.delete(2) is second and versions.delete(2) is None
    assert versions.snapshot(freeze)[0] == 3
    assert [n for n, _ in versions.numbered()] == [1, 3]


# --- the package's structure -----------------------------------------------------------------------
def _module_imports() -> dict[str, set[str]]:
    """bedrock_fake module -> the bedrock_fake modules it imports at module level (TYPE_CHECKING blocks
    and imports inside functions, which are deliberate late imports, left out)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "bedrock_fake"
    modules: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                for alias in node.names:
                    deps.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def test_the_package_has_no_import_cycles() -> None:
    import graphlib

    graph = _module_imports()
    assert "bedrock_fake._family" in graph and graph["bedrock_fake.resources.import_jobs"]
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the cycle


def test_no_module_is_far_over_400_lines() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "bedrock_fake"
    data = {"_catalog_data.py"}  # tables, not code
    long = {p.name: n for p in root.rglob("*.py") if p.name not in data
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > 440}
    assert not long, long


@pytest.mark.parametrize("fast", [True, False])
def test_success_responses_are_what_botocores_constructor_makes(monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    from botocore.awsrequest import AWSResponse

    from bedrock_fake import _botocore_adapter

    assert _botocore_adapter._FAST  # the fast path works with the pinned botocore releases
    monkeypatch.setattr(_botocore_adapter, "_FAST", fast)
    made = _botocore_adapter.success_response("https://x", 201, "Sat, 05 Dec 2026 12:00:00 GMT", "rid")
    plain = AWSResponse("https://x", 201, {"date": "Sat, 05 Dec 2026 12:00:00 GMT", "content-type":
                                           "application/json", "connection": "keep-alive",
                                           "x-amzn-requestid": "rid"}, None)
    assert type(made) is AWSResponse and made.status_code == 201 and made.url == "https://x"
    assert dict(made.headers.items()) == dict(plain.headers.items())
    assert made.headers["X-Amzn-RequestId"] == "rid" and made.raw is None
