"""Record leave for a person: from, to (inclusive) and a reason."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tui.i18n import tr

LeaveAnswer = tuple[date, date, str]


class LeaveDialog(ModalScreen[LeaveAnswer | None]):
    BINDINGS = [Binding("escape", "cancel", tr("confirm.no"))]

    def __init__(self, name: str, day: date) -> None:
        super().__init__()
        self.person_name = name
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(tr("leave.title", name=self.person_name), id="dialog-title")
            yield Label(tr("leave.from"))
            yield Input(self.day.isoformat(), id="from")
            yield Label(tr("leave.to"))
            yield Input(self.day.isoformat(), id="to")
            yield Label(tr("leave.reason"))
            yield Input("", id="reason")
            yield Label("", id="error")
            with Horizontal(id="buttons"):
                yield Button(tr("confirm.yes"), variant="primary", id="yes")
                yield Button(tr("confirm.no"), id="no")

    def _answer(self) -> LeaveAnswer | None:
        try:
            start = date.fromisoformat(self.query_one("#from", Input).value.strip())
            end = date.fromisoformat(self.query_one("#to", Input).value.strip())
        except ValueError:
            return None
        if end < start:
            return None
        return start, end, self.query_one("#reason", Input).value.strip()

    def _submit(self) -> None:
        answer = self._answer()
        if answer is None:
            self.query_one("#error", Label).update(tr("leave.bad"))
            return
        self.dismiss(answer)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
