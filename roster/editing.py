"""Editing one week's roster by hand: the state behind the TUI, with no UI in it.

An `EditSession` holds the problem (organisation, horizon, history, leave and locks from the
store), the assignments being edited, undo and redo stacks, and the validator's report of the
current state. Every edit is one undoable step and re-validates. Nothing reaches the store
until `save_draft` or `publish`, which refuse to overwrite a week someone else changed since it
was opened (`StaleWeekError`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from roster.calendar import Calendar
from roster.config import load_config
from roster.domain import (
    Assignment,
    DateRange,
    Horizon,
    Organisation,
    Problem,
    Roster,
    Status,
    frozen_map,
)
from roster.explain import explain_unfilled
from roster.model.eligibility import static_reason
from roster.store import RosterVersion, StaleWeekError, State, open_store
from roster.validate import Report, by_person, person_can_take, slots, validate

HISTORY_DAYS = 56
WEEK_DAYS = 7

__all__ = ["Candidate", "EditSession", "StaleWeekError", "open_week"]


@dataclass(frozen=True)
class Candidate:
    """A person who might take a slot; `rule` and `reason` are empty when nothing stops them.

    `rule` is a validator rule id (`rest`, `overlap`, ...), or `volunteers`, `eligibility`,
    `leave`, `availability` (static eligibility) or `already` (on the slot already).
    """

    person: str
    reason: str = ""
    rule: str = ""

    @property
    def eligible(self) -> bool:
        return not self.reason


def _static_rule(reason: str) -> str:
    """The rule id of a `static_reason` text."""
    if reason.startswith("volunteers"):
        return "volunteers"
    if reason.startswith("on leave"):
        return "leave"
    if reason.startswith("outside availability"):
        return "availability"
    return "eligibility"


@dataclass(frozen=True)
class _State:
    """One undoable state: the assignments, the locks and leave added in this session."""

    assignments: frozenset[Assignment]
    locks: frozenset[Assignment]
    new_leave: tuple[tuple[str, DateRange], ...] = ()


@dataclass
class EditSession:
    """The roster of one week being edited; see the module doc."""

    problem: Problem
    config_path: Path
    db_path: Path
    version: RosterVersion | None
    revision: int
    store_locks: frozenset[Assignment]
    _state: _State = field(init=False)
    _undo: list[tuple[str, _State]] = field(default_factory=list, init=False)
    _redo: list[tuple[str, _State]] = field(default_factory=list, init=False)
    report: Report = field(init=False)
    dirty: bool = field(default=False, init=False)
    base_problem: Problem = field(init=False)

    def __post_init__(self) -> None:
        self.base_problem = self.problem
        assignments = self.version.assignments if self.version else ()
        self._state = _State(frozenset(assignments), self.store_locks)
        self._refresh()

    # -- reading ---------------------------------------------------------------------------
    @property
    def org(self) -> Organisation:
        return self.problem.org

    @property
    def horizon(self) -> Horizon:
        return self.problem.horizon

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        return tuple(sorted(self._state.assignments))

    @property
    def locks(self) -> frozenset[Assignment]:
        """Every lock in force: the config's, the store's and this session's."""
        return frozenset(self.problem.all_locks())

    @property
    def new_leave(self) -> tuple[tuple[str, DateRange], ...]:
        return self._state.new_leave

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def roster(self) -> Roster:
        """The edited roster, priced by the validator, with unfilled slots explained."""
        report = self.report
        return Roster(
            self.horizon,
            self.assignments,
            unfilled=explain_unfilled(self.problem, self.assignments, report),
            status=Status.FEASIBLE,
            objective=report.objective,
            penalties=report.penalties,
            seed=self.org.solver.seed,
        )

    def at(self, day: date, shift: str, post: str) -> list[Assignment]:
        """Assignments of one slot, in person order."""
        return sorted(
            (a for a in self._state.assignments if (a.date, a.shift, a.post) == (day, shift, post)),
            key=lambda a: a.person,
        )

    def of(self, person: str, day: date) -> list[Assignment]:
        """Assignments of a person starting on `day`."""
        return sorted(a for a in self._state.assignments if a.person == person and a.date == day)

    def on_leave(self, person: str, day: date) -> DateRange | None:
        for period in self.problem.leave_of(person):
            if period.contains(day):
                return period
        return None

    def candidates(
        self, day: date, shift: str, post: str, replacing: Assignment | None = None
    ) -> list[Candidate]:
        """Everyone, eligible first: who could take the slot, and why the others cannot."""
        org = self.org
        calendar = Calendar(org.calendar)
        others = [a for a in self._state.assignments if a != replacing]
        grouped = by_person(others)
        on_slot = {a.person for a in others if (a.date, a.shift, a.post) == (day, shift, post)}
        out = []
        for person in org.people.values():
            if person.id in on_slot:
                out.append(Candidate(person.id, "already on this slot", "already"))
                continue
            reason = static_reason(
                person,
                self.problem.leave_of(person.id),
                day,
                org.shifts[shift],
                org.posts[post],
                calendar,
            )
            if reason is not None:
                out.append(Candidate(person.id, reason, _static_rule(reason)))
                continue
            broken = person_can_take(self.problem, grouped, person.id, day, shift, post)
            if broken:
                out.append(Candidate(person.id, broken[0].detail, broken[0].rule))
            else:
                out.append(Candidate(person.id))
        return sorted(out, key=lambda c: not c.eligible)

    def slot_options(self, person: str, day: date) -> list[tuple[tuple[str, str], Candidate]]:
        """Slots of `day` the person might take instead of their current ones, possible ones
        first: ((shift, post), Candidate)."""
        mine = set(self.of(person, day))
        others = by_person(a for a in self._state.assignments if a not in mine)
        org = self.org
        calendar = Calendar(org.calendar)
        found = []
        for d, shift, post in sorted(slots(self.problem)):
            if d != day:
                continue
            reason = static_reason(
                org.people[person],
                self.problem.leave_of(person),
                day,
                org.shifts[shift],
                org.posts[post],
                calendar,
            )
            if reason is not None:
                found.append(((shift, post), Candidate(person, reason, _static_rule(reason))))
                continue
            broken = person_can_take(self.problem, others, person, day, shift, post)
            if broken:
                found.append(((shift, post), Candidate(person, broken[0].detail, broken[0].rule)))
            else:
                found.append(((shift, post), Candidate(person)))
        return sorted(found, key=lambda item: not item[1].eligible)

    # -- editing ---------------------------------------------------------------------------
    def apply(
        self, label: str, remove: Iterable[Assignment] = (), add: Iterable[Assignment] = ()
    ) -> None:
        """Remove then add assignments as one undoable step."""
        current = self._state.assignments
        new = (current - set(remove)) | set(add)
        for a in new - current:
            self._check(a)
        if new != current:
            self._push(label, replace(self._state, assignments=frozenset(new)))

    def assign(
        self, day: date, shift: str, post: str, person: str, replacing: Assignment | None = None
    ) -> None:
        """Put `person` on the slot (instead of `replacing`, if given)."""
        remove = [replacing] if replacing is not None else []
        self.apply("assign", remove, [Assignment(day, shift, post, person)])

    def clear(self, assignments: Iterable[Assignment]) -> None:
        self.apply("clear", remove=list(assignments))

    def swap(
        self,
        first: Iterable[Assignment],
        first_person: str,
        second: Iterable[Assignment],
        second_person: str,
    ) -> None:
        """Exchange people: `first` go to `second_person` and `second` to `first_person`."""
        first, second = list(first), list(second)
        add = [replace(a, person=second_person) for a in first]
        add += [replace(a, person=first_person) for a in second]
        self.apply("swap", first + second, add)

    def move(self, assignment: Assignment, day: date, shift: str, post: str) -> None:
        """Move an assignment's person to another slot."""
        self.apply("move", [assignment], [Assignment(day, shift, post, assignment.person)])

    def toggle_lock(self, assignments: Iterable[Assignment]) -> bool | None:
        """Lock the assignments, or unlock them if all are locked; returns the new state."""
        chosen = set(assignments)
        if not chosen:
            return None
        locks = self._state.locks
        if chosen <= self.locks:
            new, locked = locks - chosen, False
        else:
            new, locked = locks | chosen, True
        self._push("unlock" if not locked else "lock", replace(self._state, locks=frozenset(new)))
        return locked

    def add_leave(self, person: str, start: date, end: date, reason: str = "") -> None:
        if person not in self.org.people:
            raise ValueError(f"unknown person {person!r}")
        if end < start:
            raise ValueError(f"leave ends ({end}) before it starts ({start})")
        added = (*self._state.new_leave, (person, DateRange(start, end, reason)))
        self._push("leave", replace(self._state, new_leave=added))

    def replace_all(self, label: str, assignments: Iterable[Assignment]) -> None:
        """Replace the whole roster (a solver result that was accepted)."""
        self.apply(label, self._state.assignments, assignments)

    def undo(self) -> str | None:
        if not self._undo:
            return None
        label, state = self._undo.pop()
        self._redo.append((label, self._state))
        self._set(state)
        return label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        label, state = self._redo.pop()
        self._undo.append((label, self._state))
        self._set(state)
        return label

    # -- saving ----------------------------------------------------------------------------
    def store_changed(self) -> bool:
        """Whether someone saved this week since it was opened."""
        with open_store(self.db_path) as store:
            return store.week_revision(self.horizon.start) != self.revision

    def save_draft(self, who: str) -> int:
        """Save a draft version (and the session's locks and leave); StaleWeekError if the week
        changed in the store since it was opened."""
        return self._save(who, "draft")

    def publish(self, who: str, out_dir: str | os.PathLike[str]) -> int:
        """Publish the edited roster as it stands and write the exports; refuses violations."""
        from roster.publishing import config_hash, export_version

        if self.report.violations:
            raise ValueError(f"{len(self.report.violations)} hard rule(s) broken; not published")
        version_id = self._save(who, "published", config_hash(self.config_path))
        with open_store(self.db_path) as store:
            version = store.get_version(version_id)
            assert version is not None
            export_version(store, self.org, version, out_dir)
        return version_id

    def _save(self, who: str, state: State, digest: str = "") -> int:
        roster = self.roster()
        with open_store(self.db_path) as store:
            version_id = store.save_version(
                roster,
                who=who,
                state=state,
                config_hash=digest,
                note="roster tui",
                expected_revision=self.revision,
            )
            wanted, had = self._state.locks, self.store_locks
            for entry in store.list_locks(self.horizon.start, self.horizon.end):
                if entry.assignment in had - wanted:
                    store.remove_lock(entry.id, who=who)
            for a in sorted(wanted - had):
                store.add_lock(a, who=who, reason="roster tui")
            for person, period in self._state.new_leave:
                store.add_leave(person, period.start, period.end, who=who, reason=period.reason)
            self.revision = store.week_revision(self.horizon.start)
            self.version = store.get_version(version_id)
        self.store_locks = wanted
        self.base_problem = self.problem
        self._state = replace(self._state, new_leave=())
        self._undo.clear()
        self._redo.clear()
        self._refresh()
        self.dirty = False
        return version_id

    # -- internals -------------------------------------------------------------------------
    def _check(self, a: Assignment) -> None:
        org = self.org
        if a.person not in org.people or a.shift not in org.shifts or a.post not in org.posts:
            raise ValueError(f"unknown person, shift or post in {a}")
        if not self.horizon.contains(a.date):
            raise ValueError(f"{a.date} is outside the week")

    def _push(self, label: str, state: _State) -> None:
        self._undo.append((label, self._state))
        self._redo.clear()
        self._set(state)

    def _set(self, state: _State) -> None:
        self._state = state
        self.dirty = True
        self._refresh()

    def _refresh(self) -> None:
        base = self.base_problem
        leave = {p: tuple(r) for p, r in base.extra_leave.items()}
        for person, period in self._state.new_leave:
            leave[person] = (*leave.get(person, ()), period)
        config_locks = {a for a in base.org.locks if base.horizon.contains(a.date)}
        self.problem = replace(
            base,
            locks=tuple(sorted(self._state.locks - config_locks)),
            extra_leave=frozen_map(leave),
        )
        self.report = validate(self.problem, self._state.assignments)


