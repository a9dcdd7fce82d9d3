"""Fairness per pool: the least and the most each member carries, per category."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static

from roster.domain import CATEGORIES
from roster.editing import EditSession
from roster.validate import fairness_loads, fairness_members
from tui.i18n import tr


class FairnessPanel(Static):
    """A small table: pools down, categories across, `min–max` in the cells."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = tr("panel.fairness")

    def show(self, session: EditSession) -> None:
        problem = session.problem
        weights = problem.org.weights.fairness
        categories = [c for c in CATEGORIES if weights.get(c, 0) > 0]
        pools: dict[str, dict[str, str]] = {}
        for c in categories:
            loads = fairness_loads(problem, session.assignments, c)
            for pool, members in fairness_members(problem, c).items():
                values = [loads.get(p, 0) for p in members]
                if values:
                    pools.setdefault(pool, {})[c] = f"{min(values)}–{max(values)}"
        # Categories down and pools across: there are few pools, and the panel is narrow.
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        table.add_column("")
        for pool in pools:
            table.add_column(tr(f"pool.{pool}") if pool == "*" else pool, justify="right")
        for c in categories:
            table.add_row(tr(f"fair.{c}"), *[cells.get(c, "") for cells in pools.values()])
        self.update(table)
