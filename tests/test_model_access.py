"""Foundation model access through boto3: availability, offers, agreements on the clock, the use-case form."""

from __future__ import annotations

import json
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import REGION

from bedrock_fake import BedrockFake, _behaviour

_MODEL = botocore.session.get_session().get_service_model("bedrock")
if "GetFoundationModelAvailability" not in _MODEL.operation_names:
    pytest.skip("this botocore predates the model access operations", allow_module_level=True)

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
LLAMA = "meta.llama3-1-8b-instruct-v1:0"
NOVA = "amazon.nova-pro-v1:0"
PENDING = _behaviour.DEFAULT_DURATIONS["foundation_model_agreement"]
FORM = json.dumps({"companyName": "Example Corp", "intendedUsers": "0", "useCases": "Support chat"})


def error_of(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return str(error.value.response["Error"]["Code"]), str(error.value.response["Error"]["Message"])


def token_of(bedrock: Any, model_id: str) -> str:
    offers = bedrock.list_foundation_model_agreement_offers(modelId=model_id)["offers"]
    assert len(offers) == 1
    return str(offers[0]["offerToken"])


def test_a_third_party_model_needs_an_agreement(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    before = bedrock.get_foundation_model_availability(modelId=LLAMA)
    assert before["agreementAvailability"] == {"status": "NOT_AVAILABLE"}
    assert before["regionAvailability"] == "AVAILABLE" and before["entitlementAvailability"] == "AVAILABLE"
    assert bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, LLAMA))[
        "modelId"] == LLAMA
    assert bedrock.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == "PENDING"
    bedrock_fake.clock.advance(PENDING)
    assert bedrock.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == "AVAILABLE"
    bedrock.delete_foundation_model_agreement(modelId=LLAMA)
    assert bedrock.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == (
        "NOT_AVAILABLE")


def test_amazon_models_need_no_agreement(bedrock: Any) -> None:
    availability = bedrock.get_foundation_model_availability(modelId=NOVA)
    assert availability["agreementAvailability"]["status"] == "AVAILABLE"
    assert availability["authorizationStatus"] == "AUTHORIZED"
    assert bedrock.list_foundation_model_agreement_offers(modelId=NOVA)["offers"] == []
    with pytest.raises(ClientError) as error:
        bedrock.create_foundation_model_agreement(modelId=NOVA, offerToken="anything")
    assert error_of(error)[0] == "ValidationException"


def test_offers_have_the_models_terms(bedrock: Any) -> None:
    offer = bedrock.list_foundation_model_agreement_offers(modelId=HAIKU, offerType="PUBLIC")["offers"][0]
    assert offer["termDetails"]["usageBasedPricingTerm"]["rateCard"]
    assert offer["termDetails"]["legalTerm"]["url"].startswith("https://")
    assert token_of(bedrock, HAIKU) != token_of(bedrock, LLAMA)


def test_agreement_errors(bedrock: Any) -> None:
    with pytest.raises(ClientError) as error:
        bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, HAIKU))
    code, message = error_of(error)
    assert code == "ValidationException" and "offerToken" in message
    bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, LLAMA))
    with pytest.raises(ClientError) as error:
        bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, LLAMA))
    assert error_of(error)[0] == "ConflictException"
    with pytest.raises(ClientError) as error:
        bedrock.delete_foundation_model_agreement(modelId=HAIKU)
    assert error_of(error)[0] == "ResourceNotFoundException"
    for call in (bedrock.get_foundation_model_availability, bedrock.list_foundation_model_agreement_offers):
        with pytest.raises(ClientError) as error:
            call(modelId="acme.unknown-v1:0")
        code, message = error_of(error)
        assert code == "ResourceNotFoundException" and "modelId" in message


