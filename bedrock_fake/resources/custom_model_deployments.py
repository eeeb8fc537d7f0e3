"""Custom model deployments: on-demand inference for custom models (serving reference §7).

Operations: Create / Get / List / Update / DeleteCustomModelDeployment (and tagging of the deployment ARN).

Lifecycle (``set_duration("custom_model_deployment", s)``; updates use the same duration)::

    Creating --> Active    (set_outcome(name or ARN, "Failed", message=...) --> Failed)
    Active: UpdateCustomModelDeployment(modelArn) --> updateDetails Updating --> UpdateCompleted
            (set_outcome(name or ARN, "UpdateFailed") while it runs --> UpdateFailed: the old model stays)
            (the deployment stays Active and serves the old model until the update completes)

The timeline holds the update statuses after Active (Updating, UpdateCompleted, UpdateFailed); the
deployment's ``status`` shows them as Active, and ``updateDetails.updateStatus`` shows them as they are.

A deployment uses its custom model (and, during an update, the new one): DeleteCustomModel of either is
refused while it exists, through the in-use index.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._choices import choice, duration, note
from .._create import Plan, Unique
from .._family import Family
from .._invocable import Invocable, resolver
from .._lifecycle import Lifecycle, Tracked
from .._operations import operation
from .._references import Uses
from .._request import Request
from .._tags import tags_from
from ..errors import ServiceError, not_found, shown, validation
from . import custom_models

_SECTION = "Custom model deployments"
DURATION = duration(
    "custom_model_deployment", 5 * 60, "`Creating` → `Active` of a custom model deployment, and each update",
    ref="§7.6",
)
DEPLOYABLE_BASES = choice(
    "DEPLOYABLE_BASE_PREFIXES", ("amazon.nova",),
    "which custom models can be deployed for on-demand inference: those whose base model id starts with one of "
    "these (Amazon Nova customizations, distillations and CreateCustomModel imports); others get ValidationException",
    section=_SECTION, ref="§7.1, §12.7", shown="`amazon.nova`",
)
DUPLICATE_NAME_CODE = choice(
    "DUPLICATE_DEPLOYMENT_NAME_CODE", "ValidationException",
    "error for a used `modelDeploymentName` (ConflictException is not modeled for the create)",
    section=_SECTION, ref="§7.2, §12.2", shown="`ValidationException`",
)
NOT_ACTIVE_MODEL_CODE = choice(
    "DEPLOY_NOT_ACTIVE_MODEL_CODE", "ValidationException",
    "error for deploying (or updating a deployment to) a custom model that is not Active (Creating, Failed): the "
    "only modeled fit, since the create models no ConflictException", section=_SECTION, ref="§7.2, §12.2",
    shown="`ValidationException`",
)
STATUS_DURING_UPDATE = choice(
    "DEPLOYMENT_STATUS_DURING_UPDATE", "Active",
    "the deployment's `status` while an update runs and after it ends (completed or failed); `updateDetails."
    "updateStatus` says Updating, UpdateCompleted or UpdateFailed, and `modelArn` stays the old model until the "
    "update completes (for good, if it fails)", section=_SECTION, ref="§7.4, §12.7", shown="`Active`",
)
note(_SECTION, "Only an Active deployment with no update running can be updated (ValidationException otherwise: "
     "the update models no ConflictException); an update replaces the model with another deployable custom model "
     "of the caller's, and ends UpdateCompleted unless `set_outcome(name or ARN, \"UpdateFailed\")` is called "
     "while it runs (§7.4, §12.7).")
note(_SECTION, "An unknown custom model, or another account's, is ResourceNotFoundException naming `modelArn`; a "
     "deployed model (or, during an update, either model) cannot be deleted (`DELETE_IN_USE_CODE`) (§7.2, §11).")
BUSY_DELETE_CODE = choice(
    "DEPLOYMENT_BUSY_DELETE_CODE", "ConflictException",
    "error for deleting a deployment while it is Creating or an update runs", section=_SECTION, ref="§7.5",
    shown="`ConflictException`",
)


_UPDATE_STATUSES = ("Updating", "UpdateCompleted", "UpdateFailed")


class Deployment(Tracked):
    """One deployment: the model it serves, and the model of the update in flight or last made (its status is on
    the timeline, after Active)."""

    __slots__ = ("description", "latest_arn", "model_arn", "update_arn")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "Creating")
        self.model_arn = ""
        self.description: str | None = None
        self.update_arn: str | None = None  # the model of the latest update
        self.latest_arn = ""  # what ListCustomModelDeployments' modelArnEquals matches

    def status(self, now: _dt.datetime) -> str:
        """The deployment's status (an update does not change it: ``STATUS_DURING_UPDATE``)."""
        status = self.timeline.status_at(now)
        return STATUS_DURING_UPDATE.value if status in _UPDATE_STATUSES else status

    def update_status(self, now: _dt.datetime) -> str | None:
        """Updating, UpdateCompleted or UpdateFailed, or None before any update."""
        status = self.timeline.status_at(now)
        return status if status in _UPDATE_STATUSES else None

    def serving(self, now: _dt.datetime) -> str:
        """The model ARN the deployment serves at ``now`` (an update's model once it completed)."""
        if self.update_arn is not None and self.timeline.status_at(now) == "UpdateCompleted":
            return self.update_arn
        return self.model_arn

    def updating(self, now: _dt.datetime) -> bool:
        return self.timeline.status_at(now) == "Updating"


