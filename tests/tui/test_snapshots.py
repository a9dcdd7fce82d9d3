"""One snapshot per screen at 120x40, in Chinese and English. Accepted after looking at them
(`pytest tests/tui/test_snapshots.py --snapshot-update`, then open the SVGs)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tui.conftest import SIZE, make_app


@pytest.mark.parametrize("language", ["zh", "en"])
def test_week_screen(workdir, snap_compare, language):
    assert snap_compare(make_app(workdir, language), terminal_size=SIZE)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_post_view_with_a_hole(workdir, snap_compare, language):
    async def before(pilot):
        from tui.widgets.post_grid import PostGrid

        await pilot.press("v")
        pilot.app.screen.query_one(PostGrid).go(date(2026, 12, 12), "AM", "site_c01")
        await pilot.press("delete")
        await pilot.pause()

    assert snap_compare(make_app(workdir, language), terminal_size=SIZE, run_before=before)


def test_picker_dialog(workdir, snap_compare):
    async def before(pilot):
        from tui.widgets.post_grid import PostGrid

        await pilot.press("v")
        pilot.app.screen.query_one(PostGrid).go(date(2026, 12, 9), "D24", "desk")
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_app(workdir, "en"), terminal_size=SIZE, run_before=before)
