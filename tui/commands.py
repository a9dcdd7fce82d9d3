"""Command-palette entries of the current screen (they depend on the screen shown)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from tui.i18n import tr


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    """One entry per action the screen lists in its `COMMANDS` table."""
    from tui.screens.week import COMMANDS, WeekScreen

    if not isinstance(screen, WeekScreen):
        return
    for action, title, help_key in COMMANDS:
        yield SystemCommand(tr(title), tr(help_key), getattr(screen, f"action_{action}"))
