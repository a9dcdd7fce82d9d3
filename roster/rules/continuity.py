"""Continuity: a volunteer stays at the same community site on consecutive days."""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def _site_days(ctx: Context, v: Variables, person: str) -> dict:
    """(date, site) -> assignment literals of a volunteer at community sites."""
    org = ctx.problem.org
    out: dict = {}
    for key in v.by_person.get(person, []):
        if org.posts[key[3]].kind == "site":
            out.setdefault((key[1], key[3]), []).append(v.x[key])
    return out


def _exact_or(model: cp_model.CpModel, lits: list, name: str):
    if len(lits) == 1:
        return lits[0]
    var = model.new_bool_var(name)
    model.add_max_equality(var, lits)
    return var


def add_continuity(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    weight = ctx.weights.continuity
    terms: list[Term] = []
    if weight <= 0:
        return terms
    for person in ctx.problem.org.people.values():
        if not person.is_volunteer:
            continue
        cells = _site_days(ctx, v, person.id)
        at = {
            k: _exact_or(model, lits, f"site[{person.id},{k[0]},{k[1]}]")
            for k, lits in cells.items()
        }
        on_day: dict = {}  # date -> [(site, literal)], in the order of `at`
        for (d, site), lit in at.items():
            on_day.setdefault(d, []).append((site, lit))
        for day in ctx.dates[:-1]:
            nxt = day + timedelta(days=1)
            today = [lit for _, lit in on_day.get(day, ())]
            if not today:
                continue
            moves = []
            for site, lit in on_day.get(nxt, ()):
                here_today = at.get((day, site))
                if here_today is None:
                    moves.append(lit)
                    continue
                move = model.new_bool_var(f"move[{person.id},{nxt},{site}]")
                model.add_bool_and([lit, here_today.Not()]).only_enforce_if(move)
                model.add_bool_or([lit.Not(), here_today, move])
                moves.append(move)
            if not moves:
                continue
            any_today = _exact_or(model, today, f"onsite[{person.id},{day}]")
            any_move = _exact_or(model, moves, f"anymove[{person.id},{nxt}]")
            change = model.new_bool_var(f"continuity[{person.id},{nxt}]")
            model.add_bool_and([any_today, any_move]).only_enforce_if(change)
            model.add_bool_or([any_today.Not(), any_move.Not(), change])
            terms.append(Term("continuity", person.id, nxt.isoformat(), weight, change))
    return terms
