"""roster.retype: each day's duties re-matched to its slots, who works kept.

Tiny instances with soft cover (a price for every missing and every extra head), as the
Curtois & Qu instances have. Every result is priced and checked by the validator.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from roster.domain import Assignment, Limits, Request
from roster.model.builder import RULES, build_model
from roster.retype import RequestCosts, retypable, retype_by_day
from roster.service import load_problem
from roster.validate import validate
from tests.factories import make_demand, make_org, make_person, make_problem, make_shift
from tests.rules.helpers import MON, isolate

DAYS = 3
UNDER, OVER = 100, 1


def _problem(limits: Limits, *, locks=(), forbidden=()):
    shifts = [make_shift("E", "06:00", hours=8), make_shift("L", "14:00", hours=8)]
    demand = [
        replace(make_demand(shift=s.id), under_weight=UNDER, over_weight=OVER) for s in shifts
    ]
    org = make_org(
        people=["p1", "p2"],
        shifts=shifts,
        demand=demand,
        weights=isolate(),
        defaults=limits,
        locks=locks,
        forbidden_successions=frozenset(forbidden),
    )
    return make_problem(org, days=DAYS)


def _everyone_early(problem) -> tuple:
    """Both people on the early shift every day: E one head over, L one short, each day."""
    built = build_model(problem, RULES)
    values = {key: key[2] == "E" for key in built.v.x}
    return built, values


def _roster(values: dict) -> list[Assignment]:
    return sorted(Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on)


def _retyped(problem, built, values) -> list[Assignment]:
    assert retypable(built)
    return _roster(retype_by_day(problem, built, values, time.monotonic() + 30))


def test_duties_move_from_an_overstaffed_shift_to_a_short_one():
    problem = _problem(Limits())
    built, values = _everyone_early(problem)
    assert validate(problem, _roster(values)).objective == DAYS * (UNDER + OVER)

    roster = _retyped(problem, built, values)

    report = validate(problem, roster)
    assert report.violations == ()
    assert report.objective == 0
    # Who works on which day is kept: both, every day.
    assert sorted((a.person, a.date) for a in roster) == sorted(
        (a.person, a.date) for a in _roster(values)
    )


def test_caps_are_kept():
    """Late shifts capped at one each (and no rest rule in the way): two of the three days
    get their late shift."""
    problem = _problem(Limits(min_rest_hours=0, max_shifts={"L": 1}))
    built, values = _everyone_early(problem)

    roster = _retyped(problem, built, values)

    report = validate(problem, roster)
    assert report.violations == ()
    assert report.objective == UNDER + OVER
    assert sum(a.shift == "L" for a in roster) == 2


def test_forbidden_successions_and_locks_are_kept():
    """No early shift after a late one, and p1's Tuesday early is locked. Day by day, only
    changes that keep both are made; at least Wednesday's late shift gets filled."""
    tuesday = MON + timedelta(days=1)
    lock = Assignment(tuesday, "E", "desk", "p1")
    problem = _problem(Limits(min_rest_hours=0), locks=[lock], forbidden={("L", "E")})
    built, values = _everyone_early(problem)

    roster = _retyped(problem, built, values)

    report = validate(problem, roster)
    assert report.violations == ()
    assert report.objective <= (DAYS - 1) * (UNDER + OVER)
    assert lock in roster
    late = {(a.person, a.date) for a in roster if a.shift == "L"}
    assert not any((a.person, a.date - timedelta(days=1)) in late for a in roster if a.shift == "E")


def test_not_used_on_models_with_other_goals():
    """The sample prices fairness, continuity and home community: re-typing would move
    duties blind to them."""
    problem = load_problem("rosters.toml", "2026-11-30")
    assert not retypable(build_model(problem, RULES))


