"""Server-side input validation from botocore's service model, the way the Bedrock service does it.

botocore checks only types, required members and ``min`` on the client (and nothing at all with
``Config(parameter_validation=False)``); the service also checks ``max``, ``pattern`` (full match),
``enum`` and numeric ranges. Every violation is collected and reported in one ``ValidationException``
worded as AWS words it::

    2 validation errors detected: Value 'x' at 'jobName' failed to satisfy constraint: ...; Value ...

:func:`validate_input` also hands the handler the request as the service would see it: members sent
as JSON ``null`` are absent, and top-level timestamps (list filters) are aware UTC datetimes.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Any

from botocore.utils import parse_to_aware_datetime

from ._choices import note
from ._clock import UTC
from .errors import shown, validation_errors

_Check = Callable[[Any, str, list[str]], None]
#: Strings longer than this are not matched against their pattern (see ``_compile_string``).
PATTERN_LIMIT = 65_536
#: Per string shape, at most this many values that matched its pattern are remembered, each at most this long.
_MATCHED_VALUES, _MATCHED_LENGTH = 1024, 2048

_SECTION = "Errors and validation (all operations)"
note(_SECTION, "Bad input, unknown resources and conflicts answer with the modeled error; nothing is stored when "
     "a request is refused (a create's checks all run before it commits: `_create`).")
note(_SECTION, "Validation messages use AWS's standard grammar (`N validation errors detected: Value '…' at '…' "
     "failed to satisfy constraint: …`), every violation collected in one message, list elements numbered from 1 "
     "(`jobTags.1.member.key`), patterns matched in full (§14).")
note(_SECTION, "Members sent as JSON `null` (possible with `parameter_validation=False`) count as absent.")
note(_SECTION, "An error message repeats at most 256 characters of any one input value (a longer one is cut and "
     "marked `...(N more characters)`), and no message is longer than 4096 characters. A string over 64 KiB is "
     "refused without matching it against its member's pattern (AWS's front end would refuse the request); "
     "megabytes through the model's identifier patterns would take seconds.")
note(_SECTION, "Every error the fake answers is one the operation's model lists, or one every operation can "
     "answer (`ValidationException`, `ThrottlingException`, `AccessDeniedException`, `InternalServerException`): "
     "a choice such as \"a conflict\" or \"too many tags\" becomes a `ValidationException` where the operation "
     "models no such error (CreateEvaluationJob has no `TooManyTagsException`).")
_compiled: dict[str, tuple[_Check, tuple[str, ...]]] = {}
_PATTERNS: dict[str, re.Pattern[str]] = {}
#: structure shapes being compiled -> a cell for their checker (recursive shapes such as the
#: knowledge-base RetrievalFilter refer to themselves; a reference back checks lazily through it)
_compiling: dict[str, list[_Check]] = {}


def _show(value: Any) -> str:
    """A value the way AWS prints it inside ``Value '...'`` (long values are cut: see ``errors.shown``)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(_show(v) for v in value[:20]) + (", ..." if len(value) > 20 else "") + "]"
    elif isinstance(value, dict):
        items = list(value.items())
        text = "{" + ", ".join(f"{shown(k, 64)}={_show(v)}" for k, v in items[:20])
        text += (", ..." if len(items) > 20 else "") + "}"
    else:
        return shown(value)
    return shown(text)


def _fail(errors: list[str], value: Any, path: str, rule: str, sensitive: bool) -> None:
    where = f"Value at '{path}'" if sensitive else f"Value '{_show(value)}' at '{path}'"
    errors.append(f"{where} failed to satisfy constraint: {rule}")


def _length_rules(value: Any, path: str, errors: list[str], lo: Any, hi: Any, sensitive: bool) -> None:
    if lo is not None and len(value) < lo:
        _fail(errors, value, path, f"Member must have length greater than or equal to {lo}", sensitive)
    if hi is not None and len(value) > hi:
        _fail(errors, value, path, f"Member must have length less than or equal to {hi}", sensitive)


