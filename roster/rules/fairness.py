"""Fairness: each category's load shared pro-rata to availability within a pool.

docs/rules.md, "Fairness", gives the formula; in short, for member p of a pool
with availability share r_p (out of R) and load L_p (history included),
dev_p = R * L_p - r_p * sum(L) and the cost is weight * |dev_p|.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.domain import CATEGORIES
from roster.fairness import available_days, pool_of, shares, units
from roster.model.context import Context
from roster.model.eligibility import passes_post
from roster.model.terms import Term
from roster.model.variables import Variables


def members(ctx: Context, v: Variables, category: str) -> dict[str, list[str]]:
    """Pool id -> members eligible for and available in the category."""
    return {pool: list(days) for pool, days in _pools(ctx, v, category).items()}


def _pools(ctx: Context, v: Variables, category: str) -> dict[str, dict[str, int]]:
    """Pool id -> member -> available days a_p in the category (pools of 2 or more)."""
    problem, org, calendar = ctx.problem, ctx.problem.org, ctx.calendar
    posts_with_units = sorted(
        {
            slot.post
            for slot in v.slots.values()
            if units(category, org.shifts[slot.shift], slot.date, calendar) > 0
        }
    )
    posts = [org.posts[p] for p in posts_with_units]
    # Whether a post admits a person depends only on their skills and kind: ask once per kind.
    admitted: dict[tuple, bool] = {}
    pools: dict[str, dict[str, int]] = {}
    for person in org.people.values():
        kind = (person.skills, person.is_volunteer)
        if kind not in admitted:
            admitted[kind] = any(passes_post(person, post) for post in posts)
        if not admitted[kind]:
            continue
        days = available_days(problem, person, category, calendar)
        if days:
            pools.setdefault(pool_of(org, person), {})[person.id] = days
    return {pool: days for pool, days in pools.items() if len(days) >= 2}


def add_fairness(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org, calendar = ctx.problem.org, ctx.calendar
    terms: list[Term] = []
    unit_of: dict[tuple, int] = {}  # (category, shift, date) -> units of one assignment

    def unit(category: str, shift: str, day) -> int:
        key = (category, shift, day)
        if key not in unit_of:
            unit_of[key] = units(category, org.shifts[shift], day, calendar)
        return unit_of[key]

    for category in CATEGORIES:
        weight = org.weights.fairness.get(category, 0)
        if weight <= 0:
            continue
        for pool, a in _pools(ctx, v, category).items():
            ids = list(a)
            r = shares(a)
            big_r = sum(r.values())
            loads, upper = {}, {}
            for p in ids:
                past = sum(unit(category, h.shift, h.date) for h in ctx.history_of(p))
                xs, qs = [], []
                for k in v.by_person.get(p, []):
                    q = unit(category, k[2], k[1])
                    if q > 0:
                        xs.append(v.x[k])
                        qs.append(q)
                loads[p] = cp_model.LinearExpr.weighted_sum(xs, qs) + past
                upper[p] = past + sum(qs)
            total_max = sum(upper.values())
            total = model.new_int_var(0, total_max, f"fair_total[{category},{pool}]")
            model.add(total == cp_model.LinearExpr.sum(list(loads.values())))
            when = ctx.problem.horizon.start.isoformat()
            band = big_r * org.weights.fairness_tolerance.get(category, 0)
            for p in ids:
                bound = big_r * upper[p] + r[p] * total_max
                dev = model.new_int_var(0, bound, f"fair_dev[{category},{pool},{p}]")
                model.add_abs_equality(dev, big_r * loads[p] - r[p] * total)
                excess = model.new_int_var(0, bound, f"fair_excess[{category},{pool},{p}]")
                model.add_max_equality(excess, [0, dev - band])
                terms.append(Term(f"fairness.{category}", p, when, weight, excess, detail=pool))
    return terms
