"""Model customization jobs: Create / Get / List / StopModelCustomizationJob.

Lifecycle (durations: ``set_duration("model_customization_job", s)`` and ``"stop"``)::

    InProgress --(validation -> data processing -> training)--> Completed   (the custom model appears)
        |                                        \\-------------> Failed      (set_outcome; mid-training)
        \\--(StopModelCustomizationJob)--> Stopping --> Stopped
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import re
import zlib
from typing import Any

from .. import _behaviour
from .._arns import kms_key_arn, parse_arn
from .._data import clone
from .._lifecycle import Timeline, stop
from .._operations import Request, ResourceKind, operation, register_kind
from .._pagination import filters, paginate
from .._registry import RegionState
from .._store import Resource
from .._tags import taggable, tags_from
from ..errors import ServiceError, not_found, shown, validation, validation_errors
from . import _hyperparameters, custom_models, foundation_models
from .custom_models import CustomModel

KIND = "model_customization_job"
TERMINAL = frozenset(("Completed", "Failed", "Stopped"))
taggable("model-customization-job", KIND)


class CustomizationJob(Resource):
    """One customization job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = (
        "base_model_arn",
        "custom_base",
        "customization_type",
        "duration",
        "failure_message",
        "kms_key_arn",
        "model_tags",
        "output_model_arn",
        "progress",
        "spec",
        "timeline",
        "variant_id",
    )

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags)
        self.spec: dict[str, Any] = {}
        self.variant_id = ""
        self.base_model_arn = ""
        self.custom_base: CustomModel | None = None
        self.customization_type = "FINE_TUNING"
        self.kms_key_arn: str | None = None
        self.model_tags: dict[str, str] | None = None
        self.duration = _dt.timedelta(0)  # the planned run (shared object: see Request.duration)
        self.timeline = Timeline(created, "InProgress")
        self.failure_message: str | None = None
        self.output_model_arn: str | None = None
        # (valid until, valid from, summary): the list summary, cached until the job next changes
        self.progress: tuple[_dt.datetime, _dt.datetime, dict[str, Any]] | None = None

    def status(self, now: _dt.datetime) -> str:
        """``status`` at ``now``."""
        return self.timeline.status_at(now)

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
def _plan(start: _dt.datetime, total: _dt.timedelta) -> tuple[_dt.datetime, ...]:
    bounds = [start]
    for _, share in _behaviour.CUSTOMIZATION_PHASES:
        bounds.append(bounds[-1] + total * share)
    return tuple(bounds)


def _failure_time(job: CustomizationJob) -> _dt.datetime:
    """A job told to fail fails halfway through training."""
    start, end = job.phases[-2:]
    return start + (end - start) / 2


def _schedule_end(request: Request, job: CustomizationJob) -> None:
    job.progress = None
    request.scheduler.at(job.timeline.final[0], _on_end, request.region, job)


def _on_end(at: _dt.datetime, region: RegionState, job: CustomizationJob) -> None:
    """Side effects of reaching a terminal state (a no-op if the timeline was rewritten since)."""
    timeline = job.timeline
    status = timeline[-1]
    if timeline[-2] != at or status not in TERMINAL or job.output_model_arn is not None:
        return  # rewritten since, or (a re-planned end at the same instant) already applied
    custom_models.release_name(region, job.spec["customModelName"], job.arn)
    if status == "Completed":
        _complete(at, region, job)


