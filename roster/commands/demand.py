"""`roster demand add|list`: extra demand kept in the store (audited), read by publish."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable

from roster.config import load_config
from roster.errors import ExitCode, UsageError
from roster.publishing import check_id, default_db_path
from roster.service import parse_day
from roster.store import DemandEntry, open_store


def _skills(items: list[str], known: Iterable[str]) -> dict[str, int]:
    """`--skill SKILL=N` options as a mapping (ids checked, N an integer >= 1)."""
    out: dict[str, int] = {}
    for item in items:
        name, sep, number = item.partition("=")
        if not sep:
            raise UsageError(f'--skill: "{item}" is not SKILL=N')
        skill = check_id("skill", name.strip(), known)
        try:
            n = int(number)
        except ValueError:
            raise UsageError(f'--skill {item}: "{number}" is not a whole number') from None
        if n < 1:
            raise UsageError(f"--skill {item}: N must be at least 1")
        out[skill] = out.get(skill, 0) + n
    return out


def _add(args: argparse.Namespace) -> int:
    org = load_config(args.config)
    post = check_id("post", args.post, org.posts)
    shift = check_id("shift", args.shift, org.shifts)
    start, end = parse_day(args.start, "FROM"), parse_day(args.end, "TO")
    if end < start:
        raise UsageError(f"TO ({end}) is before FROM ({start})")
    if args.count < 1:
        raise UsageError(f"--count must be at least 1, got {args.count}")
    skills = _skills(args.skill, org.skills)
    too_many = {k: n for k, n in skills.items() if n > args.count}
    if too_many:
        raise UsageError(f"--skill asks for more people than --count {args.count}: {too_many}")
    user = os.environ.get("USER", "cli")
    with open_store(default_db_path(args.config, args.db)) as store:
        entry = store.add_demand(
            post, shift, start, end, args.count, skills, who=user, reason=args.reason
        )
    print(f"demand {entry.id}: {_line(entry)}")
    return ExitCode.OK


def _line(entry: DemandEntry) -> str:
    skills = " ".join(f"{k}={n}" for k, n in sorted(entry.skills.items()))
    parts = [
        f"{entry.post} {entry.shift} {entry.start} to {entry.end}",
        f"count {entry.count}",
        skills,
        entry.reason,
    ]
    return "  ".join(p for p in parts if p)


def _list(args: argparse.Namespace) -> int:
    load_config(args.config)
    with open_store(default_db_path(args.config, args.db)) as store:
        entries = store.list_demand()
    for e in entries:
        print(f"{e.id:>4}  {_line(e)}")
    print(f"{len(entries)} demand entries")
    return ExitCode.OK


def add_parser(sub: argparse._SubParsersAction) -> None:
    demand = sub.add_parser("demand", help="extra demand recorded in the store (add, list)")
    demand_sub = demand.add_subparsers(dest="demand_command", required=True, metavar="ACTION")
    add = demand_sub.add_parser("add", help="record extra demand POST FROM TO (inclusive)")
    add.add_argument("post")
    add.add_argument("start", metavar="FROM")
    add.add_argument("end", metavar="TO")
    add.add_argument("--shift", required=True, help="shift id")
    add.add_argument("--count", type=int, required=True, help="people needed per day")
    add.add_argument(
        "--skill", action="append", default=[], metavar="SKILL=N", help="minimum holders"
    )
    add.add_argument("--reason", default="", help="free text")
    add.set_defaults(demand_run=_add)
    lst = demand_sub.add_parser("list", help="list extra demand in the store")
    lst.set_defaults(demand_run=_list)
    demand.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return args.demand_run(args)