def test_a_person_whose_changes_break_a_rule_gets_their_roster_back():
    """A change is checked against the days before and after only. p1's 24-hour duty on
    Monday would pay as the evening one (the morning one is overstaffed by p2's locked
    duty), but the rest after it would then run into p1's Wednesday duty: p1 keeps theirs."""
    wednesday = MON + timedelta(days=2)
    shifts = [make_shift("M24", "08:00", hours=24), make_shift("V24", "20:00", hours=24)]
    demand = [
        replace(make_demand(shift=s, days=days), under_weight=UNDER, over_weight=OVER)
        for s, days in (("M24", [MON]), ("V24", [MON, wednesday]))
    ]
    locked = Assignment(MON, "M24", "desk", "p2")
    limits = Limits(rest_after_24h_hours=36)
    org = make_org(
        people=["p1", "p2"], shifts=shifts, demand=demand, weights=isolate(), defaults=limits
    )
    problem = make_problem(org, days=DAYS, locks=[locked])
    built = build_model(problem, RULES)
    start = {(locked.person, MON, "M24", "desk"), ("p1", MON, "M24", "desk")}
    start.add(("p1", wednesday, "V24", "desk"))
    values = {key: key in start for key in built.v.x}
    assert validate(problem, _roster(values)).violations == ()

    roster = _retyped(problem, built, values)

    assert validate(problem, roster).violations == ()
    assert roster == _roster(values)


def test_a_slot_that_takes_no_extra_people_gets_none():
    """p2 wishes for the early shift, whose slot allows no more than its one person, and
    p1 may not work late: the wish is not met at the price of a hard rule."""
    shifts = [make_shift("E", "06:00", hours=8), make_shift("L", "14:00", hours=8)]
    demand = [
        replace(make_demand(shift="E"), under_weight=UNDER),  # no over_weight: a hard count
        replace(make_demand(shift="L"), under_weight=1, over_weight=OVER),
    ]
    # Worth 50, against 1 for the late head it would leave open.
    wish = Request("p2", MON, "shift", 5, shift="E")
    people = [
        make_person("p1", limits=Limits(min_rest_hours=0, max_shifts={"L": 0})),
        make_person("p2", limits=Limits(min_rest_hours=0)),
    ]
    org = make_org(
        people=people, shifts=shifts, demand=demand, weights=isolate(request=10), requests=[wish]
    )
    problem = make_problem(org, days=1)
    built = build_model(problem, RULES)
    start = {("p1", MON, "E", "desk"), ("p2", MON, "L", "desk")}
    values = {key: key in start for key in built.v.x}

    roster = _roster(retype_by_day(problem, built, values, time.monotonic() + 30))

    assert validate(problem, roster).violations == ()
    assert roster == _roster(values)


def test_a_solve_re_types_its_person_by_person_start(monkeypatch):
    """In a solve, the person-by-person start is re-typed (given the time, in the rounds of
    roster.polish), and the roster that comes out is valid and priced as the validator
    prices it."""
    from pathlib import Path

    from roster import polish as polish_module
    from roster import solve as solve_module
    from roster.bench.curtois_format import parse_instance
    from roster.bench.curtois_roster import to_problem

    calls = []
    real = polish_module.retype_by_day

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_module, "RETYPE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(polish_module, "retype_by_day", counted)
    instance = Path(__file__).parent / "data" / "curtois" / "Instance4.txt"
    problem = to_problem(parse_instance(instance))

    roster = solve_module.SolverRun(problem, time_limit=5, workers=1, seed=1).run()

    assert calls
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective


def test_a_keys_request_charge_is_what_taking_it_adds_to_the_requests_cost():
    """`RequestCosts.charge` against `of` with and without the key, for every key, where
    every kind of request is made (a shift wish, a shift to avoid, a day off)."""
    base = _problem(Limits())
    requests = [
        Request("p1", MON, "shift", 5, shift="E"),
        Request("p1", MON + timedelta(days=1), "avoid", 2, shift="L"),
        Request("p2", MON + timedelta(days=1), "day_off", 3),
        Request("p2", MON + timedelta(days=2), "shift", 1, shift="L"),
    ]
    problem = replace(base, org=replace(base.org, requests=tuple(requests)))
    problem = replace(problem, org=replace(problem.org, weights=isolate(request=10)))
    built = build_model(problem, RULES)
    costs = RequestCosts(problem, built)

    charges = {key: costs.charge(key[0], key) for key in built.v.x}

    for key, charge in charges.items():
        assert charge == costs.of(key[0], (key,)) - costs.of(key[0], ())
    assert {charge for charge in charges.values()} == {0, -50, 20, 30, -10}
