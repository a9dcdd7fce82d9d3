"""`max_shifts` (docs/rules.md): at most so many shifts of a type in the horizon; 0 = never."""

from __future__ import annotations

from roster.domain import Limits, frozen_map
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import MON, TUE, WED, W, isolate, shifts_of, solve_and_check


def org_with(caps, demand):
    person = make_person("p1", limits=Limits(max_shifts=frozen_map(caps)))
    return make_org(people=[person], demand=demand, weights=isolate())


def test_cap_on_one_type():
    roster, _ = solve_and_check(make_problem(org_with({"D": 2}, [make_demand()])))
    assert len(roster.assignments) == 2
    assert roster.objective == 5 * W


def test_other_types_are_not_capped():
    demand = [make_demand(shift="D", days=[MON, TUE]), make_demand(shift="N", days=[WED])]
    roster, _ = solve_and_check(make_problem(org_with({"D": 1}, demand), days=3))
    assert [s for _, s, _ in shifts_of(roster, "p1")].count("N") == 1
    assert len(roster.assignments) == 2
    assert roster.objective == W


def test_zero_means_never():
    demand = [make_demand(shift="N")]
    roster, _ = solve_and_check(make_problem(org_with({"N": 0}, demand), days=2))
    assert roster.assignments == ()
    assert roster.objective == 2 * W
    assert all("max_shifts" in u.reason for u in _reasons(org_with({"N": 0}, demand)))


def _reasons(org):
    from roster.service import solve_problem
    from tests.rules.helpers import SOLVE_OPTIONS

    return solve_problem(make_problem(org, days=2), **SOLVE_OPTIONS).roster.unfilled


def test_validator_counts_the_type():
    problem = make_problem(org_with({"D": 2}, [make_demand()]))
    roster = [assign("p1", day) for day in (MON, TUE, WED)]
    report = validate(problem, roster)
    assert [(v.rule, v.who) for v in report.violations] == [("max_shifts", "p1")]
    assert validate(problem, roster[:2]).violations == ()
