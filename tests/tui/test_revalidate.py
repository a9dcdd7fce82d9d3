"""`roster.validate.revalidate` (the edit session's incremental check) equals `validate`, and
the session's lookups stay right over many edits."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from roster.domain import Assignment
from roster.editing import open_week
from roster.validate import revalidate, slots, validate
from tests.tui.conftest import WEEK, fixed_week
from tests.tui.test_reasons import tightened, tiny


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
