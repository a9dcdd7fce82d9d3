"""The list of violations and unfilled slots; choosing one moves the grid cursor."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roster.editing import EditSession
from roster.reasons import violation_reason
from tui.i18n import tr
from tui.messages import ProblemSelected, Target
from tui.wording import coded_text


def _first_day(when: str) -> date | None:
    try:
        return date.fromisoformat(when.partition("..")[0])
    except ValueError:
        return None


class SidePanel(OptionList):
    """Violations first, then unfilled slots; posts `ProblemSelected` when one is chosen.

    Its height is set by the stylesheet, not by its lines: a list that grows or shrinks
    moves its scrollbar (a repaint), not the screen layout (every widget placed and the
    grids' visible rows assembled again). Showing or hiding the scrollbar still lays out.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = tr("panel.problems")
        self._targets: dict[str, Target] = {}
        self._shown: tuple = ()

    def show(self, session: EditSession) -> None:
        """List the session's problems (nothing is redrawn when they did not change)."""
        report = session.report
        shown = (report.violations, report.unfilled, tr("panel.problems"))
        if shown == self._shown:
            return
        self._shown = shown
        org = session.org
        self._targets = {}
        options = []
        for i, v in enumerate(session.report.violations):
            day = _first_day(v.when)
            name = org.people[v.who].name if v.who in org.people else v.who
            why = coded_text(org, violation_reason(v))
            label = Text.assemble(
                (f"{tr('panel.violation')} ", "bold red"), f"{v.when} {name} {why}"
            )
            key = f"v{i}"
            if day is not None and v.who in org.people:
                self._targets[key] = Target(day, person=v.who)
            options.append(Option(label, id=key))
        for i, hole in enumerate(session.report.unfilled):
            post = org.posts[hole.post].name if hole.post in org.posts else hole.post
            shift = org.shifts[hole.shift].name if hole.shift in org.shifts else hole.shift
            skill = f" ({org.skills[hole.skill].name})" if hole.skill in org.skills else ""
            label = Text.assemble(
                (f"{tr('panel.unfilled')} ", "bold #d08000"),
                f"{hole.date:%m-%d} {post} {shift} {tr('mark.missing', n=hole.missing)}{skill}",
            )
            key = f"u{i}"
            self._targets[key] = Target(hole.date, shift=hole.shift, post=hole.post)
            options.append(Option(label, id=key))
        if not options:
            options.append(Option(tr("panel.none"), id="none", disabled=True))
        # One replacement (not clear then add): the line count changes once.
        self.set_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._targets.get(event.option_id or "")
        if target is not None:
            self.post_message(ProblemSelected(target))
