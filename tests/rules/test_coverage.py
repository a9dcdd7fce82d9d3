"""Coverage (docs/rules.md, "Slots", `overstaffed` and "Unfilled")."""

from __future__ import annotations

from datetime import timedelta

from roster.domain import DateRange, Limits, Request
from tests.factories import assign, make_demand, make_org, make_person, make_post, make_problem
from tests.rules.helpers import (
    FRI,
    MON,
    SAT,
    SUN,
    TUE,
    WED,
    W,
    isolate,
    load,
    people_at,
    serve_and_check,
    solve_and_check,
)


def test_missing_people_cost_the_unfilled_weight_each():
    # One person for a slot of three: two missing, at 7 each (coverage is the only goal).
    org = make_org(people=["p1"], demand=[make_demand(count=3)], weights=isolate(unfilled=7))
    roster, report = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == (assign("p1", MON),)
    assert roster.objective == 14
    assert [(u.skill, u.missing) for u in report.unfilled] == [(None, 2)]
    assert [(p.rule, p.who, p.when, p.cost) for p in report.penalties] == [
        ("unfilled", "desk/D", "2026-11-30", 14)
    ]


def test_missing_skill_holder_costs_the_unfilled_weight():
    # Two people, at least two medics; one medic exists: headcount met, one medic missing.
    org = make_org(
        people=[make_person("m1", skills={"medic"}), "p2", "p3"],
        demand=[make_demand(count=2, skills={"medic": 2})],
        weights=isolate(),
    )
    roster, report = solve_and_check(make_problem(org, days=1))
    assert "m1" in people_at(roster, MON) and len(people_at(roster, MON)) == 2
    assert roster.objective == W
    assert [(u.skill, u.missing) for u in report.unfilled] == [("medic", 1)]


def test_missing_headcount_and_skill_add_up():
    # Nobody holds the skill and one person for two places: 1 missing person + 1 missing medic.
    org = make_org(
        people=["p1"], demand=[make_demand(count=2, skills={"medic": 1})], weights=isolate()
    )
    roster, report = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == (assign("p1", MON),)
    assert roster.objective == 2 * W
    assert sorted((u.skill or "", u.missing) for u in report.unfilled) == [("", 1), ("medic", 1)]


def test_skill_minimums_are_met_when_possible():
    # Two people with a medic and two drivers among them: m1 is both, d2 drives, p3 neither.
    # m1 counts for both minimums; only {m1, d2} meets them ({m1, p3} lacks a driver).
    org = make_org(
        people=[make_person("m1", skills={"medic", "driver"}), make_person("d2", skills={"driver"})]
        + ["p3"],
        demand=[make_demand(count=2, skills={"medic": 1, "driver": 2})],
        weights=isolate(),
    )
    roster, report = solve_and_check(make_problem(org, days=1))
    assert people_at(roster, MON) == {"m1", "d2"}
    assert roster.objective == 0 and report.unfilled == ()


def test_demand_lines_of_one_slot_add_up():
    # Two lines of one medic each: two medics needed, p3 (no medic) stays out.
    line = make_demand(count=1, skills={"medic": 1})
    org = make_org(
        people=["p3", make_person("m1", skills={"medic"}), make_person("m2", skills={"medic"})],
        demand=[line, line],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    assert people_at(roster, MON) == {"m1", "m2"}
    assert roster.objective == 0


def test_never_overstaffed_even_when_wishes_ask_for_it():
    # All three want the Monday day shift; one is needed: two wishes stay unmet.
    wishes = [Request(p, MON, "shift", 1, "D") for p in ("p1", "p2", "p3")]
    org = make_org(demand=[make_demand(count=1)], requests=wishes, weights=isolate(request=1000))
    roster, report = solve_and_check(make_problem(org, days=1))
    assert len(people_at(roster, MON)) == 1
    assert roster.objective == 2000
    assert report.by_rule() == {"request.shift": 2000}


def test_slots_only_where_the_pattern_and_range_apply():
    # Weekend demand only, and a second line limited to Tuesday..Wednesday.
    org = make_org(
        demand=[make_demand(days="weekends"), make_demand(count=2, start=TUE, end=WED)],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org))
    assert sorted({a.date for a in roster.assignments}) == [TUE, WED, SAT, SUN]
    assert [len(people_at(roster, d)) for d in (TUE, WED, SAT, SUN)] == [2, 2, 1, 1]
    assert roster.objective == 0


def test_slot_nobody_may_take_is_a_hole_not_infeasible():
    org = make_org(
        people=["p1", "p2"],
        posts=[make_post("ops", skills={"pilot"})],
        demand=[make_demand("ops", count=2)],
        weights=isolate(),
    )
    roster, report = serve_and_check(make_problem(org, days=2))
    assert roster.assignments == ()
    assert roster.objective == 4 * W
    assert [(u.date, u.missing, u.reason) for u in roster.unfilled] == [
        (MON, 2, "nobody eligible for the post"),
        (TUE, 2, "nobody eligible for the post"),
    ]


