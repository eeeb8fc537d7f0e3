"""Foundation model access: availability, agreement offers and agreements, the use-case form (serving
reference §10).

Operations: GetFoundationModelAvailability, ListFoundationModelAgreementOffers,
CreateFoundationModelAgreement, DeleteFoundationModelAgreement, PutUseCaseForModelAccess,
GetUseCaseForModelAccess.

Everything here is per account, across Regions (AWS asks for the use case once per account). Third-party
models are sold through AWS Marketplace: each has one public offer; accepting it makes an agreement that is
PENDING for ``set_duration("foundation_model_agreement", s)`` and then AVAILABLE. Amazon models need no
agreement.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any

from .._choices import choice, duration, note
from .._operations import operation
from .._registry import Table
from .._request import Request
from ..errors import ServiceError, not_found, shown
from . import foundation_models

_SECTION = "Foundation model access"
AGREEMENT = duration("foundation_model_agreement", 60, "`PENDING` → `AVAILABLE` of a model agreement", ref="§10")
NO_AGREEMENT_PROVIDERS = choice(
    "NO_AGREEMENT_PROVIDERS", ("Amazon",),
    "providers whose models need no agreement (agreement AVAILABLE, no offers listed)", section=_SECTION,
    ref="§10, §12.8", shown="Amazon",
)
USE_CASE_PROVIDERS = choice(
    "USE_CASE_PROVIDERS", ("Anthropic",),
    "providers whose models report `authorizationStatus` NOT_AUTHORIZED until the account puts its use case",
    section=_SECTION, ref="§10, §12.8", shown="Anthropic",
)
DUPLICATE_AGREEMENT_CODE = choice(
    "DUPLICATE_AGREEMENT_CODE", "ConflictException", "error for CreateFoundationModelAgreement when one exists",
    section=_SECTION, ref="§10", shown="`ConflictException`",
)
WRONG_OFFER_TOKEN_CODE = choice(
    "WRONG_OFFER_TOKEN_CODE", "ValidationException",
    "error for CreateFoundationModelAgreement with an `offerToken` not issued for the model (or for a model that "
    "needs no agreement); ResourceNotFoundException is also modeled", section=_SECTION, ref="§10, §12.8",
    shown="`ValidationException`",
)
note(_SECTION, "Offer tokens are `offer-` and 32 hexadecimal characters derived from the model id, the same in every "
     "account and Region and at every call (AWS's are opaque Marketplace tokens); each third-party model has one "
     "public offer with a zero-price rate card (§10, §12.8).")
note(_SECTION, "Agreements and the use-case form belong to the account, in every Region (AWS asks for the use case "
     "once per account; organisation-wide use cases are not modelled); another account has its own (§10, §12.8).")
note(_SECTION, "A fresh account sees every catalog model `regionAvailability` and `entitlementAvailability` "
     "AVAILABLE (the same catalog in every Region; no Marketplace permissions are modelled). A model id not in the "
     "catalog is ResourceNotFoundException; DeleteFoundationModelAgreement without an agreement and "
     "GetUseCaseForModelAccess before any put are ResourceNotFoundException; a second put replaces the form (§10).")

#: account -> model id -> when its agreement is AVAILABLE
AGREEMENTS: Table[dict[str, dict[str, _dt.datetime]]] = Table("foundation model agreements", dict)
#: account -> the use-case form data last put
USE_CASES: Table[dict[str, bytes]] = Table("model access use cases", dict)


def _entry(request: Request) -> dict[str, Any]:
    model_id = request.params["modelId"]
    entry = foundation_models.CATALOG.get(model_id)
    if entry is None:
        raise not_found(f"Could not find foundation model {shown(model_id)} (modelId).")
    return entry


def _needs_agreement(entry: dict[str, Any]) -> bool:
    return entry["providerName"] not in NO_AGREEMENT_PROVIDERS.value


def offer_token(model_id: str) -> str:
    """The token of a model's public offer (stable, so tests can also build it)."""
    return "offer-" + hashlib.sha256(model_id.encode()).hexdigest()[:32]


def _agreements(request: Request) -> dict[str, _dt.datetime]:
    """The caller's agreements, for reading (a failed or read-only call must leave no trace)."""
    return (request.registry.peek(AGREEMENTS) or {}).get(request.account_id, {})


