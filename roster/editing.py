"""Editing one week's roster by hand: the state behind the TUI, with no UI in it.

An `EditSession` holds the problem (organisation, horizon, history, leave and locks from the
store), the assignments being edited, undo and redo stacks, and the validator's report of the
current state. Every edit is one undoable step and re-validates. Nothing reaches the store
until `save_draft` or `publish`, which refuse to overwrite a week someone else changed since it
was opened (`StaleWeekError`).
"""

from __future__ import annotations

import os
from bisect import bisect_left, insort
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
    Unfilled,
    frozen_map,
)
from roster.explain import candidate_reason_codes, explain_unfilled
from roster.explaining import terms_of
from roster.model.eligibility import static_reason
from roster.publish.changes import PersonChanges, diff_assignments
from roster.reasons import Reason, static_reason_code, term_reason, violation_reason
from roster.store import RosterVersion, StaleWeekError, State, open_store
from roster.validate import PersonChecks, Report, by_person, person_can_take, revalidate, slots

HISTORY_DAYS = 56
KEEP_CHANGES = 64  # refreshes whose changed people are remembered
REINDEX_AFTER = 200  # changed assignments beyond which the lookups are rebuilt, not updated
WEEK_DAYS = 7

__all__ = ["AssignmentWhy", "Candidate", "EditSession", "HoleWhy", "StaleWeekError", "open_week"]


