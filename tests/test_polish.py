"""roster.polish: re-patterning and re-typing in rounds, while a round changes the roster."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from roster import polish as polish_module
from roster.bench.curtois_format import parse_instance
from roster.bench.curtois_roster import to_problem
from roster.domain import Assignment
from roster.model.builder import RULES, build_model
from roster.polish import polish
from roster.repattern import repattern
from roster.retype import retype_by_day
from roster.start import person_by_person
from roster.validate import validate

DATA = Path(__file__).parent / "data" / "curtois"


def _roster(values: dict) -> list[Assignment]:
    return sorted(Assignment(k[1], k[2], k[3], k[0]) for k, on in values.items() if on)


def test_rounds_go_on_while_they_change_the_roster(monkeypatch):
    """Fakes stand in for both steps: re-patterning changes the roster in its first two
    calls only. The third round changes nothing, and it is the last; each re-patterning
    was given at most half the time left."""
    calls, halves = [], []

    def fake_repattern(problem, built, values, deadline, multipliers=None, turns=None):
        calls.append("days")
        halves.append((deadline - time.monotonic()) / (polish_deadline - time.monotonic()))
        if calls.count("days") <= 2:
            return {**values, "changed": calls.count("days")}
        turns.quiet = True  # a whole pass that kept nothing
        return dict(values)

    def fake_retype(problem, built, values, deadline):
        calls.append("types")
        return dict(values)

    monkeypatch.setattr(polish_module, "repattern", fake_repattern)
    monkeypatch.setattr(polish_module, "retype_by_day", fake_retype)
    polish_deadline = time.monotonic() + 60

    out, settled = polish(None, None, {"x": True}, polish_deadline, 0.0)

    assert calls == ["days", "types"] * 3
    assert out == {"x": True, "changed": 2}
    assert settled
    assert all(share <= 0.5 + 1e-6 for share in halves)


def test_a_round_whose_pass_was_cut_short_has_not_settled(monkeypatch):
    """Re-patterning changes nothing in its first two calls, but neither reached everyone
    before its deadline: rounds go on until a whole pass keeps nothing."""
    calls = []

    def fake_repattern(problem, built, values, deadline, multipliers=None, turns=None):
        calls.append(turns)
        turns.quiet = len(calls) >= 3
        return dict(values)

    monkeypatch.setattr(polish_module, "repattern", fake_repattern)
    monkeypatch.setattr(polish_module, "retype_by_day", lambda p, b, values, d: dict(values))

    out, settled = polish(None, None, {"x": True}, time.monotonic() + 60, 0.0)

    assert len(calls) == 3 and all(turns is calls[0] for turns in calls)
    assert settled and out == {"x": True}


def test_nothing_runs_without_the_least_time(monkeypatch):
    calls = []
    monkeypatch.setattr(polish_module, "repattern", lambda *a: calls.append(1))
    monkeypatch.setattr(polish_module, "retype_by_day", lambda *a: calls.append(1))
    values = {"x": True}

    out, settled = polish(None, None, values, time.monotonic() + 1.0, 2.0)

    assert out is values and not settled
    assert calls == []


def test_on_a_benchmark_start_a_second_round_gains():
    """Instance8's start, built from patterns alone (deterministic): rounds until nothing
    changes end lower than one round of re-patterning and re-typing, and break no hard
    rule."""
    problem = to_problem(parse_instance(DATA / "Instance8.txt"))
    built = build_model(problem, RULES)
    now = time.monotonic()
    start = person_by_person(problem, built, now, threading.Event(), last=now + 60)
    one_round = retype_by_day(
        problem, built, repattern(problem, built, start, now + 60), time.monotonic() + 60
    )

    rounds, settled = polish(problem, built, start, time.monotonic() + 60, 0.0)

    once, polished = validate(problem, _roster(one_round)), validate(problem, _roster(rounds))
    assert once.violations == () and polished.violations == ()
    assert polished.objective < once.objective
    assert settled  # within 60 s on 30 people over 28 days


def test_the_first_roster_is_the_start_before_polishing(monkeypatch):
    """The person-by-person start is a complete roster: its time is the first roster's,
    however long polishing takes after it."""
    from roster import solve as solve_module

    began = []
    real = solve_module.polish

    def slow_polish(*args, **kwargs):
        began.append(time.monotonic())
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_module, "polish", slow_polish)
    problem = to_problem(parse_instance(DATA / "Instance4.txt"))
    run = solve_module.SolverRun(problem, time_limit=6, workers=1, seed=1)
    started = time.monotonic()

    roster = run.run()

    assert began
    assert roster.first_solution_time is not None
    assert roster.first_solution_time <= began[0] - started
    assert validate(problem, roster.assignments).violations == ()


@pytest.mark.parametrize("responses", [False, True])
def test_best_responses_only_when_asked_with_their_prices_kept_between_rounds(
    monkeypatch, responses
):
    seen = []

    def fake_repattern(problem, built, values, deadline, multipliers=None, turns=None):
        seen.append(multipliers)
        if multipliers is not None:
            multipliers[len(seen)] = "prices"
        turns.quiet = len(seen) >= 3
        return {**values, "round": len(seen)} if len(seen) < 3 else dict(values)

    monkeypatch.setattr(polish_module, "repattern", fake_repattern)
    monkeypatch.setattr(polish_module, "retype_by_day", lambda p, b, values, d: dict(values))
    polish(None, None, {"x": True}, time.monotonic() + 60, 0.0, responses)

    assert len(seen) == 3
    if responses:
        assert all(m is seen[0] for m in seen) and seen[0] == {
            1: "prices",
            2: "prices",
            3: "prices",
        }
    else:
        assert seen == [None, None, None]
