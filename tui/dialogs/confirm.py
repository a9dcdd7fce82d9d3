"""A yes/no question, optionally over a scrollable report; with `only_ok` it is a message with
one button."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import tr


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", tr("confirm.no")),
        Binding("y", "answer(True)", tr("confirm.yes")),
    ]

    def __init__(self, question: str, only_ok: bool = False, lines: Sequence[str] = ()) -> None:
        super().__init__()
        self.question = question
        self.only_ok = only_ok
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="dialog-title")
            if self.lines:
                with VerticalScroll(id="report"):
                    yield Static("\n".join(self.lines), id="report-body", markup=False)
            with Horizontal(id="buttons"):
                yield Button(tr("confirm.yes"), variant="primary", id="yes")
                if not self.only_ok:
                    yield Button(tr("confirm.no"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
