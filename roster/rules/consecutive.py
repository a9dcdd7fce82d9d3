"""At most `max_consecutive_days` working days in a row, history included."""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_consecutive_days(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    horizon = ctx.problem.horizon
    people = ctx.problem.org.people
    for person_id in v.by_person:
        limit = people[person_id].limits.max_consecutive_days
        past_days = {a.date for a in ctx.history_of(person_id)}
        # Every window of limit + 1 days that meets the horizon, sliding over these days.
        first = horizon.start - timedelta(days=limit)
        days = [first + timedelta(days=i) for i in range((horizon.end - first).days + 1)]
        worked = [v.worked(model, person_id, d) if horizon.contains(d) else None for d in days]
        for offset in range(len(days) - limit):
            fixed = sum(1 for d in days[offset : offset + limit + 1] if d in past_days)
            lits = [w for w in worked[offset : offset + limit + 1] if w is not None]
            if fixed + len(lits) > limit:
                model.add(cp_model.LinearExpr.sum(lits) <= max(0, limit - fixed))
    return []
