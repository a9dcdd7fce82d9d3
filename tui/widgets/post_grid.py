"""Posts and shifts down (one row per position), days across; names in the cells."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from roster.calendar import Calendar
from roster.editing import EditSession
from roster.validate import slots
from tui.cells import SlotCell, day_label, missing, slot_rows
from tui.i18n import tr
from tui.widgets.grid import Grid

# What a cell shows: (text, style); compared between redraws to update only changed cells.
Look = tuple[str, str]


class PostGrid(Grid):
    """The post view of the week; empty positions that are needed show what is missing.

    Rows are rebuilt only when the positions change (a slot gains a row when it holds more
    people than before); otherwise only the changed cells are updated.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", **kwargs)
        self.fixed_columns = 1
        self.mark: SlotCell | None = None
        self._layout: tuple = ()
        self._shown: dict[tuple[str, str], Look] = {}

    def show(self, session: EditSession, mark: SlotCell | None = None) -> None:
        self.mark = mark
        rows = slot_rows(session)
        layout = (tuple(rows), session.horizon, tr("col.slot"))
        looks = self._looks(session, rows)
        if layout != self._layout:
            self._build(session, rows, looks)
            self._layout = layout
        else:
            self.set_cells(
                (row, column, Text(*look))
                for (row, column), look in looks.items()
                if self._shown.get((row, column)) != look
            )
        self._shown = looks

    def _build(self, session: EditSession, rows, looks: dict[tuple[str, str], Look]) -> None:
        where = self.cursor_coordinate
        self.clear(columns=True)
        calendar = Calendar(session.org.calendar)
        days = session.horizon.dates
        start = session.horizon.start
        month = tr("col.month", month=start.month, name=f"{start:%b}")
        self.add_column(f"{tr('col.slot')} ({month})", key="slot")
        for day in days:
            self.add_column(day_label(calendar, day), key=day.isoformat())
        org = session.org
        for post, shift, positions in rows:
            post_name = org.posts[post].name if post in org.posts else post
            shift_name = org.shifts[shift].name if shift in org.shifts else shift
            for index in range(positions):
                label = f"{post_name} {shift_name}" + (f" {index + 1}" if positions > 1 else "")
                key = f"{post}|{shift}|{index}"
                cells = [Text(*looks[(key, day.isoformat())]) for day in days]
                self.add_row(label, *cells, key=key)
        if where.row < self.row_count and where.column < len(self.columns):
            self.move_cursor(row=where.row, column=max(1, where.column), animate=False)
        else:
            self.move_cursor(row=0, column=1, animate=False)

    def _looks(self, session: EditSession, rows) -> dict[tuple[str, str], Look]:
        holes = missing(session)
        needs = slots(session.problem)
        org = session.org
        locks = session.locks
        out: dict[tuple[str, str], Look] = {}
        for post, shift, positions in rows:
            for day in session.horizon.dates:
                people = session.at(day, shift, post)
                need = needs.get((day, shift, post))
                for index in range(positions):
                    text, style = "", ""
                    if index < len(people):
                        a = people[index]
                        name = org.people[a.person].name if a.person in org.people else a.person
                        text = name + ("*" if a in locks else "")
                        style = "bold underline" if a in locks else ""
                    elif need is not None and index < need.count and holes.get((day, shift, post)):
                        text = tr("mark.missing", n=holes[(day, shift, post)])
                        style = "bold white on #a05000"
                    if self.mark == SlotCell(day, shift, post, index):
                        style += " reverse" if style else "reverse"
                    out[(f"{post}|{shift}|{index}", day.isoformat())] = (text, style)
        return out

    def current(self) -> SlotCell | None:
        """The slot position under the cursor (None on the label column)."""
        if not self.row_count:
            return None
        row_key, column_key = self.coordinate_to_cell_key(self.cursor_coordinate)
        if column_key.value in (None, "slot"):
            return None
        post, shift, index = str(row_key.value).split("|")
        return SlotCell(date.fromisoformat(str(column_key.value)), shift, post, int(index))

    def go(self, day: date, shift: str, post: str) -> None:
        """Move the cursor to the first position of a slot."""
        row = self.get_row_index(f"{post}|{shift}|0")
        self.move_cursor(row=row, column=self.get_column_index(day.isoformat()), animate=False)
