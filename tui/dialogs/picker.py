"""Pick who takes a slot (or which slot a person takes): possible choices first, then the
others with the reason they cannot, shown but disabled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from roster.textwidth import display_width, pad
from tui.i18n import tr


class PickerDialog(ModalScreen[str | None]):
    """`choices` are (id, label, reason); an empty reason means the choice is possible."""

    BINDINGS = [Binding("escape", "cancel", tr("picker.cancel"))]

    def __init__(self, title: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        options = []
        width = max((display_width(label) for _, label, _ in self.choices), default=0)
        for key, name, reason in self.choices:
            label = pad(name, width)
            if reason:
                prompt = Text.assemble(label, ("  " + reason, "italic"))
            else:
                prompt = Text.assemble(label, ("  " + tr("picker.free"), "green"))
            options.append(Option(prompt, id=key, disabled=bool(reason)))
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield OptionList(*options, id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
