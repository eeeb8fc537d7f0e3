"""Custom models: CreateCustomModel, GetCustomModel, ListCustomModels, DeleteCustomModel.

Models are created by finished customization jobs, by CreateCustomModel (``Creating`` -> ``Active`` |
``Failed``; duration ``set_duration("custom_model", s)``) and by finished copy jobs. Names are unique per
account and region, counting names that running jobs will produce. Models shared by another account
(``BedrockFake.share_model``) are visible (``isOwned=False``) through ``shares``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from .. import _behaviour
from .._arns import parse_arn
from .._data import clone
from .._lifecycle import Timeline
from .._operations import Request, ResourceKind, operation, register_kind
from .._pagination import filters, paginate
from .._registry import RegionState, Registry
from .._store import NO_TAGS, Resource
from .._tags import taggable, tags_from
from ..errors import ServiceError, not_found, shown, validation
from . import foundation_models

KIND = "custom_model"
taggable("custom-model", KIND)

#: Checks that refuse DeleteCustomModel while something uses the model: return a reason or None.
IN_USE_CHECKS: list[Callable[[Request, CustomModel], str | None]] = []


class CustomModel(Resource):
    """A custom model: trained by a job, registered by CreateCustomModel, or copied."""

    __slots__ = (
        "_details",
        "base_model_arn",
        "customization_type",
        "failure_message",
        "foundation_model_arn",
        "job_arn",
        "job_name",
        "kms_key_arn",
        "owner_account",
        "source",
        "timeline",
        "variant_id",
    )

    def __init__(
        self,
        arn: str,
        name: str,
        created: _dt.datetime,
        *,
        owner_account: str,
        variant_id: str,
        base_model_arn: str,
        foundation_model_arn: str,
        customization_type: str,
        tags: dict[str, str] | None = None,
        timeline: Timeline | None = None,
        job_name: str | None = None,
        job_arn: str | None = None,
        kms_key_arn: str | None = None,
        details: dict[str, Any] | None = None,
        source: Any = None,
    ) -> None:
        super().__init__(arn, name, created, tags)
        self.owner_account = owner_account
        self.variant_id = variant_id  # the foundation-model variant the weights derive from
        self.base_model_arn = base_model_arn
        self.foundation_model_arn = foundation_model_arn
        self.customization_type = customization_type
        self.timeline = timeline  # None: Active from creation on
        self.failure_message: str | None = None
        self.job_name = job_name
        self.job_arn = job_arn
        self.kms_key_arn = kms_key_arn
        self._details = details
        # A trained model mirrors its job: ``source.model_details()`` is read on demand instead of
        # copied at completion, which keeps settling thousands of finished jobs cheap.
        self.source = source

    @classmethod
    def trained(
        cls, arn: str, name: str, created: _dt.datetime, owner_account: str, job: Any,
        base_model_arn: str, foundation_model_arn: str, tags: dict[str, str] | None,
    ) -> CustomModel:
        """The model a finished customization job produced (a lean constructor: settling thousands of
        finished jobs in one call is a hot path; everything else is read off ``job`` on demand)."""
        model = cls.__new__(cls)
        model.arn, model.name, model.created, model.seq = arn, name, created, 0
        model.tags = tags if tags else NO_TAGS
        model.owner_account, model.variant_id = owner_account, job.variant_id
        model.base_model_arn, model.foundation_model_arn = base_model_arn, foundation_model_arn
        model.customization_type = job.customization_type
        model.timeline, model.failure_message = None, None
        model.job_name, model.job_arn, model.kms_key_arn = job.name, job.arn, job.kms_key_arn
        model._details, model.source = None, job
        return model

    @property
    def base_model_name(self) -> str:
        """``baseModelName`` of summaries: the base model id without its version suffixes."""
        return self.variant_id.split(":", 1)[0]

    @property
    def details(self) -> dict[str, Any]:
        """Training configuration and metrics mirrored from the job (read-only: callers clone)."""
        if self._details is not None:
            return self._details
        if self.source is not None:
            return self.source.model_details()  # type: ignore[no-any-return]
        return {}

    def status(self, now: _dt.datetime) -> str:
        """``modelStatus`` at ``now``."""
        return "Active" if self.timeline is None else self.timeline.status_at(now)


# --- names -----------------------------------------------------------------------------------------
def _reserved(region: RegionState) -> dict[str, str]:
    found: dict[str, str] | None = region.data.get("custom_model_names")
    if found is None:
        found = region.data["custom_model_names"] = {}
    return found


def check_name_free(request: Request, name: str, code: str | None = None) -> None:
    """Refuse a model name that a model in the caller's region has, or a running job will produce.

    ``code`` is the error code of the calling operation (chosen per operation in ``_behaviour``).
    """
    if request.store(KIND).by_name(name) is not None or name in _reserved(request.region):
        raise ServiceError(
            code or _behaviour.DUPLICATE_MODEL_NAME_CODE, f"The provided model name {name} is currently in use."
        )


def reserve_name(region: RegionState, name: str, owner_arn: str) -> None:
    """Hold ``name`` for the model a running job (``owner_arn``) will produce."""
    _reserved(region)[name] = owner_arn


def release_name(region: RegionState, name: str, owner_arn: str) -> None:
    """Free a name held by ``owner_arn`` (its job finished)."""
    reserved = region.data.get("custom_model_names")
    if reserved is not None and reserved.get(name) == owner_arn:
        del reserved[name]


# --- sharing ---------------------------------------------------------------------------------------
def shares_in(registry: Registry) -> dict[str, set[str]]:
    """Model ARN -> accounts it is shared with, in one fake's registry."""
    return registry.shared("custom_model_shares", dict)


