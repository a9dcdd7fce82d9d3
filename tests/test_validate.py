"""The independent validator against docs/rules.md: every hard rule, every objective term."""

from __future__ import annotations

import itertools
import random
import time as clock_time
from collections import Counter
from datetime import date, time, timedelta

import pytest

from roster.domain import (
    VOLUNTEER,
    Assignment,
    Community,
    DateRange,
    FairnessPool,
    Limits,
    Request,
    Window,
)
from roster.validate import (
    Report,
    fairness_loads,
    fairness_members,
    person_can_take,
    slots,
    validate,
)
from tests.factories import (
    assign,
    default_shifts,
    make_demand,
    make_org,
    make_person,
    make_post,
    make_problem,
    make_shift,
    make_weights,
)

MON = date(2026, 11, 30)  # horizon 2026-11-30 (Mon) .. 2026-12-06 (Sun)
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=i) for i in range(1, 7))

SHIFTS = [
    *default_shifts(),  # D 08:00 8h, N 22:00 8h night, D24 08:30 24h
    make_shift("L", "14:00", hours=8),
    make_shift("E", "05:00", hours=8),
]
ALL_SLOTS = [make_demand("desk", s, 3) for s in ("D", "N", "D24", "L", "E")]


def rules(report: Report) -> list[str]:
    return sorted(v.rule for v in report.violations)


def base_problem(people=("p1", "p2", "p3"), **kw):
    """Desk slots for every shift, every day, 3 people each."""
    org_kw = {k: kw.pop(k) for k in list(kw) if k not in {"history", "locks", "extra_leave"}}
    org = make_org(people=people, shifts=SHIFTS, demand=ALL_SLOTS, **org_kw)
    return make_problem(org, **kw)


def check(problem, good, bad, rule):
    """`good` passes; `bad` breaks exactly `rule`, exactly once."""
    assert validate(problem, good).violations == ()
    report = validate(problem, bad)
    assert rules(report) == [rule], report.violations
    return report.violations[0]


# --------------------------------------------------------------------------- hard rules


@pytest.mark.parametrize(
    "bad",
    [assign("ghost", TUE), assign("p1", TUE, shift="X"), assign("p1", TUE, post="nowhere")],
)
def test_unknown(bad):
    problem = base_problem()
    good = [assign("p1", MON)]
    v = check(problem, good, [*good, bad], "unknown")
    assert v.when == "2026-12-01"


def test_no_slot_no_demand_and_outside_horizon():
    org = make_org(shifts=SHIFTS, demand=[make_demand("desk", "D", 1)])
    problem = make_problem(org)
    good = [assign("p1", MON)]
    v = check(problem, good, [*good, assign("p2", TUE, "N")], "no_slot")
    assert "no demand" in v.detail
    v = check(problem, good, [*good, assign("p2", SUN + timedelta(days=1))], "no_slot")
    assert "outside the horizon" in v.detail


def test_overstaffed():
    org = make_org(shifts=SHIFTS, demand=[make_demand("desk", "D", 1)])
    problem = make_problem(org)
    good = [assign("p1", MON), assign("p2", TUE)]
    v = check(problem, good, [*good, assign("p3", MON)], "overstaffed")
    assert (v.who, v.when) == ("desk/D", "2026-11-30")
    assert "2 assigned (p1, p3), 1 needed" in v.detail


def test_duplicate_counts_once():
    org = make_org(shifts=SHIFTS, demand=[make_demand("desk", "D", 1)])
    problem = make_problem(org)
    good = [assign("p1", MON)]
    v = check(problem, good, [*good, assign("p1", MON)], "duplicate")
    assert v.who == "p1"


def test_eligibility_skills():
    org = make_org(
        people=["p1", make_person("p2", skills={"officer"})],
        shifts=SHIFTS,
        posts=[make_post("ops", skills={"officer"})],
        demand=[make_demand("ops", "D", 1)],
    )
    problem = make_problem(org)
    v = check(
        problem, [assign("p2", MON, post="ops")], [assign("p1", MON, post="ops")], "eligibility"
    )
    assert "officer" in v.detail


def test_eligibility_volunteers():
    org = make_org(
        people=["p1", make_person("v1", kind=VOLUNTEER)],
        shifts=SHIFTS,
        posts=[make_post("desk", volunteers_allowed=False)],
        demand=[make_demand("desk", "D", 1)],
    )
    problem = make_problem(org)
    v = check(problem, [assign("p1", MON)], [assign("v1", MON)], "eligibility")
    assert "volunteer" in v.detail


