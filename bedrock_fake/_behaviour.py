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
