"""Replan a published week with the fewest changes, in three CP-SAT phases.

Days before `start` stay exactly as published; from `start` on (docs/rules.md, "Replanning"):

(a) the fewest holes under the hard rules (the unfilled cost alone);
(b) with the unfilled cost held at (a)'s level, the fewest changed assignments, the only
    objective, so that the solver proves the minimum when it has the time (when every slot
    can be full, (a) and (b) are one solve on the every-slot-full model, tried first with
    every published duty that can stay fixed: a direct handover is then proven at once);
(c) with holes and changes held at that, every other goal (the configured weights), hinted
    with (b)'s roster, and only when the time left is worth its set-up (`GOALS_COST`); at
    the refill bound it only chooses who fills the short slots (`_fix_to_refills`).

A change is one published assignment from `start` on that the new roster drops, or one
assignment from `start` on that the publication did not have (a move is two changes).
The returned roster is priced by the validator with the configured weights.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from roster.domain import Assignment, Problem, Roster, Status
from roster.errors import InfeasibleError
from roster.explain import explain_unfilled
from roster.model.builder import FILL_RULES, HARD_RULES, RULES, BuiltModel, build_model
from roster.rules.coverage import add_coverage, add_full_coverage
from roster.service import Outcome, lock_reasons, solve_problem
from roster.validate import validate

log = logging.getLogger(__name__)

Key = tuple[str, date, str, str]  # (person, date, shift, post), as in the model's variables
# Phase (c) builds a model with every goal (two to three times the build of (a)'s), solves
# a complete hint on it and presolves it before it can improve anything: on the sample and
# the 1,000-person organisation it found no roster in 8 times (a)'s build, and one in about
# 22 times (sample, `--time-limit 20`; BENCHMARKS.md). It runs only if the time left is at least
# GOALS_COST times the seconds spent building models so far; REFILL_COST when (b) is at the
# refill bound, where (c) only chooses who fills the short slots (`_fix_to_refills`): that
# took 4.5 to 6 times (a)'s build in the benchmarks. Otherwise (b)'s roster stands and the
# replan returns at once.
GOALS_COST = 20.0
REFILL_COST = 8.0


@dataclass(frozen=True)
class ChangeCount:
    """Phase (b)'s answer: `changes` made, and `bound`, which no roster with as few holes
    can beat (equal: proven minimal). `forced` counts published duties no roster can keep
    (leave, a person or post gone from the config); `holes_proven` whether no roster has
    fewer holes (phase (a))."""

    changes: int
    bound: int
    forced: int = 0
    holes_proven: bool = True

    @property
    def proven(self) -> bool:
        return self.bound >= self.changes

    def describe(self) -> str:
        if self.proven:
            text = f"changes: {self.changes} (proven minimal)"
        else:
            text = f"changes: {self.changes} (best found, bound {self.bound})"
        return text if self.holes_proven else f"{text}; holes not proven fewest"


@dataclass(frozen=True)
class Replanned:
    """A replan's outcome, its change count and the seconds each phase took."""

    outcome: Outcome
    count: ChangeCount
    phase_seconds: tuple[float, float, float]


def _key(a: Assignment) -> Key:
    return (a.person, a.date, a.shift, a.post)


def _is_unfilled(term) -> bool:
    return term.rule == "unfilled"


def _pin(built: BuiltModel, published: set[Key], start: date):
    """Freeze the days before `start`; return (changes expression, forced changes).

    `published` holds the publication's keys inside the horizon. A published key with no
    variable (the person is on leave now, or cannot take the slot) is a forced change.
    Locks become plain constraints: CP-SAT searches with one thread and never raises its
    bound while assumptions are set, and the proof needs both (a conflict is named by the
    ordinary solve instead, see `_explain_infeasible`).
    """
    model, x = built.model, built.v.x
    model.clear_assumptions()
    for literal in built.ctx.lock_literals.values():
        model.add(literal == 1)
    for key, var in x.items():
        if key[1] < start:
            model.add(var == int(key in published))
    kept = [x[k] for k in sorted(published) if k[1] >= start and k in x]
    forced = sum(1 for k in published if k[1] >= start and k not in x)
    added = [var for key, var in x.items() if key[1] >= start and key not in published]
    return forced + len(kept) - sum(kept) + sum(added), forced


def _shortfalls(built: BuiltModel, published: set[Key], start: date) -> dict[tuple, int]:
    """For each slot from `start` on, the heads (or skill holders) its still-possible
    published people cannot supply: at least that many added assignments fill it."""
    people = built.ctx.problem.org.people
    out = {}
    for key, slot in built.v.slots.items():
        if slot.date < start:
            continue
        kept = [k for k in built.v.by_slot.get(key, []) if k in published]
        short = slot.count - len(kept)
        for skill, minimum in slot.skills.items():
            short = max(short, minimum - sum(1 for k in kept if skill in people[k[0]].skills))
        out[key] = max(0, short)
    return out