@pytest.mark.parametrize(
    ("bad_day", "bad_shift"),
    [
        (WED, "D"),  # inside the leave day
        (TUE, "N"),  # 22:00 Tue -> 06:00 Wed reaches into the leave
        (TUE, "D24"),  # 08:30 Tue -> 08:30 Wed
        (WED, "N"),  # starts on the leave day
    ],
)
def test_leave(bad_day, bad_shift):
    off = DateRange(WED, WED, "年假")
    problem = base_problem(people=[make_person("p1", leave=[off])])
    good = [assign("p1", TUE), assign("p1", THU)]  # D ends 16:00 Tue; Thu is after the leave
    v = check(problem, good, [assign("p1", bad_day, bad_shift)], "leave")
    assert "2026-12-02..2026-12-02 (年假)" in v.detail


def test_leave_from_problem_extra_leave():
    problem = base_problem(extra_leave={"p1": [DateRange(FRI, SUN)]})
    check(problem, [assign("p1", THU)], [assign("p1", FRI)], "leave")


def test_availability_day_window():
    weekdays = Window("weekdays", time(8, 0), time(16, 0))
    problem = base_problem(people=[make_person("p1", availability=[weekdays])])
    good = [assign("p1", MON)]  # 08:00-16:00 fits exactly: the window end is exclusive, so is D's
    v = check(problem, good, [assign("p1", SAT)], "availability")
    assert "weekdays 08:00-16:00" in v.detail
    check(problem, good, [assign("p1", MON, "L")], "availability")  # ends 22:00


def test_availability_across_midnight_and_whole_day_windows():
    nights = Window("all", time(22, 0), time(6, 0))
    weekend_days = Window("weekends", time(8, 30), time(8, 30))  # end == start: whole day
    problem = base_problem(people=[make_person("p1", availability=[nights, weekend_days])])
    good = [assign("p1", MON, "N"), assign("p1", SAT, "D24")]
    check(problem, good, [assign("p1", MON, "E")], "availability")


def test_availability_window_ends_bound_the_whole_shift():
    # A window with distinct ends must hold the whole shift; the all-day default (start == end)
    # takes any shift starting on a matching day, also one crossing midnight.
    daytime = Window("all", time(8, 0), time(20, 0))
    problem = base_problem(people=[make_person("p1", availability=[daytime])])
    assert validate(problem, [assign("p1", MON, "D")]).ok
    check(problem, [assign("p1", MON, "D")], [assign("p1", MON, "L")], "availability")
    always = Window("all", time(0, 0), time(0, 0))
    problem = base_problem(people=[make_person("p1", availability=[always])])
    assert validate(problem, [assign("p1", MON, "N"), assign("p1", WED, "D24")]).ok


def test_availability_makeup_workday_is_a_workday():
    workdays = Window("workdays", time(0, 0), time(0, 0))
    org = make_org(
        people=[make_person("p1", availability=[workdays])],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 1)],
    )
    problem = make_problem(org, start=date(2026, 9, 14))
    # 2026-09-20 is a Sunday and an official make-up workday; 2026-09-19 is a plain Saturday.
    check(
        problem,
        [assign("p1", date(2026, 9, 20))],
        [assign("p1", date(2026, 9, 19))],
        "availability",
    )


def test_overlap():
    problem = base_problem()
    v = check(
        problem,
        [assign("p1", MON, "D"), assign("p2", MON, "D24")],
        [assign("p1", MON, "D"), assign("p1", MON, "D24")],
        "overlap",
    )
    assert v.when == "2026-11-30"


def test_overlap_with_history():
    # History N 22:00 Sun -> 06:00 Mon; E starts 05:00 Mon.
    problem = base_problem(history=[assign("p1", MON - timedelta(days=1), "N")])
    check(problem, [assign("p2", MON, "E")], [assign("p1", MON, "E")], "overlap")


def test_rest_after_24h_duty():
    # D24 08:30 Tue -> 08:30 Wed; L at 14:00 Wed leaves 5.5 h of the 24 h needed.
    problem = base_problem()
    duty = assign("p1", TUE, "D24")
    good = [duty, assign("p1", THU, "L")]  # L at 14:00 Thu: 29.5 h
    v = check(problem, good, [duty, assign("p1", WED, "L")], "rest")
    assert v.detail == (
        "24.0 h needed after the 08:30 D24 on 2026-12-01, 5.5 h given before the 14:00 L on "
        "2026-12-02"
    )
    assert (v.who, v.when) == ("p1", "2026-12-02")


def test_rest_exactly_enough_is_fine():
    problem = base_problem()
    duty = assign("p1", TUE, "D24")
    assert validate(problem, [duty, assign("p1", THU, "D24")]).ok  # exactly 24 h
    assert rules(validate(problem, [duty, assign("p1", THU, "D")])) == ["rest"]  # 23.5 h


def test_rest_after_night_shift():
    # N 22:00 Tue -> 06:00 Wed, D 08:00 Wed: 2 h of the 11 h needed.
    problem = base_problem()
    night = assign("p1", TUE, "N")
    v = check(problem, [night, assign("p1", THU, "D")], [night, assign("p1", WED, "D")], "rest")
    assert v.detail.startswith("11.0 h needed after the 22:00 N on 2026-12-01, 2.0 h given")