def _metrics(job: CustomizationJob) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Made-up but stable losses (derived from the ARN when read, so nothing is stored per job)."""
    rng = random.Random(zlib.crc32(job.arn.encode()))
    validators = job.spec.get("validationDataConfig", {}).get("validators", [])
    training = {"trainingLoss": round(rng.uniform(0.05, 0.9), 6)}
    return training, [{"validationLoss": round(rng.uniform(0.05, 1.2), 6)} for _ in validators]


#: Job id -> model id: a fixed permutation of the id alphabet, so the model's id differs from its job's
#: (as on AWS) yet costs nothing to make (settling thousands of finished jobs stays fast).
_MODEL_ID = str.maketrans("abcdefghijklmnopqrstuvwxyz0123456789", "k3x9qf0b7mzt2vw8hj5cnrsa1ugp4ley6oid")


def _complete(at: _dt.datetime, region: RegionState, job: CustomizationJob) -> None:
    """The job finished: its custom model exists from now on (its details are read off the job)."""
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
    region.store(custom_models.KIND).add(model)
    job.output_model_arn = arn


def _apply_outcome(request: Request, job: CustomizationJob, status: str, message: str | None) -> bool:
    at = _failure_time(job) if status == "Failed" else job.phases[-1]
    if not job.timeline.replan_end(request.now, "InProgress", at, status):
        return False
    job.failure_message = (message or "The job failed (bedrock_fake.set_outcome).") if status == "Failed" else None
    _schedule_end(request, job)
    return True


register_kind(ResourceKind(KIND, ("Completed", "Failed"), _apply_outcome))


def _status_details(job: CustomizationJob, now: _dt.datetime) -> tuple[dict[str, Any], _dt.datetime]:
    """``statusDetails`` at ``now``, and the job's ``lastModifiedTime``."""
    steps = job.timeline.steps
    halt_at, halt = (steps[1][0], steps[1][1]) if len(steps) > 1 and steps[1][1] != "Completed" else (None, None)
    stopped_at = steps[2][0] if len(steps) > 2 else None
    last_modified = job.timeline.changed_at(now)
    details: dict[str, Any] = {}
    phases = job.phases
    for i, (member, _) in enumerate(_behaviour.CUSTOMIZATION_PHASES):
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
            custom = custom_models.find(request, identifier)
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


def _check_customization_config(params: dict[str, Any], customization_type: str) -> None:
    config = params.get("customizationConfig") or {}
    distillation = config.get("distillationConfig")
    if customization_type == "DISTILLATION":
        if distillation is None:
            raise validation("customizationConfig.distillationConfig is required for DISTILLATION jobs.")
        teacher_id = distillation["teacherModelConfig"]["teacherModelIdentifier"]
        model_id = teacher_id
        if teacher_id.startswith("arn:") and ":inference-profile/" in teacher_id:
            # system inference profile: <geo>.<model id>
            model_id = teacher_id.split(":inference-profile/", 1)[1].split(".", 1)[-1]
        teacher = foundation_models.lookup(model_id)
        if teacher is None or not foundation_models.is_teacher(teacher):
            raise validation(
                f"The model {teacher_id} at 'customizationConfig.distillationConfig.teacherModelConfig."
                "teacherModelIdentifier' is not supported as a distillation teacher."
            )
    elif distillation is not None:
        raise validation(f"customizationConfig.distillationConfig is only valid for DISTILLATION jobs, "
                         f"not {customization_type}.")
    rft = config.get("rftConfig")
    if customization_type == "REINFORCEMENT_FINE_TUNING":
        # A reinforcement fine-tuning job scores its rollouts with a grader (a Lambda function): without
        # one there is nothing to learn from (the model marks neither member required; choice [U]).
        if rft is None or rft.get("graderConfig") is None:
            raise validation(
                "customizationConfig.rftConfig.graderConfig is required for REINFORCEMENT_FINE_TUNING jobs."
            )
    elif rft is not None:
        raise validation(f"customizationConfig.rftConfig is only valid for REINFORCEMENT_FINE_TUNING jobs, "
                         f"not {customization_type}.")


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _hyperparameter_problems(name: str, value: str, row: _hyperparameters.Row, variant_id: str) -> list[str]:
    kind, lo, hi, _ = row
    path = f"hyperParameters.{shown(name, 64)}"
    where = f"Value '{shown(value)}' at '{path}' failed to satisfy constraint"
    if value in _hyperparameters.SPECIAL_VALUES.get((variant_id, name), ()):
        return []
    number: float
    if kind == "integer":
        if not _INTEGER.fullmatch(value.strip()):
            return [f"{where}: Member must be an integer"]
        number = int(value)
    else:
        try:
            number = float(value)
        except ValueError:
            return [f"{where}: Member must be a number"]
        if not math.isfinite(number):
            return [f"{where}: Member must be a number"]
    if number < lo:
        return [f"{where}: Member must have value greater than or equal to {_bound(kind, lo)}"]
    if number > hi:
        return [f"{where}: Member must have value less than or equal to {_bound(kind, hi)}"]
    return []