def shares(request: Request) -> dict[str, set[str]]:
    """Model ARN -> accounts it is shared with (across the whole fake)."""
    return shares_in(request.registry)


def model_by_arn(registry: Registry, arn: str) -> CustomModel | None:
    """A custom model by ARN in any account and region of ``registry``."""
    parts = parse_arn(arn)
    if parts is None or parts.resource_type != "custom-model":
        return None
    region = registry.existing(parts.account, parts.region)
    found: CustomModel | None = region.store(KIND).by_arn(arn) if region is not None else None
    return found


def share(registry: Registry, arn: str, account_id: str) -> None:
    """Share the custom model ``arn`` with ``account_id`` (``BedrockFake.share_model``).

    Raises ValueError (misuse of the fake, not an AWS error) for an unknown model, or for sharing a
    model with the account that owns it.
    """
    model = model_by_arn(registry, arn)
    if model is None:
        raise ValueError(f"model_arn {arn!r} names no custom model in this fake (has it been created yet?)")
    if model.owner_account == account_id:
        raise ValueError(f"account_id {account_id} already owns {arn!r}; share it with another account")
    shares_in(registry).setdefault(arn, set()).add(account_id)


def _visible_shared(request: Request, model: CustomModel) -> bool:
    """Whether ``model``, owned by another account that shared it with the caller, is visible here."""
    if model.owner_account == request.account_id:
        return False
    if request.account_id not in shares(request).get(model.arn, ()):
        return False
    if not _behaviour.SHARED_MODELS_REGIONAL:
        return True
    parts = parse_arn(model.arn)
    return parts is not None and parts.region == request.region_name


def _shared_with_caller(request: Request) -> list[CustomModel]:
    found: list[CustomModel] = []
    for arn in shares(request):
        model = resolve_arn(request, arn)
        if model is not None and _visible_shared(request, model):
            found.append(model)
    found.sort(key=lambda m: m.sort_key)
    return found


def resolve_arn(request: Request, arn: str) -> CustomModel | None:
    """A custom model by ARN in any account and region of the fake."""
    return model_by_arn(request.registry, arn)


def find(request: Request, identifier: str) -> CustomModel | None:
    """A model the caller may read: its own by name or ARN, or one shared with it, by ARN."""
    model: CustomModel | None = request.store(KIND).find(identifier)
    if model is None and identifier.startswith("arn:"):
        other = resolve_arn(request, identifier)
        if other is not None and _visible_shared(request, other):
            model = other
    return model


def get_or_raise(request: Request, identifier: str) -> CustomModel:
    """``find`` or ResourceNotFoundException."""
    model = find(request, identifier)
    if model is None:
        raise not_found(f"Could not find custom model {shown(identifier)}.")
    return model


# --- output ----------------------------------------------------------------------------------------
def describe(model: CustomModel, now: _dt.datetime) -> dict[str, Any]:
    """GetCustomModel's output for ``model``."""
    out: dict[str, Any] = {"modelArn": model.arn, "modelName": model.name}
    if model.job_name is not None:
        out["jobName"] = model.job_name
    if model.job_arn is not None:
        out["jobArn"] = model.job_arn
    out["baseModelArn"] = model.base_model_arn
    out["customizationType"] = model.customization_type
    if model.kms_key_arn is not None:
        out["modelKmsKeyArn"] = model.kms_key_arn
    details = model.details
    for member in ("hyperParameters", "trainingDataConfig", "validationDataConfig", "outputDataConfig",
                   "trainingMetrics", "validationMetrics"):
        if member in details:
            out[member] = clone(details[member])
    out["creationTime"] = model.created
    if "customizationConfig" in details:
        out["customizationConfig"] = clone(details["customizationConfig"])
    status = model.status(now)
    out["modelStatus"] = status
    if status == "Failed" and model.failure_message is not None:
        out["failureMessage"] = model.failure_message
    return out


def _summary(model: CustomModel, now: _dt.datetime) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": model.created,
        "baseModelArn": model.base_model_arn,
        "baseModelName": model.base_model_name,
        "customizationType": model.customization_type,
        "ownerAccountId": model.owner_account,
        "modelStatus": model.status(now),
    }


# --- CreateCustomModel -------------------------------------------------------------------------------
_FAILED = "The model could not be created (bedrock_fake.set_outcome)."


