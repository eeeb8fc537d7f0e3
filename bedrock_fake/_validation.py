"""Server-side input validation from botocore's service model, the way the Bedrock service does it.

botocore checks only types, required members and ``min`` on the client (and nothing at all with
``Config(parameter_validation=False)``); the service also checks ``max``, ``pattern`` (full match),
``enum`` and numeric ranges. Every violation is collected and reported in one ``ValidationException``
worded as AWS words it::

    2 validation errors detected: Value 'x' at 'jobName' failed to satisfy constraint: ...; Value ...
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any

from .errors import ServiceError

_Check = Callable[[Any, str, list[str]], None]
_compiled: dict[str, _Check] = {}
_PATTERNS: dict[str, re.Pattern[str]] = {}
#: structure shapes being compiled -> a cell for their checker (recursive shapes such as the
#: knowledge-base RetrievalFilter refer to themselves; a reference back checks lazily through it)
_compiling: dict[str, list[_Check]] = {}


def _show(value: Any) -> str:
    """A value the way AWS prints it inside ``Value '...'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _fail(errors: list[str], value: Any, path: str, rule: str, sensitive: bool) -> None:
    shown = "Value" if sensitive else f"Value '{_show(value)}'"
    errors.append(f"{shown} at '{path}' failed to satisfy constraint: {rule}")


def _compile_shape(shape: Any) -> _Check:
    """A checker for values of ``shape`` (called as ``check(value, path, errors)``)."""
    kind = shape.type_name
    meta = shape.metadata
    sensitive = bool(meta.get("sensitive"))
    lo, hi = meta.get("min"), meta.get("max")

    if kind == "structure" and meta.get("document"):
        # A document shape (e.g. a knowledge-base FilterValue) holds any JSON value: nothing to check.
        def check_document(value: Any, path: str, errors: list[str]) -> None:
            return None

        return check_document

    if kind == "structure":
        cell = _compiling.get(shape.name)
        if cell is not None:
            found = cell

            def check_recursive(value: Any, path: str, errors: list[str]) -> None:
                found[0](value, path, errors)

            return check_recursive
        cell = _compiling[shape.name] = []
        try:
            members = [(name, _compile_shape(member)) for name, member in shape.members.items()]
        finally:
            del _compiling[shape.name]
        required = tuple(shape.required_members)
        is_union = bool(getattr(shape, "is_union", False) or meta.get("union"))

        def check_structure(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, dict):
                _fail(errors, value, path, "Member must be a structure", sensitive)
                return
            prefix = f"{path}." if path else ""
            for name in required:
                if value.get(name) is None:
                    errors.append(
                        f"Value null at '{prefix}{name}' failed to satisfy constraint: Member must not be null"
                    )
            if is_union and sum(1 for v in value.values() if v is not None) != 1:
                names = ", ".join(name for name, _ in members)
                _fail(errors, value, path, f"Member must have exactly one of [{names}] set", sensitive)
            for name, check in members:
                member_value = value.get(name)
                if member_value is not None:
                    check(member_value, prefix + name, errors)

        cell.append(check_structure)
        return check_structure

    if kind == "list":
        check_item = _compile_shape(shape.member)

        def check_list(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, (list, tuple)):
                _fail(errors, value, path, "Member must be a list", sensitive)
                return
            if lo is not None and len(value) < lo:
                _fail(errors, value, path, f"Member must have length greater than or equal to {lo}", sensitive)
            if hi is not None and len(value) > hi:
                _fail(errors, value, path, f"Member must have length less than or equal to {hi}", sensitive)
            for i, item in enumerate(value, 1):
                check_item(item, f"{path}.{i}.member", errors)

        return check_list

    if kind == "map":
        check_key = _compile_shape(shape.key)
        check_value = _compile_shape(shape.value)

        def check_map(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, dict):
                _fail(errors, value, path, "Member must be a map", sensitive)
                return
            if lo is not None and len(value) < lo:
                _fail(errors, value, path, f"Member must have length greater than or equal to {lo}", sensitive)
            if hi is not None and len(value) > hi:
                _fail(errors, value, path, f"Member must have length less than or equal to {hi}", sensitive)
            for key, item in value.items():
                check_key(key, f"{path}.{key}.key", errors)
                check_value(item, f"{path}.{key}.value", errors)

        return check_map

    if kind == "string":
        pattern_text = meta.get("pattern")
        pattern = None
        if pattern_text is not None:
            pattern = _PATTERNS.get(pattern_text)
            if pattern is None:
                pattern = _PATTERNS[pattern_text] = re.compile(pattern_text)
        enum = tuple(shape.enum) if shape.enum else None
        enum_text = "[" + ", ".join(enum) + "]" if enum else ""

        def check_string(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, str):
                _fail(errors, value, path, "Member must be a string", sensitive)
                return
            if lo is not None and len(value) < lo:
                _fail(errors, value, path, f"Member must have length greater than or equal to {lo}", sensitive)
            if hi is not None and len(value) > hi:
                _fail(errors, value, path, f"Member must have length less than or equal to {hi}", sensitive)
            if pattern is not None and pattern.fullmatch(value) is None:
                _fail(
                    errors, value, path,
                    f"Member must satisfy regular expression pattern: {pattern_text}", sensitive,
                )
            if enum is not None and value not in enum:
                _fail(errors, value, path, f"Member must satisfy enum value set: {enum_text}", sensitive)

        return check_string

    if kind in ("integer", "long", "float", "double"):
        integral = kind in ("integer", "long")

        def check_number(value: Any, path: str, errors: list[str]) -> None:
            ok = isinstance(value, int) if integral else isinstance(value, (int, float))
            if not ok or isinstance(value, bool):
                _fail(errors, value, path, f"Member must be of type {kind}", sensitive)
                return
            if lo is not None and value < lo:
                _fail(errors, value, path, f"Member must have value greater than or equal to {lo}", sensitive)
            if hi is not None and value > hi:
                _fail(errors, value, path, f"Member must have value less than or equal to {hi}", sensitive)

        return check_number

    if kind == "boolean":

        def check_boolean(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, bool):
                _fail(errors, value, path, "Member must be a boolean", sensitive)

        return check_boolean

    if kind == "timestamp":

        def check_timestamp(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, (_dt.datetime, str, int, float)) or isinstance(value, bool):
                _fail(errors, value, path, "Member must be a timestamp", sensitive)

        return check_timestamp

    def check_anything(value: Any, path: str, errors: list[str]) -> None:
        return None

    return check_anything


def validate_input(operation_model: Any, params: dict[str, Any]) -> None:
    """Raise one ``ValidationException`` listing every constraint ``params`` break, or return."""
    name = operation_model.name
    check = _compiled.get(name)
    if check is None:
        shape = operation_model.input_shape
        check = _compiled[name] = _compile_shape(shape) if shape is not None else (lambda v, p, e: None)
    errors: list[str] = []
    check(params, "", errors)
    if errors:
        count = len(errors)
        head = "1 validation error detected: " if count == 1 else f"{count} validation errors detected: "
        raise ServiceError("ValidationException", head + "; ".join(errors))
