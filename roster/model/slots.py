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
    under_weight: int | None = None  # None: Weights.unfilled
    over_weight: int | None = None  # None: no more people than `count`

    @property
    def key(self) -> tuple[date, str, str]:
        return (self.date, self.shift, self.post)

    def under_cost(self, unfilled: int) -> int:
        """The cost of one missing person: this slot's own weight, or `unfilled`."""
        return unfilled if self.under_weight is None else self.under_weight

    def next_head(self, staffed: int, unfilled: int) -> int:
        """What one more person saves with `staffed` already here: an open head's cost, or
        minus the price of an extra head (for slots that price them)."""
        return self.under_cost(unfilled) if staffed < self.count else -self.over_weight


def demand_applies(line: Demand, day: date, calendar: Calendar) -> bool:
    """Whether a demand line asks for people on `day`."""
    if line.start is not None and day < line.start:
        return False
    if line.end is not None and day > line.end:
        return False
    if line.days.kind == "dates":
        return day in line.days.dates
    return calendar.matches(day, line.days.kind)


def merge_weight(old: int | None, new: int | None) -> int | None:
    """Lines of one slot: the largest weight any of them gives (None if none does)."""
    if new is None:
        return old
    return new if old is None else max(old, new)


def expand_slots(problem: Problem, calendar: Calendar | None = None) -> list[Slot]:
    """All slots of the horizon, in date, shift start and post order."""
    calendar = calendar or Calendar(problem.org.calendar)
    counts: dict[tuple[date, str, str], int] = {}
    skills: dict[tuple[date, str, str], dict[str, int]] = {}
    under: dict[tuple[date, str, str], int | None] = {}
    over: dict[tuple[date, str, str], int | None] = {}
    for day in problem.horizon.dates:
        for line in problem.all_demand():
            if not demand_applies(line, day, calendar):
                continue
            key = (day, line.shift, line.post)
            counts[key] = counts.get(key, 0) + line.count
            merged = skills.setdefault(key, {})
            for skill, minimum in line.skills.items():
                merged[skill] = merged.get(skill, 0) + minimum
            under[key] = merge_weight(under.get(key), line.under_weight)
            over[key] = merge_weight(over.get(key), line.over_weight)
    shifts = problem.org.shifts
    order = sorted(counts, key=lambda k: (k[0], shifts[k[1]].start, k[1], k[2]))
    return [
        Slot(day, shift, post, counts[key], frozen_map(skills[key]), under[key], over[key])
        for key in order
        for day, shift, post in (key,)
        # A slot with count 0 exists only where extra people are allowed (at a cost).
        if counts[key] > 0 or over[key] is not None
    ]
