"""Model import jobs and imported models (reference §9).

Operations: Create / Get / ListModelImportJobs, Get / List / DeleteImportedModel.

Lifecycle (duration: ``set_duration("model_import_job", s)``)::

    InProgress --> Completed   (the imported model appears: importedModelName, importedModelTags)
        \\-------> Failed      (set_outcome(job name or ARN, "Failed", message=...); no model)

Imported models have no status. The fake reads no weights: the model's architecture, Converse
support and custom model units are derived from the ``s3Uri`` as the choices below say.
"""

from __future__ import annotations

import datetime as _dt
import random
from typing import Any

from .._arns import new_id
from .._choices import choice, duration
from .._create import Plan, Unique
from .._data import clone
from .._family import Family
from .._invocable import Invocable, resolver
from .._lifecycle import Lifecycle, Tracked
from .._names import Hold, NameSpace
from .._operations import operation
from .._registry import RegionState
from .._request import Request
from .._store import Resource
from .._tags import tags_from
from ..errors import ServiceError, shown

_SECTION = "Model import jobs and imported models"
DURATION = duration("model_import_job", 10 * 60, 'InProgress → Completed ("several minutes")', ref="§9.4")
DUPLICATE_IMPORT_JOB_NAME_CODE = choice(
    "DUPLICATE_IMPORT_JOB_NAME_CODE", "ConflictException", "error for a used import `jobName`",
    section=_SECTION, ref="§9.5", shown="`ConflictException`",
)
DUPLICATE_IMPORTED_MODEL_NAME_CODE = choice(
    "DUPLICATE_IMPORTED_MODEL_NAME_CODE", "ConflictException",
    "error for an `importedModelName` used by a model or a running import job",
    section=_SECTION, ref="§9.5", shown="`ConflictException`",
)
IMPORTED_MODEL_ARN_WHILE_IN_PROGRESS = choice(
    "IMPORTED_MODEL_ARN_WHILE_IN_PROGRESS", False,
    "whether an import job shows `importedModelArn` before it completes", section=_SECTION, ref="§9.4",
)
IMPORTED_MODEL_CREATION_TIME = choice(
    "IMPORTED_MODEL_CREATION_TIME", "job_end",
    "an imported model's `creationTime`: its job's end (`job_end`) or creation (`job_start`)",
    section=_SECTION, ref="§9.5", shown="`job_end`",
)
#: The fake reads no weights, so the architecture comes from the s3Uri.
IMPORT_ARCHITECTURE_HINTS = choice(
    "IMPORT_ARCHITECTURE_HINTS",
    (("mixtral", "mixtral"), ("mistral", "mistral"), ("flan", "flan"), ("qwen", "qwen2"), ("llama2", "llama2"),
     ("llama-2", "llama2"), ("llama", "llama3")),
    "lowercase substrings of the import `s3Uri` that name `modelArchitecture` (first hit wins)",
    section=_SECTION, ref="§9.5", shown="mixtral, mistral, flan, qwen→qwen2, llama2/llama-2→llama2, llama→llama3",
)
IMPORT_DEFAULT_ARCHITECTURE = choice(
    "IMPORT_DEFAULT_ARCHITECTURE", "llama3", "`modelArchitecture` when no hint matches",
    section=_SECTION, ref="§9.5", shown="`llama3`",
)
IMPORT_INSTRUCT_SUPPORTED = choice(
    "IMPORT_INSTRUCT_SUPPORTED", True, "`instructSupported` of every imported model", section=_SECTION, ref="§9.5"
)
IMPORT_CUSTOM_MODEL_UNITS = choice(
    "IMPORT_CUSTOM_MODEL_UNITS", {"mixtral": 8}, "`customModelUnitsPerModelCopy` per architecture",
    section=_SECTION, ref="§9.5", shown='`{"mixtral": 8}`',
)
IMPORT_DEFAULT_CUSTOM_MODEL_UNITS = choice(
    "IMPORT_DEFAULT_CUSTOM_MODEL_UNITS", 2, "`customModelUnitsPerModelCopy` for other architectures",
    section=_SECTION, ref="§9.5", shown="2",
)
IMPORT_CUSTOM_MODEL_UNITS_VERSION = choice(
    "IMPORT_CUSTOM_MODEL_UNITS_VERSION", "v1.0", "`customModelUnitsVersion`", section=_SECTION, ref="§9.5",
    shown="`v1.0`",
)
IMPORT_JOB_FAILURE_SHARE = choice(
    "IMPORT_JOB_FAILURE_SHARE", 1.0, "when (share of its duration) an import job set to fail fails",
    section=_SECTION, ref="§9.4", shown="1.0 (when it would have completed)",
)
TERMINAL = frozenset(("Completed", "Failed"))


