"""`roster solve`: solve a horizon and print the roster and its report."""

from __future__ import annotations

import argparse
import sys

from roster.domain import Roster
from roster.errors import ExitCode
from roster.render import fairness_table, legend, objective_by_rule, roster_table, unfilled_table
from roster.service import load_problem, now_local, solve_problem
from roster.solve import Progress


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("solve", help="solve a week (or --days) and print it")
    p.add_argument("--week", default="next", help="first day: YYYY-MM-DD or next (default)")
    p.add_argument("--days", type=int, default=7, help="horizon length in days (default 7)")
    p.add_argument("--time-limit", type=float, help="seconds (default from config)")
    p.add_argument("--seed", type=int, help="random seed (default from config)")
    p.add_argument("--workers", type=int, help="solver threads (default from config)")
    p.add_argument("--history", help="publication JSON of assignments before the horizon")
    p.add_argument("--previous", help="publication JSON of a roster to stay close to")
    p.add_argument("--json", metavar="OUT", help="write the publication JSON here")
    p.add_argument("--quiet", action="store_true", help="no roster table, only the report")
    p.set_defaults(run=run)


def _progress(update: Progress) -> None:
    print(
        f"  [{update.elapsed:6.2f}s] roster #{update.solutions}: objective {update.objective:,}"
        f"  bound {update.bound:,}",
        file=sys.stderr,
    )


def run(args: argparse.Namespace) -> int:
    problem = load_problem(args.config, args.week, args.days, args.history, args.previous)
    org = problem.org
    outcome = solve_problem(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        progress=None if args.quiet else _progress,
    )
    roster, report = outcome.roster, outcome.report
    h = problem.horizon
    print(f"{org.name}: {h.start} to {h.end} ({h.days} days)")
    if not args.quiet:
        print(roster_table(problem, roster.assignments))
        print(legend(org))
    print()
    print(status_line(roster))
    if roster.objective is None:
        return ExitCode.VIOLATIONS
    verdict = "no hard violation" if report.ok else f"{len(report.violations)} hard violations"
    print(f"validator: {verdict}, objective {report.objective:,}")
    for v in report.violations:
        print(f"  VIOLATION {v.rule}: {v.who} {v.when}: {v.detail}")
    print("\nobjective by term:")
    print(objective_by_rule(report.penalties))
    print(f"\nunfilled slots: {len(roster.unfilled)}")
    if roster.unfilled:
        print(unfilled_table(org, roster.unfilled))
    print("\nfairness (history included):")
    print(fairness_table(problem, roster.assignments))
    if args.json:
        from roster.publish.jsonfmt import to_publication, write_json

        doc = to_publication(problem, roster, None, now_local(org))
        write_json(args.json, doc)
        print(f"\nwrote {args.json}")
    return ExitCode.OK if report.ok and not roster.unfilled else ExitCode.VIOLATIONS


def status_line(roster: Roster) -> str:
    """`status: ... objective: ... bound: ...` (the bound is "none" when nothing proved one)."""
    if roster.objective is None:
        return f"status: {roster.status.value} (no roster within the time limit)"
    bound = f"{roster.bound:,}" if roster.bound is not None else "none"
    return (
        f"status: {roster.status.value}  objective: {roster.objective:,}  bound: {bound}"
        f"  time: {roster.wall_time:.2f}s  seed: {roster.seed}"
    )
