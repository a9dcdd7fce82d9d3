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


def test_past_its_deadline_each_person_still_gets_a_pattern_roster():
    """With its own time already spent, the start goes on with pattern rosters (no solve)
    until the last moment it is given: a whole roster, breaking no hard rule."""
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    built = build_model(problem, RULES)
    now = time.monotonic()

    assert person_by_person(problem, built, now, threading.Event()) is None
    start = person_by_person(problem, built, now, threading.Event(), last=now + 60)

    assert start is not None
    chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in start.items() if on]
    assert validate(problem, chosen).violations == ()
    assert {a.person for a in chosen} == set(problem.org.people)


def test_too_close_to_the_deadline_the_start_roster_is_returned_as_it_is(monkeypatch):
    """When loading the model would take longer than the time left (a share of its build
    time), neither the complete hint nor a search runs: the person-by-person roster comes
    back, valid, with no bound."""
    from roster import solve as solve_module

    monkeypatch.setattr(solve_module, "LOAD_SHARE", 1e6)
    monkeypatch.setattr(solve_module, "HARD_BUILD_RATIO", 0.0)  # the hard rules are built
    monkeypatch.setattr(solve_module, "COLGEN_MIN_SECONDS", 1e6)  # no column generation
    searches = []
    monkeypatch.setattr(solve_module, "improve", lambda *a, **k: searches.append(1))
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=10, workers=1, seed=1)
    roster = run.run()
    assert len(run.built.model.proto.constraints) == len(
        build_model(problem).model.proto.constraints
    )

    assert searches == []
    assert roster.status.value == "feasible" and roster.bound is None
    # The time of the first roster is the start's, not missing.
    assert roster.first_solution_time is not None
    assert 0 < roster.first_solution_time <= roster.wall_time
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective
    assert {a.person for a in roster.assignments} == set(problem.org.people)


def test_solves_that_keep_failing_to_beat_the_pattern_are_given_up(monkeypatch):
    """Each person's solve is tried while it pays. Once FRUITLESS solves in a row ran out of
    time without covering more than the pattern (where the pattern left room), the rest get
    their pattern as it is; the start roster stays whole and valid."""
    from roster import start as start_module

    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    built = build_model(problem, RULES)
    people = len(problem.org.people)

    def solves_with(proven: bool) -> tuple[int, dict | None]:
        calls = []

        def no_better(problem, person, pattern, gain, deadline, own_share):
            calls.append(person)
            return list(pattern), proven

        monkeypatch.setattr(start_module, "_own_best", no_better)
        start = person_by_person(problem, built, time.monotonic() + 60, threading.Event())
        return len(calls), start

    proven_calls, _ = solves_with(proven=True)
    fruitless_calls, start = solves_with(proven=False)

    assert proven_calls == people  # a proven solve is never given up
    assert start_module.FRUITLESS <= fruitless_calls < people
    assert start is not None
    chosen = [Assignment(k[1], k[2], k[3], k[0]) for k, on in start.items() if on]
    assert validate(problem, chosen).violations == ()
    assert {a.person for a in chosen} == set(problem.org.people)


def test_without_time_for_the_hard_rules_the_re_typed_start_is_the_roster(monkeypatch):
    """The soft rules are built first; when the time left after the start cannot cover the
    hard rules' estimated build, loading and a search, they are never built: the start,
    polished with most of the time left (best responses included), comes back valid, with
    no bound."""
    from roster import solve as solve_module

    monkeypatch.setattr(solve_module, "HARD_BUILD_RATIO", 1e6)
    searches, budgets, asked = [], [], []
    monkeypatch.setattr(solve_module, "improve", lambda *a, **k: searches.append(1))
    real_polish = solve_module.polish

    def polish(problem, built, values, deadline, min_seconds, responses=False, turns=None):
        budgets.append(deadline - time.monotonic())
        asked.append(responses)
        return real_polish(problem, built, values, deadline, min_seconds, responses, turns)

    monkeypatch.setattr(solve_module, "polish", polish)
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=10, workers=1, seed=1)
    roster = run.run()

    assert searches == []
    full = len(build_model(problem).model.proto.constraints)
    assert len(run.built.model.proto.constraints) < full / 2  # the hard rules were not built
    assert len(budgets) == 1
    assert budgets[0] > 0.6 * (10 - roster.first_solution_time)  # not POLISH_SHARE of it
    assert asked == [True]  # with each person's best response
    assert roster.status.value == "feasible" and roster.bound is None
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective


def test_without_a_roster_from_column_generation_best_responses_get_the_time_left_but_a_margin(
    monkeypatch,
):
    """Column generation brings no roster: the second polishing, with best responses, takes
    the time left but RETYPE_MARGIN (30%), not POLISH_SHARE (half) of it. The run is
    cancelled after it: its roster, the start polished, comes back valid."""
    from roster import solve as solve_module
    from roster.colgen import ColgenOutcome

    monkeypatch.setattr(
        solve_module,
        "column_generation",
        lambda *a, **k: ColgenOutcome(None, None, None, 0, 0, False),
    )
    calls = []
    real_polish = solve_module.polish
    limit = 20.0

    def polish(problem, built, values, deadline, min_seconds, responses=False, turns=None):
        now = time.monotonic()
        calls.append((responses, deadline - now, began + limit - now))
        polished = real_polish(problem, built, values, deadline, min_seconds, responses, turns)
        if len(calls) == 2:
            run.cancel()
        return polished

    monkeypatch.setattr(solve_module, "polish", polish)
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=limit, workers=1, seed=1)
    began = time.monotonic()
    roster = run.run()

    assert [responses for responses, _, _ in calls] == [True, True]
    _, budget, left = calls[1]
    assert budget > 0.65 * left  # POLISH_SHARE is 0.5
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective


