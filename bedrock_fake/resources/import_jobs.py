"""Model import jobs and imported models (reference §9).

Operations: Create / Get / ListModelImportJobs, Get / List / DeleteImportedModel.

Lifecycle (duration: ``set_duration("model_import_job", s)``)::

    InProgress --> Completed   (the imported model appears: importedModelName, importedModelTags)
        \\-------> Failed      (set_outcome(job name or ARN, "Failed", message=...); no model)

Imported models have no status. The fake reads no weights: the model's architecture, Converse
support and custom model units are derived from the ``s3Uri`` as ``_behaviour`` documents.
Other families can refuse DeleteImportedModel by appending to :data:`IMPORTED_MODEL_IN_USE_CHECKS`.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable
from typing import Any

from .. import _behaviour
from .._arns import bedrock_arn, kms_key_arn, new_id
from .._data import clone
from .._lifecycle import Timeline
from .._operations import Request, ResourceKind, operation, register_kind
from .._pagination import filters, paginate
from .._registry import RegionState
from .._store import Resource
from .._tags import taggable, tags_from
from ..errors import ServiceError, not_found, shown

JOB_KIND = "model_import_job"
MODEL_KIND = "imported_model"
TERMINAL = frozenset(("Completed", "Failed"))
taggable("model-import-job", JOB_KIND)
taggable("imported-model", MODEL_KIND)

#: Checks that refuse DeleteImportedModel while something uses the model (e.g. a provisioned
#: throughput): each gets the request and the model and returns a reason (the ConflictException
#: message) or None. Families append to this list at import time.
IMPORTED_MODEL_IN_USE_CHECKS: list[Callable[[Request, ImportedModel], str | None]] = []


class ImportJob(Resource):
    """One model import job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = (
        "ended", "failure_message", "kms_key_arn", "model_arn", "model_tags", "planned_end", "spec", "timeline"
    )

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags)
        self.spec: dict[str, Any] = {}
        self.timeline = Timeline(created, "InProgress")
        self.ended = False  # the end side effects ran (a re-planned end at the same instant must not repeat them)
        self.planned_end = created  # when the job completes unless told to fail
        self.failure_message: str | None = None
        self.kms_key_arn: str | None = None
        self.model_arn = ""  # the imported model's ARN, fixed at creation (shown once Completed)
        self.model_tags: dict[str, str] = {}

    def status(self, now: _dt.datetime) -> str:
        """``status`` at ``now``."""
        return self.timeline.status_at(now)

    @property
    def model_name(self) -> str:
        """The ``importedModelName`` this job produces."""
        return str(self.spec["importedModelName"])


class ImportedModel(Resource):
    """A model a completed import job produced (no status: usable from creation on)."""

    __slots__ = ("architecture", "custom_model_units", "data_source", "instruct_supported", "job_arn",
                 "job_name", "kms_key_arn")

    def __init__(
        self,
        arn: str,
        name: str,
        created: _dt.datetime,
        *,
        job: ImportJob,
        tags: dict[str, str] | None = None,
    ) -> None:
        super().__init__(arn, name, created, tags)
        self.job_name = job.name
        self.job_arn = job.arn
        self.data_source: dict[str, Any] = clone(job.spec["modelDataSource"])
        self.architecture = architecture_for(self.data_source)
        self.instruct_supported = _behaviour.IMPORT_INSTRUCT_SUPPORTED
        self.custom_model_units = _behaviour.IMPORT_CUSTOM_MODEL_UNITS.get(
            self.architecture, _behaviour.IMPORT_DEFAULT_CUSTOM_MODEL_UNITS
        )
        self.kms_key_arn = job.kms_key_arn


def architecture_for(data_source: dict[str, Any]) -> str:
    """The ``modelArchitecture`` the fake reports for weights at ``data_source`` (hints in ``_behaviour``)."""
    uri = str(data_source.get("s3DataSource", {}).get("s3Uri", "")).lower()
    for hint, architecture in _behaviour.IMPORT_ARCHITECTURE_HINTS:
        if hint in uri:
            return architecture
    return _behaviour.IMPORT_DEFAULT_ARCHITECTURE


def find(request: Request, identifier: str) -> ImportedModel | None:
    """One of the caller's imported models by name or ARN (other regions/accounts are not searched)."""
    model: ImportedModel | None = request.store(MODEL_KIND).find(identifier)
    return model


