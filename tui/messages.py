"""Messages that travel up from widgets and the solver worker to the week screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message

from roster.service import Outcome
from roster.solve import Progress


@dataclass(frozen=True)
class Target:
    """A place in the grids: a person's day, or a slot of a post."""

    day: date
    person: str | None = None
    shift: str | None = None
    post: str | None = None


class ProblemSelected(Message):
    """A violation or an unfilled slot was chosen in the side panel."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target


class SolveProgress(Message):
    """The solver found a better roster; a newer report replaces an unhandled older one."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SolveProgress)


class SolveFinished(Message):
    """The solver stopped (done, out of time or cancelled) with `outcome`."""

    def __init__(self, outcome: Outcome, cancelled: bool) -> None:
        super().__init__()
        self.outcome = outcome
        self.cancelled = cancelled


class SolveFailed(Message):
    """The solve raised an error (for example conflicting locks); `text` explains it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