def _refill_bound(built: BuiltModel, published: set[Key], start: date, forced: int) -> int:
    """Changes no complete roster can avoid: the forced drops, plus each slot's shortfall
    (`_shortfalls`), each an added assignment. Valid only when every slot must be full."""
    return forced + sum(_shortfalls(built, published, start).values())


def _fix_to_refills(built: BuiltModel, published: set[Key], start: date) -> int:
    """On an every-slot-full model whose changes are capped at `_refill_bound`: fix what
    every such roster does, and return how many assignment variables were fixed.

    A complete roster has changes >= bound + (published duties it drops beyond the forced)
    + (added duties beyond each slot's shortfall), so at the bound it keeps every published
    duty that can stay and adds people only to short slots: the other variables from
    `start` on are fixed (an exact reduction; the model's rosters are the same)."""
    short = _shortfalls(built, published, start)
    open_keys = {
        k
        for slot, missing in short.items()
        if missing
        for k in built.v.by_slot.get(slot, [])
        if k not in published
    }
    proto, fixed = built.model.proto, 0
    for key, var in built.v.x.items():
        if key[1] < start or key in open_keys:
            continue
        value = int(key in published)
        domain = proto.variables[var.index].domain  # [lo, hi]: a 0-1 variable
        domain[0] = domain[1] = value
        fixed += 1
    return fixed


def _solver(budget: float, workers: int, seed: int, gap: float = 0.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.1, budget)
    params.num_workers = workers
    params.random_seed = seed
    params.relative_gap_limit = gap
    return solver


