"""Explain in the TUI: the dialog names the rule and the person, in the UI language."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from tests.tui.conftest import drive, make_app
from tests.tui.test_app import to_person, to_posts, wait_for, week
from tui.dialogs.explain import ExplainDialog

DAY = date(2026, 12, 9)
SAT = date(2026, 12, 12)


def body(app) -> str:
    return str(app.screen.query_one("#explain-body", Static).render())


def test_explain_an_unfilled_slot_names_every_candidate_and_rule_in_chinese(workdir):
    app = make_app(workdir, language="zh")

    async def scenario(pilot):
        s = week(app).session
        officer = next(a for a in s.at(DAY, "D24", "desk") if a.person in ("p05", "p06", "p07"))
        s.clear([officer])
        week(app).refresh_view()
        # The remaining person packs into position 0; position 1 is the hole.
        await to_posts(pilot, DAY, "D24", "desk", index=1)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainDialog))
        text = body(app)
        assert "空缺 2026-12-09 24小时值班 总值班室：缺 1 人（需值班员）" in text
        # 黄丽 (p08) holds the skill and is on annual leave that day.
        assert "黄丽：请假（年假）" in text
        # Every duty officer other than those on the slot is listed with a reason.
        listed = {p for p in ("p05", "p06", "p07", "p08") if s.org.people[p].name in text}
        assert listed == {"p05", "p06", "p07", "p08"}
        # The cleared officer could take it again: nothing but cost keeps them out.
        assert f"{s.org.people[officer.person].name}：有空" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExplainDialog))

    drive(app, scenario)


def test_explain_an_assignment_names_the_objective_term(workdir):
    app = make_app(workdir, language="en")

    async def scenario(pilot):
        s = week(app).session
        # p01 asked for 12 December off (tests/data/tiny.toml); put them on the site.
        am = s.at(SAT, "AM", "site_c01")[0]
        s.assign(SAT, "AM", "site_c01", "p01", replacing=am)
        week(app).refresh_view()
        await to_person(pilot, "p01", SAT)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplainDialog))
        text = body(app)
        assert "2026-12-12 上午 东湖社区服务点: 王建国" in text
        assert "day-off request unmet" in text and "wanted the day off, works 上午" in text
        cost = next(p.cost for p in s.report.penalties if p.rule == "request.day_off")
        assert f"cost {cost}" in text

    drive(app, scenario)


def test_explain_is_in_the_footer_and_the_command_palette(workdir):
    from tui.commands import screen_commands

    app = make_app(workdir, language="zh")

    async def scenario(pilot):
        from textual.widgets._footer import FooterKey

        screen = week(app)
        keys = {(k.key, k.description) for k in screen.query(FooterKey)}
        assert ("w", "解释") in keys
        assert "解释" in [c.title for c in screen_commands(screen)]

    drive(app, scenario)
