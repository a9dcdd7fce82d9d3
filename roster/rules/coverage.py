"""Coverage: missing people are penalised; extra people are forbidden or, per line, priced.

A slot's missing person costs its `under_weight` (default `Weights.unfilled`). Without an
`over_weight` a slot takes at most `count` people; with one, every extra person costs it.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.slots import Slot
from roster.model.terms import Term
from roster.model.variables import Variables


def _staffing_terms(
    model: cp_model.CpModel, slot: Slot, assigned, size: int, weight: int, who: str, when: str
) -> list[Term]:
    """Missing and extra heads of a slot that allows overstaffing, exactly (never both)."""
    terms = []
    missing = extra = None
    if slot.count > 0:
        missing = model.new_int_var(0, slot.count, f"under[{who},{when}]")
    if size > slot.count:
        extra = model.new_int_var(0, size - slot.count, f"over[{who},{when}]")
    if missing is None and extra is None:
        return terms  # count 0 and nobody can come
    model.add(
        assigned + (0 if missing is None else missing) - (0 if extra is None else extra)
        == slot.count
    )
    if missing is not None and extra is not None:
        # The terms must be the roster's exact costs, not just any split of the difference.
        short = model.new_bool_var(f"short[{who},{when}]")
        model.add(extra == 0).only_enforce_if(short)
        model.add(missing == 0).only_enforce_if(~short)
    if missing is not None:
        terms.append(Term("unfilled", who, when, weight, missing))
    if extra is not None:
        terms.append(Term("overstaffing", who, when, slot.over_weight, extra))
    return terms


def add_coverage(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org = ctx.problem.org
    terms: list[Term] = []
    for key, slot in v.slots.items():
        weight = slot.under_cost(ctx.weights.unfilled)
        keys = v.by_slot.get(key, [])
        assigned = cp_model.LinearExpr.sum([v.x[k] for k in keys])
        who, when = f"{slot.post}/{slot.shift}", slot.date.isoformat()
        if slot.over_weight is None:
            if keys:
                model.add(assigned <= slot.count)
            terms.append(Term("unfilled", who, when, -weight, assigned, weight * slot.count))
        else:
            terms += _staffing_terms(model, slot, assigned, len(keys), weight, who, when)
        for skill, minimum in slot.skills.items():
            holders = [v.x[k] for k in keys if skill in org.people[k[0]].skills]
            missing = model.new_int_var(0, minimum, f"missing[{who},{when},{skill}]")
            model.add_max_equality(missing, [0, minimum - cp_model.LinearExpr.sum(holders)])
            terms.append(Term("unfilled", who, when, weight, missing, detail=skill))
    return terms


def add_full_coverage(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """Every slot filled to its count with every skill minimum met (a hard version).

    Slots that allow overstaffing take at least their count; their extra people are the
    only terms (the rest of the coverage cost is 0 by construction).
    """
    org = ctx.problem.org
    terms: list[Term] = []
    for key, slot in v.slots.items():
        keys = v.by_slot.get(key, [])
        assigned = cp_model.LinearExpr.sum([v.x[k] for k in keys])
        if slot.over_weight is None:
            model.add(assigned == slot.count)
        else:
            if slot.count > 0:
                model.add(assigned >= slot.count)
            if len(keys) > slot.count:
                who, when = f"{slot.post}/{slot.shift}", slot.date.isoformat()
                cost = slot.over_weight
                terms.append(Term("overstaffing", who, when, cost, assigned, -cost * slot.count))
        for skill, minimum in slot.skills.items():
            holders = [v.x[k] for k in keys if skill in org.people[k[0]].skills]
            model.add(cp_model.LinearExpr.sum(holders) >= minimum)
    return terms
