"""Store commands: `roster leave add|list`, `roster lock`, `roster unlock`, `roster history`.

Each validates person, shift and post ids against the config (a did-you-mean on a typo) and
records the acting user (`$USER`) in the store's audit log.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, timedelta

from roster.config import load_config
from roster.domain import Assignment, Organisation
from roster.errors import ExitCode, UsageError
from roster.publishing import check_id, default_db_path
from roster.service import parse_day
from roster.store import Store, open_store


def _who() -> str:
    return os.environ.get("USER", "cli")


def _open(args: argparse.Namespace) -> tuple[Organisation, Store]:
    org = load_config(args.config)
    return org, open_store(default_db_path(args.config, args.db))


def _assignment(org: Organisation, args: argparse.Namespace) -> Assignment:
    return Assignment(
        parse_day(args.date, "DATE"),
        check_id("shift", args.shift, org.shifts),
        check_id("post", args.post, org.posts),
        check_id("person", args.person, org.people),
    )


def _name(org: Organisation, person: str) -> str:
    known = org.people.get(person)
    return f"{person} ({known.name})" if known else f"{person} (not in the config)"


# -- leave ------------------------------------------------------------------------------------


def _leave_add(args: argparse.Namespace) -> int:
    org = load_config(args.config)
    person = check_id("person", args.person, org.people)
    start, end = parse_day(args.start, "FROM"), parse_day(args.end, "TO")
    if end < start:
        raise UsageError(f"TO ({end}) is before FROM ({start})")
    with open_store(default_db_path(args.config, args.db)) as store:
        entry = store.add_leave(person, start, end, who=_who(), reason=args.reason)
    print(f"leave {entry.id}: {_name(org, person)} {start} to {end} {entry.reason}".rstrip())
    return ExitCode.OK


def _leave_list(args: argparse.Namespace) -> int:
    org, store = _open(args)
    with store:
        entries = store.list_leave(
            check_id("person", args.person, org.people) if args.person else None
        )
    for e in entries:
        print(f"{e.id:>4}  {_name(org, e.person)}  {e.start} to {e.end}  {e.reason}".rstrip())
    print(f"{len(entries)} leave entries")
    return ExitCode.OK


def _leave(args: argparse.Namespace) -> int:
    return args.leave_run(args)


# -- locks ------------------------------------------------------------------------------------


def _lock(args: argparse.Namespace) -> int:
    org = load_config(args.config)
    a = _assignment(org, args)
    with open_store(default_db_path(args.config, args.db)) as store:
        entry = store.add_lock(a, who=_who(), reason=args.reason)
    print(f"lock {entry.id}: {_name(org, a.person)} {a.date} {a.shift} {a.post}")
    return ExitCode.OK


def _unlock(args: argparse.Namespace) -> int:
    org = load_config(args.config)
    a = _assignment(org, args)
    with open_store(default_db_path(args.config, args.db)) as store:
        found = [e for e in store.list_locks(a.date, a.date) if e.assignment == a]
        if not found:
            raise UsageError(f"no lock of {a.person} on {a.date} {a.shift} at {a.post}")
        for entry in found:
            store.remove_lock(entry.id, who=_who())
    print(f"unlocked: {_name(org, a.person)} {a.date} {a.shift} {a.post}")
    return ExitCode.OK


# -- history ----------------------------------------------------------------------------------


def _history(args: argparse.Namespace) -> int:
    org, store = _open(args)
    today = date.today()
    start = parse_day(args.start, "--from") if args.start else today - timedelta(weeks=args.weeks)
    end = parse_day(args.end, "--to") if args.end else today + timedelta(days=27)
    if end < start:
        raise UsageError(f"--to ({end}) is before --from ({start})")
    person = check_id("person", args.person, org.people) if args.person else None
    with store:
        rows = [
            a
            for a in store.published_assignments(start, end)
            if person is None or a.person == person
        ]
    rows.sort(key=lambda a: (a.date, a.shift, a.post, a.person))
    for a in rows:
        shift = org.shifts[a.shift].name if a.shift in org.shifts else a.shift
        post = org.posts[a.post].name if a.post in org.posts else a.post
        print(f"{a.date}  {a.shift:<5} {a.post:<10} {_name(org, a.person)}  {shift} {post}")
    print(f"{len(rows)} published assignments, {start} to {end}")
    return ExitCode.OK


# -- registration -----------------------------------------------------------------------------


def add_parser(sub: argparse._SubParsersAction) -> None:
    leave = sub.add_parser("leave", help="leave recorded in the store (add, list)")
    leave_sub = leave.add_subparsers(dest="leave_command", required=True, metavar="ACTION")
    add = leave_sub.add_parser("add", help="record leave PERSON FROM TO (inclusive)")
    add.add_argument("person")
    add.add_argument("start", metavar="FROM")
    add.add_argument("end", metavar="TO")
    add.add_argument("--reason", default="", help="free text")
    add.set_defaults(leave_run=_leave_add)
    lst = leave_sub.add_parser("list", help="list leave in the store")
    lst.add_argument("--person", help="only this person")
    lst.set_defaults(leave_run=_leave_list)
    leave.set_defaults(run=_leave)

    for name, func, text in (
        ("lock", _lock, "lock an assignment so later solves keep it"),
        ("unlock", _unlock, "remove a lock"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("person")
        p.add_argument("date")
        p.add_argument("shift")
        p.add_argument("post")
        if name == "lock":
            p.add_argument("--reason", default="", help="free text")
        p.set_defaults(run=func)

    hist = sub.add_parser("history", help="published assignments (last 8 weeks by default)")
    hist.add_argument("--person", help="only this person")
    hist.add_argument("--weeks", type=int, default=8, help="weeks back from today (default 8)")
    hist.add_argument("--from", dest="start", help="first date (YYYY-MM-DD)")
    hist.add_argument("--to", dest="end", help="last date (default: four weeks ahead)")
    hist.set_defaults(run=_history)


def run(args: argparse.Namespace) -> int:  # pragma: no cover - each subcommand sets its own
    return args.run(args)
