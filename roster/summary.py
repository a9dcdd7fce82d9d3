"""The text printed by `roster check`: what the config holds, and a rough capacity check.

The capacity figure is deliberately rough: a person's available hours in the
horizon are the hours of their availability windows (24 a day without windows)
on days they are not on leave, capped by `max_hours_7d` scaled to the horizon;
a person holding several skills counts fully for each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roster.calendar import Calendar
from roster.domain import Demand, Horizon, Organisation, Person, Window
from roster.textwidth import align

INDENT = "  "


@dataclass(frozen=True)
class SkillLoad:
    """Demand on one skill in a horizon against the rough capacity of its holders."""

    skill: str
    shifts: int
    hours: int
    holders: int
    available: int

    @property
    def short(self) -> bool:
        return self.hours > self.available


def next_week(today: date | None = None) -> Horizon:
    """The next Monday-to-Sunday week after `today` (default: the real today)."""
    today = today or date.today()
    return Horizon(today + timedelta(days=7 - today.weekday()), 7)


def summarize(org: Organisation, horizon: Horizon | None = None) -> str:
    """Organisation, counts, people per unit and skill, and demand against capacity."""
    horizon = horizon or next_week()
    sections = [
        _header(org),
        _per_unit(org),
        _per_skill(org),
        _capacity(org, horizon, Calendar(org.calendar)),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


# --- counts -----------------------------------------------------------------------


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _label(name: str, ident: str) -> str:
    return ident if name in ("", ident) else f"{name} ({ident})"


def _split(people: Iterable[Person]) -> tuple[str, str, str]:
    """Counts of people, staff and volunteers, as table cells."""
    group = list(people)
    volunteers = sum(p.is_volunteer for p in group)
    return str(len(group)), str(len(group) - volunteers), str(volunteers)


def _header(org: Organisation) -> list[str]:
    total, staff, volunteers = _split(org.people.values())
    return [
        f"{org.name} ({org.source})",
        f"{INDENT}{total} people ({staff} staff, {volunteers} volunteers) in "
        f"{_n(len(org.units), 'unit')}; {_n(len(org.skills), 'skill')}, "
        f"{_n(len(org.shifts), 'shift')}, {_n(len(org.posts), 'post')}, "
        f"{_n(len(org.communities), 'community', 'communities')}",
        f"{INDENT}{_n(len(org.demand), 'demand line')}, {_n(len(org.requests), 'request')}, "
        f"{_n(len(org.locks), 'lock')}, {_n(len(org.fairness_pools), 'fairness pool')}",
    ]


def _table(title: str, rows: list[list[str]]) -> list[str]:
    """A titled table; every column but the first is right-aligned."""
    right = range(1, max(len(r) for r in rows))
    return [title, *(INDENT + line for line in align(rows, right=right))]


def _per_unit(org: Organisation) -> list[str]:
    rows = [["unit", "people", "staff", "volunteers"]]
    for unit in org.units.values():
        members = [p for p in org.people.values() if p.unit == unit.id]
        rows.append([_label(unit.name, unit.id), *_split(members)])
    return _table("People per unit", rows)


def _per_skill(org: Organisation) -> list[str]:
    rows = [["skill", "people", "staff", "volunteers"]]
    for skill in org.skills.values():
        holders = [p for p in org.people.values() if skill.id in p.skills]
        rows.append([_label(skill.name, skill.id), *_split(holders)])
    unskilled = [p for p in org.people.values() if not p.skills]
    if unskilled:
        rows.append(["(no skill)", *_split(unskilled)])
    return _table("People per skill", rows)


# --- capacity ---------------------------------------------------------------------


def _matches(demand: Demand, day: date, calendar: Calendar) -> bool:
    if (demand.start and day < demand.start) or (demand.end and day > demand.end):
        return False
    if demand.days.kind == "dates":
        return day in demand.days.dates
    return calendar.matches(day, demand.days.kind)


def _skill_needs(org: Organisation, horizon: Horizon, calendar: Calendar) -> Counter:
    """Person-shifts and person-hours needed per skill, keyed ("shifts"|"hours", skill).

    A slot needs its skill minimums; if its post admits holders of a single skill,
    its whole count needs that skill. "*" is the total headcount.
    """
    slots: dict[tuple[date, str, str], Counter] = {}
    for day in horizon.dates:
        for line in org.demand:
            if line.count and _matches(line, day, calendar):
                slot = slots.setdefault((day, line.shift, line.post), Counter())
                slot.update({"*": line.count, **line.skills})
    needs: Counter = Counter()
    for (_, shift, post), slot in slots.items():
        eligible = org.posts[post].eligible_skills
        if len(eligible) == 1:
            (only,) = eligible
            slot[only] = max(slot[only], slot["*"])
        for skill, count in slot.items():
            needs["shifts", skill] += count
            needs["hours", skill] += count * org.shifts[shift].hours
    return needs


def _window_hours(window: Window) -> float:
    start = datetime.combine(date.min, window.start)
    end = datetime.combine(date.min, window.end)
    if end <= start:
        end += timedelta(days=1)
    return (end - start).total_seconds() / 3600


def _day_hours(person: Person, day: date, calendar: Calendar) -> float:
    if any(leave.contains(day) for leave in person.leave):
        return 0.0
    if not person.availability:
        return 24.0
    windows = [w for w in person.availability if calendar.matches(day, w.days)]
    return min(24.0, sum(_window_hours(w) for w in windows))


def available_hours(person: Person, horizon: Horizon, calendar: Calendar) -> float:
    """Rough hours a person can work in the horizon (windows, leave, weekly cap)."""
    hours = sum(_day_hours(person, day, calendar) for day in horizon.dates)
    return min(hours, person.limits.max_hours_7d * horizon.days / 7)


def skill_loads(org: Organisation, horizon: Horizon, calendar: Calendar) -> list[SkillLoad]:
    """Demand per demanded skill (config order), then the total as skill "*"."""
    needs = _skill_needs(org, horizon, calendar)
    hours = {p.id: available_hours(p, horizon, calendar) for p in org.people.values()}
    loads = []
    for skill in [*org.skills, "*"]:
        if not needs["shifts", skill]:
            continue
        holders = [p for p in org.people.values() if skill == "*" or skill in p.skills]
        capacity = round(sum(hours[p.id] for p in holders))
        loads.append(
            SkillLoad(skill, needs["shifts", skill], needs["hours", skill], len(holders), capacity)
        )
    return loads


def _capacity(org: Organisation, horizon: Horizon, calendar: Calendar) -> list[str]:
    title = (
        f"Demand {horizon.start} .. {horizon.end} ({_n(horizon.days, 'day')}) "
        "against available person-hours"
    )
    loads = skill_loads(org, horizon, calendar)
    if not loads:
        return [title, f"{INDENT}no demand in this horizon"]
    rows = [["skill", "shifts", "hours", "holders", "available"]]
    for load in loads:
        name = "all demand" if load.skill == "*" else _skill_label(org, load.skill)
        cells = [load.shifts, load.hours, load.holders, load.available]
        rows.append([name, *map(str, cells)])
    return [*_table(title, rows), *_warnings(org, loads)]


def _skill_label(org: Organisation, skill: str) -> str:
    return _label(org.skills[skill].name, skill) if skill in org.skills else skill


def _warnings(org: Organisation, loads: list[SkillLoad]) -> list[str]:
    lines = []
    for load in loads:
        if load.short:
            what = "all demand" if load.skill == "*" else _skill_label(org, load.skill)
            lines.append(
                f"warning: {what}: demand {load.hours} person-hours exceeds "
                f"available {load.available} person-hours"
            )
    return lines or ["capacity: demand fits the rough capacity of every skill"]
