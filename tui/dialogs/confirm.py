"""A yes/no question; with `only_ok` it is a message with one button."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tui.i18n import tr


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", tr("confirm.no")),
        Binding("y", "answer(True)", tr("confirm.yes")),
    ]

    def __init__(self, question: str, only_ok: bool = False) -> None:
        super().__init__()
        self.question = question
        self.only_ok = only_ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="dialog-title")
            with Horizontal(id="buttons"):
                yield Button(tr("confirm.yes"), variant="primary", id="yes")
                if not self.only_ok:
                    yield Button(tr("confirm.no"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
