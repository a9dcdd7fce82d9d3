"""Durable storage of rosters, leave, locks, extra demand and the audit log.

Callers use `open_store(path)` and the `Store` interface only, so another
backend (a server database) can be added here without touching them.
"""

from __future__ import annotations

import os

from roster.store.base import (
    AuditEntry,
    DemandEntry,
    LeaveEntry,
    LockEntry,
    RosterVersion,
    StaleWeekError,
    State,
    Store,
    StoreError,
    person_subject,
    post_subject,
    week_subject,
)
from roster.store.sqlite import SqliteStore

__all__ = [
    "AuditEntry",
    "DemandEntry",
    "LeaveEntry",
    "LockEntry",
    "RosterVersion",
    "SqliteStore",
    "StaleWeekError",
    "State",
    "Store",
    "StoreError",
    "open_store",
    "person_subject",
    "post_subject",
    "week_subject",
]


def open_store(path: str | os.PathLike[str]) -> Store:
    """Open (creating if missing) the store at `path`: a local SQLite file.

    URLs (`scheme://...`) are reserved for server backends, none of which exists yet.
    """
    if "://" in os.fspath(path):
        raise StoreError(f"unsupported store location {os.fspath(path)!r}: use a file path")
    return SqliteStore(path)
