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
    problem, org, calendar = ctx.problem, ctx.problem.org, ctx.calendar
    posts_with_units = {
        slot.post
        for slot in v.slots.values()
        if units(category, org.shifts[slot.shift], slot.date, calendar) > 0
    }
    pools: dict[str, list[str]] = {}
    for person in org.people.values():
        if not any(passes_post(person, org.posts[p]) for p in posts_with_units):
            continue
        if available_days(problem, person, category, calendar) == 0:
            continue
        pools.setdefault(pool_of(org, person), []).append(person.id)
    return {pool: ids for pool, ids in pools.items() if len(ids) >= 2}


def add_fairness(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org, calendar = ctx.problem.org, ctx.calendar
    terms: list[Term] = []
    for category in CATEGORIES:
        weight = org.weights.fairness.get(category, 0)
        if weight <= 0:
            continue
        for pool, ids in members(ctx, v, category).items():
            a = {p: available_days(ctx.problem, org.people[p], category, calendar) for p in ids}
            r = shares(a)
            big_r = sum(r.values())
            loads, upper = {}, {}
            for p in ids:
                past = sum(
                    units(category, org.shifts[h.shift], h.date, calendar)
                    for h in ctx.history_of(p)
                )
                parts = [
                    (units(category, org.shifts[k[2]], k[1], calendar), v.x[k])
                    for k in v.by_person.get(p, [])
                ]
                parts = [(q, x) for q, x in parts if q > 0]
                loads[p] = past + sum(q * x for q, x in parts)
                upper[p] = past + sum(q for q, _ in parts)
            total_max = sum(upper.values())
            total = model.new_int_var(0, total_max, f"fair_total[{category},{pool}]")
            model.add(total == sum(loads.values()))
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
