"""A start roster built one person at a time, for models whose hard rules are all personal.

When every slot prices its extra people instead of forbidding them, no hard rule ties two
people together: each person's duties only have to satisfy that person's own limits (rest,
runs, totals, weekends, locks). Such a model's rosters can then be built person by person:
each person, in turn, takes the duties that best cover what the people before them left
open, under their own hard rules, in a small model solved in a fraction of a second. The
people together form a roster every hard rule allows, a start for the neighbourhood search
and the main search (large instances otherwise take minutes to find any roster).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.domain import Problem, frozen_map
from roster.model.builder import HARD_RULES, BuiltModel, build_model
from roster.rules.requests import add_requests

log = logging.getLogger(__name__)

PERSON_SECONDS = 0.25  # the most time one person's best roster may take


def personal_rules_only(built: BuiltModel) -> bool:
    """Whether no hard rule ties people together: every slot may take extra people."""
    return bool(built.v.slots) and all(
        slot.over_weight is not None and not slot.skills for slot in built.v.slots.values()
    )


def own_model(problem: Problem, person: str) -> BuiltModel:
    """`person`'s own model: their hard rules and requests, with nobody else in it."""
    return build_model(_alone(problem, person), (*HARD_RULES, add_requests))


def _alone(problem: Problem, person: str) -> Problem:
    """The problem with only `person` in it (their history, locks and leave kept)."""
    org = problem.org
    return replace(
        problem,
        org=replace(
            org,
            people=frozen_map({person: org.people[person]}),
            locks=tuple(a for a in org.locks if a.person == person),
            requests=tuple(r for r in org.requests if r.person == person),
        ),
        history=tuple(a for a in problem.history if a.person == person),
        previous=tuple(a for a in problem.previous if a.person == person),
        locks=tuple(a for a in problem.locks if a.person == person),
    )


def person_by_person(
    problem: Problem, built: BuiltModel, deadline: float, cancelled: threading.Event
) -> dict | None:
    """Values for `built.v.x` forming a roster the hard rules allow, or None (no time, or a
    person with no roster of their own)."""
    open_heads = {key: slot.count for key, slot in built.v.slots.items()}
    chosen: set = set()
    people = sorted(problem.org.people)
    for done, person in enumerate(people):
        if cancelled.is_set() or time.monotonic() >= deadline:
            return None
        # An equal share of the time left for each person still to come.
        own_deadline = time.monotonic() + (deadline - time.monotonic()) / (len(people) - done)
        own = own_model(problem, person)
        gains = []
        for key, x in own.v.x.items():
            slot = built.v.slots.get(key[1:])
            if slot is None:
                continue
            under = built.ctx.weights.unfilled if slot.under_weight is None else slot.under_weight
            # Taking an open head saves its under-staffing cost; an extra head costs its price.
            gains.append((under if open_heads[key[1:]] > 0 else -slot.over_weight) * x)
        feasible = _solve(own.model.clone(), deadline, first_only=True)
        if feasible is None:
            log.info("person by person: no roster for %s", person)
            return None
        own.model.minimize(own.objective_expr() - sum(gains))
        for x in own.v.x.values():
            own.model.add_hint(x, feasible.boolean_value(x))
        solver = _solve(own.model, own_deadline) or feasible
        for key, x in own.v.x.items():
            if solver.boolean_value(x):
                chosen.add(key)
                if key[1:] in open_heads:
                    open_heads[key[1:]] -= 1
    return {key: key in chosen for key in built.v.x}


def _solve(
    model: cp_model.CpModel, deadline: float, *, first_only: bool = False
) -> cp_model.CpSolver | None:
    """One person's roster: any (`first_only`), or the best within the time; None if none."""
    solver = cp_model.CpSolver()
    if first_only:
        # Without an objective the search goes straight for a roster; with a tight window
        # on total minutes, an objective can keep it from finding one for many seconds.
        model.clear_objective()
        solver.parameters.stop_after_first_solution = True
    # Two workers: the feasibility-jump local search runs only beside the main search.
    solver.parameters.num_workers = 2
    seconds = deadline - time.monotonic()
    solver.parameters.max_time_in_seconds = max(
        0.05, seconds if first_only else min(PERSON_SECONDS, seconds)
    )
    code = solver.solve(model)
    return solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
