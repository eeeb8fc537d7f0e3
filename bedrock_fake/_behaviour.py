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
#: Same clientRequestToken with different parameters: this error code where the operation models it,
#: else ValidationException (CreateModelCopyJob and CreateProvisionedModelThroughput do not model a
#: conflict). Token scope: operation + account + region.
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

# --- Provisioned Throughput (§12) ------------------------------------------------------------------
# Creating -> InService and Updating -> InService both take DEFAULT_DURATIONS["provisioned_model_throughput"].
# An imported model has no foundation model: a throughput on it reports its ARN as foundationModelArn too.
#: Duplicate provisionedModelName (create, or rename by update): ConflictException is not modeled for
#: Create/UpdateProvisionedModelThroughput, so ValidationException.
PT_DUPLICATE_NAME_CODE = "ValidationException"
#: A plain foundation model id that is ON_DEMAND only (amazon.titan-text-express-v1) is refused with a
#: hint naming its provisionable variants; True would silently use its default customizable variant.
PT_PLAIN_ID_RESOLVES_TO_VARIANT = False
#: modelUnits quota per throughput (ServiceQuotaExceededException above it). The user guide gives
#: accounts 2 model units for no-commitment throughputs by default; committed ones are raised on request.
PT_MAX_MODEL_UNITS_NO_COMMITMENT = 2
PT_MAX_MODEL_UNITS_COMMITTED = 100
#: Commitment terms in calendar months; the term starts at creation, so commitmentExpirationTime is
#: known from the first read (creationTime + term, day clamped to the month's end).
PT_COMMITMENT_MONTHS: dict[str, int] = {"OneMonth": 1, "SixMonths": 6}
#: A committed throughput that failed while Creating (never served) may be deleted before its term ends.
PT_FAILED_CREATION_DELETABLE = True
#: UpdateProvisionedModelThroughput is accepted only in these statuses; otherwise this code
#: (ConflictException is not modeled for the operation).
PT_UPDATABLE_STATUSES: tuple[str, ...] = ("InService",)
PT_UPDATE_WRONG_STATUS_CODE = "ValidationException"

# --- CreateCustomModel, model sharing and model copy jobs (§7.1, §7.3, §8) --------------------------
#: Duplicate modelName in CreateCustomModel (§7.1 [U]; ConflictException is modeled for the operation).
CREATE_CUSTOM_MODEL_DUPLICATE_NAME_CODE = "ConflictException"
#: A CreateCustomModel model registers a SageMaker-trained Amazon Nova model, but the fake reads no
#: artifacts: the first hint (lowercase substring of the modelSourceConfig s3Uri or of the customModelDataSource
#: model package ARN, in this order) names the customizable Nova variant it derives from (baseModelArn); otherwise
#: CREATE_CUSTOM_MODEL_DEFAULT_BASE.
CREATE_CUSTOM_MODEL_BASE_HINTS: tuple[tuple[str, str], ...] = (
    ("nova-micro", "amazon.nova-micro-v1:0:128k"),
    ("nova-lite", "amazon.nova-lite-v1:0:300k"),
    ("nova-pro", "amazon.nova-pro-v1:0:300k"),
)
CREATE_CUSTOM_MODEL_DEFAULT_BASE = "amazon.nova-lite-v1:0:300k"
#: A model another account shared is visible to the other account (ListCustomModels, GetCustomModel by
#: ARN) only in the region where it lives, as resource shares are regional (§7.3 [U]). Copy jobs read it
#: from any region.
SHARED_MODELS_REGIONAL = True
#: Duplicate targetModelName in the caller's region (§8.1 [U]; neither Conflict nor Validation is
#: modeled for CreateModelCopyJob; the same code as a duplicate customModelName).
MODEL_COPY_DUPLICATE_TARGET_NAME_CODE = "ValidationException"
#: sourceModelArn naming a foundation model (the pattern admits it, but only custom models are copied).
MODEL_COPY_FOUNDATION_SOURCE_CODE = "ValidationException"
#: DeleteCustomModel of a model that an InProgress copy job reads is refused with DELETE_IN_USE_CODE
#: (§8.4 [U]). With False the delete goes through and the copy completes from the snapshot of the
#: source taken at CreateModelCopyJob.
MODEL_COPY_BLOCKS_SOURCE_DELETION = True
#: The copied model's creationTime is its copy job's creationTime (as a trained model's is its job's);
#: with False, the time the copy completed (§8.4 [U]).
COPIED_MODEL_CREATED_AT_JOB_CREATION = True

# --- Customization job summaries (§6.3) ----------------------------------------------------------------
#: ListModelCustomizationJobs summaries carry ``statusDetails`` only for these customization types: the
#: service model documents sub-task statuses "for a Distillation job"; the 2025 extension to every job is
#: reported for GetModelCustomizationJob (which always carries them here).
LIST_STATUS_DETAILS_FOR = frozenset({"DISTILLATION"})
