"""Rolling windows: hours in any 7 days and 24-hour duties in any 28 days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.domain import Horizon, Person, ShiftType
from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def _windows(horizon: Horizon, length: int, past: dict[date, int]) -> list[tuple[date, date, int]]:
    """(first, last, history amount) of the windows worth a constraint.

    Each window is clipped to the horizon; one is dropped when another covers its days and
    carries at least as much history, since that one's constraint implies it.
    """
    first = horizon.start - timedelta(days=length - 1)
    most: dict[tuple[date, date], int] = {}
    for offset in range((horizon.end - first).days + 1):
        lo = first + timedelta(days=offset)
        hi = lo + timedelta(days=length - 1)
        fixed = sum(q for d, q in past.items() if lo <= d <= hi)
        span = (max(lo, horizon.start), min(hi, horizon.end))
        most[span] = max(most.get(span, 0), fixed)
    return [
        (lo, hi, fixed)
        for (lo, hi), fixed in most.items()
        if not any(
            (olo, ohi) != (lo, hi) and olo <= lo and hi <= ohi and ofixed >= fixed
            for (olo, ohi), ofixed in most.items()
        )
    ]


def _add_window_limit(
    model: cp_model.CpModel,
    ctx: Context,
    v: Variables,
    length: int,
    amount: Callable[[ShiftType], int],
    limit_of: Callable[[Person], int],
) -> None:
    org, horizon = ctx.problem.org, ctx.problem.horizon
    windows: dict[tuple, list[tuple[list[date], int]]] = {}  # by history: most have none
    for person_id, keys in v.by_person.items():
        limit = limit_of(org.people[person_id])
        past: dict[date, int] = {}
        for a in ctx.history_of(person_id):
            past[a.date] = past.get(a.date, 0) + amount(org.shifts[a.shift])
        by_day: dict[date, list[tuple[int, cp_model.IntVar]]] = {}
        total = 0
        for k in keys:
            if q := amount(org.shifts[k[2]]):
                by_day.setdefault(k[1], []).append((q, v.x[k]))
                total += q
        if not by_day or total + sum(past.values()) <= limit:
            continue  # not even everything at once could break the limit
        spans = windows.get(key := tuple(sorted(past.items())))
        if spans is None:
            spans = windows[key] = [
                ([lo + timedelta(days=i) for i in range((hi - lo).days + 1)], fixed)
                for lo, hi, fixed in _windows(horizon, length, past)
            ]
        for days, fixed in spans:
            terms = [t for d in days for t in by_day.get(d, ())]
            if terms and fixed + sum(q for q, _ in terms) > limit:
                # History alone may fill a window: then nothing more fits in it.
                expr = cp_model.LinearExpr.weighted_sum(
                    [x for _, x in terms], [q for q, _ in terms]
                )
                model.add(expr <= max(0, limit - fixed))


def add_hours_7d(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _add_window_limit(model, ctx, v, 7, lambda s: s.hours, lambda p: p.limits.max_hours_7d)
    return []


def add_duty24_28d(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    _add_window_limit(
        model, ctx, v, 28, lambda s: int(s.is_24h), lambda p: p.limits.max_24h_per_28d
    )
    return []
