"""What every rule family needs besides the variables: the problem and derived facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from roster.calendar import Calendar
from roster.domain import Assignment, Problem, Weights


@dataclass
class Context:
    problem: Problem
    calendar: Calendar
    history: tuple[Assignment, ...]
    lock_literals: dict[Assignment, cp_model.IntVar] = field(default_factory=dict)
    _history_by_person: dict[str, list[Assignment]] | None = None

    @property
    def weights(self) -> Weights:
        return self.problem.org.weights

    @property
    def dates(self) -> tuple[date, ...]:
        return self.problem.horizon.dates

    def history_of(self, person: str) -> list[Assignment]:
        """The person's history assignments, in date order (indexed on first use)."""
        if self._history_by_person is None:
            self._history_by_person = {}
            for a in self.history:
                self._history_by_person.setdefault(a.person, []).append(a)
        return list(self._history_by_person.get(person, ()))


def make_context(problem: Problem) -> Context:
    """History: known people and shifts, before the horizon, each assignment once."""
    org = problem.org
    history = tuple(
        sorted(
            {
                a
                for a in problem.history
                if a.date < problem.horizon.start
                and a.person in org.people
                and a.shift in org.shifts
            }
        )
    )
    return Context(problem, Calendar(org.calendar), history)
