"""Run CP-SAT on a built model: time limit, workers, seed, progress, every status mapped."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from roster.colgen import column_generation
from roster.domain import Assignment, Organisation, Penalty, Problem, Roster, Status, Unfilled
from roster.lns import improve
from roster.model.builder import (
    FILL_RULES,
    HARD_RULES,
    RULES,
    BuiltModel,
    add_rules,
    build_model,
    new_model,
)
from roster.model.components import split_problem
from roster.polish import polish
from roster.repattern import Turns
from roster.retype import retypable
from roster.rules.coverage import add_coverage, add_full_coverage
from roster.rules.team_lead import add_team_lead_required
from roster.start import person_by_person, personal_rules_only

log = logging.getLogger(__name__)

# The least time left after the start roster for the neighbourhood search to be worth
# starting (measured: BENCHMARKS.md, "The sample week").
LNS_MIN_SECONDS = 4.0
# The main search gets this share of the time the neighbourhood search could use, when that
# is at least MAIN_MIN_SECONDS: shorter, on a roster model it seldom gets past its presolve
# (measured on the sample: docs/search.md); the neighbourhood search keeps the time instead.
MAIN_SHARE = 0.15
MAIN_MIN_SECONDS = 5.0
# Above this many variables, no main search follows the neighbourhood search, which keeps
# all the time: at 5,000 x 28 x 400 (1.1 M variables) the main search never improved on the
# neighbourhood search's roster in any run measured, and it raised peak memory from 3.1 to
# 5.1 GB (BENCHMARKS.md, "Scale").
MAIN_MAX_VARIABLES = 500_000
# The most of the time left that polishing a person-by-person start may take: rounds of
# re-patterning and re-typing (roster.polish), while a round changes the roster. Three
# rounds took Instance22 (50 people, a year) from 139,176 to 68,008 in 23 s, where the
# neighbourhood search after them took off about 3,000 in 34 s (BENCHMARKS.md, "Eleventh
# session"); on 28-day instances the rounds end within a second.
POLISH_SHARE = 0.5
# With less than this for it, no re-typing (nor re-patterning): setting it up and checking the
# people it changed take time its deadline does not bound (on Instance24, 2.4 s for a budget
# of 0.7 s).
RETYPE_MIN_SECONDS = 2.0
# Without a start roster: the share of the time the first main search gets.
SCOUT_SHARE = 0.3
# CP-SAT loads a model before its time limit counts: on Instance24 (1.1 M variables, a 40 s
# build) the solve ended 6 s past its limit. With less time left than this share of the
# model's build time, neither the complete hint nor the main search is tried: a start
# roster stands, and without one the solve ends with none, on time.
LOAD_SHARE = 0.25
# A staged build (soft rules, then hard ones): the hard rules took 1.5 to 2.9 times as long
# as the variables and soft rules on the Curtois & Qu instances (Instance24: 27.2 s after
# 12.6 s in one run, 29.0 s after 10.0 s in another; bench/curtois_build.py). They are built
# only if the time left then covers this estimate, the loading of the model (LOAD_SHARE) and
# a neighbourhood search (LNS_MIN_SECONDS).
HARD_BUILD_RATIO = 2.5
# Without the hard rules, polishing (re-patterning and re-typing) may take the time left but
# this share of it. The share is kept for what their deadlines do not bound: re-typing's
# final check and the validator's pricing of the roster (with 20% kept, Instance24's solve
# ended about 0.5 s late).
RETYPE_MARGIN = 0.3
# Where coverage alone ties people together and every goal is coverage or requests, column
# generation (roster.colgen) gets this share of the time left after re-typing (less the
# hard rules' build), if that is at least COLGEN_MIN_SECONDS. It proves a lower bound and
# chooses a roster among whole personal rosters; the neighbourhood search goes on from it.
COLGEN_SHARE = 0.6
COLGEN_MIN_SECONDS = 2.0


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
    """Posts a `Progress` for each roster better than every one before, in any phase."""

    def __init__(self, progress: Callable[[Progress], None] | None, started: float) -> None:
        super().__init__()
        self.progress = progress
        self.started = started
        self.first: float | None = None
        self.count = 0
        self._best: int | None = None
        self._bound = 0

    def seen_start(self, objective: int) -> None:
        """The complete roster found before the main search counts as the first one (the
        earliest, if more than one phase hands one on)."""
        if self.first is None:
            self.first = time.monotonic() - self.started
        self._post(objective, 0)

    def seen_better(self, objective: int, bound: int = 0) -> None:
        """A better roster (or bound) found outside CP-SAT's search (by the neighbourhood
        search, column generation)."""
        self._post(objective, bound)

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.monotonic() - self.started
        self._post(int(self.objective_value), int(self.best_objective_bound))

    def _post(self, objective: int, bound: int) -> None:
        self.count += 1
        self._bound = max(self._bound, bound)
        if self._best is not None and objective >= self._best:
            return  # a phase restarting from the best roster so far: nothing new to show
        self._best = objective
        if self.progress is not None:
            elapsed = time.monotonic() - self.started
            self.progress(Progress(objective, self._bound, elapsed, self.count))


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
        self._phase: cp_model.CpSolver | None = None
        self._start_objective = 0
        self._start_solver: cp_model.CpSolver | None = None
        self._colgen_bound: int | None = None  # the lower bound column generation proved
        # The main search's time, set aside before column generation takes its share.
        self._main_reserve: float | None = None
        # A cheaper start set aside for column generation's roster: (values, objective).
        self._fallback: tuple[dict, int] | None = None
        self._colgen_roster = False  # whether column generation assembled a roster
        self._turns = Turns()  # whose turn to be re-patterned comes next, across polishings
        self._pricing_seconds = 0.0  # the longest the validator took to price a roster

    def cancel(self) -> None:
        self._cancelled.set()
        self._solver.stop_search()
        phase = self._phase
        if phase is not None:
            phase.stop_search()

    def _configure(self, seconds: float) -> None:
        params = self._solver.parameters
        params.max_time_in_seconds = seconds
        params.num_workers = int(self.workers)
        params.random_seed = int(self.seed)
        params.relative_gap_limit = float(self.relative_gap)
        # Probing costs most of the presolve on rostering models and the start roster
        # already gives the search a good incumbent (measured: bench/README.md).
        params.cp_model_probing_level = 0
        if log.isEnabledFor(logging.DEBUG):
            params.log_search_progress = True
            params.log_to_stdout = False
            self._solver.log_callback = log.debug

    def run(self) -> Roster:
        """Phase 1 finds a complete roster fast; phase 2 optimises every goal from it."""
        started = time.monotonic()
        roster = self._run(started)
        if self._fallback is None or roster.objective is None:
            return roster
        values, objective = self._fallback
        if roster.objective <= objective:
            return roster
        # The search from column generation's roster ended above the start it set aside.
        wall = time.monotonic() - started
        kept = self._from_values(self.built, values, wall, roster.first_solution_time)
        return replace(kept, bound=_larger(kept.bound, roster.bound))

    def _run(self, started: float) -> Roster:
        """`run`, less the start set aside for column generation's roster."""
        deadline = started + float(self.time_limit)
        callback = _Callback(self.progress, started)
        first = coverage_comes_first(self.problem.org)
        # The fill serves the priority order; without it, "every slot full" is no better a
        # start than any other (and some demand, such as cover with weights, may not fit it).
        start = self._fill(deadline) if first and not self._cancelled.is_set() else None
        if start is not None:
            callback.seen_start(self._objective_of(start))
        # Priority order (docs/rules.md): the fewest holes first, then every other goal.
        # `holes` is the unfilled cost settled before the main search, `proven` whether
        # no roster can have fewer.
        holes, proven = None, False
        if start is not None and first:
            holes, proven = 0, True
        elif first and not self._cancelled.is_set():
            start, holes, proven = self._least_unfilled(deadline)
        rules = (add_full_coverage, *RULES[1:]) if holes == 0 else RULES
        build_started = time.monotonic()
        # Without a start yet, the soft rules come first: a person-by-person start needs
        # only the variables and the terms, and the hard rules take most of the build.
        staged = start is None and not first and not self.hint
        built = new_model(self.problem)
        add_rules(built, tuple(r for r in rules if r not in HARD_RULES) if staged else rules)
        self.built = built
        self.build_seconds = time.monotonic() - build_started
        if built.impossible_locks:
            raise InfeasibleLocks(built.impossible_locks)
        hard_to_come = HARD_BUILD_RATIO * self.build_seconds if staged else 0.0
        if holes:
            built.model.add(built.objective_expr(_is_unfilled) <= holes)
            built.model.minimize(built.objective_expr(lambda term: not _is_unfilled(term)))
        # A start from a phase keeps every hard rule; the caller's hint need not.
        proven_start = start is not None
        start_at: float | None = None  # when a person-by-person start was complete
        start_is_roster = False  # no time for the hard rules: the start, polished, stands
        if start is None and self.hint:
            wanted = {(a.person, a.date, a.shift, a.post) for a in self.hint}
            start = {key: key in wanted for key in built.v.x}
        if start is None and not first and personal_rules_only(built):
            remaining = deadline - time.monotonic() - hard_to_come
            start = person_by_person(
                self.problem,
                built,
                time.monotonic() + 0.5 * max(0.0, remaining),
                self._cancelled,
                last=deadline,
            )
            proven_start = start is not None
            # When the start is all there is time for, this is when the first roster came.
            start_at = time.monotonic() - started
            if start is not None:
                callback.seen_start(self._objective_of(start))
            polishable = start is not None and retypable(built)
            if polishable:
                # Which days each person works (each person's best response among the
                # candidates), then what they work on each day.
                start, start_is_roster = self._polish_start(
                    built, start, deadline, hard_to_come, staged
                )
            else:
                left = deadline - time.monotonic()
                start_is_roster = (
                    start is not None and staged and not _hard_rules_pay(left, hard_to_come)
                )
            if polishable and not start_is_roster:
                start, cost = self._column_generation(
                    built, start, deadline - hard_to_come, callback
                )
                if self._colgen_bound is not None and cost <= self._colgen_bound:
                    # Proven optimal: no search can do better.
                    wall = time.monotonic() - started
                    return self._from_values(built, start, wall, start_at)
                if not self._colgen_roster and not self._cancelled.is_set():
                    # No roster from column generation (it did not run, or its rounds left
                    # the relaxation where the start put it): the start is polished again
                    # until it settles or the time is up. While passes of best responses
                    # still gain, they gain more than the neighbourhood search in the same
                    # time (on Instance23, a search of 10 s after them found nothing better:
                    # BENCHMARKS.md, "Fourteenth session"); a start that settles early
                    # enough goes on to the hard rules and the search.
                    start, start_is_roster = self._polish_on(built, start, deadline, hard_to_come)
        # After a cancel, the hard rules would be built for nothing.
        cancelled_early = staged and self._cancelled.is_set()
        if start_is_roster or (cancelled_early and proven_start):
            return self._from_values(built, start, time.monotonic() - started, start_at)
        if staged and not cancelled_early:
            hard_started = time.monotonic()
            add_rules(built, tuple(r for r in rules if r in HARD_RULES))
            self.build_seconds += time.monotonic() - hard_started
        # CP-SAT loads a model before its time limit counts (see LOAD_SHARE): too close to
        # the deadline, a start that keeps every hard rule is returned as it is.
        loading = LOAD_SHARE * self.build_seconds
        as_it_is = proven_start and deadline - time.monotonic() < loading
        # Even after a cancel: the start roster is the best so far, and the caller gets it.
        hinted = start is not None and not as_it_is
        hinted = hinted and self._hint_everything(built, start, deadline)
        if hinted and callback.first is None:
            callback.seen_start(self._start_objective)
        code, scout_bound = None, None
        if not hinted and not as_it_is and deadline - time.monotonic() >= 2 * LNS_MIN_SECONDS:
            # No start roster: a first main search for a share of the time finds one (and
            # a bound), the neighbourhood search improves it, the main search resumes.
            self._configure(SCOUT_SHARE * (deadline - time.monotonic()))
            if not self._cancelled.is_set():
                code = self._solver.solve(built.model, callback)
            if code == cp_model.FEASIBLE:
                scout_bound = self._solver.best_objective_bound
                self._start_solver, self._solver = self._solver, cp_model.CpSolver()
                _hint_from(built, self._start_solver)
                hinted, code = True, None
            elif code == cp_model.UNKNOWN:
                code = None
        # Where the neighbourhood search kept improving to the end of its time, a main search
        # in under MAIN_MIN_SECONDS would not get past its presolve: the search's roster stands.
        kept_on = hinted and self._neighbourhood_search(built, deadline, callback)
        left = deadline - time.monotonic()
        if code is None and kept_on and left < MAIN_MIN_SECONDS:
            code = cp_model.UNKNOWN  # too little time left for the main search to help
        if code is None and hinted and not _main_search_pays(built):
            code = cp_model.UNKNOWN  # too large a model: the neighbourhood search's roster
        if code is None and left < loading:
            code = cp_model.UNKNOWN  # it would overrun the time limit just loading the model
        if code is None and hinted and left < min(MAIN_MIN_SECONDS, self.build_seconds):
            # On a model that took longer to build than the time left, presolve alone takes
            # about as long (Instance23: 3.8 s left, 7 s of presolve, the limit passed by 4 s).
            code = cp_model.UNKNOWN
        if code is None:
            self._configure(max(0.1, deadline - time.monotonic()))
            if self._cancelled.is_set():
                code = cp_model.UNKNOWN  # the solver never ran: it has no values to ask for
            else:
                code = self._solver.solve(built.model, callback)
        status = _STATUS.get(code, Status.INVALID)
        wall = time.monotonic() - started
        found = status in (Status.OPTIMAL, Status.FEASIBLE)
        log.info(
            "solve: %s objective=%s in %.2fs (%d solutions, first at %s)",
            status.value,
            self._solver.objective_value if found else None,
            wall,
            callback.count,
            callback.first,
        )
        if status == Status.INFEASIBLE:
            raise InfeasibleLocks(self._conflicting_locks(built))
        bound = None
        # The main search's bound, or the first search's when the main search did not run.
        proved = max(self._solver.best_objective_bound, scout_bound or 0) if found else scout_bound
        if proved is not None:
            bound = int(round(proved))
            if holes:
                # The main search left the settled holes out of its objective.
                bound = bound + holes if proven else None
        if self._colgen_bound is not None:
            bound = _larger(bound, self._colgen_bound)
        if found and self._beats_start(built):
            return self._extract(built, self._solver, status, wall, callback.first, bound)
        if self._start_solver is not None:
            # The main search found nothing better in time: the start roster stands.
            return self._extract(
                built, self._start_solver, Status.FEASIBLE, wall, callback.first, bound
            )
        if proven_start:
            # The start roster could not be passed to the main model (no time to complete
            # the hint): it is still a roster under every hard rule, priced by the validator.
            first_at = callback.first if callback.first is not None else start_at
            return self._from_values(built, start, wall, first_at)
        return Roster(self.problem.horizon, (), status=status, seed=self.seed, wall_time=wall)

    def _from_values(
        self, built: BuiltModel, values: dict, wall: float, first: float | None
    ) -> Roster:
        """The roster of assignment values, priced term by term by the validator."""
        from roster.validate import validate

        chosen = sorted(Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on)
        report = validate(self.problem, chosen)
        bound = self._colgen_bound
        proven = bound is not None and report.objective <= bound
        return Roster(
            horizon=self.problem.horizon,
            assignments=tuple(chosen),
            unfilled=tuple(unfilled_of(built, chosen)),
            status=Status.OPTIMAL if proven else Status.FEASIBLE,
            objective=report.objective,
            bound=bound,
            penalties=tuple(p for p in report.penalties if p.cost),
            seed=self.seed,
            wall_time=wall,
            first_solution_time=first,
        )

    def _polish_start(
        self,
        built: BuiltModel,
        start: dict,
        deadline: float,
        hard_to_come: float,
        staged: bool,
    ) -> tuple[dict, bool]:
        """The start polished for up to POLISH_SHARE of the time left, never so long that the
        hard rules stop paying; and whether it is the roster. It is when, after polishing (a
        step may end past its deadline), the time left no longer pays for building the hard
        rules and searching with them: then, unless it settled, it is polished on to the end
        (`_polish_on`; Instance23 had passed its limit by 4 s building them for a single
        neighbourhood solve)."""
        settled = False
        left = deadline - time.monotonic()
        spare = left - _hard_rules_need(hard_to_come)
        if spare >= 0:
            budget = min(POLISH_SHARE * left, spare)
            start, settled = self._polish(built, start, budget)
        left = deadline - time.monotonic()
        if not staged or _hard_rules_pay(left, hard_to_come):
            return start, False
        log.info("after polishing, no time for the hard rules (about %.1fs to build)", hard_to_come)
        if not settled:
            start, _ = self._polish_on(built, start, deadline, hard_to_come)
        return start, True

    def _polish_on(
        self, built: BuiltModel, start: dict, deadline: float, hard_to_come: float
    ) -> tuple[dict, bool]:
        """The start polished until it settles or the time is up, and whether it is the
        roster: it is unless it settled early enough for the hard rules to pay. Each call
        takes the time left but RETYPE_MARGIN, and calls follow while the time left covers
        what the last one overran, the pricing of the roster and RETYPE_MIN_SECONDS twice."""
        overrun = 0.0
        while not self._cancelled.is_set():
            left = deadline - time.monotonic()
            if left < 2 * RETYPE_MIN_SECONDS + overrun + self._pricing_seconds:
                break
            budget = (1 - RETYPE_MARGIN) * left
            began = time.monotonic()
            start, settled = self._polish(built, start, budget)
            if settled:
                return start, not _hard_rules_pay(deadline - time.monotonic(), hard_to_come)
            overrun = max(overrun, time.monotonic() - began - budget)
        return start, True

    def _polish(self, built: BuiltModel, start: dict, budget: float) -> tuple[dict, bool]:
        """The start re-patterned (each person's best response, their pattern where there is
        none) and re-typed in rounds (roster.polish) for `budget` s, and whether it settled."""
        deadline = time.monotonic() + budget
        return polish(
            self.problem,
            built,
            start,
            deadline,
            RETYPE_MIN_SECONDS,
            responses=True,
            turns=self._turns,
        )

    def _column_generation(
        self, built: BuiltModel, start: dict, until: float, callback: _Callback
    ) -> tuple[dict, int | None]:
        """The start, or a better roster chosen among whole personal rosters by column
        generation in its share of the time before `until`, with its objective (None when
        column generation did not run); keeps the bound it proves."""
        left = until - time.monotonic()
        reserve = MAIN_SHARE * left if _main_search_pays(built) else 0.0
        budget = COLGEN_SHARE * (left - reserve)
        if budget < COLGEN_MIN_SECONDS or self._cancelled.is_set():
            return start, None
        # The main search brings a bound where column generation does not converge: its
        # time is what it would have had without column generation.
        self._main_reserve = reserve
        start_objective = self._objective_of(start)
        callback.seen_start(start_objective)  # the start, complete: first, unless one came before
        outcome = column_generation(
            self.problem,
            built,
            start,
            time.monotonic() + budget,
            workers=int(self.workers),
            seed=int(self.seed),
            cancelled=self._cancelled,
            on_phase=self._set_phase,
        )
        # Priced by the validator: the integer master's own price is missing where the
        # dive's roster stands in for it.
        objective = None if outcome.values is None else self._objective_of(outcome.values)
        log.info(
            "column generation: %d rounds, %d columns, %s, bound %s, roster %s",
            outcome.rounds,
            outcome.columns,
            "converged" if outcome.converged else "not converged",
            outcome.bound,
            objective,
        )
        # A bound of 0 or less says nothing (every term costs 0 or more).
        self._colgen_bound = outcome.bound if outcome.bound and outcome.bound > 0 else None
        if outcome.values is None:
            return start, start_objective
        self._colgen_roster = True
        callback.seen_better(min(objective, start_objective), self._colgen_bound or 0)
        if objective <= start_objective:
            return outcome.values, objective
        if self._colgen_bound is not None and start_objective <= self._colgen_bound:
            return start, start_objective  # proven optimal
        # A polished start is a roster no one person's change improves; the one column
        # generation assembles from the relaxation leaves the neighbourhood search far more
        # to find (Instance12, 60 s, seed 1: 4,120 from it, 6,131 from the cheaper start
        # before; BENCHMARKS.md, "Twelfth session"). The search starts from it; the start
        # is set aside, returned if the search ends above it.
        self._fallback = (start, start_objective)
        return outcome.values, objective

    def _fill(self, deadline: float) -> dict | None:
        """A roster with every slot full under the hard rules, or None (none, or no time).

        It first asks for a lead or experienced member in every team as well (a soft goal
        that weighs heavily), and drops that wish if it makes the roster impossible. A
        problem that splits into parts sharing no person and no post (large organisations
        whose teams keep to their own posts) is filled part by part and the parts joined:
        every hard rule binds one person or one slot.
        """
        parts = split_problem(self.problem)
        if len(parts) == 1:
            return self._fill_part(self.problem, deadline, 0.6)
        started = time.monotonic()
        end = started + min((deadline - started) * 0.6, max(5.0, 0.4 * float(self.time_limit)))
        values: dict = {}
        # Largest first; each part may use all the fill time left (most take well under 1 s).
        for part in sorted(parts, key=lambda part: -len(part.org.people)):
            got = self._fill_part(part, end, 1.0)
            if got is None:
                return None
            values.update(got)
        log.info("fill: %d parts in %.2fs", len(parts), time.monotonic() - started)
        return values

    def _fill_part(self, problem: Problem, deadline: float, share: float) -> dict | None:
        """`_fill` on one problem, each attempt in `share` of the time left (capped)."""
        attempts = [FILL_RULES]
        if problem.org.weights.team_lead > 0:
            attempts.insert(0, (*FILL_RULES, add_team_lead_required))
        for rules in attempts:
            remaining = deadline - time.monotonic()
            budget = min(remaining * share, max(5.0, 0.4 * float(self.time_limit)))
            if budget <= 0.2 or self._cancelled.is_set():
                return None
            fill = build_model(problem, rules)
            if fill.impossible_locks:
                return None
            code, values = self._solve_fill(fill, budget)
            if code != cp_model.INFEASIBLE:
                return values
        return None

    def _solve_fill(self, fill: BuiltModel, budget: float) -> tuple[int, dict | None]:
        fill.model.clear_objective()
        solver = self._phase_solver(fill, budget)
        solver.parameters.cp_model_presolve = False
        # Symmetry detection took 0.8 s of the sample's 1.6 s fill, and a fill needs any one
        # roster, not a proof: without it the fill takes 0.4 to 0.9 s (docs/search.md).
        solver.parameters.symmetry_level = 0
        code = self._run_phase(solver, fill.model)
        log.info("fill: %s in %.2fs", solver.status_name(code), solver.wall_time)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return code, None
        return code, {key: solver.boolean_value(var) for key, var in fill.v.x.items()}

    def _phase_solver(self, phase: BuiltModel, budget: float) -> cp_model.CpSolver:
        """A solver for an early phase, with the caller's hint on the phase's model."""
        for a in self.hint:
            key = (a.person, a.date, a.shift, a.post)
            if key in phase.v.x:
                phase.model.add_hint(phase.v.x[key], True)
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = budget
        # Two workers at least: the feasibility-jump local search, which finds complete
        # rosters fastest here, only runs beside the main search.
        params.num_workers = max(2, int(self.workers))
        params.random_seed = int(self.seed)
        return solver

    def _run_phase(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
        """Solve an early phase so that `cancel()` reaches it, however late it comes."""
        self._phase = solver
        try:
            if self._cancelled.is_set():  # cancelled before the phase could be stopped
                return cp_model.UNKNOWN
            return solver.solve(model)
        finally:
            self._phase = None

    def _objective_of(self, values: dict) -> int:
        """The objective of a roster given as variable values, by the validator; keeps the
        longest time such a pricing took."""
        from roster.validate import validate

        began = time.monotonic()
        chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on]
        objective = validate(self.problem, chosen).objective
        self._pricing_seconds = max(self._pricing_seconds, time.monotonic() - began)
        return objective

    def _least_unfilled(self, deadline: float) -> tuple[dict | None, int | None, bool]:
        """A roster with as few holes as the hard rules allow: (x values, cost, proven)."""
        remaining = deadline - time.monotonic()
        budget = min(remaining * 0.5, max(3.0, 0.3 * float(self.time_limit)))
        if budget <= 0.2:
            return None, None, False
        least = build_model(self.problem, (add_coverage, *HARD_RULES))
        if least.impossible_locks:
            return None, None, False
        solver = self._phase_solver(least, budget)
        solver.parameters.cp_model_probing_level = 0
        code = self._run_phase(solver, least.model)
        log.info("least unfilled: %s in %.2fs", solver.status_name(code), solver.wall_time)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, None, False
        cost = sum(term.value(solver) for term in least.terms)
        values = {key: solver.boolean_value(var) for key, var in least.v.x.items()}
        return values, cost, code == cp_model.OPTIMAL

    def _hint_everything(self, built: BuiltModel, start: dict, deadline: float) -> bool:
        """Hint every variable of the model with the roster `start` (a complete hint)."""
        fixed = built.model.clone()
        variables = fixed.proto.variables
        for key, var in built.v.x.items():
            # Fixing the domain in place: a constraint per variable took seconds at scale.
            value, domain = int(start[key]), variables[var.index].domain  # [low, high]
            if not domain[0] <= value <= domain[1]:
                return False
            domain[0] = domain[1] = value
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, min(10.0, deadline - time.monotonic()))
        solver.parameters.num_workers = 1
        code = solver.solve(fixed)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        _hint_from(built, solver)  # the clone keeps the variables' indices
        self._start_objective = sum(term.value(solver) for term in built.terms)
        self._start_solver = solver
        return True

    def _neighbourhood_search(self, built: BuiltModel, deadline: float, callback) -> bool:
        """Improve the start roster by large-neighbourhood search, then hint the main search
        (which brings the bound) with the result. Whether the search used all its time
        (it was still finding better rosters when its time ran out)."""
        remaining = deadline - time.monotonic()
        if remaining < LNS_MIN_SECONDS or self._cancelled.is_set():
            return False
        reserve = MAIN_SHARE * remaining if _main_search_pays(built) else 0.0
        if self._main_reserve is not None:
            reserve = self._main_reserve
        outcome = improve(
            built,
            self._start_solver,
            deadline - (reserve if reserve >= MAIN_MIN_SECONDS else 0.0),
            seed=int(self.seed),
            workers=int(self.workers),
            cancelled=self._cancelled,
            on_phase=self._set_phase,
            on_improve=callback.seen_better,
        )
        log.info(
            "neighbourhood search: %d solves, %d better, objective %d",
            outcome.iterations,
            outcome.improvements,
            outcome.objective,
        )
        if outcome.solver is not None:
            self._start_solver = outcome.solver
            _hint_from(built, outcome.solver)
        return outcome.used_all_time

    def _set_phase(self, solver: cp_model.CpSolver | None) -> None:
        self._phase = solver
        if solver is not None and self._cancelled.is_set():
            solver.stop_search()

    def _beats_start(self, built: BuiltModel) -> bool:
        """Whether the main search's roster is at least as good as the start roster."""
        if self._start_solver is None:
            return True
        main = sum(term.value(self._solver) for term in built.terms)
        return main <= sum(term.value(self._start_solver) for term in built.terms)

    def _conflicting_locks(self, built: BuiltModel) -> list[tuple[Assignment, str]]:
        """A minimal set of conflicting locks: a core of assumptions, shrunk by a deletion
        filter."""
        literal_of = built.ctx.lock_literals
        locks = list(literal_of)
        check = _with_lock_assumptions(built, list(literal_of.values()))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = 10.0
        solver.parameters.num_workers = 1
        if solver.solve(check) == cp_model.INFEASIBLE:
            core = set(solver.sufficient_assumptions_for_infeasibility())
            locks = [lock for lock, lit in literal_of.items() if lit.index in core] or locks
        if len(locks) <= 30:
            for lock in list(locks):
                rest = [other for other in locks if other != lock]
                if rest and self._infeasible_with(built, [literal_of[o] for o in rest]):
                    locks = rest
        return [(lock, lock_conflict(self.problem, lock, locks)) for lock in locks]

    def _infeasible_with(self, built: BuiltModel, literals: list) -> bool:
        """Feasibility only (no objective), on a copy, so the first roster ends the check."""
        check = _with_lock_assumptions(built, literals)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = 2.0
        solver.parameters.num_workers = 1
        return solver.solve(check) == cp_model.INFEASIBLE

    def _extract(
        self,
        built: BuiltModel,
        solver: cp_model.CpSolver,
        status: Status,
        wall: float,
        first: float | None,
        bound: int | None,
    ) -> Roster:
        chosen = sorted(
            Assignment(key[1], key[2], key[3], key[0])
            for key, var in built.v.x.items()
            if solver.boolean_value(var)
        )
        penalties = []
        total = 0
        for term in built.terms:
            cost = term.value(solver)
            total += cost
            if cost:
                penalties.append(Penalty(term.rule, term.who, term.when, cost, term.detail))
        if bound is not None and total <= bound:
            status = Status.OPTIMAL  # a lower bound proved elsewhere (column generation)
        # The roster's own objective, term by term. CP-SAT's objective_value can sit above
        # it: its presolve may relax an exact max/abs term to an inequality, and the
        # postsolved (returned) solution then carries the tight, lower value.
        if status == Status.OPTIMAL and (bound is None or total > bound):
            status = Status.FEASIBLE  # stopped within the gap limit: not proven optimal
        return Roster(
            horizon=self.problem.horizon,
            assignments=tuple(chosen),
            unfilled=tuple(unfilled_of(built, chosen)),
            status=status,
            objective=total,
            bound=bound,
            penalties=tuple(penalties),
            seed=self.seed,
            wall_time=wall,
            first_solution_time=first,
        )


