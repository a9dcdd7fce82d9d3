"""At most `max_consecutive_days` working days in a row, history included."""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_consecutive_days(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org, horizon = ctx.problem.org, ctx.problem.horizon
    for person_id in v.by_person:
        limit = org.people[person_id].limits.max_consecutive_days
        past_days = {a.date for a in ctx.history_of(person_id)}
        span = limit + 1
        first = horizon.start - timedelta(days=limit)
        for offset in range((horizon.end - first).days - limit + 1):
            window = [first + timedelta(days=offset + i) for i in range(span)]
            if not any(horizon.contains(d) for d in window):
                continue
            fixed = sum(1 for d in window if d in past_days)
            lits = [w for d in window if (w := v.worked(model, person_id, d)) is not None]
            if fixed + len(lits) > limit:
                model.add(sum(lits) <= max(0, limit - fixed))
    return []
