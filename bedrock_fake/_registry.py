"""State of one fake: a (account, region) -> region state map, plus data that spans accounts and regions.

Besides one :class:`~bedrock_fake._store.Store` per resource kind, a region (or the whole fake) holds
typed side tables: a :class:`Table` is declared once, by the module that owns the data (names a running
job holds, an account-level singleton such as a logging configuration, model shares), and looked up by
that declaration, not by a string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from ._arns import partition_for
from ._store import Store

T = TypeVar("T")


class Table(Generic[T]):
    """A typed side table: what it holds is made by ``factory`` on first use, per region (or per fake)."""

    __slots__ = ("factory", "what")

    def __init__(self, what: str, factory: Callable[[], T]) -> None:
        self.what = what  # for error messages and snapshots
        self.factory = factory

    def __repr__(self) -> str:
        return f"Table({self.what!r})"

    # A declaration, not state: copies of a world (save_world) keep keying their tables by it.
    def __copy__(self) -> Table[T]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Table[T]:
        return self


class RegionState:
    """Everything one account owns in one region: a store per resource kind, tokens, side tables."""

    __slots__ = ("account_id", "partition", "region", "stores", "tables", "tokens")

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self.partition = partition_for(region)
        self.stores: dict[str, Store[Any]] = {}
        # operation -> clientRequestToken -> (request params as stored, output key, value, key, value, ...)
        self.tokens: dict[str, dict[str, tuple[Any, ...]]] = {}
        self.tables: dict[Table[Any], Any] = {}

    def store(self, kind: str) -> Store[Any]:
        """The store of one resource kind (created on first use)."""
        found = self.stores.get(kind)
        if found is None:
            found = self.stores[kind] = Store()
        return found

    def table(self, table: Table[T]) -> T:
        """This region's instance of a side table (created on first use)."""
        found = self.tables.get(table)
        if found is None:
            found = self.tables[table] = table.factory()
        return found

    def peek(self, table: Table[T]) -> T | None:
        """This region's instance of a side table if it has one (for reads: they must create nothing)."""
        return self.tables.get(table)


class Registry:
    """All region states of one fake, and side tables that span accounts and regions (model sharing)."""

    __slots__ = ("_regions", "tables")

    def __init__(self) -> None:
        self._regions: dict[tuple[str, str], RegionState] = {}
        self.tables: dict[Table[Any], Any] = {}

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

    def table(self, table: Table[T]) -> T:
        """The fake-wide instance of a side table (created on first use)."""
        found = self.tables.get(table)
        if found is None:
            found = self.tables[table] = table.factory()
        return found

    def peek(self, table: Table[T]) -> T | None:
        """The fake-wide instance of a side table if there is one (for reads: they must create nothing)."""
        return self.tables.get(table)