def _hint_all(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable of `model` with the value `solver` found for it (same model)."""
    model.clear_hints()
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(var))


def _complete_hint(built: BuiltModel, chosen: set[Key], budget: float) -> cp_model.CpSolver | None:
    """Hint every variable of `built` from the roster `chosen` (auxiliaries solved for);
    the solver holding that solution (it reads `built`'s variables), or None if `chosen`
    breaks the model's constraints."""
    fixed = built.model.clone()
    for key, var in built.v.x.items():
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(key in chosen))
    fixed.clear_objective()
    solver = _solver(budget, 1, 0)
    code = solver.solve(fixed)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    _hint_all(built.model, solver)
    return solver


def _chosen(built: BuiltModel, solver: cp_model.CpSolver) -> set[Key]:
    return {key for key, var in built.v.x.items() if solver.boolean_value(var)}


@dataclass
class _Start:
    """What phase (a) hands on: the model it solved, its best roster and the holes held.
    On the every-slot-full model that solve already minimised the changes (`settled`)."""

    built: BuiltModel
    solver: cp_model.CpSolver
    code: int
    changes: cp_model.LinearExprT
    forced: int
    holes: int
    proven: bool
    floor: int  # changes no roster at this coverage can avoid
    settled: bool


class _Replan:
    """One replan: settings, clock and the publication (see `replan`)."""

    def __init__(self, problem: Problem, previous, start: date, limit, workers, seed) -> None:
        settings = problem.org.solver
        self.problem, self.start = problem, start
        self.limit = float(settings.time_limit if limit is None else limit)
        self.workers = int(settings.workers if workers is None else workers)
        self.seed = int(settings.seed if seed is None else seed)
        self.gap = float(settings.relative_gap)
        self.started = time.monotonic()
        self.deadline = self.started + self.limit
        self.published = {_key(a) for a in previous if problem.horizon.contains(a.date)}
        self.build_seconds = 0.0

    def now(self) -> float:
        """Seconds since the replan started."""
        return time.monotonic() - self.started

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def build(self, rules) -> tuple[BuiltModel, cp_model.LinearExprT, int]:
        mark = time.monotonic()
        built = build_model(self.problem, rules)
        self.build_seconds += time.monotonic() - mark
        if built.impossible_locks:
            reasons = lock_reasons(self.problem, built.impossible_locks)
            raise InfeasibleError(reasons, "the locked assignments cannot all hold")
        changes, forced = _pin(built, self.published, self.start)
        log.info(
            "replan: built %d variables at %.2fs", len(built.model.proto.variables), self.now()
        )
        return built, changes, forced

    def hint_published(self, built: BuiltModel) -> None:
        for key, var in built.v.x.items():
            built.model.add_hint(var, key in self.published)

    def fewest_holes(self) -> _Start | None:
        """Phase (a). If every slot can be full, (a) and (b) are one solve on the
        every-slot-full model with the changes as objective (any roster it finds settles
        (a)); else the least unfilled cost. None if no roster was found in time."""
        fill, changes, forced = self.build(FILL_RULES)
        fill.model.minimize(changes)
        # A redundant bound: the search stops as soon as a roster meets it.
        floor = _refill_bound(fill, self.published, self.start, forced)
        fill.model.add(changes >= floor)
        self.hint_published(fill)
        near = self.keep_the_rest(fill, changes, floor)
        if near is not None:
            return _Start(fill, near, cp_model.OPTIMAL, changes, forced, 0, True, floor, True)
        # Two workers at least, as the main solve's fill: the feasibility-jump search,
        # fastest at complete rosters here, only runs beside the main search.
        solver = _solver(0.6 * self.left(), max(2, self.workers), self.seed)
        code = solver.solve(fill.model)
        log.info("replan (a) every slot full: %s at %.2fs", solver.status_name(code), self.now())
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Start(fill, solver, code, changes, forced, 0, True, floor, True)
        if code == cp_model.UNKNOWN:  # no time to find one that way: feasibility alone
            quick = self.any_full(fill)
            if quick is not None:
                return _Start(
                    fill, quick, cp_model.FEASIBLE, changes, forced, 0, True, floor, False
                )
        cover, changes, forced = self.build((add_coverage, *HARD_RULES))
        unfilled = cover.objective_expr(_is_unfilled)
        cover.model.minimize(unfilled)
        # The publication less what can no longer stand is usually a roster here (with
        # holes): the fallback if the search finds nothing, and a complete hint.
        kept = {key for key in self.published if key in cover.v.x}
        fallback = _complete_hint(cover, kept, max(0.5, min(5.0, self.left())))
        if fallback is None:
            self.hint_published(cover)
        solver = _solver(max(0.5, 0.5 * self.left()), self.workers, self.seed)
        code = solver.solve(cover.model)
        log.info("replan (a) fewest holes: %s at %.2fs", solver.status_name(code), self.now())
        if code == cp_model.INFEASIBLE:
            _explain_infeasible(self.problem, self.start, self.limit, self.workers, self.seed)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if fallback is None:
                return None
            solver, code = fallback, cp_model.FEASIBLE
        holes = int(solver.value(unfilled))
        cover.model.add(unfilled <= holes)
        proven = code == cp_model.OPTIMAL
        return _Start(cover, solver, code, changes, forced, holes, proven, forced, False)

    def keep_the_rest(self, fill: BuiltModel, changes, floor: int) -> cp_model.CpSolver | None:
        """The common case first: every published duty that can stay stays, and each hole
        is filled by one added duty. A small solve (the kept duties fixed); if it reaches
        `floor`, (a) and (b) are proven at once (its solver reads `fill`'s variables), else
        its roster, if any, becomes the hint of the full search."""
        near = fill.model.clone()
        for key, var in fill.v.x.items():
            if key[1] >= self.start and key in self.published:
                near.add(near.get_bool_var_from_proto_index(var.index) == 1)
        solver = _solver(max(0.5, min(0.2 * self.limit, self.left())), self.workers, self.seed)
        code = solver.solve(near)
        log.info("replan (a) published kept: %s at %.2fs", solver.status_name(code), self.now())
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        if int(solver.value(changes)) == floor:
            return solver
        _hint_all(fill.model, solver)
        return None

    def any_full(self, fill: BuiltModel) -> cp_model.CpSolver | None:
        """A roster with every slot full, by the main solve's fill settings (no objective,
        no presolve: the fastest way to one here); its solver reads `fill`'s variables."""
        quick = fill.model.clone()
        quick.clear_objective()
        solver = _solver(max(1.0, 0.5 * self.left()), max(2, self.workers), self.seed)
        solver.parameters.cp_model_presolve = False
        code = solver.solve(quick)
        log.info("replan (a) any full roster: %s at %.2fs", solver.status_name(code), self.now())
        return solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def fewest_changes(self, a: _Start) -> tuple[set[Key], ChangeCount]:
        """Phase (b): the changes alone, on (a)'s model with its coverage held."""
        solver, code = a.solver, a.code
        if not a.settled:
            a.built.model.minimize(a.changes)
            _hint_all(a.built.model, a.solver)
            solver = _solver(max(0.5, 0.8 * self.left()), self.workers, self.seed)
            code = solver.solve(a.built.model)
        if code == cp_model.OPTIMAL:
            k = bound = int(round(solver.objective_value))
        elif code == cp_model.FEASIBLE:
            k = int(round(solver.objective_value))
            bound = math.ceil(solver.best_objective_bound - 1e-6)
        else:  # no time left: (a)'s roster stands
            solver, k, bound = a.solver, int(a.solver.value(a.changes)), a.floor
        count = ChangeCount(k, max(bound, a.floor), a.forced, a.proven)
        log.info("replan (b) %s at %.2fs", count.describe(), self.now())
        return _chosen(a.built, solver), count

    def goals(self, a: _Start, chosen: set[Key], count: ChangeCount):
        """Phase (c): the configured objective with holes and changes held, hinted with
        (b)'s roster; (roster, bound) or (b)'s roster and None when no time is left."""
        if self.left() < max(1.0, 0.25 * self.limit):
            log.info("replan (c) skipped: no time left at %.2fs", self.now())
            return chosen, None
        # At the refill bound with every slot full, (c) only picks who fills the short slots.
        refills = a.holes == 0 and count.changes <= a.floor
        if self.left() < (REFILL_COST if refills else GOALS_COST) * self.build_seconds:
            log.info("replan (c) skipped: not worth its set-up at %.2fs", self.now())
            return chosen, None
        rules = (add_full_coverage, *RULES[1:]) if a.holes == 0 else RULES
        full, changes, _ = self.build(rules)
        if refills and _refill_bound(full, self.published, self.start, a.forced) == a.floor:
            fixed = _fix_to_refills(full, self.published, self.start)
            log.info("replan (c) refills only: %d variables fixed", fixed)
        if a.holes:
            full.model.add(full.objective_expr(_is_unfilled) <= a.holes)
        full.model.add(changes <= count.changes)
        if _complete_hint(full, chosen, max(0.5, min(10.0, self.left()))) is None:
            return chosen, None
        solver = _solver(self.left(), self.workers, self.seed, self.gap)
        solver.parameters.cp_model_probing_level = 0  # as the main solve (bench/README.md)
        code = solver.solve(full.model)
        log.info("replan (c) goals: %s at %.2fs", solver.status_name(code), self.now())
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return chosen, None
        # The bound is about this problem only when (a) and (b) were proven.
        proven = a.proven and count.proven
        bound = math.floor(solver.best_objective_bound + 1e-6) if proven else None
        return _chosen(full, solver), bound


def replan(
    problem: Problem,
    previous: Iterable[Assignment],
    start: date,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
) -> Replanned:
    """Re-solve `problem` from `start` with the fewest changes to `previous` (module doc).

    `previous` is the publication (assignments outside the horizon are ignored). Phases (a)
    and (b) stop when proven; (c) runs only if a quarter of the limit (and a second) remains
    and enough for its set-up (`GOALS_COST`, `REFILL_COST`), else (b)'s roster stands and
    the replan returns at once (the limit is an upper bound). Raises InfeasibleError when
    the locks or the frozen days cannot hold under the hard rules.
    """
    run = _Replan(problem, previous, start, time_limit, workers, seed)
    a = run.fewest_holes()
    t_a = time.monotonic() - run.started
    if a is None:
        empty = Roster(problem.horizon, (), status=Status.NO_SOLUTION, seed=run.seed, wall_time=t_a)
        outcome = Outcome(problem, empty, validate(problem, ()), run.build_seconds)
        return Replanned(outcome, ChangeCount(0, 0, 0, False), (t_a, 0.0, 0.0))
    chosen, count = run.fewest_changes(a)
    t_b = time.monotonic() - run.started - t_a
    chosen, bound = run.goals(a, chosen, count)
    wall = time.monotonic() - run.started
    assignments = tuple(sorted(Assignment(k[1], k[2], k[3], k[0]) for k in chosen))
    report = validate(problem, assignments)
    if bound is not None and bound > report.objective:
        bound = None  # a relaxed term: the bound is not about this objective
    roster = Roster(
        problem.horizon,
        assignments,
        explain_unfilled(problem, assignments, report),
        status=Status.OPTIMAL if bound == report.objective else Status.FEASIBLE,
        objective=report.objective,
        bound=bound,
        penalties=report.penalties,
        seed=run.seed,
        wall_time=wall,
    )
    proto = a.built.model.proto
    outcome = Outcome(
        problem, roster, report, run.build_seconds, len(proto.variables), len(proto.constraints)
    )
    return Replanned(outcome, count, (t_a, t_b, wall - t_a - t_b))


def _explain_infeasible(problem: Problem, start: date, limit: float, workers: int, seed: int):
    """Raise InfeasibleError: the normal solve names the conflicting locks; if it finds a
    roster, the frozen days are what cannot hold."""
    solve_problem(problem, time_limit=limit, workers=workers, seed=seed)
    raise InfeasibleError(
        [f"the duties published before {start} cannot stay as they are under the hard rules"],
        "the frozen days cannot hold",
    )
