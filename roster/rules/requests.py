"""Requests: day-off, shift and avoid-shift wishes with weights."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_requests(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    horizon = ctx.problem.horizon
    terms: list[Term] = []
    for req in ctx.problem.org.requests:
        if not horizon.contains(req.date) or req.person not in ctx.problem.org.people:
            continue
        cost = ctx.weights.request * req.weight
        rule, when = f"request.{req.kind}", req.date.isoformat()
        if req.kind == "day_off":
            worked = v.worked(model, req.person, req.date)
            if worked is not None:
                terms.append(Term(rule, req.person, when, cost, worked))
            continue
        lits = [
            v.x[k] for k in v.by_person_day.get((req.person, req.date), []) if k[2] == req.shift
        ]
        on_shift = sum(lits) if lits else None
        if req.kind == "shift":
            terms.append(Term(rule, req.person, when, -cost, on_shift, cost))
        elif on_shift is not None:
            terms.append(Term(rule, req.person, when, cost, on_shift))
    return terms
