"""Custom models: CreateCustomModel, GetCustomModel, ListCustomModels, DeleteCustomModel.

Models are created by finished customization jobs, by CreateCustomModel (``Creating`` -> ``Active`` |
``Failed``; duration ``set_duration("custom_model", s)``) and by finished copy jobs. Names are unique per
account and region, counting names that running jobs will produce (:data:`NAMES`). Models shared by
another account (``BedrockFake.share_model``) are visible (``isOwned=False``) through :data:`SHARES`.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._arns import parse_arn
from .._choices import choice, duration
from .._create import Plan, Unique
from .._data import clone
from .._family import Family, stored_by_arn
from .._invocable import Invocable, resolver
from .._lifecycle import Lifecycle, Tracked
from .._names import NameSpace
from .._operations import operation
from .._pagination import filters, paginate
from .._registry import Registry, Table
from .._request import Request
from .._store import NO_TAGS
from .._tags import tags_from
from ..errors import validation
from . import foundation_models

_SECTION = "Custom models, CreateCustomModel and sharing"
DURATION = duration("custom_model", 10 * 60, "Creating → Active of a CreateCustomModel model", ref="§7.1")
DUPLICATE_MODEL_NAME_CODE = choice(
    "DUPLICATE_MODEL_NAME_CODE", "ValidationException",
    "error for a `customModelName` that an existing custom model has or a running job will produce",
    section=_SECTION, ref="§6.1", shown="`ValidationException`",
)
CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE = choice(
    "CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE", "ConflictException",
    "error for a used `modelName` in CreateCustomModel", section=_SECTION, ref="§7.1", shown="`ConflictException`",
)
#: A CreateCustomModel model registers a SageMaker-trained Amazon Nova model, but the fake reads no artifacts.
CREATE_CUSTOM_MODEL_BASE_HINTS = choice(
    "CREATE_CUSTOM_MODEL_BASE_HINTS",
    (("nova-micro", "amazon.nova-micro-v1:0:128k"), ("nova-lite", "amazon.nova-lite-v1:0:300k"),
     ("nova-pro", "amazon.nova-pro-v1:0:300k")),
    "substrings of the `modelSourceConfig` s3Uri (or of the `customModelDataSource` model package ARN) naming "
    "the Nova variant a CreateCustomModel model derives from",
    section=_SECTION, ref="§7.1", shown="nova-micro, nova-lite, nova-pro → their customizable variants",
)
CREATE_CUSTOM_MODEL_DEFAULT_BASE = choice(
    "CREATE_CUSTOM_MODEL_DEFAULT_BASE", "amazon.nova-lite-v1:0:300k", "that variant when no hint matches",
    section=_SECTION, ref="§7.1", shown="`amazon.nova-lite-v1:0:300k`",
)
SHARED_MODELS_REGIONAL = choice(
    "SHARED_MODELS_REGIONAL", True, "a shared model is visible to the other account only in its own region",
    section=_SECTION, ref="§7.3",
)

#: model ARN -> the accounts it is shared with (fake-wide)
SHARES: Table[dict[str, set[str]]] = Table("custom model shares", dict)


class CustomModel(Tracked):
    """A custom model: trained by a job, registered by CreateCustomModel (with a timeline), or copied."""

    __slots__ = (
        "_details",
        "base_model_arn",
        "customization_type",
        "foundation_model_arn",
        "job_arn",
        "job_name",
        "kms_key_arn",
        "owner_account",
        "source",
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
        status: str | None = None,
        job_name: str | None = None,
        job_arn: str | None = None,
        kms_key_arn: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(arn, name, created, tags, status)  # no status: Active from creation on
        self.owner_account = owner_account
        self.variant_id = variant_id  # the foundation-model variant the weights derive from
        self.base_model_arn = base_model_arn
        self.foundation_model_arn = foundation_model_arn
        self.customization_type = customization_type
        self.job_name = job_name
        self.job_arn = job_arn
        self.kms_key_arn = kms_key_arn
        self._details = details
        # A trained model mirrors its job: ``source.model_details()`` is read on demand instead of
        # copied at completion, which keeps settling thousands of finished jobs cheap.
        self.source: Any = None

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
        model.timeline, model.duration, model.failure_message = None, job.duration, None  # type: ignore[assignment]
        model.fired_at, model.next_outcome = None, None
        model.owner_account, model.variant_id = owner_account, job.variant_id
        model.base_model_arn, model.foundation_model_arn = base_model_arn, foundation_model_arn
        model.customization_type = job.customization_type
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


# --- sharing ---------------------------------------------------------------------------------------
def model_by_arn(registry: Registry, arn: str) -> CustomModel | None:
    """A custom model by ARN in any account and region of ``registry``."""
    found = stored_by_arn(registry, arn)
    return found if isinstance(found, CustomModel) else None


def shared_with(registry: Registry, arn: str) -> set[str]:
    """The accounts the model ``arn`` is shared with."""
    return registry.table(SHARES).get(arn, set())


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
    registry.table(SHARES).setdefault(arn, set()).add(account_id)


def _visible_shared(request: Request, model: CustomModel) -> bool:
    """Whether ``model``, owned by another account that shared it with the caller, is visible here."""
    if model.owner_account == request.account_id or request.account_id not in shared_with(request.registry, model.arn):
        return False
    if not SHARED_MODELS_REGIONAL.value:
        return True
    parts = parse_arn(model.arn)
    return parts is not None and parts.region == request.region_name


def _shared_with_caller(request: Request) -> list[CustomModel]:
    found = [
        model
        for arn in request.registry.table(SHARES)
        if (model := model_by_arn(request.registry, arn)) is not None and _visible_shared(request, model)
    ]
    found.sort(key=lambda m: m.sort_key)
    return found


def _find(request: Request, identifier: str) -> CustomModel | None:
    """A model the caller may read: its own by name or ARN, or one shared with it, by ARN."""
    model: CustomModel | None = request.store(MODELS.kind).find(identifier)
    if model is None and identifier.startswith("arn:"):
        other = model_by_arn(request.registry, identifier)
        if other is not None and _visible_shared(request, other):
            model = other
    return model


MODELS = Family[CustomModel](
    "custom_model",
    "custom model",
    arn_type="custom-model",
    taggable=True,
    lifecycle=Lifecycle(
        running="Creating",
        outcomes=("Active", "Failed"),
        duration=DURATION.name,
        failure_message="The model could not be created (bedrock_fake.set_outcome).",
    ),
    finder=_find,
)
#: Model names in an account and region: those of its models, and those running jobs will produce.
NAMES = NameSpace("model name", MODELS.kind)


@resolver
def _resolve_custom(request: Request, identifier: str) -> Invocable | None:
    """A custom model ARN the caller may read (its own or shared with it): the model behind it.

    Whether it can answer (Active, served through a throughput or deployment) is the caller's check."""
    if not identifier.startswith("arn:") or ":custom-model/" not in identifier:
        return None
    model = MODELS.find(request, identifier)
    if model is None:
        return None
    return Invocable("custom-model", model.arn, model.foundation_model_arn.rsplit("/", 1)[-1], model)


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
    """The Nova variant a SageMaker-trained model is taken to derive from (the hints above)."""
    uri = source.lower()
    for hint, variant in CREATE_CUSTOM_MODEL_BASE_HINTS.value:
        if hint in uri:
            return str(variant)
    return str(CREATE_CUSTOM_MODEL_DEFAULT_BASE.value)