def test_rest_with_history_and_person_limits():
    # History D24 08:30 Sun -> 08:30 Mon; L 14:00 Mon is 5.5 h later.
    history = [assign("p1", MON - timedelta(days=1), "D24")]
    problem = base_problem(history=history)
    check(problem, [assign("p1", TUE, "L")], [assign("p1", MON, "L")], "rest")
    relaxed = make_person("p1", limits=Limits(rest_after_24h_hours=5))
    problem = base_problem(people=[relaxed], history=history)
    assert validate(problem, [assign("p1", MON, "L")]).ok


def test_rest_checks_every_pair_not_only_neighbours():
    # D24 Tue -> 08:30 Wed, then E 05:00 Thu (20.5 h) and L 14:00 Thu (29.5 h, but E->L overlaps)
    problem = base_problem()
    report = validate(problem, [assign("p1", TUE, "D24"), assign("p1", THU, "E")])
    assert rules(report) == ["rest"]


def test_consecutive_days():
    problem = base_problem()
    week = [assign("p1", MON + timedelta(days=i)) for i in range(7)]
    v = check(problem, week[:6], week, "consecutive_days")
    assert v.when == "2026-11-30..2026-12-06"
    assert v.detail == "7 consecutive working days 2026-11-30..2026-12-06, at most 6"


def test_consecutive_days_with_history():
    history = [assign("p1", MON - timedelta(days=i)) for i in range(1, 5)]  # Thu..Sun before
    roster = [assign("p1", MON), assign("p1", TUE), assign("p1", WED)]
    good = base_problem(history=history[:3])
    assert validate(good, roster).ok
    bad = base_problem(history=history)
    assert rules(validate(bad, roster)) == ["consecutive_days"]
    assert validate(bad, roster).violations[0].when == "2026-11-26..2026-12-02"


def test_history_only_pairs_and_runs_are_not_checked():
    # 8 history days ending the Saturday before; two overlapping history shifts on Friday.
    history = [assign("p1", MON - timedelta(days=i)) for i in range(2, 10)]
    history.append(assign("p1", MON - timedelta(days=3), "L"))
    problem = base_problem(history=history)
    assert validate(problem, []).ok


def test_history_alone_filling_a_window_is_not_the_rosters_fault():
    # docs/rules.md: a window only the history fills is not checked; adding to it is a violation.
    # Wed D 8 h, Fri D24, Sat L 8 h, Sun D24: 64 h in Tue 11-24..Mon 11-30.
    history = [assign("p1", MON - timedelta(days=i), "D24") for i in (1, 3)]
    history += [assign("p1", MON - timedelta(days=2), "L"), assign("p1", MON - timedelta(days=5))]
    problem = base_problem(history=history)
    assert validate(problem, []).violations == ()
    report = validate(problem, [assign("p1", MON, "N")])
    assert "hours_7d" in rules(report)
    assert any(v.rule == "hours_7d" and "2026-11-30" in v.when for v in report.violations)


def test_hours_7d():
    # 3 x D24 = 72 h > 60 in every window from Sat 11-28 to Mon 11-30: one violation.
    problem = base_problem()
    duties = [assign("p1", MON, "D24"), assign("p1", WED, "D24")]
    v = check(
        problem, [*duties, assign("p1", FRI, "L")], [*duties, assign("p1", FRI, "D24")], "hours_7d"
    )
    assert v.when == "2026-11-28..2026-12-04"
    assert v.detail == "72 h in 2026-11-28..2026-12-04, at most 60"


def test_hours_7d_with_history():
    problem = base_problem(history=[assign("p1", MON - timedelta(days=2), "D24")])
    good = [assign("p1", MON, "D24"), assign("p1", WED, "L")]
    bad = [assign("p1", MON, "D24"), assign("p1", WED, "D24")]
    check(problem, good, bad, "hours_7d")


def test_duty24_28d_with_history():
    limited = make_person("p1", limits=Limits(max_24h_per_28d=2))
    roster = [assign("p1", MON, "D24"), assign("p1", THU, "D24")]
    assert validate(base_problem(people=[limited]), roster).ok
    problem = base_problem(people=[limited], history=[assign("p1", date(2026, 11, 10), "D24")])
    report = validate(problem, roster)
    assert rules(report) == ["duty24_28d"]
    assert report.violations[0].detail == "3 24-hour duties in 2026-11-06..2026-12-03, at most 2"


def test_lock_from_config_and_problem():
    locked = assign("p1", TUE)
    org = make_org(shifts=SHIFTS, demand=ALL_SLOTS, locks=[locked])
    problem = make_problem(org)
    check(problem, [locked], [assign("p2", TUE)], "lock")
    problem = make_problem(make_org(shifts=SHIFTS, demand=ALL_SLOTS), locks=[locked])
    check(problem, [locked], [], "lock")


