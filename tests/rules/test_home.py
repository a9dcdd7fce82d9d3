"""Home community (docs/rules.md): site work near home is preferred.

Communities: c1 and c2 in district d1, c3 in district d2. The site is in c1.
"""

from __future__ import annotations

import pytest

from roster.domain import Community
from tests.factories import make_demand, make_org, make_person, make_post, make_problem
from tests.rules.helpers import MON, isolate, people_at, solve_and_check

COMMUNITIES = [
    Community("c1", "c1", "d1"),
    Community("c2", "c2", "d1"),
    Community("c3", "c3", "d2"),
]
PEOPLE = {
    "same": make_person("same", home="c1"),
    "near": make_person("near", home="c2"),
    "far": make_person("far", home="c3"),
    "nohome": make_person("nohome"),
}


def problem_of(people, count=1, post=None):
    post = post or make_post("site", kind="site", community="c1")
    org = make_org(
        people=[PEOPLE[p] for p in people],
        posts=[post],
        communities=COMMUNITIES,
        demand=[make_demand(post.id, count=count)],
        weights=isolate(home_same_district=200, home_far=600),
    )
    return make_problem(org, days=1)


@pytest.mark.parametrize(
    ("people", "chosen", "cost"),
    [
        (("same", "near", "far"), "same", 0),
        (("near", "far"), "near", 200),
        (("far",), "far", 600),
        (("far", "nohome"), "nohome", 0),  # a person without a home community costs nothing
    ],
)
def test_nearest_person_is_sent(people, chosen, cost):
    roster, _ = solve_and_check(problem_of(people))
    assert people_at(roster, MON, post="site") == {chosen}
    assert roster.objective == cost


def test_costs_add_up_per_assignment():
    roster, report = solve_and_check(problem_of(("same", "near", "far"), count=3))
    assert roster.objective == 800
    assert sorted((p.rule, p.who, p.cost) for p in report.penalties) == [
        ("home", "far", 600),
        ("home", "near", 200),
    ]


@pytest.mark.parametrize(
    "post",
    [
        make_post("site", kind="desk", community="c3"),  # not a site
        make_post("site", kind="site"),  # a site without a community
    ],
)
def test_only_sites_with_a_community_count(post):
    roster, _ = solve_and_check(problem_of(("far",), post=post))
    assert people_at(roster, MON, post="site") == {"far"}
    assert roster.objective == 0
