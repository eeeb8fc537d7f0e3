"""Model customization jobs: Create / Get / List / StopModelCustomizationJob.

Lifecycle (durations: ``set_duration("model_customization_job", s)`` and ``"stop"``)::

    InProgress --(validation -> data processing -> training)--> Completed   (the custom model appears)
        |                                        \\-------------> Failed      (set_outcome; mid-training)
        \\--(StopModelCustomizationJob)--> Stopping --> Stopped
"""

from __future__ import annotations

import bisect
import datetime as _dt
import random
import zlib
from collections.abc import Sequence
from typing import Any

from .._arns import parse_arn
from .._choices import choice, duration, note
from .._create import Plan, Unique
from .._data import clone
from .._family import Family
from .._lifecycle import Lifecycle, Tracked
from .._names import Hold
from .._operations import operation
from .._registry import RegionState
from .._request import Request
from .._tags import tags_from
from .._views import View
from ..errors import not_found, shown, validation
from . import _customization_config, _hyperparameters, custom_models, foundation_models
from .custom_models import CustomModel

_SECTION = "Model customization jobs"
DURATION = duration(
    "model_customization_job", 40 * 60, "InProgress → Completed (validation → data processing → training)",
    ref="§6.5",
)
DUPLICATE_JOB_NAME_CODE = choice(
    "DUPLICATE_JOB_NAME_CODE", "ValidationException",
    'error for a second customization job with a used `jobName` (any status; text "The provided job name is '
    'currently in use.")',
    section=_SECTION, ref="§6.1", shown="`ValidationException`",
)
CUSTOMIZATION_PHASES = choice(
    "CUSTOMIZATION_PHASES",
    (("validationDetails", 0.05), ("dataProcessingDetails", 0.15), ("trainingDetails", 0.80)),
    "shares of a customization job's run taken by the `statusDetails` sub-tasks; each runs InProgress → "
    "Completed before the next starts, later ones are NotStarted",
    section=_SECTION, ref="§6.5", shown="validation 5 %, data processing 15 %, training 80 %",
)
LIST_STATUS_DETAILS_FOR = choice(
    "LIST_STATUS_DETAILS_FOR", frozenset({"DISTILLATION"}),
    'customization types whose ListModelCustomizationJobs summaries carry `statusDetails` (the model documents '
    'sub-task statuses "for a Distillation job"; GetModelCustomizationJob always carries them)',
    section=_SECTION, ref="§6.3", shown="`DISTILLATION`",
)
TERMINAL = frozenset(("Completed", "Failed", "Stopped"))
note(_SECTION, "`hyperParameters` are checked per base model and customization type against the tables in "
     "`bedrock_fake/resources/_hyperparameters.py` (AWS's user-guide pages): unknown names, values that are not "
     "numbers of the right type, and values out of range are ValidationExceptions in the standard grammar "
     "(`Value 'banana' at 'hyperParameters.epochCount' failed to satisfy constraint: Member must be an integer`). "
     "AWS's own wording for these is unpublished. Distillation and reinforcement fine-tuning jobs, and base models "
     "without a documented table, are not checked. Nova accepts `batchSize` 1, which AWS's samples send though the "
     "page lists three hyperparameters.")
note(_SECTION, "Unknown base model: ResourceNotFoundException; a base without the customization type: "
     "ValidationException; a job set to fail fails halfway through training; `outputModelArn` appears once the "
     "job is Completed; a trained model is `Active` from the moment it appears, with the `customModelTags`.")