# --------------------------------------------------------------------------- slots, calendar


def test_slots_add_up_and_follow_the_calendar():
    org = make_org(
        shifts=SHIFTS,
        demand=[
            make_demand("desk", "D", 1, days="workdays", skills={"officer": 1}),
            make_demand("desk", "D", 2, days="weekends", skills={"officer": 1}),
            make_demand("desk", "N", 1, days="restdays"),
            make_demand("desk", "L", 0),
            make_demand("desk", "E", 1, days=[date(2026, 9, 16)]),
            make_demand("desk", "D24", 1, start=date(2026, 9, 19), end=date(2026, 9, 19)),
        ],
    )
    got = slots(make_problem(org, start=date(2026, 9, 14)))
    makeup = date(2026, 9, 20)  # Sunday, official make-up workday: workday AND (literal) weekend
    assert got[(makeup, "D", "desk")].count == 3
    assert dict(got[(makeup, "D", "desk")].skills) == {"officer": 2}
    assert (makeup, "N", "desk") not in got
    assert got[(date(2026, 9, 19), "N", "desk")].count == 1
    assert got[(date(2026, 9, 19), "D", "desk")].count == 2  # a Saturday: not a workday
    assert not any(shift == "L" for _, shift, _ in got)
    assert [k[0] for k in got if k[1] == "E"] == [date(2026, 9, 16)]
    assert [k[0] for k in got if k[1] == "D24"] == [date(2026, 9, 19)]


def test_holiday_pattern():
    org = make_org(shifts=SHIFTS, demand=[make_demand("desk", "D", 1, days="holidays")])
    got = slots(make_problem(org, start=date(2026, 9, 28)))
    assert [k[0] for k in got] == [date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)]


# --------------------------------------------------------------------------- objective


def test_unfilled_headcount_and_skills():
    org = make_org(
        people=["p1", make_person("p2", skills={"officer"})],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 2, days=[MON, TUE], skills={"officer": 1})],
        weights=make_weights(zero=True, unfilled=1_000_000),
    )
    problem = make_problem(org)
    report = validate(problem, [assign("p1", MON), assign("p1", TUE), assign("p2", TUE)])
    assert report.ok
    # MON: 1 of 2 heads missing and 1 officer missing; TUE is full.
    assert report.objective == 2 * 1_000_000
    assert report.by_rule() == {"unfilled": 2_000_000}
    assert {(u.date, u.skill, u.missing) for u in report.unfilled} == {
        (MON, None, 1),
        (MON, "officer", 1),
    }
    [penalty] = report.penalties
    assert (penalty.who, penalty.when) == ("desk/D", "2026-11-30")
    assert penalty.detail == "missing 1 of 2 people, 1 of 1 officer"


def test_overstaffed_slot_is_not_unfilled():
    org = make_org(
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 1, days=[MON])],
        weights=make_weights(zero=True, unfilled=1_000_000),
    )
    report = validate(make_problem(org), [assign("p1", MON), assign("p2", MON)])
    assert report.objective == 0 and report.unfilled == ()


def only(**fairness):
    """Weights with every term 0 except the given fairness categories."""
    return make_weights(zero=True, fairness=fairness)


def test_fairness_duty24_pro_rata_with_history():
    """Pool "*" of a, b, c; c on leave Fri..Sun (4 of 7 days available).

    a_a = a_b = 7, a_c = 4, A = 18
    r_a = r_b = (14000 + 18) // 36 = 389   (388.9 rounded)
    r_c = (8000 + 18) // 36 = 222          (222.2 rounded)
    R = 389 + 389 + 222 = 1000
    L_a = 1 (history Fri 11-27) + 2 = 3, L_b = 2, L_c = 1, T = 6
    dev_a = 1000*3 - 389*6 = 666; dev_b = 2000 - 2334 = -334; dev_c = 1000 - 222*6 = -332
    cost = 20 * (666 + 334 + 332) = 26640
    """
    org = make_org(
        people=["a", "b", make_person("c", leave=[DateRange(FRI, SUN)])],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D24", 1)],
        weights=only(duty24=20),
    )
    problem = make_problem(org, history=[assign("a", date(2026, 11, 27), "D24")])
    roster = [
        assign("b", MON, "D24"),
        assign("a", TUE, "D24"),
        assign("c", WED, "D24"),
        assign("b", THU, "D24"),
        assign("a", FRI, "D24"),
    ]
    report = validate(problem, roster)
    assert report.ok, report.violations
    assert {p.who: p.cost for p in report.penalties} == {"a": 13320, "b": 6680, "c": 6640}
    assert report.objective == 26640
    assert report.by_rule() == {"fairness.duty24": 26640}
    assert {p.when for p in report.penalties} == {"2026-11-30"}
    assert fairness_loads(problem, roster, "duty24") == {"a": 3, "b": 2, "c": 1}


