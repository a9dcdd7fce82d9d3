"""The scale generator: deterministic, sized as asked, valid TOML, and solvable in full."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from ortools.sat.python import cp_model

from roster.config import load_config
from roster.domain import VOLUNTEER, Assignment
from roster.generate import generate_organisation, generate_toml, minimum_people
from roster.model.builder import FILL_RULES, build_model
from roster.rules.team_lead import add_team_lead_required
from roster.service import make_problem, solve_problem
from roster.validate import slots, validate

START = date(2026, 11, 30)


def test_same_seed_same_organisation() -> None:
    assert generate_organisation(150, 12, seed=3) == generate_organisation(150, 12, seed=3)
    assert generate_toml(150, 12, seed=3) == generate_toml(150, 12, seed=3)


def test_other_seed_other_people() -> None:
    one = generate_organisation(150, 12, seed=1)
    two = generate_organisation(150, 12, seed=2)
    assert [p.name for p in one.people.values()] != [p.name for p in two.people.values()]


@pytest.mark.parametrize(("people", "sites"), [(64, 3), (150, 12), (1000, 80)])
def test_sizes(people: int, sites: int) -> None:
    org = generate_organisation(people, sites, days=28)
    site_posts = [p for p in org.posts.values() if p.kind == "site"]
    assert len(org.people) == people
    assert len(site_posts) == sites
    assert len({p.community for p in site_posts}) == sites == len(org.communities)
    assert len({p.name for p in org.people.values()}) == people
    kinds = Counter(p.kind for p in org.posts.values())
    assert kinds["desk"] == kinds["hotline"] == 1
    assert kinds["depot"] == -(-sites // 12)
    assert any(p.kind == VOLUNTEER for p in org.people.values())
    assert any(p.leave for p in org.people.values())


def test_district_teams_work_their_own_sites() -> None:
    """Each site admits the team of its district only, and that team lives there."""
    org = generate_organisation(1000, 80)
    for post in (p for p in org.posts.values() if p.kind == "site"):
        (team,) = post.eligible_skills
        members = [p for p in org.people.values() if team in p.skills]
        district = org.communities[post.community].district
        assert members
        assert all(org.communities[p.home_community].district == district for p in members)


def test_each_skill_has_spare_holders() -> None:
    """Each day, every team has 1.4 times as many holders of a skill as its posts ask for."""
    org = generate_organisation(1000, 80, days=28)
    problem = make_problem(org, START, 7)
    wanted: Counter[tuple[date, frozenset[str], str]] = Counter()
    for (day, _shift, post), need in slots(problem).items():
        team = org.posts[post].eligible_skills
        for skill, minimum in need.skills.items():
            wanted[day, team, skill] += minimum
    assert wanted
    for (_day, team, skill), minimum in wanted.items():
        holders = [p for p in org.people.values() if skill in p.skills and team & p.skills]
        assert len(holders) >= 1.4 * minimum, (sorted(team), skill)


def test_toml_round_trip(tmp_path) -> None:
    path = tmp_path / "generated.toml"
    path.write_text(generate_toml(150, 12, seed=5, days=14), encoding="utf-8")
    loaded = load_config(path)
    org = generate_organisation(150, 12, seed=5, days=14)
    assert loaded == replace(org, source=str(path))


def test_too_few_people_is_a_clear_error() -> None:
    least = minimum_people(12)
    generate_organisation(least, 12)
    with pytest.raises(ValueError, match=f"too few for 12 sites: at least {least}"):
        generate_organisation(least - 1, 12)
    with pytest.raises(ValueError, match="sites must be between"):
        generate_organisation(100, 0)


def test_small_generated_week_fills_and_validates() -> None:
    org = generate_organisation(minimum_people(3), 3, seed=0)
    problem = make_problem(org, START, 7)
    outcome = solve_problem(problem, time_limit=4, workers=1, seed=0)
    roster = outcome.roster
    report = validate(problem, roster.assignments)
    assert roster.objective is not None
    assert report.violations == ()
    assert report.unfilled == ()
    assert report.objective == roster.objective


def test_small_generated_week_can_lead_every_team() -> None:
    """The generator hires enough leads: a full roster with a lead in every team exists.

    (The solver may still trade a lead for fairer hours: team_lead is a weighted goal.)
    """
    org = generate_organisation(minimum_people(3), 3, seed=0)
    problem = make_problem(org, START, 7)
    fill = build_model(problem, (*FILL_RULES, add_team_lead_required))
    fill.model.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 60
    assert solver.solve(fill.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    chosen = [
        Assignment(k[1], k[2], k[3], k[0]) for k, x in fill.v.x.items() if solver.boolean_value(x)
    ]
    report = validate(problem, chosen)
    assert report.violations == ()
    assert report.unfilled == ()
    assert "team_lead" not in report.by_rule()  # every team has a lead or experienced member