def _with_lock_assumptions(built: BuiltModel, literals: list) -> cp_model.CpModel:
    """A feasibility copy of `built.model` in which only `literals` hold the locks, as
    assumptions (CP-SAT names a core of assumptions when they cannot all hold)."""
    check = built.model.clone()
    check.clear_objective()
    check.clear_assumptions()
    for literal in built.ctx.lock_literals.values():
        domain = check.proto.variables[literal.index].domain
        domain[0], domain[1] = 0, 1
    check.add_assumptions([check.get_bool_var_from_proto_index(lit.index) for lit in literals])
    return check


def _hard_rules_need(hard_to_come: float) -> float:
    """The seconds it takes to build the hard rules, load the model and run a neighbourhood
    search."""
    return hard_to_come * (1 + LOAD_SHARE) + LNS_MIN_SECONDS


def _hard_rules_pay(left: float, hard_to_come: float) -> bool:
    """Whether the time left covers building the hard rules, loading the model and a
    neighbourhood search."""
    return left >= _hard_rules_need(hard_to_come)


def _larger(one: int | None, other: int | None) -> int | None:
    """The larger of two bounds, either of which may be missing."""
    if one is None or other is None:
        return other if one is None else one
    return max(one, other)


def _main_search_pays(built: BuiltModel) -> bool:
    """Whether the model is small enough for a main search after the neighbourhoods."""
    return len(built.model.proto.variables) <= MAIN_MAX_VARIABLES


