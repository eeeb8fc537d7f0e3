"""List operations: filters, creation-time sort, ``maxResults`` and opaque ``nextToken``s.

A token names the position (creation time, sequence) of the last resource returned and a fingerprint
of the query, so a page costs O(log n + page size) however many resources exist, deletions between
pages do not skip or repeat items, and a token from a different query is refused.
"""

from __future__ import annotations

import base64
import bisect
import datetime as _dt
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._choices import choice, note
from ._clock import UTC
from ._store import Resource
from .errors import validation

if TYPE_CHECKING:
    from ._request import Request

_LISTS = "Lists (all families)"
DEFAULT_PAGE_SIZE = choice("DEFAULT_PAGE_SIZE", 100, "page size of a list call without `maxResults`",
                           section=_LISTS, ref="§1.5", shown="100")
DEFAULT_SORT_ORDER = choice("DEFAULT_SORT_ORDER", "Descending", "order of a list call without `sortOrder`",
                            section=_LISTS, ref="§1.5", shown="`Descending` (newest first)")
TIME_FILTERS_STRICT = choice(
    "TIME_FILTERS_STRICT", True,
    "`creationTimeAfter`/`creationTimeBefore` exclude a resource created exactly at the bound",
    section=_LISTS, ref="§1.5", shown="`True` (strict)",
)
NAME_CONTAINS_CASE_SENSITIVE = choice(
    "NAME_CONTAINS_CASE_SENSITIVE", False, "whether `nameContains`-style filters respect case",
    section=_LISTS, ref="§1.5", shown="`False` (case-insensitive)",
)
note(_LISTS, "`nextToken`s are opaque, bound to the list operation, the caller's account and region, and its "
     "filters and sort order (a token of another query, or a garbage token, is a ValidationException naming "
     "`nextToken`); `maxResults` may change between pages (§1.5).")

R = TypeVar("R", bound=Resource)

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)
_NOT_QUERY = frozenset(("maxResults", "nextToken"))


def contains(haystack: str, needle: str) -> bool:
    """The ``nameContains`` rule (case handling: ``NAME_CONTAINS_CASE_SENSITIVE``)."""
    if NAME_CONTAINS_CASE_SENSITIVE.value:
        return needle in haystack
    return needle.lower() in haystack.lower()


#: fingerprints of queries with no filters (a page token per call of a walk): keyed by their scope
_UNFILTERED: dict[tuple[str, str, str, str], int] = {}


def _fingerprint(request: Request) -> int:
    # A token names a position in one store only: it is bound to the operation, the caller's account
    # and region, and the query (with defaults filled in, so spelling out a default changes nothing).
    params = request.params
    unfiltered = len(params) <= 2 and all(k in _NOT_QUERY for k in params)
    if unfiltered:
        key = (request.operation, request.account_id, request.region_name, DEFAULT_SORT_ORDER.value)
        found = _UNFILTERED.get(key)
        if found is not None:
            return found
    query = sorted((k, repr(v)) for k, v in
                   {"sortBy": "CreationTime", "sortOrder": DEFAULT_SORT_ORDER.value, **params}.items()
                   if k not in _NOT_QUERY)
    scope = (request.operation, request.account_id, request.region_name)
    fingerprint = zlib.crc32(repr((scope, query)).encode())
    if unfiltered and len(_UNFILTERED) < 4096:
        _UNFILTERED[key] = fingerprint
    return fingerprint


def _micros(when: _dt.datetime) -> int:
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _encode(key: tuple[_dt.datetime, int], fingerprint: int) -> str:
    raw = f"{_micros(key[0])}.{key[1]}.{fingerprint}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, fingerprint: int) -> tuple[_dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        micros, seq, fp = (int(part) for part in raw.split("."))
    except (ValueError, UnicodeDecodeError) as exc:
        raise validation(f"Invalid value for nextToken: '{token}' is not a token this list issued.") from exc
    if fp != fingerprint:
        raise validation(
            "Invalid value for nextToken: the token belongs to a different query "
            "(filters and sort order must stay the same across pages)."
        )
    return (_EPOCH + _dt.timedelta(microseconds=micros), seq)


