"""roster.repattern: each person's working days built again around the others' duties.

Tiny instances with soft cover (a price for every missing and every extra head), as the
Curtois & Qu instances have. Every result is priced and checked by the validator.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from roster import repattern as repattern_module
from roster.domain import Assignment, Limits, Request
from roster.model.builder import RULES, build_model
from roster.repattern import Turns, repattern
from roster.validate import validate
from tests.factories import make_demand, make_org, make_person, make_problem, make_shift
from tests.rules.helpers import MON, isolate

DAYS = 4
UNDER, OVER = 100, 1


def _problem(*, requests=(), p2_limits: Limits | None = None):
    """One early shift a day, one head each day; two people who may work two days each."""
    shift = make_shift("E", "06:00", hours=8)
    demand = [replace(make_demand(shift="E"), under_weight=UNDER, over_weight=OVER)]
    limits = Limits(max_shifts={"E": 2})
    people = [make_person("p1", limits=limits), make_person("p2", limits=p2_limits or limits)]
    org = make_org(
        people=people,
        shifts=[shift],
        demand=demand,
        weights=isolate(request=10),
        requests=list(requests),
    )
    return make_problem(org, days=DAYS)


def _both_on_the_first_two_days(problem):
    """Monday and Tuesday one head over, Wednesday and Thursday one short."""
    built = build_model(problem, RULES)
    first_two = {MON, MON + timedelta(days=1)}
    values = {key: key[1] in first_two for key in built.v.x}
    return built, values


def _roster(values: dict) -> list[Assignment]:
    return sorted(Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on)


def test_a_person_moves_to_the_days_left_short():
    problem = _problem()
    built, values = _both_on_the_first_two_days(problem)
    assert validate(problem, _roster(values)).objective == 2 * (UNDER + OVER)

    roster = _roster(repattern(problem, built, values, time.monotonic() + 30))

    report = validate(problem, roster)
    assert report.violations == ()
    assert report.objective == 0
    assert sorted(a.date for a in roster) == [MON + timedelta(days=d) for d in range(DAYS)]


def test_a_move_is_kept_only_if_it_pays_with_the_requests():
    """Both wish Wednesday off, each wish worth 10 x 30 = 300: more than any roster with a
    Wednesday duty can save (two open heads, 200). The dynamic program looks at cover only
    and offers Wednesday and Thursday; priced with the wish, that is no gain."""
    wednesday = MON + timedelta(days=2)
    wishes = [Request(p, wednesday, "day_off", 30) for p in ("p1", "p2")]
    problem = _problem(requests=wishes)
    built, values = _both_on_the_first_two_days(problem)
    before = validate(problem, _roster(values)).objective

    roster = _roster(repattern(problem, built, values, time.monotonic() + 30))

    report = validate(problem, roster)
    assert report.violations == ()
    assert not any(a.date == wednesday for a in roster)
    assert report.objective <= before


def test_hard_rules_of_the_person_are_kept():
    """p2 may work one day only: one move, never a roster over their cap."""
    problem = _problem(p2_limits=Limits(max_shifts={"E": 1}))
    built = build_model(problem, RULES)
    start = {("p1", MON, "E", "desk"), ("p1", MON + timedelta(days=1), "E", "desk")}
    start.add(("p2", MON, "E", "desk"))
    values = {key: key in start for key in built.v.x}
    assert validate(problem, _roster(values)).violations == ()

    roster = _roster(repattern(problem, built, values, time.monotonic() + 30))

    report = validate(problem, roster)
    assert report.violations == ()
    assert sum(a.person == "p2" for a in roster) == 1
    # Three days covered by three duties at most: one day stays short.
    assert report.objective == UNDER


def test_nothing_changes_without_time():
    problem = _problem()
    built, values = _both_on_the_first_two_days(problem)

    assert repattern(problem, built, values, time.monotonic() - 1) == values


def _three_people():
    """Three people who may work two days each over four days, one head a day."""
    problem = _problem()
    people = [*problem.org.people.values(), make_person("p3", limits=Limits(max_shifts={"E": 2}))]
    org = replace(problem.org, people={p.id: p for p in people})
    return replace(problem, org=org)


def test_a_pass_cut_short_resumes_with_the_next_person(monkeypatch):
    """The deadline passes while the second person is re-patterned: the next call begins
    with the third, then comes back round to the first two. The first call's pass was cut
    short, so it is not quiet; the second's whole pass kept nothing, so it is."""
    problem = _three_people()
    built, values = _both_on_the_first_two_days(problem)
    seen: list[str] = []
    deadline = time.monotonic() + 2.0

    def pattern_roster(problem, person, keys, gain):
        seen.append(person)
        if len(seen) == 2:
            time.sleep(max(0.0, deadline - time.monotonic()) + 0.01)
        return None  # nothing better: no roster changes

    monkeypatch.setattr(repattern_module, "pattern_roster", pattern_roster)
    turns = Turns()

    repattern(problem, built, values, deadline, turns=turns)
    assert seen == ["p1", "p2"] and not turns.quiet

    repattern(problem, built, values, time.monotonic() + 30, turns=turns)
    assert seen[2:5] == ["p3", "p1", "p2"]
    assert turns.quiet  # the whole pass from p3 kept nothing


