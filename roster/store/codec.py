"""Conversions between SQLite rows, records and JSON text."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from roster.domain import Assignment, Penalty, Status, Unfilled, frozen_map
from roster.store.base import AuditEntry, DemandEntry, LeaveEntry, LockEntry, RosterVersion


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A timestamp as ISO text, in UTC (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot store {type(value).__name__} in the audit log")


def to_json(value: Any) -> str | None:
    """JSON text for the audit log (None stays None); Chinese is kept readable."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def assignment(row: sqlite3.Row) -> Assignment:
    return Assignment(date.fromisoformat(row["date"]), row["shift"], row["post"], row["person"])


def unfilled(row: sqlite3.Row) -> Unfilled:
    return Unfilled(
        date=date.fromisoformat(row["date"]),
        shift=row["shift"],
        post=row["post"],
        skill=row["skill"],
        missing=row["missing"],
        reason=row["reason"],
    )


def penalty(row: sqlite3.Row) -> Penalty:
    return Penalty(row["rule"], row["who"], row["when_text"], row["cost"], row["detail"])


def version(
    row: sqlite3.Row,
    assignments: tuple[Assignment, ...],
    holes: tuple[Unfilled, ...],
    penalties: tuple[Penalty, ...],
) -> RosterVersion:
    return RosterVersion(
        id=row["id"],
        week_start=date.fromisoformat(row["week_start"]),
        days=row["days"],
        state=row["state"],
        created_at=datetime.fromisoformat(row["created_at"]),
        created_by=row["created_by"],
        config_hash=row["config_hash"],
        seed=row["seed"],
        status=Status(row["status"]),
        objective=row["objective"],
        bound=row["bound"],
        assignments=assignments,
        unfilled=holes,
        penalties=penalties,
        note=row["note"],
    )


def leave(row: sqlite3.Row) -> LeaveEntry:
    return LeaveEntry(
        id=row["id"],
        person=row["person"],
        start=date.fromisoformat(row["start_date"]),
        end=date.fromisoformat(row["end_date"]),
        reason=row["reason"],
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def lock(row: sqlite3.Row) -> LockEntry:
    return LockEntry(
        id=row["id"],
        date=date.fromisoformat(row["date"]),
        shift=row["shift"],
        post=row["post"],
        person=row["person"],
        reason=row["reason"],
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def demand(row: sqlite3.Row) -> DemandEntry:
    return DemandEntry(
        id=row["id"],
        post=row["post"],
        shift=row["shift"],
        start=date.fromisoformat(row["start_date"]),
        end=date.fromisoformat(row["end_date"]),
        count=row["count"],
        skills=frozen_map(json.loads(row["skills"])),
        reason=row["reason"],
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def audit(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=datetime.fromisoformat(row["at"]),
        who=row["who"],
        action=row["action"],
        subject=row["subject"],
        old=row["old"],
        new=row["new"],
    )
