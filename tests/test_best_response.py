"""roster.best_response: one person's roster of most value, by a dynamic program whose
counted rules (minutes, caps, weekends) are priced by multipliers.

Small cases are checked against every roster there is (each day off or one of the shift
types), judged by the validator: the roster returned keeps every rule, is never worth more
than the best, and on these cases is worth as much.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from itertools import product

import numpy as np
import pytest

from roster import best_response as br
from roster.best_response import best_response
from roster.domain import Assignment, Limits
from roster.model.builder import build_model
from roster.validate import person_violations
from tests.factories import make_demand, make_org, make_person, make_problem, make_shift
from tests.rules.helpers import MON, isolate


def _problem(limits: Limits, *, shifts, forbidden=(), days: int, locks=()):
    demand = [make_demand(post="desk", shift=s.id) for s in shifts]
    org = make_org(
        people=[make_person("p1", limits=limits)],
        shifts=shifts,
        posts=["desk"],
        demand=demand,
        weights=isolate(),
        forbidden_successions=frozenset(forbidden),
        locks=list(locks),
    )
    return make_problem(org, days=days)


def _keys(problem) -> list:
    return list(build_model(problem, ()).v.by_person["p1"])


def _best_by_brute_force(problem, value) -> int:
    """The most value of any roster that keeps every rule (each day off or one type)."""
    keys = _keys(problem)
    days = sorted({k[1] for k in keys})
    on_day = {day: [None] + [k for k in keys if k[1] == day] for day in days}
    best = None
    for choice in product(*(on_day[day] for day in days)):
        picked = [k for k in choice if k is not None]
        roster = [Assignment(k[1], k[2], k[3], k[0]) for k in picked]
        if person_violations(problem, "p1", roster):
            continue
        worth = sum(value(k) for k in picked)
        best = worth if best is None else max(best, worth)
    return best


def _values(problem, seed: int) -> dict:
    rng = random.Random(seed)
    return {k: rng.choice([100, 100, 40, 1, -1, -5]) for k in _keys(problem)}


def _found(problem, values) -> list:
    found = best_response(problem, "p1", _keys(problem), values.get)
    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    return found


@pytest.mark.parametrize(
    ("most_in_a_row", "fewest_in_a_row", "fewest_off", "seed"),
    [(3, 2, 2, 1), (2, 1, 3, 2), (4, 2, 1, 3), (5, 3, 2, 4), (1, 1, 1, 5)],
)
def test_runs_and_days_off_alone_give_the_best_roster_there_is(
    most_in_a_row, fewest_in_a_row, fewest_off, seed
):
    # No counted rule: the dynamic program alone decides, and it is exact.
    limits = Limits(
        max_consecutive_days=most_in_a_row,
        min_consecutive_days=fewest_in_a_row,
        min_consecutive_days_off=fewest_off,
    )
    problem = _problem(limits, shifts=[make_shift("D", "08:00", hours=8)], days=10)
    values = _values(problem, seed)
    found = _found(problem, values)
    assert sum(values[k] for k in found) == _best_by_brute_force(problem, values.get)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_successions_are_kept_and_the_best_roster_found(seed):
    early, night = make_shift("E", "06:00", hours=8), make_shift("N", "22:00", hours=8)
    limits = Limits(max_consecutive_days=3, min_consecutive_days_off=2)
    problem = _problem(limits, shifts=[early, night], forbidden=[("N", "E")], days=8)
    values = _values(problem, seed)
    found = _found(problem, values)
    assert not any(
        a[2] == "N" and b[2] == "E" and b[1] - a[1] == timedelta(days=1)
        for a in found
        for b in found
    )
    best = _best_by_brute_force(problem, values.get)
    assert sum(values[k] for k in found) == best
    # Without counted rules the program's bound is exact (the shifts fit one a day).
    _, most = br.bounded_response(problem, "p1", _keys(problem), values.get)
    assert most == best


def _counted_problem():
    """Eight days of an early and a night shift, with every counted rule: a cap on
    nights, one weekend, and a minutes window."""
    early, night = make_shift("E", "06:00", hours=8), make_shift("N", "22:00", hours=10)
    limits = Limits(
        max_consecutive_days=3,
        min_consecutive_days_off=2,
        max_shifts={"N": 2},
        max_weekends=1,
        min_minutes=3 * 480,
        max_minutes=4 * 540,
    )
    return _problem(limits, shifts=[early, night], forbidden=[("N", "E")], days=8)


@pytest.mark.parametrize("seed", range(1, 9))
def test_counted_rules_are_kept_and_the_roster_is_never_worth_more_than_the_best(seed):
    # Priced, not counted, by the program: the multipliers may miss the best (on four of
    # these eight, by 1 to 100), but a roster comes back and it keeps every rule.
    problem = _counted_problem()
    values = _values(problem, seed)
    found = _found(problem, values)
    assert sum(values[k] for k in found) <= _best_by_brute_force(problem, values.get)


@pytest.mark.parametrize("seed", range(1, 9))
def test_no_roster_is_worth_more_than_the_bound(seed):
    # The same counted rules: the bound holds for the best roster there is, and the
    # roster returned is worth no more than it.
    problem = _counted_problem()
    values = _values(problem, seed)
    found, most = br.bounded_response(problem, "p1", _keys(problem), values.get)
    best = _best_by_brute_force(problem, values.get)
    assert found is not None
    assert sum(values[k] for k in found) <= best <= most + 1e-9
    assert most < sum(max(0, v) for v in values.values())  # it says something


def test_no_bound_where_two_shifts_fit_in_one_day():
    # A morning and an evening shift with a short rest: the program works one shift a
    # day, so it bounds nothing for a person who may work both.
    morning, evening = make_shift("M", "06:00", hours=4), make_shift("V", "18:00", hours=4)
    limits = Limits(min_rest_hours=2)
    problem = _problem(limits, shifts=[morning, evening], days=4)
    values = {k: 10 for k in _keys(problem)}
    found, most = br.bounded_response(problem, "p1", _keys(problem), values.get)
    assert found is not None and most == float("inf")


def test_the_minutes_window_and_weekends_found_by_their_prices():
    # Nine paying weekdays in two weeks, room for six shifts and one weekend.
    limits = Limits(max_consecutive_days=5, max_weekends=1, min_minutes=0, max_minutes=6 * 480)
    problem = _problem(limits, shifts=[make_shift("D", "08:00", hours=8)], days=14)
    values = {k: (30 if k[1].weekday() >= 5 else 100) for k in _keys(problem)}
    found = _found(problem, values)
    assert sum(values[k] for k in found) == 600 == _best_by_brute_force(problem, values.get)


def test_a_splice_joins_a_roster_above_the_window_to_one_below_it():
    """Two rosters off on the same days in the first week: Monday and Tuesday, then
    Saturday to Monday (five shifts); Monday, then Saturday and Sunday (three). The
    window asks for four: the second's Monday, then the first's days after."""
    limits = Limits(max_consecutive_days=5, min_minutes=4 * 480, max_minutes=4 * 480)
    problem = _problem(limits, shifts=[make_shift("D", "08:00", hours=8)], days=10)
    dates = list(problem.horizon.dates)
    values = {k: 10 for k in _keys(problem)}
    grid = br._Grid(problem, "p1", dates, _keys(problem), values.get)
    counted = br._Counted(limits, grid, dates)
    above = [(0, 0), (1, 0), (5, 0), (6, 0), (7, 0)]
    below = [(0, 0), (5, 0), (6, 0)]
    assert not counted.kept(above) and not counted.kept(below)
    first, second = (br._Profile(p, grid, counted, limits) for p in (below, above))
    spliced = br._best_splice(first, second, counted)
    assert spliced is not None
    worth, path = spliced
    assert list(path) == [(0, 0), (5, 0), (6, 0), (7, 0)]
    assert counted.kept(list(path)) and worth == 40


def test_a_person_with_a_lock_is_left_to_the_caller():
    lock = Assignment(MON + timedelta(days=1), "D", "desk", "p1")
    problem = _problem(Limits(), shifts=[make_shift("D", "08:00", hours=8)], days=5, locks=[lock])
    assert best_response(problem, "p1", _keys(problem), lambda key: 1) is None


def test_a_second_call_starts_from_the_first_calls_multipliers(monkeypatch):
    limits = Limits(max_consecutive_days=5, max_weekends=1, min_minutes=0, max_minutes=6 * 480)
    problem = _problem(limits, shifts=[make_shift("D", "08:00", hours=8)], days=14)
    values = {k: (30 if k[1].weekday() >= 5 else 100) for k in _keys(problem)}
    solves = []
    solve = br._solve

    def counted_solve(*args):
        solves.append(1)
        return solve(*args)

    monkeypatch.setattr(br, "_solve", counted_solve)
    memo: dict = {}
    first = best_response(problem, "p1", _keys(problem), values.get, memo=memo)
    cold = len(solves)
    _, minute, _, _ = memo["p1"]
    assert minute > 0  # the minutes window was priced
    second = best_response(problem, "p1", _keys(problem), values.get, memo=memo)
    assert cold > br.WARM_ROUNDS >= len(solves) - cold
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in second]
    assert person_violations(problem, "p1", roster) == ()
    # The first call's 600 came from a tie in the prices (every weekday at the price of
    # its minutes); no more can the second find.
    assert sum(values[k] for k in second) <= sum(values[k] for k in first) == 600


def test_multipliers_that_lead_nowhere_give_way_to_a_cold_start():
    """An earlier call's price of a minute so high that no roster reaches the window's
    minimum within WARM_ROUNDS small steps: the call starts again from zero, finds the best
    roster, and keeps the new multipliers."""
    limits = Limits(max_consecutive_days=5, max_weekends=1, min_minutes=0, max_minutes=6 * 480)
    limits = replace(limits, min_minutes=6 * 480)
    problem = _problem(limits, shifts=[make_shift("D", "08:00", hours=8)], days=14)
    values = {k: (30 if k[1].weekday() >= 5 else 100) for k in _keys(problem)}
    types = tuple(
        br._Grid(problem, "p1", list(problem.horizon.dates), _keys(problem), values.get).types
    )
    memo = {"p1": (types, 1e6, np.zeros(len(types)), 0.0)}

    found = best_response(problem, "p1", _keys(problem), values.get, memo=memo)

    assert found is not None
    roster = [Assignment(k[1], k[2], k[3], k[0]) for k in found]
    assert person_violations(problem, "p1", roster) == ()
    assert sum(values[k] for k in found) == _best_by_brute_force(problem, values.get)
    assert memo["p1"][1] < 1e6


@pytest.mark.parametrize("seed", range(4))
def test_the_compiled_sweep_finds_what_the_interpreted_one_does(seed):
    """`_sweep` runs compiled by numba; run as plain Python it must give the same states
    and the same ways back, ties included, on random grids with forbidden successions,
    rosters no state reaches and weekends priced."""
    import numpy as np

    rng = np.random.default_rng(seed)
    compiled = br._compiled_sweep()
    for _ in range(40):
        days, count = int(rng.integers(1, 30)), int(rng.integers(1, 5))
        value = rng.choice([-5.0, 1.0, 3.0, 100.0, br._NONE], size=(days, count))
        follows = np.where(rng.random((count, count)) < 0.3, br._NONE, 0.0)
        saturday = np.array([d % 7 == 5 for d in range(days)])
        sunday = np.array([d % 7 == 6 for d in range(days)])
        c, shortest, rest = (int(rng.integers(1, n)) for n in (7, 4, 4))
        weekend = float(rng.choice([0.0, 2.5, 50.0]))
        args = (value, follows, weekend, saturday, sunday, c, shortest, rest)
        for fast, slow in zip(compiled(*args), br._sweep(*args), strict=True):
            assert np.array_equal(fast, slow)
