"""Tests of the durable store (roster.store) on SQLite files in tmp_path."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import roster
from roster.domain import Assignment, Horizon, Penalty, Roster, Status, Unfilled
from roster.errors import RosterError
from roster.store import (
    SqliteStore,
    StaleWeekError,
    Store,
    StoreError,
    open_store,
    person_subject,
    post_subject,
    week_subject,
)
from roster.store.schema import APPLICATION_ID, LATEST, MIGRATIONS, migrate

WEEK = date(2025, 1, 6)  # a Monday
NEXT = WEEK + timedelta(days=7)
PEOPLE = ("张伟", "王芳", "李娜", "刘洋", "陈静")


def make_roster(start: date = WEEK, people: tuple[str, ...] = PEOPLE, days: int = 7) -> Roster:
    """A small roster: everyone on the day shift at the desk, every day."""
    horizon = Horizon(start, days)
    assignments = tuple(
        sorted(
            Assignment(day, "白班", "值班室", person) for day in horizon.dates for person in people
        )
    )
    return Roster(
        horizon=horizon,
        assignments=assignments,
        unfilled=(Unfilled(start, "夜班", "值班室", "带班领导", 1, "无人具备技能"),),
        status=Status.FEASIBLE,
        objective=1_000_123,
        bound=1_000_000,
        penalties=(Penalty("fairness", people[0], start.isoformat(), 123, "周末班次偏多"),),
        seed=7,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "值班.db"


@pytest.fixture
def store(db: Path):
    with open_store(db) as opened:
        yield opened


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Versions -----------------------------------------------------------------------
def test_round_trip_with_chinese_text(db: Path) -> None:
    roster_in = make_roster()
    with open_store(db) as store:
        assert isinstance(store, Store)
        version_id = store.save_version(
            roster_in, who="管理员", config_hash="abc123", note="春节前排班"
        )
    with open_store(db) as store:
        version = store.get_version(version_id)
    assert version is not None
    assert version.id == version_id
    assert (version.week_start, version.days, version.state) == (WEEK, 7, "draft")
    assert (version.created_by, version.config_hash, version.note) == (
        "管理员",
        "abc123",
        "春节前排班",
    )
    assert version.created_at.tzinfo is not None
    assert version.to_roster() == roster_in
    assert version.assignments[0].person in PEOPLE
    assert version.unfilled[0].reason == "无人具备技能"
    assert version.penalties[0].detail == "周末班次偏多"


def test_missing_versions(store: SqliteStore) -> None:
    assert store.get_version(42) is None
    assert store.latest_version(WEEK) is None
    assert store.list_versions() == ()
    assert store.week_revision(WEEK) == 0


def test_publish_supersedes_previous(store: SqliteStore) -> None:
    first = store.save_version(make_roster(), who="甲", state="published")
    second = store.save_version(make_roster(people=PEOPLE[:2]), who="乙", state="published")
    other_week = store.save_version(make_roster(NEXT), who="甲", state="published")
    draft = store.save_version(make_roster(people=PEOPLE[2:]), who="丙")
    states = {v.id: v.state for v in store.list_versions()}
    assert states == {
        first: "superseded",
        second: "published",
        other_week: "published",
        draft: "draft",
    }
    assert store.latest_version(WEEK).id == draft
    assert store.latest_version(WEEK, state="published").id == second

    published = store.publish_version(draft, who="丙")
    assert published.state == "published"
    assert store.get_version(second).state == "superseded"
    assert store.get_version(other_week).state == "published"
    actions = [(e.action, e.who) for e in store.list_audit(3, subject=week_subject(WEEK))]
    assert actions == [
        ("version.supersede", "丙"),
        ("version.publish", "丙"),
        ("version.save", "丙"),
    ]
    supersede = store.list_audit(1, subject=week_subject(WEEK))[0]
    assert supersede.old_value == {"id": second, "state": "published"}
    assert supersede.new_value == {"id": second, "state": "superseded", "by": draft}

    with pytest.raises(ValueError):
        store.publish_version(first, who="丙")
    with pytest.raises(KeyError):
        store.publish_version(999, who="丙")
    with pytest.raises(ValueError):
        store.save_version(make_roster(), who="丙", state="superseded")


def test_save_rejects_items_outside_the_horizon(store: SqliteStore) -> None:
    bad = Roster(Horizon(WEEK, 7), (Assignment(NEXT, "白班", "值班室", "张伟"),))
    with pytest.raises(ValueError):
        store.save_version(bad, who="甲")
    assert store.list_versions() == ()


def test_published_assignments_reads_current_published_versions_only(store: SqliteStore) -> None:
    store.save_version(make_roster(people=("旧人",)), who="甲", state="published")
    store.save_version(make_roster(people=("张伟",)), who="甲", state="published")
    store.save_version(make_roster(people=("草稿",)), who="甲")
    store.save_version(make_roster(NEXT, people=("王芳",)), who="甲", state="published")
    store.save_version(make_roster(NEXT + timedelta(days=7), people=("未发布",)), who="甲")

    found = store.published_assignments(WEEK, NEXT + timedelta(days=20))
    assert {a.person for a in found} == {"张伟", "王芳"}
    assert len(found) == 14
    assert list(found) == sorted(found)

    clipped = store.published_assignments(WEEK + timedelta(days=5), NEXT + timedelta(days=1))
    assert [(a.date, a.person) for a in clipped] == [
        (WEEK + timedelta(days=5), "张伟"),
        (WEEK + timedelta(days=6), "张伟"),
        (NEXT, "王芳"),
        (NEXT + timedelta(days=1), "王芳"),
    ]
    assert store.published_assignments(NEXT, WEEK) == ()


def test_overlapping_published_horizons_prefer_the_later_week(store: SqliteStore) -> None:
    store.save_version(make_roster(WEEK, ("张伟",), days=14), who="甲", state="published")
    store.save_version(make_roster(NEXT, ("王芳",)), who="甲", state="published")
    found = store.published_assignments(WEEK, NEXT + timedelta(days=6))
    assert len(found) == 14
    assert {a.person for a in found if a.date < NEXT} == {"张伟"}
    assert {a.person for a in found if a.date >= NEXT} == {"王芳"}


# Revisions ----------------------------------------------------------------------
def test_week_revision_bumps_on_every_save_of_the_week(store: SqliteStore) -> None:
    assert store.week_revision(WEEK) == 0
    draft = store.save_version(make_roster(), who="甲")
    assert store.week_revision(WEEK) == 1
    store.save_version(make_roster(), who="甲", state="published")
    assert store.week_revision(WEEK) == 2
    store.publish_version(draft, who="甲")
    assert store.week_revision(WEEK) == 3
    assert store.week_revision(NEXT) == 0
    before = store.revision()
    store.add_leave("张伟", WEEK, WEEK, who="甲")
    assert store.revision() == before + 1
    assert store.week_revision(WEEK) == 3


def test_stale_revision_is_refused(db: Path) -> None:
    with open_store(db) as mine, open_store(db) as theirs:
        opened_at = mine.week_revision(WEEK)
        theirs.save_version(make_roster(), who="他人")
        with pytest.raises(StaleWeekError):
            mine.save_version(make_roster(), who="我", expected_revision=opened_at)
        assert len(mine.list_versions(WEEK)) == 1
        fresh = mine.week_revision(WEEK)
        mine.save_version(make_roster(), who="我", expected_revision=fresh)
        assert theirs.week_revision(WEEK) == fresh + 1


# Leave, locks, demand -----------------------------------------------------------
def test_leave_crud_with_audit(store: SqliteStore) -> None:
    entry = store.add_leave("张伟", WEEK, WEEK + timedelta(days=2), who="人事", reason="病假")
    other = store.add_leave("王芳", NEXT, NEXT, who="人事", reason="年假")
    assert store.list_leave() == (entry, other)
    assert store.list_leave("张伟") == (entry,)
    assert entry.range.contains(WEEK + timedelta(days=1))
    assert entry.created_by == "人事"

    assert store.remove_leave(entry.id, who="主任") == entry
    assert store.list_leave() == (other,)
    with pytest.raises(KeyError):
        store.remove_leave(entry.id, who="主任")
    with pytest.raises(ValueError):
        store.add_leave("张伟", NEXT, WEEK, who="人事")

    removed, added = store.list_audit(10, subject=person_subject("张伟"))
    assert (removed.action, removed.who, added.action, added.who) == (
        "leave.remove",
        "主任",
        "leave.add",
        "人事",
    )
    assert added.old is None and removed.new is None
    assert added.new_value == removed.old_value
    assert added.new_value["reason"] == "病假"
    assert added.new_value["start"] == WEEK.isoformat()
    assert "病假" in added.new  # JSON text keeps Chinese readable


def test_lock_crud_with_audit(store: SqliteStore) -> None:
    one = Assignment(WEEK, "白班", "值班室", "张伟")
    two = Assignment(NEXT, "夜班", "值班室", "王芳")
    lock = store.add_lock(one, who="主任", reason="领导指定")
    store.add_lock(two, who="主任")
    revision = store.revision()
    assert store.add_lock(one, who="别人") == lock  # idempotent, no change
    assert store.revision() == revision
    assert [x.assignment for x in store.list_locks()] == [one, two]
    assert [x.assignment for x in store.list_locks(start=NEXT)] == [two]
    assert [x.assignment for x in store.list_locks(end=WEEK)] == [one]

    assert store.remove_lock(lock.id, who="值班员") == lock
    assert [x.assignment for x in store.list_locks()] == [two]
    removed, added = store.list_audit(10, subject=person_subject("张伟"))
    assert (removed.action, removed.who, removed.old_value["reason"]) == (
        "lock.remove",
        "值班员",
        "领导指定",
    )
    assert (added.action, added.who, added.new_value["date"]) == ("lock.add", "主任", "2025-01-06")


def test_demand_crud_with_audit(store: SqliteStore) -> None:
    entry = store.add_demand(
        "值班室",
        "夜班",
        WEEK,
        WEEK + timedelta(days=3),
        2,
        {"leader": 1},
        who="主任",
        reason="防汛",
    )
    later = store.add_demand("热线", "白班", NEXT, NEXT, 1, who="主任")
    assert store.list_demand() == (entry, later)
    assert store.list_demand(start=WEEK + timedelta(days=3), end=WEEK + timedelta(days=4)) == (
        entry,
    )
    assert store.list_demand(start=NEXT) == (later,)
    demand = entry.to_demand()
    assert (demand.post, demand.count, dict(demand.skills)) == ("值班室", 2, {"leader": 1})
    assert (demand.start, demand.end) == (WEEK, WEEK + timedelta(days=3))
    with pytest.raises(ValueError):
        store.add_demand("值班室", "夜班", WEEK, WEEK, 0, who="主任")

    assert store.remove_demand(entry.id, who="副主任") == entry
    assert store.list_demand() == (later,)
    removed, added = store.list_audit(10, subject=post_subject("值班室"))
    assert (removed.action, removed.who, removed.old_value["skills"]) == (
        "demand.remove",
        "副主任",
        {"leader": 1},
    )
    assert (added.action, added.who, added.new_value["reason"]) == ("demand.add", "主任", "防汛")


def test_manual_audit_and_limit(store: SqliteStore) -> None:
    for n in range(5):
        store.audit("export.pdf", week_subject(WEEK), who="甲", new={"file": f"第{n}周.pdf"})
    latest = store.list_audit(2)
    assert [e.new_value["file"] for e in latest] == ["第4周.pdf", "第3周.pdf"]
    assert latest[0].at.tzinfo is not None


# Bad files ----------------------------------------------------------------------
def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO users (name) VALUES ('alice')")
    conn.commit()
    conn.close()


def _foreign_sqlite_with_schema_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER)")
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.commit()
    conn.close()


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _text_file(path: Path) -> None:
    path.write_text("排班表\n张伟,王芳\n", encoding="utf-8")


def _ours_with_garbage_body(path: Path) -> None:
    SqliteStore(path).close()
    header = path.read_bytes()[:100]
    path.write_bytes(header + random.Random(2).randbytes(8192))


@pytest.mark.parametrize(
    "make",
    [
        _random_bytes,
        _foreign_sqlite,
        _foreign_sqlite_with_schema_version,
        _empty_file,
        _text_file,
        _ours_with_garbage_body,
    ],
)
def test_bad_files_are_refused_and_left_alone(tmp_path: Path, make) -> None:
    path = tmp_path / "data.db"
    make(path)
    before = digest(path)
    with pytest.raises(StoreError):
        open_store(path)
    assert digest(path) == before
    if make is not _ours_with_garbage_body:
        assert sorted(os.listdir(tmp_path)) == ["data.db"]  # no side files either


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(tmp_path)


def test_newer_schema_is_refused_unchanged(db: Path) -> None:
    SqliteStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (?, '2099-01-01')", (LATEST + 1,))
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match="newer"):
        open_store(db)
    assert digest(db) == before


def test_store_errors_are_roster_errors_with_exit_code_2() -> None:
    assert issubclass(StaleWeekError, StoreError)
    assert issubclass(StoreError, RosterError)
    assert StoreError("x").exit_code == 2


def test_closed_store_raises(db: Path) -> None:
    store = open_store(db)
    store.close()
    store.close()
    with pytest.raises(StoreError):
        store.list_versions()


def test_urls_are_not_supported_yet() -> None:
    with pytest.raises(StoreError):
        open_store("postgresql://server/roster")


# Migrations ---------------------------------------------------------------------
def _now() -> datetime:
    return datetime(2025, 1, 1, tzinfo=UTC)


def test_new_store_is_fully_migrated(db: Path) -> None:
    SqliteStore(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")] == list(
        range(1, LATEST + 1)
    )
    conn.close()
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no temp files left


def test_old_schema_is_migrated_and_keeps_data(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, _now, target=1) == 1
    conn.executescript(
        """
        INSERT INTO week VALUES ('2025-01-06', 1);
        INSERT INTO version (week_start, days, state, created_at, created_by, status)
            VALUES ('2025-01-06', 7, 'published', '2025-01-01T00:00:00+00:00', '旧版', 'optimal');
        INSERT INTO assignment VALUES (1, '2025-01-07', '白班', '值班室', '张伟');
        INSERT INTO leave (person, start_date, end_date, reason, created_by, created_at)
            VALUES ('王芳', '2025-01-08', '2025-01-09', '事假', '旧版',
                    '2025-01-01T00:00:00+00:00');
        """
    )
    conn.close()

    with open_store(db) as store:
        version = store.get_version(1)
        assert version is not None and version.created_by == "旧版"
        assert version.assignments == (Assignment(date(2025, 1, 7), "白班", "值班室", "张伟"),)
        assert store.week_revision(WEEK) == 1
        assert [x.reason for x in store.list_leave("王芳")] == ["事假"]
        store.save_version(make_roster(), who="新版", state="published")
        assert store.get_version(1).state == "superseded"

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"assignment_date", "audit_subject"} <= indexes
    conn.close()


def test_migrations_never_drop_data() -> None:
    for script in MIGRATIONS:
        upper = script.upper()
        assert "DROP " not in upper and "DELETE " not in upper


# Atomicity and crashes ------------------------------------------------------------
def test_failure_inside_save_leaves_no_partial_version(store: SqliteStore, monkeypatch) -> None:
    first = store.save_version(make_roster(), who="甲", state="published")
    revision, audit = store.week_revision(WEEK), store.revision()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(SqliteStore, "_insert_penalties", explode)
    with pytest.raises(RuntimeError):
        store.save_version(make_roster(people=("新人",)), who="乙", state="published")

    assert [(v.id, v.state) for v in store.list_versions()] == [(first, "published")]
    assert store.week_revision(WEEK) == revision
    assert store.revision() == audit
    assert {a.person for a in store.published_assignments(WEEK, NEXT)} == set(PEOPLE)
    orphans = store._conn.execute(
        "SELECT count(*) FROM assignment WHERE version_id <> ?", (first,)
    ).fetchone()[0]
    assert orphans == 0


WRITER = """
import os, sys, time
from datetime import date, timedelta
from roster.domain import Assignment, Horizon, Roster, Status
from roster.store.sqlite import SqliteStore

