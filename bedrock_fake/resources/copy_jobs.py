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

from .. import _behaviour
from .._arns import bedrock_arn, kms_key_arn, parse_arn
from .._data import clone
from .._lifecycle import Timeline
from .._operations import Request, ResourceKind, operation, register_kind
from .._pagination import filters, paginate
from .._registry import RegionState
from .._store import Resource
from .._tags import tag_list, tags_from
from ..errors import ServiceError, not_found, shown, validation
from . import custom_models
from .custom_models import CustomModel

KIND = "model_copy_job"
_FAILED = "The model copy failed (bedrock_fake.set_outcome)."


class CopyJob(Resource):
    """One copy job. Its store name is the target model name (copy jobs have no name of their own), so
    ``set_outcome`` reaches a running job by its ARN or by the name of the model it will create."""

    __slots__ = (
        "done",
        "failure_message",
        "kms_key_arn",
        "source",
        "source_account",
        "source_arn",
        "source_name",
        "spec",
        "target_arn",
        "target_tags",
        "timeline",
    )

    def __init__(self, arn: str, target_name: str, created: _dt.datetime) -> None:
        super().__init__(arn, target_name, created)
        self.spec: dict[str, Any] = {}
        self.source_arn = ""
        self.source_account = ""
        self.source_name = ""
        self.source: dict[str, Any] = {}  # the source model as it was at creation (what gets copied)
        self.target_arn = ""
        self.target_tags: dict[str, str] = {}
        self.kms_key_arn: str | None = None
        self.timeline = Timeline(created, "InProgress")
        self.failure_message: str | None = None
        self.done = False  # the end side effects ran

    def status(self, now: _dt.datetime) -> str:
        """``status`` at ``now``."""
        return self.timeline.status_at(now)


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


def _on_end(at: _dt.datetime, region: RegionState, job: CopyJob) -> None:
    """The job reached its end: free the target name and, if it completed, create the copy."""
    final_at, status = job.timeline.final
    if job.done or final_at != at:
        return
    job.done = True
    custom_models.release_name(region, job.name, job.arn)
    if status != "Completed":
        return
    source = job.source
    partition, here = region.partition, region.region
    model = CustomModel(
        job.target_arn,
        job.name,
        job.created if _behaviour.COPIED_MODEL_CREATED_AT_JOB_CREATION else at,
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
    region.store(custom_models.KIND).add(model)


def _apply_outcome(request: Request, job: CopyJob, status: str, message: str | None) -> bool:
    """``set_outcome`` on a running job: it ends at the planned time, in the chosen state."""
    if not job.timeline.replan_end(request.now, "InProgress", job.timeline.final[0], status):
        return False
    job.failure_message = (message or _FAILED) if status == "Failed" else None
    return True  # the end event scheduled at creation fires at `end` and reads the new state


register_kind(ResourceKind(KIND, ("Completed", "Failed"), _apply_outcome))


def _source_in_use(request: Request, model: CustomModel) -> str | None:
    """DeleteCustomModel check: a model that a running copy job reads cannot be deleted."""
    if not _behaviour.MODEL_COPY_BLOCKS_SOURCE_DELETION:
        return None
    for region in request.registry.regions():
        for job in region.store(KIND):
            if job.source_arn == model.arn and job.status(request.now) == "InProgress":
                # name the job only to its own account: another account's ARNs are not the caller's to see
                which = f"model copy job {job.arn}" if region.account_id == request.account_id else (
                    "a model copy job of an account the model is shared with"
                )
                return (
                    f"The custom model {model.name} cannot be deleted while {which} copies it; "
                    "delete it after the copy finishes."
                )
    return None


custom_models.IN_USE_CHECKS.append(_source_in_use)


# --- create ----------------------------------------------------------------------------------------
def _source(request: Request, arn: str) -> CustomModel:
    """The model to copy: the caller's own (any region) or one shared with the caller (any region)."""
    parts = parse_arn(arn)
    if parts is not None and parts.resource_type == "foundation-model":
        raise ServiceError(
            _behaviour.MODEL_COPY_FOUNDATION_SOURCE_CODE,
            f"The sourceModelArn {arn} names a foundation model; a model copy job copies custom models.",
        )
    model = custom_models.resolve_arn(request, arn)
    if (
        model is None
        or parts is None
        or parts.partition != request.partition
        or (
            model.owner_account != request.account_id
            and request.account_id not in custom_models.shares(request).get(arn, ())
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


@operation("CreateModelCopyJob")
def create_model_copy_job(request: Request) -> dict[str, Any]:
    """Start copying a custom model into the caller's region; every check runs before anything is stored."""
    replayed = request.replay()
    if replayed is not None:
        return replayed
    params = request.params
    source_arn = params["sourceModelArn"]
    source = _source(request, source_arn)
    target_name = params["targetModelName"]
    custom_models.check_name_free(request, target_name, _behaviour.MODEL_COPY_DUPLICATE_TARGET_NAME_CODE)
    target_tags = tags_from(request, "targetModelTags", target_name)
    family = source.arn.split("/")[1]  # `imported` or the base variant, as in the source's ARN

    # Everything is valid: from here on the request takes effect.
    now = request.now
    arn = request.arn(f"model-copy-job/{request.new_id()}")
    job = CopyJob(arn, target_name, now)
    job.spec = clone(params)
    job.source_arn = source.arn
    job.source_account = source.owner_account
    job.source_name = source.name
    job.source = _snapshot(source)
    job.target_arn = request.arn(f"custom-model/{family}/{request.new_id()}")
    job.target_tags = target_tags
    key = params.get("modelKmsKeyId")
    if key is not None:
        job.kms_key_arn = kms_key_arn(request.partition, request.region_name, request.account_id, key)
    end_state = "Completed"
    outcome = request.take_outcome(KIND, target_name)
    if outcome is not None and outcome[0] == "Failed":
        end_state = "Failed"
        job.failure_message = outcome[1] or _FAILED
    job.timeline.then(now + request.duration(KIND), end_state)
    request.store(KIND).add(job)
    custom_models.reserve_name(request.region, target_name, arn)
    request.scheduler.at(job.timeline.final[0], _on_end, request.region, job)
    output = {"jobArn": arn}
    request.remember(job.spec, output)
    return output


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
    arn = request.params["jobArn"]
    job: CopyJob | None = request.store(KIND).by_arn(arn)
    if job is None:
        raise not_found(f"Could not find model copy job {shown(arn)}.")
    return _describe(job, request.now)


@operation("ListModelCopyJobs")
def list_model_copy_jobs(request: Request) -> dict[str, Any]:
    """Copy jobs filtered by status, source account, source model, target name and time; paginated."""
    params = request.params
    now = request.now
    match = filters(
        params,
        now,
        name_member="targetModelNameContains",  # `outputModelNameContains` on the wire
        equals={
            "sourceAccountEquals": lambda job: job.source_account,
            "sourceModelArnEquals": lambda job: job.source_arn,
        },
    )
    store = request.store(KIND)
    return paginate(
        request, store.keys, store.items, "modelCopyJobSummaries", lambda j: _describe(j, now), match
    )
