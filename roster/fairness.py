"""Fairness facts shared by the model and the reports (no solver here).

docs/rules.md, "Fairness": category units of an assignment, pools, availability
days a_p and the integer availability shares r_p.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from roster.calendar import Calendar
from roster.domain import CATEGORIES, Assignment, Organisation, Person, Problem, ShiftType

GENERAL_POOL = "*"


def units(category: str, shift: ShiftType, day: date, calendar: Calendar) -> int:
    """How much one assignment counts in a fairness category."""
    if category == "duty24":
        return int(shift.is_24h)
    if category == "weekend":
        return int(calendar.info(day).is_weekend)
    if category == "holiday":
        return int(calendar.info(day).is_holiday)
    if category == "night":
        return int(shift.night and not shift.is_24h)
    if category == "hours":
        return shift.hours
    raise ValueError(f"unknown fairness category {category!r}")


def pool_of(org: Organisation, person: Person) -> str:
    for pool in org.fairness_pools:
        if person.skills & pool.skills:
            return pool.id
    return GENERAL_POOL


def available_days(problem: Problem, person: Person, category: str, calendar: Calendar) -> int:
    """a_p: horizon dates off leave, matching an availability window, of the category's kind."""
    leave = problem.leave_of(person.id)
    count = 0
    for day in problem.horizon.dates:
        if any(period.contains(day) for period in leave):
            continue
        if person.availability and not any(
            calendar.matches(day, w.days) for w in person.availability
        ):
            continue
        info = calendar.info(day)
        if category == "weekend" and not info.is_weekend:
            continue
        if category == "holiday" and not info.is_holiday:
            continue
        count += 1
    return count


def shares(availability: dict[str, int]) -> dict[str, int]:
    """r_p = 1000 * a_p / A rounded half up, in integers."""
    total = sum(availability.values())
    return {p: (2000 * a + total) // (2 * total) for p, a in availability.items()}


def loads(
    org: Organisation, assignments: Iterable[Assignment], calendar: Calendar
) -> dict[str, dict[str, int]]:
    """person -> category -> units, over the given assignments."""
    out: dict[str, dict[str, int]] = {}
    for a in assignments:
        if a.person not in org.people or a.shift not in org.shifts:
            continue
        row = out.setdefault(a.person, dict.fromkeys(CATEGORIES, 0))
        for category in CATEGORIES:
            row[category] += units(category, org.shifts[a.shift], a.date, calendar)
    return out