def _apply_outcome(request: Request, model: CustomModel, status: str, message: str | None) -> bool:
    """``set_outcome`` on a CreateCustomModel model that is still Creating: same end time, new end state."""
    timeline = model.timeline
    if timeline is None or not timeline.replan_end(request.now, "Creating", timeline.final[0], status):
        return False
    model.failure_message = (message or _FAILED) if status == "Failed" else None
    return True


register_kind(ResourceKind(KIND, ("Active", "Failed"), _apply_outcome))


def _model_source(params: dict[str, Any]) -> str:
    """Where the model's artifacts are: a SageMaker AI model package ARN (``customModelDataSource``)
    or an S3 URI (``modelSourceConfig``), exactly one of the two, as the operation's documentation says."""
    s3 = params.get("modelSourceConfig")
    package = params.get("customModelDataSource")
    if s3 is not None and package is not None:
        raise validation("Specify either customModelDataSource or modelSourceConfig, not both.")
    if package is not None:
        return str(package["modelPackageArnDataSource"]["modelPackageArn"])
    if s3 is not None:
        return str(s3["s3DataSource"]["s3Uri"])
    raise validation(
        "Specify the model's data source: customModelDataSource (a SageMaker AI model package ARN) or "
        "modelSourceConfig (an Amazon S3 URI)."
    )


def _nova_base(source: str) -> str:
    """The Nova variant a SageMaker-trained model is taken to derive from (chosen in ``_behaviour``)."""
    uri = source.lower()
    for hint, variant in _behaviour.CREATE_CUSTOM_MODEL_BASE_HINTS:
        if hint in uri:
            return variant
    return _behaviour.CREATE_CUSTOM_MODEL_DEFAULT_BASE


@operation("CreateCustomModel")
def create_custom_model(request: Request) -> dict[str, Any]:
    """Register a SageMaker-trained Amazon Nova model: ``Creating`` -> ``Active`` | ``Failed``."""
    replayed = request.replay()
    if replayed is not None:
        return replayed
    params = request.params
    name = params["modelName"]
    source = _model_source(params)
    check_name_free(request, name, _behaviour.CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE)
    arn = request.arn(f"custom-model/imported/{request.new_id()}")
    tags = tags_from(request, "modelTags", name)

    # Everything is valid: from here on the request takes effect.
    now = request.now
    variant_id = _nova_base(source)
    base_arn = foundation_models.foundation_model_arn(request.partition, request.region_name, variant_id)
    timeline = Timeline(now, "Creating")
    model = CustomModel(
        arn,
        name,
        now,
        owner_account=request.account_id,
        variant_id=variant_id,
        base_model_arn=base_arn,
        foundation_model_arn=base_arn,
        customization_type="IMPORTED",
        tags=tags,
        timeline=timeline,
        kms_key_arn=params.get("modelKmsKeyArn"),  # the pattern admits key ARNs only: echoed as given
    )
    end_state = "Active"
    outcome = request.take_outcome(KIND, name)
    if outcome is not None and outcome[0] == "Failed":
        end_state = "Failed"
        model.failure_message = outcome[1] or _FAILED
    timeline.then(now + request.duration(KIND), end_state)
    request.store(KIND).add(model)
    output = {"modelArn": arn}
    request.remember(clone(params), output)
    return output


# --- operations ------------------------------------------------------------------------------------
@operation("GetCustomModel")
def get_custom_model(request: Request) -> dict[str, Any]:
    """A custom model by name or ARN (a model shared with the caller: by ARN)."""
    return describe(get_or_raise(request, request.params["modelIdentifier"]), request.now)


@operation("ListCustomModels")
def list_custom_models(request: Request) -> dict[str, Any]:
    """Owned and shared models, with every filter of the model, sorted by creation time, paginated."""
    params = request.params
    now = request.now
    is_owned = params.get("isOwned")
    match = filters(
        params,
        now,
        status_member="modelStatus",
        equals={
            "baseModelArnEquals": lambda model: model.base_model_arn,
            "foundationModelArnEquals": lambda model: model.foundation_model_arn,
        },
    )
    store = request.store(KIND)
    keys, items = store.keys, store.items
    if is_owned is not True:
        shared = _shared_with_caller(request)
        if is_owned is False:
            keys, items = [m.sort_key for m in shared], shared
        elif shared:
            items = sorted([*items, *shared], key=lambda m: m.sort_key)
            keys = [m.sort_key for m in items]
    return paginate(request, keys, items, "modelSummaries", lambda m: _summary(m, now), match)


@operation("DeleteCustomModel")
def delete_custom_model(request: Request) -> dict[str, Any]:
    """Delete one of the caller's models (refused while something uses it)."""
    identifier = request.params["modelIdentifier"]
    store = request.store(KIND)
    model: CustomModel | None = store.find(identifier)
    if model is None:
        raise not_found(f"Could not find custom model {shown(identifier)}.")
    for check in IN_USE_CHECKS:
        reason = check(request, model)
        if reason is not None:
            raise ServiceError(_behaviour.DELETE_IN_USE_CODE, reason)
    store.remove(model)
    return {}
