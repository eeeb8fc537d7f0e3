"""Resource storage: one :class:`Store` per resource family per (account, region).

A store finds a resource by ARN or by name in O(1) and keeps resources in creation order, so list
pages are cut by bisection instead of sorting or scanning everything (see ``_pagination``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar

_SEQUENCE = itertools.count(1)

#: The tags of every untagged resource. Never mutate it: ``_tags`` assigns a new dict on TagResource.
NO_TAGS: dict[str, str] = {}


class Resource:
    """What every stored resource has: ARN, name, creation time, tags, and its place in the store."""

    __slots__ = ("arn", "created", "name", "seq", "tags")

    def __init__(self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str] | None = None) -> None:
        self.arn = arn
        self.name = name
        self.created = created
        self.seq = 0
        # Most resources have no tags: they share one empty dict (the tag operations only ever replace it).
        self.tags: dict[str, str] = tags if tags else NO_TAGS

    @property
    def sort_key(self) -> tuple[_dt.datetime, int]:
        """Position in creation order; ``seq`` breaks ties between equal timestamps."""
        return (self.created, self.seq)


R = TypeVar("R", bound=Resource)


def _sort_key(resource: Resource) -> tuple[_dt.datetime, int]:
    return (resource.created, resource.seq)


class _SortKeys(Sequence[tuple[_dt.datetime, int]]):
    """The sort keys of a creation-ordered list, computed on access (saves a parallel list per store)."""

    __slots__ = ("_items",)

    def __init__(self, items: list[Any]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: Any) -> Any:
        item = self._items[i]
        return (item.created, item.seq)


class Store(Generic[R]):
    """The resources of one family in one account and region."""

    __slots__ = ("_by_arn", "_by_name", "_items")

    def __init__(self) -> None:
        self._by_arn: dict[str, R] = {}
        self._by_name: dict[str, R] = {}
        self._items: list[R] = []

    def add(self, resource: R) -> R:
        """Store ``resource`` (its ARN and name must be new to this store)."""
        # Unique across every store of the process, so lists merged from several stores (owned and
        # shared custom models) still have one total order for page tokens.
        resource.seq = next(_SEQUENCE)
        items = self._items
        # Resources nearly always arrive in creation order: appending is the fast path.
        if not items or resource.created >= items[-1].created:
            items.append(resource)
        else:  # created "in the past" (a job's model, freezegun's move_to): keep creation order anyway
            items.insert(bisect.bisect_right(items, resource.sort_key, key=_sort_key), resource)
        self._by_arn[resource.arn] = resource
        self._by_name[resource.name] = resource
        return resource

    def remove(self, resource: R) -> None:
        """Forget ``resource``."""
        i = bisect.bisect_left(self._items, resource.sort_key, key=_sort_key)
        if i < len(self._items) and self._items[i] is resource:
            del self._items[i]
        self._by_arn.pop(resource.arn, None)
        if self._by_name.get(resource.name) is resource:
            del self._by_name[resource.name]

    def rename(self, resource: R, new_name: str) -> None:
        """Give ``resource`` a new (unused) name."""
        if self._by_name.get(resource.name) is resource:
            del self._by_name[resource.name]
        resource.name = new_name
        self._by_name[new_name] = resource

    def by_arn(self, arn: str) -> R | None:
        """The resource with this ARN."""
        return self._by_arn.get(arn)

    def by_name(self, name: str) -> R | None:
        """The resource with this name."""
        return self._by_name.get(name)

    def find(self, identifier: str) -> R | None:
        """The resource named by ARN or by name."""
        found = self._by_arn.get(identifier)
        return found if found is not None else self._by_name.get(identifier)

    @property
    def keys(self) -> Sequence[tuple[_dt.datetime, int]]:
        """Sort keys in creation order (a read-only view that pagination bisects; not stored twice)."""
        return _SortKeys(self._items)

    @property
    def items(self) -> list[R]:
        """Resources in creation order (read-only use)."""
        return self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[R]:
        return iter(list(self._items))
