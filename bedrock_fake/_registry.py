"""State of one fake: a (account, region) -> region state map, plus cross-region shared data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ._arns import partition_for
from ._store import Store

T = TypeVar("T")


class RegionState:
    """Everything one account owns in one region: a store per resource family, idempotency tokens."""

    __slots__ = ("account_id", "data", "partition", "region", "stores", "tokens")

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self.partition = partition_for(region)
        self.stores: dict[str, Store[Any]] = {}
        # operation -> clientRequestToken -> (request params as stored, output key, value, key, value, ...)
        self.tokens: dict[str, dict[str, tuple[Any, ...]]] = {}
        # per-family extras that are not resources (e.g. custom-model names reserved by running jobs)
        self.data: dict[str, Any] = {}

    def store(self, kind: str) -> Store[Any]:
        """The store of one resource family (created on first use)."""
        found = self.stores.get(kind)
        if found is None:
            found = self.stores[kind] = Store()
        return found


class Registry:
    """All region states of one fake, and data that spans accounts and regions (model sharing)."""

    __slots__ = ("_global", "_regions")

    def __init__(self) -> None:
        self._regions: dict[tuple[str, str], RegionState] = {}
        self._global: dict[str, Any] = {}

    def region(self, account_id: str, region: str) -> RegionState:
        """The state of ``account_id`` in ``region``."""
        key = (account_id, region)
        found = self._regions.get(key)
        if found is None:
            found = self._regions[key] = RegionState(account_id, region)
        return found

    def existing(self, account_id: str, region: str) -> RegionState | None:
        """The state of ``account_id`` in ``region`` if anything was ever created there."""
        return self._regions.get((account_id, region))

    def regions(self) -> Iterator[RegionState]:
        """Every region state that exists."""
        return iter(list(self._regions.values()))

    def shared(self, key: str, factory: Callable[[], T]) -> T:
        """Registry-wide data of one family (e.g. which accounts a model is shared with)."""
        found = self._global.get(key)
        if found is None:
            found = self._global[key] = factory()
        return found
