"""The decision variables, keyed by (person, date, shift, post)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from roster.calendar import Calendar
from roster.domain import Problem
from roster.model.eligibility import static_reason
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


def create_variables(
    model: cp_model.CpModel, problem: Problem, calendar: Calendar
) -> tuple[Variables, dict[tuple, str]]:
    """Create x for every statically possible assignment.

    Returns the variables and, for every (person, slot) left out, the reason,
    which the unfilled-slot explanations reuse.
    """
    org = problem.org
    v = Variables()
    excluded: dict[tuple, str] = {}
    for slot in expand_slots(problem, calendar):
        v.slots[slot.key] = slot
        shift, post = org.shifts[slot.shift], org.posts[slot.post]
        for person in org.people.values():
            reason = static_reason(
                person, problem.leave_of(person.id), slot.date, shift, post, calendar
            )
            if reason is not None:
                excluded[(person.id, *slot.key)] = reason
                continue
            key = (person.id, slot.date, slot.shift, slot.post)
            v.x[key] = model.new_bool_var(f"x[{person.id},{slot.date},{slot.shift},{slot.post}]")
            v.by_slot[slot.key].append(key)
            v.by_person[person.id].append(key)
            v.by_person_day[(person.id, slot.date)].append(key)
    return v, excluded