class CustomizationJob(Tracked):
    """One customization job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = (
        "base_model_arn",
        "custom_base",
        "customization_type",
        "kms_key_arn",
        "model_tags",
        "output_model_arn",
        "progress",
        "spec",
        "variant_id",
    )

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "InProgress")
        self.spec: dict[str, Any] = {}
        self.variant_id = ""
        self.base_model_arn = ""
        self.custom_base: CustomModel | None = None
        self.customization_type = "FINE_TUNING"
        self.kms_key_arn: str | None = None
        self.model_tags: dict[str, str] | None = None
        self.output_model_arn: str | None = None
        # What reads show of the job, kept until it next changes (reads are the hot path)
        self.progress: View | None = None

    @property
    def phases(self) -> tuple[_dt.datetime, ...]:
        """Start of each sub-task, then the planned end (derived, not stored: memory per job)."""
        return _plan(self.created, self.duration)

    def model_details(self) -> dict[str, Any]:
        """What the custom model this job produced mirrors of it (read-only views; callers clone)."""
        spec = self.spec
        training, validation = _metrics(self)
        details: dict[str, Any] = {
            "hyperParameters": spec.get("hyperParameters", {}),
            "trainingDataConfig": spec["trainingDataConfig"],
            "validationDataConfig": spec.get("validationDataConfig", {"validators": []}),
            "outputDataConfig": spec["outputDataConfig"],
            "trainingMetrics": training,
            "validationMetrics": validation,
        }
        if "customizationConfig" in spec:
            details["customizationConfig"] = spec["customizationConfig"]
        return details


# --- lifecycle -------------------------------------------------------------------------------------
_OFFSETS: dict[tuple[_dt.timedelta, Any], tuple[_dt.timedelta, ...]] = {}


def _offsets(total: _dt.timedelta) -> tuple[_dt.timedelta, ...]:
    """When each sub-task starts after the job does, then the run's end (cached: few distinct durations)."""
    shares: Any = CUSTOMIZATION_PHASES.value
    try:
        offsets = _OFFSETS.get((total, shares))
    except TypeError:  # a test set lists instead of tuples: a hashable copy
        shares = tuple((member, share) for member, share in shares)
        offsets = _OFFSETS.get((total, shares))
    if offsets is None:
        bounds = [_dt.timedelta(0)]
        for _, share in shares:
            bounds.append(bounds[-1] + total * share)
        offsets = _OFFSETS[(total, shares)] = tuple(bounds)
    return offsets


def _plan(start: _dt.datetime, total: _dt.timedelta) -> tuple[_dt.datetime, ...]:
    return tuple([start + offset for offset in _offsets(total)])


def _failure_time(job: CustomizationJob) -> _dt.datetime:
    """A job told to fail fails halfway through training."""
    start, end = job.phases[-2:]
    return start + (end - start) / 2


