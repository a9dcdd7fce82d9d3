"""The decision variables, keyed by (person, date, shift, post)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from roster.calendar import Calendar
from roster.domain import Organisation, Person, Post, Problem
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
    # People with no leave, availability or shift caps pass every slot of a post they pass.
    free = {
        p.id
        for p in org.people.values()
        if not (leave[p.id] or p.availability or p.limits.max_shifts)
    }
    new_bool_var = model.new_bool_var
    for slot in expand_slots(problem, calendar):
        v.slots[slot.key] = slot
        day, shift_id, post_id = slot.key
        shift, post = org.shifts[shift_id], org.posts[post_id]
        in_slot = v.by_slot[slot.key]
        name = f",{day},{shift_id},{post_id}]"
        for person in by_post[post_id]:
            pid = person.id
            if pid not in free and static_reason(person, leave[pid], day, shift, post, calendar):
                continue
            key = (pid, day, shift_id, post_id)
            v.x[key] = new_bool_var("x[" + pid + name)
            in_slot.append(key)
            v.by_person[pid].append(key)
            v.by_person_day[(pid, day)].append(key)
    return v, Exclusions(problem, calendar, v.slots)
