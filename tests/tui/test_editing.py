"""roster.editing: the headless edit session behind the TUI (no textual here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from roster.domain import Assignment
from roster.editing import EditSession, StaleWeekError, open_week
from roster.store import open_store
from tests.tui.conftest import WEEK


def session_of(folder: Path) -> EditSession:
    return open_week(folder / "tiny.toml", folder / "roster.db", WEEK)


def desk(s: EditSession, day: date) -> list[Assignment]:
    return s.at(day, "D24", "desk")


def test_open_reads_the_latest_version(workdir):
    s = session_of(workdir)
    assert s.version is not None and s.version.state == "draft"
    assert s.revision == 1
    assert s.report.ok and not s.report.unfilled
    assert set(s.assignments) == set(s.version.assignments)
    assert not s.dirty and not s.can_undo


def test_open_without_a_version(emptydir):
    s = session_of(emptydir)
    assert s.version is None and s.assignments == ()
    assert s.report.unfilled  # every slot is empty


def test_candidates_list_the_eligible_first_with_reasons_for_the_rest(workdir):
    s = session_of(workdir)
    day = date(2026, 12, 9)
    taken = desk(s, day)[0]
    found = s.candidates(day, "D24", "desk", replacing=taken)
    eligible = [c for c in found if c.eligible]
    assert eligible and found[: len(eligible)] == eligible
    reasons = {c.person: c.reason for c in found}
    assert reasons["p11"] == "volunteers may not work here"
    assert reasons["p09"] == "lacks a skill the post requires"
    assert reasons["p08"].startswith("on leave")
    other = desk(s, day)[1]
    assert reasons[other.person] == "already on this slot"


def test_clear_undo_redo(workdir):
    s = session_of(workdir)
    day = date(2026, 12, 8)
    gone = desk(s, day)
    s.clear(gone)
    assert desk(s, day) == [] and s.dirty and s.can_undo
    assert any(u.post == "desk" and u.date == day for u in s.report.unfilled)
    assert s.undo() == "clear"
    assert desk(s, day) == gone and not s.report.unfilled and s.can_redo
    assert s.redo() == "clear"
    assert desk(s, day) == []
    assert s.redo() is None


def test_assign_replacing_and_a_new_edit_drops_redo(workdir):
    s = session_of(workdir)
    day = date(2026, 12, 9)
    old = desk(s, day)[0]
    # An ineligible choice is allowed; the validator reports it.
    s.assign(day, "D24", "desk", "p09", replacing=old)
    assert Assignment(day, "D24", "desk", "p09") in s.assignments
    assert old not in s.assignments
    assert any(v.rule == "eligibility" and v.who == "p09" for v in s.report.violations)
    s.undo()
    assert s.can_redo
    s.clear([old])
    assert not s.can_redo


def test_assign_outside_the_week_is_refused(workdir):
    s = session_of(workdir)
    with pytest.raises(ValueError):
        s.assign(date(2026, 12, 20), "D24", "desk", "p01")
    assert not s.can_undo


def test_swap_exchanges_people(workdir):
    s = session_of(workdir)
    a = s.at(date(2026, 12, 7), "HD", "hotline")[0]
    b = s.at(date(2026, 12, 8), "HE", "hotline")[0]
    s.swap([a], a.person, [b], b.person)
    assert replace(a, person=b.person) in s.assignments
    assert replace(b, person=a.person) in s.assignments
    assert a not in s.assignments or a.person == b.person


def test_lock_then_clear_is_a_violation(workdir):
    s = session_of(workdir)
    a = desk(s, date(2026, 12, 10))[0]
    assert s.toggle_lock([a]) is True
    assert a in s.locks
    s.clear([a])
    assert [v.rule for v in s.report.violations] == ["lock"]
    s.undo()
    assert s.report.ok
    assert s.toggle_lock([a]) is False and a not in s.locks


def test_leave_over_an_assignment_is_a_violation(workdir):
    s = session_of(workdir)
    a = desk(s, date(2026, 12, 11))[0]
    s.add_leave(a.person, a.date, a.date, "sick")
    assert any(v.rule == "leave" and v.who == a.person for v in s.report.violations)
    assert s.on_leave(a.person, a.date) is not None
    s.undo()
    assert s.report.ok and s.on_leave(a.person, a.date) is None


def test_save_draft_writes_version_locks_and_leave(workdir):
    s = session_of(workdir)
    a = desk(s, date(2026, 12, 7))[0]
    s.toggle_lock([a])
    s.add_leave("p09", date(2026, 12, 20), date(2026, 12, 21), "training")
    version = s.save_draft("tester")
    assert not s.dirty and not s.can_undo and s.revision == 2
    with open_store(workdir / "roster.db") as store:
        saved = store.latest_version(WEEK)
        assert saved.id == version and saved.state == "draft" and saved.created_by == "tester"
        assert set(saved.assignments) == set(s.assignments)
        assert [e.assignment for e in store.list_locks(WEEK, date(2026, 12, 13))] == [a]
        assert [(e.person, e.reason) for e in store.list_leave()] == [("p09", "training")]
    # Unlocking and saving again removes the lock from the store.
    s.toggle_lock([a])
    s.save_draft("tester")
    with open_store(workdir / "roster.db") as store:
        assert store.list_locks(WEEK, date(2026, 12, 13)) == ()


def test_save_refuses_when_someone_else_saved(workdir):
    s = session_of(workdir)
    other = session_of(workdir)
    other.clear(desk(other, date(2026, 12, 7)))
    other.save_draft("someone")
    s.clear(desk(s, date(2026, 12, 8)))
    assert s.store_changed()
    with pytest.raises(StaleWeekError):
        s.save_draft("me")
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK).created_by == "someone"


def test_publish_saves_and_exports(workdir):
    s = session_of(workdir)
    out = workdir / "publish"
    version = s.publish("tester", out)
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK).id == version
        assert store.latest_version(WEEK, "published").id == version
    assert (out / "roster.json").is_file() and (out / "ics").is_dir()


def test_publish_refuses_a_roster_with_violations(workdir):
    s = session_of(workdir)
    a = desk(s, date(2026, 12, 7))[0]
    s.add_leave(a.person, a.date, a.date)
    with pytest.raises(ValueError):
        s.publish("tester", workdir / "publish")
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK, "published") is None
