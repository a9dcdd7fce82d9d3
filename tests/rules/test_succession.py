"""`succession` (docs/rules.md): shift b may not start the day after shift a."""

from __future__ import annotations

from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_problem, make_shift
from tests.rules.helpers import MON, TUE, W, before, isolate, shifts_of, solve_and_check

SHIFTS = [make_shift("A", "08:00"), make_shift("B", "08:00")]


def org_with(people, pairs=frozenset({("A", "B")})):
    demand = [make_demand(shift="A", days=[MON]), make_demand(shift="B", days=[TUE])]
    return make_org(
        people=people,
        shifts=SHIFTS,
        demand=demand,
        weights=isolate(),
        forbidden_successions=frozenset(pairs),
    )


def test_one_person_cannot_work_a_then_b():
    roster, _ = solve_and_check(make_problem(org_with(["p1"]), days=2))
    assert len(roster.assignments) == 1
    assert roster.objective == W


def test_the_reverse_order_is_allowed():
    roster, _ = solve_and_check(make_problem(org_with(["p1"], {("B", "A")}), days=2))
    assert shifts_of(roster, "p1") == [(MON, "A", "desk"), (TUE, "B", "desk")]
    assert roster.objective == 0


def test_two_people_share_the_pair():
    roster, _ = solve_and_check(make_problem(org_with(["p1", "p2"]), days=2))
    assert len(roster.assignments) == 2
    assert {a.person for a in roster.assignments} == {"p1", "p2"}
    assert roster.objective == 0


def test_history_counts_on_the_first_day():
    # A on the day before the horizon: B on Monday is forbidden.
    org = make_org(
        people=["p1"],
        shifts=SHIFTS,
        demand=[make_demand(shift="B", days=[MON])],
        weights=isolate(),
        forbidden_successions=frozenset({("A", "B")}),
    )
    problem = make_problem(org, days=1, history=[assign("p1", before(1), "A")])
    roster, _ = solve_and_check(problem)
    assert roster.assignments == ()
    assert roster.objective == W


def test_validator_names_the_pair():
    problem = make_problem(org_with(["p1"]), days=2)
    report = validate(problem, [assign("p1", MON, "A"), assign("p1", TUE, "B")])
    assert [(v.rule, v.who, v.when) for v in report.violations] == [
        ("succession", "p1", TUE.isoformat())
    ]
