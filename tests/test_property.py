"""Property tests: whatever small organisation comes in, the solver's roster passes the validator.

Hypothesis builds random organisations with `tests/factories.py` (2-6 people with random
skills, kinds, limits, leave and availability; 1-3 shifts, some crossing midnight, some 24 h;
1-3 posts with eligibility; demand with skill minimums; requests; history before the horizon;
a previous roster; a 2-5 day horizon, sometimes over a public holiday). Every roster the
solver returns must break no hard rule, and the validator's objective must equal the
solver's. With random locks, the only outcomes are `InfeasibleLocks` or such a roster
holding every lock; which one is decided independently by validating the locks alone (every
hard rule is monotone: adding assignments never repairs a violation, and with coverage soft
the empty roster breaks nothing, so the locks fit some roster iff they are valid on their own).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roster.domain import (
    CATEGORIES,
    DAY_PATTERNS,
    POST_KINDS,
    REQUEST_KINDS,
    STAFF,
    VOLUNTEER,
    Assignment,
    Community,
    DateRange,
    FairnessPool,
    Limits,
    Problem,
    Request,
    Roster,
    Status,
    Window,
)
from roster.service import solve_problem
from roster.solve import InfeasibleLocks, solve
from roster.validate import Report, person_can_take, slots, validate
from tests.factories import (
    make_demand,
    make_org,
    make_person,
    make_post,
    make_problem,
    make_shift,
    make_weights,
)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SOLVE = {"time_limit": 3, "workers": 1, "seed": 0}

# Horizon starts: a plain week, the Spring Festival 2027 (holidays Sat 02-06 .. Wed 02-10,
# weekend days that are holidays, not weekends) and New Year 2027 (a holiday on a Friday,
# then a weekend).
STARTS = (date(2026, 11, 30), date(2027, 2, 6), date(2026, 12, 30))
SKILLS = ("lead", "medic", "driver", "team_lead")
COMMUNITIES = (
    Community("c1", "c1", "east"),
    Community("c2", "c2", "east"),
    Community("c3", "c3", "west"),
)
# Shift templates: day, night across midnight, 24 h, a short one and an evening one ending at
# midnight; random ones are drawn as well.
TEMPLATES = (
    ("08:00", 8 * 60, False),
    ("22:00", 8 * 60, True),
    ("08:30", 24 * 60, False),
    ("13:00", 4 * 60, False),
    ("16:00", 8 * 60, True),
)


def clock_times() -> st.SearchStrategy[time]:
    return st.builds(time, st.integers(0, 23), st.sampled_from((0, 30)))


@st.composite
def shifts(draw: st.DrawFn, count: int) -> list:
    out = []
    for i in range(count):
        if draw(st.booleans()):
            start, minutes, night = draw(st.sampled_from(TEMPLATES))
        else:
            start = draw(clock_times())
            minutes = draw(st.sampled_from((4 * 60, 6 * 60, 8 * 60, 12 * 60, 24 * 60)))
            night = draw(st.booleans())
        out.append(make_shift(f"S{i}", start, minutes=minutes, night=night))
    return out


@st.composite
def windows(draw: st.DrawFn) -> tuple[Window, ...]:
    count = draw(st.sampled_from((0, 0, 1, 2)))
    out = []
    for _ in range(count):
        days = draw(st.sampled_from(DAY_PATTERNS))
        if draw(st.booleans()):
            out.append(Window(days))  # whole day
        else:
            out.append(Window(days, draw(clock_times()), draw(clock_times())))
    return tuple(out)


@st.composite
def limits(draw: st.DrawFn) -> Limits:
    if draw(st.booleans()):
        return Limits()
    return Limits(
        min_rest_hours=draw(st.sampled_from((0.0, 8.0, 11.0, 12.5))),
        rest_after_24h_hours=draw(st.sampled_from((0.0, 12.0, 24.0))),
        max_consecutive_days=draw(st.integers(1, 6)),
        max_hours_7d=draw(st.sampled_from((8, 16, 24, 40, 60))),
        max_24h_per_28d=draw(st.integers(0, 3)),
    )


@st.composite
def leave(draw: st.DrawFn, start: date, days: int) -> tuple[DateRange, ...]:
    if draw(st.integers(0, 2)) > 0:
        return ()
    first = start + timedelta(days=draw(st.integers(-2, days)))
    last = first + timedelta(days=draw(st.integers(0, 2)))
    return (DateRange(first, last, draw(st.sampled_from(("", "年假")))),)


@st.composite
def people(draw: st.DrawFn, start: date, days: int) -> list:
    count = draw(st.sampled_from((2, 3, 4, 5, 6, 6)))
    out = []
    for i in range(count):
        out.append(
            make_person(
                f"p{i}",
                skills=draw(st.sets(st.sampled_from(SKILLS), max_size=3)),
                unit=draw(st.sampled_from(("office", "command"))),
                kind=draw(st.sampled_from((STAFF, STAFF, VOLUNTEER))),
                limits=draw(limits()),
                availability=draw(windows()),
                leave=draw(leave(start, days)),
                home=draw(st.sampled_from((None, "c1", "c3"))),
                experienced=draw(st.booleans()),
            )
        )
    return out


@st.composite
def posts(draw: st.DrawFn) -> list:
    count = draw(st.integers(1, 3))
    out = []
    for i in range(count):
        kind = draw(st.sampled_from(POST_KINDS))
        community = draw(st.sampled_from([c.id for c in COMMUNITIES])) if kind == "site" else None
        open_to_all = draw(st.booleans())
        out.append(
            make_post(
                f"post{i}",
                kind=kind,
                skills=()
                if open_to_all
                else draw(st.sets(st.sampled_from(SKILLS[:3]), max_size=2)),
                community=community,
                volunteers_allowed=draw(st.sampled_from((True, True, False))),
                team=draw(st.booleans()),
            )
        )
    return out


@st.composite
def demand(draw: st.DrawFn, post_ids: list[str], shift_ids: list[str], dates: list[date]):
    count = draw(st.sampled_from((1, 2, 3, 4, 4)))
    out = []
    for _ in range(count):
        heads = draw(st.integers(1, 2))
        minimums = draw(
            st.dictionaries(st.sampled_from(SKILLS[:3]), st.integers(1, heads), max_size=2)
        )
        if draw(st.integers(0, 4)) == 0:
            days = draw(st.sets(st.sampled_from(dates), min_size=1))
        else:
            days = draw(st.sampled_from(("all", "all", *DAY_PATTERNS)))
        first = draw(st.one_of(st.none(), st.sampled_from(dates)))
        out.append(
            make_demand(
                draw(st.sampled_from(post_ids)),
                draw(st.sampled_from(shift_ids)),
                heads,
                days=days,
                skills=minimums,
                start=first,
            )
        )
    return out


@st.composite
def requests(draw: st.DrawFn, person_ids: list[str], shift_ids: list[str], dates: list[date]):
    out = []
    reachable = [*dates, dates[-1] + timedelta(days=1)]  # one date beyond the horizon
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(REQUEST_KINDS))
        out.append(
            Request(
                draw(st.sampled_from(person_ids)),
                draw(st.sampled_from(reachable)),
                kind,
                draw(st.integers(1, 3)),
                None if kind == "day_off" else draw(st.sampled_from(shift_ids)),
            )
        )
    return out


def assignments(
    person_ids: list[str],
    shift_ids: list[str],
    post_ids: list[str],
    dates: list[date],
    max_size: int,
) -> st.SearchStrategy[list[Assignment]]:
    one = st.builds(
        Assignment,
        st.sampled_from(dates),
        st.sampled_from(shift_ids),
        st.sampled_from(post_ids),
        st.sampled_from(person_ids),
    )
    return st.lists(one, max_size=max_size)


@st.composite
def problems(draw: st.DrawFn, with_locks: bool = False) -> Problem:
    start = draw(st.sampled_from(STARTS))
    days = draw(st.sampled_from((2, 3, 4, 5, 5)))
    dates = [start + timedelta(days=i) for i in range(days)]
    crew = draw(people(start, days))
    shift_list = draw(shifts(draw(st.integers(1, 3))))
    post_list = draw(posts())
    person_ids = [p.id for p in crew]
    shift_ids = [s.id for s in shift_list]
    post_ids = [p.id for p in post_list]
    pools = [
        FairnessPool(f"pool{i}", frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1))))
        for i in range(draw(st.integers(0, 2)))
    ]
    tolerance = {c: draw(st.sampled_from((0, 1, 2))) for c in CATEGORIES}
    tolerance["hours"] = draw(st.sampled_from((0, 4, 8)))
    org = make_org(
        people=crew,
        shifts=shift_list,
        posts=post_list,
        demand=draw(demand(post_ids, shift_ids, dates)),
        communities=COMMUNITIES,
        requests=draw(requests(person_ids, shift_ids, dates)),
        fairness_pools=pools,
        weights=make_weights(tolerance=tolerance),
    )
    before = [start - timedelta(days=i) for i in range(1, 8)] + [start - timedelta(days=20)]
    history = draw(assignments(person_ids, shift_ids, post_ids, before, 4))
    previous = draw(assignments(person_ids, shift_ids, post_ids, dates, 4))
    problem = make_problem(org, start, days, history=history, previous=previous)
    if not with_locks:
        return problem
    # Several locks of one person make conflicts between locks (rest, overlap, hours) likely.
    # A quarter of the problems get arbitrary locks (mostly impossible on their own).
    focus = draw(st.one_of(st.none(), st.sampled_from(person_ids)))
    wild = draw(st.sampled_from((False, False, False, True)))
    locks = draw(st.lists(lock(problem, focus, wild), min_size=1, max_size=4))
    split = draw(st.integers(0, len(locks)))
    org = replace(org, locks=tuple(locks[:split]))
    return replace(problem, org=org, locks=tuple(locks[split:]))


@st.composite
def lock(draw: st.DrawFn, problem: Problem, focus: str | None, wild: bool) -> Assignment:
    """A slot and someone who could take it on their own (`focus` if they can); with `wild`
    (or if there is nobody) any person, date, shift and post."""
    org = problem.org
    keys = sorted(slots(problem))
    if keys and not wild:
        day, shift, post = draw(st.sampled_from(keys))
        able = [p for p in org.people if not person_can_take(problem, (), p, day, shift, post)]
        if focus in able:
            able = [focus]
        if able:
            return Assignment(day, shift, post, draw(st.sampled_from(able)))
    return draw(
        st.builds(
            Assignment,
            st.sampled_from(problem.horizon.dates),
            st.sampled_from(sorted(org.shifts)),
            st.sampled_from(sorted(org.posts)),
            st.sampled_from(sorted(org.people)),
        )
    )


def rule_totals(penalties) -> Counter[str]:
    totals: Counter[str] = Counter()
    for p in penalties:
        totals[p.rule] += p.cost
    return totals


def assert_agrees(roster: Roster, report: Report) -> None:
    """A solved roster breaks no hard rule and is priced the same by solver and validator."""
    assert roster.status in (Status.OPTIMAL, Status.FEASIBLE), roster.status
    assert report.violations == ()
    assert rule_totals(roster.penalties) == rule_totals(report.penalties)
    assert report.objective == roster.objective


@SETTINGS
@given(problems())
def test_every_roster_validates(problem: Problem):
    outcome = solve_problem(problem, **SOLVE)
    roster, report = outcome.roster, outcome.report
    assert_agrees(roster, report)
    # The explained holes are exactly the validator's holes.
    holes = Counter((u.date, u.shift, u.post, u.skill, u.missing) for u in roster.unfilled)
    found = Counter((u.date, u.shift, u.post, u.skill, u.missing) for u in report.unfilled)
    assert holes == found


@SETTINGS
@given(problems(with_locks=True))
def test_locks_hold_or_are_named(problem: Problem):
    locks = problem.all_locks()
    alone = validate(problem, locks)
    try:
        roster = solve(problem, **SOLVE)
    except InfeasibleLocks as exc:
        assert alone.violations, "InfeasibleLocks for locks that fit a roster on their own"
        named = [lock for lock, _ in exc.locks]
        assert named and set(named) <= set(locks), named
        return
    assert alone.ok, f"a roster came back although the locks alone break {alone.violations}"
    report = validate(problem, roster.assignments)
    assert_agrees(roster, report)
    assert set(locks) <= set(roster.assignments)


def test_a_repeated_history_assignment_counts_once():
    """Found by the property above (shrunk): a history listing one assignment twice. The
    validator counts it once; a model counting it twice priced fairness differently."""
    tight = Limits(0.0, 0.0, 1, 8, 0)
    org = make_org(
        people=[make_person("p0", limits=tight), make_person("p1", limits=tight)],
        shifts=[make_shift("S0", "00:00", minutes=240)],
        posts=["post0"],
        demand=[make_demand("post0", "S0", days=[STARTS[0]])],
        weights=make_weights(tolerance=dict.fromkeys(CATEGORIES, 0)),
    )
    before = Assignment(STARTS[0] - timedelta(days=1), "S0", "post0", "p0")
    problem = make_problem(org, STARTS[0], 2, history=[before, before])
    outcome = solve_problem(problem, **SOLVE)
    assert_agrees(outcome.roster, outcome.report)
    assert outcome.roster.status == Status.OPTIMAL
