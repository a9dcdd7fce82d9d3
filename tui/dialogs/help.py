"""The keys, in the current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import tr


class HelpDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", tr("help.close"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(tr("help.title"), id="dialog-title")
            yield Static(tr("help.body"), id="help-body", markup=False)
            yield Button(tr("help.close"), variant="primary", id="yes")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
