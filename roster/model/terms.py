"""Named objective terms: every penalty is (rule, who, when) with a weight."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Term:
    """cost = weight * value(expr) + constant; `expr` may be None for a constant."""

    rule: str
    who: str
    when: str
    weight: int
    expr: cp_model.LinearExprT | None = None
    constant: int = 0
    detail: str = ""

    def value(self, solver: cp_model.CpSolver) -> int:
        part = 0 if self.expr is None else int(solver.value(self.expr))
        return self.weight * part + self.constant
