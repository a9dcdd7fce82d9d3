"""`overlap` and `rest` (docs/rules.md): across midnight, the week boundary and the history.

Shifts: D 08:00-16:00, N 22:00-06:00 (next day), D24 08:30-08:30 (next day).
"""

from __future__ import annotations

import pytest

from roster.domain import Limits, Request
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import (
    MON,
    THU,
    TUE,
    WED,
    W,
    before,
    days_of,
    isolate,
    shifts_of,
    solve_and_check,
)


def one_person(limits: Limits | None = None, **org):
    return make_org(people=[make_person("p1", limits=limits)], **org)


def test_one_person_cannot_take_overlapping_shifts():
    # D 08:00-16:00 and D24 08:30 Mon overlap; the wish picks which one p1 takes.
    org = one_person(
        demand=[make_demand(shift="D"), make_demand(shift="D24")],
        requests=[Request("p1", MON, "shift", 1, "D24")],
        weights=isolate(request=1000),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == (assign("p1", MON, "D24"),)
    assert roster.objective == W


def test_one_person_cannot_work_two_posts_at_once():
    org = one_person(
        posts=["desk", "phone"],
        demand=[make_demand("desk"), make_demand("phone")],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    assert len(roster.assignments) == 1
    assert roster.objective == W


@pytest.mark.parametrize(
    ("min_rest", "holes"),
    [
        (11.0, 1),  # N ends 06:00 Tue, D starts 08:00 Tue: 2 h of 11
        (2.5, 1),
        (2.0, 0),  # exactly the rest needed is enough
    ],
)
def test_min_rest_after_a_night_across_midnight(min_rest, holes):
    org = one_person(
        Limits(min_rest_hours=min_rest),
        demand=[make_demand(shift="N", days=[MON]), make_demand(shift="D", days=[TUE])],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert roster.objective == holes * W
    assert len(roster.assignments) == 2 - holes


@pytest.mark.parametrize(
    ("rest_after_24h", "holes"),
    [
        (24.0, 1),  # D24 Mon ends 08:30 Tue; D Wed 08:00 is 23.5 h later
        (23.5, 0),
    ],
)
def test_longer_rest_after_a_24h_duty(rest_after_24h, holes):
    # The D24 is wanted; min_rest 11 h alone would allow D on Wednesday.
    org = one_person(
        Limits(rest_after_24h_hours=rest_after_24h),
        demand=[make_demand(shift="D24", days=[MON]), make_demand(shift="D", days=[WED, THU])],
        requests=[Request("p1", MON, "shift", 1, "D24")],
        weights=isolate(request=1000),
    )
    roster, _ = solve_and_check(make_problem(org, days=4))
    expected = [(MON, "D24", "desk"), (THU, "D", "desk")]
    if not holes:
        expected.insert(1, (WED, "D", "desk"))
    assert shifts_of(roster, "p1") == expected
    assert roster.objective == holes * W


def test_night_after_a_24h_duty_needs_the_longer_rest():
    # D24 Mon -> 08:30 Tue; N 22:00 Tue is 13.5 h later: enough after a D, not after a D24.
    org = one_person(
        demand=[make_demand(shift="D24", days=[MON]), make_demand(shift="N", days=[TUE])],
        requests=[Request("p1", MON, "shift", 1, "D24")],
        weights=isolate(request=1000),
    )
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert shifts_of(roster, "p1") == [(MON, "D24", "desk")]
    assert roster.objective == W


@pytest.mark.parametrize(
    ("history_shift", "working"),
    [
        ("D24", [WED]),  # Sun 08:30 -> Mon 08:30: D Mon overlaps, D Tue 23.5 h later
        ("N", [TUE, WED]),  # Sun 22:00 -> Mon 06:00: D Mon 2 h later
        ("D", [MON, TUE, WED]),  # Sun 08:00-16:00: D Mon 16 h later
    ],
)
def test_rest_across_the_week_boundary_with_history(history_shift, working):
    org = one_person(demand=[make_demand()], weights=isolate())
    problem = make_problem(org, days=3, history=[assign("p1", before(1), history_shift)])
    roster, _ = solve_and_check(problem)
    assert days_of(roster, "p1") == working
    assert roster.objective == (3 - len(working)) * W


def test_history_long_ago_does_not_block():
    org = one_person(demand=[make_demand(shift="D24", days=[MON])], weights=isolate())
    problem = make_problem(org, days=1, history=[assign("p1", before(2), "D24")])
    roster, _ = solve_and_check(problem)  # Sat 08:30 -> Sun 08:30, Mon 08:30 exactly 24 h
    assert roster.assignments == (assign("p1", MON, "D24"),)
    assert roster.objective == 0


def test_rest_is_per_person_and_others_fill_in():
    # p1 does the D24; the D on Wednesday goes to p2, the D Tuesday to p2 as well.
    org = make_org(
        people=["p1", "p2"],
        demand=[make_demand(shift="D24", days=[MON]), make_demand(shift="D", days=[TUE, WED])],
        requests=[Request("p1", MON, "shift", 1, "D24"), Request("p2", MON, "day_off", 1)],
        weights=isolate(request=1000),
    )
    roster, _ = solve_and_check(make_problem(org, days=3))
    assert shifts_of(roster, "p1") == [(MON, "D24", "desk")]
    assert days_of(roster, "p2") == [TUE, WED]
    assert roster.objective == 0
