"""Coverage: never more people than a slot needs; every missing person is penalised."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_coverage(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org = ctx.problem.org
    weight = ctx.weights.unfilled
    terms: list[Term] = []
    for key, slot in v.slots.items():
        keys = v.by_slot.get(key, [])
        assigned = sum(v.x[k] for k in keys)
        if keys:
            model.add(assigned <= slot.count)
        who, when = f"{slot.post}/{slot.shift}", slot.date.isoformat()
        terms.append(Term("unfilled", who, when, -weight, assigned, weight * slot.count))
        for skill, minimum in slot.skills.items():
            holders = [v.x[k] for k in keys if skill in org.people[k[0]].skills]
            missing = model.new_int_var(0, minimum, f"missing[{who},{when},{skill}]")
            model.add_max_equality(missing, [0, minimum - sum(holders)])
            terms.append(Term("unfilled", who, when, weight, missing, detail=skill))
    return terms


def add_full_coverage(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """Every slot filled to its count with every skill minimum met (a hard version)."""
    org = ctx.problem.org
    for key, slot in v.slots.items():
        keys = v.by_slot.get(key, [])
        model.add(sum(v.x[k] for k in keys) == slot.count)
        for skill, minimum in slot.skills.items():
            model.add(sum(v.x[k] for k in keys if skill in org.people[k[0]].skills) >= minimum)
    return []
