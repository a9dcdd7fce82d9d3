"""Fairness (docs/rules.md): loads pro-rata to availability within pools, history included.

Most cases use the `hours` category alone (8 units per D), tolerance 0:
cost = weight * sum_p |R * L_p - r_p * T|, with r_p = (2000 * a_p + A) // (2 * A).
"""

from __future__ import annotations

import pytest

from roster.domain import DateRange, FairnessPool
from roster.solve import solve
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_post, make_problem
from tests.rules.helpers import (
    FRI,
    MON,
    SAT,
    SOLVE_OPTIONS,
    SUN,
    TUE,
    WED,
    before,
    check_roster,
    days_of,
    isolate,
    load,
    solve_and_check,
)


def hours_only(weight: int = 1, tolerance: int = 0):
    return isolate(fairness={"hours": weight}, tolerance={"hours": tolerance})


def off(start, end=None):
    return [DateRange(start, end or start)]


def test_duties_split_pro_rata_to_availability():
    # Mon..Fri, one D a day. p1 off Mon, p2 off Tue, p3 off Wed..Fri: a = 4, 4, 2, so
    # r = 400, 400, 200 of R = 1000 and the 5 duties split exactly 2, 2, 1.
    org = make_org(
        people=[
            make_person("p1", leave=off(MON)),
            make_person("p2", leave=off(TUE)),
            make_person("p3", leave=off(WED, FRI)),
        ],
        demand=[make_demand()],
        weights=hours_only(),
    )
    roster, _ = solve_and_check(make_problem(org, days=5))
    assert load(roster) == {"p1": 2, "p2": 2, "p3": 1}
    assert roster.objective == 0


@pytest.mark.parametrize(
    ("weight", "tolerance", "per_person"),
    [
        (1, 0, 1600),  # |1000 * 16 - 600 * 24| = |1000 * 8 - 400 * 24| = 1600
        (3, 0, 4800),
        (1, 1, 600),  # 1600 - 1000 * 1
        (2, 1, 1200),
        (1, 2, 0),  # within 2 hours of the fair share
    ],
)
def test_exact_fairness_cost_by_hand(weight, tolerance, per_person):
    # Mon..Wed, one D a day; p2 off Wed: a = 3, 2, r = 600, 400, R = 1000, T = 24 hours.
    # Loads 16 / 8 are best (24 / 0 deviates by 9600 each, 8 / 16 by 6400).
    org = make_org(
        people=["p1", make_person("p2", leave=off(WED))],
        demand=[make_demand()],
        weights=hours_only(weight, tolerance),
    )
    roster, report = solve_and_check(make_problem(org, days=3))
    assert load(roster) == {"p1": 2, "p2": 1}
    assert roster.objective == 2 * per_person
    terms = sorted((p.who, p.cost) for p in report.penalties)
    assert terms == ([("p1", per_person), ("p2", per_person)] if per_person else [])
    assert all(p.rule == "fairness.hours" and p.when == "2026-11-30" for p in report.penalties)


def test_exact_fairness_cost_with_rounded_shares():
    # One day, three people, two places: a = 1, 1, 1, r = 2003 // 6 = 333 each, R = 999;
    # T = 16: workers |999 * 8 - 333 * 16| = 2664, the idle one 333 * 16 = 5328.
    org = make_org(demand=[make_demand(count=2)], weights=hours_only())
    roster, report = solve_and_check(make_problem(org, days=1))
    assert sorted(load(roster).values()) == [1, 1]
    assert roster.objective == 2 * 2664 + 5328
    assert sorted(p.cost for p in report.penalties) == [2664, 2664, 5328]


def test_history_shifts_the_load_to_those_with_less():
    # p1 worked two D the week before: 6 duties in all (48 h), 24 h each is fair.
    org = make_org(people=["p1", "p2"], demand=[make_demand()], weights=hours_only())
    history = [assign("p1", before(10)), assign("p1", before(9))]
    without, _ = solve_and_check(make_problem(org, days=4))
    assert load(without) == {"p1": 2, "p2": 2} and without.objective == 0
    roster, _ = solve_and_check(make_problem(org, days=4, history=history))
    assert load(roster) == {"p1": 1, "p2": 3}
    assert roster.objective == 0