@dataclass(frozen=True)
class Candidate:
    """A person who might take a slot; `rule` and `reason` are empty when nothing stops them.

    `rule` is a validator rule id (`rest`, `overlap`, ...), a static eligibility code of
    `roster.reasons` (`volunteers`, `never_shift`, `eligibility`, `leave`, `availability`) or
    `already` (on the slot already); `values` fill a translation of it (see `Reason`).
    """

    person: str
    reason: str = ""
    rule: str = ""
    values: tuple[tuple[str, str], ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.reason

    @staticmethod
    def of(person: str, why: Reason) -> Candidate:
        return Candidate(person, why.text, why.code, why.values)


@dataclass(frozen=True)
class AssignmentWhy:
    """Why an assignment costs what it does: its objective terms and broken hard rules."""

    assignment: Assignment
    terms: tuple[Reason, ...]
    violations: tuple[Reason, ...]


@dataclass(frozen=True)
class HoleWhy:
    """One unfilled need of a slot and every candidate with the reason they are not on it."""

    hole: Unfilled
    candidates: tuple[tuple[str, Reason], ...]


def _covers(when: str, day: date) -> bool:
    """Whether a violation's `when` (an ISO date or `first..last`) includes `day`."""
    first, _, last = when.partition("..")
    return first <= day.isoformat() <= (last or first)


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
    published: bool = False  # the store holds a publication of the week (`problem.previous`)
    _state: _State = field(init=False)
    _undo: list[tuple[str, _State]] = field(default_factory=list, init=False)
    _redo: list[tuple[str, _State]] = field(default_factory=list, init=False)
    report: Report = field(init=False)
    _sorted: tuple[Assignment, ...] = field(default=(), init=False)
    _by_slot: dict[tuple[date, str, str], tuple[Assignment, ...]] = field(
        default_factory=dict, init=False
    )
    _by_person_day: dict[tuple[str, date], tuple[Assignment, ...]] = field(
        default_factory=dict, init=False
    )
    _problem_key: tuple = field(default=(), init=False)
    _indexed: frozenset[Assignment] = field(default=frozenset(), init=False)
    generation: int = field(default=0, init=False)  # counts refreshes (see changed_people)
    _changes: dict[int, frozenset[str] | None] = field(default_factory=dict, init=False)
    _checks: PersonChecks | None = field(default=None, init=False)  # for `revalidate`
    _checked: frozenset[Assignment] = field(default=frozenset(), init=False)
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
        return self._sorted

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
        return list(self._by_slot.get((day, shift, post), ()))

    def of(self, person: str, day: date) -> list[Assignment]:
        """Assignments of a person starting on `day`."""
        return list(self._by_person_day.get((person, day), ()))

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
                out.append(Candidate.of(person.id, static_reason_code(reason)))
                continue
            broken = person_can_take(self.problem, grouped, person.id, day, shift, post)
            if broken:
                out.append(Candidate.of(person.id, violation_reason(broken[0])))
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
                found.append(((shift, post), Candidate.of(person, static_reason_code(reason))))
                continue
            broken = person_can_take(self.problem, others, person, day, shift, post)
            if broken:
                found.append(((shift, post), Candidate.of(person, violation_reason(broken[0]))))
            else:
                found.append(((shift, post), Candidate(person)))
        return sorted(found, key=lambda item: not item[1].eligible)

    def explain_person(self, person: str, day: date) -> tuple[AssignmentWhy, ...]:
        """Each assignment of the person that day with the objective terms on the person or
        its slot that day and the hard rules it takes part in."""
        report = self.report
        out = []
        for a in self.of(person, day):
            broken = tuple(
                violation_reason(v)
                for v in report.violations
                if v.who == a.person and _covers(v.when, a.date)
            )
            terms = tuple(term_reason(p) for p in terms_of(report, a))
            out.append(AssignmentWhy(a, terms, broken))
        return tuple(out)

    def person_terms(self, person: str) -> tuple[Reason, ...]:
        """The person's week-wide objective terms (fairness)."""
        return tuple(
            term_reason(p)
            for p in self.report.penalties
            if p.who == person and p.rule.startswith("fairness.")
        )

    def explain_slot(self, day: date, shift: str, post: str) -> tuple[HoleWhy, ...]:
        """Each unfilled need of the slot with every candidate and what kept them out."""
        calendar = Calendar(self.org.calendar)
        return tuple(
            HoleWhy(
                hole, tuple(candidate_reason_codes(self.problem, self.assignments, hole, calendar))
            )
            for hole in self.report.unfilled
            if (hole.date, hole.shift, hole.post) == (day, shift, post)
        )

    def publish_changes(self) -> tuple[PersonChanges, ...] | None:
        """Per person, the duties publishing would add and cancel against the week's last
        publication (None when the week was never published)."""
        if not self.published:
            return None
        return diff_assignments(self.problem.previous, self.assignments, self.horizon)

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
        if state == "published":
            self.base_problem = replace(self.problem, previous=self.assignments)
            self.published = True
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
        """Index the assignments, rebuild the problem if its locks or leave changed, and
        validate. The problem object is kept otherwise, so the validator's per-problem
        lookups (slots, history, availability) are reused and only the people whose
        assignments changed have their person rules checked again (`revalidate`)."""
        self._index()
        base = self.base_problem
        config_locks = {a for a in base.org.locks if base.horizon.contains(a.date)}
        locks = tuple(sorted(self._state.locks - config_locks))
        key = (base, locks, self._state.new_leave)
        rebuilt = key != self._problem_key
        if rebuilt:
            leave = {p: tuple(r) for p, r in base.extra_leave.items()}
            for person, period in self._state.new_leave:
                leave[person] = (*leave.get(person, ()), period)
            self.problem = replace(base, locks=locks, extra_leave=frozen_map(leave))
            self._problem_key = key
        now = self._state.assignments
        changed = {a.person for a in now ^ self._checked}
        # The sorted roster: the validator words some details in the order it is given.
        self.report, self._checks = revalidate(self.problem, self._sorted, self._checks, changed)
        self._checked = now
        self.generation += 1
        self._changes[self.generation] = None if rebuilt else frozenset(changed)
        self._changes.pop(self.generation - KEEP_CHANGES, None)

    def changed_people(self, since: int) -> frozenset[str] | None:
        """People whose assignments changed after generation `since` (a value of
        `generation`); None when anything may have changed (leave, locks, a save, or too
        long ago), so that a view redraws everything."""
        found: set[str] = set()
        for g in range(since + 1, self.generation + 1):
            people = self._changes.get(g)
            if people is None:
                return None
            found |= people
        return frozenset(found)

    def _index(self) -> None:
        """The sorted assignments and their lookups by slot and by person and day, updated
        for what changed since the last call (rebuilt when much changed)."""
        now, before = self._state.assignments, self._indexed
        gone, added = before - now, now - before
        if len(gone) + len(added) > REINDEX_AFTER or not before:
            ordered = sorted(now)
            self._by_slot, self._by_person_day = {}, {}
            touched = set(now)
        else:
            ordered = list(self._sorted)
            for a in gone:
                del ordered[bisect_left(ordered, a)]
            for a in added:
                insort(ordered, a)
            touched = gone | added
        self._sorted = tuple(ordered)
        self._indexed = now
        slots_of = {(a.date, a.shift, a.post) for a in touched}
        days_of = {(a.person, a.date) for a in touched}
        by_slot: dict[tuple[date, str, str], list[Assignment]] = {k: [] for k in slots_of}
        by_day: dict[tuple[str, date], list[Assignment]] = {k: [] for k in days_of}
        for key in slots_of:
            by_slot[key] = [a for a in self._by_slot.get(key, ()) if a in now]
        for key in days_of:
            by_day[key] = [a for a in self._by_person_day.get(key, ()) if a in now]
        for a in added if before and len(gone) + len(added) <= REINDEX_AFTER else now:
            by_slot[(a.date, a.shift, a.post)].append(a)
            by_day[(a.person, a.date)].append(a)
        for key, found in by_slot.items():
            self._by_slot[key] = tuple(sorted(set(found), key=lambda a: a.person))
        for key, found in by_day.items():
            self._by_person_day[key] = tuple(sorted(set(found)))


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
        published=published is not None,
    )