def paginate(
    request: Request,
    keys: Sequence[tuple[_dt.datetime, int]],
    items: Sequence[R],
    list_member: str,
    render: Callable[[R], dict[str, Any]] | None,
    match: Callable[[R], bool] | None = None,
    time_members: tuple[str, str] = ("creationTimeAfter", "creationTimeBefore"),
    *,
    render_page: Callable[[Sequence[R]], list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """One page of ``items`` (in creation order, ``keys`` their sort keys) as a list operation's output.

    The request's creation-time bounds (``time_members``: ``creationTimeAfter``/``creationTimeBefore``, or
    e.g. batch jobs' ``submitTimeAfter``/``submitTimeBefore``), ``sortOrder``, ``maxResults`` and
    ``nextToken`` are handled here; ``match`` applies the family's other filters. Each item on the page is
    shown by ``render``, or the whole page at once by ``render_page`` (one call per page instead of one
    per item: list pages are the hot path).
    """
    if render_page is None:
        if render is None:
            raise TypeError("paginate needs render or render_page")
        show = render

        def render_page(page: Sequence[R]) -> list[dict[str, Any]]:
            return [show(item) for item in page]

    params = request.params
    fingerprint = _fingerprint(request)
    limit = params.get("maxResults") or DEFAULT_PAGE_SIZE.value
    descending = params.get("sortOrder", DEFAULT_SORT_ORDER.value) == "Descending"
    strict = TIME_FILTERS_STRICT.value
    lo, hi = 0, len(keys)
    after = params.get(time_members[0])
    if after is not None:
        bound = (after, 1 << 62) if strict else (after, -1)
        lo = bisect.bisect_left(keys, bound)
    before = params.get(time_members[1])
    if before is not None:
        bound = (before, -1) if strict else (before, 1 << 62)
        hi = max(lo, bisect.bisect_left(keys, bound))
    token = params.get("nextToken")
    if token is not None:
        cursor = _decode(token, fingerprint)
        if descending:
            hi = max(lo, min(hi, bisect.bisect_left(keys, cursor)))
        else:
            lo = min(hi, max(lo, bisect.bisect_right(keys, cursor)))
    if match is None:  # no filter: the page is a slice (the common case, kept fast)
        chosen = items[max(lo, hi - limit):hi][::-1] if descending else items[lo:min(hi, lo + limit)]
        out: dict[str, Any] = {list_member: render_page(chosen)}
        if hi - lo > limit:
            out["nextToken"] = _encode(chosen[-1].sort_key, fingerprint)
        return out
    page: list[R] = []
    more = False
    positions = range(hi - 1, lo - 1, -1) if descending else range(lo, hi)
    for i in positions:
        item = items[i]
        if not match(item):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(item)
    result: dict[str, Any] = {list_member: render_page(page)}
    if more and page:
        result["nextToken"] = _encode(page[-1].sort_key, fingerprint)
    return result


def _equal(value_of: Callable[[Any], Any], wanted: Any) -> Callable[[Any], bool]:
    return lambda resource: bool(value_of(resource) == wanted)


def filters(
    params: Mapping[str, Any],
    now: Any,
    *,
    equals: Mapping[str, Callable[[Any], Any]] | None = None,
    status_member: str = "statusEquals",
    name_member: str = "nameContains",
) -> Callable[[Any], bool] | None:
    """The ``match`` for a list operation's filters, or None when the request gives none.

    ``status_member`` compares ``resource.status(now)``; ``name_member`` is a ``nameContains``-style
    filter on ``resource.name`` (see :func:`contains`); ``equals`` maps other filter members to the
    resource value they must equal (``{"sourceAccountEquals": lambda job: job.source_account}``).
    """
    checks: list[Callable[[Any], bool]] = []
    status = params.get(status_member)
    if status is not None:
        checks.append(lambda resource: bool(resource.status(now) == status))
    name = params.get(name_member)
    if name is not None:
        checks.append(lambda resource: contains(resource.name, name))
    for member, value_of in (equals or {}).items():
        wanted = params.get(member)
        if wanted is not None:
            checks.append(_equal(value_of, wanted))
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda resource: all(check(resource) for check in checks)
