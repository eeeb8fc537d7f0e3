"""KMS key members of every family that takes one, through boto3: an alias name and its alias ARN are one key,
a key of another Region is refused naming the member, another account's key is accepted."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError
from conftest import REGION, customization_job_params
from test_copy_jobs import nova_model
from test_create_custom_model import params as custom_model_params
from test_evaluation import automated_params
from test_guardrails import STEP, params_for
from test_import_jobs import import_params

from bedrock_fake import BedrockFake

_MODEL = botocore.session.get_session().get_service_model("bedrock")
KEY_ARN_PATTERN = re.compile(_MODEL.shape_for("KmsKeyArn").metadata["pattern"])
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
ACCOUNT = "123456789012"


def _guardrail(fake: BedrockFake, bedrock: Any, name: str, key: str) -> str:
    guardrail_id = bedrock.create_guardrail(**params_for(f"g-{name}", kmsKeyId=key))["guardrailId"]
    return str(bedrock.get_guardrail(guardrailIdentifier=guardrail_id)["kmsKeyArn"])


def _guardrail_update(fake: BedrockFake, bedrock: Any, name: str, key: str) -> str:
    guardrail_id = bedrock.create_guardrail(**params_for(f"u-{name}"))["guardrailId"]
    fake.clock.advance(STEP)
    bedrock.update_guardrail(guardrailIdentifier=guardrail_id, **params_for(f"u-{name}", kmsKeyId=key))
    return str(bedrock.get_guardrail(guardrailIdentifier=guardrail_id)["kmsKeyArn"])


def _customization(fake: BedrockFake, bedrock: Any, name: str, key: str) -> str:
    params = customization_job_params(f"job-{name}", f"model-{name}", customModelKmsKeyId=key)
    arn = bedrock.create_model_customization_job(**params)["jobArn"]
    return str(bedrock.get_model_customization_job(jobIdentifier=arn)["outputModelKmsKeyArn"])


def _import(fake: BedrockFake, bedrock: Any, name: str, key: str) -> str:
    arn = bedrock.create_model_import_job(**import_params(f"imp-{name}", f"imp-{name}", importedModelKmsKeyId=key))
    return str(bedrock.get_model_import_job(jobIdentifier=arn["jobArn"])["importedModelKmsKeyArn"])


def _copy(fake: BedrockFake, bedrock: Any, name: str, key: str) -> str:
    source = nova_model(fake, bedrock, f"src-{name}")
    arn = bedrock.create_model_copy_job(sourceModelArn=source, targetModelName=f"copy-{name}", modelKmsKeyId=key)
    return str(bedrock.get_model_copy_job(jobArn=arn["jobArn"])["targetModelKmsKeyArn"])


#: (the member, make a resource with a key and answer its key ARN)
FAMILIES: dict[str, tuple[str, Callable[[BedrockFake, Any, str, str], str]]] = {
    "CreateGuardrail": ("kmsKeyId", _guardrail),
    "UpdateGuardrail": ("kmsKeyId", _guardrail_update),
    "CreateModelCustomizationJob": ("customModelKmsKeyId", _customization),
    "CreateModelImportJob": ("importedModelKmsKeyId", _import),
    "CreateModelCopyJob": ("modelKmsKeyId", _copy),
}


@pytest.mark.parametrize("operation", FAMILIES)
def test_an_alias_name_and_its_alias_arn_are_one_key(bedrock_fake: BedrockFake, bedrock: Any, operation: str) -> None:
    make = FAMILIES[operation][1]
    by_name = make(bedrock_fake, bedrock, "a", "alias/team-key")
    by_arn = make(bedrock_fake, bedrock, "b", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/team-key")
    assert by_name == by_arn and KEY_ARN_PATTERN.fullmatch(by_name)
    assert by_name.startswith(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/")
    assert make(bedrock_fake, bedrock, "c", "alias/other-key") != by_name  # another alias, another key
    assert make(bedrock_fake, bedrock, "d", KEY_ID) == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"


@pytest.mark.parametrize("operation", FAMILIES)
@pytest.mark.parametrize("key", [
    f"arn:aws:kms:us-west-2:{ACCOUNT}:key/{KEY_ID}",
    f"arn:aws:kms:us-west-2:{ACCOUNT}:alias/team-key",
    f"arn:aws:kms::{ACCOUNT}:key/{KEY_ID}",  # the pattern admits an empty Region
])
def test_a_key_of_another_region_is_refused(bedrock_fake: BedrockFake, bedrock: Any, operation: str, key: str) -> None:
    member, make = FAMILIES[operation]
    with pytest.raises(ClientError) as info:
        make(bedrock_fake, bedrock, "x", key)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException", error
    assert f"at '{member}'" in error["Message"] and REGION in error["Message"]


@pytest.mark.parametrize("operation", FAMILIES)
def test_another_accounts_key_of_this_region_is_accepted(bedrock_fake: BedrockFake, bedrock: Any,
                                                          operation: str) -> None:
    key = f"arn:aws:kms:{REGION}:111122223333:key/{KEY_ID}"
    assert FAMILIES[operation][1](bedrock_fake, bedrock, "o", key) == key


def test_a_refused_key_creates_nothing(bedrock: Any) -> None:
    with pytest.raises(bedrock.exceptions.ValidationException, match="kmsKeyId"):
        bedrock.create_guardrail(**params_for(kmsKeyId=f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}"))
    assert bedrock.list_guardrails()["guardrails"] == []
    with pytest.raises(bedrock.exceptions.ValidationException, match="customModelKmsKeyId"):
        bedrock.create_model_customization_job(
            **customization_job_params(customModelKmsKeyId=f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/k"))
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_members_answered_as_given_are_region_checked_too(bedrock: Any) -> None:
    other_region = f"arn:aws:kms:us-west-2:{ACCOUNT}:key/{KEY_ID}"
    with pytest.raises(bedrock.exceptions.ValidationException, match="modelKmsKeyArn"):
        bedrock.create_custom_model(**custom_model_params(modelKmsKeyArn=other_region))
    with pytest.raises(bedrock.exceptions.ValidationException, match="customerEncryptionKeyId"):
        bedrock.create_evaluation_job(**automated_params(customerEncryptionKeyId=other_region))
    here = f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/eval-key"
    arn = bedrock.create_evaluation_job(**automated_params(customerEncryptionKeyId=here))["jobArn"]
    assert bedrock.get_evaluation_job(jobIdentifier=arn)["customerEncryptionKeyId"] == here  # as given
