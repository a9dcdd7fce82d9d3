"""Home community: deployments near a person's home community are preferred."""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.model.context import Context
from roster.model.terms import Term
from roster.model.variables import Variables


def home_cost(ctx: Context, person_id: str, post_id: str) -> int:
    org, w = ctx.problem.org, ctx.weights
    post, home = org.posts[post_id], org.people[person_id].home_community
    if post.kind != "site" or post.community is None or home is None:
        return 0
    if home == post.community:
        return 0
    if org.communities[home].district == org.communities[post.community].district:
        return w.home_same_district
    return w.home_far


def add_home(model: cp_model.CpModel, ctx: Context, v: Variables) -> list[Term]:
    terms = []
    for key, x in v.x.items():
        cost = home_cost(ctx, key[0], key[3])
        if cost:
            terms.append(Term("home", key[0], key[1].isoformat(), cost, x, detail=key[3]))
    return terms
