"""Limits over the whole horizon: shifts per type, total minutes and weekends worked.

Only the roster's own assignments count (docs/rules.md); the history does not.
"""

from __future__ import annotations

from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_max_shifts(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """At most `max_shifts[s]` assignments of shift type `s` per person."""
    org = ctx.problem.org
    for person_id, keys in v.by_person.items():
        caps = org.people[person_id].limits.max_shifts
        if not caps:
            continue
        by_shift: dict[str, list] = {}
        for k in keys:
            if k[2] in caps:
                by_shift.setdefault(k[2], []).append(v.x[k])
        for shift, lits in by_shift.items():
            if len(lits) > caps[shift]:
                model.add(cp_model.LinearExpr.sum(lits) <= caps[shift])
    return []


def add_minutes(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """`min_minutes` <= the sum of shift lengths in the horizon <= `max_minutes`."""
    org = ctx.problem.org
    for person_id, person in org.people.items():
        low, high = person.limits.min_minutes, person.limits.max_minutes
        if low is None and high is None:
            continue
        keys = v.by_person.get(person_id, [])
        lengths = [org.shifts[k[2]].minutes for k in keys]
        most = sum(lengths)
        total = cp_model.LinearExpr.weighted_sum([v.x[k] for k in keys], lengths)
        if low is not None and low > 0:
            if most < low:
                model.add_bool_or([])  # cannot reach the minimum: infeasible
            else:
                model.add(total >= low)
        if high is not None and most > high:
            model.add(total <= high)
    return []


def weekends(dates: tuple[date, ...]) -> list[tuple[date, ...]]:
    """The Saturday/Sunday pairs meeting the horizon, each as its horizon dates."""
    inside = set(dates)
    saturdays = sorted({d - timedelta(days=d.weekday() - 5) for d in dates if d.weekday() >= 5})
    return [tuple(d for d in (sat, sat + timedelta(days=1)) if d in inside) for sat in saturdays]


def add_max_weekends(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """At most `max_weekends` weekends with work on the Saturday, the Sunday or both."""
    org = ctx.problem.org
    pairs = weekends(ctx.dates)
    for person_id in v.by_person:
        cap = org.people[person_id].limits.max_weekends
        if cap is None:
            continue
        flags = []
        for pair in pairs:
            lits = [w for d in pair if (w := v.worked(model, person_id, d)) is not None]
            if not lits:
                continue
            if len(lits) == 1:
                flags.append(lits[0])
                continue
            flag = model.new_bool_var(f"weekend[{person_id},{pair[0]}]")
            for lit in lits:
                model.add_implication(lit, flag)
            flags.append(flag)
        if len(flags) > cap:
            model.add(sum(flags) <= cap)
    return []