def open_week(
    config_path: str | os.PathLike[str], db_path: str | os.PathLike[str], week_start: date
) -> EditSession:
    """The week's latest version (any state) with the store's history, leave and locks.

    `session.version` is None when the store holds no version of the week (solve a draft).
    """
    org = load_config(config_path)
    horizon = Horizon(week_start, WEEK_DAYS)
    with open_store(db_path) as store:
        history = store.published_assignments(
            week_start - timedelta(days=HISTORY_DAYS), week_start - timedelta(days=1)
        )
        published = store.latest_version(week_start, "published")
        latest = store.latest_version(week_start)
        leave: dict[str, list[DateRange]] = {}
        for entry in store.list_leave():
            if entry.person in org.people:
                leave.setdefault(entry.person, []).append(entry.range)
        locks = frozenset(e.assignment for e in store.list_locks(week_start, horizon.end))
        demand = tuple(
            e.to_demand()
            for e in store.list_demand(week_start, horizon.end)
            if e.post in org.posts and e.shift in org.shifts
        )
        revision = store.week_revision(week_start)

    def known(a: Assignment) -> bool:
        return a.person in org.people and a.shift in org.shifts and a.post in org.posts

    previous = tuple(a for a in (published.assignments if published else ()) if known(a))
    problem = Problem(
        org,
        horizon,
        history=tuple(a for a in history if known(a)),
        previous=previous,
        locks=tuple(sorted(a for a in locks if known(a))),
        extra_leave=frozen_map({p: tuple(r) for p, r in leave.items()}),
        extra_demand=demand,
    )
    if latest is not None:
        latest = replace(latest, assignments=tuple(a for a in latest.assignments if known(a)))
    return EditSession(
        problem,
        Path(config_path),
        Path(db_path),
        latest,
        revision,
        frozenset(a for a in locks if known(a)),
    )
