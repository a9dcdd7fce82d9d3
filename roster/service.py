"""Service functions shared by the CLI and the TUI: load, solve, explain, validate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from roster.config import load_config
from roster.domain import Assignment, Horizon, Organisation, Problem, Roster
from roster.errors import InfeasibleError, UsageError
from roster.explain import explain_unfilled
from roster.solve import InfeasibleLocks, Progress, SolverRun
from roster.validate import Report, validate


def parse_day(text: str, what: str) -> date:
    """An ISO date from the command line; `what` names the argument in the error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'{what}: "{text}" is not a date (YYYY-MM-DD)') from None


def resolve_week(text: str, today: date | None = None) -> date:
    """`next` is the Monday after today; otherwise an ISO date (the horizon's first day)."""
    today = today or date.today()
    if text == "next":
        return today + timedelta(days=7 - today.weekday())
    if text in ("this", "current"):
        return today - timedelta(days=today.weekday())
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'--week: "{text}" is not a date (YYYY-MM-DD) or "next"') from None


def read_assignments(path: str | Path) -> tuple[Assignment, ...]:
    """Assignments of a publication JSON file (history or previous roster)."""
    from roster.publish.jsonfmt import read_publication

    return tuple(read_publication(path).assignments)


def make_problem(
    org: Organisation,
    start: date,
    days: int = 7,
    history: tuple[Assignment, ...] = (),
    previous: tuple[Assignment, ...] = (),
    locks: tuple[Assignment, ...] = (),
) -> Problem:
    if days < 1:
        raise UsageError(f"--days must be at least 1, got {days}")
    return Problem(
        org,
        Horizon(start, days),
        history=tuple(a for a in history if a.date < start),
        previous=previous,
        locks=locks,
    )


def load_problem(
    config: str | Path,
    week: str,
    days: int = 7,
    history: str | Path | None = None,
    previous: str | Path | None = None,
) -> Problem:
    org = load_config(config)
    return make_problem(
        org,
        resolve_week(week),
        days,
        read_assignments(history) if history else (),
        read_assignments(previous) if previous else (),
    )


@dataclass(frozen=True)
class Outcome:
    """A solved roster with its independent validation report."""

    problem: Problem
    roster: Roster
    report: Report
    build_seconds: float = 0.0
    variables: int = 0
    constraints: int = 0


def lock_reasons(problem: Problem, locks: list[tuple[Assignment, str]]) -> list[str]:
    """Plain-language reasons for conflicting locks."""
    org = problem.org
    out = []
    for lock, why in locks:
        name = org.people[lock.person].name if lock.person in org.people else lock.person
        out.append(f"lock {lock.person} ({name}) on {lock.date} {lock.shift} at {lock.post}: {why}")
    return out


def solve_problem(
    problem: Problem,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    hint: tuple[Assignment, ...] = (),
    progress: Callable[[Progress], None] | None = None,
    run: SolverRun | None = None,
) -> Outcome:
    """Solve, attach unfilled reasons, validate. Raises InfeasibleError for conflicting locks."""
    run = run or SolverRun(
        problem, time_limit=time_limit, workers=workers, seed=seed, hint=hint, progress=progress
    )
    try:
        roster = run.run()
    except InfeasibleLocks as exc:
        raise InfeasibleError(
            lock_reasons(problem, exc.locks), "the locked assignments cannot all hold"
        ) from None
    report = validate(problem, roster.assignments)
    roster = replace(roster, unfilled=explain_unfilled(problem, roster.assignments, report))
    proto = run.built.model.proto if run.built else None
    return Outcome(
        problem,
        roster,
        report,
        run.build_seconds,
        len(proto.variables) if proto else 0,
        len(proto.constraints) if proto else 0,
    )


def now_local(org: Organisation) -> datetime:
    """The current time in the configured time zone (for `generated_at`)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(org.calendar.timezone)).replace(microsecond=0)
