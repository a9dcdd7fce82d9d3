"""Shortest runs of working days and of days off, inside the horizon.

A run that contains the first or the last horizon day is exempt: what lies outside the
horizon could complete it (docs/rules.md). A forbidden short run is a pattern
`edge, L inner days, edge` with L below the minimum; each one is excluded by one clause.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from roster.domain import Limits
from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def _forbid_short_runs(
    model: cp_model.CpModel,
    ctx: Context,
    v: Variables,
    minimum_of: Callable[[Limits], int],
    working: bool,
) -> None:
    """Forbid runs (of working days if `working`, else of days off) shorter than the minimum."""
    org, dates = ctx.problem.org, ctx.dates
    for person_id in v.by_person:
        minimum = minimum_of(org.people[person_id].limits)
        if minimum <= 1:
            continue
        worked = [v.worked(model, person_id, d) for d in dates]
        for first in range(1, len(dates) - 1):
            for length in range(1, minimum):
                last = first + length - 1
                if last + 1 >= len(dates):
                    break
                clause = _clause(worked, first, last, working)
                if clause is not None:
                    model.add_bool_or(clause)


def _clause(worked: list, first: int, last: int, working: bool) -> list | None:
    """The clause excluding the run [first, last] bounded by the other kind of day.

    None when the pattern is impossible anyway (a day that must work cannot).
    """
    clause = []
    # Edges: the run's kind of day must not stop there.
    for edge in (first - 1, last + 1):
        lit = worked[edge]
        if working:  # edges are days off: the clause asks one of them to be worked
            if lit is not None:
                clause.append(lit)
        else:  # edges are worked days: the clause asks one of them to be off
            if lit is None:
                return None
            clause.append(~lit)
    for inner in range(first, last + 1):
        lit = worked[inner]
        if working:
            if lit is None:
                return None
            clause.append(~lit)
        elif lit is not None:
            clause.append(lit)
    return clause


def add_min_consecutive_days(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _forbid_short_runs(model, ctx, v, lambda limits: limits.min_consecutive_days, True)
    return []


def add_min_consecutive_days_off(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _forbid_short_runs(model, ctx, v, lambda limits: limits.min_consecutive_days_off, False)
    return []
