"""Large-neighbourhood search: free a few people's duties, fix the rest, re-solve.

CP-SAT's own neighbourhoods know nothing of rosters. Here a neighbourhood is a set of
people (the ones the costliest terms name, plus those who could take over their duties),
members of one fairness pool (the over- and the under-loaded together), the same members'
duties of the pool's costly category only (its holidays, say), a window of days, or people
over days; every other assignment variable is fixed to its current value and the
small model left is solved from a complete hint. A sub-roster is kept only if it lowers
the roster's own objective (the term sum). Neighbourhoods grow while their solves finish
and shrink when they hit their time limit; each kind is drawn by its recent gains.
docs/search.md describes the whole solve.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.fairness import units
from roster.model.builder import BuiltModel

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)

SUB_TIME = 0.5  # seconds per neighbourhood solve (doubled while solves find nothing)
# A solve that finds nothing, not even the start, doubles the next one's time (presolving a
# large model can take longer than SUB_TIME), unless that would exceed this share of the time
# left: then the search ends.
BLANK_SHARE = 0.25
STALL = 12  # proven solves in a row at the largest size without a better roster end it too
IDLE = 20  # as do this many solves in a row, of any size, without a better roster
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
    used_all_time: bool = False  # ended by its deadline, not because it stopped improving


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
        self._org, self._calendar = built.ctx.problem.org, built.ctx.calendar
        self._units: dict[tuple, int] = {}  # (category, shift, date) -> units, on first use

    def counting(self, category: str, person: str) -> list[Key]:
        """The person's keys that count in a fairness category (hours: every key)."""
        out = []
        for key in self.keys_of.get(person, ()):
            found = self._units.get(memo := (category, key[2], key[1]))
            if found is None:
                shift = self._org.shifts[key[2]]
                found = self._units[memo] = units(category, shift, key[1], self._calendar)
            if found:
                out.append(key)
        return out


@dataclass(frozen=True)
class _Costs:
    """Where the roster's cost lies: per person, and per fairness pool and category."""

    people: dict[str, int]  # person -> the cost of the terms that name them
    pools: dict[tuple[str, str], dict[str, int]]  # (rule, pool) -> member -> cost
    members: dict[tuple[str, str], list[str]]  # (rule, pool) -> every member with variables
    total: int = 0  # the roster's objective: the sum of every term


def _costs(built: BuiltModel, solver: cp_model.CpSolver, shape: _Shape) -> _Costs:
    """Every term's value, read from the solver once, summed and grouped."""
    people: dict[str, int] = {}
    pools: dict[tuple[str, str], dict[str, int]] = {}
    members: dict[tuple[str, str], list[str]] = {}
    total = 0
    for term in built.terms:
        value = term.value(solver)
        total += value
        if term.who not in shape.keys_of:
            continue
        fair = term.rule.startswith("fairness.")
        if fair:
            members.setdefault((term.rule, term.detail), []).append(term.who)
        if value > 0:
            people[term.who] = people.get(term.who, 0) + value
            if fair:
                row = pools.setdefault((term.rule, term.detail), {})
                row[term.who] = row.get(term.who, 0) + value
    return _Costs(people, pools, members, total)


def _weighted(costs: dict, rng: random.Random):
    keys, weights = zip(*costs.items(), strict=True)
    return rng.choices(keys, weights=weights)[0]


def _costly_pool(costs: _Costs, rng: random.Random) -> tuple[str, str]:
    """A (rule, pool) drawn by its fairness cost."""
    return _weighted({k: sum(row.values()) for k, row in costs.pools.items()}, rng)


def _traders(costs: _Costs, pool: tuple[str, str], rng: random.Random):
    """The pool's members in the order to free them: first one off their fair share (the
    costlier, the likelier), then by chance either one off their share or any other
    member, someone to take or give a duty.
    """
    off = dict(costs.pools[pool])
    others = [p for p in costs.members[pool] if p not in off]
    first = True
    while off or others:
        if off and (first or not others or rng.random() < 0.5):
            first = False
            person = _weighted(off, rng)
            del off[person]
        else:
            person = others.pop(rng.randrange(len(others)))
        yield person


def _pool_people(shape: _Shape, costs: _Costs, target: int, rng: random.Random) -> set[str]:
    """Members of one costly pool: the ones off their fair share, and others to trade with.

    Loads move between members of a pool only when the over- and the under-loaded are
    free together; people drawn around one costly person rarely include both.
    """
    chosen: set[str] = set()
    size = 0
    for person in _traders(costs, _costly_pool(costs, rng), rng):
        if size >= target:
            break
        chosen.add(person)
        size += len(shape.keys_of[person])
    return chosen


def _share_keys(shape: _Shape, costs: _Costs, target: int, rng: random.Random) -> set[Key]:
    """One costly pool's duties of its category (its holidays, say) among its members.

    Freeing whole rosters of a few members (kind *pool*) moves a weekend or holiday duty
    only between those few; freeing just the duties that count, over many members, lets
    the solve share them out while the rest of each roster stays put.
    """
    rule, pool = _costly_pool(costs, rng)
    category = rule.removeprefix("fairness.")
    free: set[Key] = set()
    for person in _traders(costs, (rule, pool), rng):
        if len(free) >= target:
            break
        free.update(shape.counting(category, person))
    return free


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


