"""roster.replanning on a four-day instance small enough to enumerate every roster.

The fewest changes are found a second way, sharing nothing with the replan: every roster of
the days from `start` is listed (the frozen days as published), the validator keeps the
complete ones without a violation, and the smallest difference from the publication wins.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from roster.domain import Assignment, DateRange, Limits, Problem
from roster.replanning import ChangeCount, replan
from roster.validate import validate
from tests.factories import START, assign, make_demand, make_org, make_person, make_shift
from tests.factories import make_problem as problem_of

DAYS = [START + timedelta(days=i) for i in range(4)]  # Monday to Thursday
FROM = DAYS[2]  # Wednesday: Monday and Tuesday are frozen
SHIFTS = [make_shift("D", "08:00"), make_shift("N", "22:00", night=True)]
FAST = {"time_limit": 5.0, "workers": 1, "seed": 1}

# p3 and p4 may work at most two days in a row, which blocks the direct handovers below.
ORG = make_org(
    ["p1", "p2", *(make_person(p, limits=Limits(max_consecutive_days=2)) for p in ("p3", "p4"))],
    SHIFTS,
    ["desk", "site"],
    [make_demand("desk", "D"), make_demand("desk", "N")],
)
PUBLISHED = (
    assign("p1", DAYS[0]),
    assign("p2", DAYS[0], "N"),
    assign("p3", DAYS[1]),
    assign("p4", DAYS[1], "N"),
    assign("p2", DAYS[2]),
    assign("p1", DAYS[2], "N"),
    assign("p3", DAYS[3]),
    assign("p4", DAYS[3], "N"),
)


def _problem(published=PUBLISHED, **kw) -> Problem:
    return problem_of(ORG, START, 4, previous=published, **kw)


def changes(before, after, start: date = FROM) -> int:
    """Duties from `start` on in one roster and not the other (written apart from the code)."""
    return len({a for a in before if a.date >= start} ^ {a for a in after if a.date >= start})


def fewest_changes_by_enumeration(problem: Problem, published) -> int | None:
    """The fewest changes over every complete roster with no violation (None: there is none).

    Slots come from the validator's holes in the frozen part alone. A person works at most
    one duty a day here: any two of this org's shifts on one day break the rest rule, which
    `test_two_duties_a_day_always_break_a_rule` checks.
    """
    frozen = [a for a in published if a.date < FROM]
    holes = validate(problem, frozen).unfilled
    slots = sorted((u.date, u.shift, u.post) for u in holes if u.skill is None and u.date >= FROM)
    assert all(u.missing == 1 for u in holes if u.skill is None)
    per_day = []
    for day in sorted({s[0] for s in slots}):
        today = [s for s in slots if s[0] == day]
        per_day.append(
            [
                [
                    Assignment(d, shift, post, p)
                    for (d, shift, post), p in zip(today, who, strict=True)
                ]
                for who in itertools.permutations(sorted(ORG.people), len(today))
            ]
        )
    best = None
    for choice in itertools.product(*per_day):
        roster = frozen + [a for day in choice for a in day]
        report = validate(problem, roster)
        if not report.violations and not report.unfilled:
            count = changes(published, roster)
            best = count if best is None else min(best, count)
    return best


def _check(problem: Problem, done, published=PUBLISHED) -> None:
    """The replan's roster is valid, keeps the frozen days and has the count it reports."""
    roster = done.outcome.roster
    report = validate(problem, roster.assignments)
    assert not report.violations
    assert report.objective == roster.objective
    assert {a for a in roster.assignments if a.date < FROM} == {
        a for a in published if a.date < FROM
    }
    assert changes(published, roster.assignments) == done.count.changes


def test_two_duties_a_day_always_break_a_rule() -> None:
    problem = _problem()
    for first, second in itertools.combinations(["D", "N"], 2):
        roster = [assign("p1", DAYS[2], first), assign("p1", DAYS[2], second, "site")]
        assert validate(problem, roster).violations
    assert validate(problem, [assign("p1", DAYS[2]), assign("p1", DAYS[2], "D", "site")]).violations


def test_sick_person_needs_a_chain_and_gets_the_fewest_changes() -> None:
    problem = _problem(extra_leave={"p1": [DateRange(DAYS[2], DAYS[2], "ill")]})
    best = fewest_changes_by_enumeration(problem, PUBLISHED)
    assert best is not None and best > 2  # no direct handover of p1's night duty
    done = replan(problem, PUBLISHED, FROM, **FAST)
    _check(problem, done)
    assert done.count == ChangeCount(best, best, 1)
    assert done.count.describe() == f"changes: {best} (proven minimal)"
    assert done.count.holes_proven
    assert not done.outcome.roster.unfilled
    assert not [
        a for a in done.outcome.roster.assignments if a.person == "p1" and a.date == DAYS[2]
    ]