@operation("GetFoundationModelAvailability")
def get_foundation_model_availability(request: Request) -> dict[str, Any]:
    """Whether the caller may use a model: agreement, authorization (use case), entitlement, Region."""
    entry = _entry(request)
    model_id = request.params["modelId"]
    status = "AVAILABLE"
    if _needs_agreement(entry):
        available_at = _agreements(request).get(model_id)
        if available_at is None:
            status = "NOT_AVAILABLE"
        elif request.now < available_at:
            status = "PENDING"
    authorized = (entry["providerName"] not in USE_CASE_PROVIDERS.value
                  or request.account_id in (request.registry.peek(USE_CASES) or {}))
    return {
        "modelId": model_id,
        "agreementAvailability": {"status": status},
        "authorizationStatus": "AUTHORIZED" if authorized else "NOT_AUTHORIZED",
        "entitlementAvailability": "AVAILABLE",
        "regionAvailability": "AVAILABLE",
    }


@operation("ListFoundationModelAgreementOffers")
def list_agreement_offers(request: Request) -> dict[str, Any]:
    """The model's public offer (none for models that need no agreement)."""
    entry = _entry(request)
    model_id = request.params["modelId"]
    offers: list[dict[str, Any]] = []
    if _needs_agreement(entry):
        offers.append({
            "offerId": "offer-id-" + offer_token(model_id)[6:18],
            "offerToken": offer_token(model_id),
            "termDetails": {
                "usageBasedPricingTerm": {"rateCard": [
                    {"dimension": "InputTokens", "price": "0.00", "description": "Input tokens (bedrock_fake)",
                     "unit": "1K tokens"},
                    {"dimension": "OutputTokens", "price": "0.00", "description": "Output tokens (bedrock_fake)",
                     "unit": "1K tokens"},
                ]},
                "legalTerm": {"url": "https://aws.amazon.com/legal/bedrock/third-party-models/"},
                "supportTerm": {"refundPolicyDescription": "No refunds (bedrock_fake)."},
            },
        })
    return {"modelId": model_id, "offers": offers}


@operation("CreateFoundationModelAgreement")
def create_agreement(request: Request) -> dict[str, Any]:
    """Accept a model's offer: the agreement is PENDING, then AVAILABLE."""
    entry = _entry(request)
    model_id, token = request.params["modelId"], request.params["offerToken"]
    code = request.code_if_modeled(WRONG_OFFER_TOKEN_CODE.value)
    if not _needs_agreement(entry):
        raise ServiceError(code, f"{model_id} needs no agreement: it has no offers (offerToken).")
    if token != offer_token(model_id):
        raise ServiceError(code, f"offerToken {shown(token)} is not an offer of {model_id}: use a token that "
                           "ListFoundationModelAgreementOffers gives for it.")
    agreements = _agreements(request)
    if model_id in agreements:
        raise ServiceError(request.code_if_modeled(DUPLICATE_AGREEMENT_CODE.value),
                           f"An agreement for {model_id} already exists (modelId).")
    # when it becomes AVAILABLE, fixed now: a later set_duration changes only agreements made after it
    available_at = request.now + request.duration(AGREEMENT.name)
    request.registry.table(AGREEMENTS).setdefault(request.account_id, {})[model_id] = available_at
    return {"modelId": model_id}


@operation("DeleteFoundationModelAgreement")
def delete_agreement(request: Request) -> dict[str, Any]:
    """Remove the account's agreement for a model."""
    _entry(request)
    model_id = request.params["modelId"]
    agreements = _agreements(request)
    if model_id not in agreements:
        raise not_found(f"There is no agreement for {model_id} (modelId).")
    del agreements[model_id]
    return {}


@operation("PutUseCaseForModelAccess")
def put_use_case(request: Request) -> dict[str, Any]:
    """Store the account's use-case form (a later put replaces it; its 10-16384 bytes: the model's check)."""
    data = request.params["formData"]
    data = data.encode() if isinstance(data, str) else bytes(data)  # botocore sends str as its UTF-8 bytes
    request.registry.table(USE_CASES)[request.account_id] = data
    return {}


@operation("GetUseCaseForModelAccess")
def get_use_case(request: Request) -> dict[str, Any]:
    """The use-case form last put (ResourceNotFoundException before any)."""
    data = (request.registry.peek(USE_CASES) or {}).get(request.account_id)
    if data is None:
        raise not_found("This account has not put a use case for model access (PutUseCaseForModelAccess).")
    return {"formData": data}
