"""Per-line cover weights (docs/rules.md, Unfilled and Overstaffing)."""

from __future__ import annotations

from roster.domain import DayPattern, Demand, Request
from roster.validate import validate
from tests.factories import assign, make_org, make_problem, make_weights
from tests.rules.helpers import MON, people_at, solve_and_check


def line(count, under=None, over=None):
    return Demand("desk", "D", count, DayPattern("all"), under_weight=under, over_weight=over)


def wants(*people, weight=5):
    return [Request(p, MON, "shift", weight, "D") for p in people]


def org_with(demand, people=("p1",), requests=()):
    weights = make_weights(zero=True, unfilled=1000, request=1)
    return make_org(people=list(people), demand=demand, requests=requests, weights=weights)


def test_under_weight_replaces_the_unfilled_weight():
    roster, report = solve_and_check(make_problem(org_with([line(2, under=7)]), days=1))
    assert len(roster.assignments) == 1
    assert roster.objective == 7
    assert [u.missing for u in report.unfilled] == [1]


def test_requirement_zero_with_over_weight_is_a_slot():
    # Working costs 3 (overstaffing), not working costs 5 (the request): p1 works.
    org = org_with([line(0, over=3)], requests=wants("p1"))
    roster, report = solve_and_check(make_problem(org, days=1))
    assert people_at(roster, MON) == {"p1"}
    assert roster.objective == 3
    assert report.by_rule() == {"overstaffing": 3}


def test_over_weight_above_the_wish():
    org = org_with([line(0, over=6)], requests=wants("p1"))
    roster, report = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == ()
    assert report.by_rule() == {"request.shift": 5}


def test_extra_people_each_cost():
    org = org_with([line(1, over=2)], people=("p1", "p2", "p3"), requests=wants("p1", "p2", "p3"))
    roster, report = solve_and_check(make_problem(org, days=1))
    assert people_at(roster, MON) == {"p1", "p2", "p3"}
    assert report.by_rule() == {"overstaffing": 4}


def test_without_over_weight_extra_people_break_a_rule():
    problem = make_problem(org_with([line(1)], people=("p1", "p2")), days=1)
    report = validate(problem, [assign("p1", MON), assign("p2", MON)])
    assert [v.rule for v in report.violations] == ["overstaffed"]
    problem = make_problem(org_with([line(1, over=2)], people=("p1", "p2")), days=1)
    report = validate(problem, [assign("p1", MON), assign("p2", MON)])
    assert report.violations == ()
    assert report.objective == 2


def test_requirement_zero_without_over_weight_is_no_slot():
    problem = make_problem(org_with([line(0)]), days=1)
    report = validate(problem, [assign("p1", MON)])
    assert [v.rule for v in report.violations] == ["no_slot"]
