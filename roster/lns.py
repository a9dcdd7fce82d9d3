"""Large-neighbourhood search: free a few people's duties, fix the rest, re-solve.

CP-SAT's own neighbourhoods know nothing of rosters. Here a neighbourhood is a set of
people (the ones the costliest terms name, plus those who could take over their duties),
a window of days, or both; every other assignment variable is fixed to its current value
and the small model left is solved from a complete hint. A sub-roster is kept only if it
lowers the roster's own objective (the term sum). Neighbourhoods grow while their solves
finish and shrink when they hit their time limit.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.model.builder import BuiltModel

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)

SUB_TIME = 1.0  # seconds per neighbourhood solve (doubled while solves find nothing)
GIVE_UP = 3  # solves in a row that find nothing, not even the start, end the search
STALL = 12  # proven solves in a row at the largest size without a better roster end it too
START_SHARE = 0.08  # first neighbourhood: this share of the assignment variables
GROW, LEAP, SHRINK = 1.15, 2.0, 0.85  # LEAP after a solve proven in a tenth of its time
MIN_SHARE, MAX_SHARE = 0.02, 1.0


@dataclass(frozen=True)
class LnsOutcome:
    """The best roster found: the solver holding it (None if no improvement) and figures."""

    solver: cp_model.CpSolver | None
    objective: int
    iterations: int
    improvements: int


class _Shape:
    """Who competes with whom: each person's keys (the model's own index), the people
    eligible for each slot, and the keys of each day."""

    def __init__(self, built: BuiltModel) -> None:
        v = built.v
        self.keys_of: dict[str, list[Key]] = {p: keys for p, keys in v.by_person.items() if keys}
        self.people_of_slot = {slot: [k[0] for k in keys] for slot, keys in v.by_slot.items()}
        self.keys_on: dict = {}
        for key in v.x:
            self.keys_on.setdefault(key[1], []).append(key)
        self.people = sorted(self.keys_of)
        self.days = sorted(self.keys_on)
        self.total = len(v.x)


def _costly_people(built: BuiltModel, solver: cp_model.CpSolver, shape: _Shape) -> dict:
    """Person -> the cost of the terms that name them (only people with a cost)."""
    cost: dict[str, int] = {}
    for term in built.terms:
        if term.who in shape.keys_of:
            value = term.value(solver)
            if value > 0:
                cost[term.who] = cost.get(term.who, 0) + value
    return cost


def _people_around(shape: _Shape, first: str, target: int, rng: random.Random) -> set[str]:
    """People reached from `first` through shared slots until they hold `target` variables."""
    chosen, frontier, size = {first}, [first], len(shape.keys_of[first])
    while frontier and size < target:
        person = frontier.pop(rng.randrange(len(frontier)))
        keys = shape.keys_of[person]
        for key in rng.sample(keys, min(len(keys), 6)):
            for other in shape.people_of_slot[key[1:]]:
                if other not in chosen and size < target:
                    chosen.add(other)
                    frontier.append(other)
                    size += len(shape.keys_of[other])
    while size < target and len(chosen) < len(shape.people):
        other = rng.choice(shape.people)
        if other not in chosen:
            chosen.add(other)
            size += len(shape.keys_of[other])
    return chosen


def _neighbourhood(
    shape: _Shape, costly: dict, target: int, rng: random.Random
) -> tuple[str, set[Key]]:
    """(kind, the assignment variables to free)."""
    kind = rng.choice(("people", "people", "days", "mixed"))
    if kind == "days":
        start = rng.randrange(len(shape.days))
        free: set[Key] = set()
        for day in shape.days[start:] + shape.days[:start]:
            free.update(shape.keys_on[day])
            if len(free) >= target:
                break
        return kind, free
    if costly and rng.random() < 0.7:
        people, weights = zip(*costly.items(), strict=True)
        first = rng.choices(people, weights=weights)[0]
    else:
        first = rng.choice(shape.people)
    if kind == "mixed":
        width = max(1, (len(shape.days) + 1) // 2)
        start = rng.randrange(max(1, len(shape.days) - width + 1))
        window = set(shape.days[start : start + width])
        chosen = _people_around(shape, first, 2 * target, rng)
        return kind, {k for p in chosen for k in shape.keys_of[p] if k[1] in window}
    chosen = _people_around(shape, first, target, rng)
    return kind, {k for p in chosen for k in shape.keys_of[p]}


def _cost(built: BuiltModel, solver: cp_model.CpSolver) -> int:
    return sum(term.value(solver) for term in built.terms)


def improve(
    built: BuiltModel,
    start: cp_model.CpSolver,
    deadline: float,
    *,
    seed: int,
    workers: int,
    cancelled: threading.Event,
    on_phase: Callable[[cp_model.CpSolver | None], None] = lambda solver: None,
    on_improve: Callable[[int], None] = lambda objective: None,
) -> LnsOutcome:
    """Improve the roster `start` holds (a solve of `built.model` or a clone) until `deadline`."""
    shape = _Shape(built)
    rng = random.Random(seed)
    best_solver, best = start, _cost(built, start)
    values = list(start.response_proto.solution)
    share, iterations, improvements = START_SHARE, 0, 0
    sub_time, blank, stall = SUB_TIME, 0, 0
    costly = _costly_people(built, start, shape)
    index_of = {key: var.index for key, var in built.v.x.items()}
    while not cancelled.is_set():
        budget = min(sub_time, deadline - time.monotonic())
        if budget < 0.2 or shape.total == 0:
            break
        iterations += 1
        target = max(1, int(share * shape.total))
        kind, free = _neighbourhood(shape, costly, target, rng)
        sub = built.model.clone()
        sub.clear_hints()
        free_index = {index_of[key] for key in free}
        for index in index_of.values():
            if index not in free_index:
                domain = sub.proto.variables[index].domain
                domain[0] = domain[1] = values[index]
        hint = sub.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed + iterations
        # Most of the model is fixed: one presolve pass removes it.
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        on_phase(solver)
        code = solver.solve(sub)
        on_phase(None)
        if code == cp_model.OPTIMAL and solver.wall_time < budget / 10:
            share = min(MAX_SHARE, share * LEAP)
        elif code == cp_model.OPTIMAL and solver.wall_time < budget / 2:
            share = min(MAX_SHARE, share * GROW)
        elif code != cp_model.OPTIMAL:
            share = max(MIN_SHARE, share * SHRINK)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Not even the hinted roster: the model is too big for the time (presolve).
            blank += 1
            if blank >= GIVE_UP:
                break
            sub_time *= 2
            continue
        blank = 0
        cost = _cost(built, solver)
        log.debug(
            "lns %d: %s, %d free, %s in %.2fs, %d -> %d",
            iterations,
            kind,
            len(free),
            solver.status_name(code),
            solver.wall_time,
            best,
            cost,
        )
        # A local optimum for the largest neighbourhoods: the main search, which can prove
        # optimality, makes better use of the time.
        stuck = code == cp_model.OPTIMAL and share >= MAX_SHARE and cost >= best
        stall = stall + 1 if stuck else 0
        if stall >= STALL:
            break
        whole = code == cp_model.OPTIMAL and len(free) == shape.total
        if cost < best:
            best, best_solver, improvements = cost, solver, improvements + 1
            values = list(solver.response_proto.solution)
            costly = _costly_people(built, solver, shape)
            on_improve(best)
        if whole:
            break  # every assignment was free and the solve is proven: nothing left to find
    return LnsOutcome(
        best_solver if best_solver is not start else None, best, iterations, improvements
    )
