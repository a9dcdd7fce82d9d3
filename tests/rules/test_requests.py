"""Requests (docs/rules.md): day_off, shift and avoid, at W.request * weight when unmet."""

from __future__ import annotations

from datetime import timedelta

from roster.domain import Request
from tests.factories import make_demand, make_org, make_problem
from tests.rules.helpers import (
    MON,
    SUN,
    TUE,
    days_of,
    isolate,
    people_at,
    shifts_of,
    solve_and_check,
)

WEIGHTS = isolate(request=1000)


def wishes(*requests: Request, people=("p1", "p2"), demand=None, days: int = 1):
    org = make_org(
        people=people,
        demand=demand or [make_demand()],
        requests=requests,
        weights=WEIGHTS,
    )
    return make_problem(org, days=days)


def test_day_off_is_granted_when_someone_else_is_free():
    roster, _ = solve_and_check(wishes(Request("p1", MON, "day_off", 3)))
    assert people_at(roster, MON) == {"p2"}
    assert roster.objective == 0


def test_day_off_that_cannot_be_granted_costs_its_weight():
    # Both are needed on Monday.
    problem = wishes(Request("p1", MON, "day_off", 3), demand=[make_demand(count=2)])
    roster, report = solve_and_check(problem)
    assert people_at(roster, MON) == {"p1", "p2"}
    assert roster.objective == 3000
    assert [(p.rule, p.who, p.when, p.cost) for p in report.penalties] == [
        ("request.day_off", "p1", "2026-11-30", 3000)
    ]


def test_day_off_covers_any_shift_starting_that_day():
    # p1 wants Monday off and only a night is left for them: N starts Monday, so it counts;
    # p2 is needed on the day shift (their own wish, weight 5) and p1 would have to take N.
    problem = wishes(
        Request("p1", MON, "day_off", 2),
        Request("p2", MON, "shift", 5, "D"),
        demand=[make_demand(), make_demand(shift="N")],
    )
    roster, _ = solve_and_check(problem)
    assert shifts_of(roster, "p2") == [(MON, "D", "desk")]
    assert shifts_of(roster, "p1") == [(MON, "N", "desk")]
    assert roster.objective == 2000


def test_cheaper_wish_gives_way():
    # One of the two must work Monday: p1's wish weighs 2, p2's 5.
    problem = wishes(Request("p1", MON, "day_off", 2), Request("p2", MON, "day_off", 5))
    roster, _ = solve_and_check(problem)
    assert people_at(roster, MON) == {"p1"}
    assert roster.objective == 2000


def test_shift_wish_is_granted():
    problem = wishes(
        Request("p1", TUE, "shift", 1, "N"),
        demand=[make_demand(), make_demand(shift="N")],
        days=2,
    )
    roster, _ = solve_and_check(problem)
    assert (TUE, "N", "desk") in shifts_of(roster, "p1")
    assert roster.objective == 0


def test_shift_wish_without_such_a_slot_always_costs():
    # No N on Monday at all: the wish cannot be met, whatever the roster.
    problem = wishes(Request("p1", MON, "shift", 4, "N"))
    roster, report = solve_and_check(problem)
    assert roster.objective == 4000
    assert report.by_rule() == {"request.shift": 4000}


def test_avoid_wish_is_granted_when_others_can_work():
    problem = wishes(
        Request("p1", MON, "avoid", 2, "D24"),
        people=("p1", "p2", "p3"),
        demand=[make_demand(shift="D24", count=2)],
    )
    roster, _ = solve_and_check(problem)
    assert people_at(roster, MON, "D24") == {"p2", "p3"}
    assert roster.objective == 0


def test_avoid_wish_that_cannot_be_granted_costs_its_weight():
    problem = wishes(Request("p1", MON, "avoid", 2, "D24"), demand=[make_demand("desk", "D24", 2)])
    roster, report = solve_and_check(problem)
    assert people_at(roster, MON, "D24") == {"p1", "p2"}
    assert roster.objective == 2000
    assert report.by_rule() == {"request.avoid": 2000}


def test_avoid_only_the_named_shift():
    # Avoiding N is no reason to skip D: p1 takes Monday's D (p2 wants the day off).
    problem = wishes(Request("p1", MON, "avoid", 2, "N"), Request("p2", MON, "day_off", 1))
    roster, _ = solve_and_check(problem)
    assert people_at(roster, MON) == {"p1"}
    assert roster.objective == 0


def test_requests_outside_the_horizon_cost_nothing():
    problem = wishes(
        Request("p1", MON - timedelta(days=1), "shift", 9, "D"),
        Request("p1", SUN + timedelta(days=1), "shift", 9, "D"),
        Request("p2", SUN, "shift", 9, "D"),  # the horizon here is Monday only
    )
    roster, _ = solve_and_check(problem)
    assert len(roster.assignments) == 1
    assert roster.objective == 0


def test_wishes_over_a_week():
    # p1 wants Tuesday and Sunday off, p2 wants to work Tuesday, p3 avoids D on Sunday.
    problem = wishes(
        Request("p1", TUE, "day_off", 1),
        Request("p1", SUN, "day_off", 1),
        Request("p2", TUE, "shift", 1, "D"),
        Request("p3", SUN, "avoid", 1, "D"),
        people=("p1", "p2", "p3"),
        days=7,
    )
    roster, _ = solve_and_check(problem)
    assert people_at(roster, TUE) == {"p2"}
    assert people_at(roster, SUN) == {"p2"}
    assert TUE not in days_of(roster, "p1")
    assert roster.objective == 0
