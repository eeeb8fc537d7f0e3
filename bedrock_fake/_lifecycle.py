"""Lifecycles as data: what a family declares about its statuses, and the core that runs them.

A family declares a :class:`Lifecycle` (the running status, the ends ``set_outcome`` may choose, how
long the run takes, from which statuses it may be stopped, its Updating and Deleting phases, and the
side effect at the end). The core does the rest, the same way for every family:

- :meth:`Lifecycle.begin` plans a new resource's run: the outcome a user chose for it (pending on
  the resource, or on a name the user named), its end, the end event;
- :meth:`Lifecycle.apply_outcome` is ``set_outcome`` on a live resource;
- :meth:`Lifecycle.stop`, :meth:`Lifecycle.update` and :meth:`Lifecycle.delete_later` rewrite the rest
  of the timeline from "now";
- the end event fires the family's ``on_end`` exactly once per end, and never for a resource that is
  gone, whatever rewrites happened in between.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._choices import choice, duration
from ._store import Resource
from ._timeline import Timeline
from .errors import ServiceError, shown

if TYPE_CHECKING:
    from ._family import Family
    from ._registry import RegionState
    from ._request import Request

STOP_NOT_RUNNING_CODE = choice(
    "STOP_NOT_RUNNING_CODE",
    "ConflictException",
    "error for a Stop of a job in a status its family cannot stop: customization and evaluation jobs stop only "
    "while InProgress (so a Stopping one is refused too); batch inference jobs while Submitted, Validating, "
    "Scheduled or InProgress (so Stopping and every end are refused)",
    section="Lifecycles (all families)",
    ref="§6.4, §10.4; serving §5.4",
)
STOP = duration("stop", 60, "Stopping → Stopped (customization, evaluation and batch inference jobs)",
                ref="§6.4, §10.4; serving §5.4")

_ZERO = _dt.timedelta(0)


class Tracked(Resource):
    """A stored resource with a lifecycle: its timeline, how long its run takes, how it ended.

    ``fired_at`` is the end whose side effects ran (they run once per end); ``next_outcome`` is an
    outcome chosen while the resource was between phases, for its next phase (it dies with it).
    """

    __slots__ = ("duration", "failure_message", "fired_at", "next_outcome", "timeline")

    def __init__(
        self, arn: str, name: str, created: _dt.datetime, tags: dict[str, str] | None, status: str | None
    ) -> None:
        super().__init__(arn, name, created, tags)
        # None only for custom models that trained or copied jobs made: they are Active from the start
        # (no timeline per such model keeps thousands of them cheap)
        self.timeline: Timeline = Timeline(created, status) if status is not None else None  # type: ignore[assignment]
        self.duration = _ZERO  # the planned run (shared object: see Request.duration)
        self.failure_message: str | None = None
        self.fired_at: _dt.datetime | None = None
        self.next_outcome: tuple[str, str | None] | None = None

    def status(self, now: _dt.datetime) -> str:
        """The status at ``now``."""
        return self.timeline.status_at(now)


@dataclass(frozen=True)
class Lifecycle:
    """A family's statuses over time, as data (see the module docstring for what the core does)."""

    running: str
    #: the ends ``set_outcome`` may choose; the first is where the run ends by default
    outcomes: tuple[str, ...]
    #: the duration (``fake.set_duration``) of the running phase
    duration: str
    #: the message of a resource set to fail without one
    failure_message: str
    failed: str = "Failed"
    #: when a resource set to fail fails (default: when it would have ended)
    fail_at: Callable[[Any], _dt.datetime] | None = None
    #: statuses a Stop accepts (none: the family cannot be stopped)
    stoppable: tuple[str, ...] = ()
    stopping: str = "Stopping"
    stopped: str = "Stopped"
    #: the status of an update in progress, if the family has updates (it ends in ``outcomes``)
    updating: str | None = None
    #: other statuses of updates in progress that ``update(status=...)`` starts (a guardrail's VERSIONING)
    other_updates: tuple[str, ...] = ()
    #: the ends of an update when they are not the run's (a deployment's UpdateCompleted, UpdateFailed): the
    #: first is where an update ends by default; ``set_outcome`` may choose them (they are in ``outcomes``
    #: too) only while an update runs, and only them then
    update_outcomes: tuple[str, ...] = ()
    #: statuses in which ``set_outcome`` is kept on the resource, for its next phase
    between_phases: tuple[str, ...] = ()
    #: statuses the resource passes through before ``running`` (the family lays them out on the new
    #: record's timeline); ``set_outcome`` in one of them re-targets the planned end
    before: tuple[str, ...] = ()
    #: outcomes reached *instead of* entering ``running`` (e.g. a batch job that expired while queued)
    instead_of_running: tuple[str, ...] = ()
    #: the status of a deletion in progress, and its duration, if the family has one
    deleting: str | None = None
    deletion: str | None = None
    #: the side effect of reaching an end: ``on_end(region, record, status, at)``
    on_end: Callable[[RegionState, Any, str, _dt.datetime], None] | None = None
    #: drop what the family caches of a resource's timeline (called on every rewrite)
    on_rewrite: Callable[[Any], None] | None = None

    @property
    def success(self) -> str:
        return self.outcomes[0]

    # --- running it --------------------------------------------------------------------------------
    def begin(self, request: Request, family: Family[Any], record: Tracked, names: tuple[str, ...]) -> None:
        """Plan a new resource's run from its creation: running now, an end after the duration."""
        record.duration = request.duration(self.duration)
        self._plan_end(request, family, record, record.created + record.duration, names)

    def update(
        self, request: Request, family: Family[Any], record: Tracked, names: tuple[str, ...], status: str | None = None
    ) -> None:
        """Start an update now: ``updating`` (or ``status``, one of ``other_updates``) until the duration has
        passed, then an end."""
        assert self.updating is not None, f"{family.kind} has no updates"
        assert status is None or status in self.other_updates, f"{status} is not an update status of {family.kind}"
        timeline = self._timeline(record)
        now = request.now
        timeline.cut(now)
        timeline.then(now, status or self.updating)
        record.duration = request.duration(self.duration)
        self._plan_end(request, family, record, now + record.duration, names, updating=True)

    def phase_outcomes(self, updating: bool) -> tuple[str, ...]:
        """The ends ``set_outcome`` may choose now: an update's own, or the run's."""
        if updating and self.update_outcomes:
            return self.update_outcomes
        return tuple(o for o in self.outcomes if o not in self.update_outcomes)

    def _plan_end(
        self, request: Request, family: Family[Any], record: Tracked, end: _dt.datetime, names: tuple[str, ...],
        updating: bool = False,
    ) -> None:
        allowed = self.phase_outcomes(updating)
        outcome = record.next_outcome
        if outcome is None and not (updating and self.update_outcomes):  # names wait for new resources' runs
            outcome = request.take_outcome(family.kind, names)
        record.next_outcome = None
        if outcome is not None and outcome[0] not in allowed:
            outcome = None
        status, message = outcome if outcome is not None else (allowed[0], None)
        if status == self.failed:
            if self.fail_at is not None and self._timeline(record).final[1] == self.running:
                end = self.fail_at(record)
            record.failure_message = message or self.failure_message
        else:
            record.failure_message = None
        timeline = self._timeline(record)
        if status in self.instead_of_running:
            end = self._drop_running(timeline, end)
        timeline.then(end, status)
        self._rewritten(request, family, record)

    def _drop_running(self, timeline: Timeline, end: _dt.datetime) -> _dt.datetime:
        """Remove the planned ``running`` step (and what follows): the end comes when it would have begun."""
        at = timeline.when(self.running)
        if at is None:
            return end
        while len(timeline) > 2 and timeline[-2] >= at:
            del timeline[-2:]
        return at

    def apply_outcome(
        self, request: Request, family: Family[Any], record: Tracked, status: str, message: str | None
    ) -> bool:
        """``set_outcome`` on a live resource; False (nothing changed) if its end is already decided."""
        timeline = record.timeline
        if timeline is None:
            return False
        now = request.now
        current = timeline.status_at(now)
        if current in self.between_phases:
            record.next_outcome = (status, message)
            return True
        if current in self.before:
            self._check_outcome(family, current, status, updating=False)
            return self._retarget(request, family, record, status, message)
        if current != self.running and current != self.updating and current not in self.other_updates:
            return False
        self._check_outcome(family, current, status, updating=current == self.updating)
        if status in self.instead_of_running:
            raise ValueError(f"{status} ends a {family.what} instead of its {self.running} phase, and "
                             f"{record.arn} is {current} already: choose another outcome")
        # where the phase ends as planned (the planned end, or for a phase without one, its duration)
        at = timeline[-2] if timeline[-2] > now else timeline.changed_at(now) + record.duration
        if status == self.failed and self.fail_at is not None and current == self.running:
            at = self.fail_at(record)
        if not timeline.replan_end(now, current, at, status):
            return False
        record.failure_message = (message or self.failure_message) if status == self.failed else None
        self._rewritten(request, family, record)
        return True

    def _check_outcome(self, family: Family[Any], current: str, status: str, *, updating: bool) -> None:
        allowed = self.phase_outcomes(updating)
        if status not in allowed:
            raise ValueError(f"{status} cannot end a {family.what} that is {current}: choose one of {list(allowed)}")

    def _retarget(
        self, request: Request, family: Family[Any], record: Tracked, status: str, message: str | None
    ) -> bool:
        """``set_outcome`` before ``running`` began: keep the phases, change where (and when) they end."""
        timeline = record.timeline
        end = record.created + record.duration
        # an outcome that replaced the running phase ends where that phase would have begun
        dropped_at = timeline[-2] if timeline[-1] in self.instead_of_running else None
        while len(timeline) > 2 and timeline[-1] not in self.before and timeline[-1] != self.running:
            del timeline[-2:]  # the planned end (and nothing else: the phases before it stay)
        if status in self.instead_of_running:
            end = self._drop_running(timeline, end) if dropped_at is None else dropped_at
        else:
            if dropped_at is not None:
                timeline.then(dropped_at, self.running)  # the running phase comes back
            if status == self.failed and self.fail_at is not None:
                end = self.fail_at(record)
        timeline.then(max(end, timeline[-2]), status)
        record.failure_message = (message or self.failure_message) if status == self.failed else None
        self._rewritten(request, family, record)
        return True

    def stop(self, request: Request, family: Family[Any], record: Tracked) -> None:
        """Stop a running resource: ``stopping`` now, ``stopped`` after the ``stop`` duration."""
        timeline = self._timeline(record)
        now = request.now
        status = timeline.status_at(now)
        if status not in self.stoppable:
            raise ServiceError(
                request.code_if_modeled(STOP_NOT_RUNNING_CODE.value),
                f"The {family.what} {shown(record.name)} cannot be stopped because its status is {status}.",
            )
        timeline.cut(now)
        timeline.then(now, self.stopping).then(now + request.duration(STOP.name), self.stopped)
        record.failure_message = None
        self._rewritten(request, family, record)

    def delete_later(self, request: Request, family: Family[Any], record: Tracked) -> None:
        """Start a deletion now: ``deleting`` until the deletion duration has passed, then gone."""
        assert self.deleting is not None and self.deletion is not None, f"{family.kind} has no deleting phase"
        timeline = self._timeline(record)
        now = request.now
        timeline.cut(now)
        timeline.then(now, self.deleting)
        if self.on_rewrite is not None:
            self.on_rewrite(record)
        request.scheduler.at(now + request.duration(self.deletion), family.vanish, request.region, record)

    # --- the core's side -------------------------------------------------------------------------------
    def _timeline(self, record: Tracked) -> Timeline:
        return record.timeline

    def _rewritten(self, request: Request, family: Family[Any], record: Tracked) -> None:
        if self.on_rewrite is not None:
            self.on_rewrite(record)
        # The event at the old end (if any) finds the timeline changed and does nothing.
        request.scheduler.at(self._timeline(record).final[0], family.fire, request.region, record)

    def fire(self, at: _dt.datetime, region: RegionState, family: Family[Any], record: Tracked) -> None:
        """The end event: the family's side effects, once per end, for a resource still stored."""
        timeline = record.timeline
        if timeline is None:
            return
        final_at, status = timeline[-2], timeline[-1]
        if final_at != at or record.fired_at == at:
            return  # rewritten since, or (an end re-planned at the same instant) already applied
        if status in (self.running, self.updating, self.stopping) or status in self.other_updates:
            return
        if region.store(family.kind).by_arn(record.arn) is not record:
            return  # deleted: a resource that is gone has no side effects
        record.fired_at = at
        family.release_names(region, record)
        if self.on_end is not None:
            self.on_end(region, record, status, at)
