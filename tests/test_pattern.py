"""roster.pattern: one person's roster by a dynamic program over the days.

The dynamic program must be exact for the rules it covers (runs, days off, weekends, the
minutes window): it finds a roster exactly when one exists. Small cases are checked
against every pattern of working days, judged by the validator.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations

import pytest

from roster.domain import Assignment, DateRange, Limits
from roster.model.builder import build_model
from roster.pattern import pattern_roster
from roster.validate import person_violations
from tests.factories import make_demand, make_org, make_person, make_problem, make_shift
from tests.rules.helpers import MON, isolate

DAYS = 10  # Monday to the Wednesday after next: one weekend inside


def _problem(limits: Limits, *, shifts=None, posts=("desk",), forbidden=(), leave=(), days=DAYS):
    shifts = shifts or [make_shift("D", "08:00", hours=8)]
    demand = [make_demand(post=p, shift=s.id) for s in shifts for p in posts]
    org = make_org(
        people=[make_person("p1", limits=limits, leave=leave)],
        shifts=shifts,
        posts=list(posts),
        demand=demand,
        weights=isolate(),
        forbidden_successions=frozenset(forbidden),
    )
    return make_problem(org, days=days)


def _keys(problem) -> list:
    """p1's possible assignments: the variables of a model with no rules."""
    return list(build_model(problem, ()).v.by_person["p1"])


def _some_pattern_works(problem, count: int) -> bool:
    """Whether some set of `count` working days (one D shift each) breaks no rule."""
    days = sorted({key[1] for key in _keys(problem)})
    for worked in combinations(days, count):
        roster = [Assignment(d, "D", "desk", "p1") for d in worked]
        if not person_violations(problem, "p1", roster):
            return True
    return False


@pytest.mark.parametrize(
    ("most_in_a_row", "fewest_in_a_row", "fewest_off", "weekends", "leave"),
    [
        (3, 2, 2, 1, ()),
        (2, 1, 3, None, ()),
        (4, 2, 1, 0, ()),
        (5, 3, 2, 1, (DateRange(MON + timedelta(days=3), MON + timedelta(days=3)),)),
    ],
)
def test_a_roster_is_found_exactly_when_one_exists(
    most_in_a_row, fewest_in_a_row, fewest_off, weekends, leave
):
    for count in range(DAYS + 1):
        limits = Limits(
            max_consecutive_days=most_in_a_row,
            min_consecutive_days=fewest_in_a_row,
            min_consecutive_days_off=fewest_off,
            max_weekends=weekends,
            min_minutes=count * 480,
            max_minutes=count * 480,
        )
        problem = _problem(limits, leave=leave)
        found = pattern_roster(problem, "p1", _keys(problem))
        exists = _some_pattern_works(problem, count)
        assert (found is not None) == exists, f"{count} working days"
        if found is not None:
            roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
            assert len(roster) == count
            assert person_violations(problem, "p1", roster) == ()


def test_shift_types_keep_successions_and_caps():
    """Nights may not be followed by an early shift; early shifts are capped at six and
    nights at two, so eight shifts in ten days need both kinds."""
    shifts = [make_shift("E", "07:00", hours=8), make_shift("N", "22:00", hours=8, night=True)]
    limits = Limits(
        min_rest_hours=0.0,
        max_consecutive_days=5,
        max_shifts={"E": 6, "N": 2},
        min_minutes=8 * 480,
        max_minutes=8 * 480,
    )
    problem = _problem(limits, shifts=shifts, forbidden={("N", "E")})
    found = pattern_roster(problem, "p1", _keys(problem))
    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    assert sorted(a.shift for a in roster).count("N") == 2


def test_lengths_are_mixed_when_one_length_cannot_meet_the_window():
    """Six-hour and ten-hour shifts, the long ones capped at two: 2 x 600 + 3 x 360 = 2280
    minutes is met only by a mix."""
    shifts = [make_shift("S", "08:00", hours=6), make_shift("L", "08:00", hours=10)]
    limits = Limits(max_shifts={"L": 2}, min_minutes=2280, max_minutes=2280)
    problem = _problem(limits, shifts=shifts)
    found = pattern_roster(problem, "p1", _keys(problem))
    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    assert sorted(a.shift for a in roster) == ["L", "L", "S", "S", "S"]


def test_among_equal_shifts_the_gain_decides():
    limits = Limits(min_minutes=3 * 480, max_minutes=3 * 480)
    problem = _problem(limits, posts=("desk", "hall"))
    found = pattern_roster(problem, "p1", _keys(problem), lambda key: key[3] == "hall")
    assert found is not None and len(found) == 3
    assert {k[3] for k in found} == {"hall"}


