"""Assemble the model: variables, every rule family, the objective."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster.domain import Assignment, Problem
from roster.model.context import Context, make_context
from roster.model.terms import Term
from roster.model.variables import Exclusions, Variables, create_variables
from roster.rules.consecutive import add_consecutive_days
from roster.rules.continuity import add_continuity
from roster.rules.coverage import add_coverage, add_full_coverage
from roster.rules.fairness import add_fairness
from roster.rules.home import add_home
from roster.rules.horizon_limits import add_max_shifts, add_max_weekends, add_minutes
from roster.rules.locks import add_locks
from roster.rules.min_runs import add_min_consecutive_days, add_min_consecutive_days_off
from roster.rules.requests import add_requests
from roster.rules.rest import add_rest
from roster.rules.rolling import add_duty24_28d, add_hours_7d
from roster.rules.stability import add_stability
from roster.rules.succession import add_forbidden_successions
from roster.rules.team_lead import add_team_lead

Rule = Callable[[cp_model.CpModel, Context, Variables], list[Term]]

# The hard rules (coverage aside): what a roster must satisfy.
HARD_RULES: tuple[Rule, ...] = (
    add_rest,
    add_consecutive_days,
    add_hours_7d,
    add_duty24_28d,
    add_forbidden_successions,
    add_max_shifts,
    add_minutes,
    add_min_consecutive_days,
    add_min_consecutive_days_off,
    add_max_weekends,
    add_locks,
)

# Every rule family; each returns its named penalty terms (hard rules return none).
RULES: tuple[Rule, ...] = (
    add_coverage,
    *HARD_RULES,
    add_fairness,
    add_requests,
    add_continuity,
    add_home,
    add_team_lead,
    add_stability,
)


# A complete roster: every slot filled, no objective (phase 1 of the solve).
FILL_RULES: tuple[Rule, ...] = (add_full_coverage, *HARD_RULES)


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    ctx: Context
    v: Variables
    terms: list[Term]
    excluded: Exclusions
    impossible_locks: list[tuple[Assignment, str]] = field(default_factory=list)

    def objective_expr(self, keep: Callable[[Term], bool] = lambda term: True):
        """The sum of the terms `keep` accepts (all of them by default)."""
        terms = [t for t in self.terms if keep(t)]
        used = [t for t in terms if t.expr is not None and t.weight]
        expr = cp_model.LinearExpr.weighted_sum([t.expr for t in used], [t.weight for t in used])
        return expr + sum(t.constant for t in terms)


def impossible_locks(
    problem: Problem, v: Variables, excluded: Exclusions
) -> list[tuple[Assignment, str]]:
    """Locks no roster can honour on their own: no such slot, or the person can never take it."""
    out = []
    for lock in problem.all_locks():
        key = (lock.person, lock.date, lock.shift, lock.post)
        if key in v.x:
            continue
        if lock.person not in problem.org.people:
            out.append((lock, "unknown person"))
        elif (lock.date, lock.shift, lock.post) not in v.slots:
            out.append((lock, "no demand for that post and shift on that day"))
        else:
            out.append((lock, excluded.get(key, "not possible")))
    return out


def build_model(problem: Problem, rules: tuple[Rule, ...] = RULES) -> BuiltModel:
    built = new_model(problem)
    add_rules(built, rules)
    return built


def new_model(problem: Problem) -> BuiltModel:
    """The variables alone: no rule, no objective yet (`add_rules` adds them)."""
    model = cp_model.CpModel()
    ctx = make_context(problem)
    v, excluded = create_variables(model, problem, ctx.calendar)
    return BuiltModel(model, ctx, v, [], excluded, impossible_locks(problem, v, excluded))


def add_rules(built: BuiltModel, rules: tuple[Rule, ...]) -> None:
    """Add rule families to the model, their terms to `built.terms`, and minimise them all.

    A model may be built in stages (the soft rules, then the hard ones): the objective is
    set again after each."""
    for rule in rules:
        built.terms.extend(rule(built.model, built.ctx, built.v))
    built.model.minimize(built.objective_expr())
