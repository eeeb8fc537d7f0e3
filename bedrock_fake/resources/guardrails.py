"""Guardrails and their versions (governance reference §2).

Operations: Create / Get / List / Update / DeleteGuardrail, CreateGuardrailVersion (and tagging of the
guardrail ARN; its resource policy lives in ``resource_policies``).

A guardrail is a DRAFT plus immutable numbered versions (``_versions.Versions``): UpdateGuardrail replaces
the DRAFT's configuration, CreateGuardrailVersion freezes the DRAFT as the next number. Every status change
takes the ``guardrail`` duration (``set_duration("guardrail", s)``)::

    CreateGuardrail         DRAFT CREATING   --> READY   (set_outcome(name or ARN, "FAILED", message) --> FAILED)
    UpdateGuardrail         DRAFT UPDATING   --> READY | FAILED
    CreateGuardrailVersion  DRAFT VERSIONING --> READY | FAILED; the new version VERSIONING --> READY | FAILED
    DeleteGuardrail         DELETING --> gone (every version with it); with a version: that version, at once

While READY or FAILED, an outcome set with ``set_outcome`` is kept for the guardrail's next change.
The stored configuration is the GetGuardrail form (``_guardrail_policies``): what the runtime evaluates, read
through :func:`stored` (the configuration and its status at a time; unknown guardrail and unknown version apart).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from .._arns import bedrock_arn
from .._choices import choice, duration, note
from .._create import Plan, Unique, remember, replay
from .._data import clone
from .._family import Family, refuse_if_used
from .._lifecycle import Lifecycle, Tracked
from .._operations import operation
from .._pagination import paginate
from .._registry import RegionState
from .._request import Request
from .._store import Resource
from .._tags import tags_from
from .._versions import DRAFT, Versions
from ..errors import ServiceError, shown
from . import _guardrail_policies

_SECTION = "Guardrails"
DURATION = duration(
    "guardrail", 10, "CREATING/UPDATING/VERSIONING → READY of a guardrail, and DELETING → gone", ref="§2.8",
)
DUPLICATE_NAME_CODE = choice(
    "DUPLICATE_GUARDRAIL_NAME_CODE", "ConflictException",
    "error for a used guardrail `name` (CreateGuardrail, and UpdateGuardrail renaming onto another guardrail)",
    section=_SECTION, ref="§2.2, §11.3", shown="`ConflictException`",
)
BUSY_CODE = choice(
    "GUARDRAIL_BUSY_CODE", "ConflictException",
    "error for updating or versioning a guardrail that is not READY or FAILED (versioning: not READY), or deleting "
    "one already DELETING", section=_SECTION, ref="§2.6, §11.3", shown="`ConflictException`",
)
MAX_GUARDRAILS = choice(
    "MAX_GUARDRAILS", 100, "guardrails per account and Region (more: ServiceQuotaExceededException)",
    section=_SECTION, ref="§2.2, §11.5",
)
MAX_VERSIONS = choice(
    "MAX_GUARDRAIL_VERSIONS", 20, "numbered versions per guardrail (more: ServiceQuotaExceededException)",
    section=_SECTION, ref="§2.6, §11.5",
)
LIST_INCLUDES_DRAFT = choice(
    "LIST_GUARDRAIL_VERSIONS_INCLUDES_DRAFT", True,
    "whether ListGuardrails with a `guardrailIdentifier` lists the DRAFT (first) before the numbered versions "
    "(newest first)", section=_SECTION, ref="§2.4, §11.2", shown="`True`",
)
UNKNOWN_VERSION_CODE = choice(
    "UNKNOWN_GUARDRAIL_VERSION_CODE", "ResourceNotFoundException",
    "error for a numbered version that a known guardrail does not have (GetGuardrail, DeleteGuardrail, "
    "PutEnforcedGuardrailConfiguration)", section=_SECTION, ref="§2.3, §3, §11.3", shown="`ResourceNotFoundException`",
)
TOKEN_ID_OR_ARN = choice(
    "GUARDRAIL_VERSION_TOKEN_ID_OR_ARN", True,
    "whether a CreateGuardrailVersion `clientRequestToken` sent again naming the guardrail by its ARN instead of its "
    "id (or the other way round), the request being otherwise the same, replays the first answer instead of "
    "answering ConflictException", section=_SECTION, ref="§2.6, §1.3", shown="`True`",
)
FAILURE_RECOMMENDATION = choice(
    "GUARDRAIL_FAILURE_RECOMMENDATION", "Check the guardrail's configuration, then update it to try again.",
    "the `failureRecommendations` entry of a FAILED guardrail (its `statusReasons` hold the set_outcome message)",
    section=_SECTION, ref="§2.3",
)
note(_SECTION, "UpdateGuardrail replaces the DRAFT's whole configuration: a policy left out of the request is "
     "removed (§2.5, §11.4). ListGuardrails without an identifier lists every guardrail's DRAFT, newest first.")
note(_SECTION, "Every version answers the guardrail's `createdAt`; a version's `updatedAt` is when it was made, "
     "and its `description` is the one CreateGuardrailVersion gave (else the DRAFT's). Version numbers are never "
     "reused. A version whose versioning was set to fail stays listed, FAILED (§2.3, §2.6).")
note(_SECTION, "Guardrail ids are 12 characters of `[a-z0-9]`. An unknown `guardrailIdentifier`, or the ARN of "
     "another account's or Region's guardrail, is ResourceNotFoundException, in ListGuardrails too (§2.1, §2.4).")
note(_SECTION, "AWS's documented content rules are ValidationException naming the member: a `PROMPT_ATTACK` filter's "
     "`outputStrength` must be `NONE`; topic names and words must not repeat case-insensitively; a `STANDARD` tier "
     "(topics, content filters, contextual grounding) needs a `crossRegionConfig` (§2.2).")
note(_SECTION, "DeleteGuardrail without a version: `DELETING` for the `guardrail` duration, then the guardrail, its "
     "versions, tags and resource policy are gone (deleting it again meanwhile is `GUARDRAIL_BUSY_CODE`, afterwards "
     "ResourceNotFoundException). With a version: that version, at once. A `FAILED` DRAFT may be updated again "
     "(§2.7, §2.8).")


class Snapshot(Resource):
    """One configuration of a guardrail: the DRAFT's, or a numbered version's.

    ``created`` is the guardrail's creation (every version answers it) and ``seq`` the version number (the
    DRAFT sorts after every number), so versions list in a stable order; ``updated`` is when this
    configuration was made; a version is VERSIONING until ``ready_at``, then READY or (``failure``) FAILED.
    """

    __slots__ = ("config", "failure", "ready_at", "updated")

    def __init__(self, guardrail: Guardrail, config: dict[str, Any], updated: _dt.datetime) -> None:
        super().__init__(guardrail.arn, config["name"], guardrail.created)
        self.config = config
        self.updated = updated
        self.ready_at: _dt.datetime | None = None
        self.failure: str | None = None
        self.seq = 1 << 40  # the DRAFT's place; a version's is its number


class Guardrail(Tracked):
    """A guardrail: its id, and its DRAFT and numbered versions."""

    __slots__ = ("guardrail_id", "versions")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str]) -> None:
        super().__init__(arn, name, created, tags, "CREATING")
        self.guardrail_id = arn.rsplit("/", 1)[1]
        self.versions: Versions[Snapshot] = None  # type: ignore[assignment]  # set by the plan


class VersionRef(NamedTuple):
    """A numbered version, as the in-use check sees it (versions have no ARN of their own)."""

    arn: str
    name: str


def version_key(guardrail_arn: str, version: str) -> str:
    """The in-use key of one version of a guardrail (what an enforced configuration uses)."""
    return f"{guardrail_arn}:{version}"


def _versioned(region: RegionState, guardrail: Guardrail, status: str, at: _dt.datetime) -> None:
    """A change ended: a version whose snapshotting ended with it failed with it."""
    if status != "FAILED":
        return
    for _, snapshot in guardrail.versions.numbered():
        if snapshot.ready_at == at:
            snapshot.failure = guardrail.failure_message


def _arn_of(region: RegionState, identifier: str) -> str:
    """The guardrail ARN an identifier (id or ARN) stands for, in ``region``'s account."""
    if identifier.startswith("arn:"):
        return identifier
    return bedrock_arn(region.partition, region.region, region.account_id, f"guardrail/{identifier}")


