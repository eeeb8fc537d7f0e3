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
    assert fm is not None and (fm.kind, fm.model_id) == ("foundation-model", "amazon.titan-text-express-v1")
    assert fm.arn == "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    by_arn = resolve(request, fm.arn)
    assert by_arn is not None and by_arn.model_id == fm.model_id

    profile = resolve(request, "us.anthropic.claude-3-5-sonnet-20241022-v2:0")
    assert profile is not None and profile.kind == "inference-profile"
    assert profile.model_id == "anthropic.claude-3-5-sonnet-20241022-v2:0"

    custom = resolve(request, custom_arn)
    assert custom is not None and (custom.kind, custom.arn) == ("custom-model", custom_arn)
    assert custom.model_id == "amazon.titan-text-express-v1:0:8k" and custom.record.name == "tk-model"

    imported = resolve(request, imported_arn)
    assert imported is not None and (imported.kind, imported.model_id) == ("imported-model", None)
    assert imported.record.name == "tk-imported"

    pt = resolve(request, pt_arn)
    assert pt is not None and (pt.kind, pt.arn, pt.model_id) == ("provisioned-model", pt_arn,
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
