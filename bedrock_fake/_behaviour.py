"""Every choice the fake makes where AWS's behaviour is undocumented, in one place.

docs/behaviour.md lists the same choices for users; change a value here and there together.
Each constant names the reference section (../shared/reference/bedrock-behaviour.md) it decides.
"""

from __future__ import annotations

# --- Lifecycle durations (seconds) -------------------------------------------------------------
# Realistic, and well inside the budgets that production waiters allow (Airflow's Bedrock waiters:
# 2.5 h for customization jobs, 20 min for provisioned throughput; SageMaker's BedrockModelBuilder:
# 1 h for import jobs). Users change them with ``fake.set_duration(kind, seconds)``.
DEFAULT_DURATIONS: dict[str, float] = {
    # whole run of a customization job: validation -> data processing -> training (shares below)
    "model_customization_job": 40 * 60,
    # InProgress -> Completed of a model copy job
    "model_copy_job": 15 * 60,
    # InProgress -> Completed of a model import job ("several minutes" per the user guide)
    "model_import_job": 10 * 60,
    # Creating -> Active of a model made by CreateCustomModel
    "custom_model": 10 * 60,
    # InProgress -> Completed of an evaluation job
    "evaluation_job": 20 * 60,
    # Creating -> InService, and Updating -> InService, of a provisioned throughput
    "provisioned_model_throughput": 10 * 60,
    # Stopping -> Stopped of a customization or evaluation job
    "stop": 60,
    # Deleting -> gone of an evaluation job after BatchDeleteEvaluationJob
    "evaluation_job_deletion": 60,
}

#: Shares of a customization job's run taken by its three sub-tasks (statusDetails).
CUSTOMIZATION_PHASES: tuple[tuple[str, float], ...] = (
    ("validationDetails", 0.05),
    ("dataProcessingDetails", 0.15),
    ("trainingDetails", 0.80),
)

# --- Lists (§1.5) ---------------------------------------------------------------------------------
DEFAULT_PAGE_SIZE = 100
DEFAULT_SORT_ORDER = "Descending"  # newest first, the common AWS convention
#: creationTimeAfter / creationTimeBefore compare strictly (a resource created exactly at the bound is out).
TIME_FILTERS_STRICT = True
#: nameContains-style filters ignore case.
NAME_CONTAINS_CASE_SENSITIVE = False

# --- Idempotency (§1.3) ---------------------------------------------------------------------------
#: Same clientRequestToken with different parameters: this error code (token scope: operation +
#: account + region).
TOKEN_MISMATCH_CODE = "ConflictException"

# --- Error codes for conflicts the reference leaves open (§15) ------------------------------------
DUPLICATE_JOB_NAME_CODE = "ValidationException"  # observed text: "The provided job name is currently in use."
DUPLICATE_MODEL_NAME_CODE = "ValidationException"
STOP_NOT_RUNNING_CODE = "ConflictException"
DELETE_IN_USE_CODE = "ConflictException"

# --- Tags (§11) --------------------------------------------------------------------------------------
MAX_TAGS_PER_RESOURCE = 50
#: Tag keys with this prefix are refused (the usual AWS tagging rule; the Bedrock pattern allows it).
RESERVED_TAG_PREFIX = "aws:"

# --- Model import jobs and imported models (§9) ----------------------------------------------------
#: Duplicate jobName of CreateModelImportJob (§9.5 [U]; ConflictException is modeled for the operation).
DUPLICATE_IMPORT_JOB_NAME_CODE = "ConflictException"
#: importedModelName already used by an imported model, or by a running import job (§9.5 [U]).
DUPLICATE_IMPORTED_MODEL_NAME_CODE = "ConflictException"
#: The job's importedModelArn (and its summary's) appears only once the job is Completed (§9.4 [U]).
IMPORTED_MODEL_ARN_WHILE_IN_PROGRESS = False
#: The imported model's creationTime: when its job completed ("job_end") or the job's creationTime
#: ("job_start"). The model does not exist before the job completes, so "job_end" (§9.5 [U]).
IMPORTED_MODEL_CREATION_TIME = "job_end"
#: The fake reads no weights, so the architecture comes from the s3Uri: the first hint (lowercase
#: substring of the whole URI, in this order) found names it; otherwise IMPORT_DEFAULT_ARCHITECTURE.
IMPORT_ARCHITECTURE_HINTS: tuple[tuple[str, str], ...] = (
    ("mixtral", "mixtral"),
    ("mistral", "mistral"),
    ("flan", "flan"),
    ("qwen", "qwen2"),
    ("llama2", "llama2"),
    ("llama-2", "llama2"),
    ("llama", "llama3"),
)
IMPORT_DEFAULT_ARCHITECTURE = "llama3"
#: instructSupported (Converse support) of every imported model.
IMPORT_INSTRUCT_SUPPORTED = True
#: customModelUnits.customModelUnitsPerModelCopy per architecture (others: the default); the version
#: is the only one the API has shown.
IMPORT_CUSTOM_MODEL_UNITS: dict[str, int] = {"mixtral": 8}
IMPORT_DEFAULT_CUSTOM_MODEL_UNITS = 2
IMPORT_CUSTOM_MODEL_UNITS_VERSION = "v1.0"
#: A job set to fail (set_outcome) fails this share of its duration after creation (architecture
#: detection and validation run for the whole job, so by default it fails when it would have completed).
IMPORT_JOB_FAILURE_SHARE = 1.0

# --- Evaluation jobs (§10; resources/evaluation.py, docs/evaluation-jobs.md) ----------------------
#: A second job with the name of an existing one (any status, including Deleting) in the same account
#: and Region. The name is free again once a deleted job is gone.
EVALUATION_DUPLICATE_NAME_CODE = "ConflictException"
#: BatchDeleteEvaluationJob per-item error for an unknown ARN (AWS's own example, §10.5).
EVALUATION_DELETE_NOT_FOUND_CODE = "404"
EVALUATION_DELETE_NOT_FOUND_MESSAGE = "Unable to locate this job to delete."
#: BatchDeleteEvaluationJob per-item error for a job that is InProgress or Stopping (not terminal).
EVALUATION_DELETE_NOT_TERMINAL_CODE = "409"
#: applicationType must agree with inferenceConfig (ModelEvaluation <-> models, RagEvaluation <->
#: ragConfigs); when omitted it is derived from inferenceConfig and reported by Get/List.
EVALUATION_CHECK_APPLICATION_TYPE = True