# --- one compiler per shape type ---------------------------------------------------------------------
def _compile_structure(shape: Any, sensitive: bool) -> _Check:
    if shape.metadata.get("document"):
        # A document shape (e.g. a knowledge-base FilterValue) holds any JSON value: nothing to check.
        return _check_nothing
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
    is_union = bool(getattr(shape, "is_union", False) or shape.metadata.get("union"))
    names = ", ".join(name for name, _ in members)

    by_name = dict(members)

    def check_in_order(value: dict[str, Any], path: str, errors: list[str]) -> None:
        prefix = f"{path}." if path else ""
        for name in required:
            if value.get(name) is None:
                errors.append(f"Value null at '{prefix}{name}' failed to satisfy constraint: Member must not be null")
        if is_union and sum(1 for v in value.values() if v is not None) != 1:
            _fail(errors, value, path, f"Member must have exactly one of [{names}] set", sensitive)
        for name, check in members:
            member_value = value.get(name)
            if member_value is not None:
                check(member_value, prefix + name, errors)

    def check_structure(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, dict):
            _fail(errors, value, path, "Member must be a structure", sensitive)
            return
        # Fast pass over the members the request has (a shape often has many more); only a request that
        # breaks a rule is checked again in the model's member order, which is the order the report uses.
        found: list[str] = []
        prefix = f"{path}." if path else ""
        for name, member_value in value.items():
            check = by_name.get(name)
            if check is not None and member_value is not None:
                check(member_value, prefix + name, found)
        complete = True
        for name in required:
            if value.get(name) is None:
                complete = False
                break
        if found or is_union or not complete:
            check_in_order(value, path, errors)

    cell.append(check_structure)
    return check_structure


def _compile_list(shape: Any, sensitive: bool) -> _Check:
    check_item = _compile_shape(shape.member)
    lo, hi = shape.metadata.get("min"), shape.metadata.get("max")

    def check_list(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, (list, tuple)):
            _fail(errors, value, path, "Member must be a list", sensitive)
            return
        _length_rules(value, path, errors, lo, hi, sensitive)
        for i, item in enumerate(value, 1):
            check_item(item, f"{path}.{i}.member", errors)

    return check_list


def _compile_map(shape: Any, sensitive: bool) -> _Check:
    check_key = _compile_shape(shape.key)
    check_value = _compile_shape(shape.value)
    lo, hi = shape.metadata.get("min"), shape.metadata.get("max")

    def check_map(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, dict):
            _fail(errors, value, path, "Member must be a map", sensitive)
            return
        _length_rules(value, path, errors, lo, hi, sensitive)
        for key, item in value.items():
            where = f"{path}.{shown(key, 64)}"
            check_key(key, f"{where}.key", errors)
            check_value(item, f"{where}.value", errors)

    return check_map


#: shape name -> a pattern accepted besides the model's (see :func:`also_accept`)
_ALSO_ACCEPTED: dict[str, str] = {}


def also_accept(shape_name: str, pattern: str) -> None:
    """Accept input values of ``shape_name`` that match ``pattern`` as well as the model's own pattern.

    For identifiers AWS accepts that its model's pattern lacks (a custom prompt router's ARN in
    GetPromptRouter); the family calls it at import, beside the reason, before any request is checked.
    """
    _ALSO_ACCEPTED[shape_name] = pattern


def _compile_string(shape: Any, sensitive: bool) -> _Check:
    lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
    pattern_text = shape.metadata.get("pattern")
    pattern = None
    if pattern_text is not None:
        source = pattern_text
        if shape.name in _ALSO_ACCEPTED:
            source = f"(?:{pattern_text})|(?:{_ALSO_ACCEPTED[shape.name]})"
        pattern = _PATTERNS.get(source)
        if pattern is None:
            pattern = _PATTERNS[source] = re.compile(source)
    enum = tuple(shape.enum) if shape.enum else None
    enum_text = "[" + ", ".join(enum) + "]" if enum else ""
    # Values that matched the pattern: tests send the same role ARN, S3 URI or job ARN again and again (a
    # polling loop), and a dict lookup costs a fraction of matching a long ARN pattern again.
    matched: dict[str, None] = {}

    def check_string(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, str):
            _fail(errors, value, path, "Member must be a string", sensitive)
            return
        if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
            _length_rules(value, path, errors, lo, hi, sensitive)
        # A regular expression over megabytes of input takes seconds (the model's identifier patterns
        # backtrack): a value that long is refused unmatched, as AWS's front end would refuse it (a member
        # without a max length must not slip through into stored state).
        if pattern is not None and value not in matched:
            if len(value) > PATTERN_LIMIT or pattern.fullmatch(value) is None:
                _fail(errors, value, path, f"Member must satisfy regular expression pattern: {pattern_text}",
                      sensitive)
            elif len(value) <= _MATCHED_LENGTH:
                if len(matched) >= _MATCHED_VALUES:
                    matched.clear()
                matched[value] = None
        if enum is not None and value not in enum:
            _fail(errors, value, path, f"Member must satisfy enum value set: {enum_text}", sensitive)

    return check_string


