"""One line: week, version state, solver status, objective, unfilled and violations."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from roster.editing import EditSession
from tui.cells import missing
from tui.i18n import tr


class StatusBar(Static):
    """`solver` is set by the screen; `show(session)` refreshes the roster part."""

    solver: reactive[str] = reactive("", init=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._roster_text = ""
        self._shown = ""
        self.solver = tr("solver.idle")

    def show(self, session: EditSession) -> None:
        h = session.horizon
        parts = [tr("status.week", start=h.start.isoformat(), end=h.end.isoformat())]
        if session.version is None:
            parts.append(tr("status.new"))
        else:
            state = tr(f"state.{session.version.state}")
            parts.append(tr("status.version", id=session.version.id, state=state))
        if session.dirty:
            parts.append(tr("status.modified"))
        report = session.report
        parts.append(tr("status.objective", value=report.objective))
        parts.append(tr("status.unfilled", n=sum(missing(session).values())))
        parts.append(tr("status.violations", n=len(report.violations)))
        self._roster_text = " │ ".join(parts)
        self._render_text()

    def watch_solver(self) -> None:
        self._render_text()

    def _render_text(self) -> None:
        text = f"{self._roster_text} │ {self.solver}"
        if text != self._shown:
            self._shown = text
            # One line of fixed height: a repaint, not a new layout of the screen.
            self.update(text, layout=False)