def test_new_site_is_filled_with_the_fewest_changes_elsewhere() -> None:
    site = make_demand("site", "D", days=[DAYS[2]])
    problem = _problem(extra_demand=[site])
    best = fewest_changes_by_enumeration(problem, PUBLISHED)
    assert best is not None and best > 1  # nobody free can simply take the new slot
    done = replan(problem, PUBLISHED, FROM, **FAST)
    _check(problem, done)
    assert done.count.changes == best and done.count.proven
    roster = done.outcome.roster.assignments
    assert any(a.post == "site" for a in roster)


def test_nothing_broken_changes_nothing() -> None:
    problem = _problem()
    done = replan(problem, PUBLISHED, FROM, **FAST)
    _check(problem, done)
    assert done.count == ChangeCount(0, 0, 0)
    assert set(done.outcome.roster.assignments) == set(PUBLISHED)


def test_frozen_days_keep_their_holes() -> None:
    """A hole before `start` stays: nobody is added to a day that is over."""
    with_hole = tuple(a for a in PUBLISHED if (a.date, a.shift) != (DAYS[0], "N"))
    problem = _problem(with_hole)
    done = replan(problem, with_hole, FROM, **FAST)
    _check(problem, done, with_hole)
    assert done.count == ChangeCount(0, 0, 0)
    holes = [(u.date, u.shift) for u in done.outcome.roster.unfilled]
    assert holes == [(DAYS[0], "N")]


def test_published_duty_of_a_person_gone_counts_as_forced() -> None:
    gone = (*PUBLISHED, assign("p9", DAYS[3], "D", "site"))
    problem = _problem(extra_demand=[make_demand("site", "D", days=[DAYS[3]])])
    done = replan(problem, gone, FROM, **FAST)
    _check(problem, done, gone)
    assert done.count.forced == 1
    assert done.count.changes == changes(gone, done.outcome.roster.assignments)


def test_change_count_wording() -> None:
    assert ChangeCount(3, 3).describe() == "changes: 3 (proven minimal)"
    assert ChangeCount(5, 4).describe() == "changes: 5 (best found, bound 4)"
    assert not ChangeCount(5, 4).proven
    late = ChangeCount(2, 2, 2, holes_proven=False).describe()
    assert late == "changes: 2 (proven minimal); holes not proven fewest"


def test_direct_handover_also_gets_the_best_goals_among_fewest_changes(caplog) -> None:
    """At the refill bound phase (c) only chooses who fills the short slots (the other
    variables fixed): its roster still has the validator's least objective among every
    complete roster with that many changes, listed by enumeration."""
    problem = _problem(extra_leave={"p3": [DateRange(DAYS[3], DAYS[3], "ill")]})
    best = fewest_changes_by_enumeration(problem, PUBLISHED)
    assert best == 2  # one forced drop and one direct handover
    frozen = [a for a in PUBLISHED if a.date < FROM]
    least = None
    for roster in itertools.product(*_day_choices(problem, frozen)):
        trial = frozen + [a for day in roster for a in day]
        report = validate(problem, trial)
        if not report.violations and not report.unfilled and changes(PUBLISHED, trial) == best:
            least = report.objective if least is None else min(least, report.objective)
    with caplog.at_level("INFO", logger="roster.replanning"):
        done = replan(problem, PUBLISHED, FROM, **FAST)
    _check(problem, done)
    assert done.count == ChangeCount(best, best, 1)
    assert "replan (c) refills only" in caplog.text
    assert done.outcome.roster.objective == least
    assert done.outcome.roster.status.value == "optimal"


def _day_choices(problem: Problem, frozen) -> list[list[list[Assignment]]]:
    """Per day from FROM on, every way to put distinct people on that day's open slots."""
    holes = validate(problem, frozen).unfilled
    slots = sorted((u.date, u.shift, u.post) for u in holes if u.skill is None and u.date >= FROM)
    out = []
    for day in sorted({s[0] for s in slots}):
        today = [s for s in slots if s[0] == day]
        out.append(
            [
                [Assignment(d, sh, post, p) for (d, sh, post), p in zip(today, who, strict=True)]
                for who in itertools.permutations(sorted(ORG.people), len(today))
            ]
        )
    return out