class ImportJob(Tracked):
    """One model import job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = ("kms_key_arn", "model_arn", "model_tags", "spec")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "InProgress")
        self.spec: dict[str, Any] = {}
        self.kms_key_arn: str | None = None
        self.model_arn = ""  # the imported model's ARN, fixed at creation (shown once Completed)
        self.model_tags: dict[str, str] = {}

    @property
    def model_name(self) -> str:
        """The ``importedModelName`` this job produces."""
        return str(self.spec["importedModelName"])


class ImportedModel(Resource):
    """A model a completed import job produced (no status: usable from creation on)."""

    __slots__ = ("architecture", "custom_model_units", "data_source", "instruct_supported", "job_arn",
                 "job_name", "kms_key_arn")

    def __init__(self, arn: str, name: str, created: _dt.datetime, *, job: ImportJob, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags)
        self.job_name = job.name
        self.job_arn = job.arn
        self.data_source: dict[str, Any] = clone(job.spec["modelDataSource"])
        self.architecture = architecture_for(self.data_source)
        self.instruct_supported = IMPORT_INSTRUCT_SUPPORTED.value
        self.custom_model_units = IMPORT_CUSTOM_MODEL_UNITS.value.get(
            self.architecture, IMPORT_DEFAULT_CUSTOM_MODEL_UNITS.value
        )
        self.kms_key_arn = job.kms_key_arn


def architecture_for(data_source: dict[str, Any]) -> str:
    """The ``modelArchitecture`` the fake reports for weights at ``data_source`` (hints: the choices above)."""
    uri = str(data_source.get("s3DataSource", {}).get("s3Uri", "")).lower()
    for hint, architecture in IMPORT_ARCHITECTURE_HINTS.value:
        if hint in uri:
            return str(architecture)
    return str(IMPORT_DEFAULT_ARCHITECTURE.value)


def _complete(region: RegionState, job: ImportJob, status: str, at: _dt.datetime) -> None:
    """The job ended: if it completed, its imported model exists from now on."""
    if status == "Completed":
        created = at if IMPORTED_MODEL_CREATION_TIME.value == "job_end" else job.created
        model = ImportedModel(job.model_arn, job.model_name, created, job=job, tags=dict(job.model_tags))
        region.store(MODELS.kind).add(model)


def _failure_time(job: ImportJob) -> _dt.datetime:
    return job.created + job.duration * IMPORT_JOB_FAILURE_SHARE.value


MODELS = Family[ImportedModel]("imported_model", "imported model", arn_type="imported-model", taggable=True)
MODEL_NAMES = NameSpace("imported model name", MODELS.kind)
JOBS = Family[ImportJob](
    "model_import_job",
    "model import job",
    arn_type="model-import-job",
    taggable=True,
    lifecycle=Lifecycle(
        running="InProgress",
        outcomes=("Completed", "Failed"),
        duration=DURATION.name,
        failure_message="The model import job failed (bedrock_fake.set_outcome).",
        fail_at=_failure_time,
        on_end=_complete,
    ),
    holds=(Hold(MODEL_NAMES, lambda job: job.model_name),),
)


@resolver
def _resolve_imported(request: Request, identifier: str) -> Invocable | None:
    """An imported model of the caller's, by ARN (no foundation model behind it)."""
    if not identifier.startswith("arn:") or ":imported-model/" not in identifier:
        return None
    model = request.store(MODELS.kind).by_arn(identifier)
    return Invocable("imported-model", model.arn, None, model) if model is not None else None


