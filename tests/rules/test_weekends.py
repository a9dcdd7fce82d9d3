"""`weekends` (docs/rules.md): Saturday/Sunday pairs worked (either day) at most max_weekends."""

from __future__ import annotations

from datetime import timedelta

from roster.domain import Limits
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import SAT, SUN, W, days_of, isolate, solve_and_check


def org_with(cap, people=()):
    person = make_person("p1", limits=Limits(max_weekends=cap))
    return make_org(
        people=[person, *people], demand=[make_demand(days="weekends")], weights=isolate()
    )


def test_one_weekend_of_two():
    roster, _ = solve_and_check(make_problem(org_with(1), days=14))
    worked = days_of(roster, "p1")
    assert worked in ([SAT, SUN], [SAT + timedelta(7), SUN + timedelta(7)])
    assert roster.objective == 2 * W


def test_zero_weekends():
    roster, _ = solve_and_check(make_problem(org_with(0, ["p2"]), days=14))
    assert days_of(roster, "p1") == []
    assert roster.objective == 0


def test_validator_counts_pairs_not_days():
    problem = make_problem(org_with(1), days=14)
    one = [assign("p1", SAT), assign("p1", SUN)]
    assert validate(problem, one).violations == ()
    two = [assign("p1", SAT), assign("p1", SUN + timedelta(7))]
    assert [v.rule for v in validate(problem, two).violations] == ["weekends"]
