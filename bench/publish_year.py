"""Benchmark: the nightly `roster publish` against a store holding a year of published history.

Usage: python bench/publish_year.py [--config rosters.toml] [--week 2026-11-30] [--weeks 52]
                                    [--seed-time-limit 20] [--keep DIR]

Set-up (not timed): the sample config is copied into a scratch directory; the week before
`--week` is solved once (`--seed-time-limit` seconds) and its assignments, shifted back by 7
days per week, are saved through the store API as the published versions of the `--weeks`
weeks before `--week` (a plausible year of history: solving 52 weeks would take far too long).
Timed: `roster publish --week WEEK` in a child process with the config's defaults (time limit
and workers), then the same command again with nothing changed. Prints one block of figures
(wall time and peak RSS of each child); paste it into BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from roster.config import load_config  # light: neither imports OR-tools
from roster.errors import exiting_on_error


def seed_history(config: Path, db: Path, week: date, weeks: int, time_limit: float) -> int:
    """Publish `weeks` synthetic weeks before `week`; return the number of assignments saved.

    Runs in a child process (`--setup`): on Linux a child's peak RSS starts from its parent's
    at fork, so the measuring parent must stay small (it never imports OR-tools).
    """
    from roster.domain import Assignment, Horizon
    from roster.publishing import config_hash
    from roster.service import load_problem, solve_problem
    from roster.store import open_store

    source = week - timedelta(days=7)
    problem = load_problem(config, source.isoformat())
    roster = solve_problem(problem, time_limit=time_limit).roster
    if not roster.assignments:
        raise SystemExit(f"no roster for {source} in {time_limit:g} s: raise --seed-time-limit")
    digest = config_hash(config)
    saved = 0
    with open_store(db) as store:
        for k in range(1, weeks + 1):
            shift = timedelta(days=7 * (k - 1))
            start = source - shift
            assignments = tuple(
                sorted(
                    Assignment(a.date - shift, a.shift, a.post, a.person)
                    for a in roster.assignments
                )
            )
            shifted = replace(
                roster,
                horizon=Horizon(start, roster.horizon.days),
                assignments=assignments,
                unfilled=(),
                penalties=(),
            )
            store.save_version(
                shifted, who="bench", state="published", config_hash=digest, note="synthetic"
            )
            saved += len(assignments)
    return saved


def timed(cmd: list[str], log: Path) -> tuple[int, float, float, str]:
    """Run `cmd`; return its exit code, wall seconds, peak RSS (MB) and last stdout line."""
    with open(log, "w+", encoding="utf-8") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()
    if proc.returncode != 0:
        sys.stderr.write("\n".join(lines) + "\n")
    return proc.returncode, wall, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="rosters.toml")
    parser.add_argument("--week", default="2026-11-30")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed-time-limit", type=float, default=20.0)
    parser.add_argument("--keep", help="build the store in this directory and keep it")
    parser.add_argument("--setup", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.setup:
        with exiting_on_error():
            load_config(args.config)  # said against the user's file, not the copy made below
    try:
        week = date.fromisoformat(args.week)
    except ValueError:
        parser.error(f"--week {args.week}: expected a date such as 2026-11-30")
    if args.setup:  # the child that builds the store
        root = Path(args.setup)
        with exiting_on_error():  # said here; the parent exits with the same code
            saved = seed_history(
                root / "rosters.toml", root / "roster.db", week, args.weeks, args.seed_time_limit
            )
        print(saved)
        return

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="publish-year-"))
    root.mkdir(parents=True, exist_ok=True)
    config = root / "rosters.toml"
    shutil.copy(args.config, config)
    db = root / "roster.db"
    if db.exists():
        db.unlink()
    started = time.monotonic()
    setup = [sys.executable, __file__, "--setup", str(root), "--week", args.week]
    setup += ["--weeks", str(args.weeks), "--seed-time-limit", str(args.seed_time_limit)]
    child = subprocess.run(setup, stdout=subprocess.PIPE, text=True)
    if child.returncode:
        raise SystemExit(child.returncode)  # the child has said why on stderr
    saved = int(child.stdout)
    setup = time.monotonic() - started
    size_mb = db.stat().st_size / 1e6
    roster_bin = Path(sys.executable).with_name("roster")
    cmd = [str(roster_bin), "--config", str(config), "publish", "--week", week.isoformat()]
    load = os.getloadavg()[0]
    first = timed(cmd, root / "first.log")
    second = timed(cmd, root / "second.log")
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average before the timed runs: {load:.2f}")
    print(f"store: {args.weeks} published weeks, {saved} assignments, {size_mb:.1f} MB")
    print(f"set-up (solve one week {args.seed_time_limit:g} s, save {args.weeks}): {setup:.1f} s")
    print(f"command: roster {' '.join(cmd[1:])}")
    for label, (code, wall, peak, last) in (("first run", first), ("rerun, unchanged", second)):
        print(f"{label}: exit {code}, wall {wall:.2f} s, peak RSS {peak:.0f} MB")
        print(f"  {last}")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
