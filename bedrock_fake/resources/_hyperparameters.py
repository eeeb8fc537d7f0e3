"""Hyperparameters each customizable base model accepts in CreateModelCustomizationJob's ``hyperParameters``,
and the check of a request against them (:func:`check`).

The service model types ``hyperParameters`` as a plain string-to-string map; the service checks the
names, types and ranges per base model. These tables are AWS's user-guide pages
(https://docs.aws.amazon.com/bedrock/latest/userguide/custom-models-hp.html and the pages it links):

- cm-hp-titan-text.html (Titan Text G1 Express / Lite; the same table for continued pre-training)
- cm-hp-titan-mm.html (Titan Multimodal Embeddings G1: ``epochCount`` has no default and is required)
- cm-hp-titan-image.html (Titan Image Generator; ranges *inferred*: the page was not available)
- cm-hp-nova-mm.html (Nova Micro / Lite / Pro; ``batchSize`` 1 is accepted because AWS's own samples
  send it, though the page lists three hyperparameters: *inferred*)
- cm-hp-anth-claude-3.html (Claude 3 Haiku: ``learningRateMultiplier``, not ``learningRate``)
- cm-hp-meta-llama31.html / -llama32.html (Llama 3.1 / 3.2; Llama 3.3 takes the 3.1 table: *inferred*)

Distillation jobs document no hyperparameters and reinforcement fine-tuning takes its own in
``customizationConfig.rftConfig.hyperParameters`` (typed in the service model): for them the map is not
checked (whether AWS rejects or ignores it is unknown). Each row: name -> (type, min, max, required).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import shown, validation_errors

Row = tuple[str, float, float, bool]
Table = dict[str, Row]

TITAN_TEXT: Table = {
    "epochCount": ("integer", 1, 10, False),
    "batchSize": ("integer", 1, 64, False),
    "learningRate": ("float", 0.0, 1.0, False),
    "learningRateWarmupSteps": ("integer", 0, 250, False),
}
TITAN_MULTIMODAL_EMBEDDINGS: Table = {
    "epochCount": ("integer", 1, 100, True),  # also accepts "Auto"
    "batchSize": ("integer", 256, 9216, False),
    "learningRate": ("float", 5e-8, 1.0, False),
}
TITAN_IMAGE: Table = {
    "stepCount": ("integer", 10, 40_000, False),
    "batchSize": ("integer", 8, 192, False),
    "learningRate": ("float", 1e-7, 1.0, False),
}
NOVA_UNDERSTANDING: Table = {
    "epochCount": ("integer", 1, 5, False),
    "learningRate": ("float", 1e-6, 1e-4, False),
    "learningRateWarmupSteps": ("integer", 0, 100, False),
    "batchSize": ("integer", 1, 1, False),
}
CLAUDE_3_HAIKU: Table = {
    "epochCount": ("integer", 1, 10, False),
    "batchSize": ("integer", 4, 256, False),
    "learningRateMultiplier": ("float", 0.1, 2.0, False),
    "earlyStoppingThreshold": ("float", 0.0, 0.1, False),
    "earlyStoppingPatience": ("integer", 1, 10, False),
}
LLAMA_3: Table = {
    "epochCount": ("integer", 1, 10, False),
    "batchSize": ("integer", 1, 1, False),
    "learningRate": ("float", 5e-6, 0.1, False),
}

#: Values besides numbers that a hyperparameter accepts.
SPECIAL_VALUES: dict[tuple[str, str], frozenset[str]] = {
    ("amazon.titan-embed-image-v1:0", "epochCount"): frozenset({"Auto"}),
}

_FT_AND_CPT = ("FINE_TUNING", "CONTINUED_PRE_TRAINING")

#: customizable variant id -> customization type -> the hyperparameters it accepts
HYPERPARAMETERS: dict[str, dict[str, Table]] = {
    "amazon.titan-text-express-v1:0:8k": dict.fromkeys(_FT_AND_CPT, TITAN_TEXT),
    "amazon.titan-text-lite-v1:0:4k": dict.fromkeys(_FT_AND_CPT, TITAN_TEXT),
    "amazon.titan-embed-image-v1:0": {"FINE_TUNING": TITAN_MULTIMODAL_EMBEDDINGS},
    "amazon.titan-image-generator-v1:0": {"FINE_TUNING": TITAN_IMAGE},
    "amazon.titan-image-generator-v2:0": {"FINE_TUNING": TITAN_IMAGE},
    "amazon.nova-micro-v1:0:128k": {"FINE_TUNING": NOVA_UNDERSTANDING},
    "amazon.nova-lite-v1:0:300k": {"FINE_TUNING": NOVA_UNDERSTANDING},
    "amazon.nova-pro-v1:0:300k": {"FINE_TUNING": NOVA_UNDERSTANDING},
    "anthropic.claude-3-haiku-20240307-v1:0:200k": {"FINE_TUNING": CLAUDE_3_HAIKU},
    "meta.llama3-1-8b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-1-70b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-2-1b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-2-3b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-2-11b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-2-90b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
    "meta.llama3-3-70b-instruct-v1:0:128k": {"FINE_TUNING": LLAMA_3},
}


# --- the check -------------------------------------------------------------------------------------
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _hyperparameter_problems(name: str, value: str, row: Row, variant_id: str) -> list[str]:
    value_type, lo, hi, _ = row
    path = f"hyperParameters.{shown(name, 64)}"
    where = f"Value '{shown(value)}' at '{path}' failed to satisfy constraint"
    if value in SPECIAL_VALUES.get((variant_id, name), ()):
        return []
    number: float
    if value_type == "integer":
        if not _INTEGER.fullmatch(value.strip()):
            return [f"{where}: Member must be an integer"]
        number = int(value)
    else:
        try:
            number = float(value)
        except ValueError:
            return [f"{where}: Member must be a number"]
        if not math.isfinite(number):
            return [f"{where}: Member must be a number"]
    if number < lo:
        return [f"{where}: Member must have value greater than or equal to {_bound(value_type, lo)}"]
    if number > hi:
        return [f"{where}: Member must have value less than or equal to {_bound(value_type, hi)}"]
    return []


def _bound(value_type: str, value: float) -> str:
    return str(int(value)) if value_type == "integer" else repr(float(value))


def check(params: dict[str, Any], variant_id: str, customization_type: str) -> None:
    """The base model's hyperparameters: known names, numbers of the right type, in range (the
    tables above; all problems in one ValidationException, in AWS's grammar)."""
    table = HYPERPARAMETERS.get(variant_id, {}).get(customization_type)
    if table is None:
        return  # distillation, reinforcement fine-tuning, or a model without a documented table
    given: dict[str, str] = params.get("hyperParameters") or {}
    errors: list[str] = []
    for name, value in given.items():
        row = table.get(name)
        if row is None:
            errors.append(
                f"Value '{shown(name, 64)}' at 'hyperParameters' failed to satisfy constraint: {shown(name, 64)} "
                f"is not a hyperparameter of {variant_id} for {customization_type} (it takes "
                f"{', '.join(sorted(table))})"
            )
            continue
        errors += _hyperparameter_problems(name, value, row, variant_id)
    for name, row in table.items():
        if row[3] and name not in given:
            errors.append(
                f"Value null at 'hyperParameters.{name}' failed to satisfy constraint: Member must not be null"
            )
    if errors:
        raise validation_errors(errors)
