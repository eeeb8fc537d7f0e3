"""Provisioned Throughput: Create / Get / List / Update / DeleteProvisionedModelThroughput.

Lifecycle (duration: ``set_duration("provisioned_model_throughput", s)``, used for both phases)::

    Creating ----------------------------> InService | Failed        (set_outcome; at the planned end)
    InService --(Update)--> Updating ---> InService | Failed        (the model swap lands at InService)
    any status --(Delete)--> gone         (refused while a commitment term runs; a choice below)

A throughput serves a foundation model (a provisionable catalog variant), one of the caller's Active
custom models (name or ARN), or an imported model named by its name. Choices where AWS is
unconfirmed are the choices below (docs/behaviour.md, docs/provisioned-throughput.md).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

from .._arns import parse_arn
from .._choices import choice, duration
from .._conformance import allow_pattern_deviation
from .._create import Plan, Unique
from .._data import clone
from .._family import Family
from .._invocable import Invocable, resolver
from .._lifecycle import Lifecycle, Tracked
from .._operations import operation
from .._references import Uses
from .._registry import RegionState
from .._request import Request
from .._store import Resource
from .._tags import tags_from
from ..errors import ServiceError, conflict, not_found, shown, validation
from . import custom_models, foundation_models, import_jobs
from .custom_models import CustomModel

_SECTION = "Provisioned Throughput"
DURATION = duration(
    "provisioned_model_throughput", 10 * 60, "Creating → InService, Updating → InService", ref="§12.6"
)
PT_DUPLICATE_NAME_CODE = choice(
    "PT_DUPLICATE_NAME_CODE", "ValidationException", "error for a used `provisionedModelName` (create or rename)",
    section=_SECTION, ref="§12.1", shown="`ValidationException`",
)
PT_PLAIN_ID_RESOLVES_TO_VARIANT = choice(
    "PT_PLAIN_ID_RESOLVES_TO_VARIANT", False,
    "whether an ON_DEMAND-only plain id is silently replaced by its provisionable variant (else refused with a "
    "hint)",
    section=_SECTION, ref="§12.1",
)
PT_MAX_MODEL_UNITS_NO_COMMITMENT = choice(
    "PT_MAX_MODEL_UNITS_NO_COMMITMENT", 2,
    "`modelUnits` quota of a no-commitment throughput (ServiceQuotaExceededException above)",
    section=_SECTION, ref="§12.1", shown="2",
)
PT_MAX_MODEL_UNITS_COMMITTED = choice(
    "PT_MAX_MODEL_UNITS_COMMITTED", 100, "`modelUnits` quota of a committed throughput", section=_SECTION,
    ref="§12.1", shown="100",
)
PT_COMMITMENT_MONTHS = choice(
    "PT_COMMITMENT_MONTHS", {"OneMonth": 1, "SixMonths": 6},
    "term length per `commitmentDuration`; the term starts at creation", section=_SECTION, ref="§12.2",
    shown="OneMonth 1, SixMonths 6",
)
PT_FAILED_CREATION_DELETABLE = choice(
    "PT_FAILED_CREATION_DELETABLE", True,
    "a committed throughput that failed while Creating may be deleted before its term ends",
    section=_SECTION, ref="§12.5",
)
PT_UPDATABLE_STATUSES = choice(
    "PT_UPDATABLE_STATUSES", ("InService",), "statuses in which UpdateProvisionedModelThroughput is accepted",
    section=_SECTION, ref="§12.4", shown='`("InService",)`',
)
PT_UPDATE_WRONG_STATUS_CODE = choice(
    "PT_UPDATE_WRONG_STATUS_CODE", "ValidationException", "error for an update in another status",
    section=_SECTION, ref="§12.4", shown="`ValidationException`",
)
# A throughput on an imported model (named by its name, as SageMaker's BedrockModelBuilder does) reports
# the imported model's ARN as modelArn/desiredModelArn/foundationModelArn, though those members' pattern
# (ModelArn, FoundationModelArn) admits only custom- and foundation-model ARNs: there is no other ARN
# that names the model it serves (a documented choice, docs/provisioned-throughput.md).
for _shape in ("ModelArn", "FoundationModelArn"):
    allow_pattern_deviation(
        ("GetProvisionedModelThroughput", "ListProvisionedModelThroughputs"),
        _shape,
        r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:imported-model/[a-z0-9]{12}",
    )

# What backs a throughput: a catalog variant, a custom model, or an imported model.
FOUNDATION, CUSTOM, IMPORTED = "foundation", "custom", "imported"


class Target:
    """A resolved ``modelId``: the model's ARN, the base model's ARN, and what kind of model it is."""

    __slots__ = ("foundation_model_arn", "model_arn", "source")

    def __init__(self, model_arn: str, foundation_model_arn: str, source: str) -> None:
        self.model_arn = model_arn
        self.foundation_model_arn = foundation_model_arn
        self.source = source


class ProvisionedThroughput(Tracked):
    """One provisioned throughput; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = ("commitment", "commitment_expiration", "current", "desired", "model_units", "spec")

    def __init__(
        self,
        arn: str,
        name: str,
        created: _dt.datetime,
        tags: dict[str, str],
        *,
        target: Target,
        model_units: int,
        commitment: str | None,
    ) -> None:
        super().__init__(arn, name, created, tags, "Creating")
        self.spec: dict[str, Any] = {}
        self.current = target  # the model serving now (modelArn)
        self.desired = target  # the model an unfinished update moves to (desiredModelArn)
        self.model_units = model_units
        self.commitment = commitment
        self.commitment_expiration: _dt.datetime | None = None


