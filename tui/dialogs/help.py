"""The keys, in the current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Label, Static

from tui.dialogs.info import InfoDialog
from tui.i18n import tr


class HelpDialog(InfoDialog):
    BINDINGS = [Binding("escape,question_mark,q", "close", tr("help.close"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(tr("help.title"), id="dialog-title")
            yield Static(tr("help.body"), id="help-body", markup=False)
            yield Button(tr("help.close"), variant="primary", id="yes")
