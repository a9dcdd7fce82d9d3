"""`roster replan`: re-solve the rest of a week after the plan broke, changing as little as
possible, and publish it as a new version with the change report.

Days before `--from` (default tomorrow) are frozen as published; from then on the solve uses the
store's current leave, locks and demand. Coverage still comes first; among complete rosters a
changed assignment then costs more than anything else one assignment can add (see
`replan_stability`).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from roster.commands.publish import summary_line
from roster.config import load_config
from roster.domain import Organisation
from roster.errors import ExitCode, UsageError
from roster.publish.changes import changes_text
from roster.publishing import default_db_path, publish_week
from roster.service import parse_day, resolve_week
from roster.solve import coverage_comes_first


def replan_stability(org: Organisation) -> int:
    """The stability weight for a replan: the largest that keeps coverage first.

    `coverage_comes_first` holds while `unfilled > elsewhere + 2 * stability`, where
    `elsewhere` bounds what one assignment can add to every other term. The largest such
    stability makes one changed assignment cost more than half of the room left below the
    unfilled weight, i.e. more than any single assignment's fairness, request, continuity and
    home cost together (with the default weights); so the solver fills every slot it can
    first, then changes as few assignments as possible, then optimises the rest. Never
    below the configured weight.
    """
    w = org.weights

    def keeps(stability: int) -> bool:
        return coverage_comes_first(replace(org, weights=replace(w, stability=stability)))

    if not keeps(w.stability):
        return w.stability
    low, high = w.stability, w.unfilled
    while low < high:
        mid = (low + high + 1) // 2
        if keeps(mid):
            low = mid
        else:
            high = mid - 1
    return low


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
    org = load_config(config)
    week = resolve_week(args.week)
    if args.start:
        start = parse_day(args.start, "--from")
    else:
        start = datetime.now(ZoneInfo(org.calendar.timezone)).date() + timedelta(days=1)
    if start > week + timedelta(days=6):
        raise UsageError(f"--from {start} is after the week {week}: nothing left to replan")
    out = args.out or os.path.join(os.path.dirname(config) or ".", "publish")
    stability = replan_stability(org)
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
        stability=stability,
    )
    print(changes_text(result.org, result.changes, result.horizon), end="")
    if result.frozen_days:
        print(f"note: {len(result.frozen_days)} day(s) before {start} kept as published")
    print(f"note: stability weight {stability} for this solve (configured {org.weights.stability})")
    if result.out_dir is not None and result.exports_written:
        print(f"wrote {result.out_dir}")
    print(summary_line(result))
    return ExitCode.VIOLATIONS if result.roster.unfilled else ExitCode.OK
