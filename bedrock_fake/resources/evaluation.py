"""Evaluation jobs: Create / Get / List / StopEvaluationJob and BatchDeleteEvaluationJob.

Lifecycle (durations: ``set_duration("evaluation_job", s)``, ``"stop"`` and ``"evaluation_job_deletion"``)::

    InProgress --------------------------------> Completed | Failed   (set_outcome; failureMessages)
        \\--(StopEvaluationJob)--> Stopping --> Stopped
    Completed | Failed | Stopped --(BatchDeleteEvaluationJob)--> Deleting --> gone

Jobs are addressed by ARN only (the service model's pattern refuses names). ``jobType`` is derived
from the configuration (``automated`` -> Automated, ``human`` -> Human); there is no ``endTime``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._choices import choice, duration
from .._create import Plan, Unique
from .._data import clone
from .._family import Family
from .._invocable import resolve
from .._lifecycle import Lifecycle, Tracked
from .._operations import operation
from .._request import Request
from .._tags import tags_from
from ..errors import not_found, shown, validation

_SECTION = "Evaluation jobs"
DURATION = duration("evaluation_job", 20 * 60, "InProgress → Completed", ref="§10.6")
DELETION = duration("evaluation_job_deletion", 60, "Deleting → gone after BatchDeleteEvaluationJob", ref="§10.6")
EVALUATION_DUPLICATE_NAME_CODE = choice(
    "EVALUATION_DUPLICATE_NAME_CODE", "ConflictException",
    "error for a used evaluation `jobName` (also while Deleting)", section=_SECTION, ref="§10.1",
    shown="`ConflictException`",
)
EVALUATION_DELETE_NOT_FOUND_CODE = choice(
    "EVALUATION_DELETE_NOT_FOUND_CODE", "404", "per-item BatchDeleteEvaluationJob code for an unknown ARN",
    section=_SECTION, ref="§10.5", shown='`"404"`',
)
EVALUATION_DELETE_NOT_FOUND_MESSAGE = choice(
    "EVALUATION_DELETE_NOT_FOUND_MESSAGE", "Unable to locate this job to delete.",
    "per-item message for an unknown ARN (AWS's own example)", section=_SECTION, ref="§10.5",
    shown="`Unable to locate this job to delete.`",
)
EVALUATION_DELETE_NOT_TERMINAL_CODE = choice(
    "EVALUATION_DELETE_NOT_TERMINAL_CODE", "409", "per-item code for a job that is InProgress or Stopping",
    section=_SECTION, ref="§10.5", shown='`"409"`',
)
EVALUATION_CHECK_APPLICATION_TYPE = choice(
    "EVALUATION_CHECK_APPLICATION_TYPE", True,
    "`applicationType` must agree with `inferenceConfig` (derived when omitted)", section=_SECTION, ref="§10.1",
)
TERMINAL = frozenset(("Completed", "Failed", "Stopped"))


class EvaluationJob(Tracked):
    """One evaluation job; ``spec`` is the create request as stored (a private copy)."""

    __slots__ = ("application_type", "spec")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "InProgress")
        self.spec: dict[str, Any] = {}
        self.application_type = "ModelEvaluation"

    @property
    def job_type(self) -> str:
        """``Automated`` or ``Human``, from the evaluation configuration."""
        return "Human" if "human" in self.spec["evaluationConfig"] else "Automated"


JOBS = Family[EvaluationJob](
    "evaluation_job",
    "evaluation job",
    arn_type="evaluation-job",
    taggable=True,
    by_name=False,  # the model's pattern admits ARNs only
    lifecycle=Lifecycle(
        running="InProgress",
        outcomes=("Completed", "Failed"),
        duration=DURATION.name,
        failure_message="The evaluation job failed (bedrock_fake.set_outcome).",
        stoppable=("InProgress",),
        deleting="Deleting",
        deletion=DELETION.name,
    ),
)


# --- create: checks beyond the service model -----------------------------------------------------------
def _check_application_type(params: dict[str, Any]) -> str:
    """The job's applicationType (derived when omitted); it must agree with inferenceConfig."""
    inference = params["inferenceConfig"]
    derived = "RagEvaluation" if "ragConfigs" in inference else "ModelEvaluation"
    given = params.get("applicationType")
    if given is None:
        return derived
    if EVALUATION_CHECK_APPLICATION_TYPE.value and given != derived:
        wanted = "inferenceConfig.ragConfigs" if given == "RagEvaluation" else "inferenceConfig.models"
        raise validation(f"applicationType {given} requires {wanted}; the request sets the other member of "
                         f"inferenceConfig.")
    return str(given)


