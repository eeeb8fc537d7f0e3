"""Provisioned Throughput: Create / Get / List / Update / DeleteProvisionedModelThroughput.

Lifecycle (duration: ``set_duration("provisioned_model_throughput", s)``, used for both phases)::

    Creating ----------------------------> InService | Failed        (set_outcome; at the planned end)
    InService --(Update)--> Updating ---> InService | Failed        (the model swap lands at InService)
    any status --(Delete)--> gone         (refused while a commitment term runs; see _behaviour)

A throughput serves a foundation model (a provisionable catalog variant), one of the caller's Active
custom models (name or ARN), or an imported model named by its name. Choices where AWS is
unconfirmed live in ``_behaviour`` (section "Provisioned Throughput") and docs/provisioned-throughput.md.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

from .. import _behaviour
from .._arns import parse_arn
from .._conformance import allow_pattern_deviation
from .._data import clone
from .._lifecycle import Timeline
from .._operations import Request, ResourceKind, operation, register_kind
from .._pagination import filters, paginate
from .._registry import RegionState
from .._store import Resource
from .._tags import taggable, tags_from
from ..errors import ServiceError, conflict, not_found, shown, validation
from . import custom_models, foundation_models, import_jobs
from .custom_models import CustomModel

KIND = "provisioned_model_throughput"
#: store kind of imported models (resources/import_jobs.py); looked up by name only
IMPORTED_MODEL_KIND = import_jobs.MODEL_KIND
taggable("provisioned-model", KIND)
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


class ProvisionedThroughput(Resource):
    """One provisioned throughput; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = (
        "commitment",
        "commitment_expiration",
        "current",
        "desired",
        "failure_message",
        "model_units",
        "next_outcome",
        "spec",
        "timeline",
    )

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
        super().__init__(arn, name, created, tags)
        self.spec: dict[str, Any] = {}
        self.current = target  # the model serving now (modelArn)
        self.desired = target  # the model an unfinished update moves to (desiredModelArn)
        self.model_units = model_units
        self.commitment = commitment
        self.commitment_expiration: _dt.datetime | None = None
        self.timeline = Timeline(created, "Creating")
        self.failure_message: str | None = None
        # An outcome set while InService, for this throughput's next update (it dies with the throughput).
        self.next_outcome: tuple[str, str | None] | None = None

    def status(self, now: _dt.datetime) -> str:
        """``status`` at ``now``."""
        return self.timeline.status_at(now)

    def uses(self, arn: str) -> bool:
        """Whether the throughput serves, or is moving to, the model ``arn``."""
        return self.current.model_arn == arn or self.desired.model_arn == arn


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
    return not (never_served and _behaviour.PT_FAILED_CREATION_DELETABLE)


# --- lifecycle -------------------------------------------------------------------------------------
def _finish(
    request: Request, pt: ProvisionedThroughput, end: _dt.datetime, status: str, message: str | None
) -> None:
    """Make the running phase (Creating or Updating) end in ``status`` at ``end``."""
    pt.timeline.cut(request.now)
    pt.timeline.then(end, status)
    pt.failure_message = (
        (message or "The provisioned throughput failed (bedrock_fake.set_outcome).")
        if status == "Failed"
        else None
    )
    if status == "InService" and pt.desired is not pt.current:
        request.scheduler.at(end, _on_update_end, request.region, pt)


def _on_update_end(at: _dt.datetime, region: RegionState, pt: ProvisionedThroughput) -> None:
    """An update reached InService: the desired model now serves (a no-op if the timeline changed)."""
    if region.store(KIND).by_arn(pt.arn) is not pt or pt.timeline.final != (at, "InService"):
        return
    pt.current = pt.desired


def _apply_outcome(request: Request, pt: ProvisionedThroughput, status: str, message: str | None) -> bool:
    now = request.now
    current = pt.status(now)
    if current == "InService":
        # Not finished for good: the outcome is kept, on this throughput, for its next update.
        pt.next_outcome = (status, message)
        return True
    if current not in ("Creating", "Updating"):
        return False
    _finish(request, pt, pt.timeline.final[0], status, message)
    return True


register_kind(ResourceKind(KIND, ("InService", "Failed"), _apply_outcome))


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
            _behaviour.PT_PLAIN_ID_RESOLVES_TO_VARIANT
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
    custom = custom_models.find(request, identifier)
    if custom is not None:
        return _custom_target(request, identifier, member, custom)
    if not identifier.startswith("arn:"):
        imported: Resource | None = request.store(IMPORTED_MODEL_KIND).by_name(identifier)
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


def _get(request: Request) -> ProvisionedThroughput:
    identifier = request.params["provisionedModelId"]
    pt: ProvisionedThroughput | None = request.store(KIND).find(identifier)
    if pt is None:
        raise not_found(f"Could not find provisioned throughput {shown(identifier)}.")
    return pt


