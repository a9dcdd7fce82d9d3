"""roster.colgen: the lower bound column generation proves, and the roster it chooses.

Tiny instances with soft cover (a price for every missing and every extra head), as the
Curtois & Qu instances have, whose optimum CP-SAT proves on the whole model; and
Instances 1 and 2 of the benchmark. Every roster is checked and priced by the validator.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from roster import colgen
from roster.bench.curtois_format import parse_instance
from roster.bench.curtois_roster import to_problem
from roster.colgen import column_generation
from roster.domain import Assignment, Limits, Request, Status
from roster.model.builder import RULES, build_model
from roster.solve import SolverRun, solve
from roster.start import person_by_person
from roster.validate import validate
from tests.factories import make_demand, make_org, make_person, make_problem, make_shift
from tests.rules.helpers import MON, isolate

DATA = Path(__file__).parent / "data" / "curtois"
UNDER, OVER = 100, 1


def _problem(days: int, people: int, max_shifts: int, requests=()):
    """One early shift a day needing one head; people who may work `max_shifts` days."""
    shift = make_shift("E", "06:00", hours=8)
    demand = [replace(make_demand(shift="E"), under_weight=UNDER, over_weight=OVER)]
    limits = Limits(max_shifts={"E": max_shifts})
    org = make_org(
        people=[make_person(f"p{i}", limits=limits) for i in range(1, people + 1)],
        shifts=[shift],
        demand=demand,
        weights=isolate(request=10),
        requests=list(requests),
    )
    return make_problem(org, days=days)


def _optimum(problem) -> int:
    """The whole model's optimum, proven by CP-SAT."""
    built = build_model(problem, RULES)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def _model_and_start(problem):
    """The whole model and a person-by-person start roster on it."""
    built = build_model(problem, RULES)
    start = person_by_person(problem, built, time.monotonic() + 5, threading.Event())
    assert start is not None
    return built, start


def _generate(problem, seconds: float = 10.0):
    built, start = _model_and_start(problem)
    outcome = column_generation(problem, built, start, time.monotonic() + seconds, seed=1)
    return built, outcome


def _checked(problem, values: dict):
    chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on]
    report = validate(problem, chosen)
    assert report.violations == ()
    return report


def test_a_head_nobody_can_take_is_in_the_bound():
    # Three days, one person who may work two of them: one day stays short.
    problem = _problem(days=3, people=1, max_shifts=2)
    _, outcome = _generate(problem)
    assert outcome.converged
    assert outcome.bound == UNDER == _optimum(problem)
    assert _checked(problem, outcome.values).objective == UNDER


def test_the_bound_meets_the_optimum_with_wishes_in_the_way():
    # Two people, four days, two shifts each; p1 wishes Monday off, p2 wishes to work it.
    requests = [
        Request(person="p1", date=MON, kind="day_off", weight=1),
        Request(person="p2", date=MON, kind="shift", shift="E", weight=2),
    ]
    problem = _problem(days=4, people=2, max_shifts=2, requests=requests)
    optimum = _optimum(problem)
    _, outcome = _generate(problem)
    assert outcome.bound == optimum
    assert _checked(problem, outcome.values).objective == optimum


def test_the_bound_never_passes_the_optimum_of_instance1():
    problem = to_problem(parse_instance(DATA / "Instance1.txt"))
    _, outcome = _generate(problem)
    best_known = 607  # proven optimal (Curtois & Qu)
    assert outcome.bound is not None and 0 < outcome.bound <= best_known
    report = _checked(problem, outcome.values)
    assert report.objective >= best_known
    assert report.objective <= outcome.objective  # the master's price, exact or above


