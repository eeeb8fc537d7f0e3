"""The account's enforced guardrail configuration (governance reference §3).

Operations: PutEnforcedGuardrailConfiguration, ListEnforcedGuardrailsConfiguration,
DeleteEnforcedGuardrailConfiguration. At most one configuration per account and Region (the list answers
0 or 1 items): it names a numbered version of one of the caller's guardrails, which therefore cannot be
deleted (nor the guardrail) while the configuration exists — the in-use index, answering
ResourceInUseException. A Put names only a READY version of a guardrail that is not DELETING, so the version it
names can never disappear: a deletion already under way when the configuration is put would end it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._choices import choice, note
from .._data import clone
from .._family import Family
from .._operations import operation
from .._references import Uses
from .._request import Request
from .._store import Resource
from ..errors import ServiceError, shown, validation
from . import guardrails

_SECTION = "Enforced guardrail configuration"
IN_USE_CODE = choice(
    "ENFORCED_GUARDRAIL_IN_USE_CODE", "ResourceInUseException",
    "error for deleting a guardrail, or the version of it, that the enforced configuration names",
    section=_SECTION, ref="§2.7, §3", shown="`ResourceInUseException`",
)
NOT_READY_CODE = choice(
    "ENFORCED_GUARDRAIL_NOT_READY_CODE", "ConflictException",
    "error for a Put naming a guardrail version that is not READY (still VERSIONING, FAILED) or a guardrail that "
    "is DELETING", section=_SECTION, ref="§3, §11.3", shown="`ConflictException`",
)
PUT_WITHOUT_ID_REPLACES = choice(
    "ENFORCED_PUT_WITHOUT_ID_REPLACES", True,
    "whether a Put without `configId` while a configuration exists replaces it (keeping its `configId` and "
    "`createdAt`; the list holds at most one) rather than being refused",
    section=_SECTION, ref="§3, §11", shown="`True`",
)
note(_SECTION, "`updatedBy`/`createdBy` are the caller's account root ARN (the fake has no IAM identities); "
     "`owner` is `ACCOUNT`; `inputTags` is `HONOR` when either `selectiveContentGuarding` mode is SELECTIVE, else "
     "`IGNORE`. Model ids in `modelEnforcement` are stored as given (§3).")
note(_SECTION, "One configuration per account and Region. An unknown guardrail, or an unknown `configId` (Put or "
     "Delete), is ResourceNotFoundException; an unknown version is `UNKNOWN_GUARDRAIL_VERSION_CODE`. No resource "
     "policy on the guardrail is needed (AWS requires one only for organization-level enforcement) (§3).")


class Enforcement(Resource):
    """The configuration (``arn`` and ``name`` hold its ``configId``: it has no ARN)."""

    __slots__ = ("guardrail", "spec", "updated", "version")

    def __init__(self, config_id: str, created: _dt.datetime) -> None:
        super().__init__(config_id, config_id, created)
        self.guardrail: Any = None
        self.version = ""
        self.spec: dict[str, Any] = {}
        self.updated = created


def _uses(enforcement: Enforcement, now: _dt.datetime) -> tuple[str, ...]:
    arn = enforcement.guardrail.arn
    return (arn, guardrails.version_key(arn, enforcement.version))


def _uses_message(request: Request, enforcement: Enforcement, used: Any) -> str:
    return (f"Version {enforcement.version} of guardrail {used.name} is the account's enforced guardrail "
            f"(configId {enforcement.name}): delete that configuration first.")


ENFORCEMENTS = Family[Enforcement](
    "enforced_guardrail_configuration",
    "enforced guardrail configuration",
    by_name=False,
    uses=(Uses(guardrails.GUARDRAILS.kind, _uses, _uses_message, code=IN_USE_CODE),),
)


def _caller(request: Request) -> str:
    return f"arn:{request.partition}:iam::{request.account_id}:root"


@operation("PutEnforcedGuardrailConfiguration")
def put_enforced_guardrail_configuration(request: Request) -> dict[str, Any]:
    """Set the account's enforced guardrail: a new configuration, or a replacement of the existing one."""
    params = request.params
    spec = params["guardrailInferenceConfig"]
    guardrail = guardrails.GUARDRAILS.get(request, spec["guardrailIdentifier"])
    version = spec["guardrailVersion"]
    try:
        status = guardrails.stored(request.region, guardrail.arn, version, request.now).status
    except guardrails.UnknownGuardrailVersion:
        raise guardrails.no_version(request, guardrail, version, "guardrailInferenceConfig.guardrailVersion") from None
    if status != "READY":
        deleting = status == "DELETING"
        raise ServiceError(
            request.code_if_modeled(NOT_READY_CODE.value),
            f"The guardrail {guardrail.guardrail_id} is DELETING, so it cannot be enforced "
            "(guardrailInferenceConfig.guardrailIdentifier)." if deleting else
            f"Version {shown(version)} of guardrail {guardrail.guardrail_id} is {status}, not READY, so it cannot be "
            "enforced (guardrailInferenceConfig.guardrailVersion).",
        )
    store = ENFORCEMENTS.store(request)
    config_id = params.get("configId")
    if config_id is not None:
        enforcement = ENFORCEMENTS.get(request, config_id)
    elif len(store) and PUT_WITHOUT_ID_REPLACES.value:
        enforcement = store.items[0]
    else:
        enforcement = store.add(Enforcement(request.new_id(), request.now))
    enforcement.guardrail, enforcement.version = guardrail, version
    enforcement.spec, enforcement.updated = clone(spec), request.now
    return {"configId": enforcement.name, "updatedAt": enforcement.updated, "updatedBy": _caller(request)}


def _render(request: Request, enforcement: Enforcement) -> dict[str, Any]:
    spec = enforcement.spec
    guarding = spec.get("selectiveContentGuarding", {})
    out: dict[str, Any] = {
        "configId": enforcement.name,
        "guardrailArn": enforcement.guardrail.arn,
        "guardrailId": enforcement.guardrail.guardrail_id,
        "inputTags": "HONOR" if "SELECTIVE" in guarding.values() else "IGNORE",
    }
    if guarding:
        out["selectiveContentGuarding"] = clone(guarding)
    out["guardrailVersion"] = enforcement.version
    out["createdAt"], out["createdBy"] = enforcement.created, _caller(request)
    out["updatedAt"], out["updatedBy"] = enforcement.updated, _caller(request)
    out["owner"] = "ACCOUNT"
    if "modelEnforcement" in spec:
        out["modelEnforcement"] = clone(spec["modelEnforcement"])
    return out


@operation("ListEnforcedGuardrailsConfiguration")
def list_enforced_guardrails_configuration(request: Request) -> dict[str, Any]:
    """The account's configuration in this Region (zero or one); every answer is one page."""
    if "nextToken" in request.params:
        raise validation(f"Invalid value for nextToken: '{shown(request.params['nextToken'])}' is not a token "
                         "this list issued (it is always one page).")
    return {"guardrailsConfig": [_render(request, e) for e in ENFORCEMENTS.store(request).items]}


@operation("DeleteEnforcedGuardrailConfiguration")
def delete_enforced_guardrail_configuration(request: Request) -> dict[str, Any]:
    """Remove the configuration (its guardrail version may be deleted afterwards)."""
    enforcement = ENFORCEMENTS.get(request, request.params["configId"])
    ENFORCEMENTS.delete_now(request, enforcement)
    return {}
