"""Every deployment team has a team lead or an experienced member."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def add_team_lead(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org, weight = ctx.problem.org, ctx.weights.team_lead
    terms: list[Term] = []
    if weight <= 0:
        return terms
    for key, slot in v.slots.items():
        if not org.posts[slot.post].team:
            continue
        who, when = f"{slot.post}/{slot.shift}", slot.date.isoformat()
        leads = [
            v.x[k]
            for k in v.by_slot.get(key, [])
            if org.team_lead_skill in org.people[k[0]].skills or org.people[k[0]].experienced
        ]
        if not leads:
            terms.append(Term("team_lead", who, when, 0, None, weight))
            continue
        missing = model.new_bool_var(f"no_lead[{who},{when}]")
        model.add_bool_or([*leads, missing])
        for lead in leads:
            model.add_implication(lead, missing.Not())
        terms.append(Term("team_lead", who, when, weight, missing))
    return terms


def add_team_lead_required(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    """A hard version for the fill phase: every team slot gets a lead or experienced member."""
    org = ctx.problem.org
    for key, slot in v.slots.items():
        if not org.posts[slot.post].team:
            continue
        leads = [
            v.x[k]
            for k in v.by_slot.get(key, [])
            if org.team_lead_skill in org.people[k[0]].skills or org.people[k[0]].experienced
        ]
        if leads:
            model.add_bool_or(leads)
    return []
