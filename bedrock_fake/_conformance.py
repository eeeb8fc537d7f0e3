"""What every answer must conform to: the operation's output shape, and the errors its model lists.

Used two ways. In strict mode (``BEDROCK_FAKE_STRICT=1``, which the project's test suite sets) an
answer that breaks a rule is a bug in the fake and raises :class:`StrictModeError` at once. Otherwise
an error code the operation does not model is answered as ``ValidationException`` (same message), so
users never see an error their AWS code could not get.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from typing import Any

from .errors import BedrockFakeError

#: Errors every operation can answer, modeled for it or not (the service framework's own).
COMMON_ERRORS = frozenset(
    ("ValidationException", "ThrottlingException", "AccessDeniedException", "InternalServerException")
)
#: What ``inject_error`` may inject besides the operation's own errors: the common ones, and the 503
#: that AWS's front ends can answer for any operation (botocore retries it for every operation).
INJECTABLE_EXTRA = frozenset(("ServiceUnavailableException",))


class StrictModeError(BedrockFakeError, AssertionError):
    """An answer of the fake broke its service model (raised only in strict mode: a bug in the fake)."""


def strict_mode() -> bool:
    """Whether answers are checked (``BEDROCK_FAKE_STRICT=1``; the project's own test suite sets it)."""
    return os.environ.get("BEDROCK_FAKE_STRICT") == "1"


@functools.lru_cache(maxsize=512)
def modeled_errors(operation_model: Any) -> frozenset[str]:
    """The error codes ``operation_model`` lists, plus those every operation can answer."""
    return COMMON_ERRORS | {shape.name for shape in operation_model.error_shapes}


def allowed_error(operation_model: Any, code: str) -> bool:
    """Whether the operation may answer error ``code``."""
    return code in modeled_errors(operation_model)


# --- output shapes --------------------------------------------------------------------------------------
_PATTERNS: dict[str, re.Pattern[str]] = {}
#: (operation, shape name, value pattern): answers a family deliberately gives off the model's pattern
_DEVIATIONS: list[tuple[frozenset[str] | None, str, re.Pattern[str]]] = []


def allow_pattern_deviation(operations: tuple[str, ...] | None, shape_name: str, value_pattern: str) -> None:
    """Accept values matching ``value_pattern`` in ``shape_name`` strings of ``operations``' outputs
    (None: of every operation).

    For behaviour AWS shows but its model's patterns do not admit (a family documents why beside
    the call); strict mode still checks every other value of the shape.
    """
    _DEVIATIONS.append((None if operations is None else frozenset(operations), shape_name, re.compile(value_pattern)))


def _deviation_allowed(path: str, shape: Any, value: str) -> bool:
    operation = path.split(".", 1)[0]
    return any(
        (operations is None or operation in operations) and shape.name == shape_name and pattern.fullmatch(value)
        for operations, shape_name, pattern in _DEVIATIONS
    )


# botocore releases before about 1.39 group CustomModelArn's pattern as `custom-model/(imported|<base>/<id>)`,
# which rejects AWS's own example `custom-model/imported/abcdef123456`; later releases fixed the grouping.
for _shape in ("CustomModelArn", "ModelArn"):
    allow_pattern_deviation(
        None, _shape, r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/imported/[a-z0-9]{12}"
    )


def _pattern(text: str) -> re.Pattern[str]:
    found = _PATTERNS.get(text)
    if found is None:
        found = _PATTERNS[text] = re.compile(text)
    return found


def output_problems(operation_model: Any, output: dict[str, Any]) -> list[str]:
    """Every way ``output`` (before ``ResponseMetadata`` is added) breaks the operation's output shape.

    Checked: types as botocore's parser yields them (aware datetimes, ints, floats, bools), no member
    the shape lacks, no ``None``, required members present, enum values and string patterns. Lengths
    are not checked: the model gives outputs bounds the service does not keep (an empty
    ``ListEvaluationJobs.jobSummaries`` has ``min`` 1; AWS lists ``modelName`` "Titan Text G1 - Express",
    23 characters, where the model says at most 20).
    """
    problems: list[str] = []
    shape = operation_model.output_shape
    if shape is None:
        if output:
            problems.append(f"{operation_model.name} has no output shape but answered {sorted(output)}")
        return problems
    _check(shape, output, operation_model.name, problems, set())
    return problems


def _check(shape: Any, value: Any, path: str, problems: list[str], seen: set[str]) -> None:
    type_name = shape.type_name
    if value is None:
        problems.append(f"{path} is None (absent members are omitted, never null)")
        return
    if type_name == "structure":
        if shape.metadata.get("document"):
            return
        if not isinstance(value, dict):
            problems.append(f"{path} should be a structure, got {type(value).__name__}")
            return
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}.{name} is required but missing")
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is None:
                problems.append(f"{path}.{name} is not a member of {shape.name}")
                continue
            _check(member, member_value, f"{path}.{name}", problems, seen)
    elif type_name == "list":
        if not isinstance(value, list):
            problems.append(f"{path} should be a list, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}[{i}]", problems, seen)
    elif type_name == "map":
        if not isinstance(value, dict):
            problems.append(f"{path} should be a map, got {type(value).__name__}")
            return
        for key, item in value.items():
            _check(shape.key, key, f"{path}<key>", problems, seen)
            _check(shape.value, item, f"{path}[{key!r}]", problems, seen)
    elif type_name == "string":
        _check_string(shape, value, path, problems)
    elif type_name in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path} should be an integer, got {value!r}")
    elif type_name in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path} should be a number, got {value!r}")
    elif type_name == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path} should be a boolean, got {value!r}")
    elif type_name == "timestamp" and (not isinstance(value, _dt.datetime) or value.tzinfo is None):
        problems.append(f"{path} should be an aware datetime, got {value!r}")


def _check_string(shape: Any, value: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, str):
        problems.append(f"{path} should be a string, got {type(value).__name__}")
        return
    if shape.enum and value not in shape.enum:
        problems.append(f"{path}={value!r} is not in {shape.name}'s enum {list(shape.enum)}")
    pattern = shape.metadata.get("pattern")
    off_pattern = pattern is not None and _pattern(pattern).fullmatch(value) is None
    if off_pattern and not _deviation_allowed(path, shape, value):
        problems.append(f"{path}={value[:200]!r} does not match {shape.name}'s pattern {pattern[:200]}")