original = SqliteStore._insert_penalties

def hang_inside(self, conn, version_id, items):
    original(self, conn, version_id, items)
    if os.environ.get("ROSTER_TEST_HANG") == "1" and version_id > 1:
        print("INSIDE", version_id, flush=True)
        time.sleep(60)

SqliteStore._insert_penalties = hang_inside

def roster(person):
    horizon = Horizon(date(2025, 1, 6), 7)
    items = tuple(
        Assignment(day, f"班{n}", "值班室", f"{person}{n}")
        for day in horizon.dates for n in range(100)
    )
    return Roster(horizon, items, status=Status.OPTIMAL)

store = SqliteStore(sys.argv[1])
first = store.save_version(roster("张"), who="进程", state="published")
print("COMMITTED", first, flush=True)
store.save_version(roster("王"), who="进程", state="published")
print("FINISHED", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_leaves_last_commit_intact(tmp_path: Path, db: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(textwrap.dedent(WRITER), encoding="utf-8")
    env = dict(os.environ, ROSTER_TEST_HANG="1", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(roster.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().split() == ["COMMITTED", "1"]
        assert proc.stdout.readline().split() == ["INSIDE", "2"]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()

    with open_store(db) as store:
        versions = store.list_versions()
        assert [(v.id, v.state) for v in versions] == [(1, "published")]
        assert len(versions[0].assignments) == 700
        assert {a.person[0] for a in versions[0].assignments} == {"张"}
        assert store.week_revision(WEEK) == 1
        assert [e.action for e in store.list_audit()] == ["version.save"]
        check = store._conn.execute("PRAGMA integrity_check").fetchone()[0]
        assert check == "ok"
        store.save_version(make_roster(), who="恢复后", state="published")
        assert store.get_version(1).state == "superseded"
