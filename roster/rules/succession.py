"""Forbidden successions: shift b may not start the day after a day on which shift a starts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables

ONE_DAY = timedelta(days=1)


def add_forbidden_successions(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    pairs = ctx.problem.org.forbidden_successions
    if not pairs:
        return []
    follow: dict[str, set[str]] = defaultdict(set)
    for first, second in pairs:
        follow[first].add(second)
    horizon = ctx.problem.horizon
    for person_id, keys in v.by_person.items():
        on: dict[tuple[date, str], list] = defaultdict(list)
        for key in keys:
            on[(key[1], key[2])].append(v.x[key])
        # The day before the horizon: the history's shifts are facts.
        for past in ctx.history_of(person_id):
            if past.date == horizon.start - ONE_DAY:
                for second in follow.get(past.shift, ()):
                    for lit in on.get((horizon.start, second), ()):
                        model.add(lit == 0)
        for (day, first), lits in on.items():
            for second in follow.get(first, ()):
                later = on.get((day + ONE_DAY, second))
                for lit in lits:
                    for after in later or ():
                        model.add_bool_or([~lit, ~after])
    return []
