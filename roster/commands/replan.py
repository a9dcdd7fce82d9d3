"""`roster replan`: re-solve the rest of a week after the plan broke, changing as little as
possible, and publish it as a new version with the change report.

Days before `--from` (default tomorrow) are frozen as published; from then on the solve uses the
store's current leave, locks and demand, in priority order (`roster.replanning`): the fewest
holes, then the fewest changed assignments (proven minimal when the time limit allows), then
the configured goals.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from roster.commands.publish import removed_duty_lines, summary_line
from roster.config import load_config
from roster.errors import ExitCode, UsageError
from roster.publish.changes import changes_text
from roster.publishing import default_db_path, publish_week
from roster.service import parse_day, resolve_week


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replan", help="re-solve the rest of a published week with few changes")
    p.add_argument("--week", required=True, help="first day of the week (YYYY-MM-DD or next)")
    p.add_argument("--from", dest="start", help="first day that may change (default tomorrow)")
    p.add_argument("--time-limit", type=float, help="seconds (default from config)")
    p.add_argument("--workers", type=int, help="solver threads (default from config)")
    p.add_argument("--seed", type=int, help="random seed (default from config)")
    p.add_argument("--out", help="export directory (default: publish/ beside the config)")
    p.add_argument("--dry-run", action="store_true", help="solve and report; write nothing")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = args.config
    week = resolve_week(args.week)
    if args.start:
        start = parse_day(args.start, "--from")
    else:  # the config's zone decides what tomorrow is (publish_week loads it again)
        org = load_config(config)
        start = datetime.now(ZoneInfo(org.calendar.timezone)).date() + timedelta(days=1)
    if start > week + timedelta(days=6):
        raise UsageError(f"--from {start} is after the week {week}: nothing left to replan")
    out = args.out or os.path.join(os.path.dirname(config) or ".", "publish")
    result = publish_week(
        config,
        default_db_path(config, args.db),
        week,
        out,
        time_limit=args.time_limit,
        dry_run=args.dry_run,
        who=os.environ.get("USER", "replan"),
        workers=args.workers,
        seed=args.seed,
        from_date=max(start, week),
        replan=True,
    )
    print(changes_text(result.org, result.changes, result.horizon), end="")
    for line in removed_duty_lines(result):
        print(line)
    if result.frozen_days:
        print(f"note: {len(result.frozen_days)} day(s) before {start} kept as published")
    if result.change_count is not None:
        print(result.change_count.describe())
    else:
        print("note: no earlier publication of this week: solved as a first publication")
    if result.out_dir is not None and result.exports_written:
        print(f"wrote {result.out_dir}")
    print(summary_line(result))
    return ExitCode.VIOLATIONS if result.roster.unfilled else ExitCode.OK
