"""One request as a handler sees it: who calls, where, when, with what, and the fake's state."""

from __future__ import annotations

import datetime as _dt
import functools
import random
from typing import TYPE_CHECKING, Any

from ._arns import bedrock_arn, kms_key_arn, new_id
from ._choices import note
from ._conformance import allowed_error
from ._registry import RegionState, Registry
from ._service_model import service_model
from ._store import Store
from ._timeline import Scheduler
from .errors import shown, validation

if TYPE_CHECKING:
    from ._backend import Backend


note("KMS keys (all families)",
     "A KMS key member takes a key id, key ARN, alias name or alias ARN and is answered as a key ARN: a key id "
     "or alias name in the caller's account and Region; an alias (name or ARN) as a stable made-up key id derived "
     "from its alias ARN, so `alias/x` and `arn:aws:kms:{Region}:{account}:alias/x` are the same key (the fake has "
     "no KMS). A key or alias ARN of another Region is ValidationException naming the member (KMS keys are "
     "regional); another account's key or alias ARN is accepted (KMS allows cross-account use by ARN). Members "
     "whose shape admits only key ARNs, and an evaluation job's `customerEncryptionKeyId`, are answered as given, "
     "after the same Region check.")


@functools.lru_cache(maxsize=256)
def _timedelta(seconds: float) -> _dt.timedelta:
    # One shared object per duration: every job of a kind refers to it instead of holding its own.
    return _dt.timedelta(seconds=seconds)


class Request:
    """One request: the caller's account and region, the fake's time, the params as the service sees them."""

    __slots__ = ("account_id", "backend", "now", "operation", "params", "region")

    def __init__(
        self, backend: Backend, operation: str, params: dict[str, Any], region: RegionState, now: _dt.datetime
    ) -> None:
        self.backend = backend
        self.operation = operation
        self.params = params
        self.region = region
        self.account_id = region.account_id
        self.now = now

    # --- where -------------------------------------------------------------------------------------
    @property
    def region_name(self) -> str:
        """The caller's region."""
        return self.region.region

    @property
    def partition(self) -> str:
        """The caller's partition (``aws``, ``aws-cn``, ...)."""
        return self.region.partition

    @property
    def registry(self) -> Registry:
        """All accounts and regions (for cross-region and cross-account work)."""
        return self.backend.registry

    @property
    def scheduler(self) -> Scheduler:
        """Where transition side effects are scheduled."""
        return self.backend.scheduler

    @property
    def rng(self) -> random.Random:
        """The fake's random source (resource ids, metrics)."""
        return self.backend.rng

    def store(self, kind: str) -> Store[Any]:
        """The caller's store of one resource kind."""
        return self.region.store(kind)

    def arn(self, resource: str) -> str:
        """An ARN in the caller's partition, region and account."""
        return bedrock_arn(self.region.partition, self.region.region, self.region.account_id, resource)

    def kms_key_arn(self, member: str) -> str | None:
        """The KMS key (id, alias or ARN) the request member ``member`` names, as the full key ARN (an id or
        alias name: in the caller's partition, region and account); None if the request has no such member.
        A key or alias ARN of another Region (or partition) is a ValidationException naming ``member``."""
        key = self.params.get(member)
        if key is None:
            return None
        region = self.region
        arn = kms_key_arn(region.partition, region.region, region.account_id, key)
        _, partition, _, key_region, _ = arn.split(":", 4)
        if (partition, key_region) != (region.partition, region.region):
            raise validation(
                f"Value '{shown(key)}' at '{member}' failed to satisfy constraint: the KMS key must be in the "
                f"Region of the request ({region.region}), not in {key_region or 'no Region'}."
            )
        return arn

    def new_id(self) -> str:
        """A fresh 12-character resource id."""
        return new_id(self.backend.rng)

    # --- lifecycle and errors ----------------------------------------------------------------------
    def duration(self, name: str) -> _dt.timedelta:
        """How long ``name`` (a resource kind's run, or a phase such as ``stop``) takes, as set with
        ``set_duration`` (or the documented default)."""
        return _timedelta(self.backend.durations[name])

    def take_outcome(self, kind: str, names: tuple[str, ...]) -> tuple[str, str | None] | None:
        """The end state chosen with ``set_outcome`` for a new resource of ``kind``, if any (used once)."""
        return self.backend.take_outcome(kind, names)

    def code_if_modeled(self, code: str) -> str:
        """``code`` if this operation's model lists it, else ``ValidationException`` (which every
        operation can answer): for choices such as "a conflict" that some operations do not model."""
        model = service_model().operation_model(self.operation)
        return code if allowed_error(model, code) else "ValidationException"
