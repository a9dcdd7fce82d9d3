"""The roster app: opens one week in the week screen."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from roster.editing import EditSession
from tui.commands import screen_commands
from tui.i18n import set_language, tr
from tui.screens.week import WeekScreen

STYLES = Path(__file__).parent / "styles"


class RosterApp(App):
    CSS_PATH = [STYLES / "app.tcss", STYLES / "week.tcss", STYLES / "dialogs.tcss"]

    def __init__(
        self,
        session: EditSession,
        *,
        language: str = "en",
        time_limit: float | None = None,
        workers: int | None = None,
        out_dir: Path | None = None,
    ) -> None:
        set_language(language)
        super().__init__()
        self.session = session
        self.screen_options = dict(time_limit=time_limit, workers=workers, out_dir=out_dir)
        self.title = tr("app.title")

    def on_mount(self) -> None:
        self.push_screen(WeekScreen(self.session, **self.screen_options))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        yield from super().get_system_commands(screen)
