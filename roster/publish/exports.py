"""Write the whole export set into a directory and swap it into place atomically.

Layout of `out_dir`: roster.json, roster.csv, roster.html, changes.md, ics/<person>.ics.
The set is built in the sibling `.<name>.new`, fsynced, then swapped in: the old directory is
renamed to `.<name>.old`, the new one renamed into place, the old one removed. A process killed
at any point leaves the old or the new complete set; the next run finishes or undoes a swap that
was cut short (an orphaned `.<name>.old` is restored if `out_dir` is missing).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from roster.domain import Assignment, Organisation, Roster
from roster.publish.atomic import fsync_dir, write_synced
from roster.publish.changes import changes_markdown, diff_assignments
from roster.publish.csvfmt import to_csv
from roster.publish.html import render_html
from roster.publish.ics import calendar_people, ics_filename, person_calendar
from roster.publish.jsonfmt import dumps
from roster.testhook import pause_at

try:  # POSIX advisory lock; elsewhere publishers are not serialised
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

FILES = ("roster.json", "roster.csv", "roster.html", "changes.md")
ICS_DIR = "ics"


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive flock on `directory` (serialises publishers into one parent)."""
    if fcntl is None:
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Delete a directory tree (or just the link, for a symlink)."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path)


def _recover(out: Path, new: Path, old: Path) -> None:
    """Clean up after a run that was killed: drop a half-built set, finish or undo a swap."""
    if new.exists() or new.is_symlink():
        _remove(new)
    if old.exists() or old.is_symlink():
        if out.exists():
            _remove(old)
        else:
            os.rename(old, out)
            fsync_dir(out.parent)


def _build(
    target: Path,
    org: Organisation,
    roster: Roster,
    doc: Mapping[str, Any],
    previous: Iterable[Assignment] | None,
    version_label: str,
    generated_at: datetime,
) -> None:
    """Write every export file into the empty directory `target`, each fsynced."""
    write_synced(target / "roster.json", dumps(doc).encode("utf-8"))
    write_synced(target / "roster.csv", to_csv(doc))
    html = render_html(org, doc, version_label, generated_at)
    write_synced(target / "roster.html", html.encode("utf-8"))
    pause_at("exports-partial")  # test-only (roster.testhook)
    changes = None
    if previous is not None:
        changes = diff_assignments(previous, roster.assignments, roster.horizon)
    report = changes_markdown(org, changes, roster.horizon, version_label)
    write_synced(target / "changes.md", report.encode("utf-8"))
    calendars = target / ICS_DIR
    calendars.mkdir()
    by_person: dict[str, list[Mapping[str, Any]]] = {}
    for entry in doc["assignments"]:  # one pass, not one scan of the roster per person
        by_person.setdefault(entry["person"], []).append(entry)
    for person in calendar_people(org, doc):
        data = person_calendar(org, doc, person, generated_at, by_person.get(person, []))
        write_synced(calendars / ics_filename(person), data)
    fsync_dir(calendars)
    fsync_dir(target)


def _check(roster: Roster, doc: Mapping[str, Any]) -> None:
    start, days = roster.horizon.start.isoformat(), roster.horizon.days
    if doc.get("week_start") != start or doc.get("days") != days:
        raise ValueError(
            f"publication document is for {doc.get('week_start')} ({doc.get('days')} days) "
            f"but the roster is for {start} ({days} days)"
        )


def write_exports(
    out_dir: str | os.PathLike[str],
    org: Organisation,
    roster: Roster,
    publication_doc: Mapping[str, Any],
    previous_assignments: Iterable[Assignment] | None,
    version_label: str,
    generated_at: datetime,
) -> Path:
    """Write the export set to `out_dir`, replacing any previous set atomically.

    `previous_assignments` None means there is no previous publication (changes.md says so);
    the comparison is limited to the roster's horizon. Identical input gives identical bytes.
    """
    _check(roster, publication_doc)
    out = Path(out_dir).absolute()
    if not out.name or out.name in (".", ".."):
        raise ValueError(f"cannot publish into {out_dir!s}: give a directory name")
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a directory")
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    new = parent / f".{out.name}.new"
    old = parent / f".{out.name}.old"
    with _locked(parent):
        _recover(out, new, old)
        new.mkdir()
        try:
            _build(
                new,
                org,
                roster,
                publication_doc,
                previous_assignments,
                version_label,
                generated_at,
            )
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        if out.exists():
            os.rename(out, old)
            pause_at("exports-swap")  # test-only (roster.testhook)
            try:
                os.rename(new, out)
            except BaseException:
                os.rename(old, out)
                raise
            fsync_dir(parent)
            _remove(old)
        else:
            os.rename(new, out)
            fsync_dir(parent)
    return out
