"""The decision variables, keyed by (person, date, shift, post)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.calendar import Calendar
from roster.domain import DateRange, Organisation, Person, Post, Problem, ShiftType
from roster.model.eligibility import passes_post, static_reason
from roster.model.slots import Slot, expand_slots

Key = tuple[str, date, str, str]  # person, date, shift, post


@dataclass
class Variables:
    """One boolean per possible assignment, plus indexes the rules need."""

    x: dict[Key, cp_model.IntVar] = field(default_factory=dict)
    slots: dict[tuple[date, str, str], Slot] = field(default_factory=dict)
    by_slot: dict[tuple[date, str, str], list[Key]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_person: dict[str, list[Key]] = field(default_factory=lambda: defaultdict(list))
    by_person_day: dict[tuple[str, date], list[Key]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _worked: dict[tuple[str, date], cp_model.IntVar] = field(default_factory=dict)

    def worked(self, model: cp_model.CpModel, person: str, day: date) -> cp_model.IntVar | None:
        """A boolean equal to 'some assignment of `person` starts on `day`' (None if none can)."""
        keys = self.by_person_day.get((person, day))
        if not keys:
            return None
        if (person, day) not in self._worked:
            if len(keys) == 1:
                self._worked[(person, day)] = self.x[keys[0]]
            else:
                var = model.new_bool_var(f"worked[{person},{day}]")
                lits = [self.x[k] for k in keys]
                model.add_max_equality(var, lits)
                self._worked[(person, day)] = var
        return self._worked[(person, day)]


class Exclusions:
    """Why a (person, date, shift, post) has no variable, worked out only when asked."""

    def __init__(self, problem: Problem, calendar: Calendar, slots: dict) -> None:
        self._problem, self._calendar, self._slots = problem, calendar, slots

    def get(self, key: tuple, default: str | None = None) -> str | None:
        person_id, day, shift, post = key
        org = self._problem.org
        if person_id not in org.people or (day, shift, post) not in self._slots:
            return default
        person = org.people[person_id]
        leave = self._problem.leave_of(person_id)
        reason = static_reason(
            person, leave, day, org.shifts[shift], org.posts[post], self._calendar
        )
        return default if reason is None else reason


def _leave_days(ranges: tuple[DateRange, ...], first: date, last: date) -> set[date]:
    """The days of leave from `first` to `last` (the days shifts of the horizon touch)."""
    days: set[date] = set()
    for period in ranges:
        day = max(period.start, first)
        while day <= min(period.end, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def _days_reached(shift: ShiftType) -> int:
    """How many calendar days the shift's interval touches (0 for an empty interval,
    which is left to `static_reason`)."""
    if shift.minutes <= 0:
        return 0
    begin, end = shift.interval(date(2001, 1, 1))
    return ((end - timedelta(microseconds=1)).date() - begin.date()).days + 1


def candidates(org: Organisation, post: Post) -> list[Person]:
    """People who pass the post's skills and volunteer rule, in config order."""
    return [p for p in org.people.values() if passes_post(p, post)]


def create_variables(
    model: cp_model.CpModel, problem: Problem, calendar: Calendar
) -> tuple[Variables, Exclusions]:
    """Create x for every statically possible assignment.

    Returns the variables and the reasons for every (person, slot) left out (computed on
    demand), which the lock checks reuse. Only the people a post admits are looked at.
    """
    org = problem.org
    v = Variables()
    by_post = {post_id: candidates(org, post) for post_id, post in org.posts.items()}
    leave = {person_id: problem.leave_of(person_id) for person_id in org.people}
    # People without availability windows pass a slot of a post they pass unless the shift
    # is capped at 0 or meets a day of leave (the dates its interval touches: `reach`).
    plain = {p.id for p in org.people.values() if not p.availability}
    reach = {s.id: _days_reached(s) for s in org.shifts.values()}
    last = problem.horizon.end + timedelta(days=max(reach.values(), default=1))
    leave_days = {
        pid: _leave_days(ranges, problem.horizon.start, last)
        for pid, ranges in leave.items()
        if ranges
    }
    new_bool_var = model.new_bool_var
    for slot in expand_slots(problem, calendar):
        v.slots[slot.key] = slot
        day, shift_id, post_id = slot.key
        shift, post = org.shifts[shift_id], org.posts[post_id]
        in_slot = v.by_slot[slot.key]
        name = f",{day},{shift_id},{post_id}]"
        touched = [day + timedelta(days=i) for i in range(reach[shift_id])]
        for person in by_post[post_id]:
            pid = person.id
            if pid in plain and reach[shift_id]:
                if person.limits.max_shifts.get(shift_id) == 0:
                    continue
                away = leave_days.get(pid)
                if away and any(d in away for d in touched):
                    continue
            elif static_reason(person, leave[pid], day, shift, post, calendar):
                continue
            key = (pid, day, shift_id, post_id)
            v.x[key] = new_bool_var("x[" + pid + name)
            in_slot.append(key)
            v.by_person[pid].append(key)
            v.by_person_day[(pid, day)].append(key)
    return v, Exclusions(problem, calendar, v.slots)
