"""Versioned resources: a DRAFT that updates change, and immutable numbered versions snapshotted from it.

Guardrails (and, later, automated-reasoning policies) have this shape: the resource's identifier names
its DRAFT; ``Create...Version`` freezes the DRAFT as the next number (1, 2, ...); a Get or Delete takes
an optional version (absent or ``"DRAFT"``: the DRAFT). A family keeps one :class:`Versions` on its
stored record and asks it; what a version *is* (which members it copies) stays the family's
``freeze`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

DRAFT = "DRAFT"


class Versions(Generic[T]):
    """The DRAFT and the numbered versions of one resource.

    Numbers are never reused: deleting version 3 of 1..3 makes the next version 4 (the most plausible
    reading of AWS's "version numbers increase"; a family that learns otherwise changes ``next``).
    """

    __slots__ = ("_numbered", "draft", "next")

    def __init__(self, draft: T) -> None:
        self.draft = draft
        self._numbered: dict[int, T] = {}
        self.next = 1

    def snapshot(self, freeze: Callable[[T, int], T]) -> tuple[int, T]:
        """Freeze the DRAFT as the next number (``freeze(draft, number)`` makes the immutable copy)."""
        number = self.next
        version = self._numbered[number] = freeze(self.draft, number)
        self.next = number + 1
        return number, version

    def get(self, version: str | int | None) -> T | None:
        """The DRAFT (``None`` or ``"DRAFT"``), a numbered version (``3`` or ``"3"``), or None if absent."""
        if version is None or version == DRAFT:
            return self.draft
        number = parse_number(version)
        return self._numbered.get(number) if number is not None else None

    def delete(self, number: int) -> T | None:
        """Remove one numbered version; the removed one, or None if it did not exist."""
        return self._numbered.pop(number, None)

    def numbered(self) -> Iterator[tuple[int, T]]:
        """The numbered versions, oldest first."""
        return iter(sorted(self._numbered.items()))

    def __len__(self) -> int:
        """How many numbered versions exist (the DRAFT is not counted)."""
        return len(self._numbered)


def parse_number(version: str | int) -> int | None:
    """A version number from a request member (``"3"``), or None if it is not a positive integer."""
    if isinstance(version, int):
        return version if version > 0 else None
    if version.isdigit() and version.isascii() and not version.startswith("0"):
        return int(version)
    return None
