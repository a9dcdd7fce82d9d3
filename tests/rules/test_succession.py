"""`succession` (docs/rules.md): shift b may not start the day after shift a."""

from __future__ import annotations

from roster.domain import Limits
from roster.validate import validate
from tests.factories import assign, make_demand, make_org, make_person, make_problem, make_shift
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


def _half_days_org(people):
    """A night shift on Monday, two half days on Tuesday that one person can both work (no
    rest between them), neither of them allowed after the night."""
    no_rest = Limits(min_rest_hours=0.0)
    shifts = [
        make_shift("N", "20:00", hours=10, night=True),
        make_shift("M", "08:00", hours=6),
        make_shift("E", "14:00", hours=6),
    ]
    demand = [
        make_demand(shift="N", days=[MON]),
        make_demand(shift="M", days=[TUE]),
        make_demand(shift="E", days=[TUE]),
    ]
    return make_org(
        people=[make_person(p, limits=no_rest) for p in people],
        shifts=shifts,
        demand=demand,
        weights=isolate(),
        forbidden_successions=frozenset({("N", "M"), ("N", "E")}),
    )


def test_two_followers_one_person_can_both_work_are_both_kept_apart_from_the_first():
    # Tuesday's half days may go together (no clique over them), but not after the night.
    roster, _ = solve_and_check(make_problem(_half_days_org(["p1"]), days=2))
    assert shifts_of(roster, "p1") == [(TUE, "E", "desk"), (TUE, "M", "desk")]
    assert roster.objective == W


def test_two_followers_after_the_first_break_the_rule_in_the_validator_too():
    problem = make_problem(_half_days_org(["p1"]), days=2)
    report = validate(problem, [assign("p1", MON, "N"), assign("p1", TUE, "E")])
    assert [(v.rule, v.who) for v in report.violations] == [("succession", "p1")]


def test_exclusive_shifts_take_one_clique_per_day_instead_of_every_pair():
    """Three first shifts and three followers, all starting at 08:00 (one a day at most):
    one at-most-one per person and day, where the pairs would be nine clauses."""
    from roster.model.builder import build_model
    from roster.rules.succession import add_forbidden_successions

    shifts = [make_shift(s, "08:00") for s in ("A1", "A2", "A3", "B1", "B2", "B3")]
    pairs = {(a, b) for a in ("A1", "A2", "A3") for b in ("B1", "B2", "B3")}
    demand = [make_demand(shift=s, days=[MON, TUE]) for s in ("A1", "A2", "A3", "B1", "B2", "B3")]
    org = make_org(
        people=["p1"],
        shifts=shifts,
        demand=demand,
        weights=isolate(),
        forbidden_successions=frozenset(pairs),
    )
    built = build_model(make_problem(org, days=2), (add_forbidden_successions,))
    constraints = built.model.proto.constraints
    assert len(constraints) == 1 and constraints[0].has_at_most_one()
    assert len(constraints[0].at_most_one.literals) == 6
    roster, _ = solve_and_check(make_problem(org, days=2))
    worked = [shift for _, shift, _ in shifts_of(roster, "p1")]
    assert len(worked) == 2, "one shift a day, never an A then a B"
    assert not (worked[0].startswith("A") and worked[1].startswith("B"))
