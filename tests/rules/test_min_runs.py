"""`min_consecutive_days` / `min_consecutive_days_off` (docs/rules.md).

Runs that touch the first or the last horizon day are exempt.
"""

from __future__ import annotations

import pytest

from roster.domain import DateRange, Limits
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import FRI, MON, THU, TUE, WED, W, days_of, isolate, solve_and_check


def work_org(days):
    person = make_person("p1", limits=Limits(min_consecutive_days=3))
    return make_org(people=[person], demand=[make_demand(days=days)], weights=isolate())


@pytest.mark.parametrize(
    ("days", "objective"),
    [
        ([WED], W),  # a lone Wednesday is a run of 1 inside Mon..Fri
        ([TUE, WED], 2 * W),  # 2 < 3 too: neither day
        ([TUE, WED, THU], 0),
        ([MON], 0),  # touches the first day: exempt
        ([THU, FRI], 0),  # touches the last day: exempt
    ],
)
def test_short_working_runs(days, objective):
    roster, _ = solve_and_check(make_problem(work_org(days), days=5))
    assert roster.objective == objective


def off_org(leave_day):
    person = make_person(
        "p1",
        limits=Limits(min_consecutive_days_off=2),
        leave=[DateRange(leave_day, leave_day)],
    )
    return make_org(people=[person], demand=[make_demand()], weights=isolate())


def test_a_lone_day_off_inside_needs_a_neighbour():
    roster, _ = solve_and_check(make_problem(off_org(WED), days=5))
    worked = days_of(roster, "p1")
    assert worked in ([MON, FRI], [MON, TUE, FRI], [MON, THU, FRI]) and len(worked) == 3
    assert roster.objective == 2 * W


def test_a_day_off_at_the_edge_is_exempt():
    roster, _ = solve_and_check(make_problem(off_org(MON), days=5))
    assert days_of(roster, "p1") == [TUE, WED, THU, FRI]
    assert roster.objective == W


def test_validator_reports_both_kinds():
    person = make_person("p1", limits=Limits(min_consecutive_days=2, min_consecutive_days_off=2))
    org = make_org(people=[person], demand=[make_demand()], weights=isolate())
    problem = make_problem(org, days=5)
    report = validate(problem, [assign("p1", d) for d in (MON, TUE, THU, FRI)])
    assert [v.rule for v in report.violations] == ["min_consecutive_days_off"]
    report = validate(problem, [assign("p1", WED)])
    assert [v.rule for v in report.violations] == ["min_consecutive_days"]
    assert validate(problem, [assign("p1", MON), assign("p1", FRI)]).violations == ()
