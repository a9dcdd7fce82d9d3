"""`consecutive_days` (docs/rules.md): runs of working days, history included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from roster.domain import Limits
from tests.factories import assign, make_demand, make_org, make_person, make_problem
from tests.rules.helpers import (
    FRI,
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    WED,
    W,
    before,
    days_of,
    isolate,
    solve_and_check,
)


def longest_run(days: list[date]) -> int:
    best = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def org_with_limit(limit: int):
    person = make_person("p1", limits=Limits(max_consecutive_days=limit))
    return make_org(people=[person], demand=[make_demand()], weights=isolate())


@pytest.mark.parametrize(("limit", "holes"), [(6, 1), (3, 1), (2, 2), (1, 3)])
def test_longest_run_within_the_limit(limit, holes):
    # Seven days of demand: a day off after every `limit` days.
    roster, _ = solve_and_check(make_problem(org_with_limit(limit)))
    worked = days_of(roster, "p1")
    assert len(worked) == 7 - holes
    assert longest_run(worked) <= limit
    assert roster.objective == holes * W


@pytest.mark.parametrize(
    ("history_days", "optima"),
    [
        ((), [[MON, TUE, WED]]),
        ((1, 2, 3), [[TUE, WED]]),  # Fri Sat Sun worked: Monday would be the 4th day
        ((1, 2), [[MON, WED], [TUE, WED]]),  # Sat Sun worked: Mon and Tue would be 4 days
        ((2, 3, 4), [[MON, TUE, WED]]),  # Thu Fri Sat worked, Sunday off: the run is broken
    ],
)
def test_history_counts_in_the_run(history_days, optima):
    # Limit 3, Mon..Wed, p1 alone.
    history = [assign("p1", before(n)) for n in history_days]
    problem = make_problem(org_with_limit(3), days=3, history=history)
    roster, _ = solve_and_check(problem)
    assert days_of(roster, "p1") in optima
    assert roster.objective == (3 - len(optima[0])) * W


def test_night_shifts_count_on_their_start_date():
    # A working day is a start date: three nights Mon..Wed (22:00 -> 06:00) are three working
    # days, not four, so three of the four nights fit a limit of 3.
    person = make_person("p1", limits=Limits(max_consecutive_days=3))
    org = make_org(people=[person], demand=[make_demand(shift="N")], weights=isolate())
    roster, _ = solve_and_check(make_problem(org, days=4))
    assert len(days_of(roster, "p1")) == 3
    assert roster.objective == W


def test_second_person_covers_the_day_off():
    # p1 has worked Wed..Sun before (5 days, limit 6): one more day at most, then p2.
    org = make_org(people=["p1", "p2"], demand=[make_demand()], weights=isolate())
    history = [assign("p1", before(n)) for n in range(1, 6)]
    roster, _ = solve_and_check(make_problem(org, history=history))
    worked = days_of(roster, "p1")
    assert MON not in worked or TUE not in worked
    assert len(days_of(roster, "p2")) + len(worked) == 7
    assert roster.objective == 0


def test_week_with_the_limit_exactly():
    roster, _ = solve_and_check(make_problem(org_with_limit(7)))
    assert days_of(roster, "p1") == [MON, TUE, WED, THU, FRI, SAT, SUN]
    assert roster.objective == 0
