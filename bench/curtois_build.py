"""Benchmark: import a Curtois instance and build roster's full model of it; no solve.

Usage: python bench/curtois_build.py INSTANCE

Prints the import and model-build times (the variables and soft rules, then the hard
rules), the model's size and the peak memory of the process (ru_maxrss). The issue asks that
a 364-day, 150-person instance (Instance24) be built in neither minutes nor gigabytes.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from pathlib import Path

from roster.bench.curtois_format import CurtoisFormatError, parse_instance
from roster.bench.curtois_roster import to_problem
from roster.model.builder import HARD_RULES, RULES, add_rules, new_model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("instance", type=Path)
    args = parser.parse_args()
    if not args.instance.is_file():
        parser.error(f"{args.instance}: no such instance file")
    started = time.monotonic()
    try:
        problem = to_problem(parse_instance(args.instance))
    except CurtoisFormatError as error:
        parser.error(str(error))  # exit 2, the message names the file and line
    imported = time.monotonic() - started
    # In the stages a person-by-person solve builds it (roster.solve, docs/search.md).
    started = time.monotonic()
    built = new_model(problem)
    add_rules(built, tuple(rule for rule in RULES if rule not in HARD_RULES))
    first_stage = time.monotonic() - started
    add_rules(built, HARD_RULES)
    build = time.monotonic() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    proto = built.model.proto
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"instance: {args.instance.stem}")
    print(f"import: {imported:.2f} s, model build: {build:.2f} s")
    print(
        f"  variables and soft rules: {first_stage:.2f} s, hard rules: {build - first_stage:.2f} s"
        f" ({(build - first_stage) / max(first_stage, 1e-9):.2f} times the first stage)"
    )
    print(f"variables: {len(proto.variables):,}, constraints: {len(proto.constraints):,}")
    print(f"peak RSS: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
