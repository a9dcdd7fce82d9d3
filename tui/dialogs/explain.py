"""Why a cell is as it is: the lines of `tui.why`, scrollable, with one button to close."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from tui.dialogs.info import InfoDialog
from tui.i18n import tr


class ExplainDialog(InfoDialog):
    BINDINGS = [Binding("escape,w,q", "close", tr("help.close"))]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            with VerticalScroll(id="explain"):
                yield Static("\n".join(self.lines), id="explain-body", markup=False)
            yield Button(tr("help.close"), variant="primary", id="yes")
