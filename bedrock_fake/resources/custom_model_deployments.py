"""Custom model deployments: on-demand inference for custom models (serving reference §7).

Operations: Create / Get / List / Update / DeleteCustomModelDeployment (and tagging of the deployment ARN).

Lifecycle (``set_duration("custom_model_deployment", s)``; updates use the same duration)::

    Creating --> Active    (set_outcome(name or ARN, "Failed", message=...) --> Failed)
    Active: UpdateCustomModelDeployment(modelArn) --> updateDetails Updating --> UpdateCompleted
            (the deployment stays Active and serves the old model until the update completes)

A deployment uses its custom model (and, during an update, the new one): DeleteCustomModel of either is
refused while it exists, through the in-use index.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .._choices import choice, duration
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
BUSY_DELETE_CODE = choice(
    "DEPLOYMENT_BUSY_DELETE_CODE", "ConflictException",
    "error for deleting a deployment while it is Creating or an update runs", section=_SECTION, ref="§7.5",
    shown="`ConflictException`",
)


class Deployment(Tracked):
    """One deployment: its model, and the update in flight or last made (model ARN, when it ends)."""

    __slots__ = ("description", "model_arn", "update")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "Creating")
        self.model_arn = ""
        self.description: str | None = None
        self.update: tuple[str, _dt.datetime, _dt.datetime] | None = None  # (new model ARN, start, end)

    def serving(self, now: _dt.datetime) -> str:
        """The model ARN the deployment serves at ``now`` (an update's model once it completed)."""
        if self.update is not None and now >= self.update[2]:
            return self.update[0]
        return self.model_arn

    def updating(self, now: _dt.datetime) -> bool:
        return self.update is not None and now < self.update[2]


def _uses(deployment: Deployment, now: _dt.datetime) -> tuple[str, ...]:
    if deployment.update is not None and now < deployment.update[2]:
        return (deployment.model_arn, deployment.update[0])
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
        outcomes=("Active", "Failed"),
        duration=DURATION.name,
        failure_message="The custom model deployment failed (bedrock_fake.set_outcome).",
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
        raise validation(f"The custom model {model.name} is {status}: only an Active custom model can be deployed "
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
    deployment.model_arn = params["modelArn"]
    deployment.description = params.get("description")
    return Plan(deployment, {"customModelDeploymentArn": arn}, names=(name,))


def _last_updated(deployment: Deployment, now: _dt.datetime) -> _dt.datetime:
    changed = deployment.timeline.changed_at(now)
    if deployment.update is not None:
        start, end = deployment.update[1], deployment.update[2]
        changed = max(changed, end if now >= end else start)
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
    if deployment.update is not None:
        state = "Updating" if now < deployment.update[2] else "UpdateCompleted"
        out["updateDetails"] = {"modelArn": deployment.update[0], "updateStatus": state}
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
    # the deployment's latest model: an update's, from the moment it was asked for
    equals={"modelArnEquals": lambda deployment: deployment.model_arn if deployment.update is None
            else deployment.update[0]},
    time_members=("createdAfter", "createdBefore"),
)


@operation("UpdateCustomModelDeployment")
def update_custom_model_deployment(request: Request) -> dict[str, Any]:
    """Replace the deployed model: updateDetails Updating for the duration, then UpdateCompleted."""
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
    deployment.update = (params["modelArn"], now, now + request.duration(DURATION.name))
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
