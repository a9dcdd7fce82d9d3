"""A start roster built one person at a time, for models whose hard rules are all personal.

When every slot prices its extra people instead of forbidding them, no hard rule ties two
people together: each person's duties only have to satisfy that person's own limits (rest,
runs, totals, weekends, locks). Such a model's rosters can then be built person by person:
each person, in turn, takes the duties that best cover what the people before them left
open, under their own hard rules. The people together form a roster every hard rule
allows, a start for the neighbourhood search and the main search (large instances
otherwise take minutes to find any roster).

A person's first roster comes from `roster.pattern` (a dynamic program over the days, in a
few hundredths of a second even over a year), or, where it finds none, from CP-SAT on the
person's own model. While the time allows, CP-SAT then improves it, in a small model solved
in a fraction of a second, towards the open heads; otherwise the pattern roster, whose
shifts already lean towards open heads, is taken as it is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.domain import Problem, frozen_map
from roster.model.builder import HARD_RULES, BuiltModel, build_model
from roster.pattern import pattern_roster
from roster.rules.requests import add_requests

log = logging.getLogger(__name__)

PERSON_SECONDS = 0.25  # the most time one person's best roster may take
# With fewer seconds than this for each person still to come, a person's pattern roster
# (roster.pattern) is taken as it is, without a solve to cover more open heads.
ENOUGH_TO_IMPROVE = 0.3
# After this many people in a row whose solve ran out of time without covering more than
# their pattern (where it left a shift covering no open head), the rest get their pattern
# as it is: over a year (Curtois Instance22, 50 people) the solves took 23 s of a 60 s run
# and bettered the start by 1.4% at most, time the neighbourhood search puts to better use
# (BENCHMARKS.md, "Fifth run").
FRUITLESS = 3


def personal_rules_only(built: BuiltModel) -> bool:
    """Whether no hard rule ties people together: every slot may take extra people."""
    return bool(built.v.slots) and all(
        slot.over_weight is not None and not slot.skills for slot in built.v.slots.values()
    )


def own_model(problem: Problem, person: str) -> BuiltModel:
    """`person`'s own model: their hard rules and requests, with nobody else in it."""
    return build_model(alone(problem, person), (*HARD_RULES, add_requests))


def alone(problem: Problem, person: str) -> Problem:
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
    problem: Problem,
    built: BuiltModel,
    deadline: float,
    cancelled: threading.Event,
    last: float | None = None,
) -> dict | None:
    """Values for `built.v.x` forming a roster the hard rules allow, or None (no time, or a
    person with no roster of their own). Past `deadline`, people get their pattern roster
    only, until `last` (default: `deadline`): a whole start is worth a late one."""
    last = deadline if last is None else max(last, deadline)
    open_heads = {key: slot.count for key, slot in built.v.slots.items()}
    chosen: set = set()
    people = sorted(problem.org.people)
    fruitless = 0  # solves in a row that ran out of time without bettering the pattern

    def gain(key) -> int:
        """Taking an open head saves its under-staffing cost; an extra head costs its price."""
        slot = built.v.slots[key[1:]]
        return slot.next_head(slot.count - open_heads[key[1:]], built.ctx.weights.unfilled)

    for done, person in enumerate(people):
        if cancelled.is_set() or time.monotonic() >= last:
            return None
        # An equal share of the time left for each person still to come.
        own_share = max(0.0, deadline - time.monotonic()) / (len(people) - done)
        by_themselves = alone(problem, person)
        pattern = pattern_roster(by_themselves, person, built.v.by_person.get(person, ()), gain)
        if pattern is not None and (own_share < ENOUGH_TO_IMPROVE or fruitless >= FRUITLESS):
            taken = pattern  # no time to improve on it, or solves that do not: as it is
        else:
            taken, proven = _own_best(problem, person, pattern, gain, last, own_share)
            if taken is None:
                log.info("person by person: no roster for %s", person)
                return None
            # Judged only where the pattern left room (a shift that covers no open head).
            if pattern is not None and any(gain(k) <= 0 for k in pattern if k[1:] in open_heads):
                better = _worth(taken, gain, open_heads) > _worth(pattern, gain, open_heads)
                fruitless = 0 if proven or better else fruitless + 1
        for key in taken:
            chosen.add(key)
            if key[1:] in open_heads:
                open_heads[key[1:]] -= 1
    return {key: key in chosen for key in built.v.x}


def _worth(keys: list, gain: Callable, open_heads: dict) -> int:
    """The gain of a person's keys on slots with demand, against the heads still open."""
    return sum(gain(key) for key in keys if key[1:] in open_heads)


def _own_best(
    problem: Problem,
    person: str,
    pattern: list | None,
    gain: Callable,
    deadline: float,
    own_share: float,
) -> tuple[list | None, bool]:
    """The person's keys that cover the most open heads within their own hard rules, found
    by CP-SAT from the pattern (or, without one, from a first roster it looks for), and
    whether the solve proved them the best."""
    own = own_model(problem, person)
    if pattern is not None:
        start = set(pattern)
    else:
        first = _solve(own.model.clone(), deadline, first_only=True)
        if first is None:
            return None, False
        start = {key for key, x in own.v.x.items() if first.boolean_value(x)}
    gains = [gain(key) * x for key, x in own.v.x.items()]
    own.model.minimize(own.objective_expr() - sum(gains))
    for key, x in own.v.x.items():
        own.model.add_hint(x, key in start)
    solver = _solve(own.model, time.monotonic() + own_share)
    if solver is None:
        return sorted(start), False
    proven = solver.response_proto.status == cp_model.OPTIMAL
    return [key for key, x in own.v.x.items() if solver.boolean_value(x)], proven


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