def _ended(region: Any, deployment: Deployment, status: str, at: _dt.datetime) -> None:
    """A failed update leaves the deployment on its old model: that is its latest model again."""
    if status == "UpdateFailed":
        deployment.latest_arn = deployment.model_arn


def _uses(deployment: Deployment, now: _dt.datetime) -> tuple[str, ...]:
    if deployment.update_arn is not None and deployment.updating(now):
        return (deployment.model_arn, deployment.update_arn)
    return (deployment.serving(now),)


def _uses_message(request: Request, deployment: Deployment, model: Any) -> str:
    return (f"The custom model {model.name} is deployed by custom model deployment {deployment.name}: delete the "
            "deployment first.")


DEPLOYMENTS = Family[Deployment](
    "custom_model_deployment",
    "custom model deployment",
    arn_type="custom-model-deployment",
    taggable=True,
    lifecycle=Lifecycle(
        running="Creating",
        outcomes=("Active", "Failed", *_UPDATE_STATUSES[1:]),
        duration=DURATION.name,
        failure_message="The custom model deployment failed (bedrock_fake.set_outcome).",
        updating="Updating",
        update_outcomes=_UPDATE_STATUSES[1:],
        on_end=_ended,
    ),
    uses=(Uses(custom_models.MODELS.kind, _uses, _uses_message),),
)


@resolver
def _resolve(request: Request, identifier: str) -> Invocable | None:
    """A deployment of the caller's, by ARN (what the runtime's modelId names)."""
    if not identifier.startswith("arn:") or ":custom-model-deployment/" not in identifier:
        return None
    deployment = request.region.store(DEPLOYMENTS.kind).by_arn(identifier)
    if deployment is None:
        return None
    return Invocable("custom-model-deployment", deployment.arn, None, deployment)


def _deployable(request: Request, model_arn: str) -> None:
    """The model must be the caller's own, Active, and of a base that on-demand deployments serve."""
    model = custom_models.MODELS.find(request, model_arn, own=True)
    if model is None:
        raise not_found(f"Could not find custom model {shown(model_arn)} (modelArn).")
    status = model.status(request.now)
    if status != "Active":
        raise ServiceError(request.code_if_modeled(NOT_ACTIVE_MODEL_CODE.value),
                           f"The custom model {model.name} is {status}: only an Active custom model can be deployed "
                           "(modelArn).")
    if not str(model.variant_id).startswith(tuple(DEPLOYABLE_BASES.value)):
        raise validation(f"The custom model {model.name} cannot be deployed for on-demand inference: its base model "
                         f"{model.variant_id} does not support it (modelArn).")


@DEPLOYMENTS.creates(
    "CreateCustomModelDeployment",
    unique=Unique("modelDeploymentName", DUPLICATE_NAME_CODE,
                  lambda name: f"A custom model deployment named {name} already exists (modelDeploymentName)."),
)
def create_custom_model_deployment(request: Request) -> Plan[Deployment]:
    """Deploy an Active custom model: Creating now, Active after the duration."""
    params = request.params
    _deployable(request, params["modelArn"])
    name = params["modelDeploymentName"]
    arn = request.arn(f"custom-model-deployment/{request.new_id()}")
    deployment = Deployment(arn, name, request.now, tags_from(request, "tags", name))
    deployment.model_arn = deployment.latest_arn = params["modelArn"]
    deployment.description = params.get("description")
    return Plan(deployment, {"customModelDeploymentArn": arn}, names=(name,))


