"""People down (grouped by unit), days across; cells show shift and post codes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from roster.calendar import Calendar
from roster.editing import EditSession
from tui.cells import PersonCell, code, day_label, people_by_unit, violation_days
from tui.i18n import tr

UNIT_PREFIX = "unit:"


class PersonGrid(DataTable):
    """The person view of the week. `show(session)` redraws it, keeping the cursor."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=False, **kwargs)
        self.fixed_columns = 1
        self.mark: PersonCell | None = None
        self._days = ()

    def show(self, session: EditSession, mark: PersonCell | None = None) -> None:
        self.mark = mark
        where = self.cursor_coordinate
        self.clear(columns=True)
        calendar = Calendar(session.org.calendar)
        self._days = session.horizon.dates
        start = session.horizon.start
        month = tr("col.month", month=start.month, name=f"{start:%b}")
        self.add_column(f"{tr('col.person')} ({month})", key="person")
        for day in self._days:
            self.add_column(day_label(calendar, day), key=day.isoformat())
        broken = violation_days(session)
        locks = session.locks
        for unit, people in people_by_unit(session):
            self.add_row(Text(unit, style="bold"), *[""] * len(self._days), key=UNIT_PREFIX + unit)
            for pid in people:
                person = session.org.people[pid]
                cells = [self._cell(session, pid, day, locks, broken) for day in self._days]
                self.add_row(f" {person.name}", *cells, key=pid)
        if 0 < where.row < self.row_count and where.column < len(self.columns):
            self.move_cursor(row=where.row, column=max(1, where.column), animate=False)
        else:
            self.move_cursor(row=1, column=1, animate=False)

    def _cell(self, session, pid, day, locks, broken) -> Text:
        mine = session.of(pid, day)
        parts = []
        for a in mine:
            parts.append(code(session, a) + ("*" if a in locks else ""))
        text = " ".join(parts)
        style = ""
        if not mine and session.on_leave(pid, day):
            text, style = tr("mark.leave"), "italic #8a8a8a"
        if any(a in locks for a in mine):
            style = "bold underline"
        if day in broken.get(pid, ()):
            style = "bold white on #a00000"
        if self.mark == PersonCell(pid, day):
            style += " reverse" if style else "reverse"
        return Text(text, style=style)

    def current(self) -> PersonCell | None:
        """The person and day under the cursor (None on a unit row or the name column)."""
        row_key, column_key = self.coordinate_to_cell_key(self.cursor_coordinate)
        if row_key.value is None or str(row_key.value).startswith(UNIT_PREFIX):
            return None
        if column_key.value in (None, "person"):
            return None
        from datetime import date

        return PersonCell(str(row_key.value), date.fromisoformat(str(column_key.value)))

    def go(self, person: str, day) -> None:
        """Move the cursor to a person's day."""
        row = self.get_row_index(person)
        column = self.get_column_index(day.isoformat())
        self.move_cursor(row=row, column=column, animate=False)
