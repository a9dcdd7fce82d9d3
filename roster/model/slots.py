"""Demand lines expanded into slots: who is needed where, on which day and shift."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from roster.calendar import Calendar
from roster.domain import Demand, Problem, frozen_map


@dataclass(frozen=True)
class Slot:
    date: date
    shift: str
    post: str
    count: int
    skills: Mapping[str, int] = field(default_factory=frozen_map)

    @property
    def key(self) -> tuple[date, str, str]:
        return (self.date, self.shift, self.post)


def demand_applies(line: Demand, day: date, calendar: Calendar) -> bool:
    """Whether a demand line asks for people on `day`."""
    if line.start is not None and day < line.start:
        return False
    if line.end is not None and day > line.end:
        return False
    if line.days.kind == "dates":
        return day in line.days.dates
    return calendar.matches(day, line.days.kind)


def expand_slots(problem: Problem, calendar: Calendar | None = None) -> list[Slot]:
    """All slots of the horizon, in date, shift start and post order."""
    calendar = calendar or Calendar(problem.org.calendar)
    counts: dict[tuple[date, str, str], int] = {}
    skills: dict[tuple[date, str, str], dict[str, int]] = {}
    for day in problem.horizon.dates:
        for line in problem.all_demand():
            if not demand_applies(line, day, calendar):
                continue
            key = (day, line.shift, line.post)
            counts[key] = counts.get(key, 0) + line.count
            merged = skills.setdefault(key, {})
            for skill, minimum in line.skills.items():
                merged[skill] = merged.get(skill, 0) + minimum
    shifts = problem.org.shifts
    order = sorted(counts, key=lambda k: (k[0], shifts[k[1]].start, k[1], k[2]))
    return [
        Slot(day, shift, post, counts[(day, shift, post)], frozen_map(skills[(day, shift, post)]))
        for day, shift, post in order
        if counts[(day, shift, post)] > 0
    ]
