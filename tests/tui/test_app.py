"""Pilot tests of the TUI: each drives the app with keys and checks the session and store."""

from __future__ import annotations

import time
from datetime import date

from textual.widgets import Input, OptionList, TabbedContent

from roster.editing import open_week
from roster.service import load_problem
from roster.store import open_store
from roster.validate import validate
from tests.tui.conftest import WEEK, drive, make_app
from tui.dialogs.changes import ChangesDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.help import HelpDialog
from tui.dialogs.leave import LeaveDialog
from tui.dialogs.picker import PickerDialog
from tui.screens.week import WeekScreen
from tui.widgets.person_grid import PersonGrid
from tui.widgets.post_grid import PostGrid
from tui.widgets.side_panel import SidePanel
from tui.widgets.status_bar import StatusBar

DAY = date(2026, 12, 9)


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        await pilot.pause(0.05)


def week(app) -> WeekScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, WeekScreen)
    return screen


def status(app) -> str:
    return str(week(app).query_one(StatusBar).render())


async def to_posts(pilot, day: date, shift: str, post: str, index: int = 0) -> PostGrid:
    screen = week(pilot.app)
    if not screen.on_posts:
        await pilot.press("v")
    grid = screen.query_one(PostGrid)
    grid.go(day, shift, post)
    grid.move_cursor(row=grid.cursor_row + index)
    await pilot.pause()
    return grid


async def to_person(pilot, person: str, day: date) -> PersonGrid:
    grid = week(pilot.app).query_one(PersonGrid)
    grid.focus()
    grid.go(person, day)
    await pilot.pause()
    return grid


def test_open_shows_the_stored_draft(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        screen = week(app)
        s = screen.session
        assert s.version is not None and s.version.id == 1
        grid = screen.query_one(PersonGrid)
        # 2 unit rows + 12 people; name column + 7 days.
        assert grid.row_count == 14 and len(grid.columns) == 8
        a = s.at(DAY, "D24", "desk")[0]
        grid.go(a.person, DAY)
        assert "值24" in str(grid.get_cell_at(grid.cursor_coordinate))
        text = status(app)
        assert "version 1 (draft)" in text and "unfilled 0" in text and "violations 0" in text

    drive(app, scenario)


def test_clear_then_edit_via_the_picker(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        before = s.at(DAY, "D24", "desk")
        grid = await to_posts(pilot, DAY, "D24", "desk")
        await pilot.press("delete")
        assert s.at(DAY, "D24", "desk") == before[1:]
        # Names stay packed at the top positions; the empty one shows what is missing.
        below = grid.cursor_coordinate.down()
        assert "need 1" in str(grid.get_cell_at(below))
        assert "unfilled 1" in status(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog))
        picker = app.screen
        options = picker.query_one(OptionList)
        first = s.candidates(DAY, "D24", "desk")[0]
        assert first.eligible
        assert options.get_option_at_index(0).id == first.person
        # Ineligible people are listed, disabled, with the reason.
        volunteer = options.get_option("p11")
        assert volunteer.disabled and "volunteers" in str(volunteer.prompt)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog))
        assert any(a.person == first.person for a in s.at(DAY, "D24", "desk"))

    drive(app, scenario)


def test_lock_and_unlock(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        a = s.at(DAY, "D24", "desk")[0]
        grid = await to_person(pilot, a.person, DAY)
        await pilot.press("l")
        assert a in s.locks
        assert "*" in str(grid.get_cell_at(grid.cursor_coordinate))
        await pilot.press("delete")
        assert "violations 1" in status(app)
        await pilot.press("u", "l")
        assert a not in s.locks and s.report.ok

    drive(app, scenario)


def test_swap_two_people(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        a = s.at(date(2026, 12, 7), "HD", "hotline")[0]
        b = s.at(date(2026, 12, 8), "HE", "hotline")[0]
        assert a.person != b.person
        await to_person(pilot, a.person, a.date)
        await pilot.press("x")
        await to_person(pilot, b.person, b.date)
        await pilot.press("x")
        theirs_a = [x.person for x in s.at(a.date, "HD", "hotline")]
        theirs_b = [x.person for x in s.at(b.date, "HE", "hotline")]
        assert theirs_a == [b.person] and theirs_b == [a.person]

    drive(app, scenario)


def test_swap_in_the_post_grid_moves_to_an_empty_position(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        sat = date(2026, 12, 12)
        await to_posts(pilot, sat, "AM", "site_c01")
        await pilot.press("delete")
        pm = s.at(sat, "PM", "site_c01")[0]
        await to_posts(pilot, sat, "PM", "site_c01")
        await pilot.press("x")
        await to_posts(pilot, sat, "AM", "site_c01")
        await pilot.press("x")
        assert [a.person for a in s.at(sat, "AM", "site_c01")] == [pm.person]
        assert s.at(sat, "PM", "site_c01") == []

    drive(app, scenario)


def test_leave_dialog_records_leave(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        a = s.at(DAY, "D24", "desk")[0]
        grid = await to_person(pilot, a.person, DAY)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveDialog))
        app.screen.query_one("#reason", Input).value = "sick"
        app.screen.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LeaveDialog))
        assert s.on_leave(a.person, DAY).reason == "sick"
        assert any(v.rule == "leave" for v in s.report.violations)
        # The person's cell is marked as broken and the side panel lists the violation.
        assert "on #a00000" in str(grid.get_cell_at(grid.cursor_coordinate).style)
        panel = week(app).query_one(SidePanel)
        assert panel.option_count >= 1 and panel.get_option_at_index(0).id == "v0"
        assert "on leave (sick)" in str(panel.get_option_at_index(0).prompt)

    drive(app, scenario)