def _lookup(region: RegionState, identifier: str) -> Guardrail | None:
    """A guardrail of ``region``'s account, by id or ARN (reading creates no store)."""
    store = region.stores.get(GUARDRAILS.kind)
    found: Guardrail | None = store.by_arn(_arn_of(region, identifier)) if store is not None else None
    return found


def _find(request: Request, identifier: str) -> Guardrail | None:
    """A guardrail of the caller's, by id or ARN."""
    return _lookup(request.region, identifier)


GUARDRAILS = Family[Guardrail](
    "guardrail",
    "guardrail",
    arn_type="guardrail",
    taggable=True,
    resource_policy=True,
    lifecycle=Lifecycle(
        running="CREATING",
        outcomes=("READY", "FAILED"),
        failed="FAILED",
        duration=DURATION.name,
        failure_message="The guardrail failed (bedrock_fake.set_outcome).",
        updating="UPDATING",
        other_updates=("VERSIONING",),
        between_phases=("READY", "FAILED"),
        deleting="DELETING",
        deletion=DURATION.name,
        on_end=_versioned,
    ),
    finder=_find,
)


def _config(request: Request) -> dict[str, Any]:
    """The configuration a Create/UpdateGuardrail request gives, as GetGuardrail answers it (checked)."""
    params = request.params
    _guardrail_policies.check(params)
    config: dict[str, Any] = {"name": params["name"]}
    if "description" in params:
        config["description"] = params["description"]
    config.update(_guardrail_policies.policies(params))
    config.update(_guardrail_policies.cross_region(request))
    config["blockedInputMessaging"] = params["blockedInputMessaging"]
    config["blockedOutputsMessaging"] = params["blockedOutputsMessaging"]
    kms = request.kms_key_arn("kmsKeyId")
    if kms is not None:
        config["kmsKeyArn"] = kms
    return config