def _random_problem(seed: int):
    """Two shifts a day, each asking for 0-2 heads at random prices; 2-3 people with their
    own caps, the default rest and runs, and a random wish each."""
    rng = random.Random(seed)
    days = rng.randint(3, 5)
    early, late = make_shift("E", "06:00", hours=8), make_shift("L", "14:00", hours=8)
    demand = [
        replace(
            make_demand(shift=shift.id, count=rng.randint(0, 2)),
            under_weight=rng.choice([10, 50, 100]),
            over_weight=rng.choice([1, 5, 20]),
        )
        for shift in (early, late)
    ]
    people = [
        make_person(f"p{i}", limits=Limits(max_shifts={"E": rng.randint(1, 3), "L": 2}))
        for i in range(1, rng.randint(2, 3) + 1)
    ]
    requests = []
    for person in people:
        day = MON + timedelta(days=rng.randrange(days))
        kind = rng.choice(["day_off", "shift", "avoid"])
        shift = None if kind == "day_off" else rng.choice(["E", "L"])
        requests.append(Request(person.id, day, kind, rng.randint(1, 3), shift))
    org = make_org(
        people=people,
        shifts=[early, late],
        demand=demand,
        weights=isolate(request=10),
        requests=requests,
    )
    return make_problem(org, days=days)


@pytest.mark.parametrize("seed", range(8))
def test_the_bound_never_passes_the_optimum(seed):
    problem = _random_problem(seed)
    optimum = _optimum(problem)
    _, outcome = _generate(problem, seconds=5)
    assert outcome.bound is not None and outcome.bound <= optimum
    assert _checked(problem, outcome.values).objective >= optimum


def test_no_time_no_columns():
    problem = _problem(days=3, people=1, max_shifts=2)
    built = build_model(problem, RULES)
    start = person_by_person(problem, built, time.monotonic() + 5, threading.Event())
    outcome = column_generation(problem, built, start, time.monotonic(), seed=1)
    assert outcome.values is None and outcome.bound is None


def test_the_solve_proves_instance2_optimal():
    problem = to_problem(parse_instance(DATA / "Instance2.txt"))
    roster = solve(problem, time_limit=30, workers=2, seed=1)
    report = validate(problem, list(roster.assignments))
    assert report.violations == ()
    assert report.objective == roster.objective
    # 828 is Instance2's proven optimum; the bound comes from column generation.
    assert roster.status == Status.OPTIMAL
    assert roster.bound == roster.objective == 828


def _root(problem, seconds: float = 5.0):
    """The model, the generation after its root's rounds (`seconds` at most; to be
    closed) and the people."""
    built, start = _model_and_start(problem)
    people = sorted(p for p in problem.org.people if built.v.by_person.get(p))
    pricing = colgen._pricing_models(problem, built, people, time.monotonic() + 30)
    generation = colgen._Generation(problem, built, people, pricing, 1, seconds, threading.Event())
    for person in people:
        generation.add(person, frozenset(k for k in built.v.by_person[person] if start.get(k)))
    generation.rounds(people, time.monotonic() + seconds, bound=True)
    return built, generation, people


def test_a_fixed_assignment_is_in_every_later_roster():
    # One person who may work two of three days; the prices pay for Monday and Tuesday.
    problem = _problem(days=3, people=1, max_shifts=2)
    built, generation, _ = _root(problem)
    try:
        pricing = generation.pricing["p1"]
        wednesday = next(k for k in pricing.x if k[1] == MON + timedelta(days=2))
        prices = {k[1:]: 50.0 for k in pricing.x if k != wednesday}
        cheapest, _ = pricing.cheapest(prices, 5.0)
        assert cheapest is not None and wednesday not in cheapest
        pricing.fix(wednesday)
        generation.master.solve()
        generation.master.fix(wednesday)
        fixed, _ = pricing.cheapest(prices, 5.0)
        assert fixed is not None and wednesday in fixed and len(fixed) == 2
        # In the master, only columns holding Wednesday keep a share.
        generation.master.solve()
        assert generation.master.key_shares()[wednesday] == pytest.approx(1.0)
    finally:
        generation.close()


