"""Config keys of the horizon rules, per-line cover weights and a calendar without holidays."""

from __future__ import annotations

import copy
import tomllib
from datetime import date

from roster.calendar import Calendar
from roster.config import parse_config
from tests.test_config import VALID, problems_of


def data():
    return copy.deepcopy(tomllib.loads(VALID))


def test_new_keys_load():
    d = data()
    d["rules"]["forbidden_successions"] = [["D24", "AM"]]
    d["defaults"].update(
        max_shifts={"D24": 4},
        min_minutes=600,
        max_minutes=9000,
        min_consecutive_days=2,
        min_consecutive_days_off=2,
        max_weekends=1,
    )
    d["demand"][0].update(under_weight=100, over_weight=1)
    d["calendar"] = {"country": ""}
    org = parse_config(d, "rosters.toml")
    assert org.forbidden_successions == frozenset({("D24", "AM")})
    limits = org.defaults
    assert dict(limits.max_shifts) == {"D24": 4}
    assert (limits.min_minutes, limits.max_minutes) == (600, 9000)
    assert (limits.min_consecutive_days, limits.min_consecutive_days_off) == (2, 2)
    assert limits.max_weekends == 1
    assert (org.demand[0].under_weight, org.demand[0].over_weight) == (100, 1)
    assert (org.demand[1].under_weight, org.demand[1].over_weight) == (None, None)
    assert org.calendar.country == ""
    assert not Calendar(org.calendar).info(date(2026, 10, 1)).is_holiday  # China's National Day


def test_unknown_shift_in_new_keys_is_reported():
    d = data()
    d["rules"]["forbidden_successions"] = [["D24", "XX"]]
    d["defaults"]["max_shifts"] = {"YY": 1}
    found = "\n".join(problems_of(d))
    assert "XX" in found and "YY" in found


def test_default_calendar_keeps_china():
    org = parse_config(data(), "rosters.toml")
    assert Calendar(org.calendar).info(date(2026, 10, 1)).is_holiday
