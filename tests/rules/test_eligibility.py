"""`eligibility`, `leave` and `availability` (docs/rules.md)."""

from __future__ import annotations

from datetime import time

import pytest

from roster.domain import VOLUNTEER, DateRange, Request, Window
from tests.factories import (
    assign,
    make_demand,
    make_org,
    make_person,
    make_post,
    make_problem,
)
from tests.rules.helpers import (
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    WED,
    W,
    days_of,
    isolate,
    people_at,
    serve_and_check,
    shifts_of,
    solve_and_check,
)

# --------------------------------------------------------------------------- skills, volunteers


def test_post_skills_decide_who_may_work():
    # p2 wishes for the ops shift but lacks the skill; the officer takes it.
    org = make_org(
        people=[make_person("o1", skills={"officer"}), "p2"],
        posts=[make_post("ops", skills={"officer", "chief"})],
        demand=[make_demand("ops")],
        requests=[Request("p2", MON, "shift", 3, "D"), Request("o1", MON, "day_off", 1)],
        weights=isolate(request=1000),
    )
    roster, report = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == (assign("o1", MON, post="ops"),)
    assert roster.objective == 4000
    assert report.by_rule() == {"request.shift": 3000, "request.day_off": 1000}


def test_any_of_the_post_skills_is_enough():
    org = make_org(
        people=[make_person("c1", skills={"chief"}), "p2"],
        posts=[make_post("ops", skills={"officer", "chief"})],
        demand=[make_demand("ops")],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert days_of(roster, "c1") == [MON, TUE]
    assert roster.objective == 0


def test_volunteers_only_where_allowed():
    org = make_org(
        people=[make_person("v1", kind=VOLUNTEER), "s1"],
        posts=[make_post("desk", volunteers_allowed=False), make_post("site", kind="site")],
        demand=[make_demand("desk", count=2), make_demand("site")],
        weights=isolate(),
    )
    roster, report = serve_and_check(make_problem(org, days=1))
    assert people_at(roster, MON, post="desk") == {"s1"}
    assert people_at(roster, MON, post="site") == {"v1"}
    assert roster.objective == W
    assert [(u.post, u.missing) for u in roster.unfilled] == [("desk", 1)]


# --------------------------------------------------------------------------- leave


def test_leave_days_are_not_worked():
    org = make_org(
        people=[make_person("p1", leave=[DateRange(TUE, WED, "annual")])],
        demand=[make_demand()],
        weights=isolate(),
    )
    roster, _ = serve_and_check(make_problem(org, days=4))
    assert days_of(roster, "p1") == [MON, THU]
    assert roster.objective == 2 * W
    assert {u.reason for u in roster.unfilled} == {"1 eligible for the post: 1 on leave (annual)"}


@pytest.mark.parametrize(
    ("shift", "allowed"),
    [
        ("D", True),  # Mon 08:00-16:00, before the leave
        ("N", False),  # Mon 22:00 -> Tue 06:00 reaches into the leave
        ("D24", False),  # Mon 08:30 -> Tue 08:30
    ],
)
def test_shift_reaching_into_leave_is_not_worked(shift, allowed):
    org = make_org(
        people=[make_person("p1", leave=[DateRange(TUE, TUE)])],
        demand=[make_demand(shift=shift, days=[MON])],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert roster.assignments == ((assign("p1", MON, shift),) if allowed else ())
    assert roster.objective == (0 if allowed else W)


def test_extra_leave_of_the_problem_counts():
    org = make_org(people=["p1", "p2"], demand=[make_demand()], weights=isolate())
    problem = make_problem(org, days=2, extra_leave={"p1": [DateRange(MON, TUE)]})
    roster, _ = solve_and_check(problem)
    assert days_of(roster, "p2") == [MON, TUE] and days_of(roster, "p1") == []
    assert roster.objective == 0


# --------------------------------------------------------------------------- availability


def test_weekend_only_volunteer():
    org = make_org(
        people=[make_person("v1", kind=VOLUNTEER, availability=[Window("weekends")])],
        demand=[make_demand()],
        weights=isolate(),
    )
    roster, _ = serve_and_check(make_problem(org))
    assert days_of(roster, "v1") == [SAT, SUN]
    assert roster.objective == 5 * W
    assert {u.reason for u in roster.unfilled} == {
        "1 eligible for the post: 1 outside availability"
    }


@pytest.mark.parametrize(
    ("window", "fits"),
    [
        (Window("all", time(7, 0), time(17, 0)), {"D"}),
        (Window("all", time(8, 0), time(16, 0)), {"D"}),  # exactly the shift: the end is open
        (Window("all", time(8, 0), time(15, 59)), set()),
        (Window("all", time(20, 0), time(8, 0)), {"N"}),  # crosses midnight
        (Window("weekdays", time(8, 30), time(8, 0)), {"N"}),  # 08:30 -> 08:00 the next day
        (Window("weekdays", time(8, 0), time(9, 0)), set()),  # one hour on the same day
        (Window("all", time(8, 30), time(8, 30)), {"D", "N", "D24"}),  # start == end: all day
        (Window("weekends"), set()),  # Monday is no weekend day
    ],
)
def test_availability_window_clock_times(window, fits):
    # D, N and D24 on Monday, pairwise too close for one person: p1 takes one that fits.
    org = make_org(
        people=[make_person("p1", availability=[window])],
        demand=[make_demand(shift=s) for s in ("D", "N", "D24")],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    taken = [shift for _, shift, _ in shifts_of(roster, "p1")]
    assert len(taken) == (1 if fits else 0)
    assert set(taken) <= fits
    assert roster.objective == (3 - len(taken)) * W


def test_availability_windows_combine():
    # Weekday nights or weekend days: N on Mon..Fri, D on Sat and Sun.
    org = make_org(
        people=[
            make_person(
                "p1",
                availability=[
                    Window("weekdays", time(22, 0), time(6, 0)),
                    Window("weekends", time(8, 0), time(18, 0)),
                ],
            )
        ],
        posts=["desk", "night"],
        demand=[make_demand("desk", "D"), make_demand("night", "N")],
        weights=isolate(),
    )
    roster, _ = solve_and_check(make_problem(org))
    worked = shifts_of(roster, "p1")
    assert all((day.weekday() < 5) == (shift == "N") for day, shift, _ in worked)
    # 5 nights + 2 weekend days are possible, but D 08:00 Sat follows N Fri 22:00 -> Sat 06:00
    # by 2 h: at most 6 of the 7, and 6 consecutive days at most anyway.
    assert len(worked) == 6
    assert roster.objective == (14 - 6) * W
