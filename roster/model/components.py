"""Split a problem into parts that share no person and no post.

Every hard rule (docs/rules.md) binds the assignments of one person or of one slot, so a
roster breaks no hard rule exactly when its restriction to each part breaks none: the
parts of a feasibility question (such as the fill phase's "every slot full") can be
solved one by one and their rosters joined. Two posts are in one part when somebody may
work both (skills and the volunteer rule); a part holds its posts' demand, the people who
may work any of them, and the locks at its posts. People who may work no post with demand
are left out: they can have no assignment anyway.
"""

from __future__ import annotations

from dataclasses import replace

from roster.domain import Problem, frozen_map
from roster.model.eligibility import passes_post
from roster.model.slots import expand_slots


def _root(parent: dict[str, str], post: str) -> str:
    while parent[post] != post:
        parent[post] = parent[parent[post]]
        post = parent[post]
    return post


def split_problem(problem: Problem) -> list[Problem]:
    """The problem's independent parts (the problem itself when it does not split)."""
    org = problem.org
    posts = sorted({slot.post for slot in expand_slots(problem)})
    if any(lock.post not in posts for lock in problem.all_locks()):
        return [problem]  # a lock where nobody is needed: the whole model reports it
    parent = {post: post for post in posts}
    open_posts = [post for post in posts if not org.posts[post].eligible_skills]
    by_skill: dict[str, list[str]] = {}
    for post in posts:
        for skill in org.posts[post].eligible_skills:
            by_skill.setdefault(skill, []).append(post)
    works: dict[str, str] = {}  # person -> the first post they may work
    for person in org.people.values():
        maybe = open_posts + [p for skill in sorted(person.skills) for p in by_skill.get(skill, ())]
        for post in maybe:
            if passes_post(person, org.posts[post]):
                if person.id in works:
                    a, b = _root(parent, works[person.id]), _root(parent, post)
                    parent[max(a, b)] = min(a, b)
                else:
                    works[person.id] = post
    groups: dict[str, list[str]] = {}
    for post in posts:
        groups.setdefault(_root(parent, post), []).append(post)
    members: dict[str, list[str]] = {root: [] for root in groups}
    for pid, post in works.items():
        members[_root(parent, post)].append(pid)
    if len(groups) <= 1:
        return [problem]
    return [_part(problem, set(group), set(members[root])) for root, group in groups.items()]


def _part(problem: Problem, posts: set[str], ids: set[str]) -> Problem:
    org = problem.org
    people = {pid: person for pid, person in org.people.items() if pid in ids}
    part_org = replace(
        org,
        people=frozen_map(people),
        demand=tuple(line for line in org.demand if line.post in posts),
        requests=tuple(r for r in org.requests if r.person in people),
        locks=tuple(lock for lock in org.locks if lock.post in posts),
    )
    return replace(
        problem,
        org=part_org,
        locks=tuple(lock for lock in problem.locks if lock.post in posts),
        extra_demand=tuple(line for line in problem.extra_demand if line.post in posts),
    )