def _quota(request: Request, message: str) -> ServiceError:
    return ServiceError(request.code_if_modeled("ServiceQuotaExceededException"), message)


def no_version(request: Request, guardrail: Guardrail, version: str | None, member: str) -> ServiceError:
    """The error for a version ``guardrail`` does not have (``UNKNOWN_GUARDRAIL_VERSION_CODE``)."""
    return ServiceError(request.code_if_modeled(UNKNOWN_VERSION_CODE.value),
                        f"Could not find version {shown(version)} of guardrail {guardrail.guardrail_id} ({member}).")


@GUARDRAILS.creates(
    "CreateGuardrail",
    unique=Unique("name", DUPLICATE_NAME_CODE,
                  lambda name: f"A guardrail named {name} already exists in this account and Region (name)."),
)
def create_guardrail(request: Request) -> Plan[Guardrail]:
    """A new guardrail: its DRAFT CREATING, READY after the duration."""
    params = request.params
    if len(GUARDRAILS.store(request)) >= MAX_GUARDRAILS.value:
        raise _quota(request, f"This account already has {MAX_GUARDRAILS.value} guardrails in "
                     f"{request.region_name}, the most it may have.")
    config = _config(request)
    now = request.now
    arn = request.arn(f"guardrail/{request.new_id()}")
    guardrail = Guardrail(arn, params["name"], now, tags_from(request, "tags", params["name"]))
    guardrail.versions = Versions(Snapshot(guardrail, config, now))
    output = {"guardrailId": guardrail.guardrail_id, "guardrailArn": arn, "version": DRAFT, "createdAt": now}
    return Plan(guardrail, output)


def _status(guardrail: Guardrail, snapshot: Snapshot, now: _dt.datetime) -> tuple[str, str | None]:
    """(status, failure message) of one of the guardrail's configurations at ``now``."""
    status = guardrail.status(now)
    if snapshot is guardrail.versions.draft or status == "DELETING":
        return status, guardrail.failure_message if status == "FAILED" else None
    if snapshot.ready_at is not None and now < snapshot.ready_at:
        return "VERSIONING", None
    return ("FAILED", snapshot.failure) if snapshot.failure is not None else ("READY", None)


