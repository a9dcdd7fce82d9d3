"""roster.reasons: every reason the TUI translates carries a code and the values it needs,
read from what the validator and the eligibility check really write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from roster.calendar import Calendar
from roster.domain import Assignment, Limits, Problem, Unfilled, frozen_map
from roster.explain import candidate_reason_codes, candidate_reasons
from roster.model.eligibility import static_reason
from roster.reasons import (
    _TERM_PATTERNS,
    _VIOLATION_PATTERNS,
    static_reason_code,
    term_reason,
    violation_reason,
)
from roster.service import load_problem
from roster.validate import validate
from tests.tui.conftest import DATA, WEEK, fixed_week

DAY = date(2026, 12, 9)
SAT = date(2026, 12, 12)


def tiny() -> Problem:
    return load_problem(DATA / "tiny.toml", WEEK.isoformat())


def tightened(problem: Problem) -> Problem:
    """Everyone under limits the fixed week breaks in many ways."""
    limits = Limits(
        max_consecutive_days=1,
        max_hours_7d=20,
        max_24h_per_28d=1,
        max_shifts=frozen_map({"HD": 1}),
        max_minutes=600,
        max_weekends=0,
    )
    people = {pid: replace(p, limits=limits) for pid, p in problem.org.people.items()}
    return replace(problem, org=replace(problem.org, people=frozen_map(people)))


def static_code(problem: Problem, person: str, day: date, shift: str, post: str):
    org = problem.org
    text = static_reason(
        org.people[person],
        problem.leave_of(person),
        day,
        org.shifts[shift],
        org.posts[post],
        Calendar(org.calendar),
    )
    assert text is not None
    return static_reason_code(text)


def test_static_reasons_get_their_codes_and_values():
    problem = tiny()
    assert static_code(problem, "p11", DAY, "D24", "desk").code == "volunteers"
    assert static_code(problem, "p09", DAY, "D24", "desk").code == "eligibility"
    leave = static_code(problem, "p08", DAY, "HD", "hotline")
    assert (leave.code, leave.params) == ("leave", {"reason": "年假"})
    assert static_code(problem, "p11", DAY, "AM", "site_c01").code == "availability"
    never = replace(problem.org.people["p09"], limits=Limits(max_shifts=frozen_map({"HE": 0})))
    org = replace(problem.org, people=frozen_map({**problem.org.people, "p09": never}))
    coded = static_code(replace(problem, org=org), "p09", DAY, "HE", "hotline")
    assert (coded.code, coded.params) == ("never_shift", {"shift": "HE"})


def test_every_patterned_violation_yields_its_numbers():
    problem = tightened(tiny())
    report = validate(problem, fixed_week())
    rules = {v.rule for v in report.violations}
    # The tightened limits break each of these at least once.
    assert {"consecutive_days", "hours_7d", "duty24_28d", "max_shifts", "minutes"} <= rules
    for v in report.violations:
        coded = violation_reason(v)
        assert coded.code == v.rule and coded.text == v.detail
        assert coded.params["when"] == v.when
        if v.rule in _VIOLATION_PATTERNS and v.rule != "leave":
            assert coded.params["total"] and coded.params["limit"], v


def test_rest_and_leave_violations_yield_their_values():
    problem = tiny()
    extra = [
        Assignment(date(2026, 12, 10), "HE", "hotline", "p06"),  # p06 worked D24 on the 9th
        Assignment(DAY, "HD", "hotline", "p08"),  # p08 is on leave
    ]
    report = validate(problem, [*fixed_week(), *extra])
    found = {(v.rule, v.who): violation_reason(v).params for v in report.violations}
    assert found[("rest", "p06")]["limit"] == "24.0"
    assert found[("rest", "p06")]["total"] == "7.5"
    leave = found[("leave", "p08")]
    assert leave["reason"] == "年假" and leave["start"] == "2026-12-09"


def test_every_objective_term_of_several_rosters_parses():
    problem = tiny()
    week = fixed_week()
    am = next(a for a in week if a.date == SAT and a.shift == "AM")
    moved = [a for a in week if a != am] + [replace(am, person="p01")]
    published = replace(problem, previous=week)
    reports = [
        validate(problem, week),
        validate(problem, moved),  # p01 works on the day they asked off
        validate(published, moved),  # two stability terms
        validate(problem, [a for a in week if a.date != DAY]),  # unfilled
    ]
    seen = set()
    for report in reports:
        for p in report.penalties:
            coded = term_reason(p)
            assert coded.code == p.rule and coded.params["cost"] == str(p.cost)
            key = "fairness" if p.rule.startswith("fairness.") else p.rule
            if key in _TERM_PATTERNS:
                assert coded.params.get("parsed") == "1", p
            seen.add(key)
    assert {"fairness", "request.day_off", "stability", "unfilled"} <= seen
    day_off = next(p for p in reports[1].penalties if p.rule == "request.day_off")
    assert term_reason(day_off).params["shifts"] == "AM"


def test_candidate_reasons_keep_the_cli_words():
    problem = tiny()
    week = [a for a in fixed_week() if not (a.date == DAY and a.person == "p06")]
    hole = Unfilled(DAY, "D24", "desk", "duty_officer", 1)
    coded = candidate_reason_codes(problem, week, hole)
    texts = dict(candidate_reasons(problem, week, hole))
    assert [(p, r.text) for p, r in coded] == list(texts.items())
    codes = {p: r.code for p, r in coded}
    assert codes["p08"] == "leave" and texts["p08"] == "on leave (年假)"
    assert codes["p06"] == "free"
    assert texts["p06"] == "free, but assigning them would cost more elsewhere"
    assert codes["p05"] == "rest" and texts["p05"] == "needs rest"
