"""A dialog that only shows something: its one button, or a close key, dismisses it."""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import Button


class InfoDialog(ModalScreen[None]):
    """Subclasses compose the content and bind their close keys to `close`."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