# --- names held by running jobs ------------------------------------------------------------------
def _reserved(region: RegionState) -> dict[str, str]:
    """importedModelName -> ARN of the running job that will produce it."""
    found: dict[str, str] | None = region.data.get("imported_model_names")
    if found is None:
        found = region.data["imported_model_names"] = {}
    return found


def _check_model_name_free(request: Request, name: str) -> None:
    if request.store(MODEL_KIND).by_name(name) is not None:
        raise ServiceError(
            _behaviour.DUPLICATE_IMPORTED_MODEL_NAME_CODE,
            f"An imported model named {name} already exists (importedModelName).",
        )
    if name in _reserved(request.region):
        raise ServiceError(
            _behaviour.DUPLICATE_IMPORTED_MODEL_NAME_CODE,
            f"The imported model name {name} is in use by a model import job that is still in progress "
            "(importedModelName).",
        )


# --- lifecycle -------------------------------------------------------------------------------------
def _failure_time(job: ImportJob) -> _dt.datetime:
    return job.created + (job.planned_end - job.created) * _behaviour.IMPORT_JOB_FAILURE_SHARE


def _schedule_end(request: Request, job: ImportJob) -> None:
    request.scheduler.at(job.timeline.final[0], _on_end, request.region, job)


def _on_end(at: _dt.datetime, region: RegionState, job: ImportJob) -> None:
    """Side effects of reaching a terminal state (a no-op if the timeline was rewritten since)."""
    final_at, status = job.timeline.final
    if final_at != at or status not in TERMINAL or job.ended:
        return
    job.ended = True
    reserved = _reserved(region)
    if reserved.get(job.model_name) == job.arn:
        del reserved[job.model_name]
    if status == "Completed":
        created = at if _behaviour.IMPORTED_MODEL_CREATION_TIME == "job_end" else job.created
        model = ImportedModel(job.model_arn, job.model_name, created, job=job, tags=dict(job.model_tags))
        region.store(MODEL_KIND).add(model)


def _apply_outcome(request: Request, job: ImportJob, status: str, message: str | None) -> bool:
    """``set_outcome`` on a running job: rewrite how it ends."""
    at = _failure_time(job) if status == "Failed" else job.planned_end
    if not job.timeline.replan_end(request.now, "InProgress", at, status):
        return False
    job.failure_message = (
        (message or "The model import job failed (bedrock_fake.set_outcome).") if status == "Failed" else None
    )
    _schedule_end(request, job)
    return True


register_kind(ResourceKind(JOB_KIND, ("Completed", "Failed"), _apply_outcome))


# --- import jobs -----------------------------------------------------------------------------------
@operation("CreateModelImportJob")
def create_model_import_job(request: Request) -> dict[str, Any]:
    """Start an import; every check runs before anything is stored.

    botocore does not fill ``clientRequestToken`` for this operation: only a token the caller
    passes makes the call idempotent.
    """
    replayed = request.replay()
    if replayed is not None:
        return replayed
    params = request.params
    jobs = request.store(JOB_KIND)
    name = params["jobName"]
    if jobs.by_name(name) is not None:
        raise ServiceError(
            _behaviour.DUPLICATE_IMPORT_JOB_NAME_CODE,
            f"A model import job named {name} already exists (jobName).",
        )
    model_name = params["importedModelName"]
    _check_model_name_free(request, model_name)
    arn = request.arn(f"model-import-job/{request.new_id()}")
    tags = tags_from(request, "jobTags", arn)
    model_tags = tags_from(request, "importedModelTags", model_name)

    # Everything is valid: from here on the request takes effect.
    now = request.now
    job = ImportJob(arn, name, now, tags)
    job.spec = clone(params)
    job.model_tags = model_tags
    key = params.get("importedModelKmsKeyId")
    if key is not None:
        job.kms_key_arn = kms_key_arn(request.partition, request.region_name, request.account_id, key)
    model_id = new_id(random.Random(arn + "/model"))  # stable per job
    job.model_arn = bedrock_arn(
        request.partition, request.region_name, request.account_id, f"imported-model/{model_id}"
    )
    job.planned_end = now + request.duration(JOB_KIND)
    outcome = request.take_outcome(JOB_KIND, name, model_name)
    if outcome is not None and outcome[0] == "Failed":
        job.failure_message = outcome[1] or "The model import job failed (bedrock_fake.set_outcome)."
        job.timeline.then(_failure_time(job), "Failed")
    else:
        job.timeline.then(job.planned_end, "Completed")
    jobs.add(job)
    _reserved(request.region)[model_name] = arn
    _schedule_end(request, job)
    output = {"jobArn": arn}
    request.remember(job.spec, output)
    return output


