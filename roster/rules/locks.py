"""Locked assignments, each behind its own literal so conflicts can be named.

The literals are fixed true (their domain is [1, 1]), not passed as assumptions: CP-SAT
searches with one thread only while assumptions are set. When the locks conflict,
`roster.solve` frees the literals on a copy and asks for a core of assumptions there.
"""

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
        domain = model.proto.variables[literal.index].domain
        domain[0] = domain[1] = 1
        ctx.lock_literals[lock] = literal
    return []