def _compile_number(shape: Any, sensitive: bool) -> _Check:
    type_name = shape.type_name
    integral = type_name in ("integer", "long")
    lo, hi = shape.metadata.get("min"), shape.metadata.get("max")

    def check_number(value: Any, path: str, errors: list[str]) -> None:
        ok = isinstance(value, int) if integral else isinstance(value, (int, float))
        if not ok or isinstance(value, bool):
            _fail(errors, value, path, f"Member must be of type {type_name}", sensitive)
            return
        if value != value:  # NaN compares with nothing, so no range could hold it
            _fail(errors, value, path, "Member must be a number", sensitive)
            return
        if lo is not None and value < lo:
            _fail(errors, value, path, f"Member must have value greater than or equal to {lo}", sensitive)
        if hi is not None and value > hi:
            _fail(errors, value, path, f"Member must have value less than or equal to {hi}", sensitive)

    return check_number


def _compile_boolean(shape: Any, sensitive: bool) -> _Check:
    def check_boolean(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, bool):
            _fail(errors, value, path, "Member must be a boolean", sensitive)

    return check_boolean


def _compile_timestamp(shape: Any, sensitive: bool) -> _Check:
    def check_timestamp(value: Any, path: str, errors: list[str]) -> None:
        if not isinstance(value, (_dt.datetime, str, int, float)) or isinstance(value, bool):
            _fail(errors, value, path, "Member must be a timestamp", sensitive)
            return
        try:
            _to_utc(value)
        except (ValueError, TypeError, OverflowError):
            _fail(errors, value, path, "Member must be a timestamp", sensitive)

    return check_timestamp


def _check_nothing(value: Any, path: str, errors: list[str]) -> None:
    return None


def _compile_blob(shape: Any, sensitive: bool) -> _Check:
    lo, hi = shape.metadata.get("min"), shape.metadata.get("max")

    def check_blob(value: Any, path: str, errors: list[str]) -> None:
        # What botocore sends in a JSON body: bytes as given, a str as its UTF-8 bytes
        if isinstance(value, str):
            value = value.encode()
        if isinstance(value, (bytes, bytearray)):
            _length_rules(value, path, errors, lo, hi, True)  # never repeat a blob's bytes in a message
        else:
            _fail(errors, value, path, "Member must be a blob (bytes)", True)

    return check_blob


_COMPILERS: dict[str, Callable[[Any, bool], _Check]] = {
    "structure": _compile_structure,
    "list": _compile_list,
    "map": _compile_map,
    "string": _compile_string,
    "integer": _compile_number,
    "long": _compile_number,
    "float": _compile_number,
    "double": _compile_number,
    "boolean": _compile_boolean,
    "timestamp": _compile_timestamp,
    "blob": _compile_blob,
}


def _compile_shape(shape: Any) -> _Check:
    """A checker for values of ``shape`` (called as ``check(value, path, errors)``)."""
    compile_type = _COMPILERS.get(shape.type_name)
    if compile_type is None:  # types no Bedrock input uses: nothing to check
        return _check_nothing
    return compile_type(shape, bool(shape.metadata.get("sensitive")))


# --- the request as the service sees it ------------------------------------------------------------
def _to_utc(value: Any) -> _dt.datetime:
    return parse_to_aware_datetime(value).astimezone(UTC)  # type: ignore[no-any-return]


def _has_null(value: Any) -> bool:
    """Whether a dict or list holds a ``None`` anywhere."""
    for member in value.values() if type(value) is dict else value:
        if member is None:
            return True
        kind = type(member)
        if (kind is dict or kind is list) and _has_null(member):
            return True
    return False


def _without_nulls(value: Any) -> Any:
    """``value`` with every ``None`` member of its structures left out (JSON ``null`` means absent)."""
    if type(value) is dict:
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if type(value) is list:
        return [_without_nulls(v) for v in value]
    return value


def _compile(operation_model: Any) -> tuple[_Check, tuple[str, ...]]:
    shape = operation_model.input_shape
    if shape is None:
        return _check_nothing, ()
    timestamps = tuple(name for name, member in shape.members.items() if member.type_name == "timestamp")
    return _compile_shape(shape), timestamps


def validate_input(operation_model: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The request as the service sees it, or one ``ValidationException`` listing every broken constraint.

    The caller's dict is never modified: a cleaned copy is made only when something needs cleaning.
    """
    name = operation_model.name
    compiled = _compiled.get(name)
    if compiled is None:
        compiled = _compiled[name] = _compile(operation_model)
    check, timestamps = compiled
    if _has_null(params):
        params = _without_nulls(params)
    errors: list[str] = []
    check(params, "", errors)
    if errors:
        raise validation_errors(errors)
    for member in timestamps:
        if member in params:
            params = dict(params)
            for name in timestamps:
                if name in params:
                    params[name] = _to_utc(params[name])
            break
    return params
