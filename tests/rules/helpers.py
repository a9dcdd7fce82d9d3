"""Solve a tiny problem and check the roster against the independent validator.

Every solve in `tests/rules` goes through `solve_and_check` (or `serve_and_check`, the same
through `roster.service`), which asserts what must hold for any roster the solver returns:

- the validator finds no hard violation;
- the status is the expected one (optimal: these instances are tiny), and an optimal status is
  proven: the bound equals the objective;
- the solver's objective equals the validator's, and so does every named term (summed per
  `(rule, who, when)`: the model prices an unfilled slot's headcount and skill parts separately,
  the validator as one penalty per slot), and the holes are the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from roster.domain import Assignment, Penalty, Problem, Roster, Status, Unfilled, Weights
from roster.service import solve_problem
from roster.solve import solve
from roster.validate import Report, validate
from tests.factories import START, make_weights

SOLVE_OPTIONS = {"time_limit": 5, "workers": 1, "seed": 1}

W = 1_000_000  # the default cost of a missing person (Weights.unfilled)

MON = START  # 2026-11-30, a Monday; no Chinese public holiday near it
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=i) for i in range(1, 7))


def before(days: int) -> date:
    """The date `days` days before the horizon start (history)."""
    return MON - timedelta(days=days)


def isolate(**weights: int) -> Weights:
    """Every goal off (tolerances 0) except coverage at W per missing person and `weights`.

    Coverage stays on, and dominant, so that the optimum fills what can be filled and the
    rule under test only decides how.
    """
    return make_weights(zero=True, **{"unfilled": W, **weights})


def _terms(penalties: Iterable[Penalty]) -> dict[tuple[str, str, str], int]:
    totals: Counter[tuple[str, str, str]] = Counter()
    for p in penalties:
        totals[(p.rule, p.who, p.when)] += p.cost
    return {key: cost for key, cost in sorted(totals.items()) if cost}


def _holes(unfilled: Iterable[Unfilled]) -> list[tuple]:
    return sorted((u.date, u.shift, u.post, u.skill or "", u.missing) for u in unfilled)


def check_roster(problem: Problem, roster: Roster, status: Status = Status.OPTIMAL) -> Report:
    """The checks every solve must pass; returns the validator's report."""
    report = validate(problem, roster.assignments)
    assert report.violations == (), f"the solver's roster breaks hard rules: {report.violations}"
    assert roster.status == status, f"status {roster.status}, expected {status}"
    if status == Status.OPTIMAL:
        assert roster.bound == roster.objective, (
            f"status optimal but the bound {roster.bound} is below the objective "
            f"{roster.objective}: the search stopped at the relative gap limit"
        )
    assert roster.objective == report.objective, (
        f"solver objective {roster.objective} != validator objective {report.objective}: "
        f"solver terms {_terms(roster.penalties)}, validator terms {_terms(report.penalties)}"
    )
    assert _terms(roster.penalties) == _terms(report.penalties), "solver and validator terms differ"
    assert _holes(roster.unfilled) == _holes(report.unfilled), "solver and validator holes differ"
    return report


def solve_and_check(problem: Problem, status: Status = Status.OPTIMAL) -> tuple[Roster, Report]:
    """`roster.solve.solve` with the deterministic test options, then `check_roster`."""
    roster = solve(problem, **SOLVE_OPTIONS)
    return roster, check_roster(problem, roster, status)


def serve_and_check(problem: Problem, status: Status = Status.OPTIMAL) -> tuple[Roster, Report]:
    """The same through `roster.service.solve_problem`: the roster's holes carry reasons."""
    outcome = solve_problem(problem, **SOLVE_OPTIONS)
    report = check_roster(problem, outcome.roster, status)
    assert outcome.report == report
    return outcome.roster, report


def shifts_of(roster: Roster, person: str) -> list[tuple[date, str, str]]:
    """(date, shift, post) of one person's assignments, in order."""
    return sorted((a.date, a.shift, a.post) for a in roster.assignments if a.person == person)


def days_of(roster: Roster, person: str) -> list[date]:
    """Start dates of one person's assignments, in order."""
    return [day for day, _, _ in shifts_of(roster, person)]


def people_at(roster: Roster, day: date, shift: str = "D", post: str = "desk") -> set[str]:
    """Who works the slot."""
    return {a.person for a in roster.assignments if (a.date, a.shift, a.post) == (day, shift, post)}


def load(roster: Roster) -> dict[str, int]:
    """Assignments per person (people with none are left out)."""
    return dict(Counter(a.person for a in roster.assignments))


def as_set(roster: Roster) -> set[Assignment]:
    return set(roster.assignments)
