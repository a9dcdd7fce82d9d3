"""Continuity (docs/rules.md): a volunteer who works at a site should stay there the next day."""

from __future__ import annotations

from roster.domain import VOLUNTEER, DateRange, Limits
from tests.factories import assign, make_demand, make_org, make_person, make_post, make_problem
from tests.rules.helpers import (
    MON,
    TUE,
    WED,
    before,
    isolate,
    shifts_of,
    solve_and_check,
)

WEIGHTS = isolate(continuity=2000)
SITES = [make_post("siteA", kind="site"), make_post("siteB", kind="site"), make_post("desk")]


def volunteer(pid: str = "v1", **kw):
    return make_person(pid, kind=VOLUNTEER, **kw)


def org_of(people, demand):
    return make_org(people=people, posts=SITES, demand=demand, weights=WEIGHTS)


def test_volunteer_moved_to_another_site_costs():
    org = org_of(
        [volunteer()], [make_demand("siteA", days=[MON]), make_demand("siteB", days=[TUE])]
    )
    roster, report = solve_and_check(make_problem(org, days=2))
    assert len(roster.assignments) == 2
    assert roster.objective == 2000
    assert [(p.rule, p.who, p.when, p.cost) for p in report.penalties] == [
        ("continuity", "v1", "2026-12-01", 2000)
    ]


def test_volunteer_stays_at_the_site():
    # s1 (staff) is off on Monday, so v1 works siteA; on Tuesday v1 stays, s1 goes to siteB.
    org = org_of(
        [volunteer(), make_person("s1", leave=[DateRange(MON, MON)])],
        [make_demand("siteA"), make_demand("siteB", days=[TUE])],
    )
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert shifts_of(roster, "v1") == [(MON, "D", "siteA"), (TUE, "D", "siteA")]
    assert shifts_of(roster, "s1") == [(TUE, "D", "siteB")]
    assert roster.objective == 0


def test_two_volunteers_keep_their_sites():
    org = org_of([volunteer("v1"), volunteer("v2")], [make_demand("siteA"), make_demand("siteB")])
    roster, _ = solve_and_check(make_problem(org, days=3))
    for person in ("v1", "v2"):
        assert len({post for _, _, post in shifts_of(roster, person)}) == 1
    assert roster.objective == 0


def test_staff_may_move_freely():
    org = org_of(["s1"], [make_demand("siteA", days=[MON]), make_demand("siteB", days=[TUE])])
    roster, _ = solve_and_check(make_problem(org, days=2))
    assert len(roster.assignments) == 2 and roster.objective == 0


def test_a_day_between_breaks_the_chain():
    org = org_of(
        [volunteer()], [make_demand("siteA", days=[MON]), make_demand("siteB", days=[WED])]
    )
    roster, _ = solve_and_check(make_problem(org, days=3))
    assert len(roster.assignments) == 2 and roster.objective == 0


def test_posts_that_are_no_sites_do_not_count():
    # desk Mon -> siteB Tue (nothing the day before at a site) -> desk Wed (no site).
    org = org_of(
        [volunteer()],
        [
            make_demand("desk", days=[MON, WED]),
            make_demand("siteB", days=[TUE]),
        ],
    )
    roster, _ = solve_and_check(make_problem(org, days=3))
    assert len(roster.assignments) == 3 and roster.objective == 0


def test_a_new_site_beside_the_old_one_still_counts():
    # Mon siteA; Tue siteA (D) and siteB (N): S_Tue holds siteB, not in S_Mon. Then Wed siteB
    # only: S_Wed is inside S_Tue, no cost.
    org = org_of(
        [volunteer(limits=Limits(min_rest_hours=0))],
        [
            make_demand("siteA", days=[MON, TUE]),
            make_demand("siteB", "N", days=[TUE]),
            make_demand("siteB", days=[WED]),
        ],
    )
    roster, report = solve_and_check(make_problem(org, days=3))
    assert len(roster.assignments) == 4
    assert roster.objective == 2000
    assert [p.when for p in report.penalties] == ["2026-12-01"]


def test_history_is_not_compared_with_the_first_day():
    org = org_of([volunteer()], [make_demand("siteB", days=[MON])])
    history = [assign("v1", before(1), post="siteA")]
    roster, _ = solve_and_check(make_problem(org, days=1, history=history))
    assert roster.assignments == (assign("v1", MON, post="siteB"),)
    assert roster.objective == 0
