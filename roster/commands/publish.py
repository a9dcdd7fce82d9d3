"""`roster publish`: the nightly job: solve a week against the store and publish it."""

from __future__ import annotations

import argparse
import logging
import os

from roster.errors import ExitCode
from roster.publish.changes import changes_text
from roster.publishing import PublishResult, default_db_path, publish_week
from roster.service import resolve_week


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="solve a week against the store and publish it")
    p.add_argument("--week", default="next", help="first day: YYYY-MM-DD or next (default)")
    p.add_argument("--out", help="export directory (default: publish/ beside the config)")
    p.add_argument("--time-limit", type=float, help="seconds (default from config)")
    p.add_argument("--workers", type=int, help="solver threads (default from config)")
    p.add_argument("--seed", type=int, help="random seed (default from config)")
    p.add_argument("--dry-run", action="store_true", help="solve and report; write nothing")
    p.set_defaults(run=run)


def summary_line(result: PublishResult) -> str:
    h = result.horizon
    roster = result.roster
    holes = sum(u.missing for u in roster.unfilled)
    people = len(result.changes) if result.changes is not None else 0
    if result.dry_run:
        action = "dry run, nothing written"
    elif result.created:
        action = f"published version {result.version_id}"
    else:
        action = f"unchanged, version {result.version_id} stays"
        if result.exports_written:
            action += " (missing exports rewritten)"
    return (
        f"{h.start} to {h.end}: {action}; {len(roster.assignments)} assignments, "
        f"{holes} unfilled, {people} people changed, status {roster.status.value}"
    )


def removed_duty_lines(result: PublishResult) -> list[str]:
    """One note per published duty of a person removed from the config: who took it over."""
    lines = []
    for a, takers in result.removed_duties:
        who = ", ".join(takers) if takers else "nobody (see the unfilled slots)"
        lines.append(f"note: {a.person}'s duty {a.date} {a.shift} {a.post} now goes to {who}")
    return lines


def run(args: argparse.Namespace) -> int:
    config = args.config
    db = default_db_path(config, args.db)
    out = args.out or os.path.join(os.path.dirname(config) or ".", "publish")
    result = publish_week(
        config,
        db,
        resolve_week(args.week),
        out,
        time_limit=args.time_limit,
        dry_run=args.dry_run,
        who=os.environ.get("USER", "publish"),
        workers=args.workers,
        seed=args.seed,
    )
    print(changes_text(result.org, result.changes, result.horizon), end="")
    for person in result.removed_people:
        print(f"note: {person} is no longer in the config; their published duties are dropped")
    for line in removed_duty_lines(result):
        print(line)
    for lock in result.ignored_locks:
        print(
            f"note: lock ignored (unknown id): {lock.person} {lock.date} {lock.shift} {lock.post}"
        )
    if result.frozen_days:
        print(f"note: {len(result.frozen_days)} past day(s) kept as published")
    if result.out_dir is not None and result.exports_written:
        print(f"wrote {result.out_dir}")
    print(summary_line(result))
    logging.getLogger("roster.publish").info("%s", summary_line(result))
    # Published, but with holes: exit 1 so the supervisor flags the night (README).
    return ExitCode.VIOLATIONS if result.roster.unfilled else ExitCode.OK