def _shows_model_arn(status: str) -> bool:
    if status == "InProgress":
        return _behaviour.IMPORTED_MODEL_ARN_WHILE_IN_PROGRESS
    return status == "Completed"


@operation("GetModelImportJob")
def get_model_import_job(request: Request) -> dict[str, Any]:
    """A job by name or ARN, as it stands at the fake's current time."""
    identifier = request.params["jobIdentifier"]
    job: ImportJob | None = request.store(JOB_KIND).find(identifier)
    if job is None:
        raise not_found(f"Could not find model import job {shown(identifier)}.")
    now = request.now
    spec = job.spec
    status = job.status(now)
    out: dict[str, Any] = {"jobArn": job.arn, "jobName": job.name, "importedModelName": job.model_name}
    if _shows_model_arn(status):
        out["importedModelArn"] = job.model_arn
    out["roleArn"] = spec["roleArn"]
    out["modelDataSource"] = clone(spec["modelDataSource"])
    out["status"] = status
    if status == "Failed":
        out["failureMessage"] = job.failure_message
    out["creationTime"] = job.created
    out["lastModifiedTime"] = job.timeline.changed_at(now)
    if status in TERMINAL:
        out["endTime"] = job.timeline.final[0]
    if "vpcConfig" in spec:
        out["vpcConfig"] = clone(spec["vpcConfig"])
    if job.kms_key_arn is not None:
        out["importedModelKmsKeyArn"] = job.kms_key_arn
    return out


def _job_summary(job: ImportJob, now: _dt.datetime) -> dict[str, Any]:
    status = job.status(now)
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "jobName": job.name,
        "status": status,
        "lastModifiedTime": job.timeline.changed_at(now),
        "creationTime": job.created,
    }
    if status in TERMINAL:
        out["endTime"] = job.timeline.final[0]
    if _shows_model_arn(status):
        out["importedModelArn"] = job.model_arn
    out["importedModelName"] = job.model_name
    return out


@operation("ListModelImportJobs")
def list_model_import_jobs(request: Request) -> dict[str, Any]:
    """Jobs filtered by status, name and creation time, sorted, paginated."""
    params = request.params
    now = request.now
    match = filters(params, now)
    store = request.store(JOB_KIND)
    return paginate(
        request, store.keys, store.items, "modelImportJobSummaries", lambda j: _job_summary(j, now), match
    )


# --- imported models -------------------------------------------------------------------------------
def _get_model(request: Request) -> ImportedModel:
    identifier = request.params["modelIdentifier"]
    model = find(request, identifier)
    if model is None:
        raise not_found(f"Could not find imported model {shown(identifier)}.")
    return model


@operation("GetImportedModel")
def get_imported_model(request: Request) -> dict[str, Any]:
    """An imported model by name or ARN."""
    model = _get_model(request)
    out: dict[str, Any] = {
        "modelArn": model.arn,
        "modelName": model.name,
        "jobName": model.job_name,
        "jobArn": model.job_arn,
        "modelDataSource": clone(model.data_source),
        "creationTime": model.created,
        "modelArchitecture": model.architecture,
    }
    if model.kms_key_arn is not None:
        out["modelKmsKeyArn"] = model.kms_key_arn
    out["instructSupported"] = model.instruct_supported
    out["customModelUnits"] = {
        "customModelUnitsPerModelCopy": model.custom_model_units,
        "customModelUnitsVersion": _behaviour.IMPORT_CUSTOM_MODEL_UNITS_VERSION,
    }
    return out


def _model_summary(model: ImportedModel) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": model.created,
        "instructSupported": model.instruct_supported,
        "modelArchitecture": model.architecture,
    }


@operation("ListImportedModels")
def list_imported_models(request: Request) -> dict[str, Any]:
    """Imported models filtered by name and creation time, sorted, paginated."""
    params = request.params
    store = request.store(MODEL_KIND)
    return paginate(request, store.keys, store.items, "modelSummaries", _model_summary, filters(params, request.now))


@operation("DeleteImportedModel")
def delete_imported_model(request: Request) -> dict[str, Any]:
    """Delete one of the caller's imported models (refused while something uses it)."""
    model = _get_model(request)
    for check in IMPORTED_MODEL_IN_USE_CHECKS:
        reason = check(request, model)
        if reason is not None:
            raise ServiceError(_behaviour.DELETE_IN_USE_CODE, reason)
    request.store(MODEL_KIND).remove(model)
    return {}