def _check_model_count(params: dict[str, Any]) -> None:
    models = params["inferenceConfig"].get("models")
    if models is None:
        return
    if "automated" in params["evaluationConfig"] and len(models) != 1:
        raise validation(
            f"Value at 'inferenceConfig.models' failed to satisfy constraint: an automated evaluation job "
            f"evaluates exactly 1 model, got {len(models)}."
        )
    # Human jobs take up to 2 models: the service model's own max on inferenceConfig.models.


def _check_human_metrics(params: dict[str, Any]) -> None:
    """Human jobs: every dataset metric name must be one of the job's customMetrics."""
    human = params["evaluationConfig"].get("human")
    if human is None:
        return
    defined = {metric["name"] for metric in human.get("customMetrics", [])}
    for i, config in enumerate(human["datasetMetricConfigs"], 1):
        for j, metric in enumerate(config["metricNames"], 1):
            if metric not in defined:
                raise validation(
                    f"The metric '{metric}' at 'evaluationConfig.human.datasetMetricConfigs.{i}.member."
                    f"metricNames.{j}.member' is not defined in evaluationConfig.human.customMetrics."
                )


def _check_rag_configs(params: dict[str, Any]) -> None:
    """retrieveAndGenerateConfig: its ``type`` names the configuration member that must be set."""
    for i, rag in enumerate(params["inferenceConfig"].get("ragConfigs", []), 1):
        config = rag.get("knowledgeBaseConfig", {}).get("retrieveAndGenerateConfig")
        if config is None:
            continue
        kb_type = config["type"] == "KNOWLEDGE_BASE"
        member = "knowledgeBaseConfiguration" if kb_type else "externalSourcesConfiguration"
        if member not in config:
            raise validation(
                f"Value null at 'inferenceConfig.ragConfigs.{i}.member.knowledgeBaseConfig."
                f"retrieveAndGenerateConfig.{member}' failed to satisfy constraint: required when type is "
                f"{config['type']}."
            )


def _check_model_identifier(request: Request, identifier: str, member: str) -> None:
    """The model must exist for the caller: a foundation model (id or ARN), a system or application
    inference profile, a provisioned or imported model, or a prompt router, all through the one resolver.

    SageMaker endpoint ARNs are accepted as given once the service model's pattern has passed them: this
    fake has no SageMaker.
    """
    if identifier.startswith("arn:") and ":sagemaker:" in identifier:
        return
    if resolve(request, identifier) is None:
        raise not_found(f"The model {shown(identifier)} at '{member}' could not be found.")


def _check_models(request: Request) -> None:
    params = request.params
    for i, model in enumerate(params["inferenceConfig"].get("models", []), 1):
        bedrock_model = model.get("bedrockModel")
        if bedrock_model is not None:
            member = f"inferenceConfig.models.{i}.member.bedrockModel.modelIdentifier"
            _check_model_identifier(request, bedrock_model["modelIdentifier"], member)
    automated = params["evaluationConfig"].get("automated")
    if automated is None:
        return
    custom_metrics = automated.get("customMetricConfig", {})
    evaluators = [
        ("evaluationConfig.automated.evaluatorModelConfig",
         automated.get("evaluatorModelConfig", {}).get("bedrockEvaluatorModels", [])),
        ("evaluationConfig.automated.customMetricConfig.evaluatorModelConfig",
         custom_metrics.get("evaluatorModelConfig", {}).get("bedrockEvaluatorModels", [])),
    ]
    for path, models in evaluators:
        for i, evaluator in enumerate(models, 1):
            _check_model_identifier(
                request, evaluator["modelIdentifier"], f"{path}.bedrockEvaluatorModels.{i}.member.modelIdentifier"
            )