def test_a_whole_pass_that_keeps_nothing_is_quiet():
    problem = _problem()
    built, values = _both_on_the_first_two_days(problem)
    turns = Turns()

    moved = repattern(problem, built, values, time.monotonic() + 30, turns=turns)
    assert moved != values and turns.quiet  # passes until one kept nothing

    again = repattern(problem, built, moved, time.monotonic() + 30, turns=turns)
    assert again == moved and turns.quiet


def test_a_solve_re_patterns_its_person_by_person_start_before_re_typing(monkeypatch):
    """In a solve, the person-by-person start is re-patterned, then re-typed, in rounds
    (roster.polish), and the roster that comes out is valid and priced as the validator
    prices it."""
    from pathlib import Path

    from roster import polish as polish_module
    from roster import solve as solve_module
    from roster.bench.curtois_format import parse_instance
    from roster.bench.curtois_roster import to_problem

    calls = []

    def counted(name, real):
        def call(*args, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(solve_module, "RETYPE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(polish_module, "repattern", counted("days", polish_module.repattern))
    monkeypatch.setattr(
        polish_module, "retype_by_day", counted("types", polish_module.retype_by_day)
    )
    instance = Path(__file__).parent / "data" / "curtois" / "Instance4.txt"
    problem = to_problem(parse_instance(instance))

    roster = solve_module.SolverRun(problem, time_limit=5, workers=1, seed=1).run()

    assert calls[:2] == ["days", "types"]
    assert calls == ["days", "types"] * (len(calls) // 2)
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective


def test_on_a_benchmark_start_the_cost_only_falls():
    """Instance8's start, built from patterns alone (deterministic): re-patterning lowers its
    cost as the validator prices it and breaks no hard rule."""
    import threading
    from pathlib import Path

    from roster.bench.curtois_format import parse_instance
    from roster.bench.curtois_roster import to_problem
    from roster.start import person_by_person

    instance = Path(__file__).parent / "data" / "curtois" / "Instance8.txt"
    problem = to_problem(parse_instance(instance))
    built = build_model(problem, RULES)
    now = time.monotonic()
    start = person_by_person(problem, built, now, threading.Event(), last=now + 60)
    before = validate(problem, _roster(start))

    after = validate(problem, _roster(repattern(problem, built, start, time.monotonic() + 60)))

    assert before.violations == () and after.violations == ()
    assert after.objective < before.objective


def test_the_rules_of_thumb_run_only_where_there_is_no_best_response(monkeypatch):
    """With best responses asked for (`multipliers`), `roster.pattern` is asked only about
    the people who get none (here p2); p1's best response is kept."""
    problem = _problem()
    built, values = _both_on_the_first_two_days(problem)
    asked: list[str] = []
    late = {MON + timedelta(days=2), MON + timedelta(days=3)}

    def best_response(problem, person, keys, value, memo=None):
        if person == "p2":
            return None
        return [key for key in keys if key[1] in late]

    def pattern_roster(problem, person, keys, gain):
        asked.append(person)
        return None

    monkeypatch.setattr(repattern_module, "best_response", best_response)
    monkeypatch.setattr(repattern_module, "pattern_roster", pattern_roster)

    roster = _roster(repattern(problem, built, values, time.monotonic() + 30, multipliers={}))

    assert asked and set(asked) == {"p2"}
    assert {a.date for a in roster if a.person == "p1"} == late
    report = validate(problem, roster)
    assert report.violations == ()
    assert report.objective == 0  # every day one head
