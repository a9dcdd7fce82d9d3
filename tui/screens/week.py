"""The week screen: owns the edit session, applies edits, solves, saves and publishes.

Widgets get the session passed down (`show`) and post messages up; the solver runs in a thread
worker that only posts messages.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, TabbedContent, TabPane

from roster.domain import Assignment
from roster.editing import EditSession, StaleWeekError, open_week
from roster.errors import RosterError
from roster.service import solve_problem
from roster.solve import SolverRun
from tui.cells import PersonCell, SlotCell
from tui.dialogs.changes import ChangesDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.explain import ExplainDialog
from tui.dialogs.help import HelpDialog
from tui.dialogs.leave import LeaveDialog
from tui.dialogs.picker import PickerDialog
from tui.i18n import tr
from tui.messages import ProblemSelected, SolveFailed, SolveFinished, SolveProgress
from tui.reports import diff_lines, publish_report
from tui.why import explain
from tui.widgets.fairness import FairnessPanel
from tui.widgets.person_grid import PersonGrid
from tui.widgets.post_grid import PostGrid
from tui.widgets.side_panel import SidePanel
from tui.widgets.status_bar import StatusBar
from tui.wording import reason_text

log = logging.getLogger(__name__)

# (keys, action, catalogue key of the description, shown in the footer)
KEYS: list[tuple[str, str, str, bool]] = [
    ("e", "edit", "action.edit", True),
    ("delete,backspace", "clear", "action.clear", True),
    ("l", "lock", "action.lock", True),
    ("x", "swap", "action.swap", True),
    ("a", "leave", "action.leave", True),
    ("w", "explain", "action.explain", True),
    ("u,ctrl+z", "undo", "action.undo", True),
    ("y,ctrl+y", "redo", "action.redo", False),
    ("f5", "solve", "action.solve", True),
    ("escape", "cancel_solve", "action.cancel", True),
    ("ctrl+s", "save", "action.save", True),
    ("p", "publish", "action.publish", True),
    ("v", "switch_view", "action.view", False),
    ("question_mark", "help", "action.help", True),
    ("q", "quit", "action.quit", False),
]

# Actions offered in the command palette: (action, catalogue key of the help).
COMMANDS: list[tuple[str, str, str]] = [
    ("edit", "action.edit", "cmd.edit"),
    ("clear", "action.clear", "cmd.clear"),
    ("lock", "action.lock", "cmd.lock"),
    ("swap", "action.swap", "cmd.swap"),
    ("leave", "action.leave", "cmd.leave"),
    ("explain", "action.explain", "cmd.explain"),
    ("undo", "action.undo", "cmd.undo"),
    ("redo", "action.redo", "cmd.redo"),
    ("solve", "action.solve", "cmd.solve"),
    ("cancel_solve", "action.cancel", "cmd.cancel"),
    ("save", "action.save", "cmd.save"),
    ("publish", "action.publish", "cmd.publish"),
    ("help", "action.help", "cmd.help"),
]


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment
        return "tui"


class WeekScreen(Screen):
    """One week: person grid and post grid in tabs, problems and fairness beside them."""

    def __init__(
        self,
        session: EditSession,
        *,
        time_limit: float | None = None,
        workers: int | None = None,
        out_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # Footer texts come from the catalogue, so they are made per screen (the language is
        # chosen at start-up, after this module is imported).
        self._bindings = BindingsMap(
            Binding(keys, action, tr(text), show=shown) for keys, action, text, shown in KEYS
        )
        self.session = session
        self.solver_time_limit = time_limit
        self.solver_workers = workers
        self.out_dir = out_dir or session.config_path.parent / "publish"
        self.person_mark: PersonCell | None = None
        self.slot_mark: SlotCell | None = None
        self.solver_run: SolverRun | None = None
        self.last_solve: SolveFinished | None = None
        self.auto_accept = False
        self.cancel_requested = False
        self.stale_tabs: set[str] = set()  # grids to redraw when they come into view

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with TabbedContent(id="views"):
                with TabPane(tr("tab.people"), id="people"):
                    yield PersonGrid(id="person-grid")
                with TabPane(tr("tab.posts"), id="posts"):
                    yield PostGrid(id="post-grid")
            with Vertical(id="side"):
                yield SidePanel(id="problems")
                yield FairnessPanel(id="fairness")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PostGrid).show(self.session, self.slot_mark)
        self.refresh_view()
        self.query_one(PersonGrid).focus()
        if self.session.version is None:
            self.notify(tr("notify.drafting"))
            self.action_solve(auto_accept=True)

    def refresh_view(self) -> None:
        """Redraw from the session: the grid in view now, the hidden one when it is shown."""
        s = self.session
        if self.on_posts:
            self.query_one(PostGrid).show(s, self.slot_mark)
            self.stale_tabs.add("people")
        else:
            self.query_one(PersonGrid).show(s, self.person_mark)
            self.stale_tabs.add("posts")
        self.query_one(SidePanel).show(s)
        self.query_one(FairnessPanel).show(s)
        self.query_one(StatusBar).show(s)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel is offered (and shown in the footer) only while the solver runs."""
        if action == "cancel_solve":
            return self.solver_run is not None
        return True

    # -- where the cursor is ------------------------------------------------------------------
    @property
    def on_posts(self) -> bool:
        return self.query_one(TabbedContent).active == "posts"

    def current(self) -> PersonCell | SlotCell | None:
        if self.on_posts:
            return self.query_one(PostGrid).current()
        return self.query_one(PersonGrid).current()

    def cell_assignments(self, cell: PersonCell | SlotCell | None) -> list[Assignment]:
        s = self.session
        if isinstance(cell, PersonCell):
            return s.of(cell.person, cell.day)
        if isinstance(cell, SlotCell):
            people = s.at(cell.day, cell.shift, cell.post)
            return people[cell.index : cell.index + 1]
        return []

    def _edit(self, change: Callable[[], object]) -> None:
        """Apply one edit through the session, report errors, redraw."""
        try:
            change()
        except ValueError as exc:
            self.notify(tr("notify.error", text=str(exc)), severity="error")
        self.refresh_view()

    # -- actions ------------------------------------------------------------------------------
    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        cell = self.current()
        s, org = self.session, self.session.org
        if isinstance(cell, SlotCell):
            current = self.cell_assignments(cell)
            replacing = current[0] if current else None
            choices = [
                (
                    c.person,
                    org.people[c.person].name
                    + (
                        f" ({tr('picker.current')})"
                        if replacing and c.person == replacing.person
                        else ""
                    ),
                    reason_text(org, c),
                )
                for c in s.candidates(cell.day, cell.shift, cell.post, replacing)
            ]
            title = tr(
                "picker.slot_title",
                day=cell.day.isoformat(),
                shift=org.shifts[cell.shift].name,
                post=org.posts[cell.post].name,
            )

            def chosen_person(person: str | None) -> None:
                if person:
                    self._edit(lambda: s.assign(cell.day, cell.shift, cell.post, person, replacing))

            self.app.push_screen(PickerDialog(title, choices), chosen_person)
        elif isinstance(cell, PersonCell):
            current = s.of(cell.person, cell.day)
            choices = [
                (
                    f"{shift}|{post}",
                    f"{org.shifts[shift].name} {org.posts[post].name}",
                    reason_text(org, c),
                )
                for (shift, post), c in s.slot_options(cell.person, cell.day)
            ]
            title = tr(
                "picker.person_title",
                day=cell.day.isoformat(),
                name=org.people[cell.person].name,
            )

            def chosen_slot(key: str | None) -> None:
                if key:
                    shift, post = key.split("|")
                    new = Assignment(cell.day, shift, post, cell.person)
                    self._edit(lambda: s.apply("assign", current, [new]))

            self.app.push_screen(PickerDialog(title, choices), chosen_slot)

    def action_clear(self) -> None:
        found = self.cell_assignments(self.current())
        if not found:
            self.notify(tr("notify.nothing"))
            return
        self._edit(lambda: self.session.clear(found))

    def action_lock(self) -> None:
        found = self.cell_assignments(self.current())
        if not found:
            self.notify(tr("notify.nothing"))
            return
        locked = self.session.toggle_lock(found)
        self.notify(tr("notify.locked" if locked else "notify.unlocked"))
        self.refresh_view()

    def action_swap(self) -> None:
        cell = self.current()
        s = self.session
        if isinstance(cell, PersonCell):
            mark = self.person_mark
            if mark is None or mark == cell:
                self.person_mark = cell if mark is None else None
                if self.person_mark:
                    self.notify(tr("notify.swap_mark"))
                self.refresh_view()
                return
            self.person_mark = None
            first, second = s.of(mark.person, mark.day), s.of(cell.person, cell.day)
            self._edit(lambda: s.swap(first, mark.person, second, cell.person))
        elif isinstance(cell, SlotCell):
            mark = self.slot_mark
            if mark is None or mark == cell:
                self.slot_mark = cell if mark is None else None
                if self.slot_mark:
                    self.notify(tr("notify.swap_mark"))
                self.refresh_view()
                return
            self.slot_mark = None
            first, second = self.cell_assignments(mark), self.cell_assignments(cell)
            # Exchange the two positions' people; an empty position takes the other's person.
            remove = first + second
            add = [Assignment(cell.day, cell.shift, cell.post, a.person) for a in first]
            add += [Assignment(mark.day, mark.shift, mark.post, a.person) for a in second]
            self._edit(lambda: s.apply("swap", remove, add))

    def action_leave(self) -> None:
        cell = self.current()
        if not isinstance(cell, PersonCell):
            self.notify(tr("notify.nothing"))
            return
        name = self.session.org.people[cell.person].name

        def chosen(answer: tuple | None) -> None:
            if answer:
                start, end, reason = answer
                self._edit(lambda: self.session.add_leave(cell.person, start, end, reason))

        self.app.push_screen(LeaveDialog(name, cell.day), chosen)

    def action_explain(self) -> None:
        cell = self.current()
        if cell is None:
            self.notify(tr("notify.nothing"))
            return
        title, lines = explain(self.session, cell)
        self.app.push_screen(ExplainDialog(title, lines))

    def action_undo(self) -> None:
        label = self.session.undo()
        self.notify(tr("notify.undo", label=label) if label else tr("notify.nothing"))
        self.refresh_view()

    def action_redo(self) -> None:
        label = self.session.redo()
        self.notify(tr("notify.redo", label=label) if label else tr("notify.nothing"))
        self.refresh_view()

    def show_tab(self, tab: str) -> None:
        """Bring the `people` or `posts` grid into view, redrawn if edits came meanwhile."""
        self.query_one(TabbedContent).active = tab
        if tab in self.stale_tabs:
            self.stale_tabs.discard(tab)
            if tab == "posts":
                self.query_one(PostGrid).show(self.session, self.slot_mark)
            else:
                self.query_one(PersonGrid).show(self.session, self.person_mark)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in self.stale_tabs:
            self.show_tab(event.pane.id)

    def action_switch_view(self) -> None:
        self.show_tab("people" if self.on_posts else "posts")
        (self.query_one(PostGrid) if self.on_posts else self.query_one(PersonGrid)).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpDialog())

    def action_quit(self) -> None:
        if self.solver_run is not None:
            self.solver_run.cancel()
        if not self.session.dirty:
            self.app.exit()
            return
        self.app.push_screen(
            ConfirmDialog(tr("confirm.quit")), lambda yes: self.app.exit() if yes else None
        )

    # -- the side panel -----------------------------------------------------------------------
    @on(ProblemSelected)
    def _jump(self, event: ProblemSelected) -> None:
        target = event.target
        if target.person is not None:
            self.show_tab("people")
            grid = self.query_one(PersonGrid)
            grid.go(target.person, target.day)
        else:
            self.show_tab("posts")
            grid = self.query_one(PostGrid)
            grid.go(target.day, target.shift, target.post)
        grid.focus()

    # -- solving ------------------------------------------------------------------------------
    def action_solve(self, auto_accept: bool = False) -> None:
        if self.solver_run is not None:
            self.notify(tr("notify.busy"))
            return
        s = self.session
        self.solver_run = SolverRun(
            s.problem,
            time_limit=self.solver_time_limit,
            workers=self.solver_workers,
            hint=s.assignments,
            progress=lambda p: self.post_message(SolveProgress(p)),
        )
        self.auto_accept = auto_accept
        self.cancel_requested = False
        self.query_one(StatusBar).solver = tr("solver.running")
        self.refresh_bindings()
        self._solve(self.solver_run)

    @work(thread=True, exclusive=True, group="solve")
    def _solve(self, run: SolverRun) -> None:
        try:
            outcome = solve_problem(run.problem, run=run)
        except RosterError as exc:
            self.post_message(SolveFailed(exc.render()))
            return
        except Exception as exc:  # noqa: BLE001 - shown in a dialog, never a crash
            self.post_message(SolveFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SolveFinished(outcome, self.cancel_requested))

    def action_cancel_solve(self) -> None:
        if self.solver_run is None:
            self.notify(tr("notify.nothing"))
            return
        self.cancel_requested = True
        self.solver_run.cancel()
        self.query_one(StatusBar).solver = tr("solver.cancelled")

    @on(SolveProgress)
    def _progress(self, event: SolveProgress) -> None:
        p = event.progress
        self.query_one(StatusBar).solver = tr(
            "solver.progress",
            elapsed=p.elapsed,
            objective=p.objective,
            bound=p.bound,
            solutions=p.solutions,
        )

    @on(SolveFailed)
    def _failed(self, event: SolveFailed) -> None:
        self.solver_run = None
        self.refresh_bindings()
        if self.cancel_requested:
            # Whatever a stopped search raised, the user asked it to stop: nothing changes.
            log.warning("solve cancelled with an error: %s", event.text)
            self.query_one(StatusBar).solver = tr("solver.cancelled")
            return
        self.query_one(StatusBar).solver = tr("solver.failed")
        self.app.push_screen(ConfirmDialog(event.text, only_ok=True))

    @on(SolveFinished)
    def _finished(self, event: SolveFinished) -> None:
        self.solver_run = None
        self.refresh_bindings()
        self.last_solve = event
        roster = event.outcome.roster
        bar = self.query_one(StatusBar)
        if roster.objective is None:
            bar.solver = tr("solver.nothing")
            return
        status = tr(f"solver.status.{roster.status.value}")
        status += f", {tr('solver.cancelled')}" if event.cancelled else ""
        bar.solver = tr("solver.done", status=status)
        s = self.session
        new = set(roster.assignments)
        if self.auto_accept:
            self._edit(lambda: s.replace_all("solve", new))
            return
        lines = diff_lines(s, s.assignments, new)
        if not lines:
            self.notify(tr("changes.none"))
            return

        def answered(accept: bool | None) -> None:
            if accept:
                self._edit(lambda: s.replace_all("solve", new))

        self.app.push_screen(
            ChangesDialog(tr("changes.title", n=len(lines)), lines),
            answered,
        )

    # -- saving -------------------------------------------------------------------------------
    def action_save(self) -> None:
        try:
            version = self.session.save_draft(_who())
        except StaleWeekError:
            self._offer_reload()
            return
        except (RosterError, OSError) as exc:
            self.app.push_screen(ConfirmDialog(tr("notify.error", text=exc), only_ok=True))
            return
        self.notify(tr("notify.saved", id=version))
        self.refresh_view()

    def _offer_reload(self) -> None:
        def answered(reload: bool | None) -> None:
            if reload:
                self.reload()

        self.app.push_screen(ConfirmDialog(tr("confirm.stale")), answered)

    def reload(self) -> None:
        s = self.session
        self.session = open_week(s.config_path, s.db_path, s.horizon.start)
        self.person_mark = self.slot_mark = None
        self.refresh_view()

    def action_publish(self) -> None:
        s = self.session
        if s.report.violations:
            text = tr("confirm.publish_refused", n=len(s.report.violations))
            self.app.push_screen(ConfirmDialog(text, only_ok=True))
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                version = s.publish(_who(), self.out_dir)
            except StaleWeekError:
                self._offer_reload()
                return
            except (RosterError, OSError, ValueError) as exc:
                self.app.push_screen(ConfirmDialog(tr("notify.error", text=exc), only_ok=True))
                return
            self.notify(tr("notify.published", id=version, out=self.out_dir))
            self.refresh_view()

        text = tr("confirm.publish", start=s.horizon.start.isoformat())
        self.app.push_screen(ConfirmDialog(text, lines=publish_report(s)), answered)