def test_fairness_tolerance_band_is_free():
    """The roster of the test above with a tolerance of 1 duty (R * 1 = 1000 free per member).

    dev_a = 666, dev_b = -334, dev_c = -332: all within 1000, cost 0. Without c's Wed duty:
    L = 3, 2, 0, T = 5: dev_a = 3000 - 389*5 = 1055 -> excess 55; dev_b = 2000 - 1945 = 55 -> 0;
    dev_c = 0 - 222*5 = -1110 -> excess 110. Costs 20 * 55 and 20 * 110.
    """
    org = make_org(
        people=["a", "b", make_person("c", leave=[DateRange(FRI, SUN)])],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D24", 1)],
        weights=make_weights(zero=True, fairness={"duty24": 20}, tolerance={"duty24": 1}),
    )
    problem = make_problem(org, history=[assign("a", date(2026, 11, 27), "D24")])
    roster = [
        assign("b", MON, "D24"),
        assign("a", TUE, "D24"),
        assign("c", WED, "D24"),
        assign("b", THU, "D24"),
        assign("a", FRI, "D24"),
    ]
    assert validate(problem, roster).objective == 0
    del roster[2]
    report = validate(problem, roster)
    assert report.ok, report.violations
    assert {p.who: p.cost for p in report.penalties} == {"a": 20 * 55, "c": 20 * 110}


def test_fairness_holiday_with_history_and_leave():
    """Horizon 2026-09-28..10-04: holidays 10-01, 10-02, 10-03 (10-04 is a plain Sunday).

    c on leave 10-01..10-02: a_a = a_b = 3, a_c = 1, A = 7
    r_a = r_b = (6000 + 7) // 14 = 429, r_c = (2000 + 7) // 14 = 143, R = 1001
    L_a = 2 (10-01, 10-02), L_b = 1 (10-03) + 1 (history 09-25, Mid-Autumn) = 2, L_c = 0, T = 4
    dev_a = dev_b = 1001*2 - 429*4 = 286; dev_c = 0 - 143*4 = -572
    cost = 20 * (286 + 286 + 572) = 22880
    """
    org = make_org(
        people=[
            "a",
            "b",
            make_person("c", leave=[DateRange(date(2026, 10, 1), date(2026, 10, 2))]),
        ],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 1)],
        weights=only(holiday=20),
    )
    problem = make_problem(org, start=date(2026, 9, 28), history=[assign("b", date(2026, 9, 25))])
    roster = [
        assign("c", date(2026, 9, 28)),
        assign("a", date(2026, 10, 1)),
        assign("a", date(2026, 10, 2)),
        assign("b", date(2026, 10, 3)),
        assign("c", date(2026, 10, 4)),
    ]
    report = validate(problem, roster)
    assert report.ok, report.violations
    assert {p.who: p.cost for p in report.penalties} == {"a": 5720, "b": 5720, "c": 11440}
    assert report.objective == 22880


def test_fairness_weekend_makeup_workday_and_availability():
    """Horizon 2026-09-14..09-20: the only weekend day is Sat 09-19 (Sun 09-20 is a workday).

    c works weekdays only: a_c = 0, not a member. a_a = a_b = 1, r = 500 each, R = 1000.
    L_a = 1 (09-19), L_b = 0 (09-20 is no weekend), T = 1: dev_a = 500, dev_b = -500.
    cost = 10 * (500 + 500) = 10000
    """
    weekdays = Window("weekdays", time(0, 0), time(0, 0))
    org = make_org(
        people=["a", "b", make_person("c", availability=[weekdays])],
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 1)],
        weights=only(weekend=10),
    )
    problem = make_problem(org, start=date(2026, 9, 14))
    roster = [assign("a", date(2026, 9, 19)), assign("b", date(2026, 9, 20))]
    report = validate(problem, roster)
    assert report.ok
    assert fairness_members(problem, "weekend") == {"*": ["a", "b"]}
    assert {p.who: p.cost for p in report.penalties} == {"a": 5000, "b": 5000}


def test_fairness_night_and_hours_units():
    """p1: N (night) on Mon; p2: D24 flagged night on Wed (24-hour duties are no night units).

    night: L = 1, 0; r = 500, 500; R = 1000; T = 1: dev = +-500; cost 5 * 1000 = 5000
    hours: L = 8, 24; T = 32: dev_p1 = 8000 - 16000 = -8000, dev_p2 = +8000; cost 16000
    """
    shifts = [make_shift("N", "22:00", hours=8, night=True), make_shift("D24", "08:30", hours=24)]
    shifts.append(make_shift("X24", "08:30", hours=24, night=True))
    org = make_org(
        people=["p1", "p2"],
        shifts=shifts,
        demand=[make_demand("desk", "N", 1), make_demand("desk", "X24", 1)],
        weights=only(night=5, hours=1),
    )
    report = validate(make_problem(org), [assign("p1", MON, "N"), assign("p2", WED, "X24")])
    assert report.ok
    assert report.by_rule() == {"fairness.night": 5000, "fairness.hours": 16000}


