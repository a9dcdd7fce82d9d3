"""Benchmark: where the sample week's lower bound comes from, and how far it can rise.

Usage: python bench/sample_bound.py [--week 2026-11-30] [--family fairness.night,team_lead]
                                     [--time-limit 60] [--workers 2] [--seed 1]

The main model (every slot filled, every rule) is what the solve's bound is proven on.
This prints:

1. its linear relaxation, solved by GLOP (linear rows, at-most-one, exactly-one, bool-or
   and bool-and as rows, each max as `target >= every argument`; constraints with an
   enforcement literal and any other kind are left out, so the value is a valid lower bound
   of every roster), with the relaxation's cost per rule family;
2. for each `--family` (one rule family, or several comma-separated), the least those
   families together can cost in any roster that fills every slot and keeps every hard
   rule: CP-SAT minimises them alone (status, value, bound).

No roster can cost less than the relaxation, nor less than the proven least cost of any
families: a proven gap of 1% needs a bound within 1% of the best roster.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from roster.errors import exiting_on_error
from roster.model.builder import RULES, BuiltModel, add_rules, new_model
from roster.rules.coverage import add_full_coverage
from roster.service import load_problem

LIMIT = 2**62  # CP-SAT's "unbounded" domain ends
KINDS = ("linear", "at_most_one", "exactly_one", "bool_or", "bool_and", "lin_max")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="rosters.toml")
    parser.add_argument("--week", default="2026-11-30")
    parser.add_argument(
        "--family",
        action="append",
        default=[],
        help="rule families to minimise alone, comma-separated (repeat for another set)",
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with exiting_on_error():
        built = main_model(args.config, args.week)
    rules = {t.rule for t in built.terms}
    for family in args.family:
        unknown = sorted(set(family.split(",")) - rules)
        if unknown:
            parser.error(f"--family {family}: no term of {', '.join(unknown)} in the model")
    print(f"week {args.week}: {len(built.model.proto.variables)} variables")
    started = time.monotonic()
    value, solution = relaxation(built.model.proto)
    print(f"linear relaxation (GLOP): {value:,.0f} in {time.monotonic() - started:.1f} s")
    for family, cost in sorted(family_costs(built, solution).items()):
        print(f"  {family}: {cost:,.0f}")
    for family in args.family:
        least(built, args, family)


def main_model(config: str, week: str) -> BuiltModel:
    """The solve's main model: every slot filled, every rule family."""
    built = new_model(load_problem(config, week))
    add_rules(built, (add_full_coverage, *RULES[1:]))
    return built


def relaxation(proto) -> tuple[float, list[float]]:
    """The value of the model's linear relaxation and the variables' values in it."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    lp.SetSolverSpecificParametersAsString("use_dual_simplex: true")
    inf = lp.infinity()
    xs = [lp.NumVar(v.domain[0], v.domain[len(v.domain) - 1], "") for v in proto.variables]

    def row(low: float, high: float, coefficients: dict[int, int]) -> None:
        constraint = lp.Constraint(low, high)
        for index, coefficient in coefficients.items():
            constraint.SetCoefficient(xs[index], coefficient)

    def literals(lits) -> tuple[dict[int, int], int]:
        """sum(lits) as coefficients and a constant (a negated literal is 1 - x)."""
        coefficients: dict[int, int] = defaultdict(int)
        constant = 0
        for lit in lits:
            if lit >= 0:
                coefficients[lit] += 1
            else:
                coefficients[-lit - 1] -= 1
                constant += 1
        return coefficients, constant

    for c in proto.constraints:
        kind = next((k for k in KINDS if getattr(c, f"has_{k}")()), None)
        if c.enforcement_literal and kind != "bool_and":
            continue  # left out: the relaxation only gets looser
        if kind == "linear":
            domain = c.linear.domain
            low, high = domain[0], domain[len(domain) - 1]
            row(
                -inf if low <= -LIMIT else low,
                inf if high >= LIMIT else high,
                dict(zip(c.linear.vars, c.linear.coeffs, strict=True)),
            )
        elif kind in ("at_most_one", "exactly_one", "bool_or"):
            coefficients, constant = literals(getattr(c, kind).literals)
            low = 1 - constant if kind != "at_most_one" else -inf
            high = 1 - constant if kind != "bool_or" else inf
            row(low, high, coefficients)
        elif kind == "bool_and":
            # all enforcement literals true => each literal true: l >= sum(e) - (n - 1)
            n = len(c.enforcement_literal)
            enforced, e_constant = literals(c.enforcement_literal)
            for lit in c.bool_and.literals:
                coefficients, constant = literals([lit])
                for index, coefficient in enforced.items():
                    coefficients[index] = coefficients.get(index, 0) - coefficient
                row(e_constant - constant - (n - 1), inf, coefficients)
        elif kind == "lin_max":
            target = c.lin_max.target
            for expr in c.lin_max.exprs:  # target >= expr
                coefficients: dict[int, int] = defaultdict(int)
                for index, coefficient in zip(target.vars, target.coeffs, strict=True):
                    coefficients[index] += coefficient
                for index, coefficient in zip(expr.vars, expr.coeffs, strict=True):
                    coefficients[index] -= coefficient
                row(expr.offset - target.offset, inf, coefficients)
    objective = lp.Objective()
    for index, coefficient in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(xs[index], coefficient)
    objective.SetMinimization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise SystemExit("GLOP did not solve the relaxation")
    scale = proto.objective.scaling_factor or 1
    value = (objective.Value() + proto.objective.offset) * scale
    return value, [x.solution_value() for x in xs]


def family_costs(built: BuiltModel, solution: list[float]) -> dict[str, float]:
    """Each rule family's cost at the relaxation's values."""
    scratch = built.model.clone()  # the same variable indices; rows added here only
    costs: dict[str, float] = defaultdict(float)
    for term in built.terms:
        costs[term.rule] += term.constant
        if term.expr is None or not term.weight:
            continue
        scratch.add(term.expr == 0)  # read the expression's coefficients off its row
        constraints = scratch.proto.constraints
        linear = constraints[len(constraints) - 1].linear
        value = sum(solution[i] * k for i, k in zip(linear.vars, linear.coeffs, strict=True))
        costs[term.rule] += term.weight * (value - linear.domain[0])
    return costs


def least(built: BuiltModel, args: argparse.Namespace, family: str) -> None:
    """Minimise some rule families alone under every hard rule and full coverage (the
    model's objective is replaced; nothing else changes)."""
    wanted = set(family.split(","))
    built.model.minimize(built.objective_expr(lambda t: t.rule in wanted))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.time_limit
    solver.parameters.num_workers = args.workers
    solver.parameters.random_seed = args.seed
    code = solver.solve(built.model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    value = f"{solver.objective_value:,.0f}" if found else "-"
    print(
        f"least {family} under every hard rule: {solver.status_name(code)}, "
        f"value {value}, bound {solver.best_objective_bound:,.0f}, "
        f"{solver.wall_time:.1f} s"
    )


if __name__ == "__main__":
    main()