def _metrics(job: CustomizationJob) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Made-up but stable losses (derived from the ARN when read, so nothing is stored per job)."""
    rng = random.Random(zlib.crc32(job.arn.encode()))
    validators = job.spec.get("validationDataConfig", {}).get("validators", [])
    training = {"trainingLoss": round(rng.uniform(0.05, 0.9), 6)}
    return training, [{"validationLoss": round(rng.uniform(0.05, 1.2), 6)} for _ in validators]


#: Job id -> model id: a fixed permutation of the id alphabet, so the model's id differs from its job's
#: (as on AWS) yet costs nothing to make (settling thousands of finished jobs stays fast).
_MODEL_ID = str.maketrans("abcdefghijklmnopqrstuvwxyz0123456789", "k3x9qf0b7mzt2vw8hj5cnrsa1ugp4ley6oid")


def _complete(region: RegionState, job: CustomizationJob, status: str, at: _dt.datetime) -> None:
    """The job ended; if it completed, its custom model exists from now on (its details are read off the job)."""
    if status != "Completed":
        return
    spec = job.spec
    model_id = job.arn[-12:].translate(_MODEL_ID)  # a job ARN ends with its 12-character id
    arn = f"arn:{region.partition}:bedrock:{region.region}:{region.account_id}:custom-model/{job.variant_id}/{model_id}"
    base = job.custom_base
    model = CustomModel.trained(
        arn,
        spec["customModelName"],
        job.created,  # a trained model's creationTime is its job's
        region.account_id,
        job,
        job.base_model_arn if base is None else base.arn,
        job.base_model_arn if base is None else base.foundation_model_arn,
        dict(job.model_tags) if job.model_tags else None,
    )
    region.store(custom_models.MODELS.kind).add(model)
    job.output_model_arn = arn


def _forget_summary(job: CustomizationJob) -> None:
    job.progress = None


JOBS = Family[CustomizationJob](
    "model_customization_job",
    "model customization job",
    arn_type="model-customization-job",
    taggable=True,
    lifecycle=Lifecycle(
        running="InProgress",
        outcomes=("Completed", "Failed"),
        duration=DURATION.name,
        failure_message="The job failed (bedrock_fake.set_outcome).",
        fail_at=_failure_time,
        stoppable=("InProgress",),
        on_end=_complete,
        on_rewrite=_forget_summary,
    ),
    holds=(Hold(custom_models.NAMES, lambda job: job.spec["customModelName"]),),
)


def _status_details(job: CustomizationJob, now: _dt.datetime) -> tuple[dict[str, Any], _dt.datetime]:
    """``statusDetails`` at ``now``, and the job's ``lastModifiedTime`` (``_bounds`` gives the same without
    the details)."""
    timeline = job.timeline
    # Where the run stopped short of completing: it failed, or it was stopped (Stopping, then Stopped).
    failed_at, stopping_at, stopped_at = timeline.when("Failed"), timeline.when("Stopping"), timeline.when("Stopped")
    halt_at, halt = (failed_at, "Failed") if failed_at is not None else (stopping_at, "Stopping")
    last_modified = timeline.changed_at(now)
    details: dict[str, Any] = {}
    phases = job.phases
    for i, (member, _) in enumerate(CUSTOMIZATION_PHASES.value):
        start, end = phases[i], phases[i + 1]
        if now < start or (halt_at is not None and start >= halt_at):
            details[member] = {"status": "NotStarted", "creationTime": job.created, "lastModifiedTime": job.created}
            continue
        if halt_at is None or halt_at >= end:
            status, changed = ("InProgress", start) if now < end else ("Completed", end)
        elif now < halt_at:
            status, changed = "InProgress", start
        elif halt == "Failed":
            status, changed = "Failed", halt_at
        elif stopped_at is not None and now >= stopped_at:
            status, changed = "Stopped", stopped_at
        else:
            status, changed = "Stopping", halt_at
        details[member] = {"status": status, "creationTime": start, "lastModifiedTime": changed}
        last_modified = max(last_modified, changed)
    return details, last_modified


# --- create ----------------------------------------------------------------------------------------
def _resolve_base(request: Request, identifier: str, customization_type: str) -> tuple[str, str, CustomModel | None]:
    """(foundation-model variant id, its ARN, the custom model being customized further, if any)."""
    custom = None
    entry = foundation_models.lookup(identifier)
    if entry is None:
        parts = parse_arn(identifier) if identifier.startswith("arn:") else None
        if parts is None or parts.resource_type == "custom-model":
            custom = custom_models.MODELS.find(request, identifier)
        if custom is None:
            raise not_found(f"Could not find base model {shown(identifier)}.")
        if custom.owner_account != request.account_id:
            raise validation(
                f"The custom model {identifier} is shared with this account; copy it with CreateModelCopyJob "
                "before customizing it."
            )
        if custom.status(request.now) != "Active":
            raise validation(f"The custom model {identifier} is not Active, so it cannot be customized.")
        entry = foundation_models.CATALOG.get(custom.variant_id)
        if entry is None:
            raise validation(f"The custom model {identifier} cannot be customized further.")
    variant = foundation_models.customizable_variant(entry, customization_type)
    if variant is None:
        raise validation(
            f"The base model {identifier} does not support customization type {customization_type}."
        )
    variant_id = str(variant["modelId"])
    arn = foundation_models.foundation_model_arn(request.partition, request.region_name, variant_id)
    return variant_id, arn, custom


@JOBS.creates(
    "CreateModelCustomizationJob",
    unique=Unique("jobName", DUPLICATE_JOB_NAME_CODE, lambda name: "The provided job name is currently in use."),
)
def create_model_customization_job(request: Request) -> Plan[CustomizationJob]:
    """Start a job (it holds its custom model's name until it ends)."""
    params = request.params
    name = params["jobName"]
    customization_type = params.get("customizationType", "FINE_TUNING")
    if customization_type == "IMPORTED":
        raise validation("customizationType IMPORTED is for CreateCustomModel, not for customization jobs.")
    training = params["trainingDataConfig"]
    if training.get("s3Uri") is None and training.get("invocationLogsConfig") is None:
        raise validation("trainingDataConfig needs s3Uri or invocationLogsConfig.")
    variant_id, base_arn, custom_base = _resolve_base(request, params["baseModelIdentifier"], customization_type)
    _customization_config.check(request, customization_type)
    _hyperparameters.check(params, variant_id, customization_type)
    model_name = params["customModelName"]
    custom_models.NAMES.check_free(request, model_name, custom_models.DUPLICATE_MODEL_NAME_CODE.value)
    arn = request.arn(f"model-customization-job/{variant_id}/{request.new_id()}")
    job = CustomizationJob(arn, name, request.now, tags_from(request, "jobTags", arn))
    job.model_tags = tags_from(request, "customModelTags", model_name) or None
    job.spec = clone(params)
    job.variant_id, job.base_model_arn, job.custom_base = variant_id, base_arn, custom_base
    job.customization_type = customization_type
    job.kms_key_arn = request.kms_key_arn("customModelKmsKeyId")
    return Plan(job, {"jobArn": arn}, names=(name, model_name), spec=job.spec)


# --- read ------------------------------------------------------------------------------------------
_FOREVER = _dt.datetime.max.replace(tzinfo=_dt.timezone.utc)


def _bounds(job: CustomizationJob, now: _dt.datetime, status: str) -> tuple[_dt.datetime, _dt.datetime]:
    """The job's ``lastModifiedTime`` at ``now`` (as ``_status_details`` gives it) and when what reads show
    next changes (a timeline step or, while running, a sub-task), without building the sub-task details."""
    timeline = job.timeline
    halt = timeline.when("Failed") or timeline.when("Stopping")  # sub-tasks stop changing there
    reached = now if halt is None or halt > now else halt
    offsets = _offsets(job.duration)
    i = bisect.bisect_right(offsets, reached - job.created) - 1  # the last sub-task boundary passed
    last_modified = timeline.changed_at(now)
    if i >= 0:
        last_modified = max(last_modified, job.created + offsets[i])
    upcoming = [at for at in timeline[::2] if at > now]
    if status == "InProgress" and i + 1 < len(offsets):
        upcoming.append(job.created + offsets[i + 1])
    return last_modified, min(upcoming, default=_FOREVER)


def _view(job: CustomizationJob, now: _dt.datetime) -> View:
    """The job's reads at ``now`` (made once per change of the job, then reused)."""
    view = job.progress
    if view is not None and view.holds_at(now):
        return view
    status = job.status(now)
    last_modified, until = _bounds(job, now, status)
    summary: dict[str, Any] = {
        "jobArn": job.arn,
        "baseModelArn": job.base_model_arn,
        "jobName": job.name,
        "status": status,
        "lastModifiedTime": last_modified,
        "creationTime": job.created,
        "customModelName": job.spec["customModelName"],
        "customizationType": job.customization_type,
    }
    if status in TERMINAL:
        summary["endTime"] = job.timeline.final[0]
        if status == "Completed":
            summary["customModelArn"] = job.output_model_arn
    if job.customization_type in LIST_STATUS_DETAILS_FOR.value:
        summary["statusDetails"] = _status_details(job, now)[0]
    view = job.progress = View(last_modified, until, summary)
    return view


def _get_answer(job: CustomizationJob, view: View, now: _dt.datetime) -> dict[str, Any]:
    """GetModelCustomizationJob's answer for the job as ``view`` shows it at ``now``."""
    spec = job.spec
    status = view.summary["status"]
    out: dict[str, Any] = {"jobArn": job.arn, "jobName": job.name, "outputModelName": spec["customModelName"]}
    if status == "Completed":
        out["outputModelArn"] = job.output_model_arn
    if "clientRequestToken" in spec:
        out["clientRequestToken"] = spec["clientRequestToken"]
    out["roleArn"] = spec["roleArn"]
    out["status"] = status
    out["statusDetails"] = _status_details(job, now)[0]
    if status == "Failed":
        out["failureMessage"] = job.failure_message
    out["creationTime"] = job.created
    out["lastModifiedTime"] = view.since
    if status in TERMINAL:
        out["endTime"] = job.timeline.final[0]
    out["baseModelArn"] = job.base_model_arn
    out["hyperParameters"] = spec.get("hyperParameters", {})
    out["trainingDataConfig"] = spec["trainingDataConfig"]
    out["validationDataConfig"] = spec.get("validationDataConfig", {"validators": []})
    out["outputDataConfig"] = spec["outputDataConfig"]
    out["customizationType"] = job.customization_type
    if job.kms_key_arn is not None:
        out["outputModelKmsKeyArn"] = job.kms_key_arn
    if status == "Completed":
        out["trainingMetrics"], out["validationMetrics"] = _metrics(job)
    if "vpcConfig" in spec:
        out["vpcConfig"] = spec["vpcConfig"]
    if "customizationConfig" in spec:
        out["customizationConfig"] = spec["customizationConfig"]
    return out


@operation("GetModelCustomizationJob")
def get_model_customization_job(request: Request) -> dict[str, Any]:
    """A job by name or ARN, as it stands at the fake's current time."""
    job = JOBS.get(request, request.params["jobIdentifier"])
    now = request.now
    view = _view(job, now)
    # the answer shares the stored spec's dicts: it is only ever handed out as copies
    return view.answer(_get_answer, job, view, now)


def _page(jobs: Sequence[CustomizationJob], now: _dt.datetime) -> list[dict[str, Any]]:
    """The summaries of a list page (copies: the views keep the originals)."""
    page: list[dict[str, Any]] = []
    append = page.append
    for job in jobs:
        view = job.progress
        if view is None or not view.since <= now < view.until:  # View.holds_at, inlined: once per row
            view = _view(job, now)
        summary = view.summary
        append(clone(summary) if "statusDetails" in summary else summary.copy())  # flat: immutable values
    return page


JOBS.lists("ListModelCustomizationJobs", "modelCustomizationJobSummaries", page=_page)


@operation("StopModelCustomizationJob")
def stop_model_customization_job(request: Request) -> dict[str, Any]:
    """InProgress -> Stopping -> Stopped; any other status is a conflict."""
    job = JOBS.get(request, request.params["jobIdentifier"])
    JOBS.stop(request, job)
    return {}