def _bound(kind: str, value: float) -> str:
    return str(int(value)) if kind == "integer" else repr(float(value))


def _check_hyperparameters(params: dict[str, Any], variant_id: str, customization_type: str) -> None:
    """The base model's hyperparameters: known names, numbers of the right type, in range (the
    tables in ``_hyperparameters``; all problems in one ValidationException, in AWS's grammar)."""
    table = _hyperparameters.HYPERPARAMETERS.get(variant_id, {}).get(customization_type)
    if table is None:
        return  # distillation, reinforcement fine-tuning, or a model without a documented table
    given: dict[str, str] = params.get("hyperParameters") or {}
    errors: list[str] = []
    for name, value in given.items():
        row = table.get(name)
        if row is None:
            errors.append(
                f"Value '{shown(name, 64)}' at 'hyperParameters' failed to satisfy constraint: {shown(name, 64)} "
                f"is not a hyperparameter of {variant_id} for {customization_type} (it takes "
                f"{', '.join(sorted(table))})"
            )
            continue
        errors += _hyperparameter_problems(name, value, row, variant_id)
    for name, row in table.items():
        if row[3] and name not in given:
            errors.append(
                f"Value null at 'hyperParameters.{name}' failed to satisfy constraint: Member must not be null"
            )
    if errors:
        raise validation_errors(errors)


@operation("CreateModelCustomizationJob")
def create_model_customization_job(request: Request) -> dict[str, Any]:
    """Start a job; every check runs before anything is stored."""
    replayed = request.replay()
    if replayed is not None:
        return replayed
    params = request.params
    store = request.store(KIND)
    name = params["jobName"]
    if store.by_name(name) is not None:
        raise ServiceError(_behaviour.DUPLICATE_JOB_NAME_CODE, "The provided job name is currently in use.")
    customization_type = params.get("customizationType", "FINE_TUNING")
    if customization_type == "IMPORTED":
        raise validation("customizationType IMPORTED is for CreateCustomModel, not for customization jobs.")
    training = params["trainingDataConfig"]
    if training.get("s3Uri") is None and training.get("invocationLogsConfig") is None:
        raise validation("trainingDataConfig needs s3Uri or invocationLogsConfig.")
    variant_id, base_arn, custom_base = _resolve_base(request, params["baseModelIdentifier"], customization_type)
    _check_customization_config(params, customization_type)
    _check_hyperparameters(params, variant_id, customization_type)
    model_name = params["customModelName"]
    custom_models.check_name_free(request, model_name)
    arn = request.arn(f"model-customization-job/{variant_id}/{request.new_id()}")
    tags = tags_from(request, "jobTags", arn)
    model_tags = tags_from(request, "customModelTags", model_name)

    # Everything is valid: from here on the request takes effect.
    now = request.now
    job = CustomizationJob(arn, name, now, tags)
    job.spec = clone(params)
    job.variant_id, job.base_model_arn, job.custom_base = variant_id, base_arn, custom_base
    job.customization_type = customization_type
    job.model_tags = model_tags or None
    key = params.get("customModelKmsKeyId")
    if key is not None:
        job.kms_key_arn = kms_key_arn(request.partition, request.region_name, request.account_id, key)
    job.duration = request.duration(KIND)
    outcome = request.take_outcome(KIND, name, model_name)
    if outcome is not None and outcome[0] == "Failed":
        job.failure_message = outcome[1] or "The job failed (bedrock_fake.set_outcome)."
        job.timeline.then(_failure_time(job), "Failed")
    else:
        job.timeline.then(job.phases[-1], "Completed")
    store.add(job)
    custom_models.reserve_name(request.region, model_name, arn)
    _schedule_end(request, job)
    output = {"jobArn": arn}
    request.remember(job.spec, output)
    return output


# --- read ------------------------------------------------------------------------------------------
def _get(request: Request) -> CustomizationJob:
    identifier = request.params["jobIdentifier"]
    job: CustomizationJob | None = request.store(KIND).find(identifier)
    if job is None:
        raise not_found(f"Could not find model customization job {shown(identifier)}.")
    return job


