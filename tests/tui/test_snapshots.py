"""One snapshot per screen and dialog at 120x40, in Chinese and English. Accepted after
looking at them (`pytest tests/tui/test_snapshots.py --snapshot-update`, then open the SVGs).

Nothing here depends on a time-limited solve: the changes dialog is fed a fixed solver result.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from roster.domain import Roster, Status
from roster.service import Outcome
from roster.validate import validate
from tests.tui.conftest import SIZE, make_app

LANGUAGES = ["zh", "en"]
DAY = date(2026, 12, 9)
SAT = date(2026, 12, 12)


def snap(snap_compare, workdir, language, before=None) -> bool:
    return snap_compare(make_app(workdir, language), terminal_size=SIZE, run_before=before)


async def to_slot(pilot, day: date, shift: str, post: str, index: int = 0) -> None:
    from tui.widgets.post_grid import PostGrid

    await pilot.press("v")
    grid = pilot.app.screen.query_one(PostGrid)
    grid.go(day, shift, post)
    grid.move_cursor(row=grid.cursor_row + index)
    await pilot.pause()


async def to_person(pilot, person: str, day: date) -> None:
    from tui.widgets.person_grid import PersonGrid

    grid = pilot.app.screen.query_one(PersonGrid)
    grid.go(person, day)
    await pilot.pause()


@pytest.mark.parametrize("language", LANGUAGES)
def test_week_screen(workdir, snap_compare, language):
    assert snap(snap_compare, workdir, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_post_view_with_a_hole(workdir, snap_compare, language):
    async def before(pilot):
        await to_slot(pilot, SAT, "AM", "site_c01")
        await pilot.press("delete")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_picker_dialog(workdir, snap_compare, language):
    async def before(pilot):
        await to_slot(pilot, DAY, "D24", "desk")
        await pilot.press("e")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_leave_dialog(workdir, snap_compare, language):
    async def before(pilot):
        from textual.widgets import Input

        await to_person(pilot, "p05", DAY)
        await pilot.press("a")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the snapshot flaky
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_publish_dialog_with_the_change_report(workdir, snap_compare, language):
    async def before(pilot):
        screen = pilot.app.screen
        s = screen.session
        s.publish("test", workdir / "publish")
        first, second = s.of("p01", date(2026, 12, 7)), s.of("p02", date(2026, 12, 8))
        s.swap(first, "p01", second, "p02")
        screen.refresh_view()
        await pilot.press("p")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_changes_dialog_after_a_solve(workdir, snap_compare, language):
    async def before(pilot):
        from tui.messages import SolveFinished

        screen = pilot.app.screen
        s = screen.session
        # A fixed "solver result": p01 and p02 exchange their desk duties of 7 and 8 Dec.
        new = []
        for a in s.assignments:
            if a.post == "desk" and (a.date.day, a.person) in ((7, "p01"), (8, "p02")):
                a = replace(a, person="p02" if a.person == "p01" else "p01")
            new.append(a)
        report = validate(s.problem, new)
        assert report.ok
        roster = Roster(s.horizon, tuple(new), status=Status.FEASIBLE, objective=report.objective)
        screen.post_message(SolveFinished(Outcome(s.problem, roster, report), cancelled=False))
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_dialog(workdir, snap_compare, language):
    async def before(pilot):
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_explain_an_unfilled_slot(workdir, snap_compare, language):
    async def before(pilot):
        s = pilot.app.screen.session
        s.clear([a for a in s.at(DAY, "D24", "desk") if a.person == "p06"])
        pilot.app.screen.refresh_view()
        await to_slot(pilot, DAY, "D24", "desk", index=1)
        await pilot.press("w")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_explain_an_assignment(workdir, snap_compare, language):
    async def before(pilot):
        s = pilot.app.screen.session
        # p01 asked for 12 December off: on the site that day, a request term applies.
        s.assign(SAT, "AM", "site_c01", "p01", replacing=s.at(SAT, "AM", "site_c01")[0])
        pilot.app.screen.refresh_view()
        await to_person(pilot, "p01", SAT)
        await pilot.press("w")
        await pilot.pause()

    assert snap(snap_compare, workdir, language, before)
