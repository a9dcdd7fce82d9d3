"""Locked assignments, each behind an assumption literal so conflicts can be named."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_locks(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """Locks whose variable does not exist are left to the builder's pre-check."""
    for lock in ctx.problem.all_locks():
        key = (lock.person, lock.date, lock.shift, lock.post)
        if key not in v.x:
            continue
        literal = model.new_bool_var(f"lock[{lock.person},{lock.date},{lock.shift},{lock.post}]")
        model.add(v.x[key] == 1).only_enforce_if(literal)
        ctx.lock_literals[lock] = literal
    if ctx.lock_literals:
        model.add_assumptions(list(ctx.lock_literals.values()))
    return []