def test_the_start_prices_follow_the_start_cover():
    # One head a day for three days; the start covers Monday once, Tuesday twice and
    # leaves Wednesday without anyone.
    problem = _problem(days=3, people=2, max_shifts=3)
    built = build_model(problem, RULES)
    master = colgen._Master(built, ["p1", "p2"])
    keys = {(k[0], (k[1] - MON).days): k for k in built.v.x}
    master.add(colgen.Column("p1", frozenset({keys["p1", 0], keys["p1", 1]}), 0))
    master.add(colgen.Column("p2", frozenset({keys["p2", 1]}), 0))
    prices = {(slot[0] - MON).days: price for slot, price in master.start_prices().items()}
    assert prices == {0: colgen.EXACT_SHARE * UNDER, 1: -OVER, 2: UNDER}


def test_the_dive_settles_a_fractional_relaxation_on_a_roster_that_keeps_the_rules():
    problem = to_problem(parse_instance(DATA / "Instance1.txt"))
    built, generation, people = _root(problem)
    best_known = 607  # proven optimal (Curtois & Qu)
    try:
        # Below the optimum: no roster, so some assignments have a fractional share.
        assert generation.master.solve()[0] < best_known
        dived = generation.dive(people, time.monotonic() + 20)
    finally:
        generation.close()
    assert sorted(dived) == people
    shares = generation.master.leading_shares()
    assert all(shares[p][0] >= colgen.SURE for p in people)
    chosen = {key for keys in dived.values() for key in keys}
    report = _checked(problem, {key: key in chosen for key in built.v.x})
    assert report.objective >= best_known
    # The settled relaxation prices exactly the roster of its leading columns.
    assert report.objective == pytest.approx(generation.master.solve()[0])


def _stalling_root(monkeypatch, *, flat: bool):
    """The root's rounds with pricing solves that prove no bound and, with `flat`, a
    relaxation that stays where it was (as on Instance20)."""
    cheapest, solve_master = colgen._Pricing.cheapest, colgen._Master.solve
    respond = colgen._Pricing.respond

    def unproven(pricing, prices, seconds):
        return cheapest(pricing, prices, seconds)[0], -math.inf

    def unproven_response(pricing, prices, costs):
        return respond(pricing, prices, costs)[0], -math.inf

    def unmoved(master):
        solved = solve_master(master)
        return None if solved is None else (1_000.0, *solved[1:])

    monkeypatch.setattr(colgen._Pricing, "cheapest", unproven)
    monkeypatch.setattr(colgen._Pricing, "respond", unproven_response)
    if flat:
        monkeypatch.setattr(colgen._Master, "solve", unmoved)
    return _root(to_problem(parse_instance(DATA / "Instance1.txt")), seconds=10.0)


def test_the_root_gives_up_when_its_relaxation_stays_put_and_nothing_is_proven(monkeypatch):
    _, generation, _ = _stalling_root(monkeypatch, flat=True)
    generation.close()
    assert generation.starved
    assert generation.count == colgen.STALLED_ROUNDS
    assert generation.bound is None


def test_the_root_goes_on_while_its_relaxation_falls(monkeypatch):
    _, generation, _ = _stalling_root(monkeypatch, flat=False)
    generation.close()
    assert not generation.starved
    assert generation.count > colgen.STALLED_ROUNDS


def test_a_start_set_aside_is_returned_when_the_search_ends_above_it(monkeypatch):
    # Column generation's roster went to the search, which ended above the start.
    problem = _problem(days=3, people=2, max_shifts=2)
    built, start = _model_and_start(problem)
    nobody = {key: False for key in built.v.x}  # every head missing: a worse roster
    started = _checked(problem, start).objective
    assert started < _checked(problem, nobody).objective
    run = SolverRun(problem, time_limit=5, workers=1, seed=1)

    def searched_from_columns(began: float):
        run.built = built
        run._fallback = (start, started)
        return run._from_values(built, nobody, 0.5, 0.1)

    monkeypatch.setattr(run, "_run", searched_from_columns)
    roster = run.run()
    report = validate(problem, list(roster.assignments))
    assert report.violations == ()
    assert roster.objective == report.objective == started
    assert roster.first_solution_time == 0.1


