"""Benchmark: how long CP-SAT takes to find one person's first roster of a Curtois instance.

Usage: python bench/curtois_one_person.py INSTANCE [--people N] [--time-limit S]

The person-by-person start (roster/start.py) solves each person's own model under their own
hard rules. This times, for the first N people, building that model and finding any roster
of theirs (2 workers, stop at the first), which bounds how fast the start can be.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ortools.sat.python import cp_model

from roster.bench.curtois_format import parse_instance
from roster.bench.curtois_roster import to_problem
from roster.start import own_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("instance", type=Path)
    parser.add_argument("--people", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    if not args.instance.is_file():
        parser.error(f"{args.instance}: no such instance file")
    problem = to_problem(parse_instance(args.instance))
    print("person  build s  variables  constraints  status      first roster s")
    for person in sorted(problem.org.people)[: args.people]:
        started = time.monotonic()
        own = own_model(problem, person)
        build = time.monotonic() - started
        own.model.clear_objective()
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.stop_after_first_solution = True
        solver.parameters.max_time_in_seconds = args.time_limit
        started = time.monotonic()
        code = solver.solve(own.model)
        first = time.monotonic() - started
        print(
            f"{person:<6}  {build:7.2f}  {len(own.v.x):9,}  {len(own.model.proto.constraints):11,}"
            f"  {solver.status_name(code):<10}  {first:14.2f}"
        )


if __name__ == "__main__":
    main()
