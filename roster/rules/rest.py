"""No overlap and minimum rest, across days, weeks and the history before the horizon.

An assignment A blocks the extended interval [start, end + rest(A)), where rest
is the person's rest after a 24-hour duty or their minimum rest. Two
assignments conflict exactly when their extended intervals meet, so the
conflicts form an interval graph: an at-most-one over the candidates alive at
each start time covers every conflicting pair with few constraints (and only the
maximal ones are kept).
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


def one_at_a_time(person: Person, shifts: list[ShiftType], day) -> bool:
    """Whether the person can work at most one of `shifts` starting on `day`: their blocked
    intervals (rest included) all meet. Intervals that meet pairwise share a point: the
    latest start is before the earliest end."""
    spans = [blocked(person, shift, day) for shift in shifts]
    return max(b for b, _ in spans) < min(e for _, e in spans)


def add_rest(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    org = ctx.problem.org
    extended: dict[tuple, tuple[datetime, datetime]] = {}  # shared by people with equal rests
    for person_id, keys in v.by_person.items():
        person = org.people[person_id]
        rests = (person.limits.rest_after_24h_hours, person.limits.min_rest_hours)
        starts: dict[tuple, tuple[datetime, datetime]] = {}
        by_start: dict[tuple, list] = {}
        for key in keys:
            start_key = key[1:3]
            if start_key not in starts:
                cached = extended.get(memo := (start_key, rests))
                if cached is None:
                    cached = extended[memo] = blocked(person, org.shifts[key[2]], key[1])
                starts[start_key] = cached
                by_start[start_key] = []
            by_start[start_key].append(v.x[key])
        after_history = set()
        for past in ctx.history_of(person_id):
            past_begin, past_end = blocked(person, org.shifts[past.shift], past.date)
            for start_key, (begin, end) in starts.items():
                if begin < past_end and past_begin < end:
                    after_history.add(start_key)
        for start_key in after_history:
            for x in by_start[start_key]:
                model.add(x == 0)
        _add_cliques(model, starts, by_start)
    return []


def _add_cliques(model: cp_model.CpModel, starts: dict, by_start: dict) -> None:
    """One at-most-one per maximal set of extended intervals alive at a common start time.

    Sweep the start times in order; the set alive at one start is contained in the next
    one's unless some interval ends in between, so only sets followed by an end are kept.
    """
    order = sorted(starts.items(), key=lambda item: item[1][0])
    active: list[tuple[datetime, tuple]] = []
    index = 0
    while index < len(order):
        point = order[index][1][0]
        alive = [(end, start_key) for end, start_key in active if point < end]
        if len(alive) < len(active):
            _at_most_one(model, active, by_start)
        active = alive
        while index < len(order) and order[index][1][0] == point:
            start_key, (_, end) = order[index]
            active.append((end, start_key))
            index += 1
    _at_most_one(model, active, by_start)


def _at_most_one(model: cp_model.CpModel, active: list, by_start: dict) -> None:
    lits = [lit for _, start_key in active for lit in by_start[start_key]]
    if len(lits) > 1:
        model.add_at_most_one(lits)
