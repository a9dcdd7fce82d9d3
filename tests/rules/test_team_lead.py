"""Team lead (docs/rules.md): every team slot should have a team lead or an experienced person."""

from __future__ import annotations

from roster.domain import DateRange, Request
from tests.factories import make_demand, make_org, make_person, make_post, make_problem
from tests.rules.helpers import MON, TUE, W, isolate, people_at, solve_and_check

TEAM = make_post("team", kind="site", team=True)
LEAD = make_person("lead", skills={"team_lead"})
OLD_HAND = make_person("old", experienced=True)


def problem_of(people, demand=None, days=1, **org):
    org = make_org(
        people=people,
        posts=[TEAM],
        demand=demand or [make_demand("team", count=2)],
        weights=isolate(team_lead=50_000, request=1000),
        **org,
    )
    return make_problem(org, days=days)


def test_a_lead_joins_the_team():
    # p1 and p2 could fill the team alone; the lead takes one place.
    roster, _ = solve_and_check(problem_of(["p1", "p2", LEAD]))
    assert "lead" in people_at(roster, MON, post="team")
    assert roster.objective == 0


def test_an_experienced_person_will_do():
    roster, _ = solve_and_check(problem_of(["p1", "p2", OLD_HAND]))
    assert "old" in people_at(roster, MON, post="team")
    assert roster.objective == 0


def test_lead_beats_a_wish():
    # The lead wants the day off (1000); a team without a lead costs 50 000.
    problem = problem_of(["p1", "p2", LEAD], requests=[Request("lead", MON, "day_off", 1)])
    roster, report = solve_and_check(problem)
    assert "lead" in people_at(roster, MON, post="team")
    assert roster.objective == 1000
    assert report.by_rule() == {"request.day_off": 1000}


def test_no_lead_available_costs_per_slot():
    # The lead is on leave both days: two team slots without a lead.
    lead_away = make_person("lead", skills={"team_lead"}, leave=[DateRange(MON, TUE)])
    roster, report = solve_and_check(problem_of(["p1", "p2", lead_away], days=2))
    assert len(roster.assignments) == 4
    assert roster.objective == 100_000
    assert sorted((p.rule, p.who, p.when) for p in report.penalties) == [
        ("team_lead", "team/D", "2026-11-30"),
        ("team_lead", "team/D", "2026-12-01"),
    ]


def test_one_lead_for_two_teams_that_day():
    # D and N team slots on Monday: 6 h between them, so the lead covers one of them only.
    problem = problem_of(
        ["p1", "p2", "p3", LEAD],
        demand=[make_demand("team", "D", 2), make_demand("team", "N", 2)],
    )
    roster, report = solve_and_check(problem)
    assert len(roster.assignments) == 4
    assert roster.objective == 50_000
    assert [p.rule for p in report.penalties] == ["team_lead"]


def test_empty_team_slot_costs_a_hole_and_a_lead():
    # Nobody may work the team post (it needs a skill nobody holds): 2 missing and no lead.
    post = make_post("team", kind="site", team=True, skills={"rescue"})
    org = make_org(
        people=[LEAD],
        posts=[post],
        demand=[make_demand("team", count=2)],
        weights=isolate(team_lead=50_000),
    )
    roster, report = solve_and_check(make_problem(org, days=1))
    assert roster.assignments == ()
    assert roster.objective == 2 * W + 50_000
    assert report.by_rule() == {"unfilled": 2 * W, "team_lead": 50_000}


def test_posts_without_team_flag_need_no_lead():
    org = make_org(
        people=["p1", "p2"],
        posts=[make_post("site", kind="site")],
        demand=[make_demand("site", count=2)],
        weights=isolate(team_lead=50_000),
    )
    roster, _ = solve_and_check(make_problem(org, days=1))
    assert roster.objective == 0