def test_no_roster_when_the_minutes_cannot_be_met():
    limits = Limits(max_consecutive_days=2, min_minutes=9 * 480)
    problem = _problem(limits)
    assert pattern_roster(problem, "p1", _keys(problem)) is None


def test_the_pattern_works_the_days_that_pay():
    """With no minutes window, the days where a shift would pay are the ones worked."""
    paying = {MON + timedelta(days=d) for d in (1, 3, 8)}
    problem = _problem(Limits())
    found = pattern_roster(problem, "p1", _keys(problem), lambda key: key[1] in paying)
    assert found is not None
    assert {k[1] for k in found} == paying


def test_with_fewer_shifts_than_paying_days_allowed_the_paying_days_are_still_worked():
    """Two shifts at most and two paying days, Thursday and Friday: both are worked. The
    days of a pattern are traced back from the last; a run of worked days that ends on a
    paying day must not stand for a day that does not pay (it took Monday and Friday)."""
    paying = {MON + timedelta(days=d) for d in (3, 4)}
    problem = _problem(Limits(max_shifts={"D": 2}))
    found = pattern_roster(problem, "p1", _keys(problem), lambda key: 1 if key[1] in paying else -1)
    assert found is not None
    assert {k[1] for k in found} == paying


def test_long_shifts_are_taken_where_they_pay():
    """Only the ten-hour shifts pay. Eight-hour shifts could fill the window on their own
    (the roomier choice without gains), but the paying ones are taken: 5 x 600 minutes."""
    shifts = [make_shift("S", "08:00", hours=8), make_shift("L", "08:00", hours=10)]
    limits = Limits(min_minutes=2400, max_minutes=3000)
    problem = _problem(limits, shifts=shifts)

    found = pattern_roster(problem, "p1", _keys(problem), lambda key: 1 if key[2] == "L" else -1)

    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    assert sorted(a.shift for a in roster) == ["L"] * 5
    without_gain = pattern_roster(problem, "p1", _keys(problem))
    assert without_gain is not None and {k[2] for k in without_gain} == {"S"}


def test_a_run_of_days_gets_the_types_that_pay_most_together():
    """Two days in a row must be worked. A night pays a little more than an early on the
    first day, but no early may follow a night, and only the early pays on the second day:
    taken day by day, the night would cost the second day's early."""
    first, second = MON, MON + timedelta(days=1)
    shifts = [make_shift("E", "07:00", hours=8), make_shift("N", "22:00", hours=8, night=True)]
    limits = Limits(min_rest_hours=0.0, min_minutes=2 * 480, max_minutes=2 * 480)
    problem = _problem(limits, shifts=shifts, forbidden={("N", "E")})
    keys = [k for k in _keys(problem) if k[1] in (first, second)]
    pays = {(first, "N"): 10, (first, "E"): 5, (second, "E"): 100}

    found = pattern_roster(problem, "p1", keys, lambda key: pays.get((key[1], key[2]), -1))

    assert found is not None
    assert sorted((k[1], k[2]) for k in found) == [(first, "E"), (second, "E")]
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()


def test_the_weekends_that_pay_are_worked():
    """Three weeks, four shifts, two weekends at most, and only the first two weekends'
    days pay. The weekend count is part of the pattern's state: tracing back from the fewest
    weekends that reach four shifts (none) left every paying day unworked."""
    paying = {MON + timedelta(days=d) for d in (5, 6, 12, 13)}
    limits = Limits(max_weekends=2, min_minutes=4 * 480, max_minutes=4 * 480)
    problem = _problem(limits, days=21)

    found = pattern_roster(problem, "p1", _keys(problem), lambda key: 1 if key[1] in paying else -1)

    assert found is not None
    assert {k[1] for k in found} == paying
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()


def test_when_every_length_pays_on_more_days_than_fit_the_lengths_stay_in_proportion():
    """Eight- and twelve-hour shifts both pay every day, the long ones more, and the window
    takes 2,400 minutes. Dropping the longest shifts first until the window fits leaves five
    short ones (gain 5); keeping both lengths in proportion gives two of each (gain 12), and
    the roster of more gain is the one returned."""
    shifts = [make_shift("S", "08:00", hours=8), make_shift("L", "08:00", hours=12)]
    limits = Limits(min_minutes=2400, max_minutes=2400)
    problem = _problem(limits, shifts=shifts)

    found = pattern_roster(problem, "p1", _keys(problem), lambda key: 5 if key[2] == "L" else 1)

    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    assert sorted(a.shift for a in roster) == ["L", "L", "S", "S"]