@pytest.mark.parametrize("seed", range(3))
def test_a_best_responses_bound_never_passes_the_cheapest_roster(seed):
    """At random prices, each person of Instance1's best response costs no less than the
    roster CP-SAT proves cheapest on their own model, and its bound is no more."""
    problem = to_problem(parse_instance(DATA / "Instance1.txt"))
    built, generation, people = _root(problem, seconds=0.0)
    rng = random.Random(seed)
    prices = {key: rng.choice([-5.0, 0.0, 30.0, 100.0]) for key in built.v.slots}
    try:
        for person in people:
            pricing = generation.pricing[person]
            keys, low = pricing.respond(prices, generation.costs)
            exact, proven = pricing.cheapest(prices, 10.0)
            assert keys is not None and exact is not None and low > -math.inf

            def cost(chosen, person=person):
                heads = sum(prices.get(k[1:], 0.0) for k in chosen)
                return generation.costs.of(person, chosen) - heads

            assert cost(keys) >= cost(exact) - 1e-6  # CP-SAT proved the cheapest
            assert low <= cost(exact) + 1e-6
            assert proven == pytest.approx(cost(exact), abs=0.01)
    finally:
        generation.close()


def test_the_root_asks_cp_sat_only_where_best_responses_bring_nothing(monkeypatch):
    """In a root round where a best response brings a new column, CP-SAT prices only the
    people with no best response; some rounds need no CP-SAT at all."""
    problem = to_problem(parse_instance(DATA / "Instance1.txt"))
    asked: list[int] = []
    responded_now: list[tuple] = []  # each person's best response this round (None: none)
    cheapest, respond = colgen._Pricing.cheapest, colgen._Pricing.respond
    rounds: list[tuple[bool, int, int]] = []  # (brought, CP-SAT asked, no best response)
    price = colgen._Generation._price

    def counted(pricing, prices, seconds):
        asked.append(1)
        return cheapest(pricing, prices, seconds)

    def responded(pricing, prices, costs):
        found = respond(pricing, prices, costs)
        responded_now.append((pricing.person, found[0]))
        return found

    def watched(self, people, at, prices, person_prices, seconds, responses=True):
        asked.clear()
        responded_now.clear()
        seen = set(self.seen)
        found = price(self, people, at, prices, person_prices, seconds, responses)
        brought = any(
            keys is not None
            and (p, keys) not in seen
            and self._beats(p, keys, prices, person_prices)
            for p, keys in responded_now
        )
        rounds.append((brought, len(asked), sum(keys is None for _, keys in responded_now)))
        return found

    monkeypatch.setattr(colgen._Pricing, "cheapest", counted)
    monkeypatch.setattr(colgen._Pricing, "respond", responded)
    monkeypatch.setattr(colgen._Generation, "_price", watched)
    _, generation, _ = _root(problem, seconds=5.0)
    generation.close()
    assert rounds and any(brought and not cp_sat for brought, cp_sat, _ in rounds)
    assert all(cp_sat <= none for brought, cp_sat, none in rounds if brought)
    assert generation.bound is not None and generation.bound <= 607


def test_the_integer_master_falls_back_on_the_dives_roster(monkeypatch):
    problem = _problem(days=3, people=2, max_shifts=2)
    built, generation, people = _root(problem)
    generation.close()
    dived = {p: keys for p, (_, keys) in generation.master.leading_shares().items()}

    class NoTime(cp_model.CpSolver):
        """Stops after presolve, as when the time runs out there (Instance12)."""

        def solve(self, model, *args, **kwargs):
            self.parameters.stop_after_presolve = True
            return super().solve(model, *args, **kwargs)

    monkeypatch.setattr(colgen.cp_model, "CpSolver", NoTime)
    values, objective = colgen._integer_master(
        built, generation.master, dived, time.monotonic() + 1, 1, 1, lambda solver: None
    )
    assert objective is None
    assert {k for k, on in values.items() if on} == {k for keys in dived.values() for k in keys}
    _checked(problem, values)
    # Without a column for everyone there is no roster.
    del dived[people[0]]
    assert colgen._integer_master(
        built, generation.master, dived, time.monotonic() + 1, 1, 1, lambda solver: None
    ) == (None, None)
