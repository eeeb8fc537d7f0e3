"""Model copy jobs: CreateModelCopyJob / GetModelCopyJob / ListModelCopyJobs.

A job runs in the caller's account and region and copies a custom model named by ARN: one the caller
owns in any region, or one another account shared with it (``BedrockFake.share_model``).

Lifecycle (duration: ``set_duration("model_copy_job", s)``)::

    InProgress --> Completed   (the copy exists in the caller's region, named targetModelName)
               \\-> Failed      (set_outcome(job ARN or targetModelName, "Failed", message=...))

``targetModelArn`` is known from creation; the target name is held while the job runs. Copy jobs have
no name, no stop, no delete, and their ARNs are not taggable (only ``targetModelTags``, for the copy).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._arns import bedrock_arn, parse_arn
from .._choices import choice, duration
from .._create import Plan
from .._data import clone
from .._family import Family
from .._lifecycle import Lifecycle, Tracked
from .._names import Hold
from .._operations import operation
from .._references import Uses
from .._registry import RegionState
from .._request import Request
from .._tags import tag_list, tags_from
from ..errors import ServiceError, not_found, shown, validation
from . import custom_models
from .custom_models import CustomModel

_SECTION = "Model copy jobs"
DURATION = duration("model_copy_job", 15 * 60, "InProgress → Completed", ref="§8.4")
MODEL_COPY_DUPLICATE_TARGET_NAME_CODE = choice(
    "MODEL_COPY_DUPLICATE_TARGET_NAME_CODE", "ValidationException",
    "error for a used `targetModelName` in the caller's region", section=_SECTION, ref="§8.1",
    shown="`ValidationException`",
)
MODEL_COPY_FOUNDATION_SOURCE_CODE = choice(
    "MODEL_COPY_FOUNDATION_SOURCE_CODE", "ValidationException",
    "error for a `sourceModelArn` naming a foundation model", section=_SECTION, ref="§8.1",
    shown="`ValidationException`",
)
MODEL_COPY_BLOCKS_SOURCE_DELETION = choice(
    "MODEL_COPY_BLOCKS_SOURCE_DELETION", True,
    "DeleteCustomModel of the source of an InProgress copy job is refused (`DELETE_IN_USE_CODE`)",
    section=_SECTION, ref="§8.4",
)
COPIED_MODEL_CREATED_AT_JOB_CREATION = choice(
    "COPIED_MODEL_CREATED_AT_JOB_CREATION", True,
    "a copied model's `creationTime` is its copy job's creation time (else: completion)",
    section=_SECTION, ref="§8.4",
)


class CopyJob(Tracked):
    """One copy job. Its store name is the target model name (copy jobs have no name of their own), so
    ``set_outcome`` reaches a running job by its ARN or by the name of the model it will create."""

    __slots__ = (
        "kms_key_arn",
        "source",
        "source_account",
        "source_arn",
        "source_name",
        "spec",
        "target_arn",
        "target_tags",
    )

    def __init__(self, arn: str, target_name: str, created: _dt.datetime) -> None:
        super().__init__(arn, target_name, created, None, "InProgress")
        self.spec: dict[str, Any] = {}
        self.source_arn = ""
        self.source_account = ""
        self.source_name = ""
        self.source: dict[str, Any] = {}  # the source model as it was at creation (what gets copied)
        self.target_arn = ""
        self.target_tags: dict[str, str] = {}
        self.kms_key_arn: str | None = None


# --- lifecycle -------------------------------------------------------------------------------------
def _in_region(arn: str, partition: str, region: str) -> str:
    """A foundation-model ARN moved to ``region`` (the copy derives from that region's base model)."""
    parts = parse_arn(arn)
    if parts is None or parts.resource_type != "foundation-model":
        return arn
    return bedrock_arn(partition, region, "", parts.resource)


def _snapshot(model: CustomModel) -> dict[str, Any]:
    """What a copy takes over from its source (everything but name, owner, ARN, tags and key)."""
    return {
        "variant_id": model.variant_id,
        "base_model_arn": model.base_model_arn,
        "foundation_model_arn": model.foundation_model_arn,
        "customization_type": model.customization_type,
        "job_name": model.job_name,
        "job_arn": model.job_arn,
        "details": clone(model.details),
    }


def _complete(region: RegionState, job: CopyJob, status: str, at: _dt.datetime) -> None:
    """The job ended; if it completed, the copy exists in the job's region, named targetModelName."""
    if status != "Completed":
        return
    source = job.source
    partition, here = region.partition, region.region
    model = CustomModel(
        job.target_arn,
        job.name,
        job.created if COPIED_MODEL_CREATED_AT_JOB_CREATION.value else at,
        owner_account=region.account_id,
        variant_id=source["variant_id"],
        base_model_arn=_in_region(source["base_model_arn"], partition, here),
        foundation_model_arn=_in_region(source["foundation_model_arn"], partition, here),
        customization_type=source["customization_type"],
        tags=dict(job.target_tags),
        job_name=source["job_name"],
        job_arn=source["job_arn"],
        kms_key_arn=job.kms_key_arn,
        details=clone(source["details"]),
    )
    region.store(custom_models.MODELS.kind).add(model)


def _copies(job: CopyJob, now: _dt.datetime) -> tuple[str, ...]:
    """The model a running copy job reads (DeleteCustomModel refuses it while the choice says so)."""
    if MODEL_COPY_BLOCKS_SOURCE_DELETION.value and job.status(now) == "InProgress":
        return (job.source_arn,)
    return ()


def _copies_message(request: Request, job: CopyJob, model: CustomModel) -> str:
    # name the job only to its own account: another account's ARNs are not the caller's to see
    own = job.arn.split(":")[4] == request.account_id
    which = f"model copy job {job.arn}" if own else "a model copy job of an account the model is shared with"
    return (
        f"The custom model {model.name} cannot be deleted while {which} copies it; "
        "delete it after the copy finishes."
    )


JOBS = Family[CopyJob](
    "model_copy_job",
    "model copy job",
    arn_type="model-copy-job",  # not taggable: the model has no copy-job ARNs in TaggableResourcesArn
    by_name=False,
    lifecycle=Lifecycle(
        running="InProgress",
        outcomes=("Completed", "Failed"),
        duration=DURATION.name,
        failure_message="The model copy failed (bedrock_fake.set_outcome).",
        on_end=_complete,
    ),
    holds=(Hold(custom_models.NAMES, lambda job: job.name),),
    uses=(Uses(custom_models.MODELS.kind, _copies, _copies_message, everywhere=True),),
)


# --- create ----------------------------------------------------------------------------------------
def _source(request: Request, arn: str) -> CustomModel:
    """The model to copy: the caller's own (any region) or one shared with the caller (any region)."""
    parts = parse_arn(arn)
    if parts is not None and parts.resource_type == "foundation-model":
        raise ServiceError(
            request.code_if_modeled(MODEL_COPY_FOUNDATION_SOURCE_CODE.value),
            f"The sourceModelArn {arn} names a foundation model; a model copy job copies custom models.",
        )
    model = custom_models.model_by_arn(request.registry, arn)
    if (
        model is None
        or parts is None
        or parts.partition != request.partition
        or (
            model.owner_account != request.account_id
            and request.account_id not in custom_models.shared_with(request.registry, arn)
        )
    ):
        raise not_found(f"Could not find source model {shown(arn)}.")
    status = model.status(request.now)
    if status != "Active":
        raise validation(
            f"The source model {arn} cannot be copied because its status is {status}; "
            "only Active models can be copied."
        )
    return model


@JOBS.creates("CreateModelCopyJob")
def create_model_copy_job(request: Request) -> Plan[CopyJob]:
    """Start copying a custom model into the caller's region (the job holds the target name until it ends)."""
    params = request.params
    source = _source(request, params["sourceModelArn"])
    target_name = params["targetModelName"]
    custom_models.NAMES.check_free(request, target_name, MODEL_COPY_DUPLICATE_TARGET_NAME_CODE.value)
    target_tags = tags_from(request, "targetModelTags", target_name)
    family = source.arn.split("/")[1]  # `imported` or the base variant, as in the source's ARN
    arn = request.arn(f"model-copy-job/{request.new_id()}")
    job = CopyJob(arn, target_name, request.now)
    job.spec = clone(params)
    job.source_arn = source.arn
    job.source_account = source.owner_account
    job.source_name = source.name
    job.source = _snapshot(source)
    job.target_arn = request.arn(f"custom-model/{family}/{request.new_id()}")
    job.target_tags = target_tags
    job.kms_key_arn = request.kms_key_arn("modelKmsKeyId")
    return Plan(job, {"jobArn": arn}, names=(target_name,), spec=job.spec)


# --- read ------------------------------------------------------------------------------------------
def _describe(job: CopyJob, now: _dt.datetime) -> dict[str, Any]:
    """GetModelCopyJob's output, also the list's summary (the two shapes have the same members)."""
    status = job.status(now)
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "status": status,
        "creationTime": job.created,
        "targetModelArn": job.target_arn,
        "targetModelName": job.name,
        "sourceAccountId": job.source_account,
        "sourceModelArn": job.source_arn,
    }
    if job.kms_key_arn is not None:
        out["targetModelKmsKeyArn"] = job.kms_key_arn
    if "targetModelTags" in job.spec:
        out["targetModelTags"] = tag_list(job.target_tags)
    if status == "Failed" and job.failure_message is not None:
        out["failureMessage"] = job.failure_message
    out["sourceModelName"] = job.source_name
    return out


@operation("GetModelCopyJob")
def get_model_copy_job(request: Request) -> dict[str, Any]:
    """A copy job of the caller's account and region, by ARN."""
    return _describe(JOBS.get(request, request.params["jobArn"]), request.now)


JOBS.lists(
    "ListModelCopyJobs",
    "modelCopyJobSummaries",
    _describe,
    name_member="targetModelNameContains",  # `outputModelNameContains` on the wire
    equals={
        "sourceAccountEquals": lambda job: job.source_account,
        "sourceModelArnEquals": lambda job: job.source_arn,
    },
)
