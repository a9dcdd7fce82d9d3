"""`SqliteStore`: the `Store` on one local SQLite file (WAL mode)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from roster.domain import Assignment, Penalty, Roster, Unfilled
from roster.store import codec
from roster.store.base import (
    AuditEntry,
    DemandEntry,
    LeaveEntry,
    LockEntry,
    RosterVersion,
    StaleWeekError,
    State,
    StoreError,
    person_subject,
    post_subject,
    week_subject,
)
from roster.store.opening import check_known, connect, create_file, inspect_file
from roster.store.schema import migrate
from roster.testhook import pause_at


class SqliteStore:
    """A roster store in one SQLite file; safe for several processes at once.

    Opening creates the file (fully migrated) if it does not exist, refuses a
    file that is not a roster store or is newer than this code without
    modifying it, and applies pending migrations. One connection is shared by
    the threads of a process under a lock.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 5.0,
        clock: Callable[[], datetime] = codec.utc_now,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        if not self.path.exists():
            create_file(self.path, clock)
        inspect_file(self.path)
        try:
            conn = connect(self.path, timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        try:
            check_known(self.path, migrate(conn, clock))
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot migrate {self.path}: {exc}") from exc
            raise
        conn.row_factory = sqlite3.Row
        self._conn: sqlite3.Connection | None = conn

    # Lifetime -------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    # Transactions ---------------------------------------------------------------
    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise StoreError(f"the store {self.path} is closed")
            conn = self._conn
            try:
                conn.execute(begin)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {exc}") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path}: {exc}") from exc
                raise

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction: takes the write lock at once (BEGIN IMMEDIATE)."""
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several queries."""
        return self._transaction("BEGIN")

    def _log(
        self, conn: sqlite3.Connection, action: str, subject: str, who: str, old: Any, new: Any
    ) -> int:
        cursor = conn.execute(
            "INSERT INTO audit (at, who, action, subject, old, new) VALUES (?, ?, ?, ?, ?, ?)",
            (
                codec.stamp(self._clock()),
                who,
                action,
                subject,
                codec.to_json(old),
                codec.to_json(new),
            ),
        )
        return int(cursor.lastrowid or 0)

    # Versions -------------------------------------------------------------------
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
        """Save `roster` as a new version of its week, in one transaction."""
        if state not in ("draft", "published"):
            raise ValueError(f"a new version is 'draft' or 'published', not {state!r}")
        _check_inside(roster)
        week = roster.horizon.start
        with self._write() as conn:
            self._bump_week(conn, week, expected_revision)
            previous = self._published_id(conn, week) if state == "published" else None
            if previous is not None:
                conn.execute("UPDATE version SET state = 'superseded' WHERE id = ?", (previous,))
            cursor = conn.execute(
                "INSERT INTO version (week_start, days, state, created_at, created_by,"
                " config_hash, seed, status, objective, bound, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    week.isoformat(),
                    roster.horizon.days,
                    state,
                    codec.stamp(self._clock()),
                    who,
                    config_hash,
                    roster.seed,
                    str(roster.status),
                    roster.objective,
                    roster.bound,
                    note,
                ),
            )
            version_id = int(cursor.lastrowid or 0)
            self._insert_assignments(conn, version_id, roster.assignments)
            self._insert_unfilled(conn, version_id, roster.unfilled)
            self._insert_penalties(conn, version_id, roster.penalties)
            summary = _summary(version_id, roster, state, config_hash, note)
            self._log(conn, "version.save", week_subject(week), who, None, summary)
            if previous is not None:
                self._log_supersede(conn, week, who, previous, version_id)
            pause_at("store-commit")  # test-only (roster.testhook)
        return version_id

    def publish_version(
        self, version_id: int, *, who: str, expected_revision: int | None = None
    ) -> RosterVersion:
        """Publish a draft; the week's previous published version is superseded."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT state, week_start FROM version WHERE id = ?", (version_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no roster version {version_id}")
            if row["state"] != "draft":
                raise ValueError(f"version {version_id} is {row['state']}; only drafts publish")
            week = date.fromisoformat(row["week_start"])
            self._bump_week(conn, week, expected_revision)
            previous = self._published_id(conn, week)
            if previous is not None:
                conn.execute("UPDATE version SET state = 'superseded' WHERE id = ?", (previous,))
            conn.execute("UPDATE version SET state = 'published' WHERE id = ?", (version_id,))
            self._log(
                conn,
                "version.publish",
                week_subject(week),
                who,
                {"id": version_id, "state": "draft"},
                {"id": version_id, "state": "published"},
            )
            if previous is not None:
                self._log_supersede(conn, week, who, previous, version_id)
            version = self._load_version(conn, version_id)
        assert version is not None
        return version

    def latest_version(self, week_start: date, state: State | None = None) -> RosterVersion | None:
        sql = "SELECT id FROM version WHERE week_start = ?"
        args: list[Any] = [week_start.isoformat()]
        if state is not None:
            sql += " AND state = ?"
            args.append(state)
        with self._read() as conn:
            row = conn.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
            return None if row is None else self._load_version(conn, row["id"])

    def get_version(self, version_id: int) -> RosterVersion | None:
        with self._read() as conn:
            return self._load_version(conn, version_id)

    def list_versions(self, week_start: date | None = None) -> tuple[RosterVersion, ...]:
        sql = "SELECT id FROM version"
        args: list[Any] = []
        if week_start is not None:
            sql += " WHERE week_start = ?"
            args.append(week_start.isoformat())
        with self._read() as conn:
            ids = [row["id"] for row in conn.execute(sql + " ORDER BY week_start, id", args)]
            versions = (self._load_version(conn, version_id) for version_id in ids)
            return tuple(v for v in versions if v is not None)

    def published_assignments(self, start: date, end: date) -> tuple[Assignment, ...]:
        """Published assignments dated start..end, from the current version of each week.

        Where the horizons of two published weeks overlap, a date belongs to the
        version whose week starts later (it was planned later).
        """
        if end < start:
            return ()
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, week_start, days FROM version WHERE state = 'published'"
                " AND week_start <= ? ORDER BY week_start DESC, id DESC",
                (end.isoformat(),),
            ).fetchall()
            owner: dict[date, int] = {}
            for row in rows:
                first = date.fromisoformat(row["week_start"])
                last = first + timedelta(days=row["days"] - 1)
                day = max(first, start)
                while day <= min(last, end):
                    owner.setdefault(day, row["id"])
                    day += timedelta(days=1)
            found: list[Assignment] = []
            for version_id in sorted(set(owner.values())):
                for row in conn.execute(
                    "SELECT date, shift, post, person FROM assignment"
                    " WHERE version_id = ? AND date BETWEEN ? AND ?",
                    (version_id, start.isoformat(), end.isoformat()),
                ):
                    item = codec.assignment(row)
                    if owner.get(item.date) == version_id:
                        found.append(item)
        return tuple(sorted(found))

    def week_revision(self, week_start: date) -> int:
        with self._read() as conn:
            return self._revision_of(conn, week_start)

    # Version helpers (each runs inside the caller's transaction) -----------------
    def _revision_of(self, conn: sqlite3.Connection, week: date) -> int:
        row = conn.execute(
            "SELECT revision FROM week WHERE week_start = ?", (week.isoformat(),)
        ).fetchone()
        return 0 if row is None else int(row["revision"])

    def _bump_week(self, conn: sqlite3.Connection, week: date, expected: int | None) -> int:
        current = self._revision_of(conn, week)
        if expected is not None and expected != current:
            raise StaleWeekError(
                f"the week of {week.isoformat()} was changed by someone else "
                f"(revision {current}, you had {expected}); reload it"
            )
        conn.execute(
            "INSERT INTO week (week_start, revision) VALUES (?, 1)"
            " ON CONFLICT (week_start) DO UPDATE SET revision = revision + 1",
            (week.isoformat(),),
        )
        return current + 1

    def _published_id(self, conn: sqlite3.Connection, week: date) -> int | None:
        row = conn.execute(
            "SELECT id FROM version WHERE week_start = ? AND state = 'published'",
            (week.isoformat(),),
        ).fetchone()
        return None if row is None else int(row["id"])

    def _log_supersede(
        self, conn: sqlite3.Connection, week: date, who: str, previous: int, by: int
    ) -> None:
        self._log(
            conn,
            "version.supersede",
            week_subject(week),
            who,
            {"id": previous, "state": "published"},
            {"id": previous, "state": "superseded", "by": by},
        )

    def _insert_assignments(
        self, conn: sqlite3.Connection, version_id: int, items: tuple[Assignment, ...]
    ) -> None:
        conn.executemany(
            "INSERT INTO assignment (version_id, date, shift, post, person) VALUES (?, ?, ?, ?, ?)",
            [
                (version_id, a.date.isoformat(), a.shift, a.post, a.person)
                for a in sorted(set(items))
            ],
        )

    def _insert_unfilled(
        self, conn: sqlite3.Connection, version_id: int, items: tuple[Unfilled, ...]
    ) -> None:
        conn.executemany(
            "INSERT INTO unfilled (version_id, seq, date, shift, post, skill, missing, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (version_id, seq, u.date.isoformat(), u.shift, u.post, u.skill, u.missing, u.reason)
                for seq, u in enumerate(items)
            ],
        )

    def _insert_penalties(
        self, conn: sqlite3.Connection, version_id: int, items: tuple[Penalty, ...]
    ) -> None:
        conn.executemany(
            "INSERT INTO penalty (version_id, seq, rule, who, when_text, cost, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (version_id, seq, p.rule, p.who, p.when, p.cost, p.detail)
                for seq, p in enumerate(items)
            ],
        )

    def _load_version(self, conn: sqlite3.Connection, version_id: int) -> RosterVersion | None:
        row = conn.execute("SELECT * FROM version WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            return None
        assignments = conn.execute(
            "SELECT date, shift, post, person FROM assignment WHERE version_id = ?"
            " ORDER BY date, shift, post, person",
            (version_id,),
        )
        holes = conn.execute(
            "SELECT * FROM unfilled WHERE version_id = ? ORDER BY seq", (version_id,)
        )
        penalties = conn.execute(
            "SELECT * FROM penalty WHERE version_id = ? ORDER BY seq", (version_id,)
        )
        return codec.version(
            row,
            tuple(codec.assignment(r) for r in assignments),
            tuple(codec.unfilled(r) for r in holes),
            tuple(codec.penalty(r) for r in penalties),
        )

    # Leave ----------------------------------------------------------------------
    def add_leave(
        self, person: str, start: date, end: date, *, who: str, reason: str = ""
    ) -> LeaveEntry:
        _check_range(start, end)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO leave (person, start_date, end_date, reason, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (person, start.isoformat(), end.isoformat(), reason, who, self._now_text()),
            )
            entry = self._one(conn, "leave", cursor.lastrowid, codec.leave)
            self._log(conn, "leave.add", person_subject(person), who, None, entry)
        return entry

    def remove_leave(self, leave_id: int, *, who: str) -> LeaveEntry:
        with self._write() as conn:
            entry = self._one(conn, "leave", leave_id, codec.leave)
            conn.execute("DELETE FROM leave WHERE id = ?", (leave_id,))
            self._log(conn, "leave.remove", person_subject(entry.person), who, entry, None)
        return entry

    def list_leave(self, person: str | None = None) -> tuple[LeaveEntry, ...]:
        sql, args = "SELECT * FROM leave", []
        if person is not None:
            sql, args = sql + " WHERE person = ?", [person]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY person, start_date, id", args).fetchall()
        return tuple(codec.leave(row) for row in rows)

    # Locks ----------------------------------------------------------------------
    def add_lock(self, assignment: Assignment, *, who: str, reason: str = "") -> LockEntry:
        key = (assignment.date.isoformat(), assignment.shift, assignment.post, assignment.person)
        with self._write() as conn:
            row = conn.execute(
                "SELECT * FROM lock WHERE date = ? AND shift = ? AND post = ? AND person = ?", key
            ).fetchone()
            if row is not None:
                return codec.lock(row)
            cursor = conn.execute(
                "INSERT INTO lock (date, shift, post, person, reason, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, reason, who, self._now_text()),
            )
            entry = self._one(conn, "lock", cursor.lastrowid, codec.lock)
            self._log(conn, "lock.add", person_subject(entry.person), who, None, entry)
        return entry

    def remove_lock(self, lock_id: int, *, who: str) -> LockEntry:
        with self._write() as conn:
            entry = self._one(conn, "lock", lock_id, codec.lock)
            conn.execute("DELETE FROM lock WHERE id = ?", (lock_id,))
            self._log(conn, "lock.remove", person_subject(entry.person), who, entry, None)
        return entry

    def list_locks(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[LockEntry, ...]:
        sql, args = "SELECT * FROM lock WHERE 1", []
        if start is not None:
            sql, args = sql + " AND date >= ?", [*args, start.isoformat()]
        if end is not None:
            sql, args = sql + " AND date <= ?", [*args, end.isoformat()]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY date, shift, post, person", args).fetchall()
        return tuple(codec.lock(row) for row in rows)

    # Extra demand ---------------------------------------------------------------
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
    ) -> DemandEntry:
        _check_range(start, end)
        skills = dict(skills or {})
        if count < 1 or any(not isinstance(n, int) or n < 1 for n in skills.values()):
            raise ValueError("demand counts must be integers >= 1")
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO demand (post, shift, start_date, end_date, count, skills, reason,"
                " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    post,
                    shift,
                    start.isoformat(),
                    end.isoformat(),
                    count,
                    codec.to_json(skills),
                    reason,
                    who,
                    self._now_text(),
                ),
            )
            entry = self._one(conn, "demand", cursor.lastrowid, codec.demand)
            self._log(conn, "demand.add", post_subject(post), who, None, entry)
        return entry

    def remove_demand(self, demand_id: int, *, who: str) -> DemandEntry:
        with self._write() as conn:
            entry = self._one(conn, "demand", demand_id, codec.demand)
            conn.execute("DELETE FROM demand WHERE id = ?", (demand_id,))
            self._log(conn, "demand.remove", post_subject(entry.post), who, entry, None)
        return entry

    def list_demand(
        self, start: date | None = None, end: date | None = None
    ) -> tuple[DemandEntry, ...]:
        sql, args = "SELECT * FROM demand WHERE 1", []
        if start is not None:
            sql, args = sql + " AND end_date >= ?", [*args, start.isoformat()]
        if end is not None:
            sql, args = sql + " AND start_date <= ?", [*args, end.isoformat()]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY start_date, post, shift, id", args).fetchall()
        return tuple(codec.demand(row) for row in rows)

    # Audit ----------------------------------------------------------------------
    def audit(
        self, action: str, subject: str, *, who: str, old: Any = None, new: Any = None
    ) -> int:
        with self._write() as conn:
            return self._log(conn, action, subject, who, old, new)

    def list_audit(self, limit: int = 100, subject: str | None = None) -> tuple[AuditEntry, ...]:
        sql, args = "SELECT * FROM audit", []
        if subject is not None:
            sql, args = sql + " WHERE subject = ?", [subject]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, max(limit, 0)])
            return tuple(codec.audit(row) for row in rows)

    def revision(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])

    # Small helpers --------------------------------------------------------------
    def _now_text(self) -> str:
        return codec.stamp(self._clock())

    @staticmethod
    def _one(
        conn: sqlite3.Connection,
        table: str,
        row_id: int | None,
        make: Callable[[sqlite3.Row], Any],
    ) -> Any:
        row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if row is None:
            raise KeyError(f"no {table} entry {row_id}")
        return make(row)


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")


def _check_inside(roster: Roster) -> None:
    """Every dated item of a version lies in its horizon (history reads rely on it)."""
    horizon = roster.horizon
    if horizon.days < 1:
        raise ValueError("a roster horizon has at least one day")
    for item in (*roster.assignments, *roster.unfilled):
        if not horizon.contains(item.date):
            raise ValueError(f"{item} lies outside the horizon {horizon.start}+{horizon.days}d")


def _summary(
    version_id: int, roster: Roster, state: str, config_hash: str, note: str
) -> dict[str, Any]:
    """What the audit log records of a saved version (not every assignment)."""
    return {
        "id": version_id,
        "week_start": roster.horizon.start,
        "days": roster.horizon.days,
        "state": state,
        "status": str(roster.status),
        "objective": roster.objective,
        "assignments": len(set(roster.assignments)),
        "unfilled": sum(u.missing for u in roster.unfilled),
        "config_hash": config_hash,
        "note": note,
    }
