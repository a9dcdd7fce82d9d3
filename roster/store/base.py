"""The store interface: what the rest of roster may ask of durable storage.

The model and the UI use only `Store` and the frozen records below, so a server
database can be added later as another implementation (see `roster.store`).
Dates are `datetime.date`; timestamps are timezone-aware UTC `datetime`s.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, Protocol, Self, runtime_checkable

from roster.domain import (
    Assignment,
    DateRange,
    DayPattern,
    Demand,
    Horizon,
    Penalty,
    Roster,
    Status,
    Unfilled,
    frozen_map,
)
from roster.errors import StoreError

__all__ = [
    "AuditEntry",
    "DemandEntry",
    "LeaveEntry",
    "LockEntry",
    "RosterVersion",
    "STATES",
    "StaleWeekError",
    "State",
    "Store",
    "StoreError",
    "person_subject",
    "post_subject",
    "week_subject",
]

State = Literal["draft", "published", "superseded"]
STATES: tuple[State, ...] = ("draft", "published", "superseded")


class StaleWeekError(StoreError):
    """Someone else saved the week since the caller read `week_revision`."""


@dataclass(frozen=True)
class RosterVersion:
    """One saved roster of a week; `assignments` are sorted, the rest keep order."""

    id: int
    week_start: date
    days: int
    state: State
    created_at: datetime
    created_by: str
    config_hash: str
    seed: int | None
    status: Status
    objective: int | None
    bound: int | None
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    note: str = ""

    @property
    def horizon(self) -> Horizon:
        return Horizon(self.week_start, self.days)

    def to_roster(self) -> Roster:
        """The domain roster this version holds (timings are not stored)."""
        return Roster(
            horizon=self.horizon,
            assignments=self.assignments,
            unfilled=self.unfilled,
            status=self.status,
            objective=self.objective,
            bound=self.bound,
            penalties=self.penalties,
            seed=self.seed,
        )


@dataclass(frozen=True)
class LockEntry:
    """An assignment that later solves must keep."""

    id: int
    date: date
    shift: str
    post: str
    person: str
    reason: str
    created_by: str
    created_at: datetime

    @property
    def assignment(self) -> Assignment:
        return Assignment(self.date, self.shift, self.post, self.person)


@dataclass(frozen=True)
class LeaveEntry:
    """Leave recorded in the store, on top of the leave in rosters.toml."""

    id: int
    person: str
    start: date
    end: date
    reason: str
    created_by: str
    created_at: datetime

    @property
    def range(self) -> DateRange:
        return DateRange(self.start, self.end, self.reason)


@dataclass(frozen=True)
class DemandEntry:
    """Extra demand: `count` people at `post` on `shift`, every day start..end."""

    id: int
    post: str
    shift: str
    start: date
    end: date
    count: int
    skills: Mapping[str, int]
    reason: str
    created_by: str
    created_at: datetime

    def to_demand(self) -> Demand:
        return Demand(
            post=self.post,
            shift=self.shift,
            count=self.count,
            days=DayPattern("all"),
            skills=frozen_map(self.skills),
            start=self.start,
            end=self.end,
        )


@dataclass(frozen=True)
class AuditEntry:
    """One change: `old` and `new` are JSON text (None when there is none)."""

    id: int
    at: datetime
    who: str
    action: str
    subject: str
    old: str | None
    new: str | None

    @property
    def old_value(self) -> Any:
        return None if self.old is None else json.loads(self.old)

    @property
    def new_value(self) -> Any:
        return None if self.new is None else json.loads(self.new)


def week_subject(week_start: date) -> str:
    """Audit subject of a week's versions."""
    return f"week:{week_start.isoformat()}"


def person_subject(person: str) -> str:
    """Audit subject of a person's leave and locks."""
    return f"person:{person}"


def post_subject(post: str) -> str:
    """Audit subject of a post's extra demand."""
    return f"post:{post}"


@runtime_checkable
class Store(Protocol):
    """Durable storage of roster versions, leave, locks, extra demand and audit.

    Every mutating method takes `who` (the acting user), runs in one
    transaction and appends audit entries in that same transaction.
    """

    # Versions -----------------------------------------------------------------
    def save_version(
        self,
        roster: Roster,
        *,
        who: str,
        state: State = "draft",
        config_hash: str = "",
        note: str = "",
        expected_revision: int | None = None,
    ) -> int:
        """Save `roster` as a new version of the week `roster.horizon.start`.

        Publishing marks the week's previous published version superseded.
        With `expected_revision`, raise StaleWeekError if the week moved on.
        """
        ...

    def publish_version(
        self, version_id: int, *, who: str, expected_revision: int | None = None
    ) -> RosterVersion:
        """Publish a draft; the week's previous published version is superseded."""
        ...

    def latest_version(self, week_start: date, state: State | None = None) -> RosterVersion | None:
        """The newest version of the week (with that state), or None."""
        ...

    def get_version(self, version_id: int) -> RosterVersion | None: ...

    def list_versions(self, week_start: date | None = None) -> tuple[RosterVersion, ...]:
        """Versions ordered by week, then age (oldest first)."""
        ...

    def published_assignments(self, start: date, end: date) -> tuple[Assignment, ...]:
        """Published assignments dated start..end (inclusive), current versions only."""
        ...

    def week_revision(self, week_start: date) -> int:
        """A counter bumped by every save or publish of the week; 0 if never saved."""
        ...

    # Leave, locks, extra demand -------------------------------------------------
    def add_leave(
        self, person: str, start: date, end: date, *, who: str, reason: str = ""
    ) -> LeaveEntry: ...

    def remove_leave(self, leave_id: int, *, who: str) -> LeaveEntry:
        """Remove and return the entry; KeyError if there is none."""
        ...

    def list_leave(self, person: str | None = None) -> tuple[LeaveEntry, ...]: ...

    def add_lock(self, assignment: Assignment, *, who: str, reason: str = "") -> LockEntry:
        """Lock an assignment; locking it again returns the existing entry."""
        ...

    def remove_lock(self, lock_id: int, *, who: str) -> LockEntry: ...

    def list_locks(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[LockEntry, ...]: ...

    def add_demand(
        self,
        post: str,
        shift: str,
        start: date,
        end: date,
        count: int,
        skills: Mapping[str, int] | None = None,
        *,
        who: str,
        reason: str = "",
    ) -> DemandEntry: ...

    def remove_demand(self, demand_id: int, *, who: str) -> DemandEntry: ...

    def list_demand(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[DemandEntry, ...]:
        """Entries whose start..end overlaps the given range (all if no range)."""
        ...

    # Audit --------------------------------------------------------------------
    def audit(
        self, action: str, subject: str, *, who: str, old: Any = None, new: Any = None
    ) -> int:
        """Append an audit entry (values are stored as JSON text); return its id."""
        ...

    def list_audit(self, limit: int = 100, subject: str | None = None) -> tuple[AuditEntry, ...]:
        """The newest entries first."""
        ...

    def revision(self) -> int:
        """A counter bumped by every change of anything in the store."""
        ...

    # Lifetime -----------------------------------------------------------------
    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
