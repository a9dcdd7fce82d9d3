"""Stability: each change against a previous roster costs a penalty."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_stability(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    weight, horizon = ctx.weights.stability, ctx.problem.horizon
    previous = {
        (a.person, a.date, a.shift, a.post)
        for a in ctx.problem.previous
        if horizon.contains(a.date)
    }
    terms: list[Term] = []
    if not ctx.problem.previous or weight <= 0:
        return terms
    for key in sorted(previous):
        when = key[1].isoformat()
        if key in v.x:
            terms.append(Term("stability", key[0], when, -weight, v.x[key], weight, "dropped"))
        else:
            terms.append(Term("stability", key[0], when, 0, None, weight, "dropped"))
    for key, x in v.x.items():
        if key not in previous:
            terms.append(Term("stability", key[0], key[1].isoformat(), weight, x, detail="added"))
    return terms