# --- import jobs -----------------------------------------------------------------------------------
@JOBS.creates(
    "CreateModelImportJob",
    unique=Unique("jobName", DUPLICATE_IMPORT_JOB_NAME_CODE,
                  lambda name: f"A model import job named {name} already exists (jobName)."),
)
def create_model_import_job(request: Request) -> Plan[ImportJob]:
    """Start an import.

    botocore does not fill ``clientRequestToken`` for this operation: only a token the caller
    passes makes the call idempotent.
    """
    params = request.params
    name, model_name = params["jobName"], params["importedModelName"]
    if MODEL_NAMES.taken(request.region, model_name):
        held = MODEL_NAMES.holder(request.region, model_name) is not None
        raise ServiceError(
            request.code_if_modeled(DUPLICATE_IMPORTED_MODEL_NAME_CODE.value),
            f"The imported model name {shown(model_name)} is in use by a model import job that is still in "
            "progress (importedModelName)." if held else
            f"An imported model named {shown(model_name)} already exists (importedModelName).",
        )
    arn = request.arn(f"model-import-job/{request.new_id()}")
    job = ImportJob(arn, name, request.now, tags_from(request, "jobTags", arn))
    job.model_tags = tags_from(request, "importedModelTags", model_name)
    job.spec = clone(params)
    job.kms_key_arn = request.kms_key_arn("importedModelKmsKeyId")
    model_id = new_id(random.Random(arn + "/model"))  # stable per job
    job.model_arn = request.arn(f"imported-model/{model_id}")
    return Plan(job, {"jobArn": arn}, names=(name, model_name), spec=job.spec)


def _shows_model_arn(status: str) -> bool:
    if status == "InProgress":
        return bool(IMPORTED_MODEL_ARN_WHILE_IN_PROGRESS.value)
    return status == "Completed"


@operation("GetModelImportJob")
def get_model_import_job(request: Request) -> dict[str, Any]:
    """A job by name or ARN, as it stands at the fake's current time."""
    job = JOBS.get(request, request.params["jobIdentifier"])
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
    timeline = job.timeline
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "jobName": job.name,
        "status": status,
        "lastModifiedTime": timeline.changed_at(now),
        "creationTime": job.created,
    }
    if status in TERMINAL:
        out["endTime"] = timeline.final[0]
    if _shows_model_arn(status):
        out["importedModelArn"] = job.model_arn
    out["importedModelName"] = job.model_name
    return out


JOBS.lists("ListModelImportJobs", "modelImportJobSummaries", _job_summary)


# --- imported models -------------------------------------------------------------------------------
@operation("GetImportedModel")
def get_imported_model(request: Request) -> dict[str, Any]:
    """An imported model by name or ARN."""
    model = MODELS.get(request, request.params["modelIdentifier"])
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
        "customModelUnitsVersion": IMPORT_CUSTOM_MODEL_UNITS_VERSION.value,
    }
    return out


def _model_summary(model: ImportedModel, now: _dt.datetime) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": model.created,
        "instructSupported": model.instruct_supported,
        "modelArchitecture": model.architecture,
    }


MODELS.lists("ListImportedModels", "modelSummaries", _model_summary)


@operation("DeleteImportedModel")
def delete_imported_model(request: Request) -> dict[str, Any]:
    """Delete one of the caller's imported models (refused while something uses it)."""
    MODELS.delete_now(request, MODELS.get(request, request.params["modelIdentifier"]))
    return {}
