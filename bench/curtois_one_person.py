"""Benchmark: how long CP-SAT takes to find one person's first roster of a Curtois instance.

Usage: python bench/curtois_one_person.py INSTANCE [--people N] [--time-limit S]

The person-by-person start (roster/start.py) needs a first roster of each person under
their own hard rules. This times, for the first N people, building their own model and
finding any roster of theirs with CP-SAT (2 workers, stop at the first), and finding one
with the dynamic program of roster/pattern.py (checked by the validator; "none" if it
finds none).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ortools.sat.python import cp_model

from roster.bench.curtois_format import CurtoisFormatError, parse_instance
from roster.bench.curtois_roster import to_problem
from roster.pattern import pattern_roster
from roster.start import alone, own_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("instance", type=Path)
    parser.add_argument("--people", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    if not args.instance.is_file():
        parser.error(f"{args.instance}: no such instance file")
    try:
        problem = to_problem(parse_instance(args.instance))
    except CurtoisFormatError as error:
        parser.error(str(error))  # exit 2, the message names the file and line
    print("person  build s  variables  constraints  status      first roster s  pattern s")
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
        started = time.monotonic()
        pattern = pattern_roster(alone(problem, person), person, own.v.by_person.get(person, ()))
        dynamic = f"{time.monotonic() - started:9.2f}" if pattern is not None else "     none"
        print(
            f"{person:<6}  {build:7.2f}  {len(own.v.x):9,}  {len(own.model.proto.constraints):11,}"
            f"  {solver.status_name(code):<10}  {first:14.2f}  {dynamic}"
        )


if __name__ == "__main__":
    main()
