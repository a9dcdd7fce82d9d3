"""Tests of roster.config: a valid file loads into domain objects; problems are reported."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.config import load_config, parse_config
from roster.domain import Assignment, DateRange, DayPattern, Limits, Organisation, Window
from roster.errors import ConfigError, ExitCode

TINY = Path(__file__).parent / "data" / "tiny.toml"

VALID = """\
[organisation]
name = "测试区应急管理局"

[defaults]
min_rest_hours = 12

[rules]
team_lead_skill = "leader"

[weights]
request = 500
[weights.fairness]
duty24 = 30

[skills]
leader = "带班领导"
driver = "驾驶员"

[[units]]
id = "office"
name = "办公室"

[[units]]
id = "command"
name = "指挥中心"

[[communities]]
id = "c01"
name = "东湖社区"
district = "东城区"

[[shifts]]
id = "D24"
name = "24小时值班"
code = "24"
start = "08:30"
hours = 24

[[shifts]]
id = "AM"
name = "上午"
code = "上"
start = 08:00:00
minutes = 240

[[posts]]
id = "desk"
name = "总值班室"
code = "值"
kind = "desk"
eligible_skills = ["leader", "driver"]
volunteers_allowed = false

[[posts]]
id = "site"
name = "东湖服务点"
code = "东"
kind = "site"
community = "c01"
team = true

[[demand]]
post = "desk"
shift = "D24"
count = 2
skills = { leader = 1, driver = 1 }
from = 2026-12-01
to = "2026-12-31"

[[demand]]
post = "site"
shift = "AM"
days = [2026-12-05, "2026-12-06"]
count = 1

[[people]]
id = "p001"
name = "张伟"
unit = "office"
skills = ["leader"]
limits = { max_hours_7d = 48 }
leave = [{ from = 2026-12-01, to = 2026-12-03, reason = "年假" }]

[[people]]
id = "p002"
name = "李娜"
unit = "command"
skills = ["driver"]

[[people]]
id = "p003"
name = "王芳"
unit = "command"
kind = "volunteer"
home = "c01"
availability = [{ days = "weekends", from = "08:00", to = "24:00" }]

[[requests]]
person = "p002"
date = 2026-12-08
kind = "shift"
shift = "D24"
weight = 2

