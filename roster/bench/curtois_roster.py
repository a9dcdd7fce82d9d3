"""A Curtois & Qu instance as a roster `Problem`, and schedules in both directions.

The instance becomes the project's own domain model, so that roster's model, solver and
validator work on it unchanged (the mapping, rule by rule, is in bench/curtois/README.md and
BENCHMARKS.md):

* every shift type is a `ShiftType` starting at 00:00 with the instance's length; there is
  one post, `ward`, open to everyone;
* the horizon starts on `START` (a Monday, as day 0 of every instance) and the calendar has
  no public holidays (`country=""`), so weekends are plain Saturdays and Sundays;
* `CannotFollow` lists become `Organisation.forbidden_successions`; staff limits become
  `Limits` (`max_shifts`, `min_minutes`, `max_minutes`, `max_consecutive_days`,
  `min_consecutive_days`, `min_consecutive_days_off`, `max_weekends`), with the rest and
  rolling-window rules of roster switched off;
* days off become one-day leave; shift-on requests are `shift` requests, shift-off requests
  `avoid` requests, with their weights and `Weights.request = 1`;
* every cover line is demand at `ward` with its own `under_weight` and `over_weight`
  (overstaffing allowed at a cost); `Weights.unfilled` is 0 (unused: every line has its own
  weight) and every other weight is 0, so the objective is the instance's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, time, timedelta

from roster.bench.curtois_format import CurtoisInstance, ScheduleRow
from roster.domain import (
    STAFF,
    Assignment,
    CalendarConfig,
    DateRange,
    DayPattern,
    Demand,
    Horizon,
    Limits,
    Organisation,
    Person,
    Post,
    Problem,
    Request,
    ShiftType,
    Unit,
    Weights,
    frozen_map,
)

START = date(2024, 1, 1)  # a Monday
POST = "ward"
UNIT = "ward"

# roster's own working-time rules that the benchmark does not have: off.
NO_REST = {"min_rest_hours": 0.0, "rest_after_24h_hours": 0.0}
NO_WINDOWS = {"max_hours_7d": 10**6, "max_24h_per_28d": 10**6}


def _day(number: int) -> date:
    return START + timedelta(days=number)


def _limits(instance: CurtoisInstance, staff) -> Limits:
    horizon = instance.horizon
    # A cap equal to the horizon (or more) is no cap; the parser reads a type a line omits
    # as cap 0 (never happens in the published set).
    caps = {s: cap for s, cap in staff.max_shifts.items() if cap < horizon}
    return Limits(
        **NO_REST,
        **NO_WINDOWS,
        max_consecutive_days=staff.max_consecutive_shifts,
        max_shifts=frozen_map(caps),
        min_minutes=staff.min_total_minutes or None,
        max_minutes=staff.max_total_minutes,
        min_consecutive_days=staff.min_consecutive_shifts,
        min_consecutive_days_off=staff.min_consecutive_days_off,
        max_weekends=staff.max_weekends,
    )


def _leave(days: Iterable[int]) -> tuple[DateRange, ...]:
    """Days off as leave, consecutive days merged into one range."""
    ranges: list[list[int]] = []
    for day in sorted(days):
        if ranges and day == ranges[-1][1] + 1:
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return tuple(DateRange(_day(lo), _day(hi), "day off") for lo, hi in ranges)


def _demand(instance: CurtoisInstance) -> tuple[Demand, ...]:
    """Cover lines grouped by (shift, requirement, weights): one demand line per group."""
    groups: dict[tuple[str, int, int, int], set[date]] = defaultdict(set)
    for line in instance.cover:
        key = (line.shift, line.requirement, line.weight_under, line.weight_over)
        groups[key].add(_day(line.day))
    return tuple(
        Demand(
            POST,
            shift,
            count,
            DayPattern("dates", frozenset(days)),
            under_weight=under,
            over_weight=over,
        )
        for (shift, count, under, over), days in groups.items()
    )


def to_problem(instance: CurtoisInstance) -> Problem:
    """The instance as a roster Problem (see the module docstring for the mapping)."""
    shifts = {
        s.id: ShiftType(s.id, s.id, s.id, time(0, 0), s.length) for s in instance.shifts.values()
    }
    people = {
        staff.id: Person(
            staff.id,
            staff.id,
            UNIT,
            kind=STAFF,
            limits=_limits(instance, staff),
            leave=_leave(instance.fixed_days_off(staff.id)),
        )
        for staff in instance.staff.values()
    }
    requests = [
        Request(r.employee, _day(r.day), "shift", r.weight, r.shift) for r in instance.on_requests
    ]
    requests += [
        Request(r.employee, _day(r.day), "avoid", r.weight, r.shift) for r in instance.off_requests
    ]
    successions = frozenset(
        (s.id, after) for s in instance.shifts.values() for after in s.cannot_follow
    )
    weights = Weights(
        unfilled=0,
        fairness=frozen_map(dict.fromkeys(Weights().fairness, 0)),
        fairness_tolerance=frozen_map(dict.fromkeys(Weights().fairness_tolerance, 0)),
        request=1,
        continuity=0,
        home_same_district=0,
        home_far=0,
        team_lead=0,
        stability=0,
    )
    org = Organisation(
        name=instance.name or "curtois",
        units=frozen_map({UNIT: Unit(UNIT, UNIT)}),
        skills=frozen_map(),
        communities=frozen_map(),
        people=frozen_map(people),
        shifts=frozen_map(shifts),
        posts=frozen_map({POST: Post(POST, POST, POST, "desk")}),
        demand=_demand(instance),
        requests=tuple(requests),
        weights=weights,
        calendar=CalendarConfig(country=""),
        source=instance.source,
        forbidden_successions=successions,
    )
    return Problem(org, Horizon(START, instance.horizon))


def to_assignments(rows: Iterable[ScheduleRow]) -> list[Assignment]:
    """Schedule rows `(employee, day, shift)` as roster assignments at the ward."""
    return [Assignment(_day(day), shift, POST, employee) for employee, day, shift in rows]


def to_rows(assignments: Iterable[Assignment]) -> list[ScheduleRow]:
    """Roster assignments as schedule rows `(employee, day, shift)`."""
    return sorted((a.person, (a.date - START).days, a.shift) for a in assignments)
