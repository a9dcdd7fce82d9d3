"""The solver's changes to the roster, to accept or reject as a whole."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import tr


class ChangesDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", tr("changes.reject")),
        Binding("y", "answer(True)", tr("changes.accept")),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            with VerticalScroll(id="changes"):
                yield Static("\n".join(self.lines), markup=False)
            with Horizontal(id="buttons"):
                yield Button(tr("changes.accept"), variant="primary", id="yes")
                yield Button(tr("changes.reject"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