def _label(guardrail: Guardrail, snapshot: Snapshot) -> str:
    return DRAFT if snapshot is guardrail.versions.draft else str(snapshot.seq)


@operation("GetGuardrail")
def get_guardrail(request: Request) -> dict[str, Any]:
    """The DRAFT (no version, or ``DRAFT``) or one numbered version, with every policy it has."""
    params = request.params
    guardrail = GUARDRAILS.get(request, params["guardrailIdentifier"])
    version = params.get("guardrailVersion")
    snapshot = guardrail.versions.get(version)
    if snapshot is None:
        raise no_version(request, guardrail, version, "guardrailVersion")
    status, failure = _status(guardrail, snapshot, request.now)
    config = clone(snapshot.config)
    out: dict[str, Any] = {
        "name": config.pop("name"), "guardrailId": guardrail.guardrail_id, "guardrailArn": guardrail.arn,
        "version": _label(guardrail, snapshot), "status": status, **config,
        "createdAt": guardrail.created, "updatedAt": snapshot.updated,
    }
    if status == "FAILED":
        out["statusReasons"] = [failure or GUARDRAILS.lifecycle.failure_message]  # type: ignore[union-attr]
        out["failureRecommendations"] = [FAILURE_RECOMMENDATION.value]
    return out


def _summary(guardrail: Guardrail, snapshot: Snapshot, now: _dt.datetime) -> dict[str, Any]:
    config = snapshot.config
    out: dict[str, Any] = {
        "id": guardrail.guardrail_id, "arn": guardrail.arn, "status": _status(guardrail, snapshot, now)[0],
        "name": config["name"], "version": _label(guardrail, snapshot),
        "createdAt": guardrail.created, "updatedAt": snapshot.updated,
    }
    for member in ("description", "crossRegionDetails"):
        if member in config:
            out[member] = clone(config[member])
    return out


@operation("ListGuardrails")
def list_guardrails(request: Request) -> dict[str, Any]:
    """Every guardrail's DRAFT (newest first), or, given an identifier, that guardrail's versions."""
    identifier = request.params.get("guardrailIdentifier")
    now = request.now
    if identifier is None:
        store = GUARDRAILS.store(request)
        return paginate(request, store.keys, store.items, "guardrails",
                        lambda g: _summary(g, g.versions.draft, now))
    guardrail = GUARDRAILS.get(request, identifier)
    snapshots = [snapshot for _, snapshot in guardrail.versions.numbered()]
    if LIST_INCLUDES_DRAFT.value:
        snapshots.append(guardrail.versions.draft)  # its key sorts last, so newest-first lists it first
    return paginate(request, [s.sort_key for s in snapshots], snapshots, "guardrails",
                    lambda s: _summary(guardrail, s, now))


def _refuse_busy(request: Request, guardrail: Guardrail, allowed: tuple[str, ...], doing: str) -> None:
    status = guardrail.status(request.now)
    if status not in allowed:
        raise ServiceError(request.code_if_modeled(BUSY_CODE.value),
                           f"The guardrail {guardrail.name} is {status}, so it cannot be {doing} now.")


@operation("UpdateGuardrail")
def update_guardrail(request: Request) -> dict[str, Any]:
    """Replace the DRAFT's configuration (versions never change): UPDATING, then READY."""
    params = request.params
    guardrail = GUARDRAILS.get(request, params["guardrailIdentifier"])
    _refuse_busy(request, guardrail, ("READY", "FAILED"), "updated")
    store = GUARDRAILS.store(request)
    name = params["name"]
    if name != guardrail.name and store.by_name(name) is not None:
        raise ServiceError(request.code_if_modeled(DUPLICATE_NAME_CODE.value),
                           f"A guardrail named {shown(name)} already exists in this account and Region (name).")
    config = _config(request)
    # every check has passed: change the DRAFT
    now = request.now
    old_name = guardrail.name
    if name != old_name:
        store.rename(guardrail, name)
    guardrail.versions.draft = Snapshot(guardrail, config, now)
    GUARDRAILS.update(request, guardrail, (name, old_name, guardrail.arn))
    return {"guardrailId": guardrail.guardrail_id, "guardrailArn": guardrail.arn, "version": DRAFT, "updatedAt": now}