# --- commitment ------------------------------------------------------------------------------------
def _add_months(start: _dt.datetime, months: int) -> _dt.datetime:
    """Calendar months later (the day is clamped: Jan 31 + 1 month = the last day of February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def _commitment_blocks_delete(pt: ProvisionedThroughput, now: _dt.datetime) -> bool:
    if pt.commitment_expiration is None or now >= pt.commitment_expiration:
        return False
    never_served = pt.timeline.reached("InService", now) is None and pt.status(now) == "Failed"
    return not (never_served and PT_FAILED_CREATION_DELETABLE.value)


# --- lifecycle -------------------------------------------------------------------------------------
def _serve_desired(region: RegionState, pt: ProvisionedThroughput, status: str, at: _dt.datetime) -> None:
    """An update reached InService: the desired model serves from now on (a failed one keeps the old)."""
    if status == "InService":
        pt.current = pt.desired


def _serves(pt: ProvisionedThroughput, now: _dt.datetime) -> tuple[str, str]:
    """The models a throughput serves, or is moving to (they cannot be deleted)."""
    return (pt.current.model_arn, pt.desired.model_arn)


def _serves_message(request: Request, pt: ProvisionedThroughput, model: Resource) -> str:
    return (
        f"The model {model.name} is used by provisioned throughput {pt.name} ({pt.arn}); "
        "delete the provisioned throughput first."
    )


THROUGHPUTS = Family[ProvisionedThroughput](
    "provisioned_model_throughput",
    "provisioned throughput",
    arn_type="provisioned-model",
    taggable=True,
    lifecycle=Lifecycle(
        running="Creating",
        outcomes=("InService", "Failed"),
        duration=DURATION.name,
        failure_message="The provisioned throughput failed (bedrock_fake.set_outcome).",
        updating="Updating",
        # Not finished for good while InService: an outcome set then is for the next update.
        between_phases=("InService",),
        on_end=_serve_desired,
    ),
    uses=(
        Uses(custom_models.MODELS.kind, _serves, _serves_message),
        Uses(import_jobs.MODELS.kind, _serves, _serves_message),
    ),
)


@resolver
def _resolve_provisioned(request: Request, identifier: str) -> Invocable | None:
    """A provisioned-model ARN of the caller's: what it serves."""
    if not identifier.startswith("arn:") or ":provisioned-model/" not in identifier:
        return None
    pt = request.store(THROUGHPUTS.kind).by_arn(identifier)
    if pt is None:
        return None
    model_id = pt.current.foundation_model_arn.rsplit("/", 1)[-1] if pt.current.source == FOUNDATION else None
    return Invocable("provisioned-model", pt.arn, model_id, pt)


