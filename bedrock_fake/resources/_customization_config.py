"""CreateModelCustomizationJob's ``customizationConfig`` rules: what each customization type needs of it.

A distillation job names a teacher that the catalog marks as one (by id, ARN or a system inference
profile routing to it); a reinforcement fine-tuning job needs a grader; neither config is valid for
another type. The service model marks none of these members required: the rules are AWS's documented
ones, and the grader rule a choice (below).
"""

from __future__ import annotations

from .._choices import note
from .._invocable import resolve
from .._request import Request
from ..errors import validation
from . import foundation_models

note("Model customization jobs",
     "A REINFORCEMENT_FINE_TUNING job needs `customizationConfig.rftConfig.graderConfig` (the model marks "
     "neither required; a job without a grader has nothing to learn from). It runs on the models the catalog marks "
     "(Nova 2 Lite, `amazon.nova-2-lite-v1:0:256k`), though ListFoundationModels cannot list RFT (its enum lacks it).")


def check(request: Request, customization_type: str) -> None:
    """Refuse a ``customizationConfig`` that does not fit ``customizationType`` (ValidationException)."""
    params = request.params
    config = params.get("customizationConfig") or {}
    distillation = config.get("distillationConfig")
    if customization_type == "DISTILLATION":
        if distillation is None:
            raise validation("customizationConfig.distillationConfig is required for DISTILLATION jobs.")
        teacher_id = distillation["teacherModelConfig"]["teacherModelIdentifier"]
        # a foundation model by id or ARN, or a system inference profile that routes to one
        invocable = resolve(request, teacher_id)
        teacher = None
        if invocable is not None and invocable.arn_type in ("foundation-model", "inference-profile"):
            teacher = foundation_models.CATALOG.get(invocable.model_id or "")
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
