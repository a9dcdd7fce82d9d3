"""`roster explain`: why the week's stored roster is as it is (whole week, or one focus)."""

from __future__ import annotations

import argparse

from roster.domain import Organisation
from roster.errors import ExitCode, UsageError
from roster.explaining import explain_focus, explain_week, load_week
from roster.publishing import check_id
from roster.service import parse_day, resolve_week


def _name(org: Organisation, person: str) -> str:
    known = org.people.get(person)
    return f"{person} ({known.name})" if known else person


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="why the week's stored roster is as it is")
    p.add_argument("--week", required=True, help="first day of the week (YYYY-MM-DD or next)")
    p.add_argument("--person", help="only this person's assignments and terms")
    p.add_argument("--date", help="only this date (YYYY-MM-DD)")
    p.add_argument("--post", help="only this post")
    p.add_argument("--outliers", type=int, default=5, help="fairness outliers shown (5)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    week = load_week(args.config, args.db, resolve_week(args.week))
    org = week.org
    person = check_id("person", args.person, org.people) if args.person else None
    post = check_id("post", args.post, org.posts) if args.post else None
    day = parse_day(args.date, "--date") if args.date else None
    if day is not None and not week.problem.horizon.contains(day):
        raise UsageError(f"--date {day} is outside the week {week.problem.horizon.start}")
    print(f"week {week.problem.horizon.start}: {week.label}")
    if person is None and day is None and post is None:
        _print_week(org, week, args.outliers)
    else:
        _print_focus(org, week, person, day, post)
    return ExitCode.OK


def _print_week(org: Organisation, week, outliers: int) -> None:
    why = explain_week(week, outliers)
    print(f"objective {why.objective}")
    for rule, cost in why.by_term:
        print(f"  {rule:<22} {cost:>12}")
    if why.violations:
        print(f"{len(why.violations)} hard violation(s):")
        for v in why.violations:
            print(f"  {v.rule}: {v.who} {v.when}: {v.detail}")
    holes = sum(u.missing for u in why.unfilled)
    print(f"{holes} unfilled" + (" (roster explain --date DATE for the reasons)" if holes else ""))
    if why.outliers:
        print("worst fairness outliers:")
        for p in why.outliers:
            print(f"  {_name(org, p.who)} {p.rule} cost {p.cost}: {p.detail}")


def _print_focus(org: Organisation, week, person, day, post) -> None:
    why = explain_focus(week, person, day, post)
    if not why.assignments:
        print("no assignments match")
    for row in why.assignments:
        a = row.assignment
        print(f"{a.date} {a.shift} {a.post} {_name(org, a.person)}")
        if not row.terms and not row.violations:
            print("  no objective term involves it")
        for p in row.terms:
            print(f"  {p.rule} ({p.who}) cost {p.cost}: {p.detail}".rstrip(": "))
        for v in row.violations:
            print(f"  breaks {v.rule}: {v.detail}")
    for p in why.person_terms:
        print(f"{_name(org, p.who)} {p.rule} cost {p.cost}: {p.detail}")
    for hole in why.holes:
        u = hole.hole
        skill = f" with {u.skill}" if u.skill else ""
        print(f"unfilled {u.date} {u.shift} {u.post}: {u.missing} missing{skill}; {hole.summary}")
        for who, reason in hole.candidates:
            print(f"  {_name(org, who) if who else '-'}: {reason}")