def test_weekend_history_gives_this_weekend_to_the_other():
    # p1 worked last Saturday and Sunday; this weekend goes to p2 (2 weekend shifts each).
    org = make_org(
        people=["p1", "p2"],
        demand=[make_demand(days="weekends")],
        weights=isolate(fairness={"weekend": 10}, tolerance={"weekend": 0}),
    )
    history = [assign("p1", before(2)), assign("p1", before(1))]
    roster, _ = solve_and_check(make_problem(org, history=history))
    assert days_of(roster, "p2") == [SAT, SUN] and days_of(roster, "p1") == []
    assert roster.objective == 0


def test_unavoidable_unfairness_is_priced_exactly():
    # One D24 on Monday (Mon..Tue horizon) that p1 or p2 may take; p2 has D24s in the history.
    # duty24 alone, tolerance 0: a = 2, 2, r = 500, 500, R = 1000.
    org = make_org(
        people=[make_person("p1", skills={"ops"}), make_person("p2", skills={"ops"})],
        posts=[make_post("ops", skills={"ops"})],
        demand=[make_demand("ops", "D24", days=[MON])],
        weights=isolate(fairness={"duty24": 20}, tolerance={"duty24": 0}),
    )
    history = [assign("p2", before(3), "D24", "ops")]
    roster, report = solve_and_check(make_problem(org, days=2, history=history))
    # p2 has one from history, so p1 takes Monday's: loads 1 / 1, deviation 0.
    assert roster.assignments == (assign("p1", MON, "D24", "ops"),)
    assert roster.objective == 0
    history = [*history, assign("p2", before(5), "D24", "ops")]
    roster, report = solve_and_check(make_problem(org, days=2, history=history))
    # Loads 1 / 2 at best (T = 3): |1000 * 1 - 500 * 3| = 500 each, times 20.
    assert roster.assignments == (assign("p1", MON, "D24", "ops"),)
    assert roster.objective == 2 * 20 * 500
    assert {p.who: p.cost for p in report.penalties} == {"p1": 10_000, "p2": 10_000}


def test_people_who_cannot_take_the_work_are_no_members():
    # p3 lacks the skill and p4 is on leave all the time: neither takes a share.
    org = make_org(
        people=[
            make_person("p1", skills={"ops"}),
            make_person("p2", skills={"ops"}),
            "p3",
            make_person("p4", skills={"ops"}, leave=off(MON, TUE)),
        ],
        posts=[make_post("ops", skills={"ops"})],
        demand=[make_demand("ops")],
        weights=hours_only(),
    )
    roster, report = solve_and_check(make_problem(org, days=2))
    assert load(roster) == {"p1": 1, "p2": 1}
    assert roster.objective == 0 and report.penalties == ()


def test_pools_share_among_their_own_members():
    # Two D over two days. All in one pool: a = 2, 2, 2, r = 333 each, R = 999, best split
    # 8 / 8 / 0 hours: 2664 + 2664 + 5328. With p1 alone in pool "lead" (no term: fewer than
    # 2 members) the general pool {p2, p3} can be even.
    people = [make_person("p1", skills={"lead"}), "p2", "p3"]
    shared = make_org(people=people, demand=[make_demand()], weights=hours_only())
    roster, _ = solve_and_check(make_problem(shared, days=2))
    assert roster.objective == 10_656
    pooled = make_org(
        people=people,
        demand=[make_demand()],
        weights=hours_only(),
        fairness_pools=[FairnessPool("lead", frozenset({"lead"}))],
    )
    roster, report = solve_and_check(make_problem(pooled, days=2))
    assert roster.objective == 0 and report.penalties == ()
    counts = load(roster)
    assert counts.get("p2", 0) == counts.get("p3", 0)
    assert len(roster.assignments) == 2 and {a.date for a in roster.assignments} == {MON, TUE}


def test_history_listed_twice_counts_once():
    # docs/rules.md: the history is a set of facts; the validator reads it without repeats.
    # p1's two history duties, the first listed twice, are still 16 h: 1 more duty is fair.
    org = make_org(people=["p1", "p2"], demand=[make_demand()], weights=hours_only())
    history = [assign("p1", before(10)), assign("p1", before(9)), assign("p1", before(10))]
    problem = make_problem(org, days=4, history=history)
    roster = solve(problem, **SOLVE_OPTIONS)
    report = validate(problem, roster.assignments)
    assert roster.objective == report.objective, (
        f"BUG roster/model/context.py make_context: the model keeps repeated history "
        f"assignments (the validator counts each once), so p1's history load is 24 h instead of "
        f"16 h: solver objective {roster.objective} ({roster.penalties}), validator "
        f"{report.objective}"
    )
    check_roster(problem, roster)
    assert load(roster) == {"p1": 1, "p2": 3}
    assert roster.objective == 0
