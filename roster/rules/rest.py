"""No overlap and minimum rest, across days, weeks and the history before the horizon.

An assignment A blocks the extended interval [start, end + rest(A)), where rest
is the person's rest after a 24-hour duty or their minimum rest. Two
assignments conflict exactly when their extended intervals meet, so the
conflicts form an interval graph: an at-most-one over the candidates alive at
each start time covers every conflicting pair with few constraints.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ortools.sat.python import cp_model

from roster.domain import Person, ShiftType
from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def blocked(person: Person, shift: ShiftType, day) -> tuple[datetime, datetime]:
    """The extended interval an assignment keeps the person from other work."""
    begin, end = shift.interval(day)
    rest = person.limits.rest_after_24h_hours if shift.is_24h else person.limits.min_rest_hours
    return begin, end + timedelta(hours=rest)


def add_rest(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org = ctx.problem.org
    for person_id, keys in v.by_person.items():
        person = org.people[person_id]
        starts: dict[tuple, tuple[datetime, datetime]] = {}
        for key in keys:
            starts.setdefault(key[1:3], blocked(person, org.shifts[key[2]], key[1]))
        after_history = set()
        for past in ctx.history_of(person_id):
            past_begin, past_end = blocked(person, org.shifts[past.shift], past.date)
            for start_key, (begin, end) in starts.items():
                if begin < past_end and past_begin < end:
                    after_history.add(start_key)
        for key in keys:
            if key[1:3] in after_history:
                model.add(v.x[key] == 0)
        by_start: dict[tuple, list] = {}
        for key in keys:
            by_start.setdefault(key[1:3], []).append(v.x[key])
        # Sweep the start times in order, keeping the extended intervals alive at each.
        order = sorted(starts.items(), key=lambda item: item[1][0])
        active: list[tuple[datetime, tuple]] = []
        index = 0
        while index < len(order):
            point = order[index][1][0]
            while index < len(order) and order[index][1][0] == point:
                start_key, (_, end) = order[index]
                active.append((end, start_key))
                index += 1
            active = [(end, start_key) for end, start_key in active if point < end]
            alive = [lit for _, start_key in active for lit in by_start[start_key]]
            if len(alive) > 1:
                model.add_at_most_one(alive)
    return []
