"""Forbidden successions: shift b may not start the day after a day on which shift a starts.

First shifts with the same followers are taken together. On each day, their literals and
those of their followers on the next day form one at-most-one when neither side can hold
two assignments anyway (their blocked intervals all meet, so the no-overlap rule already
allows one at most): a clique instead of every forbidden pair. Otherwise a helper literal
"a follower is worked tomorrow" links the two sides, in as many clauses as literals.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.domain import Person
from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables
from roster.rules.rest import one_at_a_time

ONE_DAY = timedelta(days=1)


def add_forbidden_successions(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    pairs = ctx.problem.org.forbidden_successions
    if not pairs:
        return []
    follow: dict[str, set[str]] = defaultdict(set)
    for first, second in pairs:
        follow[first].add(second)
    # First shifts grouped by their followers: followers -> first shifts.
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for first, seconds in sorted(follow.items()):
        groups[frozenset(seconds)].append(first)
    org, horizon = ctx.problem.org, ctx.problem.horizon
    exclusive = _Exclusive(ctx)
    for person_id, keys in v.by_person.items():
        person = org.people[person_id]
        on: dict[date, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for key in keys:
            on[key[1]][key[2]].append(v.x[key])
        # The day before the horizon: the history's shifts are facts.
        for past in ctx.history_of(person_id):
            if past.date == horizon.start - ONE_DAY and horizon.start in on:
                for second in follow.get(past.shift, ()):
                    for lit in on[horizon.start].get(second, ()):
                        model.add(lit == 0)
        for day, today in on.items():
            tomorrow = on.get(day + ONE_DAY)
            if tomorrow is None:
                continue
            for seconds, firsts in groups.items():
                before = [s for s in firsts if s in today]
                after = [s for s in seconds if s in tomorrow] if before else None
                if before and after:
                    first_lits = [lit for s in before for lit in today[s]]
                    second_lits = [lit for s in after for lit in tomorrow[s]]
                    clique = exclusive(person, before) and exclusive(person, after)
                    _forbid(model, first_lits, second_lits, clique)
    return []


def _forbid(model: cp_model.CpModel, first_lits: list, second_lits: list, clique: bool) -> None:
    """No literal of `first_lits` together with one of `second_lits`; `clique` when neither
    side can hold two true literals anyway."""
    if clique:
        model.add_at_most_one(first_lits + second_lits)
    elif len(first_lits) * len(second_lits) <= len(first_lits) + len(second_lits) + 1:
        for a in first_lits:
            for b in second_lits:
                model.add_bool_or([~a, ~b])
    else:
        followed = model.new_bool_var("")
        for b in second_lits:
            model.add_implication(b, followed)
        for a in first_lits:
            model.add_implication(a, ~followed)


class _Exclusive:
    """Whether a person can work at most one of some shifts starting on one day: their
    blocked intervals (rest included) all meet, so the no-overlap rule keeps them apart.

    Shift intervals are naive local times, the same on every day: the answer depends on
    the shifts and the person's rests only, and is kept for them.
    """

    def __init__(self, ctx: Context) -> None:
        self._shifts = ctx.problem.org.shifts
        self._day = ctx.problem.horizon.start
        self._known: dict[tuple, bool] = {}

    def __call__(self, person: Person, shifts: list[str]) -> bool:
        if len(shifts) == 1:
            return True  # one shift type: its assignments on a day share their interval
        limits = person.limits
        key = (tuple(shifts), limits.min_rest_hours, limits.rest_after_24h_hours)
        known = self._known.get(key)
        if known is None:
            types = [self._shifts[s] for s in shifts]
            known = self._known[key] = one_at_a_time(person, types, self._day)
        return known
