"""Batch inference: model invocation jobs (serving reference §5).

Operations: Create / Get / List / StopModelInvocationJob (and tagging of the job ARN).

Lifecycle (duration of the whole run: ``set_duration("model_invocation_job", s)``)::

    Submitted -> Validating -> Scheduled -> InProgress -> Completed
                                                     \\-> Failed / PartiallyCompleted   (set_outcome)
                              Scheduled -------------> Expired  (set_outcome: it never starts)
    any of the four running statuses --(Stop)--> Stopping -> Stopped

The fake reads no S3 files: input checks that AWS makes while Validating are not made, and the record
counters are not reported (there are no records). The choices AWS leaves open are declared below.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._choices import choice, duration, note
from .._create import Plan, Unique
from .._data import clone
from .._family import Family
from .._invocable import resolve
from .._lifecycle import Lifecycle, Tracked
from .._operations import operation
from .._request import Request
from .._tags import tags_from
from ..errors import not_found, shown, validation
from . import custom_models
from ._batch_inference_data import BATCH_MODELS

_SECTION = "Batch inference (model invocation jobs)"
DURATION = duration(
    "model_invocation_job", 10 * 60,
    "Submitted → Completed, the whole run (Airflow's operator waits 20 minutes by default)", ref="§5.5",
)
PHASE_STARTS = choice(
    "BATCH_JOB_PHASE_STARTS", (("Validating", 0.05), ("Scheduled", 0.15), ("InProgress", 0.3)),
    "when (share of the run) a batch job enters each status after Submitted",
    section=_SECTION, ref="§5.5, §12.1",
    shown="Validating 5%, Scheduled 15%, InProgress 30% (of 10 min: 30 s, 1.5 min, 3 min)",
)
DUPLICATE_NAME_CODE = choice(
    "DUPLICATE_BATCH_JOB_NAME_CODE", "ConflictException", "error for a used batch `jobName`",
    section=_SECTION, ref="§5.1, §12.2", shown="`ConflictException`",
)
DEFAULT_TIMEOUT_HOURS = choice(
    "BATCH_JOB_DEFAULT_TIMEOUT_HOURS", 24,
    "`timeoutDurationInHours` reported when the request has none (also sets `jobExpirationTime`: submit + timeout)",
    section=_SECTION, ref="§5.1, §5.2",
)
UNKNOWN_MODEL_CODE = choice(
    "BATCH_JOB_UNKNOWN_MODEL_CODE", "ResourceNotFoundException",
    "error for a `modelId` that names nothing (a model that exists but has no batch support: ValidationException)",
    section=_SECTION, ref="§5.1, §12.2", shown="`ResourceNotFoundException`",
)
MODEL_ID_ECHO = choice(
    "BATCH_JOB_MODEL_ID_ECHO", "as given",
    "`modelId` that Get and List answer: `as given` in the create request (an id, an ARN, a profile id), or "
    "`resolved` (the ARN of what it names); both fit the output shape",
    section=_SECTION, ref="§5.2, §12.5", shown="`as given`",
)
DEFAULT_INPUT_FORMAT = choice(
    "BATCH_JOB_DEFAULT_S3_INPUT_FORMAT", None,
    "the `s3InputFormat` Get and List fill into `inputDataConfig.s3InputDataConfig` when the request has none "
    "(None: nothing is added; the echo is the request's)",
    section=_SECTION, ref="§5.2, §12.5", shown="none added",
)
note(_SECTION, "`jobIdentifier` (Get, Stop) is the job ARN or its 12-character id, never the `jobName`: the model's "
     "pattern admits ids only, and a 12-character lowercase name such as `nightlyjob01` is looked up as an id (so it "
     "names nothing) (§3.2, §12.4).")
note(_SECTION, "The record counters (`totalRecordCount`, `processedRecordCount`, `successRecordCount`, "
     "`errorRecordCount`) are never reported: the fake reads no input records, so any count would be invented "
     "(§5.2, §12.1).")
note(_SECTION, "`endTime` appears once a job has ended (Completed, PartiallyCompleted, Failed, Stopped, Expired) and "
     "is when it ended; `lastModifiedTime` is the last status change; `jobExpirationTime` is `submitTime` plus the "
     "timeout (an Expired job: its `endTime`); `message` only on Failed (§5.2, §12.1).")
note(_SECTION, "Stop is accepted from Submitted, Validating, Scheduled and InProgress; Stopping and every end answer "
     "`STOP_NOT_RUNNING_CODE` (§5.4).")
note(_SECTION, "The model must support batch inference: the foundation models listed in "
     "`resources/_batch_inference_data.py` (the same in every Region; a context-window variant answers as its "
     "base), system or application inference profiles of them, or an Active custom model; another model that exists "
     "is ValidationException (§5.1, §12.3).")
TERMINAL = frozenset(("Completed", "Failed", "PartiallyCompleted", "Expired", "Stopped"))
RUNNING = ("Submitted", "Validating", "Scheduled", "InProgress")
#: what a batch job may run on (its modelId pattern admits these ARN types)
_BATCH_TYPES = ("foundation-model", "inference-profile", "application-inference-profile", "custom-model")


class InvocationJob(Tracked):
    """One batch inference job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = ("model_arn", "spec")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "Submitted")
        self.spec: dict[str, Any] = {}
        self.model_arn = ""  # the ARN of what modelId named at creation


