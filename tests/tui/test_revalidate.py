"""`roster.validate.revalidate` (the edit session's incremental check) equals `validate`, and
the session's lookups stay right over many edits."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

from roster.domain import Assignment
from roster.editing import open_week
from roster.service import load_problem
from roster.validate import revalidate, slots, validate
from tests.tui.conftest import WEEK, fixed_week
from tests.tui.test_reasons import tightened, tiny

ROOT = Path(__file__).resolve().parents[2]


def random_edit(rng: random.Random, problem, current: set[Assignment]) -> set[Assignment]:
    """Clear, add or move one assignment (anyone, anywhere: breaking rules on purpose)."""
    new = set(current)
    choice = rng.random()
    if choice < 0.35 and new:
        new.remove(rng.choice(sorted(new)))
    elif choice < 0.7:
        day, shift, post = rng.choice(sorted(slots(problem)))
        new.add(Assignment(day, shift, post, rng.choice(sorted(problem.org.people))))
    elif new:
        a = rng.choice(sorted(new))
        new.remove(a)
        new.add(replace(a, person=rng.choice(sorted(problem.org.people))))
    return new


def test_revalidate_matches_validate_over_random_edits():
    for problem in (tiny(), tightened(tiny())):
        rng = random.Random(7)
        current = set(fixed_week())
        report, checks = revalidate(problem, current)
        assert report == validate(problem, current)
        for _ in range(60):
            new = random_edit(rng, problem, current)
            changed = {a.person for a in new ^ current}
            report, checks = revalidate(problem, new, checks, changed)
            assert report == validate(problem, new)
            current = new


def test_revalidate_checks_everyone_for_another_problem():
    problem = tiny()
    week = set(fixed_week())
    _, checks = revalidate(problem, week)
    # Leave for p05 on a day they work: a new problem, so nobody's checks are reused.
    worked = next(a for a in sorted(week) if a.person == "p05")
    from roster.domain import DateRange, frozen_map

    leave = frozen_map({"p05": (DateRange(worked.date, worked.date, "sick"),)})
    other = replace(problem, extra_leave=leave)
    report, _ = revalidate(other, week, checks, changed=())
    assert report == validate(other, week)
    assert any(v.rule == "leave" and v.who == "p05" for v in report.violations)


def test_session_reports_equal_a_fresh_validation_after_every_edit(workdir):
    s = open_week(workdir / "tiny.toml", workdir / "roster.db", WEEK)
    rng = random.Random(3)
    for step in range(40):
        if step % 10 == 9:
            s.add_leave("p07", date(2026, 12, 8), date(2026, 12, 8), "sick")
        elif step % 10 == 4:
            s.toggle_lock(s.assignments[:2])
        elif step % 10 == 6:
            s.undo()
        else:
            new = random_edit(rng, s.problem, set(s.assignments))
            s.apply("edit", set(s.assignments) - new, new - set(s.assignments))
        assert s.report == validate(s.problem, s.assignments), step
        # The lookups the grids read agree with the roster.
        assert s.assignments == tuple(sorted(set(s.assignments)))
        for a in s.assignments:
            assert a in s.at(a.date, a.shift, a.post) and a in s.of(a.person, a.date)
        assert sum(len(s.at(*k)) for k in {(a.date, a.shift, a.post) for a in s.assignments}) == (
            len(s.assignments)
        )


def test_incremental_objective_equals_validate_on_the_sample_organisation():
    """The objective terms `revalidate` reprices by change (slots, fairness pools, wishes,
    continuity, home, team leads, stability) equal a full `validate` after every edit."""
    problem = load_problem(ROOT / "rosters.toml", "2026-11-30")
    rng = random.Random(11)
    people = sorted(problem.org.people)
    needs = sorted(slots(problem).items())
    start = {
        Assignment(day, shift, post, rng.choice(people))
        for (day, shift, post), need in needs
        for _ in range(need.count)
        if rng.random() < 0.9
    }
    problem = replace(problem, previous=tuple(rng.sample(sorted(start), len(start) // 2)))
    wishes = [r for r in problem.org.requests if problem.horizon.contains(r.date)]
    assert wishes
    report, checks = revalidate(problem, start)
    assert report == validate(problem, start)
    current, seen = start, set()
    for step in range(80):
        if step % 4 == 3:
            # A wish's person put on (or taken off) their day: the request terms move.
            wish = rng.choice(wishes)
            theirs = {a for a in current if a.person == wish.person and a.date == wish.date}
            day_slots = [k for k, _ in needs if k[0] == wish.date]
            new = (
                current - theirs
                if theirs
                else current | {Assignment(*rng.choice(day_slots), wish.person)}
            )
        else:
            new = current
            for _ in range(rng.randint(1, 3)):
                new = random_edit(rng, problem, new)
        changed = {a.person for a in new ^ current}
        report, checks = revalidate(problem, sorted(new), checks, changed)
        assert report == validate(problem, sorted(new)), step
        seen |= {p.rule.partition(".")[0] for p in report.penalties}
        current = new
    assert {"unfilled", "fairness", "request", "continuity", "home", "team_lead"} <= seen
    assert "stability" in seen