def _hint_from(built: BuiltModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable of `built.model` with the roster `solver` holds."""
    built.model.clear_hints()
    values = list(solver.response_proto.solution)
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _is_unfilled(term) -> bool:
    return term.rule == "unfilled"


def lock_conflict(problem: Problem, lock: Assignment, locks: list[Assignment]) -> str:
    """The hard rules the locks break together, as the validator names them."""
    from roster.validate import validate

    report = validate(problem, locks)
    slot = f"{lock.post}/{lock.shift}"
    rules = sorted(
        {
            v.rule
            for v in report.violations
            if v.rule != "lock"
            and (v.who == lock.person or (v.who == slot and v.when == lock.date.isoformat()))
        }
    )
    if rules:
        return "breaks " + ", ".join(rules) + " together with the other locks named"
    return "cannot hold together with the other locks named and the hard rules"


def coverage_comes_first(org: Organisation) -> bool:
    """Whether one missing person costs more than any single assignment can add elsewhere.

    Then the goals are solved in priority order: a complete roster, if one exists, is
    kept complete while the other goals are optimised (docs/rules.md, "Priorities").
    """
    w = org.weights
    share_scale = 2 * (1000 + len(org.people))  # 2R bounds the fairness change per unit
    longest = max((s.hours for s in org.shifts.values()), default=0)
    fairness = sum(
        weight * share_scale * (longest if category == "hours" else 1)
        for category, weight in w.fairness.items()
    )
    wish = w.request * max((r.weight for r in org.requests), default=0)
    elsewhere = fairness + wish + w.continuity + max(w.home_far, w.home_same_district)
    return w.unfilled > elsewhere + 2 * w.stability


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