def _find(request: Request, identifier: str) -> InvocationJob | None:
    """By ARN or by the 12-character job id (the model's identifier pattern has no names)."""
    store = request.region.store(JOBS.kind)
    arn = identifier if identifier.startswith("arn:") else request.arn(f"model-invocation-job/{identifier}")
    found: InvocationJob | None = store.by_arn(arn)
    return found


JOBS = Family[InvocationJob](
    "model_invocation_job",
    "batch inference job",
    arn_type="model-invocation-job",
    taggable=True,
    by_name=False,
    finder=_find,
    lifecycle=Lifecycle(
        running="InProgress",
        outcomes=("Completed", "Failed", "PartiallyCompleted", "Expired"),
        duration=DURATION.name,
        failure_message="The batch inference job failed (bedrock_fake.set_outcome).",
        stoppable=RUNNING,
        before=RUNNING[:3],
        instead_of_running=("Expired",),
    ),
)


def _base_id(model_id: str) -> str:
    """``amazon.nova-pro-v1:0:300k`` -> ``amazon.nova-pro-v1:0`` (a variant answers as its base)."""
    head, _, last = model_id.rpartition(":")
    return head if head and last.endswith("k") and last[:-1].isdigit() else model_id


def _check_model(request: Request, model_id: str) -> str:
    """The ARN of the model a batch job may run on, or the error for ``model_id``."""
    found = resolve(request, model_id)
    if found is None or found.arn_type not in _BATCH_TYPES:
        if request.code_if_modeled(UNKNOWN_MODEL_CODE.value) == "ResourceNotFoundException":
            raise not_found(f"Could not find model {shown(model_id)} (modelId).")
        raise validation(f"The model {shown(model_id)} does not exist (modelId).")
    if found.arn_type == "custom-model":
        model = custom_models.MODELS.find(request, model_id)
        if model is None or model.status(request.now) != "Active":
            raise validation(f"The custom model {shown(model_id)} is not Active, so it cannot run a batch job "
                             "(modelId).")
        return model.arn
    if found.model_id is None or _base_id(found.model_id) not in BATCH_MODELS:
        raise validation(
            f"The model {shown(model_id)} does not support batch inference (modelId). See 'Supported Regions and "
            "models for batch inference'."
        )
    return found.arn


@JOBS.creates(
    "CreateModelInvocationJob",
    unique=Unique("jobName", DUPLICATE_NAME_CODE,
                  lambda name: f"A batch inference job named {name} already exists (jobName)."),
)
def create_model_invocation_job(request: Request) -> Plan[InvocationJob]:
    """Submit a batch job: every check first, then the job (Submitted, its phases laid out)."""
    params = request.params
    model_arn = _check_model(request, params["modelId"])
    arn = request.arn(f"model-invocation-job/{request.new_id()}")
    job = InvocationJob(arn, params["jobName"], request.now, tags_from(request, "tags", params["jobName"]))
    job.spec = clone(params)
    job.model_arn = model_arn
    run = request.duration(DURATION.name)
    for status, share in PHASE_STARTS.value:
        job.timeline.then(job.created + run * share, status)
    return Plan(job, {"jobArn": arn}, names=(job.name,), spec=job.spec)


def _render(job: InvocationJob, now: _dt.datetime) -> dict[str, Any]:
    """A job as Get answers it (list summaries carry the same members)."""
    spec = job.spec
    status = job.status(now)
    hours = spec.get("timeoutDurationInHours", DEFAULT_TIMEOUT_HOURS.value)
    model_id = spec["modelId"] if MODEL_ID_ECHO.value == "as given" else job.model_arn
    out: dict[str, Any] = {"jobArn": job.arn, "jobName": job.name, "modelId": model_id}
    if "clientRequestToken" in spec:
        out["clientRequestToken"] = spec["clientRequestToken"]
    out["roleArn"] = spec["roleArn"]
    out["status"] = status
    if status == "Failed":
        out["message"] = job.failure_message
    out["submitTime"] = job.created
    out["lastModifiedTime"] = job.timeline.changed_at(now)
    if status in TERMINAL:
        out["endTime"] = job.timeline.final[0]
    out["inputDataConfig"] = clone(spec["inputDataConfig"])
    s3_input = out["inputDataConfig"].get("s3InputDataConfig")
    if DEFAULT_INPUT_FORMAT.value is not None and s3_input is not None:
        s3_input.setdefault("s3InputFormat", DEFAULT_INPUT_FORMAT.value)
    out["outputDataConfig"] = clone(spec["outputDataConfig"])
    if "vpcConfig" in spec:
        out["vpcConfig"] = clone(spec["vpcConfig"])
    out["timeoutDurationInHours"] = hours
    # an Expired job expired when it ended (it never started); any other expires after its timeout
    out["jobExpirationTime"] = out["endTime"] if status == "Expired" else job.created + _dt.timedelta(hours=hours)
    if "modelInvocationType" in spec:
        out["modelInvocationType"] = spec["modelInvocationType"]
    return out


@operation("GetModelInvocationJob")
def get_model_invocation_job(request: Request) -> dict[str, Any]:
    """A job by id or ARN, as it stands at the fake's current time."""
    return _render(JOBS.get(request, request.params["jobIdentifier"]), request.now)


JOBS.lists("ListModelInvocationJobs", "invocationJobSummaries", _render,
           time_members=("submitTimeAfter", "submitTimeBefore"))


@operation("StopModelInvocationJob")
def stop_model_invocation_job(request: Request) -> dict[str, Any]:
    """Stop a job that has not ended: Stopping now, Stopped after the ``stop`` duration."""
    JOBS.stop(request, JOBS.get(request, request.params["jobIdentifier"]))
    return {}

