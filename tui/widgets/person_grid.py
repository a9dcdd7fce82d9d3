"""People down (grouped by unit), days across; cells show shift and post codes."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from roster.calendar import Calendar
from roster.editing import EditSession
from tui.cells import PersonCell, code, day_label, people_by_unit, violation_days
from tui.i18n import tr
from tui.widgets.grid import Grid

UNIT_PREFIX = "unit:"

# What a cell shows: (text, style); compared between redraws to update only changed cells.
Look = tuple[str, str]


class PersonGrid(Grid):
    """The person view of the week. `show(session)` redraws it, keeping the cursor.

    The rows and columns are built once per layout (people, units, days, language); later
    calls work out the cells of the people whose assignments changed since the last call
    (`EditSession.changed_people`) and update those whose text or style changed, so an edit
    redraws a few cells of a grid of hundreds of people. DataTable renders only the rows in
    view.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=False, **kwargs)
        self.fixed_columns = 1
        self.mark: PersonCell | None = None
        self._days: tuple[date, ...] = ()
        self._layout: tuple = ()
        self._shown: dict[tuple[str, date], Look] = {}
        self._session: EditSession | None = None
        self._generation = 0

    def show(self, session: EditSession, mark: PersonCell | None = None) -> None:
        groups = people_by_unit(session)
        layout = (tuple((u, tuple(p)) for u, p in groups), session.horizon, tr("col.person"))
        changed = None
        if layout == self._layout and session is self._session:
            changed = session.changed_people(self._generation)
        if changed is not None:
            # Only the people whose assignments changed (and the swap marks) look different.
            people = set(changed) | {m.person for m in (mark, self.mark) if m is not None}
            self.mark = mark
            looks = self._looks(session, [("", sorted(people))])
            self.set_cells(
                (person, day.isoformat(), Text(*look))
                for (person, day), look in looks.items()
                if self._shown.get((person, day)) != look
            )
            self._shown.update(looks)
        else:
            self.mark = mark
            looks = self._looks(session, groups)
            if layout != self._layout:
                self._build(session, groups, looks)
                self._layout = layout
            else:
                self.set_cells(
                    (person, day.isoformat(), Text(*look))
                    for (person, day), look in looks.items()
                    if self._shown.get((person, day)) != look
                )
            self._shown = looks
        self._session, self._generation = session, session.generation

    def _build(self, session: EditSession, groups, looks: dict[tuple[str, date], Look]) -> None:
        where = self.cursor_coordinate
        self.clear(columns=True)
        calendar = Calendar(session.org.calendar)
        self._days = session.horizon.dates
        start = session.horizon.start
        month = tr("col.month", month=start.month, name=f"{start:%b}")
        self.add_column(f"{tr('col.person')} ({month})", key="person")
        for day in self._days:
            self.add_column(day_label(calendar, day), key=day.isoformat())
        for unit, people in groups:
            self.add_row(Text(unit, style="bold"), *[""] * len(self._days), key=UNIT_PREFIX + unit)
            for pid in people:
                person = session.org.people[pid]
                cells = [Text(*looks[(pid, day)]) for day in self._days]
                self.add_row(f" {person.name}", *cells, key=pid)
        if 0 < where.row < self.row_count and where.column < len(self.columns):
            self.move_cursor(row=where.row, column=max(1, where.column), animate=False)
        else:
            self.move_cursor(row=1, column=1, animate=False)

    def _looks(self, session: EditSession, groups) -> dict[tuple[str, date], Look]:
        broken = violation_days(session)
        locks = session.locks
        days = session.horizon.dates
        return {
            (pid, day): self._look(session, pid, day, locks, broken)
            for _, people in groups
            for pid in people
            for day in days
        }

    def _look(self, session, pid, day, locks, broken) -> Look:
        mine = session.of(pid, day)
        text = " ".join(code(session, a) + ("*" if a in locks else "") for a in mine)
        style = ""
        if not mine and session.on_leave(pid, day):
            text, style = tr("mark.leave"), "italic #8a8a8a"
        if any(a in locks for a in mine):
            style = "bold underline"
        if day in broken.get(pid, ()):
            style = "bold white on #a00000"
        if self.mark == PersonCell(pid, day):
            style += " reverse" if style else "reverse"
        return text, style

    def current(self) -> PersonCell | None:
        """The person and day under the cursor (None on a unit row or the name column)."""
        row_key, column_key = self.coordinate_to_cell_key(self.cursor_coordinate)
        if row_key.value is None or str(row_key.value).startswith(UNIT_PREFIX):
            return None
        if column_key.value in (None, "person"):
            return None
        return PersonCell(str(row_key.value), date.fromisoformat(str(column_key.value)))

    def go(self, person: str, day: date) -> None:
        """Move the cursor to a person's day."""
        row = self.get_row_index(person)
        column = self.get_column_index(day.isoformat())
        self.move_cursor(row=row, column=column, animate=False)
