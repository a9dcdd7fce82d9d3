"""Benchmark: the person-by-person start of a Curtois instance, then its polishing; no search.

Usage: python bench/curtois_start.py INSTANCE... [--solves S] [--repattern S] [--retype S]

For each instance: the model's variables and soft rules (the first stage of a staged build),
a person-by-person start (`roster.start`) whose solves get S seconds (default 0: patterns
only, so the same roster every run), then re-patterning (`roster.repattern`) and re-typing
(`roster.retype`) with their own time limits (0 skips one). Every roster is priced and
checked by the validator; one line per instance.
"""

from __future__ import annotations

import argparse
import platform
import threading
import time
from pathlib import Path

from roster.bench.curtois_format import CurtoisFormatError, parse_instance
from roster.bench.curtois_roster import to_problem
from roster.domain import Assignment
from roster.model.builder import HARD_RULES, RULES, add_rules, new_model
from roster.repattern import repattern
from roster.retype import retype_by_day
from roster.start import person_by_person
from roster.validate import validate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("instances", type=Path, nargs="+")
    parser.add_argument("--solves", type=float, default=0.0, help="seconds for the solves")
    parser.add_argument("--repattern", type=float, default=60.0, help="seconds, 0: skip")
    parser.add_argument("--retype", type=float, default=30.0, help="seconds, 0: skip")
    args = parser.parse_args()
    missing = [str(path) for path in args.instances if not path.is_file()]
    if missing:
        parser.error(f"no such instance file: {', '.join(missing)}")  # exit 2
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    for path in args.instances:
        try:
            problem = to_problem(parse_instance(path))
        except CurtoisFormatError as error:
            parser.error(str(error))  # exit 2, the message names the file and line
        built = new_model(problem)
        add_rules(built, tuple(rule for rule in RULES if rule not in HARD_RULES))
        started = time.monotonic()
        values = person_by_person(
            problem, built, started + args.solves, threading.Event(), last=started + 600
        )
        if values is None:
            print(f"{path.stem}: no start roster")
            continue
        line = [f"{path.stem}: start {_priced(problem, values, started)}"]
        for name, seconds, polish in (
            ("re-patterned", args.repattern, repattern),
            ("re-typed", args.retype, retype_by_day),
        ):
            if seconds > 0:
                started = time.monotonic()
                values = polish(problem, built, values, started + seconds)
                line.append(f"{name} {_priced(problem, values, started)}")
        print(", ".join(line), flush=True)


def _priced(problem, values: dict, started: float) -> str:
    seconds = time.monotonic() - started
    chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on]
    report = validate(problem, chosen)
    broken = f", {len(report.violations)} VIOLATIONS" if report.violations else ""
    return f"{report.objective:,} ({seconds:.1f} s{broken})"


if __name__ == "__main__":
    main()
