"""`roster validate`: check a roster file against the config, without the solver."""

from __future__ import annotations

import argparse

from roster.config import load_config
from roster.errors import ExitCode
from roster.render import objective_by_rule
from roster.service import make_problem, read_assignments


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a roster JSON file (perhaps edited by hand)")
    p.add_argument("roster", help="publication JSON file")
    p.add_argument("--history", help="publication JSON of assignments before the horizon")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from roster.publish.jsonfmt import read_publication
    from roster.validate import validate

    org = load_config(args.config)
    pub = read_publication(args.roster)
    history = read_assignments(args.history) if args.history else ()
    problem = make_problem(org, pub.week_start, pub.days, history)
    report = validate(problem, pub.assignments)
    for v in report.violations:
        print(f"{v.rule}: {v.who} {v.when}: {v.detail}")
    print(objective_by_rule(report.penalties))
    for hole in report.unfilled:
        print(f"unfilled: {hole.date} {hole.shift} {hole.post} {hole.skill or '-'} x{hole.missing}")
    print(
        f"{args.roster}: {len(report.violations)} hard violations, "
        f"{len(report.unfilled)} unfilled, objective {report.objective:,}"
    )
    return ExitCode.OK if report.ok else ExitCode.VIOLATIONS