def test_fairness_pools_eligibility_and_small_pools():
    """Leaders pool has 1 member (no term); a volunteer fails the desk's eligibility.

    Pool "*" = o1, o2 (v excluded): r = 500 each; L = 1, 0; dev = +-500; 20 * 1000 = 20000.
    """
    org = make_org(
        people=[
            make_person("lead", skills={"leader"}),
            "o1",
            "o2",
            make_person("v", kind=VOLUNTEER),
        ],
        shifts=SHIFTS,
        posts=[make_post("desk", volunteers_allowed=False), make_post("site", kind="site")],
        demand=[make_demand("desk", "D24", 1), make_demand("site", "D", 1)],
        fairness_pools=[FairnessPool("leaders", frozenset({"leader"}))],
        weights=only(duty24=20),
    )
    problem = make_problem(org)
    assert fairness_members(problem, "duty24") == {"leaders": ["lead"], "*": ["o1", "o2"]}
    assert fairness_members(problem, "hours") == {"leaders": ["lead"], "*": ["o1", "o2", "v"]}
    report = validate(problem, [assign("lead", MON, "D24"), assign("o1", WED, "D24")])
    assert report.by_rule() == {"fairness.duty24": 20000}


def test_fairness_equal_loads_cost_nothing():
    org = make_org(people=["a", "b"], shifts=SHIFTS, weights=only(hours=1))
    report = validate(make_problem(org), [assign("a", MON), assign("b", TUE)])
    assert report.penalties == () and report.objective == 0


def test_requests():
    org = make_org(
        shifts=SHIFTS,
        demand=ALL_SLOTS,
        requests=[
            Request("p1", TUE, "day_off", 2),
            Request("p2", WED, "shift", 1, "D"),
            Request("p3", THU, "avoid", 3, "N"),
            Request("p1", SUN + timedelta(days=3), "shift", 5, "D"),  # outside: free
        ],
        weights=make_weights(zero=True, request=1000),
    )
    problem = make_problem(org)
    unmet = [assign("p1", TUE, "N"), assign("p2", WED, "N"), assign("p3", THU, "N")]
    report = validate(problem, unmet)
    assert report.by_rule() == {
        "request.day_off": 2000,
        "request.shift": 1000,
        "request.avoid": 3000,
    }
    assert {(p.who, p.when) for p in report.penalties} == {
        ("p1", "2026-12-01"),
        ("p2", "2026-12-02"),
        ("p3", "2026-12-03"),
    }
    met = [assign("p1", WED, "N"), assign("p2", WED, "D"), assign("p3", THU, "D")]
    assert validate(problem, met).objective == 0


def test_continuity():
    org = make_org(
        people=[make_person("v", kind=VOLUNTEER), "s"],
        shifts=SHIFTS,
        posts=[make_post("s1", kind="site"), make_post("s2", kind="site"), "desk"],
        demand=[make_demand(p, "D", 2) for p in ("s1", "s2", "desk")],
        weights=make_weights(zero=True, continuity=2000),
    )
    roster = [
        assign("v", MON, post="s1"),
        assign("v", TUE, post="s2"),  # moved: 2000 on TUE
        assign("v", WED, post="s2"),  # stays
        assign("v", THU, post="desk"),  # not a site
        assign("v", FRI, post="s1"),  # Thu had no site: free
        assign("s", MON, post="s1"),
        assign("s", TUE, post="s2"),  # staff: free
    ]
    report = validate(make_problem(org), roster)
    assert [(p.rule, p.who, p.when, p.cost) for p in report.penalties] == [
        ("continuity", "v", "2026-12-01", 2000)
    ]


def test_home_community():
    org = make_org(
        people=[make_person("p1", home="c1"), "p2"],
        shifts=SHIFTS,
        communities=[Community("c1", "东湖", "东城"), Community("c2", "西湖", "东城")],
        posts=[
            make_post("s1", kind="site", community="c1"),
            make_post("s2", kind="site", community="c2"),
            make_post("s3", kind="site", community="c3"),  # its own district
            make_post("s4", kind="site"),
            make_post("desk", community="c3"),
        ],
        demand=[make_demand(p, "D", 2) for p in ("s1", "s2", "s3", "s4", "desk")],
        weights=make_weights(zero=True, home_same_district=200, home_far=600),
    )
    roster = [
        assign("p1", MON, post="s1"),  # home: 0
        assign("p1", TUE, post="s2"),  # same district: 200
        assign("p1", WED, post="s3"),  # far: 600
        assign("p1", THU, post="s4"),  # site without community: 0
        assign("p1", FRI, post="desk"),  # not a site: 0
        assign("p2", MON, post="s3"),  # no home: 0
    ]
    report = validate(make_problem(org), roster)
    assert [(p.when, p.cost) for p in report.penalties] == [
        ("2026-12-01", 200),
        ("2026-12-02", 600),
    ]
    assert report.objective == 800