@operation("GetModelCustomizationJob")
def get_model_customization_job(request: Request) -> dict[str, Any]:
    """A job by name or ARN, as it stands at the fake's current time."""
    job = _get(request)
    now = request.now
    spec = job.spec
    status = job.status(now)
    details, last_modified = _status_details(job, now)
    out: dict[str, Any] = {"jobArn": job.arn, "jobName": job.name, "outputModelName": spec["customModelName"]}
    if status == "Completed":
        out["outputModelArn"] = job.output_model_arn
    if "clientRequestToken" in spec:
        out["clientRequestToken"] = spec["clientRequestToken"]
    out["roleArn"] = spec["roleArn"]
    out["status"] = status
    out["statusDetails"] = details
    if status == "Failed":
        out["failureMessage"] = job.failure_message
    out["creationTime"] = job.created
    out["lastModifiedTime"] = last_modified
    if status in TERMINAL:
        out["endTime"] = job.timeline.final[0]
    out["baseModelArn"] = job.base_model_arn
    out["hyperParameters"] = clone(spec.get("hyperParameters", {}))
    out["trainingDataConfig"] = clone(spec["trainingDataConfig"])
    out["validationDataConfig"] = clone(spec.get("validationDataConfig", {"validators": []}))
    out["outputDataConfig"] = clone(spec["outputDataConfig"])
    out["customizationType"] = job.customization_type
    if job.kms_key_arn is not None:
        out["outputModelKmsKeyArn"] = job.kms_key_arn
    if status == "Completed":
        out["trainingMetrics"], out["validationMetrics"] = _metrics(job)
    if "vpcConfig" in spec:
        out["vpcConfig"] = clone(spec["vpcConfig"])
    if "customizationConfig" in spec:
        out["customizationConfig"] = clone(spec["customizationConfig"])
    return out


_FOREVER = _dt.datetime.max.replace(tzinfo=_dt.timezone.utc)


def _next_change(job: CustomizationJob, now: _dt.datetime) -> _dt.datetime:
    """When anything a summary shows changes next (a timeline step or, while running, a sub-task)."""
    upcoming = [at for at, _ in job.timeline.steps if at > now]
    if job.status(now) == "InProgress":
        upcoming += [at for at in job.phases if at > now]
    return min(upcoming, default=_FOREVER)


def _summary(job: CustomizationJob, now: _dt.datetime) -> dict[str, Any]:
    """A list summary; cached on the job until it next changes (list pages are the hot path)."""
    cached = job.progress
    if cached is not None and cached[1] <= now < cached[0]:
        summary = cached[2]
        if job.customization_type in _behaviour.LIST_STATUS_DETAILS_FOR:
            return clone(summary)  # type: ignore[no-any-return]
        return summary.copy()  # flat: every value is immutable
    status = job.status(now)
    details, last_modified = _status_details(job, now)
    out: dict[str, Any] = {
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
        out["endTime"] = job.timeline.final[0]
        if status == "Completed":
            out["customModelArn"] = job.output_model_arn
    if job.customization_type in _behaviour.LIST_STATUS_DETAILS_FOR:
        out["statusDetails"] = details
    job.progress = (_next_change(job, now), last_modified, out)
    return clone(out)  # type: ignore[no-any-return]


@operation("ListModelCustomizationJobs")
def list_model_customization_jobs(request: Request) -> dict[str, Any]:
    """Jobs filtered by status, name and creation time, sorted, paginated."""
    params = request.params
    now = request.now
    store = request.store(KIND)
    render = lambda job: _summary(job, now)  # noqa: E731 - a one-line renderer reads best here
    return paginate(request, store.keys, store.items, "modelCustomizationJobSummaries", render, filters(params, now))


@operation("StopModelCustomizationJob")
def stop_model_customization_job(request: Request) -> dict[str, Any]:
    """InProgress -> Stopping -> Stopped; any other status is a conflict."""
    job = _get(request)
    stop(job.timeline, request.now, request.duration("stop"), f"model customization job {job.name}")
    _schedule_end(request, job)
    return {}
