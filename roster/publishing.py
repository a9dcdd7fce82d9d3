"""The nightly publish job: solve a week against the store and publish it (no printing).

`publish_week` holds an exclusive lock file beside the store, reads history, leave, locks and
extra demand from the store, stays close to the week's last publication (days already past are
frozen), refuses a roster the validator rejects, and saves a new published version plus the
export set only when something changed (config or roster). Re-running with nothing changed
creates no version and leaves the exports byte-identical.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from roster import replanning
from roster.config import load_config
from roster.domain import (
    Assignment,
    DateRange,
    Demand,
    Horizon,
    Organisation,
    Problem,
    Roster,
    Unfilled,
    frozen_map,
)
from roster.errors import BusyError, ExitCode, RosterError, UsageError
from roster.publish.changes import PersonChanges, diff_assignments
from roster.publish.exports import FILES, ICS_DIR, write_exports
from roster.publish.html import render_html
from roster.publish.jsonfmt import to_publication
from roster.replanning import ChangeCount
from roster.service import Outcome, solve_problem
from roster.store import RosterVersion, Store, open_store
from roster.testhook import pause_at
from roster.validate import validate

try:  # POSIX advisory lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

HISTORY_DAYS = 56
WEEK_DAYS = 7


class PublishRefused(RosterError):
    """The solved roster breaks a hard rule (or no roster was found): nothing is published."""

    exit_code = ExitCode.VIOLATIONS


@dataclass(frozen=True)
class PublishResult:
    """What one publish run did."""

    org: Organisation
    horizon: Horizon
    outcome: Outcome
    config_hash: str
    dry_run: bool
    created: bool  # a new published version was saved
    version_id: int | None  # the week's current published version (None on a dry run)
    exports_written: bool
    out_dir: Path | None
    changes: tuple[PersonChanges, ...] | None  # None: no previous publication
    removed_people: tuple[str, ...] = ()  # in the last publication or history, not the config
    # each of their duties in the week's last publication, with whoever newly holds that slot
    # (empty: nobody took it over)
    removed_duties: tuple[tuple[Assignment, tuple[str, ...]], ...] = ()
    ignored_locks: tuple[Assignment, ...] = ()
    frozen_days: tuple[date, ...] = ()
    change_count: ChangeCount | None = None  # a replan against a publication: phase (b)

    @property
    def roster(self) -> Roster:
        return self.outcome.roster

    @property
    def unfilled(self) -> tuple[Unfilled, ...]:
        return self.outcome.roster.unfilled


# -- helpers shared with the store commands ---------------------------------------------------


def default_db_path(config_path: str | os.PathLike[str], db: str | None = None) -> Path:
    """`--db`, or `roster.db` beside the config file."""
    if db:
        return Path(db)
    return Path(config_path).parent / "roster.db"


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(db_path)}.lock")


@contextlib.contextmanager
def publish_lock(db_path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the exclusive, non-blocking publish lock `<db>.lock`; BusyError if it is held."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UsageError(f"cannot open the lock file {path}: {exc.strerror or exc}") from exc
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BusyError(f"another roster publish is running (lock file {path})") from None
        yield path
    finally:
        os.close(fd)  # closing releases the flock


def config_hash(config_path: str | os.PathLike[str]) -> str:
    try:
        data = Path(config_path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {config_path}: {exc.strerror or exc}") from exc
    return hashlib.sha256(data).hexdigest()


def check_id(kind: str, value: str, known: Iterable[str]) -> str:
    """`value` if it is a known id, else UsageError with a did-you-mean."""
    ids = sorted(known)
    if value in ids:
        return value
    close = difflib.get_close_matches(value, ids, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(ids)}"
    raise UsageError(f'unknown {kind} "{value}"{hint}')


def _valid(org: Organisation, a: Assignment) -> bool:
    return a.person in org.people and a.shift in org.shifts and a.post in org.posts


def _same_roster(version: RosterVersion, roster: Roster) -> bool:
    def holes(items: Iterable[Unfilled]) -> list[tuple]:
        return sorted((u.date, u.shift, u.post, u.skill or "", u.missing) for u in items)

    return set(version.assignments) == set(roster.assignments) and holes(version.unfilled) == holes(
        roster.unfilled
    )


def _exports_present(out_dir: Path) -> bool:
    return all((out_dir / name).is_file() for name in FILES) and (out_dir / ICS_DIR).is_dir()


def _version_label(version: RosterVersion) -> str:
    return f"v{version.id} {version.week_start.isoformat()}"


def _exports_current(org: Organisation, version: RosterVersion, out_dir: Path) -> bool:
    """The export set in `out_dir` is complete and was written from `version`.

    A run killed after the store commit but before the export swap leaves the previous
    version's (complete) set; roster.html carries the version label, so comparing it with a
    fresh rendering tells the sets apart and the next run rewrites the stale one.
    """
    if not _exports_present(out_dir):
        return False
    generated = _generated_at(org, version)
    doc = to_publication(org, version.to_roster(), None, generated)
    html = render_html(org, doc, _version_label(version), generated).encode("utf-8")
    try:
        return (out_dir / "roster.html").read_bytes() == html
    except OSError:
        return False


def _predecessor(store: Store, version: RosterVersion) -> RosterVersion | None:
    """The publication `version` superseded (the newest older version once published)."""
    older = [
        v
        for v in store.list_versions(version.week_start)
        if v.id < version.id and v.state == "superseded"
    ]
    return max(older, key=lambda v: v.id) if older else None


def _generated_at(org: Organisation, version: RosterVersion) -> datetime:
    """The version's creation time in the org's zone: the same bytes on every re-export."""
    zone = ZoneInfo(org.calendar.timezone)
    return version.created_at.astimezone(zone).replace(microsecond=0)


def export_version(
    store: Store, org: Organisation, version: RosterVersion, out_dir: str | os.PathLike[str]
) -> Path:
    """Write the export set of a stored version (deterministic: depends on the version only)."""
    roster = version.to_roster()
    generated = _generated_at(org, version)
    doc = to_publication(org, roster, None, generated)
    before = _predecessor(store, version)
    return write_exports(
        out_dir,
        org,
        roster,
        doc,
        before.assignments if before is not None else None,
        _version_label(version),
        generated,
    )


def _last_day(org: Organisation, a: Assignment) -> date:
    """The last calendar day a duty touches (a 24-hour duty runs into the next day)."""
    shift = org.shifts[a.shift]
    begin = datetime.combine(a.date, shift.start)
    return (begin + timedelta(minutes=max(shift.minutes, 1) - 1)).date()


def _taken_over(
    dropped: Iterable[Assignment], before: Iterable[Assignment], after: Iterable[Assignment]
) -> tuple[tuple[Assignment, tuple[str, ...]], ...]:
    """Each dropped duty with the people on its slot now who were not on it before."""

    def holders(items: Iterable[Assignment]) -> dict[tuple, set[str]]:
        out: dict[tuple, set[str]] = {}
        for a in items:
            out.setdefault((a.date, a.shift, a.post), set()).add(a.person)
        return out

    old, new = holders(before), holders(after)
    out = []
    for a in dropped:
        slot = (a.date, a.shift, a.post)
        out.append((a, tuple(sorted(new.get(slot, set()) - old.get(slot, set())))))
    return tuple(out)


def _leave_after_frozen(
    org: Organisation, leave: dict[str, list[DateRange]], frozen: Iterable[Assignment]
) -> dict[str, tuple[DateRange, ...]]:
    """Store leave of known people, clipped so it never overlaps a duty already worked.

    Leave recorded late (today, for a duty that started yesterday) must not make the past
    infeasible: the frozen duty stands and the leave counts from the day after it ends.
    """
    busy_until: dict[str, date] = {}
    for a in frozen:
        if _valid(org, a):
            end = _last_day(org, a)
            busy_until[a.person] = max(end, busy_until.get(a.person, end))
    out: dict[str, tuple[DateRange, ...]] = {}
    for person, ranges in sorted(leave.items()):
        if person not in org.people:
            continue
        kept = []
        for r in ranges:
            until = busy_until.get(person)
            if until is not None and r.start <= until:
                r = DateRange(until + timedelta(days=1), r.end, r.reason)
            if r.start <= r.end:
                kept.append(r)
        out[person] = tuple(kept)
    return out


def _fingerprint(digest: str, problem: Problem, inputs: _Inputs) -> str:
    """A hash of everything the solve reads besides the previous roster and today's date."""
    org = problem.org
    parts = [
        digest,
        repr(problem.horizon),
        repr(sorted(problem.history)),
        repr(sorted(a for a in inputs.locks if _valid(org, a))),
        repr(sorted((p, sorted(r)) for p, r in inputs.extra_leave.items() if p in org.people)),
        repr(sorted(repr(d) for d in problem.extra_demand)),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _reuse(
    problem: Problem, previous: RosterVersion | None, digest: str, note: str
) -> Outcome | None:
    """The last publication, unsolved, when nothing it was solved from has changed.

    A time-limited solve is not optimal, so solving the same inputs again could find another
    roster and churn the publication every night; an unchanged input keeps the published one
    (as long as the validator still accepts it).
    """
    if previous is None or previous.config_hash != digest or previous.note != note:
        return None
    report = validate(problem, previous.assignments)
    if report.violations:
        return None
    return Outcome(problem, previous.to_roster(), report)


# -- the job ----------------------------------------------------------------------------------


@dataclass
class _Inputs:
    history: tuple[Assignment, ...] = ()
    previous: RosterVersion | None = None
    extra_leave: dict[str, list[DateRange]] = field(default_factory=dict)
    locks: list[Assignment] = field(default_factory=list)
    demand: list[Demand] = field(default_factory=list)


def _read_inputs(store: Store | None, horizon: Horizon) -> _Inputs:
    inputs = _Inputs()
    if store is None:
        return inputs
    start = horizon.start
    inputs.history = store.published_assignments(
        start - timedelta(days=HISTORY_DAYS), start - timedelta(days=1)
    )
    inputs.previous = store.latest_version(start, "published")
    for entry in store.list_leave():
        inputs.extra_leave.setdefault(entry.person, []).append(entry.range)
    inputs.locks = [e.assignment for e in store.list_locks(start, horizon.end)]
    inputs.demand = [e.to_demand() for e in store.list_demand(start, horizon.end)]
    return inputs


def _problem_of(
    org: Organisation, horizon: Horizon, inputs: _Inputs, today: date
) -> tuple[Problem, tuple[Assignment, ...]]:
    """The problem a publish run solves (days before `today` frozen as last published), and
    the locks and frozen duties ignored because the config no longer knows their ids."""
    prev_all = inputs.previous.assignments if inputs.previous is not None else ()
    prev_ok = tuple(a for a in prev_all if _valid(org, a) and horizon.contains(a.date))
    history = tuple(a for a in inputs.history if _valid(org, a))
    frozen_locks = [a for a in prev_ok if a.date < today]
    wanted = [*inputs.locks, *frozen_locks]
    locks = tuple(sorted({a for a in wanted if _valid(org, a)}))
    ignored = tuple(sorted({a for a in wanted if not _valid(org, a)}))
    extra_leave = _leave_after_frozen(org, inputs.extra_leave, frozen_locks)
    demand = tuple(d for d in inputs.demand if d.post in org.posts and d.shift in org.shifts)
    problem = Problem(
        org,
        horizon,
        history=history,
        previous=prev_ok,
        locks=locks,
        extra_leave=frozen_map(extra_leave),
        extra_demand=demand,
    )
    return problem, ignored


def week_problem(
    org: Organisation, store: Store, week_start: date, today: date | None = None
) -> tuple[Problem, RosterVersion | None]:
    """The week's problem as `publish_week` builds it from the store (history, store leave,
    locks, extra demand, the last publication as `previous`; days before `today` frozen,
    nothing frozen by default), and the week's latest published version."""
    horizon = Horizon(week_start, WEEK_DAYS)
    inputs = _read_inputs(store, horizon)
    problem, _ = _problem_of(org, horizon, inputs, today or week_start)
    return problem, inputs.previous


def publish_week(
    config_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    week_start: date,
    out_dir: str | os.PathLike[str],
    time_limit: float | None = None,
    dry_run: bool = False,
    who: str = "publish",
    today: date | None = None,
    *,
    workers: int | None = None,
    seed: int | None = None,
    from_date: date | None = None,
    replan: bool = False,
) -> PublishResult:
    """Solve `week_start` (7 days) against the store and publish it; see the module doc.

    A dry run solves and reports but writes nothing (no lock file, no store, no exports).
    `from_date` (default: today) is the first day that may change: days before it are frozen
    as last published. `replan` solves in priority order against the last publication:
    holes, then the fewest changes (proven when time allows), then the configured goals
    (`roster.replanning`); the stored objective is the validator's, configured weights.
    """
    db = Path(db_path)
    options = _Options(time_limit, who, today, workers, seed, from_date, replan)
    if dry_run:
        return _run(config_path, db, week_start, Path(out_dir), True, options)
    db.parent.mkdir(parents=True, exist_ok=True)
    with publish_lock(db):
        return _run(config_path, db, week_start, Path(out_dir), False, options)


@dataclass(frozen=True)
class _Options:
    time_limit: float | None
    who: str
    today: date | None
    workers: int | None
    seed: int | None
    from_date: date | None = None
    replan: bool = False


def _replan(
    problem: Problem, options: _Options, previous: tuple[Assignment, ...], start: date
) -> tuple[Outcome, ChangeCount]:
    """Re-solve from `start` with the fewest changes to `previous` (roster.replanning)."""
    done = replanning.replan(
        problem,
        previous,
        start,
        time_limit=options.time_limit,
        workers=options.workers,
        seed=options.seed,
    )
    return done.outcome, done.count


def _run(
    config_path: str | os.PathLike[str],
    db: Path,
    week_start: date,
    out_dir: Path,
    dry_run: bool,
    options: _Options,
) -> PublishResult:
    org = load_config(config_path)
    digest = config_hash(config_path)
    who = options.who
    today = options.from_date or options.today
    if today is None:
        today = datetime.now(ZoneInfo(org.calendar.timezone)).date()
    horizon = Horizon(week_start, WEEK_DAYS)
    store = None if dry_run and not db.exists() else open_store(db)
    try:
        inputs = _read_inputs(store, horizon)
        previous = inputs.previous
        prev_all = previous.assignments if previous is not None else ()
        removed = sorted(
            {a.person for a in (*prev_all, *inputs.history) if a.person not in org.people}
        )
        dropped = tuple(
            sorted(a for a in prev_all if a.person not in org.people and horizon.contains(a.date))
        )
        problem, ignored = _problem_of(org, horizon, inputs, today)
        prev_ok = problem.previous
        frozen = tuple(d for d in horizon.dates if d < today)
        note = f"roster publish; inputs {_fingerprint(digest, problem, inputs)}"
        outcome = _reuse(problem, previous, digest, note)
        count = None
        if options.replan and previous is not None and outcome is not None:
            count = ChangeCount(0, 0, 0, not outcome.roster.unfilled)  # it stands as is
        if outcome is None and options.replan and previous is not None:
            in_week = tuple(a for a in prev_all if horizon.contains(a.date))
            outcome, count = _replan(problem, options, in_week, today)
        elif outcome is None:
            outcome = solve_problem(
                problem,
                time_limit=options.time_limit,
                workers=options.workers,
                seed=options.seed,
                hint=prev_ok,
            )
        roster, report = outcome.roster, outcome.report
        if roster.objective is None:
            raise PublishRefused(
                f"no roster found for {horizon.start} within the time limit; nothing published"
            )
        if report.violations:
            lines = [f"  - {v.rule}: {v.who} {v.when}: {v.detail}" for v in report.violations]
            raise PublishRefused(
                "\n".join(
                    [
                        f"the roster for {horizon.start} breaks {len(report.violations)} hard "
                        "rule(s); nothing published:",
                        *lines,
                    ]
                )
            )
        pause_at("solved")  # test-only (roster.testhook)
        changes = (
            diff_assignments(prev_all, roster.assignments, horizon)
            if previous is not None
            else None
        )
        result = dict(
            org=org,
            horizon=horizon,
            outcome=outcome,
            config_hash=digest,
            dry_run=dry_run,
            changes=changes,
            removed_people=tuple(removed),
            removed_duties=_taken_over(dropped, prev_all, roster.assignments),
            ignored_locks=ignored,
            frozen_days=frozen,
            change_count=count,
        )
        if dry_run or store is None:
            return PublishResult(
                created=False, version_id=None, exports_written=False, out_dir=None, **result
            )
        unchanged = (
            previous is not None
            and previous.config_hash == digest
            and _same_roster(previous, roster)
        )
        if unchanged:
            assert previous is not None
            written = False
            if not _exports_current(org, previous, out_dir):
                export_version(store, org, previous, out_dir)
                written = True
            return PublishResult(
                created=False,
                version_id=previous.id,
                exports_written=written,
                out_dir=out_dir,
                **result,
            )
        version_id = store.save_version(
            roster, who=who, state="published", config_hash=digest, note=note
        )
        version = store.get_version(version_id)
        assert version is not None
        pause_at("committed")  # test-only (roster.testhook)
        export_version(store, org, version, out_dir)
        return PublishResult(
            created=True, version_id=version_id, exports_written=True, out_dir=out_dir, **result
        )
    finally:
        if store is not None:
            store.close()