def test_team_lead():
    org = make_org(
        people=[make_person("lead", skills={"team_lead"}), make_person("old", experienced=True)]
        + ["p1", "p2"],
        shifts=SHIFTS,
        posts=[make_post("team", kind="site", team=True)],
        demand=[make_demand("team", "D", 2, days=[MON, TUE, WED, THU])],
        weights=make_weights(zero=True, team_lead=50_000),
    )
    roster = [
        assign("lead", MON, post="team"),
        assign("p1", MON, post="team"),
        assign("old", TUE, post="team"),
        assign("p1", WED, post="team"),
        assign("p2", WED, post="team"),
    ]  # THU is empty: no assigned person leads either
    report = validate(make_problem(org), roster)
    assert [(p.who, p.when) for p in report.penalties] == [
        ("team/D", "2026-12-02"),
        ("team/D", "2026-12-03"),
    ]
    assert report.objective == 100_000


def test_stability():
    org = make_org(shifts=SHIFTS, demand=ALL_SLOTS, weights=make_weights(zero=True, stability=10))
    previous = [assign("p1", MON), assign("p2", TUE), assign("p3", SUN + timedelta(days=2))]
    roster = [assign("p1", MON), assign("p3", TUE)]
    report = validate(make_problem(org, previous=previous), roster)
    assert [(p.who, p.when, p.detail) for p in report.penalties] == [
        ("p2", "2026-12-01", "dropped D at desk"),
        ("p3", "2026-12-01", "added D at desk"),
    ]
    assert report.objective == 20
    assert validate(make_problem(org), roster).objective == 0  # no previous roster


def test_default_weights_add_up_in_by_rule():
    org = make_org(
        shifts=SHIFTS,
        demand=[make_demand("desk", "D", 1, days=[MON, TUE])],
        requests=[Request("p1", MON, "day_off", 1)],
    )
    report = validate(make_problem(org), [assign("p1", MON)])
    totals = report.by_rule()
    assert totals["unfilled"] == 1_000_000
    assert totals["request.day_off"] == 1_000
    assert sum(totals.values()) == report.objective


# --------------------------------------------------------------------------- person_can_take


def test_person_can_take():
    off = DateRange(SAT, SAT)
    org = make_org(
        people=[
            make_person("p1", leave=[off], skills={"officer"}),
            make_person("p2", availability=[Window("weekdays", time(8), time(16))]),
        ],
        shifts=SHIFTS,
        posts=["desk", make_post("ops", skills={"officer"})],
        demand=[*ALL_SLOTS, make_demand("ops", "D", 1)],
    )
    problem = make_problem(org, history=[assign("p1", MON - timedelta(days=1), "D24")])
    roster = [assign("p1", TUE, "D24"), assign("p2", MON)]

    def can(person, day, shift, post="desk"):
        return sorted(v.rule for v in person_can_take(problem, roster, person, day, shift, post))

    assert can("p1", THU, "L") == []  # 29.5 h after the D24 of TUE
    assert can("p1", THU, "D") == ["rest"]  # 23.5 h
    assert can("p1", THU, "L", "ops") == []
    assert can("p2", TUE, "D", "ops") == ["eligibility"]
    assert can("p1", SAT, "D") == ["leave"]
    assert can("p2", TUE, "L") == ["availability"]
    assert can("p1", TUE, "L") == ["overlap"]
    assert can("p1", WED, "L") == ["rest"]  # after the D24 of TUE
    # 5.5 h after the history D24 of Sunday, and 10.5 h before the D24 of TUE.
    assert can("p1", MON, "L") == ["rest", "rest"]
    assert can("p1", MON, "E") == ["overlap"]  # history D24 runs until 08:30 Monday
    assert can("p1", THU, "D24") == ["hours_7d"]  # history Sun + Tue + Thu: 72 h
    # Re-checking an assignment already in the roster leaves it out of its own comparison.
    assert person_can_take(problem, roster, "p1", TUE, "D24", "desk") == []
    grouped = {"p1": roster[:1], "p2": roster[1:]}
    assert person_can_take(problem, grouped, "p1", WED, "L", "desk") == person_can_take(
        problem, roster, "p1", WED, "L", "desk"
    )


def test_person_can_take_runs_and_28_days():
    limited = make_person("p1", limits=Limits(max_24h_per_28d=1))
    problem = base_problem(
        people=[limited], history=[assign("p1", MON - timedelta(days=i)) for i in range(1, 7)]
    )
    assert [v.rule for v in person_can_take(problem, [], "p1", MON, "D", "desk")] == [
        "consecutive_days"
    ]
    assert person_can_take(problem, [], "p1", TUE, "D", "desk") == []
    roster = [assign("p1", WED, "D24")]
    rules_found = [v.rule for v in person_can_take(problem, roster, "p1", SAT, "D24", "desk")]
    assert rules_found == ["duty24_28d"]