@JOBS.creates(
    "CreateEvaluationJob",
    unique=Unique("jobName", EVALUATION_DUPLICATE_NAME_CODE,
                  lambda name: f"An evaluation job named {name} already exists in this account and Region."),
)
def create_evaluation_job(request: Request) -> Plan[EvaluationJob]:
    """Start an automated or human evaluation job."""
    params = request.params
    application_type = _check_application_type(params)
    _check_model_count(params)
    _check_human_metrics(params)
    _check_rag_configs(params)
    _check_models(request)
    request.kms_key_arn("customerEncryptionKeyId")  # checked (another Region's is refused), answered as given
    arn = request.arn(f"evaluation-job/{request.new_id()}")
    job = EvaluationJob(arn, params["jobName"], request.now, tags_from(request, "jobTags", arn))
    job.spec = clone(params)
    job.application_type = application_type
    return Plan(job, {"jobArn": arn}, spec=job.spec)


# --- read ------------------------------------------------------------------------------------------
@operation("GetEvaluationJob")
def get_evaluation_job(request: Request) -> dict[str, Any]:
    """A job by ARN, as it stands at the fake's current time."""
    job = JOBS.get(request, request.params["jobIdentifier"])
    now = request.now
    spec = job.spec
    status = job.status(now)
    out: dict[str, Any] = {"jobName": job.name, "status": status, "jobArn": job.arn}
    if "jobDescription" in spec:
        out["jobDescription"] = spec["jobDescription"]
    out["roleArn"] = spec["roleArn"]
    if "customerEncryptionKeyId" in spec:
        out["customerEncryptionKeyId"] = spec["customerEncryptionKeyId"]
    out["jobType"] = job.job_type
    out["applicationType"] = job.application_type
    out["evaluationConfig"] = clone(spec["evaluationConfig"])
    out["inferenceConfig"] = clone(spec["inferenceConfig"])
    out["outputDataConfig"] = clone(spec["outputDataConfig"])
    out["creationTime"] = job.created
    out["lastModifiedTime"] = job.timeline.changed_at(now)
    if job.timeline.reached("Failed", now) is not None and job.failure_message is not None:
        out["failureMessages"] = [job.failure_message]
    return out


def _task_types(job: EvaluationJob) -> list[str]:
    config = job.spec["evaluationConfig"]
    configs = (config.get("automated") or config["human"])["datasetMetricConfigs"]
    seen: list[str] = []
    for dataset in configs:
        if dataset["taskType"] not in seen:
            seen.append(dataset["taskType"])
    return seen


def _knowledge_base_id(rag: dict[str, Any]) -> str | None:
    kb = rag.get("knowledgeBaseConfig")
    if kb is None:
        return None
    if "retrieveConfig" in kb:
        return str(kb["retrieveConfig"]["knowledgeBaseId"])
    generate = kb.get("retrieveAndGenerateConfig", {}).get("knowledgeBaseConfiguration")
    return str(generate["knowledgeBaseId"]) if generate is not None else None


def _precomputed_rag_id(rag: dict[str, Any]) -> str | None:
    source = rag.get("precomputedRagSourceConfig")
    if source is None:
        return None
    inner = source.get("retrieveSourceConfig") or source.get("retrieveAndGenerateSourceConfig")
    return str(inner["ragSourceIdentifier"])


