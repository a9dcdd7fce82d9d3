"""A DataTable that changes a few cells without re-rendering every visible cell.

`DataTable.update_cell` bumps the table's update counter, which is part of every render cache
key, so each change re-renders all cells in view (hundreds on a tall terminal). `set_cells`
changes the data, forgets only the cached renders (cells, rows, lines) of the changed rows
and repaints those rows. It relies on the render caches of textual's DataTable (pinned
textual 8.2); when they are not there it falls back to `update_cell`. A cell that gets wider
than its column also takes `update_cell`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from roster.textwidth import display_width

# Cached cell and row renders kept: enough for those in view in a few cursor and hover
# states, few enough that `_forget` copies them quickly (DataTable keeps 10,000 cells).
CELL_CACHE = 3000


class Grid(DataTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if self._quiet_caches():
            self._cell_render_cache = LRUCache(CELL_CACHE)
            self._row_render_cache = LRUCache(CELL_CACHE)

    def render_lines(self, crop: Region) -> list[Strip]:
        """DataTable's, with room in the cell cache for every cell in view."""
        if self._quiet_caches():
            self._cell_render_cache.grow(self._cells_to_keep())
        return super().render_lines(crop)

    def _cells_to_keep(self) -> int:
        # Every cell of the table twice (cursor and hover states), so that a tall terminal
        # showing every row does not evict cells it is about to draw.
        return max(CELL_CACHE, 2 * self.row_count * len(self.columns))

    def set_cells(self, cells: Iterable[tuple[str, str, Text]]) -> None:
        """Put each (row key, column key, text) into the table and redraw the rows."""
        changed: set[RowKey] = set()
        for row, column, value in cells:
            row_key, column_key = RowKey(row), ColumnKey(column)
            if display_width(value.plain) > self.columns[column_key].content_width:
                self.update_cell(row_key, column_key, value, update_width=True)
            elif not self._quiet_caches():
                self.update_cell(row_key, column_key, value)
            else:
                self._data[row_key][column_key] = value
                changed.add(row_key)
        if changed:
            self._forget(changed)
            # Repaint the changed rows only (the other lines of the screen stay as they are).
            for row_key in changed:
                self.refresh_row(self.get_row_index(row_key))

    def _quiet_caches(self) -> bool:
        return all(
            isinstance(getattr(self, name, None), LRUCache)
            for name in (
                "_cell_render_cache",
                "_row_render_cache",
                "_row_renderable_cache",
                "_line_cache",
            )
        )

    def _forget(self, rows: set[RowKey]) -> None:
        """Drop the cached renders of `rows` (cells, assembled rows and screen lines), in
        place; the other rows stay cached."""
        self._cell_render_cache.grow(self._cells_to_keep())
        _discard(self._cell_render_cache, lambda key: key[0] in rows)
        _discard(self._row_render_cache, lambda key: key[0] in rows)
        self._row_renderable_cache.clear()  # keyed by row index: cheap to rebuild

        def on_changed_row(key: tuple) -> bool:
            try:
                return self._get_offsets(key[0])[0] in rows
            except LookupError:
                return True

        _discard(self._line_cache, on_changed_row)


def _discard(cache: LRUCache, drop: Callable[[tuple], bool]) -> None:
    """Remove from `cache` the entries whose key `drop` accepts."""
    for key in [key for key in list(cache.keys()) if drop(key)]:
        cache.discard(key)