def test_offer_tokens_are_stable_and_the_wrong_token_code_is_a_choice(
    monkeypatch: pytest.MonkeyPatch, bedrock_fake: BedrockFake, bedrock: Any
) -> None:
    token = token_of(bedrock, LLAMA)
    assert token.startswith("offer-") and len(token) == 38
    other = boto3.client("bedrock", region_name="eu-west-1", **bedrock_fake.credentials_for("210987654321"))
    assert token_of(other, LLAMA) == token  # the same in every account and Region
    monkeypatch.setattr(_behaviour, "WRONG_OFFER_TOKEN_CODE", "ResourceNotFoundException")
    with pytest.raises(ClientError) as error:
        bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, HAIKU))
    assert error_of(error)[0] == "ResourceNotFoundException"
    assert bedrock.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == (
        "NOT_AVAILABLE")


def test_agreements_are_per_account_not_per_region(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, LLAMA))
    bedrock_fake.clock.advance(PENDING)
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == "AVAILABLE"
    other = boto3.client("bedrock", region_name=REGION, **bedrock_fake.credentials_for("210987654321"))
    assert other.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == (
        "NOT_AVAILABLE")


def test_the_anthropic_use_case_form(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    assert bedrock.get_foundation_model_availability(modelId=HAIKU)["authorizationStatus"] == "NOT_AUTHORIZED"
    with pytest.raises(ClientError) as error:
        bedrock.get_use_case_for_model_access()
    assert error_of(error)[0] == "ResourceNotFoundException"
    bedrock.put_use_case_for_model_access(formData=FORM)
    assert bedrock.get_use_case_for_model_access()["formData"] == FORM.encode()
    assert bedrock.get_foundation_model_availability(modelId=HAIKU)["authorizationStatus"] == "AUTHORIZED"
    bedrock.put_use_case_for_model_access(formData=b'{"replaced": true}')  # a later put replaces it
    assert json.loads(bedrock.get_use_case_for_model_access()["formData"]) == {"replaced": True}
    west = boto3.client("bedrock", region_name="us-west-2")
    assert west.get_use_case_for_model_access()["formData"] == b'{"replaced": true}'  # once per account


def test_use_case_form_length_is_checked_by_the_service(bedrock_fake: BedrockFake) -> None:
    client = boto3.client("bedrock", region_name=REGION, config=Config(parameter_validation=False))
    for data in (b"short", b"x" * 16385):
        with pytest.raises(ClientError) as error:
            client.put_use_case_for_model_access(formData=data)
        code, message = error_of(error)
        assert code == "ValidationException" and "formData" in message and "xxxx" not in message
    with pytest.raises(ClientError):
        client.get_use_case_for_model_access()  # nothing was stored


CONFORMANCE_RECIPES: dict[str, Any] = {
    "GetFoundationModelAvailability": lambda w: [(w.east, {"modelId": HAIKU}), (w.east, {"modelId": NOVA})],
    "ListFoundationModelAgreementOffers": lambda w: [(w.east, {"modelId": HAIKU}), (w.east, {"modelId": NOVA})],
    "CreateFoundationModelAgreement": lambda w: [(w.east, {"modelId": LLAMA, "offerToken": token_of(w.east, LLAMA)})],
    "DeleteFoundationModelAgreement": lambda w: (
        w.east.create_foundation_model_agreement(modelId=HAIKU, offerToken=token_of(w.east, HAIKU)),
        [(w.east, {"modelId": HAIKU})],
    )[1],
    "PutUseCaseForModelAccess": lambda w: [(w.east, {"formData": FORM.encode()})],
    "GetUseCaseForModelAccess": lambda w: (
        w.east.put_use_case_for_model_access(formData=FORM), [(w.east, {})],
    )[1],
}


def test_a_later_duration_leaves_existing_agreements_alone(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.create_foundation_model_agreement(modelId=LLAMA, offerToken=token_of(bedrock, LLAMA))
    bedrock_fake.clock.advance(PENDING)
    bedrock_fake.set_duration("foundation_model_agreement", 3600)
    assert bedrock.get_foundation_model_availability(modelId=LLAMA)["agreementAvailability"]["status"] == "AVAILABLE"


def test_reads_create_no_state(bedrock_fake: BedrockFake, bedrock: Any) -> None:
    bedrock.get_foundation_model_availability(modelId=HAIKU)
    assert bedrock_fake._backend.registry.tables == {}
