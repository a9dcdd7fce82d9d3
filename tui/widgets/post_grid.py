"""Posts and shifts down (one row per position), days across; names in the cells."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from roster.calendar import Calendar
from roster.editing import EditSession
from tui.cells import SlotCell, day_label, missing, slot_rows
from tui.i18n import tr


class PostGrid(DataTable):
    """The post view of the week; empty positions that are needed show what is missing."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", **kwargs)
        self.fixed_columns = 1
        self.mark: SlotCell | None = None

    def show(self, session: EditSession, mark: SlotCell | None = None) -> None:
        self.mark = mark
        where = self.cursor_coordinate
        self.clear(columns=True)
        calendar = Calendar(session.org.calendar)
        days = session.horizon.dates
        start = session.horizon.start
        month = tr("col.month", month=start.month, name=f"{start:%b}")
        self.add_column(f"{tr('col.slot')} ({month})", key="slot")
        for day in days:
            self.add_column(day_label(calendar, day), key=day.isoformat())
        holes = missing(session)
        from roster.validate import slots

        needs = slots(session.problem)
        org = session.org
        locks = session.locks
        for post, shift, positions in slot_rows(session):
            post_name = org.posts[post].name if post in org.posts else post
            shift_name = org.shifts[shift].name if shift in org.shifts else shift
            for index in range(positions):
                label = f"{post_name} {shift_name}" + (f" {index + 1}" if positions > 1 else "")
                cells = []
                for day in days:
                    people = session.at(day, shift, post)
                    need = needs.get((day, shift, post))
                    if index < len(people):
                        a = people[index]
                        name = org.people[a.person].name if a.person in org.people else a.person
                        cell = Text(name + ("*" if a in locks else ""))
                        if a in locks:
                            cell.stylize("bold underline")
                    elif need is not None and index < need.count and holes.get((day, shift, post)):
                        n = holes[(day, shift, post)]
                        cell = Text(tr("mark.missing", n=n), style="bold white on #a05000")
                    else:
                        cell = Text("")
                    if self.mark == SlotCell(day, shift, post, index):
                        cell.stylize("reverse")
                    cells.append(cell)
                self.add_row(label, *cells, key=f"{post}|{shift}|{index}")
        if where.row < self.row_count and where.column < len(self.columns):
            self.move_cursor(row=where.row, column=max(1, where.column), animate=False)
        else:
            self.move_cursor(row=0, column=1, animate=False)

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
