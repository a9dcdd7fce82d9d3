"""The SQLite schema as ordered migrations, and the code that applies them.

Rules for migrations: append only (never edit a released one), additive only
(never drop or rewrite data), one script per schema version. Version N is
`MIGRATIONS[N - 1]`; each is applied in its own transaction together with its
row in `schema_version`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

# "ROST" as a big-endian 32-bit integer, written to the SQLite file header.
APPLICATION_ID = 0x524F5354

_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};

CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE week (
    week_start TEXT PRIMARY KEY,
    revision   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE version (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    week_start  TEXT NOT NULL REFERENCES week (week_start),
    days        INTEGER NOT NULL CHECK (days > 0),
    state       TEXT NOT NULL CHECK (state IN ('draft', 'published', 'superseded')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    config_hash TEXT NOT NULL DEFAULT '',
    seed        INTEGER,
    status      TEXT NOT NULL,
    objective   INTEGER,
    bound       INTEGER,
    note        TEXT NOT NULL DEFAULT ''
);

-- At most one current published version per week.
CREATE UNIQUE INDEX version_published ON version (week_start) WHERE state = 'published';

CREATE TABLE assignment (
    version_id INTEGER NOT NULL REFERENCES version (id),
    date       TEXT NOT NULL,
    shift      TEXT NOT NULL,
    post       TEXT NOT NULL,
    person     TEXT NOT NULL,
    PRIMARY KEY (version_id, date, shift, post, person)
) WITHOUT ROWID;

CREATE TABLE unfilled (
    version_id INTEGER NOT NULL REFERENCES version (id),
    seq        INTEGER NOT NULL,
    date       TEXT NOT NULL,
    shift      TEXT NOT NULL,
    post       TEXT NOT NULL,
    skill      TEXT,
    missing    INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, seq)
);

CREATE TABLE penalty (
    version_id INTEGER NOT NULL REFERENCES version (id),
    seq        INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    who        TEXT NOT NULL,
    when_text  TEXT NOT NULL,
    cost       INTEGER NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, seq)
);

CREATE TABLE leave (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person     TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (start_date <= end_date)
);

CREATE TABLE lock (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    date       TEXT NOT NULL,
    shift      TEXT NOT NULL,
    post       TEXT NOT NULL,
    person     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (date, shift, post, person)
);

CREATE TABLE demand (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    post       TEXT NOT NULL,
    shift      TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    count      INTEGER NOT NULL CHECK (count > 0),
    skills     TEXT NOT NULL DEFAULT '{{}}',
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (start_date <= end_date)
);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    who     TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    old     TEXT,
    new     TEXT
);
"""

# Indexes for the read paths: history by date, audit by subject, leave by person,
# locks and demand by date, versions of a week.
_V2 = """
CREATE INDEX assignment_date ON assignment (date);
CREATE INDEX version_week ON version (week_start, id);
CREATE INDEX audit_subject ON audit (subject, id);
CREATE INDEX leave_person ON leave (person, start_date);
CREATE INDEX lock_date ON lock (date);
CREATE INDEX demand_dates ON demand (start_date, end_date);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
LATEST = len(MIGRATIONS)


def split_statements(script: str) -> list[str]:
    """Split a script into complete SQL statements (quotes and triggers respected)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        raise ValueError(f"incomplete SQL statement: {buffer.strip()[:60]!r}")
    return statements


def has_schema_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    return row is not None


def current_version(conn: sqlite3.Connection) -> int:
    """The applied schema version; 0 for a database without our tables."""
    if not has_schema_table(conn):
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(
    conn: sqlite3.Connection,
    now: Callable[[], datetime],
    target: int = LATEST,
) -> int:
    """Apply the missing migrations up to `target`; return the version reached.

    `conn` must be in autocommit mode (isolation_level=None). Each migration runs
    in a BEGIN IMMEDIATE transaction and re-reads the version inside it, so two
    processes opening an old file at once apply each migration once.
    """
    for number in range(1, target + 1):
        if current_version(conn) >= number:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) < number:
                for statement in split_statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (number, now().isoformat()),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return current_version(conn)