def test_undo_redo_keys(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        a = s.at(DAY, "D24", "desk")[0]
        await to_person(pilot, a.person, DAY)
        await pilot.press("delete")
        assert a not in s.assignments
        await pilot.press("u")
        assert a in s.assignments
        await pilot.press("y")
        assert a not in s.assignments

    drive(app, scenario)


def test_side_panel_moves_the_cursor_to_an_unfilled_slot(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        sat = date(2026, 12, 12)
        await to_posts(pilot, sat, "AM", "site_c01")
        await pilot.press("delete")
        await pilot.press("v")  # back to the person grid
        assert not week(app).on_posts
        panel = week(app).query_one(SidePanel)
        panel.focus()
        panel.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert week(app).query_one(TabbedContent).active == "posts"
        cell = week(app).query_one(PostGrid).current()
        assert (cell.day, cell.shift, cell.post) == (sat, "AM", "site_c01")
        assert s.report.unfilled

    drive(app, scenario)


def test_solve_a_draft_when_the_week_is_empty_then_resolve_and_accept(emptydir):
    app = make_app(emptydir)

    async def scenario(pilot):
        screen = week(app)
        s = screen.session
        await wait_for(pilot, lambda: screen.solver_run is None and s.assignments)
        assert s.report.ok and not s.report.unfilled
        assert "solved" in status(app)
        day = date(2026, 12, 10)
        await to_posts(pilot, day, "HD", "hotline")
        await pilot.press("delete")
        assert s.report.unfilled
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangesDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChangesDialog))
        assert s.at(day, "HD", "hotline") and not s.report.unfilled

    drive(app, scenario)


def test_cancel_stops_the_solve(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        screen = week(app)
        # A limit far beyond the wait below: the solve only ends in time if Cancel stops it.
        screen.solver_time_limit = 600
        s = screen.session
        before = s.assignments
        await pilot.press("f5")
        assert screen.solver_run is not None
        await wait_for(pilot, lambda: "objective" in screen.query_one(StatusBar).solver)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.solver_run is None, timeout=60)
        assert "cancelled" in status(app) or "no roster" in status(app)
        if isinstance(app.screen, ChangesDialog):
            await pilot.press("n")
            await wait_for(pilot, lambda: not isinstance(app.screen, ChangesDialog))
        assert s.assignments == before and not s.dirty

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK).id == 1


def test_save_draft(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        a = s.at(DAY, "D24", "desk")[0]
        await to_person(pilot, a.person, DAY)
        await pilot.press("l", "ctrl+s")
        assert not s.dirty
        assert "version 2 (draft)" in status(app)

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK).id == 2
        assert len(store.list_locks(WEEK, date(2026, 12, 13))) == 1


