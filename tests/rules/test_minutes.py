"""`minutes` (docs/rules.md): total shift minutes in the horizon between min and max."""

from __future__ import annotations

import pytest

from roster.domain import Limits
from roster.solve import InfeasibleLocks, solve
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import MON, SOLVE_OPTIONS, TUE, WED, W, days_of, isolate, solve_and_check


def test_max_minutes_caps_the_work():
    person = make_person("p1", limits=Limits(max_minutes=2 * 480 + 100))
    org = make_org(people=[person], demand=[make_demand()], weights=isolate())
    roster, _ = solve_and_check(make_problem(org))
    assert len(roster.assignments) == 2
    assert roster.objective == 5 * W


def test_min_minutes_decides_who_works():
    # Either could take the three days; p2 needs 3 x 480 minutes, so p2 takes them all.
    p2 = make_person("p2", limits=Limits(min_minutes=3 * 480))
    org = make_org(people=["p1", p2], demand=[make_demand()], weights=isolate())
    roster, _ = solve_and_check(make_problem(org, days=3))
    assert days_of(roster, "p2") == [MON, TUE, WED]
    assert roster.objective == 0


def test_min_minutes_out_of_reach_is_infeasible():
    person = make_person("p1", limits=Limits(min_minutes=4 * 480))
    org = make_org(people=[person], demand=[make_demand()], weights=isolate())
    with pytest.raises(InfeasibleLocks):
        solve(make_problem(org, days=3), **SOLVE_OPTIONS)


def test_validator_checks_both_bounds():
    person = make_person("p1", limits=Limits(min_minutes=480, max_minutes=960))
    org = make_org(people=[person, "p2"], demand=[make_demand()], weights=isolate())
    problem = make_problem(org, days=3)
    assert [v.rule for v in validate(problem, []).violations] == ["minutes"]
    three = [assign("p1", d) for d in (MON, TUE, WED)]
    assert [v.rule for v in validate(problem, three).violations] == ["minutes"]
    assert validate(problem, three[:2]).violations == ()