# --- resolving modelId -----------------------------------------------------------------------------
def _foundation_target(request: Request, identifier: str, member: str, entry: dict[str, Any]) -> Target:
    if identifier.startswith("arn:"):
        parts = parse_arn(identifier)
        if parts is not None and parts.region != request.region_name:
            raise validation(
                f"The foundation model {identifier} at '{member}' is not in this region "
                f"({request.region_name})."
            )
    if not foundation_models.provisionable(entry):
        variant_id = entry.get("default_variant")
        variant = foundation_models.CATALOG.get(str(variant_id)) if variant_id else None
        if (
            PT_PLAIN_ID_RESOLVES_TO_VARIANT.value
            and variant is not None
            and foundation_models.provisionable(variant)
        ):
            entry = variant
        else:
            model_id = str(entry["modelId"])
            suggestions = [
                key
                for key, other in foundation_models.CATALOG.items()
                if key.startswith(model_id + ":") and foundation_models.provisionable(other)
            ]
            hint = f" Use one of its provisionable variants: {', '.join(suggestions)}." if suggestions else ""
            raise validation(
                f"The model {identifier} at '{member}' does not support Provisioned Throughput.{hint}"
            )
    arn = foundation_models.foundation_model_arn(
        request.partition, request.region_name, str(entry["modelId"])
    )
    return Target(arn, arn, FOUNDATION)


def _custom_target(request: Request, identifier: str, member: str, model: CustomModel) -> Target:
    if model.owner_account != request.account_id:
        raise validation(
            f"The custom model {identifier} at '{member}' is shared from account {model.owner_account}; "
            "copy it into your account (CreateModelCopyJob) before provisioning it."
        )
    status = model.status(request.now)
    if status != "Active":
        raise validation(
            f"The custom model {identifier} at '{member}' is {status}; only Active models can be provisioned."
        )
    return Target(model.arn, model.foundation_model_arn, CUSTOM)


def resolve_model(request: Request, identifier: str, member: str) -> Target:
    """What ``modelId``/``desiredModelId`` names: a provisionable foundation model, an Active custom
    model of the caller (name or ARN), or an imported model (by name; custom models win a name clash).
    """
    entry = foundation_models.lookup(identifier)
    if entry is not None:
        return _foundation_target(request, identifier, member, entry)
    custom = custom_models.MODELS.find(request, identifier)
    if custom is not None:
        return _custom_target(request, identifier, member, custom)
    if not identifier.startswith("arn:"):
        imported: Resource | None = request.store(import_jobs.MODELS.kind).by_name(identifier)
        if imported is not None:
            # No foundation model underlies an imported model: foundationModelArn repeats its ARN.
            return Target(imported.arn, imported.arn, IMPORTED)
    raise not_found(f"Could not find model {shown(identifier)} ('{member}').")


# --- output ----------------------------------------------------------------------------------------
def _summary(pt: ProvisionedThroughput, now: _dt.datetime) -> dict[str, Any]:
    """The members GetProvisionedModelThroughput and the list share (everything but failureMessage)."""
    out: dict[str, Any] = {
        "provisionedModelName": pt.name,
        "provisionedModelArn": pt.arn,
        "modelArn": pt.current.model_arn,
        "desiredModelArn": pt.desired.model_arn,
        "foundationModelArn": pt.current.foundation_model_arn,
        "modelUnits": pt.model_units,
        "desiredModelUnits": pt.model_units,
        "status": pt.status(now),
    }
    if pt.commitment is not None and pt.commitment_expiration is not None:
        out["commitmentDuration"] = pt.commitment
        out["commitmentExpirationTime"] = pt.commitment_expiration
    out["creationTime"] = pt.created
    out["lastModifiedTime"] = pt.timeline.changed_at(now)
    return out


# --- operations ------------------------------------------------------------------------------------
def _unique_name(member: str) -> Unique:
    return Unique(member, PT_DUPLICATE_NAME_CODE, lambda name: f"The provisioned model name {name} at '{member}' "
                  "is already in use.")