[[locks]]
person = "p002"
date = 2026-12-04
shift = "D24"
post = "desk"
"""


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return tomllib.loads(VALID)


def problems_of(data: dict[str, Any]) -> list[str]:
    """The rendered problems of a config expected to be invalid."""
    with pytest.raises(ConfigError) as caught:
        parse_config(data, "rosters.toml")
    return [p.render() for p in caught.value.problems]


def edit(base: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(base)


def test_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "rosters.toml"
    path.write_text(VALID, encoding="utf-8")
    org = load_config(path)
    assert isinstance(org, Organisation)
    assert org.name == "测试区应急管理局"
    assert org.source == str(path)
    assert list(org.units) == ["office", "command"]
    assert list(org.people) == ["p001", "p002", "p003"]
    assert org.shifts["D24"].minutes == 24 * 60 and org.shifts["D24"].start == time(8, 30)
    assert org.shifts["AM"].minutes == 240 and org.shifts["AM"].start == time(8, 0)
    assert org.posts["desk"].eligible_skills == frozenset({"leader", "driver"})
    assert not org.posts["desk"].volunteers_allowed and org.posts["site"].team
    assert org.team_lead_skill == "leader"


def test_people_limits_leave_availability(tmp_path: Path) -> None:
    path = tmp_path / "rosters.toml"
    path.write_text(VALID, encoding="utf-8")
    org = load_config(path)
    zhang, li, wang = org.people.values()
    assert org.defaults == Limits(min_rest_hours=12.0)
    assert zhang.limits == Limits(min_rest_hours=12.0, max_hours_7d=48)
    assert li.limits == org.defaults
    assert zhang.leave == (DateRange(date(2026, 12, 1), date(2026, 12, 3), "年假"),)
    assert wang.is_volunteer and wang.home_community == "c01"
    assert wang.availability == (Window("weekends", time(8, 0), time(0, 0)),)


def test_demand_requests_locks_weights(base: dict[str, Any]) -> None:
    org = parse_config(base, "rosters.toml")
    desk, site = org.demand
    assert desk.days == DayPattern("all")
    assert dict(desk.skills) == {"leader": 1, "driver": 1}
    assert (desk.start, desk.end) == (date(2026, 12, 1), date(2026, 12, 31))
    assert site.days == DayPattern("dates", frozenset({date(2026, 12, 5), date(2026, 12, 6)}))
    assert org.requests[0].weight == 2 and org.requests[0].shift == "D24"
    assert org.locks == (Assignment(date(2026, 12, 4), "D24", "desk", "p002"),)
    assert org.weights.request == 500 and org.weights.unfilled == 1_000_000
    assert org.weights.fairness["duty24"] == 30 and org.weights.fairness["weekend"] == 10


def test_mappings_are_immutable(base: dict[str, Any]) -> None:
    org = parse_config(base, "rosters.toml")
    with pytest.raises(TypeError):
        org.people["x"] = org.people["p001"]  # type: ignore[index]
    with pytest.raises(TypeError):
        org.demand[0].skills["leader"] = 2  # type: ignore[index]


def test_tiny_fixture_loads() -> None:
    org = load_config(TINY)
    assert len(org.units) == 2 and len(org.people) == 12
    assert org.shifts["D24"].is_24h and org.shifts["D24"].start == time(8, 30)
    assert dict(org.demand[0].skills) == {"leader_on_duty": 1, "duty_officer": 1}
    volunteers = [p for p in org.people.values() if p.is_volunteer]
    assert any(w.days == "weekends" for p in volunteers for w in p.availability)
    assert sum(len(p.leave) for p in org.people.values()) == 1


def test_unknown_key_with_did_you_mean(base: dict[str, Any]) -> None:
    data = edit(base)
    data["people"][0]["experiencd"] = True
    assert problems_of(data) == [
        'rosters.toml: people[0] (p001).experiencd: unknown key "experiencd"; '
        'did you mean "experienced"?'
    ]


def test_unknown_top_level_key(base: dict[str, Any]) -> None:
    data = edit(base)
    data["peple"] = data.pop("people")
    assert problems_of(data) == [
        'rosters.toml: peple: unknown key "peple"; did you mean "people"?',
        "rosters.toml: missing required [[people]]",
    ]


def test_unknown_reference_exact_message(base: dict[str, Any]) -> None:
    data = edit(base)
    data["people"][1]["skills"] = ["leader", "drvier"]
    assert problems_of(data) == [
        'rosters.toml: people[1] (p002).skills[1]: unknown skill "drvier"; did you mean "driver"?'
    ]


def test_reference_by_display_name_is_hinted(base: dict[str, Any]) -> None:
    data = edit(base)
    data["demand"][0]["skills"] = {"带班领导": 1}
    assert problems_of(data) == [
        'rosters.toml: demand[0].skills."带班领导": unknown skill "带班领导"; '
        'did you mean "leader" (带班领导)?'
    ]


def test_wrong_type_names_expected_type(base: dict[str, Any]) -> None:
    data = edit(base)
    data["demand"][1]["count"] = "1"
    data["people"][0]["skills"] = "leader"
    assert problems_of(data) == [
        'rosters.toml: demand[1].count: expected an integer, got string "1"',
        'rosters.toml: people[0] (p001).skills: expected an array, got string "leader"',
    ]


def test_duplicate_id(base: dict[str, Any]) -> None:
    data = edit(base)
    data["people"][2]["id"] = "p001"
    assert problems_of(data) == [
        'rosters.toml: people[2] (p001).id: duplicate person id "p001"; first at people[0] (p001)'
    ]


def test_reversed_date_range(base: dict[str, Any]) -> None:
    data = edit(base)
    data["people"][0]["leave"][0]["to"] = date(2026, 11, 30)
    data["demand"][0]["to"] = "2026-11-01"
    assert problems_of(data) == [
        'rosters.toml: demand[0].to: reversed date range: "to" (2026-11-01) is before "from" '
        "(2026-12-01)",
        'rosters.toml: people[0] (p001).leave[0].to: reversed date range: "to" (2026-11-30) is '
        'before "from" (2026-12-01)',
    ]


def test_skill_minimum_above_count(base: dict[str, Any]) -> None:
    data = edit(base)
    data["demand"][0]["skills"] = {"leader": 3}
    assert problems_of(data) == [
        "rosters.toml: demand[0].skills.leader: minimum 3 is more than the demand count 2"
    ]


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "rosters.toml"
    path.write_text('[organisation]\nname = "x"\ncount = = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.render() == f"{path}:3:9: TOML syntax error: Invalid value"
    assert caught.value.exit_code == ExitCode.USAGE


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.toml")
    assert caught.value.render().startswith(f"{tmp_path / 'nope.toml'}: config file not found")


def test_all_problems_reported_at_once(base: dict[str, Any]) -> None:
    data = edit(base)
    data["organisation"]["nmae"] = data["organisation"].pop("name")  # unknown + missing
    data["shifts"][0]["hours"] = 50  # too long
    data["posts"][1]["kind"] = "sight"  # unknown kind
    data["people"][0]["unit"] = "ofice"  # unknown unit
    data["weights"]["fairness"]["night"] = -1  # negative weight
    problems = problems_of(data)
    assert len(problems) == 6, problems
    assert "rosters.toml: weights.fairness.night: must be >= 0, got -1" in problems
    assert (
        'rosters.toml: posts[1] (site).kind: unknown post kind "sight"; did you mean "site"?'
        in problems
    )


def test_shift_length_bounds(base: dict[str, Any]) -> None:
    data = edit(base)
    data["shifts"][1]["minutes"] = 0
    assert problems_of(data) == [
        "rosters.toml: shifts[1] (AM).minutes: shift length must be more than 0 and at most "
        "48 hours, got 0 minutes"
    ]


def test_locks_checked_against_post(base: dict[str, Any]) -> None:
    data = edit(base)
    data["locks"].append(
        {"person": "p003", "date": date(2026, 12, 5), "shift": "D24", "post": "desk"}
    )
    problems = problems_of(data)
    assert problems == [
        'rosters.toml: locks[1]: volunteer "p003" (王芳) is locked to post "desk" (总值班室), '
        "which does not allow volunteers",
        'rosters.toml: locks[1]: person "p003" (王芳) is locked to post "desk" (总值班室) but '
        'holds none of its skills "driver", "leader"',
    ]


def test_lock_during_leave(base: dict[str, Any]) -> None:
    data = edit(base)
    data["locks"][0].update(person="p001", date=date(2026, 11, 30))
    assert problems_of(data) == [
        'rosters.toml: locks[0]: person "p001" (张伟) is locked on 2026-11-30 (D24) but is on '
        "leave 2026-12-01 .. 2026-12-03"
    ]


def test_missing_required_tables() -> None:
    problems = problems_of({"organisation": {"name": "x"}, "skills": {}})
    assert "rosters.toml: missing required [[people]]" in problems
    assert len(problems) == 5


JUNK = [0, -1, 1.5, float("nan"), "", "drvier", True, [], ["x"], {}, {"a": 1}, date(2026, 1, 1)]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path inside parsed TOML data."""
    out = [prefix] if prefix else []
    if isinstance(node, dict | list):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            out += _paths(value, (*prefix, key))
    return out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_damage_is_a_config_error(base: dict[str, Any], data: st.DataObject) -> None:
    broken = edit(base)
    path = data.draw(st.sampled_from(_paths(broken)))
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = copy.deepcopy(data.draw(st.sampled_from(JUNK)))
    try:
        parse_config(broken, "rosters.toml")
    except ConfigError as exc:
        assert exc.problems and all(p.file == "rosters.toml" for p in exc.problems)
