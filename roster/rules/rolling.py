"""Rolling windows: hours in any 7 days and 24-hour duties in any 28 days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.domain import Person, ShiftType
from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def _add_window_limit(
    model: cp_model.CpModel,
    ctx: Context,
    v: Variables,
    length: int,
    amount: Callable[[ShiftType], int],
    limit_of: Callable[[Person], int],
) -> None:
    org, horizon = ctx.problem.org, ctx.problem.horizon
    first = horizon.start - timedelta(days=length - 1)
    for person_id, keys in v.by_person.items():
        limit = limit_of(org.people[person_id])
        past: dict[date, int] = {}
        for a in ctx.history_of(person_id):
            past[a.date] = past.get(a.date, 0) + amount(org.shifts[a.shift])
        weighted = [(k[1], amount(org.shifts[k[2]]), v.x[k]) for k in keys]
        weighted = [(d, q, x) for d, q, x in weighted if q > 0]
        if not weighted:
            continue
        for offset in range((horizon.end - first).days + 1):
            lo = first + timedelta(days=offset)
            hi = lo + timedelta(days=length - 1)
            fixed = sum(q for d, q in past.items() if lo <= d <= hi)
            terms = [(q, x) for d, q, x in weighted if lo <= d <= hi]
            if terms and fixed + sum(q for q, _ in terms) > limit:
                # History alone may fill a window: then nothing more fits in it.
                model.add(sum(q * x for q, x in terms) <= max(0, limit - fixed))


def add_hours_7d(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _add_window_limit(model, ctx, v, 7, lambda s: s.hours, lambda p: p.limits.max_hours_7d)
    return []


def add_duty24_28d(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _add_window_limit(
        model, ctx, v, 28, lambda s: int(s.is_24h), lambda p: p.limits.max_24h_per_28d
    )
    return []