@operation("CreateGuardrailVersion")
def create_guardrail_version(request: Request) -> dict[str, Any]:
    """Freeze the DRAFT as the next number: the DRAFT VERSIONING, then READY; the version READY with it."""
    params = request.params
    spec = clone(params)
    if TOKEN_ID_OR_ARN.value:  # the guardrail named by id or by ARN is the same request
        spec["guardrailIdentifier"] = _arn_of(request.region, params["guardrailIdentifier"])
    replayed = replay(request, spec)
    if replayed is not None:
        return replayed
    guardrail = GUARDRAILS.get(request, params["guardrailIdentifier"])
    _refuse_busy(request, guardrail, ("READY",), "versioned")
    if len(guardrail.versions) >= MAX_VERSIONS.value:
        raise _quota(request, f"The guardrail {guardrail.name} already has {MAX_VERSIONS.value} versions, the most "
                     "it may have: delete one first.")
    now = request.now
    ready = now + request.duration(DURATION.name)

    def freeze(draft: Snapshot, number: int) -> Snapshot:
        config = clone(draft.config)
        if "description" in params:
            config["description"] = params["description"]
        version = Snapshot(guardrail, config, now)
        version.seq, version.ready_at = number, ready
        return version

    number, _ = guardrail.versions.snapshot(freeze)
    GUARDRAILS.update(request, guardrail, status="VERSIONING")
    output = {"guardrailId": guardrail.guardrail_id, "version": str(number)}
    remember(request, spec, output)
    return output


@operation("DeleteGuardrail")
def delete_guardrail(request: Request) -> dict[str, Any]:
    """Without a version: the guardrail and every version (DELETING, then gone); with one: that version."""
    params = request.params
    guardrail = GUARDRAILS.get(request, params["guardrailIdentifier"])
    version = params.get("guardrailVersion")
    if version is None:
        _refuse_busy(request, guardrail, ("CREATING", "UPDATING", "VERSIONING", "READY", "FAILED"), "deleted")
        GUARDRAILS.delete_later(request, guardrail)
        return {}
    if guardrail.versions.get(version) is None:
        raise no_version(request, guardrail, version, "guardrailVersion")
    refuse_if_used(request, GUARDRAILS.kind, VersionRef(version_key(guardrail.arn, version), guardrail.name))
    guardrail.versions.delete(int(version))
    return {}


# --- for the runtime (bedrock-runtime's ApplyGuardrail and guardrailConfig) -----------------------------------
class UnknownGuardrail(LookupError):
    """:func:`stored`: the account has no such guardrail in the Region."""


class UnknownGuardrailVersion(LookupError):
    """:func:`stored`: the guardrail exists but has no such version."""


class StoredGuardrail(NamedTuple):
    """One configuration of a guardrail, as the runtime evaluates it.

    ``version`` is ``"DRAFT"`` or the number; ``status`` the configuration's status at the time asked (a numbered
    version's own: VERSIONING, READY or FAILED; DELETING while the guardrail is); ``config`` the stored GetGuardrail
    form (``name``, the policies, ``blockedInputMessaging``, ``blockedOutputsMessaging``, ...): shared, read it only.
    """

    guardrail_id: str
    guardrail_arn: str
    version: str
    status: str
    config: Mapping[str, Any]


def stored(region: RegionState, identifier: str, version: str | None, at: _dt.datetime) -> StoredGuardrail:
    """The configuration of the DRAFT (``version`` None or ``"DRAFT"``) or a numbered version (``"3"``) of the
    guardrail ``identifier`` (id or ARN) of ``region``'s account, with its status at ``at``.

    Raises :class:`UnknownGuardrail` or :class:`UnknownGuardrailVersion`. Reading changes nothing.
    """
    guardrail = _lookup(region, identifier)
    if guardrail is None:
        raise UnknownGuardrail(identifier)
    snapshot = guardrail.versions.get(version)
    if snapshot is None:
        raise UnknownGuardrailVersion(identifier, version)
    status = _status(guardrail, snapshot, at)[0]
    return StoredGuardrail(guardrail.guardrail_id, guardrail.arn, _label(guardrail, snapshot), status, snapshot.config)