def test_short_staffed_week_has_visible_holes_with_reasons():
    # Two per day; p2 is on leave all week and p1 may work 6 days in a row at most:
    # 7 holes of one person and, on p1's day off, a hole of two.
    org = make_org(
        people=[
            make_person("p1"),
            make_person("p2", leave=[DateRange(MON, SUN, "training")]),
        ],
        demand=[make_demand(count=2)],
        weights=isolate(),
    )
    roster, report = serve_and_check(make_problem(org))
    assert roster.objective == 8 * W
    assert load(roster) == {"p1": 6}
    off = next(d for d in (MON + timedelta(days=i) for i in range(7)) if not people_at(roster, d))
    holes = {u.date: u for u in roster.unfilled}
    assert len(holes) == 7 and all(u.skill is None for u in holes.values())
    for day, hole in holes.items():
        if day == off:
            assert hole.missing == 2
            assert hole.reason.startswith("2 eligible for the post: ")
            assert "1 too many consecutive days" in hole.reason
            assert "1 on leave (training)" in hole.reason
            assert "already on this slot" not in hole.reason
        else:
            assert hole.missing == 1
            assert hole.reason == (
                "1 eligible for the post: 1 on leave (training); 1 already on this slot"
            )


def test_skill_hole_reason_names_the_skill():
    org = make_org(
        people=["p1"], demand=[make_demand(count=1, skills={"medic": 1})], weights=isolate()
    )
    roster, _ = serve_and_check(make_problem(org, days=1))
    assert [(u.skill, u.missing, u.reason) for u in roster.unfilled] == [
        ("medic", 1, "nobody with skill medic")
    ]


def test_hole_reason_names_the_hard_rule_that_keeps_the_candidate_out():
    # p1 may work one day in a row: Monday or Tuesday stays empty, for that reason.
    org = make_org(
        people=[make_person("p1", limits=Limits(max_consecutive_days=1))],
        demand=[make_demand()],
        weights=isolate(),
    )
    roster, _ = serve_and_check(make_problem(org, days=2))
    assert roster.objective == W
    assert len(roster.assignments) == 1
    assert [(u.missing, u.reason) for u in roster.unfilled] == [
        (1, "1 eligible for the post: 1 too many consecutive days")
    ]


def test_hole_preferred_when_filling_costs_more_than_the_hole():
    # docs/rules.md: minimise the sum of all terms. With a missing person costing 1 and the only
    # candidate's day-off wish costing 1000, the optimum leaves the slot empty (objective 1).
    org = make_org(
        people=["p1"],
        demand=[make_demand()],
        requests=[Request("p1", MON, "day_off", 1)],
        weights=isolate(unfilled=1, request=1000),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    assert roster.objective == 1, (
        f"BUG roster/solve.py two-phase solve: the fill phase found a complete roster, so "
        f"coverage became a hard rule (add_full_coverage) and the solver reports "
        f"{roster.status} with objective {roster.objective} ({roster.assignments}) although "
        f"leaving the slot empty costs 1"
    )


def test_holes_do_not_switch_the_other_goals_off():
    # Fri D24 (1) and Sat D (3), two people. Either way two places stay empty (a D24 on Friday
    # ends 08:30 Saturday, after the 08:00 D): p1 D24 + p2 D costs 2 W plus hours fairness
    # |1000 * 24 - 500 * 32| - 1000 = 7000 each; both on Saturday's D costs 2 W exactly.
    org = make_org(
        people=["p1", "p2"],
        demand=[make_demand(shift="D24", days=[FRI]), make_demand(days=[SAT], count=3)],
        weights=isolate(fairness={"hours": 1}, tolerance={"hours": 1}),
    )
    roster, _ = solve_and_check(make_problem(org, start=FRI, days=2))
    assert roster.objective == 2 * W, (
        f"the solver reports {roster.status} with objective {roster.objective} and bound "
        f"{roster.bound}: the holes must not let the gap limit ignore the other goals"
    )
    assert people_at(roster, SAT) == {"p1", "p2"}


def ops_week(unfilled: int):
    """Monday: N at ops (only p1 may work there) and D at desk; p1 cannot work both (6 h rest).

    {p1 on D} leaves ops empty: `unfilled`. The only complete roster, {p1 on N, p2 on D},
    breaks p1's "avoid N" and p2's day off: 18000. One broken wish costs 9000.
    """
    org = make_org(
        people=[make_person("p1", skills={"ops"}), "p2"],
        posts=[make_post("ops", skills={"ops"}), "desk"],
        demand=[make_demand("ops", "N"), make_demand("desk", "D")],
        requests=[Request("p1", MON, "avoid", 9, "N"), Request("p2", MON, "day_off", 9)],
        weights=isolate(unfilled=unfilled, request=1000),
    )
    return make_problem(org, days=1)


def test_priority_order_completes_the_roster_even_when_that_moves_two_people():
    # One missing person (9001) outweighs what any single assignment can add elsewhere (9000),
    # so coverage comes first (docs/rules.md, "Priorities"): the complete roster wins although
    # its weighted sum is higher.
    roster, _ = solve_and_check(ops_week(9001))
    assert roster.unfilled == ()
    assert roster.objective == 18000


def test_plain_weighted_sum_when_coverage_does_not_dominate():
    # A missing person worth less than one broken wish (8999 < 9000): no priority order, the
    # weighted sum decides and leaving ops empty (8999) is best.
    roster, _ = solve_and_check(ops_week(8999))
    assert roster.objective == 8999