def _summary(job: EvaluationJob, now: _dt.datetime) -> dict[str, Any]:
    spec = job.spec
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "jobName": job.name,
        "status": job.status(now),
        "creationTime": job.created,
        "jobType": job.job_type,
        "evaluationTaskTypes": _task_types(job),
    }
    inference = spec["inferenceConfig"]
    summary: dict[str, Any]
    if "models" in inference:
        models = inference["models"]
        bedrock_ids = [m["bedrockModel"]["modelIdentifier"] for m in models if "bedrockModel" in m]
        precomputed = [
            m["precomputedInferenceSource"]["inferenceSourceIdentifier"]
            for m in models
            if "precomputedInferenceSource" in m
        ]
        out["modelIdentifiers"] = list(bedrock_ids)
        summary = {
            "modelConfigSummary": {
                "bedrockModelIdentifiers": bedrock_ids,
                "precomputedInferenceSourceIdentifiers": precomputed,
            }
        }
    else:
        rags = inference["ragConfigs"]
        kb_ids = [kb for kb in map(_knowledge_base_id, rags) if kb is not None]
        precomputed_rag = [p for p in map(_precomputed_rag_id, rags) if p is not None]
        out["ragIdentifiers"] = list(kb_ids)
        summary = {
            "ragConfigSummary": {
                "bedrockKnowledgeBaseIdentifiers": kb_ids,
                "precomputedRagSourceIdentifiers": precomputed_rag,
            }
        }
    automated = spec["evaluationConfig"].get("automated")
    if automated is not None:
        evaluators = automated.get("evaluatorModelConfig", {}).get("bedrockEvaluatorModels")
        if evaluators:
            out["evaluatorModelIdentifiers"] = [e["modelIdentifier"] for e in evaluators]
        custom = automated.get("customMetricConfig", {}).get("evaluatorModelConfig", {})
        if custom.get("bedrockEvaluatorModels"):
            out["customMetricsEvaluatorModelIdentifiers"] = [
                e["modelIdentifier"] for e in custom["bedrockEvaluatorModels"]
            ]
    out["inferenceConfigSummary"] = summary
    out["applicationType"] = job.application_type
    return out


#: The output model's ``min 1 / max 5`` on ``jobSummaries`` is a modelling quirk: empty pages and pages of
#: up to ``maxResults`` summaries are returned.
JOBS.lists(
    "ListEvaluationJobs", "jobSummaries", _summary, equals={"applicationTypeEquals": lambda job: job.application_type}
)


# --- stop / delete ------------------------------------------------------------------------------------
@operation("StopEvaluationJob")
def stop_evaluation_job(request: Request) -> dict[str, Any]:
    """InProgress -> Stopping -> Stopped; any other status is a conflict."""
    JOBS.stop(request, JOBS.get(request, request.params["jobIdentifier"]))
    return {}


@operation("BatchDeleteEvaluationJob")
def batch_delete_evaluation_job(request: Request) -> dict[str, Any]:
    """Delete up to 25 jobs; each one is reported in ``evaluationJobs`` or in ``errors``.

    Completed, Failed and Stopped jobs go to ``Deleting`` and disappear after the
    ``evaluation_job_deletion`` duration; a job already Deleting is reported as Deleting again.
    """
    now = request.now
    jobs: list[dict[str, str]] = []
    errors: list[dict[str, str]] = []
    to_delete: list[EvaluationJob] = []
    for identifier in request.params["jobIdentifiers"]:  # every item answered, repeats included
        job = JOBS.find(request, identifier)
        if job is None:
            errors.append({
                "jobIdentifier": identifier,
                "code": EVALUATION_DELETE_NOT_FOUND_CODE.value,
                "message": EVALUATION_DELETE_NOT_FOUND_MESSAGE.value,
            })
            continue
        status = job.status(now)
        if status in TERMINAL:
            if job not in to_delete:
                to_delete.append(job)
        elif status != "Deleting":
            errors.append({
                "jobIdentifier": identifier,
                "code": EVALUATION_DELETE_NOT_TERMINAL_CODE.value,
                "message": f"The evaluation job {job.name} cannot be deleted because its status is {status}; "
                           f"only Completed, Failed or Stopped jobs can be deleted.",
            })
            continue
        jobs.append({"jobIdentifier": identifier, "jobStatus": "Deleting"})
    for job in to_delete:
        JOBS.delete_later(request, job)
    return {"errors": errors, "evaluationJobs": jobs}
