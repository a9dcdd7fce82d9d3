"""Splitting a problem into parts that share no person and no post."""

from __future__ import annotations

from datetime import date

from ortools.sat.python import cp_model

from roster.calendar import Calendar
from roster.generate import generate_organisation
from roster.model.components import split_problem
from roster.model.variables import create_variables
from roster.service import make_problem
from tests.factories import make_demand, make_org, make_person, make_post
from tests.factories import make_problem as tiny_problem


def _keys(problem) -> set:
    v, _ = create_variables(cp_model.CpModel(), problem, Calendar(problem.org.calendar))
    return set(v.x)


def test_parts_share_nobody_and_keep_every_variable() -> None:
    problem = make_problem(generate_organisation(150, 12), date(2026, 11, 30), 7)
    parts = split_problem(problem)
    assert len(parts) > 1
    people = [set(part.org.people) for part in parts]
    posts = [{line.post for line in part.org.demand} for part in parts]
    for i in range(len(parts)):
        for j in range(i):
            assert not people[i] & people[j] and not posts[i] & posts[j]
    keys = [_keys(part) for part in parts]
    assert set().union(*keys) == _keys(problem)
    assert sum(len(k) for k in keys) == len(_keys(problem))


def test_a_person_who_may_work_two_posts_joins_them() -> None:
    org = make_org(
        people=[make_person("p1", skills={"a"}), make_person("p2", skills={"a", "b"})],
        posts=[make_post("x", skills={"a"}), make_post("y", skills={"b"})],
        demand=[make_demand("x"), make_demand("y")],
    )
    assert len(split_problem(tiny_problem(org, days=1))) == 1
    apart = make_org(
        people=[make_person("p1", skills={"a"}), make_person("p2", skills={"b"})],
        posts=[make_post("x", skills={"a"}), make_post("y", skills={"b"})],
        demand=[make_demand("x"), make_demand("y")],
    )
    parts = split_problem(tiny_problem(apart, days=1))
    assert sorted(sorted(part.org.people) for part in parts) == [["p1"], ["p2"]]
