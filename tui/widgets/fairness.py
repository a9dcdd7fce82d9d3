"""Fairness per pool: the least and the most each member carries, per category."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static

from roster.domain import CATEGORIES
from roster.editing import EditSession
from roster.validate import fairness_load_table, fairness_members
from tui.i18n import tr


class FairnessPanel(Static):
    """A small table: pools down, categories across, `min–max` in the cells."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = tr("panel.fairness")
        self._shown: tuple = ()

    def show(self, session: EditSession) -> None:
        problem = session.problem
        weights = problem.org.weights.fairness
        categories = [c for c in CATEGORIES if weights.get(c, 0) > 0]
        pools: dict[str, dict[str, str]] = {}
        table = fairness_load_table(problem, session.assignments)
        for c in categories:
            index = CATEGORIES.index(c)
            for pool, members in fairness_members(problem, c).items():
                values = [table[p][index] for p in members if p in table]
                if values:
                    pools.setdefault(pool, {})[c] = f"{min(values)}–{max(values)}"
        shown = (tuple(pools.items()), tuple(categories), tr("panel.fairness"))
        if shown == self._shown:
            return
        self._shown = shown
        # Categories down and pools across: there are few pools, and the panel is narrow.
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        table.add_column("")
        for pool in pools:
            table.add_column(tr(f"pool.{pool}") if pool == "*" else pool, justify="right")
        for c in categories:
            table.add_row(tr(f"fair.{c}"), *[cells.get(c, "") for cells in pools.values()])
        self.update(table, layout=False)
