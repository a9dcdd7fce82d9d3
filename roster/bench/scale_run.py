"""`roster bench scale`: generate an organisation of a given size, solve it, report the costs.

The organisation comes from `roster.generate`; the solve is `roster.solve.SolverRun` (the
same phases as `roster solve`), and the roster is checked by `roster.validate`. The report
gives the generation and main-model build times, the model's size, the time to the first
complete roster, the objective and bound over time, the final gap, the holes left and the
peak resident memory of the process.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from roster.domain import Problem, Roster
from roster.generate import generate_organisation
from roster.service import make_problem
from roster.solve import Progress, SolverRun
from roster.validate import Report, validate


@dataclass(frozen=True)
class ScaleResult:
    """What one scale run measured (times in seconds, memory in MB)."""

    people: int
    days: int
    sites: int
    problem: Problem
    generate_seconds: float
    build_seconds: float
    variables: int
    constraints: int
    roster: Roster
    report: Report
    trace: tuple[Progress, ...]
    wall: float
    peak_mb: float

    @property
    def gap(self) -> float | None:
        """The relative gap (objective - bound) / objective; None without both."""
        objective, bound = self.roster.objective, self.roster.bound
        if objective is None or bound is None:
            return None
        return (objective - bound) / objective if objective else 0.0

    @property
    def unfilled(self) -> int:
        """People missing, counted by headcount (skill shortfalls not added)."""
        return sum(u.missing for u in self.report.unfilled if u.skill is None)

    @property
    def agrees(self) -> bool:
        """No hard rule broken and the validator's objective equals the solver's."""
        return not self.report.violations and self.report.objective == self.roster.objective


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(
    people: int,
    days: int,
    sites: int,
    *,
    seed: int = 0,
    start: date = date(2026, 11, 30),
    time_limit: float = 60.0,
    workers: int = 2,
    solver_seed: int = 1,
    on_progress: Callable[[Progress], None] | None = None,
) -> ScaleResult:
    """Generate, solve and validate one size; ValueError if the size cannot be generated."""
    began = time.monotonic()
    org = generate_organisation(people, sites, seed=seed, start=start, days=days)
    generated = time.monotonic() - began
    problem = make_problem(org, start, days)
    trace: list[Progress] = []

    def record(progress: Progress) -> None:
        trace.append(progress)
        if on_progress is not None:
            on_progress(progress)

    run = SolverRun(
        problem, time_limit=time_limit, workers=workers, seed=solver_seed, progress=record
    )
    roster = run.run()
    wall = time.monotonic() - began - generated
    report = validate(problem, roster.assignments)
    proto = run.built.model.proto if run.built else None
    return ScaleResult(
        people=people,
        days=days,
        sites=sites,
        problem=problem,
        generate_seconds=generated,
        build_seconds=run.build_seconds,
        variables=len(proto.variables) if proto else 0,
        constraints=len(proto.constraints) if proto else 0,
        roster=roster,
        report=report,
        trace=tuple(trace),
        wall=wall,
        peak_mb=peak_mb(),
    )


def trace_line(progress: Progress) -> str:
    """One line of the objective-and-bound trace."""
    return (
        f"{progress.elapsed:8.2f} s  objective {progress.objective:>14,}"
        f"  bound {progress.bound:>14,}"
    )


def _number(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def report_lines(result: ScaleResult) -> list[str]:
    """The summary printed after the trace."""
    roster = result.roster
    first = roster.first_solution_time
    gap = result.gap
    return [
        f"size                  {result.people} people x {result.days} days x {result.sites} sites",
        f"generate              {result.generate_seconds:.2f} s",
        f"main model build      {result.build_seconds:.2f} s",
        f"variables             {result.variables:,}",
        f"constraints           {result.constraints:,}",
        f"first complete roster {'-' if first is None else f'{first:.2f} s'}",
        f"status                {roster.status.value}",
        f"objective             {_number(roster.objective)}",
        f"bound                 {_number(roster.bound)}",
        f"gap                   {'-' if gap is None else f'{100 * gap:.1f}%'}",
        f"unfilled              {result.unfilled}",
        f"hard violations       {len(result.report.violations)}",
        f"validator = solver    {'yes' if result.agrees else 'no'}",
        f"solve wall time       {result.wall:.2f} s",
        f"peak RSS              {result.peak_mb:,.0f} MB",
        "objective by rule (validator)",
        *(
            f"  {rule:<20}{cost:>16,}"
            for rule, cost in sorted(result.report.by_rule().items(), key=lambda rc: -rc[1])
            if cost
        ),
    ]