@THROUGHPUTS.creates("CreateProvisionedModelThroughput", unique=_unique_name("provisionedModelName"))
def create_provisioned_model_throughput(request: Request) -> Plan[ProvisionedThroughput]:
    """Buy throughput for a model: Creating -> InService (or Failed)."""
    params = request.params
    units = params["modelUnits"]
    commitment = params.get("commitmentDuration")
    limit = PT_MAX_MODEL_UNITS_NO_COMMITMENT.value if commitment is None else PT_MAX_MODEL_UNITS_COMMITTED.value
    if units > limit:
        quota = "no-commitment" if commitment is None else "committed"
        raise ServiceError(
            "ServiceQuotaExceededException",
            f"modelUnits {units} exceeds the quota of {limit} model units for a {quota} provisioned throughput.",
        )
    target = resolve_model(request, params["modelId"], "modelId")
    arn = request.arn(f"provisioned-model/{request.new_id()}")
    now = request.now
    pt = ProvisionedThroughput(
        arn, params["provisionedModelName"], now, tags_from(request, "tags", arn), target=target,
        model_units=units, commitment=commitment,
    )
    pt.spec = clone(params)
    if commitment is not None:
        pt.commitment_expiration = _add_months(now, PT_COMMITMENT_MONTHS.value[commitment])
    return Plan(pt, {"provisionedModelArn": arn}, spec=pt.spec)


@operation("GetProvisionedModelThroughput")
def get_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """A throughput by name or ARN, as it stands at the fake's current time."""
    pt = THROUGHPUTS.get(request, request.params["provisionedModelId"])
    now = request.now
    out = _summary(pt, now)
    if out["status"] == "Failed" and pt.failure_message is not None:
        out["failureMessage"] = pt.failure_message
    return out


THROUGHPUTS.lists(
    "ListProvisionedModelThroughputs", "provisionedModelSummaries", _summary,
    equals={"modelArnEquals": lambda pt: pt.current.model_arn},
)


_RENAME = _unique_name("desiredProvisionedModelName")


def _check_swap(pt: ProvisionedThroughput, target: Target, identifier: str) -> None:
    """The model-change rules of the user guide (§12.4)."""
    if pt.current.source == FOUNDATION:
        raise validation(
            f"The provisioned throughput {pt.name} serves a base model, so it cannot change its model "
            f"(desiredModelId {identifier})."
        )
    if pt.current.source == IMPORTED:
        raise validation(
            f"The provisioned throughput {pt.name} serves an imported model, so it cannot change its model "
            f"(desiredModelId {identifier})."
        )
    if target.source == IMPORTED or target.foundation_model_arn != pt.current.foundation_model_arn:
        raise validation(
            f"The desiredModelId {identifier} is not derived from {pt.current.foundation_model_arn}: "
            "a provisioned "
            "throughput on a custom model may only switch to that base model or to another custom model "
            "customized from it."
        )


@operation("UpdateProvisionedModelThroughput")
def update_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """Rename and/or swap the model: InService -> Updating -> InService (the rename is immediate)."""
    params = request.params
    pt = THROUGHPUTS.get(request, request.params["provisionedModelId"])
    now = request.now
    new_name = params.get("desiredProvisionedModelName")
    model_id = params.get("desiredModelId")
    if new_name is None and model_id is None:
        raise validation("Specify desiredProvisionedModelName, desiredModelId or both.")
    status = pt.status(now)
    if status not in PT_UPDATABLE_STATUSES.value:
        raise ServiceError(
            request.code_if_modeled(PT_UPDATE_WRONG_STATUS_CODE.value),
            f"The provisioned throughput {pt.name} cannot be updated while its status is {status}.",
        )
    if new_name == pt.name:
        new_name = None
    if new_name is not None:
        _RENAME.check(request, THROUGHPUTS)
    target: Target | None = None
    if model_id is not None:
        target = resolve_model(request, model_id, "desiredModelId")
        if target.model_arn == pt.current.model_arn:
            target = None
        else:
            _check_swap(pt, target, model_id)
    if new_name is None and target is None:
        return {}  # nothing changes

    # Everything is valid: from here on the request takes effect.
    old_name = pt.name
    if new_name is not None:
        request.store(THROUGHPUTS.kind).rename(pt, new_name)
    if target is not None:
        pt.desired = target
    THROUGHPUTS.update(request, pt, (pt.name, old_name, pt.arn))
    return {}


@operation("DeleteProvisionedModelThroughput")
def delete_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """Delete at once; a throughput whose commitment term runs cannot be deleted."""
    pt = THROUGHPUTS.get(request, request.params["provisionedModelId"])
    now = request.now
    if _commitment_blocks_delete(pt, now) and pt.commitment_expiration is not None:
        raise conflict(
            f"The provisioned throughput {pt.name} has a {pt.commitment} commitment that expires at "
            f"{pt.commitment_expiration.isoformat()}; it cannot be deleted before then."
        )
    THROUGHPUTS.delete_now(request, pt)
    return {}
