"""`roster callup`: who can be added to one slot without breaking a hard rule, best first."""

from __future__ import annotations

import argparse
from datetime import timedelta

from roster.callup import callup
from roster.errors import ExitCode, UsageError
from roster.explaining import load_week
from roster.publishing import check_id
from roster.service import parse_day, resolve_week


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("callup", help="rank who could be added to a slot (no hard rule broken)")
    p.add_argument("--date", required=True, help="the slot's date (YYYY-MM-DD)")
    p.add_argument("--post", required=True, help="post id")
    p.add_argument("--shift", required=True, help="shift id")
    p.add_argument("--count", type=int, default=1, help="people wanted (default 1)")
    p.add_argument("--week", help="the stored week holding the date (default: its Monday)")
    p.add_argument("--all", action="store_true", help="also list who is ruled out and why")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    day = parse_day(args.date, "--date")
    start = resolve_week(args.week) if args.week else day - timedelta(days=day.weekday())
    week = load_week(args.config, args.db, start)
    org = week.org
    post = check_id("post", args.post, org.posts)
    shift = check_id("shift", args.shift, org.shifts)
    if args.count < 1:
        raise UsageError(f"--count must be at least 1, got {args.count}")
    if not week.problem.horizon.contains(day):
        raise UsageError(f"--date {day} is outside the week {start}")
    result = callup(week.problem, week.assignments, day, shift, post, args.count)
    held = ", ".join(result.assigned) or "nobody"
    print(
        f"{day} {shift} {post}: needs {result.need}, held by {held} ({week.label}); "
        f"{len(result.offers)} could be added"
    )
    if not result.offers and result.need <= len(result.assigned):
        print("  the slot is full or no demand asks for it: add demand first (roster demand add)")
    for rank, offer in enumerate(result.offers, 1):
        person = org.people[offer.person]
        mark = "*" if rank <= args.count else " "
        print(f"{mark}{rank:>3}. {offer.person} ({person.name}): {offer.reason}")
    if args.all:
        for person, why in result.excluded:
            print(f"  ruled out {person}: {why}")
    return ExitCode.OK if len(result.offers) >= args.count else ExitCode.VIOLATIONS