def test_person_can_take_unknown():
    problem = base_problem()
    [v] = person_can_take(problem, [], "ghost", MON, "D", "desk")
    assert v.rule == "unknown"


# --------------------------------------------------------------------------- speed


def _big_problem(people: int, days: int):
    """Everyone works a 4-hour morning and a 4-hour evening shift, 5 days in 7."""
    ids = [f"p{i:04d}" for i in range(people)]
    posts = [f"post{i}" for i in range(10)]
    shifts = [make_shift("M", "06:00", hours=4), make_shift("A", "21:00", hours=4, night=True)]
    per_slot = people // 10 + 1
    org = make_org(
        people=ids,
        shifts=shifts,
        posts=posts,
        demand=[make_demand(p, s, per_slot) for p in posts for s in ("M", "A")],
        requests=[Request(pid, MON, "day_off", 1) for pid in ids[::3]],
        defaults=Limits(min_rest_hours=4),
    )
    problem = make_problem(org, days=days, previous=[assign(ids[0], MON, "M", "post0")])
    roster = [
        Assignment(MON + timedelta(days=d), shift, posts[i % 10], pid)
        for d in range(days)
        for i, pid in enumerate(ids)
        if (i + d) % 7 < 5
        for shift in ("M", "A")
    ]
    return problem, roster


def test_speed_150_people_week():
    problem, roster = _big_problem(150, 7)
    began = clock_time.perf_counter()
    report = validate(problem, roster)
    elapsed = clock_time.perf_counter() - began
    assert len(roster) == 1500
    assert report.ok, report.violations[:3]
    assert report.objective > 0
    assert elapsed < 1.0, elapsed


# --------------------------------------------------------------------------- brute force


def _naive_person_rules(problem, roster):
    """Pairs and windows counted the slow, obvious way (docs/rules.md, word by word)."""
    shifts = problem.org.shifts
    h = problem.horizon
    pairs, windows = Counter(), set()
    for pid, person in problem.org.people.items():
        mine = [(a, False) for a in roster if a.person == pid]
        mine += [(a, True) for a in problem.history if a.person == pid]
        for (a, ha), (b, hb) in itertools.combinations(mine, 2):
            if ha and hb:
                continue
            a, b = sorted((a, b), key=lambda x: shifts[x.shift].interval(x.date))
            a_end = shifts[a.shift].interval(a.date)[1]
            b_start = shifts[b.shift].interval(b.date)[0]
            limits = person.limits
            rest = limits.rest_after_24h_hours if shifts[a.shift].is_24h else limits.min_rest_hours
            if b_start < a_end:
                pairs["overlap"] += 1
            elif b_start - a_end < timedelta(hours=rest):
                pairs["rest"] += 1
        for size, rule in ((7, "hours_7d"), (28, "duty24_28d")):
            for k in range(h.days + size - 1):
                start = h.start - timedelta(days=size - 1 - k)
                inside = [x for x, _ in mine if 0 <= (x.date - start).days < size]
                if rule == "hours_7d":
                    total, limit = (
                        sum(shifts[x.shift].hours for x in inside),
                        person.limits.max_hours_7d,
                    )
                else:
                    total = sum(shifts[x.shift].is_24h for x in inside)
                    limit = person.limits.max_24h_per_28d
                if total > limit:
                    windows.add((pid, rule))
    return pairs, windows


@pytest.mark.parametrize("seed", range(40))
def test_pairs_and_windows_agree_with_brute_force(seed):
    rng = random.Random(seed)
    limits = Limits(max_hours_7d=40, max_24h_per_28d=2)
    people = [make_person(f"p{i}", limits=limits) for i in range(3)]
    problem = base_problem(
        people=people,
        history=[
            assign(
                f"p{rng.randrange(3)}",
                MON - timedelta(days=rng.randrange(1, 30)),
                rng.choice("DNL"),
            )
            for _ in range(12)
        ]
        + [assign("p0", MON - timedelta(days=rng.randrange(1, 27)), "D24")],
    )
    roster = list(
        {
            assign(f"p{rng.randrange(3)}", MON + timedelta(days=rng.randrange(7)), s)
            for s in rng.choices(["D", "N", "L", "E", "D24"], k=14)
        }
    )
    report = validate(problem, roster)
    pairs, windows = _naive_person_rules(problem, roster)
    found = Counter(v.rule for v in report.violations)
    assert (found["overlap"], found["rest"]) == (pairs["overlap"], pairs["rest"])
    got = {(v.who, v.rule) for v in report.violations if v.rule in ("hours_7d", "duty24_28d")}
    assert got == windows
