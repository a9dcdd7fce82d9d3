"""Benchmark: publish a week, give one busy person sudden leave from mid-week, time the replan.

Usage:
    python bench/replan_sample.py [--config rosters.toml] [--week 2026-11-30] [--from 2026-12-03]
        [--publish-time-limit 20] [--time-limit 4] [--workers 2] [--seed 1]
    python bench/replan_sample.py --generate 1000x80 ...   (roster.generate's organisation)

Everything happens in a temporary directory (config copy, store, exports). The publish is not
timed; the replan runs as its own `roster -v replan` process and is timed end to end (Python
start-up, config load, three solve phases, validation, store and exports), first with
`--dry-run` (no store, no exports), then for real. Prints one block of figures for
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from roster.cli import main as roster_main
from roster.errors import exiting_on_error
from roster.explaining import load_week
from roster.publishing import publish_week
from roster.store import open_store


def _config(args: argparse.Namespace, root: Path) -> Path:
    target = root / "rosters.toml"
    if args.generate:
        from roster.generate import generate_toml

        people, sites = (int(n) for n in args.generate.split("x"))
        target.write_text(generate_toml(people, sites, seed=0, start=args.week), encoding="utf-8")
    else:
        shutil.copy(args.config, target)
    return target


def _busiest(assignments, start: date, end: date) -> tuple[str, int]:
    """The person with most duties from `start` to `end` (ties: smallest id)."""
    counts = Counter(a.person for a in assignments if start <= a.date <= end)
    person = min(counts, key=lambda p: (-counts[p], p))
    return person, counts[person]


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    began = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.monotonic() - began, done


def _phases(stderr: str) -> None:
    """The replan's phase log lines (seconds from the start of the replan solve)."""
    for phase, what, seconds in re.findall(r"replan(?: \((\w)\))?:? (.*) at ([\d.]+)s", stderr):
        print(f"  {float(seconds):6.2f} s  {f'({phase}) ' if phase else ''}{what}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="rosters.toml")
    parser.add_argument("--generate", help="PEOPLExSITES: use roster.generate instead")
    parser.add_argument("--week", type=date.fromisoformat, default=date(2026, 11, 30))
    parser.add_argument("--from", dest="start", type=date.fromisoformat)
    parser.add_argument("--publish-time-limit", type=float, default=20.0)
    parser.add_argument("--time-limit", type=float, default=4.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.generate:
        from roster.config import load_config

        with exiting_on_error():
            load_config(args.config)  # said against the user's file, not the copy made below
    start = args.start or args.week + timedelta(days=3)
    end = args.week + timedelta(days=6)
    with tempfile.TemporaryDirectory(prefix="replan-bench-") as tmp:
        root = Path(tmp)
        config = _config(args, root)
        db, out = root / "roster.db", root / "publish"
        began = time.monotonic()
        first = publish_week(
            config,
            db,
            args.week,
            out,
            time_limit=args.publish_time_limit,
            workers=args.workers,
            seed=args.seed,
            today=args.week,
        )
        publish_s = time.monotonic() - began
        before = first.roster.assignments
        person, duties = _busiest(before, start, end)
        common = ["--config", str(config), "--db", str(db)]
        leave = ["leave", "add", person, start.isoformat(), end.isoformat(), "--reason", "sick"]
        assert roster_main([*common, *leave]) == 0
        command = [
            sys.executable, "-m", "roster.cli", "-v", *common, "replan",
            "--week", args.week.isoformat(), "--from", start.isoformat(),
            "--time-limit", str(args.time_limit), "--workers", str(args.workers),
            "--seed", str(args.seed), "--out", str(out),
        ]  # fmt: skip
        loads = [os.getloadavg()[0]]
        dry_wall, dry = _timed([*command, "--dry-run"])
        loads.append(os.getloadavg()[0])
        wall, done = _timed(command)
        week = load_week(config, str(db), args.week)
        with open_store(db) as store:
            versions = len(store.list_versions(args.week))
        after = week.version.assignments
        changed = {a for a in before if a.date >= start} ^ {a for a in after if a.date >= start}
        claim = re.search(r"changes: .*", done.stdout)
        dry_claim = re.search(r"changes: .*", dry.stdout)
        print(f"machine: {platform.machine()} {os.cpu_count()} cores, load {os.getloadavg()}")
        print(
            f"organisation: {len(week.org.people)} people; week {args.week}; "
            f"publish {publish_s:.1f} s ({first.roster.status.value}, "
            f"{len(before)} assignments, {len(first.roster.unfilled)} unfilled)"
        )
        print(f"sudden leave: {person}, {start} to {end}, {duties} published duties in it")
        print(
            f"load average (1 min) before the dry run {loads[0]:.2f}, the real run {loads[1]:.2f}"
        )
        print(f"replan --dry-run: exit {dry.returncode}, {dry_wall:.2f} s end to end (own process)")
        _phases(dry.stderr)
        print(f"  reported: {dry_claim.group(0) if dry_claim else 'none'}")
        print(f"replan: exit {done.returncode}, {wall:.2f} s end to end (own process)")
        _phases(done.stderr)
        print(f"  reported: {claim.group(0) if claim else 'none'}; recount {len(changed)}")
        print(
            f"published versions {versions}; violations {len(week.report.violations)}; "
            f"unfilled {len(week.report.unfilled)}; sick person still on: "
            f"{sum(1 for a in after if a.person == person and a.date >= start)}"
        )
        print(done.stdout.splitlines()[-1] if done.stdout else done.stderr[-2000:])


if __name__ == "__main__":
    with exiting_on_error():
        main()
