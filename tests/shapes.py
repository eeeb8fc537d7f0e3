"""Values from botocore shapes, for the fuzz and concurrency suites: valid-looking ones and broken ones.

Strings for patterned members are generated from the pattern itself (Python's own regex parser), so
every identifier, ARN and name the model constrains comes out in the form the model accepts; values
the fake handed out earlier (a :class:`Pool`) are reused often, so calls reach existing resources.
Everything is drawn from one ``random.Random``, which keeps a hypothesis example cheap to run.

Two more sources make valid inputs likely without naming any operation: a string member documented as a
JSON string gets a JSON document, and a *record* (``records.py``: the strings one successful call sent and
received, by shape name) fills the identifiers of a follow-up call: the offer token and model id a listing
answered, the guardrail and version a create made, the ARN a put named.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
import re
import string
from typing import Any

from records import _ACCOUNT_ARN, _SHARED_ARN, Record, arn_types, fits, from_record

try:  # Python 3.11 renamed the module; both are the regex parser the re module itself uses
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CATEGORIES = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits + "-_.:/",
    "CATEGORY_NOT_DIGIT": string.ascii_letters,
    "CATEGORY_NOT_WORD": "-.:/ ",
}
_PRINTABLE = string.ascii_letters + string.digits + "-_.:/"
_PARSED: dict[str, Any] = {}


def _category(value: Any) -> str:
    return _CATEGORIES.get(str(value), _PRINTABLE)


def _char_class(items: Any, rng: random.Random) -> str:
    negate = False
    chars: list[str] = []
    for op, value in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(value))
        elif name == "RANGE":
            lo, hi = value
            chars.extend(chr(c) for c in range(lo, min(hi, lo + 200) + 1))
        elif name == "CATEGORY":
            chars.extend(_category(value))
    if negate:
        allowed = [c for c in _PRINTABLE if c not in chars]
        return rng.choice(allowed or ["a"])
    return rng.choice(chars or ["a"])


def _emit(parsed: Any, rng: random.Random, out: list[str], depth: int) -> None:
    for op, value in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(value))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != value]))
        elif name == "ANY":
            out.append(rng.choice(_PRINTABLE))
        elif name == "IN":
            out.append(_char_class(value, rng))
        elif name == "CATEGORY":
            out.append(rng.choice(_category(value)))
        elif name == "BRANCH":
            _emit(rng.choice(value[1]), rng, out, depth + 1)
        elif name == "SUBPATTERN":
            _emit(value[-1], rng, out, depth + 1)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, item = value
            hi = min(hi, lo + (3 if depth < 4 else 1))
            for _ in range(rng.randint(lo, max(lo, hi))):
                _emit(item, rng, out, depth + 1)
        elif name in ("ASSERT", "ASSERT_NOT", "AT", "GROUPREF"):
            continue  # anchors and look-arounds generate nothing


def from_pattern(pattern: str, rng: random.Random, lo: int, hi: int) -> str | None:
    """A string that fully matches ``pattern`` with a length in [lo, hi], or None if none was found."""
    parsed = _PARSED.get(pattern)
    if parsed is None:
        parsed = _PARSED[pattern] = _sre_parse.parse(pattern)
    compiled = re.compile(pattern)
    for _ in range(20):
        out: list[str] = []
        _emit(parsed, rng, out, 0)
        text = "".join(out)
        if lo <= len(text) <= hi and compiled.fullmatch(text):
            return text
    return None


class Pool:
    """Strings the fake answered with, to reuse as identifiers in later calls.

    ``made`` holds what names a resource: account-scoped ARNs the fake minted, and the string members
    of requests that created or changed something; ``minted`` only those ARNs and the ids they end in
    (what identifier members take); ``values`` everything seen (catalog ids, enums...).
    """

    def __init__(self) -> None:
        self.values: list[str] = []
        self.made: list[str] = []
        self.minted: list[str] = []
        #: ARN resource type (``guardrail``, ``foundation-model``) -> the ARNs seen of that type (and the ids of
        #: those minted)
        self.by_type: dict[str, list[str]] = {}
        #: a minted ARN or id -> the Region it lives in
        self.home: dict[str, str] = {}
        self._seen: set[str] = set()
        self._made: set[str] = set()

    def add_from(self, value: Any, made: bool = False) -> None:
        if isinstance(value, str):
            if not 1 <= len(value) <= 2048:
                return
            if value not in self._seen and len(self.values) < 5000:
                self._seen.add(value)
                self.values.append(value)
            minted = _ACCOUNT_ARN.match(value) is not None
            if not minted and value not in self._made and _SHARED_ARN.match(value):  # a foundation model's
                self._made.add(value)
                self.by_type.setdefault(value.split(":", 5)[5].split("/", 1)[0], []).append(value)
                return
            if (made or minted) and value not in self._made:
                self._made.add(value)
                self.made.append(value)
                if minted:
                    ident = value.rsplit("/", 1)[-1]
                    self.minted += [value, ident]
                    parts = value.split(":", 5)
                    self.by_type.setdefault(parts[5].split("/", 1)[0], []).extend((value, ident))
                    self.home[value] = self.home[ident] = parts[3]
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "ResponseMetadata":
                    self.add_from(item, made)
        elif isinstance(value, list):
            for item in value:
                self.add_from(item, made)


def _json_document(rng: random.Random, shape: Any) -> str:
    """A small JSON document for a member documented as a JSON string (a policy, if it says so)."""
    if "polic" in (shape.documentation or "").lower():
        document: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{
            "Sid": f"Fuzz{rng.randint(0, 999)}", "Effect": rng.choice(["Allow", "Deny"]),
            "Principal": {"AWS": f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:root"},
            "Action": rng.choice(["bedrock:ApplyGuardrail", "bedrock:*"]), "Resource": "*",
        }]}
    else:
        document = {"key": rng.choice(string.ascii_lowercase), "value": rng.randint(0, 99)}
    return json.dumps(document)


_JSON_DOC = re.compile(r"\bJSON (string|document|object)\b")


class Values:
    """Valid-looking values of botocore shapes, drawn from ``rng`` (and from ``pool`` for strings, or first from
    ``record``, the strings of the call this one follows up)."""

    def __init__(self, rng: random.Random, pool: Pool, record: Record | None = None) -> None:
        self.rng = rng
        self.pool = pool
        self.record = record

    def of(self, shape: Any, depth: int = 0) -> Any:
        kind = shape.type_name
        meta = shape.metadata
        rng = self.rng
        if kind == "structure":
            return self._structure(shape, depth)
        if kind == "list":
            lo = meta.get("min", 0)
            hi = min(meta.get("max", lo + 2), lo + (2 if depth < 3 else 0))
            return [self.of(shape.member, depth + 1) for _ in range(rng.randint(lo, max(lo, hi)))]
        if kind == "map":  # free-form maps (hyperparameters, ...) are mostly left empty: their keys are rules
            lo = meta.get("min", 0)
            size = lo if rng.random() < 0.6 else rng.randint(lo, max(lo, min(meta.get("max", 2), 2)))
            return {self.of(shape.key, depth + 1): self.of(shape.value, depth + 1) for _ in range(size)}
        if kind == "string":
            return self._string(shape)
        if kind in ("integer", "long"):
            lo, hi = meta.get("min", 0), meta.get("max", 10_000)
            roll = rng.random()
            if roll < 0.6:  # mostly the smallest values: quotas and page sizes are usually small
                return lo + (roll < 0.3)
            return rng.randint(lo, min(hi, lo + 10)) if roll < 0.85 else rng.randint(lo, hi)
        if kind in ("float", "double"):
            return rng.uniform(meta.get("min", 0.0), meta.get("max", 100.0))
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "timestamp":
            start = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)
            return start + _dt.timedelta(seconds=rng.randint(0, 3 * 365 * 86_400))
        if kind == "blob":
            return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 8)))
        return None

    def _string(self, shape: Any) -> str:
        rng = self.rng
        if shape.enum:
            return str(rng.choice(list(shape.enum)))
        if self.record is not None and rng.random() < 0.9:
            found = from_record(shape, self.record)
            if found:
                return str(rng.choice(found))
        if _JSON_DOC.search(shape.documentation or "") and rng.random() < 0.8:
            return _json_document(rng, shape)
        roll = rng.random()
        if roll < 0.75:
            # mostly ARNs (and ids) the fake minted (for a pattern that names ARN types, of those types only:
            # another type's id names nothing), names and ARNs of resources the fake made (the last ones most),
            # sometimes anything seen
            types = arn_types(shape)
            source = self.pool.minted if roll < 0.3 else self.pool.made if roll < 0.55 else self.pool.values
            if roll < 0.3 and types:
                source = [v for t in types for v in self.pool.by_type.get(t, ())[-60:]] or self.pool.values
            fitting = [v for v in source[-300:] if fits(shape, v)]
            if shape.name.endswith("Arn") and "pattern" not in shape.metadata:  # an ARN member takes ARNs
                fitting = [v for v in fitting if v.startswith("arn:")]
            if fitting:
                return str(rng.choice(fitting[-15:] if rng.random() < 0.6 else fitting))
        lo, hi = shape.metadata.get("min", 0), min(shape.metadata.get("max", 64), 300)
        pattern = shape.metadata.get("pattern")
        if pattern:
            found = from_pattern(pattern, rng, lo, max(lo, hi))
            if found is not None:
                return found
        return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(max(lo, min(hi, 12), 1)))

    def _structure(self, shape: Any, depth: int) -> dict[str, Any]:
        if shape.metadata.get("document"):
            return {}
        members = dict(shape.members)
        if getattr(shape, "is_union", False) or shape.metadata.get("union"):
            names = sorted(members)
            if depth > 3:  # deep down, prefer members that do not nest (recursive filters)
                names = [n for n in names if members[n].type_name not in ("structure", "list", "map")] or names
            name = self.rng.choice(names)
            return {name: self.of(members[name], depth + 1)}
        out = {
            name: self.of(member, depth + 1)
            for name, member in sorted(members.items())
            # top-level optionals are usually independent choices; nested ones are often "one of these"
            if name in shape.required_members or (depth < 4 and self.rng.random() < (0.25 if depth == 0 else 0.5))
        }
        if not out and members and 0 < depth < 4:  # a nested structure that is sent at all carries something
            name = self.rng.choice(sorted(members))
            out[name] = self.of(members[name], depth + 1)
        return out


# --- one mutation --------------------------------------------------------------------------------------
def _paths(shape: Any, value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = [(path, shape)]
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, item in value.items():
            member = shape.members.get(name)
            if member is not None:
                found += _paths(member, item, (*path, name))
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(shape.member, item, (*path, i))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any, delete: bool = False) -> Any:
    copy = dict(value) if isinstance(value, dict) else list(value)
    if len(path) == 1:
        if delete:
            copy.pop(path[0], None)  # type: ignore[call-arg]
        else:
            copy[path[0]] = new
        return copy
    copy[path[0]] = _replace(value[path[0]], path[1:], new, delete)
    return copy


def _breakages(shape: Any) -> list[tuple[str, Any]]:
    meta = shape.metadata
    kind = shape.type_name
    out: list[tuple[str, Any]] = [("null", None), ("wrong type", 12345 if kind == "string" else "not-a-value")]
    if kind == "string":
        if "max" in meta:
            out.append(("too long", "a" * (meta["max"] + 1)))
        if meta.get("min", 0) > 1:
            out.append(("too short", "a"))
        if shape.enum:
            out.append(("not in the enum", "NotAnEnumValue"))
        if "pattern" in meta:
            out.append(("off the pattern", " !?\n"))
        out.append(("huge", "x" * 100_000))
    elif kind in ("integer", "long", "float", "double"):
        if "min" in meta:
            out.append(("below min", meta["min"] - 1))
        if "max" in meta:
            out.append(("above max", meta["max"] + 1))
        if kind in ("float", "double"):
            out.append(("nan", float("nan")))
    elif kind == "list":
        if "max" in meta:
            out.append(("too many items", ["x"] * (meta["max"] + 1)))
        out.append(("not a list", {"a": 1}))
    elif kind == "structure":
        out += [("empty structure", {}), ("unknown member", {"noSuchMember": "x"})]
    elif kind == "timestamp":
        out.append(("not a timestamp", "yesterday-ish"))
    return out


def mutate(input_shape: Any, params: dict[str, Any], rng: random.Random) -> tuple[str, dict[str, Any]]:
    """``params`` broken in exactly one place: (what was broken, the new params)."""
    paths = [(p, s) for p, s in _paths(input_shape, params) if p]
    choices: list[tuple[str, tuple[Any, ...], Any, bool]] = []
    for path, shape in paths:
        where = ".".join(map(str, path))
        choices += [(f"{name} at {where}", path, new, False) for name, new in _breakages(shape)]
    for path, shape in [((), input_shape), *paths]:
        if shape.type_name == "structure":
            choices += [(f"{name} dropped", (*path, name), None, True) for name in shape.required_members]
    if not choices:
        return "nothing to break", params
    what, path, new, delete = rng.choice(choices)
    try:
        return what, _replace(params, path, new, delete)
    except (KeyError, IndexError, TypeError):
        return "nothing to break", params