def test_save_conflict_offers_a_reload_and_never_overwrites(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        other = open_week(workdir / "tiny.toml", workdir / "roster.db", WEEK)
        other.clear(other.at(date(2026, 12, 7), "HD", "hotline"))
        theirs = other.save_draft("someone")
        await to_person(pilot, s.at(DAY, "D24", "desk")[0].person, DAY)
        await pilot.press("delete", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Someone saved" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        reloaded = week(app).session
        assert reloaded is not s and reloaded.version.id == theirs
        assert set(reloaded.assignments) == set(other.assignments)

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK).created_by == "someone"


def test_publish_after_confirming(workdir):
    app = make_app(workdir)
    published = []

    async def scenario(pilot):
        s = week(app).session
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert app.screen.lines == [
            f"The week's first publication: {len(s.assignments)} assignments."
        ]
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert "published" in status(app)
        published.append(s.assignments)

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        version = store.latest_version(WEEK, "published")
        assert version is not None and set(version.assignments) == set(published[0])
        problem = load_problem(workdir / "tiny.toml", WEEK.isoformat())
        assert validate(problem, version.assignments).ok
    assert (workdir / "publish" / "roster.html").is_file()


def test_republish_shows_the_change_report_and_writes_the_change(workdir):
    app = make_app(workdir, language="zh")

    async def scenario(pilot):
        s = week(app).session
        s.publish("first", workdir / "publish")
        week(app).refresh_view()
        # 王建国 (p01) and 李明 (p02) exchange their desk duties of 7 and 8 December.
        await to_person(pilot, "p01", date(2026, 12, 7))
        await pilot.press("x")
        await to_person(pilot, "p02", date(2026, 12, 8))
        await pilot.press("x")
        assert s.report.ok
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert app.screen.lines == [
            "与已发布版本相比，2 人的安排有变化：",
            "- 12-07 24小时值班 总值班室 王建国",
            "+ 12-08 24小时值班 总值班室 王建国",
            "+ 12-07 24小时值班 总值班室 李明",
            "- 12-08 24小时值班 总值班室 李明",
        ]
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert not s.dirty and s.publish_changes() == ()

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        latest = store.latest_version(WEEK, "published")
        assert latest.id == 3 and latest.created_by != "first"
        desk = {(x.date.day, x.person) for x in latest.assignments if x.post == "desk"}
        assert {(7, "p02"), (8, "p01")} <= desk and not {(7, "p01"), (8, "p02")} & desk
    changes = (workdir / "publish" / "changes.md").read_text(encoding="utf-8")
    assert "新增" in changes and "取消" in changes


def test_edits_reach_the_store_only_when_saved(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        day = date(2026, 12, 11)
        hotline = s.at(day, "HE", "hotline")[0]
        desk = s.at(day, "D24", "desk")[0]
        await to_person(pilot, desk.person, day)
        await pilot.press("l")
        await to_person(pilot, hotline.person, day)
        await pilot.press("delete")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveDialog))
        app.screen.query_one("#reason", Input).value = "training"
        await pilot.click("#yes")
        await wait_for(pilot, lambda: not isinstance(app.screen, LeaveDialog))
        with open_store(workdir / "roster.db") as store:
            assert store.latest_version(WEEK).id == 1 and store.list_leave() == ()
        await pilot.press("ctrl+s")
        assert not s.dirty

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        saved = store.latest_version(WEEK)
        assert saved.id == 2 and saved.state == "draft"
        assert not any(a.date == date(2026, 12, 11) and a.shift == "HE" for a in saved.assignments)
        assert [(e.reason, e.range.start) for e in store.list_leave()] == [
            ("training", date(2026, 12, 11))
        ]
        locks = [e.assignment for e in store.list_locks(WEEK, date(2026, 12, 13))]
        assert len(locks) == 1 and locks[0].shift == "D24" and locks[0] in saved.assignments


def test_edit_a_persons_day_via_the_slot_picker(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        sat = date(2026, 12, 12)
        # p11 (volunteer, weekends) is free on Saturday; the picker offers the site first.
        assert s.of("p11", sat) == []
        await to_person(pilot, "p11", sat)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog))
        options = app.screen.query_one(OptionList)
        assert options.get_option("D24|desk").disabled
        assert "no volunteers here" in str(options.get_option("D24|desk").prompt)
        options.highlighted = options.get_option_index("AM|site_c01")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog))
        assert [(a.shift, a.post) for a in s.of("p11", sat)] == [("AM", "site_c01")]
        # The site wants one person: the validator flags the second as overstaffing.
        assert len(s.at(sat, "AM", "site_c01")) == 2
        assert any(v.rule == "overstaffed" for v in s.report.violations)
        await pilot.press("u")
        assert s.of("p11", sat) == [] and s.report.ok

    drive(app, scenario)


def test_publish_is_refused_with_violations(workdir):
    app = make_app(workdir)

    async def scenario(pilot):
        s = week(app).session
        await to_person(pilot, s.at(DAY, "D24", "desk")[0].person, DAY)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LeaveDialog))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert app.screen.only_ok
        await pilot.press("y")

    drive(app, scenario)
    with open_store(workdir / "roster.db") as store:
        assert store.latest_version(WEEK, "published") is None


def test_help_and_command_palette_entries(workdir):
    from tui.commands import screen_commands

    app = make_app(workdir, language="zh")

    async def scenario(pilot):
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpDialog))
        await pilot.press("escape")
        titles = [c.title for c in screen_commands(week(app))]
        assert "求解" in titles and "发布" in titles
        assert "人员" in str(week(app).query_one(PersonGrid).columns)

    drive(app, scenario)
