"""Benchmark: solve the sample organisation and report size, times, gap and peak memory.

Usage: python bench/sample_solve.py [--week 2026-11-30] [--time-limit 20] [--workers 2] [--seed 1]
       python bench/sample_solve.py --week 2026-11-30 --seeds 1,2,3   (one line per seed)
Prints one block of figures (or one line per seed); paste it into BENCHMARKS.md with the
command and machine. Single runs vary with the seed and the timing: judge a change by seeds.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

from roster.domain import Problem
from roster.errors import exiting_on_error
from roster.service import load_problem, solve_problem
from roster.solve import Progress, SolverRun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="rosters.toml")
    parser.add_argument("--week", default="2026-11-30")
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--seeds", type=_seeds, help="comma-separated seeds, e.g. 1,2,3: one summary line each"
    )
    args = parser.parse_args()
    started = time.monotonic()
    with exiting_on_error():
        problem = load_problem(args.config, args.week)
    if args.seeds:
        by_seed(args, problem, args.seeds)
        return
    trace: list[Progress] = []
    run = SolverRun(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        progress=trace.append,
    )
    outcome = solve_problem(problem, run=run)
    roster, report = outcome.roster, outcome.report
    wall = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gap = (roster.objective - roster.bound) / roster.objective if roster.bound is not None else None
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"week {problem.horizon.start} +{problem.horizon.days}d, people {len(problem.org.people)}"
    )
    print(f"model: {outcome.variables} variables, {outcome.constraints} constraints")
    print(f"model build (main model): {outcome.build_seconds:.2f} s")
    print(f"first complete roster: {roster.first_solution_time:.2f} s after the solve started")
    print(f"status {roster.status.value}, objective {roster.objective:,}, bound {roster.bound}")
    print("gap: " + (f"{gap:.1%}" if gap is not None else "n/a"))
    print(f"unfilled slots: {len(roster.unfilled)}, violations: {len(report.violations)}")
    print(f"validator objective equals solver objective: {report.objective == roster.objective}")
    print(f"wall time (load to validated): {wall:.2f} s, peak RSS {peak_mb:.0f} MB")
    by_rule = report.by_rule()
    print("objective by rule: " + ", ".join(f"{r} {c:,}" for r, c in sorted(by_rule.items())))
    print("objective and bound over time:")
    for p in trace:
        print(f"  {p.elapsed:6.2f} s  objective {p.objective:>12,}  bound {p.bound:>12,}")


def _seeds(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected integers such as 1,2,3") from None


def by_seed(args: argparse.Namespace, problem: Problem, seeds: list[int]) -> None:
    """One solve per seed of the same problem, one line each, then the mean objective."""
    objectives = []
    print("seed  first roster  objective  bound  unfilled  violations  validator = solver")
    for seed in seeds:
        run = SolverRun(problem, time_limit=args.time_limit, workers=args.workers, seed=seed)
        outcome = solve_problem(problem, run=run)
        roster, report = outcome.roster, outcome.report
        objectives.append(roster.objective)
        print(
            f"{seed:>4}  {roster.first_solution_time:>10.2f} s  {roster.objective:>9,}  "
            f"{roster.bound if roster.bound is not None else '-':>5}  {len(roster.unfilled):>8}  "
            f"{len(report.violations):>10}  {report.objective == roster.objective}"
        )
        by_rule = report.by_rule()
        print("      " + ", ".join(f"{r} {c:,}" for r, c in sorted(by_rule.items())))
    print(f"mean objective {sum(objectives) // len(objectives):,} over seeds {seeds}")


if __name__ == "__main__":
    main()
