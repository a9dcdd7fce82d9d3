"""The person-by-person start roster: valid under every hard rule, and only where it applies."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from roster.bench.curtois_format import parse_instance
from roster.bench.curtois_roster import to_problem
from roster.domain import Assignment
from roster.model.builder import RULES, build_model
from roster.service import load_problem
from roster.start import person_by_person, personal_rules_only
from roster.validate import validate

DATA = Path(__file__).parent / "data"


def test_person_by_person_roster_breaks_no_hard_rule():
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    built = build_model(problem, RULES)
    assert personal_rules_only(built)

    start = person_by_person(problem, built, time.monotonic() + 60, threading.Event())

    assert start is not None
    chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in start.items() if on]
    report = validate(problem, chosen)
    assert report.violations == ()
    # Everyone works (the instance sets minimum totals), and the cover is mostly met.
    assert {a.person for a in chosen} == set(problem.org.people)
    empty = validate(problem, []).by_rule().get("unfilled", 0)
    assert report.by_rule().get("unfilled", 0) < empty / 2


def test_not_used_where_slots_forbid_extra_people():
    problem = load_problem(DATA / "tiny.toml", date(2026, 12, 7).isoformat())
    assert not personal_rules_only(build_model(problem, RULES))


def test_stops_when_cancelled():
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    built = build_model(problem, RULES)
    cancelled = threading.Event()
    cancelled.set()
    assert person_by_person(problem, built, time.monotonic() + 60, cancelled) is None
