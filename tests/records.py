"""What a string can stand for: whether it fits a botocore string shape, which ARN types a shape names, and
*records* — the strings one successful call sent and received, by shape name — with which operations a record
can feed (for the fuzz suite's follow-up calls; ``shapes.Values`` fills a follow-up's identifiers from one).

Patterns the fake also accepts (``_validation.also_accept``: a custom prompt router's ARN) count as fitting.
Nothing here names an operation: it all follows from the service model's shapes and patterns.
"""

from __future__ import annotations

import re
from typing import Any

from bedrock_fake import _validation

_ACCOUNT_ARN = re.compile(r"arn:aws[-a-z]*:bedrock:[a-z0-9-]+:[0-9]{12}:")
_SHARED_ARN = re.compile(r"arn:aws[-a-z]*:bedrock:[a-z0-9-]*::[a-z-]+/")


#: shape name -> the pattern the fake accepts besides the model's (``_validation.also_accept``)
_ALSO: dict[str, str] = getattr(_validation, "_ALSO_ACCEPTED", {})


_ARN_TYPE = re.compile(r":\(([a-z|-]+)\)/|:([a-z][a-z-]*[a-z])/")  # ":type/" or ":(type|type)/"
_TYPES: dict[str, tuple[str, ...]] = {}


def arn_types(shape: Any) -> tuple[str, ...]:
    """The ARN resource types a string shape's pattern (or the pattern the fake also accepts) names."""
    found = _TYPES.get(shape.name)
    if found is None:
        text = (shape.metadata.get("pattern") or "") + " " + _ALSO.get(shape.name, "")
        names = [t for group, one in _ARN_TYPE.findall(text) for t in (group.split("|") if group else [one])]
        found = _TYPES[shape.name] = tuple(dict.fromkeys(t for t in names if t))
    return found


_Rule = tuple[int, int, frozenset[str], "re.Pattern[str] | None", "re.Pattern[str] | None"]
_RULES: dict[str, _Rule] = {}


def _rule(shape: Any) -> _Rule:
    found = _RULES.get(shape.name)
    if found is None:
        pattern, also = shape.metadata.get("pattern"), _ALSO.get(shape.name)
        found = _RULES[shape.name] = (
            shape.metadata.get("min", 0), shape.metadata.get("max", 2048), frozenset(shape.enum or ()),
            re.compile(pattern) if pattern else None, re.compile(also) if also else None,
        )
    return found


def fits(shape: Any, value: str) -> bool:
    """Whether a string satisfies ``shape``'s length, enum and pattern (or a pattern the fake also accepts)."""
    lo, hi, enum, pattern, also = _rule(shape)
    if not lo <= len(value) <= hi:
        return False
    if enum:
        return value in enum
    if pattern is None or pattern.fullmatch(value) is not None:
        return True
    return also is not None and also.fullmatch(value) is not None


# --- records: what one call sent and received, to feed the next --------------------------------------------
Record = dict[str, list[str]]
_IDENTIFYING: dict[str, bool] = {}


def record_of(shape: Any, value: Any, out: Record | None = None, depth: int = 0) -> Record:
    """Every string of ``value`` by its shape name (the first items of long lists; a few values a shape)."""
    out = {} if out is None else out
    kind = shape.type_name
    if kind == "string" and isinstance(value, str) and not shape.enum:
        found = out.setdefault(shape.name, [])
        if 1 <= len(value) <= 2048 and value not in found and len(found) < 6:
            found.append(value)
    elif kind == "structure" and isinstance(value, dict) and depth < 6:
        for name, item in value.items():
            member = shape.members.get(name)
            if member is not None:
                record_of(member, item, out, depth + 1)
    elif kind == "list" and isinstance(value, list) and depth < 6:
        for item in value[:4]:
            record_of(shape.member, item, out, depth + 1)
    return out


def identifying(shape: Any) -> bool:
    """Whether a string shape names something: its pattern refuses free text (a description's does not)."""
    found = _IDENTIFYING.get(shape.name)
    if found is None:
        pattern = shape.metadata.get("pattern")
        found = _IDENTIFYING[shape.name] = bool(pattern) and re.fullmatch(pattern, "Zq zq! ?") is None
    return found


def from_record(shape: Any, record: Record) -> list[str]:
    """The record's values that can stand for ``shape``: its own shape's, else (for an identifying shape) the ARNs
    of the types its pattern names, else any value that fits, else (for a pattern-less ``...Arn`` shape) any
    ARN."""
    same = [v for v in record.get(shape.name, ()) if fits(shape, v)]
    if same or shape.enum:
        return same
    if identifying(shape):
        fitting = [v for values in record.values() for v in values if fits(shape, v)]
        types = arn_types(shape)
        typed = [v for v in fitting if v.startswith("arn:") and v.split(":", 5)[-1].split("/", 1)[0] in types]
        return typed or fitting
    if shape.name.lower().endswith("arn") and "pattern" not in shape.metadata:
        return [v for values in record.values() for v in values if v.startswith("arn:") and fits(shape, v)]
    return []


_REQUIRED: dict[str, list[Any]] = {}


def _required_strings(shape: Any, depth: int = 0) -> list[Any]:
    """The string shapes a request cannot do without (in required structures too, not in unions)."""
    if depth == 0:
        found = _REQUIRED.get(shape.name)
        if found is None:
            found = _REQUIRED[shape.name] = _required_strings(shape, 1)
        return found
    if shape.type_name != "structure" or depth > 4 or getattr(shape, "is_union", False) or shape.metadata.get("union"):
        return []
    found = []
    for name in shape.required_members:
        member = shape.members[name]
        if member.type_name == "string" and not member.enum:
            found.append(member)
        elif member.type_name == "structure":
            found += _required_strings(member, depth + 1)
    return found


def feeds(input_shape: Any, record: Record, produced: frozenset[str] = frozenset()) -> int:
    """How well ``record`` fills a request of ``input_shape`` (0: it cannot). Every required string that names
    something must be fillable; then 4 when one is filled by its own shape or by an ARN of the one or two types
    its pattern names, with a value the call *produced* (its answer, not its request), 3 the same with a value it
    was sent, 2 by an ARN it minted for a member without a pattern, 1 else (a name, an ARN of a many-type
    pattern)."""
    score = 0
    for shape in _required_strings(input_shape):
        values = from_record(shape, record)
        if not values:
            if identifying(shape):
                return 0
            continue
        specific = 0 < len(arn_types(shape)) <= 2 and any(v.startswith("arn:") for v in values)
        if shape.name in record or specific:
            score = max(score, 4 if produced.intersection(values) else 3)
        else:  # an ARN the call minted, for a member without a pattern (what it takes, only the fake knows)
            minted = any(_ACCOUNT_ARN.match(v) for v in produced.intersection(values))
            score = max(score, 2 if "pattern" not in shape.metadata and minted else 1)
    return score
