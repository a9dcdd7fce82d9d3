"""Opening SQLite files safely: refuse what is not ours before writing a byte."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from roster.store.base import StoreError
from roster.store.schema import APPLICATION_ID, LATEST, current_version, has_schema_table, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_APP_ID_OFFSET = 68


def inspect_file(path: Path) -> int:
    """Check that `path` is a roster store this code can use; return its schema version.

    Reads the header bytes, then opens the file read-only. Nothing is written.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path} is not a roster store (not an SQLite database)")
    app_id = int.from_bytes(header[_APP_ID_OFFSET : _APP_ID_OFFSET + 4], "big")
    if app_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is an SQLite database of another application "
            f"(application_id {app_id:#010x}, expected {APPLICATION_ID:#010x})"
        )
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            if not has_schema_table(conn):
                raise StoreError(f"{path} is damaged: it has no schema_version table")
            version = current_version(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is damaged or unreadable: {exc}") from exc
    check_known(path, version)
    return version


def check_known(path: Path, version: int) -> None:
    """Refuse a schema written by newer code."""
    if version > LATEST:
        raise StoreError(
            f"{path} has schema version {version}, newer than this program knows "
            f"({LATEST}); upgrade roster to open it"
        )


def create_file(path: Path, now: Callable[[], datetime]) -> None:
    """Create a new, fully migrated store at `path`, atomically.

    The database is built under a temporary name beside `path` and linked into
    place only when complete, so a crash never leaves a half-made store and a
    concurrent creator's file is never overwritten.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.new")
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn, now)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # someone else created it meanwhile; theirs is used
        except OSError:
            if not path.exists():  # no hard links on this file system
                os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot create the store {path}: {exc}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-write connection with our pragmas; explicit transactions only."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        conn.close()
        raise
    return conn