@MODELS.creates(
    "CreateCustomModel",
    unique=Unique("modelName", CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE,
                  lambda name: f"The provided model name {name} is currently in use.", space=NAMES),
)
def create_custom_model(request: Request) -> Plan[CustomModel]:
    """Register a SageMaker-trained Amazon Nova model: ``Creating`` -> ``Active`` | ``Failed``."""
    params = request.params
    name = params["modelName"]
    source = _model_source(params)
    arn = request.arn(f"custom-model/imported/{request.new_id()}")
    tags = tags_from(request, "modelTags", name)
    variant_id = _nova_base(source)
    base_arn = foundation_models.foundation_model_arn(request.partition, request.region_name, variant_id)
    model = CustomModel(
        arn, name, request.now, owner_account=request.account_id, variant_id=variant_id, base_model_arn=base_arn,
        foundation_model_arn=base_arn, customization_type="IMPORTED", tags=tags, status="Creating",
        kms_key_arn=request.kms_key_arn("modelKmsKeyArn"),  # key ARNs only (the pattern): as given, this Region's
    )
    return Plan(model, {"modelArn": arn})


# --- operations ------------------------------------------------------------------------------------
@operation("GetCustomModel")
def get_custom_model(request: Request) -> dict[str, Any]:
    """A custom model by name or ARN (a model shared with the caller: by ARN)."""
    return describe(MODELS.get(request, request.params["modelIdentifier"]), request.now)


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
    store = request.store(MODELS.kind)
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
    """Delete one of the caller's models (refused while something uses it; a shared one is not the caller's)."""
    MODELS.delete_now(request, MODELS.get(request, request.params["modelIdentifier"], own=True))
    return {}