def test_when_column_generation_leaves_too_little_time_the_hard_rules_are_not_built(
    monkeypatch,
):
    """Column generation brings no roster and ends too late for the hard rules' build,
    loading and a search (at least LNS_MIN_SECONDS): they are never built; the start is
    polished on and comes back valid."""
    from roster import solve as solve_module
    from roster.colgen import ColgenOutcome

    limit = 8.0

    def slow_and_empty(*args, **kwargs):
        time.sleep(max(0.0, began + limit - 3.0 - time.monotonic()))
        return ColgenOutcome(None, None, None, 0, 0, False)

    monkeypatch.setattr(solve_module, "column_generation", slow_and_empty)
    searches = []
    monkeypatch.setattr(solve_module, "improve", lambda *a, **k: searches.append(1))
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=limit, workers=1, seed=1)
    began = time.monotonic()
    roster = run.run()

    assert searches == []
    full = len(build_model(problem).model.proto.constraints)
    assert len(run.built.model.proto.constraints) < full / 2  # the hard rules were not built
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective
    assert time.monotonic() - began < limit + 1.0


def test_a_cancel_during_the_start_returns_it_without_building_the_hard_rules(monkeypatch):
    """Cancelled while the person-by-person start is built: that start comes back, valid,
    and the hard rules (most of the build on a large instance) are never built."""
    from roster import solve as solve_module

    problem = to_problem(parse_instance(DATA / "curtois" / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=30, workers=1, seed=1)
    real_start = solve_module.person_by_person

    def start_then_cancel(*args, **kwargs):
        values = real_start(*args, **kwargs)
        run.cancel()
        return values

    monkeypatch.setattr(solve_module, "person_by_person", start_then_cancel)
    roster = run.run()

    full = len(build_model(problem).model.proto.constraints)
    assert len(run.built.model.proto.constraints) < full / 2
    assert roster.status.value == "feasible" and roster.assignments
    report = validate(problem, roster.assignments)
    assert report.violations == ()
    assert report.objective == roster.objective


def _polish_on_with(monkeypatch, settles_at: int, hard_to_come: float, seconds: float):
    """SolverRun._polish_on for `seconds`, with a polishing that uses its whole budget and
    settles at call `settles_at` (0: never): (whether the start is the roster, the budgets,
    the time left at the end)."""
    from roster import solve as solve_module

    monkeypatch.setattr(solve_module, "RETYPE_MIN_SECONDS", 0.2)
    problem = to_problem(parse_instance(DATA / "curtois" / "Instance1.txt"))
    run = solve_module.SolverRun(problem, time_limit=10, workers=1, seed=1)
    budgets: list[float] = []

    def polish(built, start, budget):
        budgets.append(budget)
        if len(budgets) != settles_at:
            time.sleep(budget)
        return start, len(budgets) == settles_at

    monkeypatch.setattr(run, "_polish", polish)
    deadline = time.monotonic() + seconds
    start = {"a": True}
    polished, is_roster = run._polish_on(None, start, deadline, hard_to_come)
    assert polished is start
    return is_roster, budgets, deadline - time.monotonic()


def test_polishing_on_repeats_until_the_time_is_up_and_is_the_roster(monkeypatch):
    """Never settling, polishing takes the time left but RETYPE_MARGIN, again and again
    while the time left covers RETYPE_MIN_SECONDS twice (0.4 s here) and the last overrun:
    2.1 s of 3, then 0.63 s of 0.9; the start is the roster, in time (give or take the
    sleeps' jitter)."""
    is_roster, budgets, left = _polish_on_with(monkeypatch, 0, 0.0, 3.0)

    assert is_roster
    assert len(budgets) >= 2
    assert budgets[0] > 0.65 * 3.0 and budgets[1] < 0.7
    assert -0.1 < left < 0.6


def test_polishing_on_that_settles_early_goes_on_to_the_hard_rules(monkeypatch):
    """Settled with the time for the hard rules' build, loading and a search left: not the
    roster. Settled without it: the roster."""
    is_roster, budgets, _ = _polish_on_with(monkeypatch, 1, 0.0, 6.0)
    assert not is_roster and len(budgets) == 1

    is_roster, budgets, _ = _polish_on_with(monkeypatch, 1, 100.0, 6.0)
    assert is_roster and len(budgets) == 1


def test_polishing_on_keeps_the_time_the_roster_s_pricing_takes(monkeypatch):
    """The validator once took 3 s to price a roster: with 2 s left, no polishing starts."""
    from roster import solve as solve_module

    original = solve_module.SolverRun.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._pricing_seconds = 3.0

    monkeypatch.setattr(solve_module.SolverRun, "__init__", init)
    is_roster, budgets, _ = _polish_on_with(monkeypatch, 0, 0.0, 2.0)
    assert is_roster and budgets == []