def _last_updated(deployment: Deployment, now: _dt.datetime) -> _dt.datetime:
    changed: _dt.datetime = deployment.timeline.changed_at(now)
    return changed


@operation("GetCustomModelDeployment")
def get_custom_model_deployment(request: Request) -> dict[str, Any]:
    """A deployment by name or ARN, as it stands now."""
    deployment = DEPLOYMENTS.get(request, request.params["customModelDeploymentIdentifier"])
    now = request.now
    status = deployment.status(now)
    out: dict[str, Any] = {
        "customModelDeploymentArn": deployment.arn,
        "modelDeploymentName": deployment.name,
        "modelArn": deployment.serving(now),
        "createdAt": deployment.created,
        "status": status,
    }
    if deployment.description is not None:
        out["description"] = deployment.description
    update_status = deployment.update_status(now)
    if deployment.update_arn is not None and update_status is not None:
        out["updateDetails"] = {"modelArn": deployment.update_arn, "updateStatus": update_status}
    if status == "Failed":
        out["failureMessage"] = deployment.failure_message
    out["lastUpdatedAt"] = _last_updated(deployment, now)
    return out


def _summary(deployment: Deployment, now: _dt.datetime) -> dict[str, Any]:
    status = deployment.status(now)
    out: dict[str, Any] = {
        "customModelDeploymentArn": deployment.arn,
        "customModelDeploymentName": deployment.name,
        "modelArn": deployment.serving(now),
        "createdAt": deployment.created,
        "status": status,
        "lastUpdatedAt": _last_updated(deployment, now),
    }
    if status == "Failed":
        out["failureMessage"] = deployment.failure_message
    return out


DEPLOYMENTS.lists(
    "ListCustomModelDeployments", "modelDeploymentSummaries", _summary,
    # the deployment's latest model: an update's, from the moment it was asked for (the old one again if it failed)
    equals={"modelArnEquals": lambda deployment: deployment.latest_arn},
    time_members=("createdAfter", "createdBefore"),
)


@operation("UpdateCustomModelDeployment")
def update_custom_model_deployment(request: Request) -> dict[str, Any]:
    """Replace the deployed model: updateDetails Updating for the duration, then UpdateCompleted (or
    UpdateFailed, chosen with ``set_outcome``: the old model stays)."""
    params = request.params
    deployment = DEPLOYMENTS.get(request, params["customModelDeploymentIdentifier"])
    now = request.now
    status = deployment.status(now)
    if status != "Active":
        raise validation(f"The custom model deployment {deployment.name} is {status}: only an Active deployment "
                         "can be updated (customModelDeploymentIdentifier).")
    if deployment.updating(now):
        raise validation(f"The custom model deployment {deployment.name} is already being updated "
                         "(customModelDeploymentIdentifier).")
    _deployable(request, params["modelArn"])
    deployment.model_arn = deployment.serving(now)
    deployment.update_arn = deployment.latest_arn = params["modelArn"]
    DEPLOYMENTS.update(request, deployment)  # Updating, then UpdateCompleted (or the UpdateFailed set_outcome chose)
    return {"customModelDeploymentArn": deployment.arn}


@operation("DeleteCustomModelDeployment")
def delete_custom_model_deployment(request: Request) -> dict[str, Any]:
    """Delete at once (refused while Creating or while an update runs)."""
    deployment = DEPLOYMENTS.get(request, request.params["customModelDeploymentIdentifier"])
    now = request.now
    status = deployment.status(now)
    if status == "Creating" or deployment.updating(now):
        raise ServiceError(
            request.code_if_modeled(BUSY_DELETE_CODE.value),
            f"The custom model deployment {deployment.name} cannot be deleted while it is "
            f"{'being created' if status == 'Creating' else 'being updated'}.",
        )
    DEPLOYMENTS.delete_now(request, deployment)
    return {}
