"""Run CP-SAT on a built model: time limit, workers, seed, progress, every status mapped."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.domain import Assignment, Penalty, Problem, Roster, Status, Unfilled
from roster.model.builder import BuiltModel, build_model

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """A progress report: posted for every improving roster."""

    objective: int
    bound: int
    elapsed: float
    solutions: int


class InfeasibleLocks(Exception):
    """The locks cannot all hold together with the hard rules."""

    def __init__(self, locks: list[tuple[Assignment, str]]) -> None:
        super().__init__("locked assignments conflict with the hard rules")
        self.locks = locks


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, progress: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self.progress = progress
        self.started = time.monotonic()
        self.first: float | None = None
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1
        elapsed = time.monotonic() - self.started
        if self.first is None:
            self.first = elapsed
        if self.progress is not None:
            self.progress(
                Progress(
                    int(self.objective_value), int(self.best_objective_bound), elapsed, self.count
                )
            )


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.NO_SOLUTION,
    cp_model.MODEL_INVALID: Status.INVALID,
}


class SolverRun:
    """One solve of one problem; `cancel()` may be called from another thread."""

    def __init__(
        self,
        problem: Problem,
        *,
        time_limit: float | None = None,
        workers: int | None = None,
        seed: int | None = None,
        relative_gap: float | None = None,
        hint: Iterable[Assignment] = (),
        progress: Callable[[Progress], None] | None = None,
    ) -> None:
        settings = problem.org.solver
        self.problem = problem
        self.time_limit = settings.time_limit if time_limit is None else time_limit
        self.workers = settings.workers if workers is None else workers
        self.seed = settings.seed if seed is None else seed
        self.relative_gap = settings.relative_gap if relative_gap is None else relative_gap
        self.hint = tuple(hint)
        self.progress = progress
        self._solver = cp_model.CpSolver()
        self._cancelled = threading.Event()
        self.built: BuiltModel | None = None
        self.build_seconds = 0.0

    def cancel(self) -> None:
        self._cancelled.set()
        self._solver.stop_search()

    def _configure(self) -> None:
        params = self._solver.parameters
        params.max_time_in_seconds = float(self.time_limit)
        params.num_workers = int(self.workers)
        params.random_seed = int(self.seed)
        params.relative_gap_limit = float(self.relative_gap)
        if log.isEnabledFor(logging.DEBUG):
            params.log_search_progress = True
            params.log_to_stdout = False
            self._solver.log_callback = log.debug

    def _add_hint(self, built: BuiltModel) -> None:
        wanted = {(a.person, a.date, a.shift, a.post) for a in self.hint}
        if not wanted:
            return
        for key, var in built.v.x.items():
            built.model.add_hint(var, key in wanted)

    def run(self) -> Roster:
        started = time.monotonic()
        built = build_model(self.problem)
        self.built = built
        self.build_seconds = time.monotonic() - started
        if built.impossible_locks:
            raise InfeasibleLocks(built.impossible_locks)
        self._add_hint(built)
        self._configure()
        callback = _Callback(self.progress)
        if self._cancelled.is_set():
            code = cp_model.UNKNOWN
        else:
            code = self._solver.solve(built.model, callback)
        status = _STATUS.get(code, Status.INVALID)
        wall = time.monotonic() - started
        log.info(
            "solve: %s objective=%s bound=%s in %.2fs (%d solutions)",
            status.value,
            self._solver.objective_value if status in (Status.OPTIMAL, Status.FEASIBLE) else None,
            self._solver.best_objective_bound,
            wall,
            callback.count,
        )
        if status == Status.INFEASIBLE:
            raise InfeasibleLocks(self._conflicting_locks(built))
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return Roster(self.problem.horizon, (), status=status, seed=self.seed, wall_time=wall)
        return self._extract(built, status, wall, callback.first)

    def _conflicting_locks(self, built: BuiltModel) -> list[tuple[Assignment, str]]:
        core = set(self._solver.sufficient_assumptions_for_infeasibility())
        by_index = {lit.index: lock for lock, lit in built.ctx.lock_literals.items()}
        locks = [by_index[i] for i in sorted(core) if i in by_index]
        if not locks:
            locks = list(built.ctx.lock_literals)
        return [(lock, "conflicts with the hard rules together with the others") for lock in locks]

    def _extract(
        self, built: BuiltModel, status: Status, wall: float, first: float | None
    ) -> Roster:
        solver = self._solver
        chosen = sorted(
            Assignment(key[1], key[2], key[3], key[0])
            for key, var in built.v.x.items()
            if solver.boolean_value(var)
        )
        penalties = []
        for term in built.terms:
            cost = term.value(solver)
            if cost:
                penalties.append(Penalty(term.rule, term.who, term.when, cost, term.detail))
        return Roster(
            horizon=self.problem.horizon,
            assignments=tuple(chosen),
            unfilled=tuple(unfilled_of(built, chosen)),
            status=status,
            objective=int(round(solver.objective_value)),
            bound=int(round(solver.best_objective_bound)),
            penalties=tuple(penalties),
            seed=self.seed,
            wall_time=wall,
            first_solution_time=first,
        )


def unfilled_of(built: BuiltModel, chosen: list[Assignment]) -> list[Unfilled]:
    """Holes per slot: headcount and per skill (reasons are added by roster.explain)."""
    org = built.ctx.problem.org
    at: dict[tuple, list[str]] = {}
    for a in chosen:
        at.setdefault((a.date, a.shift, a.post), []).append(a.person)
    out = []
    for key, slot in built.v.slots.items():
        people = at.get(key, [])
        if slot.count > len(people):
            out.append(Unfilled(slot.date, slot.shift, slot.post, None, slot.count - len(people)))
        for skill, minimum in slot.skills.items():
            have = sum(1 for p in people if skill in org.people[p].skills)
            if minimum > have:
                out.append(Unfilled(slot.date, slot.shift, slot.post, skill, minimum - have))
    return out


def solve(problem: Problem, **options) -> Roster:
    """Solve once with the given options (see SolverRun)."""
    return SolverRun(problem, **options).run()