# --- operations ------------------------------------------------------------------------------------
@operation("CreateProvisionedModelThroughput")
def create_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """Buy throughput for a model; every check runs before anything is stored."""
    replayed = request.replay()
    if replayed is not None:
        return replayed
    params = request.params
    store = request.store(KIND)
    name = params["provisionedModelName"]
    if store.by_name(name) is not None:
        raise ServiceError(
            _behaviour.PT_DUPLICATE_NAME_CODE,
            f"The provisioned model name {name} at 'provisionedModelName' is already in use.",
        )
    units = params["modelUnits"]
    commitment = params.get("commitmentDuration")
    limit = (
        _behaviour.PT_MAX_MODEL_UNITS_NO_COMMITMENT
        if commitment is None
        else _behaviour.PT_MAX_MODEL_UNITS_COMMITTED
    )
    if units > limit:
        kind = "no-commitment" if commitment is None else "committed"
        raise ServiceError(
            "ServiceQuotaExceededException",
            f"modelUnits {units} exceeds the quota of {limit} model units "
            f"for a {kind} provisioned throughput.",
        )
    target = resolve_model(request, params["modelId"], "modelId")
    arn = request.arn(f"provisioned-model/{request.new_id()}")
    tags = tags_from(request, "tags", arn)

    # Everything is valid: from here on the request takes effect.
    now = request.now
    pt = ProvisionedThroughput(arn, name, now, tags, target=target, model_units=units, commitment=commitment)
    pt.spec = clone(params)
    if commitment is not None:
        pt.commitment_expiration = _add_months(now, _behaviour.PT_COMMITMENT_MONTHS[commitment])
    outcome = request.take_outcome(KIND, name)
    status, message = outcome if outcome is not None else ("InService", None)
    pt.timeline.then(now + request.duration(KIND), status)
    if status == "Failed":
        pt.failure_message = message or "The provisioned throughput failed (bedrock_fake.set_outcome)."
    store.add(pt)
    output = {"provisionedModelArn": arn}
    request.remember(pt.spec, output)
    return output


@operation("GetProvisionedModelThroughput")
def get_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """A throughput by name or ARN, as it stands at the fake's current time."""
    pt = _get(request)
    now = request.now
    out = _summary(pt, now)
    if out["status"] == "Failed" and pt.failure_message is not None:
        out["failureMessage"] = pt.failure_message
    return out


@operation("ListProvisionedModelThroughputs")
def list_provisioned_model_throughputs(request: Request) -> dict[str, Any]:
    """Throughputs filtered by status, model ARN, name and creation time, sorted, paginated."""
    params = request.params
    now = request.now
    match = filters(params, now, equals={"modelArnEquals": lambda pt: pt.current.model_arn})
    store = request.store(KIND)
    return paginate(
        request, store.keys, store.items, "provisionedModelSummaries", lambda p: _summary(p, now), match
    )


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
    pt = _get(request)
    now = request.now
    new_name = params.get("desiredProvisionedModelName")
    model_id = params.get("desiredModelId")
    if new_name is None and model_id is None:
        raise validation("Specify desiredProvisionedModelName, desiredModelId or both.")
    status = pt.status(now)
    if status not in _behaviour.PT_UPDATABLE_STATUSES:
        raise ServiceError(
            _behaviour.PT_UPDATE_WRONG_STATUS_CODE,
            f"The provisioned throughput {pt.name} cannot be updated while its status is {status}.",
        )
    store = request.store(KIND)
    if new_name == pt.name:
        new_name = None
    if new_name is not None and store.by_name(new_name) is not None:
        raise ServiceError(
            _behaviour.PT_DUPLICATE_NAME_CODE,
            f"The provisioned model name {new_name} at 'desiredProvisionedModelName' is already in use.",
        )
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
        store.rename(pt, new_name)
    if target is not None:
        pt.desired = target
    outcome = pt.next_outcome or request.take_outcome(KIND, pt.name, old_name, pt.arn)
    pt.next_outcome = None
    end_status, message = outcome if outcome is not None else ("InService", None)
    pt.timeline.cut(now)
    pt.timeline.then(now, "Updating")
    _finish(request, pt, now + request.duration(KIND), end_status, message)
    return {}


@operation("DeleteProvisionedModelThroughput")
def delete_provisioned_model_throughput(request: Request) -> dict[str, Any]:
    """Delete at once; a throughput whose commitment term runs cannot be deleted."""
    pt = _get(request)
    now = request.now
    if _commitment_blocks_delete(pt, now) and pt.commitment_expiration is not None:
        raise conflict(
            f"The provisioned throughput {pt.name} has a {pt.commitment} commitment that expires at "
            f"{pt.commitment_expiration.isoformat()}; it cannot be deleted before then."
        )
    request.store(KIND).remove(pt)
    return {}


# --- models in use ---------------------------------------------------------------------------------
def _using(request: Request, model_arn: str) -> ProvisionedThroughput | None:
    pt: ProvisionedThroughput
    for pt in request.store(KIND).items:
        if pt.uses(model_arn):
            return pt
    return None


def model_in_use(request: Request, model: Resource) -> str | None:
    """Why ``model`` (custom or imported) cannot be deleted: a throughput uses it; None if none does."""
    pt = _using(request, model.arn)
    if pt is None:
        return None
    return (
        f"The model {model.name} is used by provisioned throughput {pt.name} ({pt.arn}); "
        "delete the provisioned throughput first."
    )


custom_models.IN_USE_CHECKS.append(model_in_use)
import_jobs.IMPORTED_MODEL_IN_USE_CHECKS.append(model_in_use)