class _Kinds:
    """Which kind of neighbourhood to try next: each is drawn in proportion to the share of
    the objective it removed per second lately (adaptive LNS), never below a floor."""

    ALL = ("people", "days", "mixed", "pool", "share")
    MEMORY = 0.7  # weight of the past in each kind's score
    FLOOR = 0.15  # every kind keeps at least this share of the mean score

    def __init__(self) -> None:
        self.score = dict.fromkeys(self.ALL, 1.0)
        self.unit: float | None = None  # the first gain rate seen: scores are in its units

    def draw(self, costs: _Costs, rng: random.Random) -> str:
        kinds = [k for k in self.ALL if k not in ("pool", "share") or costs.pools]
        mean = sum(self.score[k] for k in kinds) / len(kinds)
        weights = [max(self.score[k], self.FLOOR * mean) for k in kinds]
        return rng.choices(kinds, weights=weights)[0]

    def record(self, kind: str, before: int, after: int, seconds: float) -> None:
        """A solve of `kind` took the objective from `before` to `after` in `seconds`."""
        rate = max(0, before - after) / max(1, before) / max(seconds, 0.05)
        if self.unit is None and rate > 0:
            self.unit = rate
        relative = rate / self.unit if self.unit else 0.0
        self.score[kind] = self.MEMORY * self.score[kind] + (1 - self.MEMORY) * relative


def _neighbourhood(
    shape: _Shape, costs: _Costs, kind: str, target: int, rng: random.Random
) -> set[Key]:
    """The assignment variables to free in a neighbourhood of this kind."""
    if kind == "pool":
        chosen = _pool_people(shape, costs, target, rng)
        return {k for p in chosen for k in shape.keys_of[p]}
    if kind == "share":
        return _share_keys(shape, costs, target, rng)
    if kind == "days":
        start = rng.randrange(len(shape.days))
        free: set[Key] = set()
        for day in shape.days[start:] + shape.days[:start]:
            free.update(shape.keys_on[day])
            if len(free) >= target:
                break
        return free
    if costs.people and rng.random() < 0.7:
        first = _weighted(costs.people, rng)
    else:
        first = rng.choice(shape.people)
    if kind == "mixed":
        width = max(1, (len(shape.days) + 1) // 2)
        start = rng.randrange(max(1, len(shape.days) - width + 1))
        window = set(shape.days[start : start + width])
        chosen = _people_around(shape, first, 2 * target, rng)
        return {k for p in chosen for k in shape.keys_of[p] if k[1] in window}
    chosen = _people_around(shape, first, target, rng)
    return {k for p in chosen for k in shape.keys_of[p]}


def _set_domain(variable, low: int, high: int) -> None:
    """Set a Boolean's domain (two bounds) in place on the model proto."""
    variable.domain[0] = low
    variable.domain[1] = high


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
    costs = _costs(built, start, shape)
    best_solver, best = start, costs.total
    values = list(start.response_proto.solution)
    share, iterations, improvements = START_SHARE, 0, 0
    sub_time, stall, idle = SUB_TIME, 0, 0
    kinds = _Kinds()
    index_of = {key: var.index for key, var in built.v.x.items()}
    # One copy of the model serves every solve: the assignment variables are fixed to the
    # current roster, a neighbourhood is unfixed for its solve and fixed again after it.
    sub = built.model.clone()
    sub.clear_hints()
    domains = sub.proto.variables
    own = built.model.proto.variables  # the unfixed domains (the copy's are changed)
    for index in index_of.values():
        _set_domain(domains[index], values[index], values[index])
    hint = sub.proto.solution_hint
    hint.vars.extend(range(len(values)))
    used_all_time = False
    while not cancelled.is_set():
        budget = min(sub_time, deadline - time.monotonic())
        if budget < 0.2 or shape.total == 0:
            used_all_time = shape.total > 0
            break
        iterations += 1
        target = max(1, int(share * shape.total))
        kind = kinds.draw(costs, rng)
        free = _neighbourhood(shape, costs, kind, target, rng)
        free_index = [index_of[key] for key in free]
        for index in free_index:
            _set_domain(domains[index], *own[index].domain)
        hint.values.clear()
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
        for index in free_index:  # fixed again, to the better roster if this solve is kept
            _set_domain(domains[index], values[index], values[index])
        if code == cp_model.OPTIMAL and solver.wall_time < budget / 10:
            share = min(MAX_SHARE, share * LEAP)
        elif code == cp_model.OPTIMAL and solver.wall_time < budget / 2:
            share = min(MAX_SHARE, share * GROW)
        elif code != cp_model.OPTIMAL:
            share = max(MIN_SHARE, share * SHRINK)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Not even the hinted roster: the model is too big for the time (presolve).
            if 2 * sub_time > BLANK_SHARE * (deadline - time.monotonic()):
                break
            sub_time *= 2
            continue
        found = _costs(built, solver, shape)
        cost = found.total
        kinds.record(kind, best, cost, solver.wall_time)
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
        idle = 0 if cost < best else idle + 1
        if stall >= STALL or idle >= IDLE:
            break
        whole = code == cp_model.OPTIMAL and len(free) == shape.total
        if cost < best:
            best, best_solver, improvements = cost, solver, improvements + 1
            values = list(solver.response_proto.solution)
            for index in free_index:
                _set_domain(domains[index], values[index], values[index])
            costs = found
            on_improve(best)
        if whole:
            break  # every assignment was free and the solve is proven: nothing left to find
    return LnsOutcome(
        best_solver if best_solver is not start else None,
        best,
        iterations,
        improvements,
        used_all_time,
    )
