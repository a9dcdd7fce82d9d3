"""Stability (docs/rules.md): W.stability per change against the previous roster."""

from __future__ import annotations

import pytest

from roster.domain import DateRange, Request
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import MON, SUN, TUE, WED, as_set, before, isolate, solve_and_check

WEIGHTS = isolate(stability=10_000, request=1000)


def org_of(people=("p1", "p2", "p3"), demand=None, **kw):
    return make_org(people=people, demand=demand or [make_demand()], weights=WEIGHTS, **kw)


def test_unchanged_roster_is_kept():
    # Any of the three could work any day; the previous roster is kept as it is.
    previous = [assign("p2", MON), assign("p3", TUE), assign("p1", WED)]
    roster, _ = solve_and_check(make_problem(org_of(), days=3, previous=previous))
    assert as_set(roster) == set(previous)
    assert roster.objective == 0


def test_forced_change_costs_a_drop_and_an_add():
    # p2 is now on leave Tuesday: their Tuesday moves to someone else, the rest stays.
    people = ["p1", make_person("p2", leave=[DateRange(TUE, TUE)]), "p3"]
    previous = [assign("p1", MON), assign("p2", TUE), assign("p1", WED)]
    roster, report = solve_and_check(make_problem(org_of(people), days=3, previous=previous))
    assert {a for a in roster.assignments if a.date != TUE} == {previous[0], previous[2]}
    assert roster.objective == 20_000
    (tuesday,) = (a for a in roster.assignments if a.date == TUE)
    assert {(p.who, p.when, p.detail) for p in report.penalties} == {
        ("p2", "2026-12-01", "dropped D at desk"),
        (tuesday.person, "2026-12-01", "added D at desk"),
    }


@pytest.mark.parametrize(("weight", "keep"), [(15, True), (25, False)])
def test_stability_against_a_wish(weight, keep):
    # p1 had Monday and now wants it off: keeping costs the wish, changing costs 2 changes.
    previous = [assign("p1", MON)]
    org = org_of(requests=[Request("p1", MON, "day_off", weight)])
    roster, _ = solve_and_check(make_problem(org, days=1, previous=previous))
    assert (as_set(roster) == set(previous)) == keep
    assert roster.objective == (weight * 1000 if keep else 20_000)


def test_previous_outside_the_horizon_is_ignored():
    previous = [assign("p1", before(1)), assign("p1", SUN.replace(day=7)), assign("p3", MON)]
    roster, report = solve_and_check(make_problem(org_of(), days=1, previous=previous))
    assert roster.assignments == (assign("p3", MON),)
    assert roster.objective == 0


def test_previous_only_outside_the_horizon_makes_every_assignment_a_change():
    # docs/rules.md: with a non-empty previous roster every roster assignment it does not hold
    # (inside the horizon) is a change; here it holds none inside.
    previous = [assign("p1", before(1))]
    roster, _ = solve_and_check(make_problem(org_of(), days=2, previous=previous))
    assert len(roster.assignments) == 2
    assert roster.objective == 20_000


def test_no_previous_roster_no_cost():
    roster, _ = solve_and_check(make_problem(org_of(), days=2))
    assert roster.objective == 0


def test_vanished_slot_is_an_unavoidable_drop():
    # The previous roster had p1 on N Monday; there is no N demand any more.
    previous = [assign("p1", MON, "N"), assign("p2", MON)]
    roster, report = solve_and_check(make_problem(org_of(), days=1, previous=previous))
    assert roster.assignments == (assign("p2", MON),)
    assert roster.objective == 10_000
    assert [(p.who, p.detail) for p in report.penalties] == [("p1", "dropped N at desk")]
