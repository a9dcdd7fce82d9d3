"""Why the week's roster is the way it is (no printing; `roster explain` renders it).

`load_week` opens the week's latest published version (else its latest draft) from the store
with the problem `publish_week` would solve; `explain_week` gives the objective by term and the
worst fairness outliers; `explain_focus` gives, for a person, date and/or post, each assignment
with the objective terms that involve it and each unfilled slot with every candidate and the
rule that kept them out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from roster.calendar import Calendar
from roster.config import load_config
from roster.domain import Assignment, Organisation, Penalty, Problem, Unfilled
from roster.errors import UsageError
from roster.explain import candidate_reasons, summarise
from roster.publishing import default_db_path, week_problem
from roster.store import RosterVersion, open_store
from roster.validate import Report, Violation, validate


@dataclass(frozen=True)
class LoadedWeek:
    """The week's current roster with the problem it is judged against."""

    org: Organisation
    problem: Problem
    version: RosterVersion
    report: Report

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        return self.version.assignments

    @property
    def label(self) -> str:
        v = self.version
        return f"version {v.id} ({v.state}, {v.created_at:%Y-%m-%d %H:%M} by {v.created_by})"


def load_week(config_path: str | os.PathLike[str], db: str | None, week_start: date) -> LoadedWeek:
    """The week's latest published version, else its latest draft; UsageError if none."""
    org = load_config(config_path)
    path = default_db_path(config_path, db)
    if not path.exists():
        raise UsageError(f"no store at {path}: publish or save the week {week_start} first")
    with open_store(path) as store:
        problem, published = week_problem(org, store, week_start)
        version = published or store.latest_version(week_start, "draft")
    if version is None:
        raise UsageError(f"no published or draft roster of the week {week_start} in {path}")
    return LoadedWeek(org, problem, version, validate(problem, version.assignments))


@dataclass(frozen=True)
class WeekExplanation:
    objective: int
    by_term: tuple[tuple[str, int], ...]  # rule, cost; largest first
    outliers: tuple[Penalty, ...]  # the largest fairness terms, largest first
    violations: tuple[Violation, ...]
    unfilled: tuple[Unfilled, ...]


def explain_week(week: LoadedWeek, outliers: int = 5) -> WeekExplanation:
    report = week.report
    terms = sorted(report.by_rule().items(), key=lambda item: (-item[1], item[0]))
    fairness = sorted(
        (p for p in report.penalties if p.rule.startswith("fairness.")),
        key=lambda p: (-p.cost, p.rule, p.who),
    )
    return WeekExplanation(
        report.objective,
        tuple(terms),
        tuple(fairness[:outliers]),
        report.violations,
        report.unfilled,
    )


@dataclass(frozen=True)
class AssignmentWhy:
    assignment: Assignment
    terms: tuple[Penalty, ...]  # objective terms on this person or slot that day
    violations: tuple[Violation, ...]  # hard rules this assignment takes part in


@dataclass(frozen=True)
class HoleWhy:
    hole: Unfilled
    candidates: tuple[tuple[str, str], ...]  # (person, reason); person "" counts those on it
    summary: str


@dataclass(frozen=True)
class FocusExplanation:
    assignments: tuple[AssignmentWhy, ...]
    person_terms: tuple[Penalty, ...]  # week-wide terms of the person (fairness)
    holes: tuple[HoleWhy, ...]


def terms_of(report: Report, a: Assignment) -> tuple[Penalty, ...]:
    """Penalties whose who is the assignment's person or slot and whose when is its date."""
    whos = {a.person, f"{a.post}/{a.shift}"}
    day = a.date.isoformat()
    return tuple(p for p in report.penalties if p.when == day and p.who in whos)


def _involves(v: Violation, a: Assignment) -> bool:
    return v.who == a.person and v.when.startswith(a.date.isoformat())


def explain_focus(
    week: LoadedWeek,
    person: str | None = None,
    day: date | None = None,
    post: str | None = None,
) -> FocusExplanation:
    """Assignments and holes matching every given filter."""

    def wanted(a: Assignment) -> bool:
        return (
            (person is None or a.person == person)
            and (day is None or a.date == day)
            and (post is None or a.post == post)
        )

    report = week.report
    rows = tuple(
        AssignmentWhy(
            a, terms_of(report, a), tuple(v for v in report.violations if _involves(v, a))
        )
        for a in sorted(week.assignments, key=lambda a: (a.date, a.shift, a.post, a.person))
        if wanted(a)
    )
    person_terms = (
        tuple(p for p in report.penalties if p.who == person and p.rule.startswith("fairness."))
        if person
        else ()
    )
    calendar = Calendar(week.org.calendar)
    holes = []
    for hole in report.unfilled:
        if (day is not None and hole.date != day) or (post is not None and hole.post != post):
            continue
        reasons = candidate_reasons(week.problem, week.assignments, hole, calendar)
        shown = [r for r in reasons if person is None or r[0] == person]
        if person is not None and not shown:
            continue
        holes.append(HoleWhy(hole, tuple(shown), summarise(hole, reasons)))
    return FocusExplanation(rows, person_terms, tuple(holes))
