"""Tests of roster.summary (the `roster check` text) and roster.textwidth."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from roster.calendar import Calendar
from roster.config import parse_config
from roster.domain import Horizon, Organisation
from roster.summary import available_hours, next_week, skill_loads, summarize
from roster.textwidth import align, display_width, pad

TINY = Path(__file__).parent / "data" / "tiny.toml"
WEEK = Horizon(date(2026, 12, 7), 7)


@pytest.fixture(scope="module")
def tiny_data() -> dict[str, Any]:
    return tomllib.loads(TINY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny(tiny_data: dict[str, Any]) -> Organisation:
    return parse_config(tiny_data, "tiny.toml")


def test_display_width_and_pad() -> None:
    assert display_width("张伟") == 4
    assert display_width("p01 张伟") == 8
    assert display_width("e\u0301") == 1  # combining accent takes no column
    assert pad("张伟", 6) == "张伟  "
    assert pad("12", 4, right=True) == "  12"
    assert pad("应急指挥中心", 4) == "应急指挥中心"


def test_align_by_display_width() -> None:
    lines = align([["名字", "n"], ["王建国", "12"], ["ab", "3"]], right=[1])
    assert lines == ["名字     n", "王建国  12", "ab       3"]
    assert len({display_width(line) for line in lines}) == 1


def test_next_week_is_monday_to_sunday() -> None:
    assert next_week(date(2026, 12, 2)) == Horizon(date(2026, 12, 7), 7)
    assert next_week(date(2026, 12, 7)) == Horizon(date(2026, 12, 14), 7)
    assert next_week(date(2026, 12, 13)) == Horizon(date(2026, 12, 14), 7)


def test_summary_of_tiny(tiny: Organisation) -> None:
    text = summarize(tiny, WEEK)
    lines = text.splitlines()
    assert lines[0] == "示例区应急管理局 (tiny.toml)"
    assert "12 people (10 staff, 2 volunteers) in 2 units" in lines[1]
    assert "Demand 2026-12-07 .. 2026-12-13 (7 days) against available person-hours" in lines
    rows = {line.split()[0]: line.split()[-4:] for line in lines if line.startswith("  ")}
    assert rows["带班领导"] == ["7", "168", "4", "240"]
    assert rows["热线接线"] == ["14", "112", "6", "360"]
    assert rows["办公室"][-3:] == ["5", "5", "0"]
    assert rows["应急指挥中心"][-3:] == ["7", "5", "2"]
    assert not any(line.startswith("warning") for line in lines)


def test_tables_align_with_chinese_names(tiny: Organisation) -> None:
    table = summarize(tiny, WEEK).split("\n\n")[1].splitlines()[1:]
    assert len({display_width(line) for line in table}) == 1


def test_shortage_warning(tiny_data: dict[str, Any]) -> None:
    data = {
        **tiny_data,
        "people": [p for p in tiny_data["people"] if p["id"] not in ("p02", "p03")],
    }
    text = summarize(parse_config(data, "tiny.toml"), WEEK)
    assert (
        "warning: 带班领导 (leader_on_duty): demand 168 person-hours exceeds available "
        "120 person-hours" in text.splitlines()
    )


def test_available_hours(tiny: Organisation) -> None:
    calendar = Calendar(tiny.calendar)
    people = tiny.people
    assert available_hours(people["p11"], WEEK, calendar) == 20  # two weekend days, 08-18
    assert available_hours(people["p01"], WEEK, calendar) == 60  # capped by max_hours_7d
    three_days = Horizon(date(2026, 12, 8), 3)  # p08 is on leave on two of them
    assert available_hours(people["p08"], three_days, calendar) == 24


def test_loads_follow_day_patterns(tiny: Organisation) -> None:
    weekdays = Horizon(date(2026, 12, 7), 5)
    loads = {load.skill: load for load in skill_loads(tiny, weekdays, Calendar(tiny.calendar))}
    assert loads["*"].shifts == 5 * 2 + 5 * 2  # desk and hotline only; no weekend site
    assert loads["leader_on_duty"].hours == 5 * 24
