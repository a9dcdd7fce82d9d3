"""One person's roster of most value, by dynamic programming with Lagrange multipliers.

`roster.pattern` chooses which days a person works and then what they work, by rules of
thumb about which days pay. Here the value of every assignment (what it saves the roster,
less what the person's own requests charge for it) is maximised over the whole horizon
at once. The state of a day is the run it ends (working, with the type of its last shift
and the run's length, or off), so runs, days off and forbidden successions are kept
exactly. The rules that count over the horizon (the minutes window, the cap of each shift
type, the weekends worked) are priced instead, by a multiplier each, moved by bisection
until the roster keeps them. Prices can swing between a roster above a limit and one below
it; splices of two rosters (the one's days up to a day where both are in the same state,
the other's after) land in between. Of the rosters and splices that keep the counted
rules, the one of most value that the validator passes is returned; where there is none,
None, and the caller keeps its own roster.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

import numpy as np

from roster.domain import Assignment, Problem
from roster.pattern import Types
from roster.rules.rest import one_at_a_time
from roster.validate import person_violations

Key = tuple  # (person, date, shift, post)
ROUNDS = 12  # at most this many solves of the dynamic program, multipliers moved between
REPEATS = 4  # solves giving a path seen before, after which the multipliers stop
WARM_ROUNDS = 6  # solves from a person's multipliers of an earlier call
WARM_STEP = 4  # their first steps are this much smaller than a cold start's
TRIES = 3  # the candidate rosters of most value that the validator is asked about
_NONE = -1e18  # the value of a state no roster reaches


class Response(NamedTuple):
    """A best response (None if none found) and a bound on its worth: no roster of the
    person's that keeps their hard rules is worth more than `most` (inf: no bound known)."""

    keys: list[Key] | None
    most: float


def best_response(
    problem: Problem,
    person_id: str,
    keys: Iterable[Key],
    value: Callable[[Key], float],
    rounds: int = ROUNDS,
    memo: dict | None = None,
) -> list[Key] | None:
    """The keys of `person_id`'s roster of most `value` found (every hard rule of theirs
    kept, as the validator checks), or None. `problem` holds them alone; `keys` are their
    possible assignments. `memo` keeps each person's multipliers from one call to the
    next: started from them, with smaller steps, WARM_ROUNDS solves suffice; where they
    lead to no roster, a cold start follows."""
    return bounded_response(problem, person_id, keys, value, rounds, memo).keys


def bounded_response(
    problem: Problem,
    person_id: str,
    keys: Iterable[Key],
    value: Callable[[Key], float],
    rounds: int = ROUNDS,
    memo: dict | None = None,
) -> Response:
    """`best_response`, with a bound on the worth of every roster of the person's.

    Each solve of the program, at multipliers `m`, maximises the worth less `m` times
    what the counted rules count, over rosters that keep the run rules and successions
    and work one shift a day at most (where the person's rests allow no two: otherwise
    no bound). A roster that keeps the counted rules counts no more than their limits, so
    its worth is at most that solve's best plus `m` times the limits (a Lagrangian
    bound); the least of these over the solves is `most`."""
    if any(a.person == person_id for a in problem.all_locks()):
        return Response(None, math.inf)  # a locked day is not a state of this program
    if any(a.person == person_id for a in problem.history):
        return Response(None, math.inf)  # nor are runs carried over from the history
    dates = list(problem.horizon.dates)
    grid = _Grid(problem, person_id, dates, keys, value)
    if not grid.types:
        return Response(None, math.inf)
    warm = memo.get(person_id) if memo is not None else None
    picked, counted, most = _respond(problem, person_id, grid, dates, warm, rounds)
    if picked is None and warm is not None:
        # Started from an earlier call's multipliers, with smaller steps, the search may
        # not get back to the rules it counts (on a polished Instance23 roster, 29 of 100
        # people; 8 from a cold start): it starts again, cold.
        picked, counted, cold = _respond(problem, person_id, grid, dates, None, rounds)
        most = min(most, cold)
    if memo is not None:
        memo[person_id] = counted.multipliers()
    person, shifts = problem.org.people[person_id], problem.org.shifts
    if not one_at_a_time(person, [shifts[s] for s in grid.types], problem.horizon.start):
        most = math.inf  # two shifts a day, which the program never works
    return Response(picked, most)


def _respond(
    problem: Problem,
    person_id: str,
    grid: _Grid,
    dates: list[date],
    warm: tuple | None,
    rounds: int,
) -> tuple[list[Key] | None, _Counted, float]:
    """The best response found from the multipliers `warm` (or from zero), the counted
    rules' state at the end, and the least Lagrangian bound of the solves (see
    `bounded_response`)."""
    limits = problem.org.people[person_id].limits
    counted = _Counted(limits, grid, dates, warm)
    if counted.warm:
        rounds = min(rounds, WARM_ROUNDS)
    paths: list[list[tuple[int, int]]] = []
    again = 0  # solves that gave a path seen before
    most = math.inf
    for _ in range(rounds):
        path, best = _solve(grid, limits, counted.priced())
        if path is None:
            break
        most = min(most, best + counted.given_back())
        if path in paths:
            again += 1
            if again >= REPEATS:
                break  # swinging between rosters already seen: the splices join them
        else:
            paths.append(path)
        if not counted.move(path):
            break  # every counted rule kept with its multiplier at zero: nothing to move
    for _, path in sorted(_candidates(paths, grid, counted, limits), reverse=True)[:TRIES]:
        picked = [grid.key[d][t] for d, t in path]
        roster = [Assignment(k[1], k[2], k[3], k[0]) for k in picked]
        if not person_violations(problem, person_id, roster):
            return picked, counted, most
    return None, counted, most


def _candidates(
    paths: list[list[tuple[int, int]]], grid: _Grid, counted: _Counted, limits
) -> list[tuple[float, tuple]]:
    """(value, path) of each path that keeps the counted rules, and of the best splice of
    each ordered pair of paths that does: the first path's days up to a day where both are
    in the same state, the second's after it. Multipliers can swing between a roster above
    a limit and one below it (a duality gap); a splice lands in between, and keeps the run
    rules, since both halves leave and enter the same state."""
    out = []
    profiles = [_Profile(path, grid, counted, limits) for path in paths]
    for profile in profiles:
        if counted.keeps(profile.minutes[-1], profile.shifts[-1], profile.weekends[-1]):
            out.append((profile.total_value, tuple(profile.path)))
    for first in profiles:
        for second in profiles:
            if first is second:
                continue
            spliced = _best_splice(first, second, counted)
            if spliced is not None:
                out.append(spliced)
    return out


class _Profile:
    """A path's measures day by day, summed from the first day (inclusive), and its state
    at the end of each day."""

    def __init__(self, path, grid: _Grid, counted: _Counted, limits) -> None:
        days, count = grid.value.shape
        self.path = path
        by_day = dict(path)
        value = np.zeros(days)
        minutes = np.zeros(days)
        shifts = np.zeros((days, count))
        weekends = np.zeros(days)
        state = np.zeros(days, dtype=np.int64)
        c, o = max(1, limits.max_consecutive_days), max(1, limits.min_consecutive_days_off)
        shortest = max(1, limits.min_consecutive_days)
        run, first, last = 0, True, None
        for d in range(days):
            t = by_day.get(d)
            worked = t is not None
            if d > 0 and worked != last:
                first, run = False, 0
            run += 1
            last = worked
            if worked:
                value[d], minutes[d], shifts[d, t] = grid.value[d, t], grid.minutes[t], 1
                weekends[d] = 1 if counted.opens_weekend(d, by_day) else 0
                # Being in the first run matters only while the run is shorter than allowed.
                state[d] = 1 + (t * (c + 1) + min(run, c)) * 2 + (first and run < shortest)
            else:
                state[d] = -(1 + min(run, o) * 2 + (first and run < o))
        self.value = np.cumsum(value)
        self.minutes = np.cumsum(minutes)
        self.shifts = np.cumsum(shifts, axis=0)
        self.weekends = np.cumsum(weekends)
        self.state = state
        self.total_value = float(self.value[-1])


def _best_splice(first: _Profile, second: _Profile, counted: _Counted):
    """(value, path) of the best splice of `first` then `second` that keeps the counted
    rules, or None."""
    at = np.nonzero(first.state[:-1] == second.state[:-1])[0]  # the last day of `first`
    if at.size == 0:
        return None

    def total(measure_first, measure_second):
        return measure_first[at] + measure_second[-1] - measure_second[at]

    minutes = total(first.minutes, second.minutes)
    weekends = total(first.weekends, second.weekends)
    shifts = total(first.shifts, second.shifts)
    value = total(first.value, second.value)
    ok = counted.keeps(minutes, shifts, weekends)
    if not ok.any():
        return None
    best = int(np.argmax(np.where(ok, value, -np.inf)))
    cut = int(at[best])
    path = [step for step in first.path if step[0] <= cut]
    path += [step for step in second.path if step[0] > cut]
    return float(value[best]), tuple(path)


class _Grid:
    """The best key of each (day, shift type), its value, and what may follow what."""

    def __init__(
        self,
        problem: Problem,
        person_id: str,
        dates: list[date],
        keys: Iterable[Key],
        value: Callable[[Key], float],
    ) -> None:
        index = {day: i for i, day in enumerate(dates)}
        chosen: dict[tuple[int, str], tuple[float, Key]] = {}
        for key in keys:
            at = (index[key[1]], key[2])
            worth = float(value(key))
            if at not in chosen or worth > chosen[at][0]:
                chosen[at] = (worth, key)
        self.types = sorted({shift for _, shift in chosen})
        column = {shift: t for t, shift in enumerate(self.types)}
        days, count = len(dates), len(self.types)
        self.value = np.full((days, count), _NONE)
        self.key: list[dict[int, Key]] = [{} for _ in dates]
        for (d, shift), (worth, key) in chosen.items():
            self.value[d, column[shift]] = worth
            self.key[d][column[shift]] = key
        shifts = problem.org.shifts
        self.minutes = np.array([shifts[s].minutes for s in self.types], dtype=float)
        rules = Types(problem, person_id)
        # follows[a, b]: 0 if type b may come the day after type a, else no roster.
        self.follows = np.array(
            [[0.0 if rules.fits_next(a, b) else _NONE for b in self.types] for a in self.types]
        )


class _Multiplier:
    """The price of one counted rule, moved by bisection: a step in the direction asked,
    halved each time the direction turns; never below `floor` (None: no floor)."""

    def __init__(self, value: float, step: float, floor: float | None) -> None:
        self.value, self.step, self.floor = value, step, floor
        self._last = 0  # the direction of the last move (0: none yet)

    def move(self, direction: int) -> None:
        if self._last and direction != self._last:
            self.step /= 2
        self._last = direction
        self.value += direction * self.step
        if self.floor is not None:
            self.value = max(self.floor, self.value)


class _Counted:
    """The rules that count over the horizon, each priced by a multiplier moved by
    bisection: up while the roster breaks the rule, halving its step at each turn."""

    def __init__(self, limits, grid: _Grid, dates: list[date], warm: tuple | None = None) -> None:
        self.limits = limits
        self.saturday = np.array([day.weekday() == 5 for day in dates])
        self.sunday = np.array([day.weekday() == 6 for day in dates])
        paying = grid.value[grid.value > 0]
        unit = float(np.median(paying)) if paying.size else 1.0
        per_minute = unit / max(1.0, float(np.mean(grid.minutes)))
        caps = limits.max_shifts
        self.caps = np.array([caps.get(s, len(dates)) for s in grid.types], dtype=float)
        self.grid = grid
        # What one more minute, weekend, shift of a type costs, and their first steps.
        self.warm = warm is not None and warm[0] == tuple(grid.types)
        _, minute, shift, weekend = warm if self.warm else (None, 0.0, None, 0.0)
        shift = np.zeros(len(grid.types)) if shift is None else shift
        smaller = WARM_STEP if self.warm else 1
        self.minute = _Multiplier(minute, per_minute / smaller, None)
        self.weekend = _Multiplier(weekend, unit / smaller, 0.0)
        self.shift = [_Multiplier(float(price), unit / smaller, 0.0) for price in shift]

    def multipliers(self) -> tuple:
        """What a later call starts from (see `best_response`'s memo)."""
        shift = np.array([m.value for m in self.shift])
        return tuple(self.grid.types), self.minute.value, shift, self.weekend.value

    def priced(self) -> _Prices:
        """The values of the (day, type) cells less the multipliers' prices."""
        grid = self.grid
        shift = np.array([m.value for m in self.shift])
        value = grid.value - self.minute.value * grid.minutes[None, :] - shift[None, :]
        return _Prices(value, self.weekend.value, self.saturday, self.sunday)

    def given_back(self) -> float:
        """The multipliers times the counted rules' limits: what a roster that keeps them
        may count at most, priced (the least minutes where the minute's price is below
        zero). A rule without a limit is bounded by the horizon."""
        limits, days = self.limits, len(self.saturday)
        minute = self.minute.value
        if minute > 0:
            most = limits.max_minutes
            given = minute * (days * float(self.grid.minutes.max()) if most is None else most)
        else:
            given = minute * (limits.min_minutes or 0)
        weekends = limits.max_weekends
        if weekends is None:
            weekends = int(self.saturday.sum() + self.sunday.sum())
        given += self.weekend.value * weekends
        return given + float(
            sum(m.value * cap for m, cap in zip(self.shift, self.caps, strict=True))
        )

    def measures(self, path: list[tuple[int, int]]) -> tuple[float, np.ndarray, int]:
        minutes = float(sum(self.grid.minutes[t] for _, t in path))
        counts = np.zeros(len(self.grid.types))
        for _, t in path:
            counts[t] += 1
        worked = {d for d, _ in path}
        weekends = sum(1 for d in worked if self.opens_weekend(d, worked))
        return minutes, counts, weekends

    def opens_weekend(self, d: int, worked) -> bool:
        """Whether working day `d` opens a weekend (`worked`: the days worked): a Saturday
        does, and a Sunday after a Saturday off or on the first day."""
        return bool(self.saturday[d] or (self.sunday[d] and (d == 0 or d - 1 not in worked)))

    def kept(self, path: list[tuple[int, int]]) -> bool:
        return bool(self.keeps(*self.measures(path)))

    def keeps(self, minutes, shifts, weekends):
        """Whether totals keep every counted rule: scalars (and one count per type) for one
        roster, or arrays over rosters (and a row of counts each), giving an array."""
        limits = self.limits
        ok = np.all(shifts <= self.caps, axis=-1)
        if limits.min_minutes is not None:
            ok &= minutes >= limits.min_minutes
        if limits.max_minutes is not None:
            ok &= minutes <= limits.max_minutes
        if limits.max_weekends is not None:
            ok &= weekends <= limits.max_weekends
        return ok

    def move(self, path: list[tuple[int, int]]) -> bool:
        """Move the multipliers of the rules `path` breaks (or keeps with room, where their
        multiplier is not zero); whether any moved."""
        minutes, counts, weekends = self.measures(path)
        limits = self.limits
        moves: list[tuple[_Multiplier, int]] = []
        if limits.max_minutes is not None and minutes > limits.max_minutes:
            moves.append((self.minute, 1))
        elif limits.min_minutes is not None and minutes < limits.min_minutes:
            moves.append((self.minute, -1))
        elif self.minute.value != 0.0:
            moves.append((self.minute, -1 if self.minute.value > 0 else 1))
        if limits.max_weekends is not None:
            over = weekends > limits.max_weekends
            if over or self.weekend.value > 0:
                moves.append((self.weekend, 1 if over else -1))
        for t, multiplier in enumerate(self.shift):
            over = counts[t] > self.caps[t]
            if over or multiplier.value > 0:
                moves.append((multiplier, 1 if over else -1))
        for multiplier, direction in moves:
            multiplier.move(direction)
        return bool(moves)


class _Prices(NamedTuple):
    """The priced values of one solve: each (day, type), and a weekend's price."""

    value: np.ndarray
    weekend: float
    saturday: np.ndarray
    sunday: np.ndarray


def _solve(grid: _Grid, limits, prices: _Prices) -> tuple[list[tuple[int, int]] | None, float]:
    """The path (day, type) of most priced value under the run rules and successions
    (None if none), and that value.

    States at the end of a day: off for 1..o days (o the shortest rest allowed, the last
    state meaning o or more), or working with type t on the r-th day of a run (1..c). A
    run that contains the first day is exempt from the shortest lengths: it has states of
    its own (one for off, c per type for working); so is one that reaches the last day,
    since every state may end the horizon. The days are swept by `_sweep`, compiled."""
    c = max(1, limits.max_consecutive_days)
    shortest_work = max(1, limits.min_consecutive_days)
    o = max(1, limits.min_consecutive_days_off)
    swept = _compiled_sweep()(
        np.ascontiguousarray(prices.value, dtype=np.float64),
        np.ascontiguousarray(grid.follows, dtype=np.float64),
        float(prices.weekend),
        np.ascontiguousarray(prices.saturday, dtype=np.bool_),
        np.ascontiguousarray(prices.sunday, dtype=np.bool_),
        c,
        shortest_work,
        o,
    )
    off, work, first_off, first_work = swept[:4]
    best = max(float(np.max(off)), float(np.max(work)), float(first_off))
    best = max(best, float(np.max(first_work)))
    return _trace(_Back(*swept[4:]), off, work, first_off, first_work, o), best


class _Back(NamedTuple):
    """How each state of each day was reached (arrays indexed by day first)."""

    off_from: np.ndarray  # (days, o): 0 from off, 1 from work, 2 from first work, 3 stayed
    end_from: np.ndarray  # (days, 2): the (type, run day) a run ended in
    first_end: np.ndarray  # (days, 2): the same for the first run
    start_from: np.ndarray  # (days,): 0 a run began after a rest, 1 after the first run off
    cont_from: np.ndarray  # (days, types, c - 1): the type of the day before
    first_cont_from: np.ndarray  # the same within the first run


@functools.cache
def _compiled_sweep():
    """`_sweep` compiled by numba (cached on disk): a year-long sweep in Python and numpy
    took 17 ms, compiled 0.9 ms (BENCHMARKS.md, "Thirteenth session"). Compiled on first
    use, so that numba is imported only by the solves that need it."""
    from numba import njit

    return njit(cache=True)(_sweep)


def _sweep(value, follows, weekend, saturday, sunday, c, shortest_work, o):
    """The dynamic program's forward sweep (see `_solve`): the states' values at the end of
    the last day (off, work, first off, first work) and how each day's states were reached.
    Ties go to the first state in order, as numpy's argmax would."""
    days, count = value.shape
    off_from = np.zeros((days, o), dtype=np.int64)
    end_from = np.zeros((days, 2), dtype=np.int64)
    first_end = np.zeros((days, 2), dtype=np.int64)
    start_from = np.zeros(days, dtype=np.int64)
    cont_from = np.zeros((days, count, max(1, c - 1)), dtype=np.int64)
    first_cont_from = np.zeros((days, count, max(1, c - 1)), dtype=np.int64)
    off = np.full(o, _NONE)
    work = np.full((count, c), _NONE)
    first_off = _NONE
    first_work = np.full((count, c), _NONE)
    for d in range(days):
        sunday_after_off = weekend if sunday[d] else 0.0
        weekend_day = weekend if saturday[d] else 0.0
        if d == 0:
            first_off = 0.0
            for t in range(count):
                first_work[t, 0] = value[0, t] - (weekend_day + sunday_after_off)
            continue
        # Off today: from off (one day longer), or from a run of work that may end.
        end_value, end_t, end_r = _NONE, 0, 0
        if c >= shortest_work:
            end_value, end_t, end_r = work[0, shortest_work - 1], 0, shortest_work - 1
            for t in range(count):
                for r in range(shortest_work - 1, c):
                    if work[t, r] > end_value:
                        end_value, end_t, end_r = work[t, r], t, r
        first_value, first_t, first_r = first_work[0, 0], 0, 0
        for t in range(count):
            for r in range(c):
                if first_work[t, r] > first_value:
                    first_value, first_t, first_r = first_work[t, r], t, r
        end_from[d, 0], end_from[d, 1] = end_t, end_r
        first_end[d, 0], first_end[d, 1] = first_t, first_r
        new_off = np.full(o, _NONE)
        if end_value >= first_value:
            new_off[0], off_from[d, 0] = end_value, 1
        else:
            new_off[0], off_from[d, 0] = first_value, 2
        if o > 1:
            for r in range(1, o):
                new_off[r] = off[r - 1]
            if off[o - 1] > new_off[o - 1]:
                new_off[o - 1], off_from[d, o - 1] = off[o - 1], 3
        elif off[0] > new_off[0]:
            new_off[0], off_from[d, 0] = off[0], 3
        # Work today: a new run after a long enough rest (or the first run off), or the
        # next day of a run whose last type this one may follow.
        start_value = off[o - 1]
        if first_off > start_value:
            start_value, start_from[d] = first_off, 1
        new_work = np.full((count, c), _NONE)
        new_first_work = np.full((count, c), _NONE)
        for b in range(count):
            # Sunday after an off Saturday opens a weekend; Saturday always does.
            new_work[b, 0] = start_value + value[d, b] - weekend_day - sunday_after_off
            for r in range(c - 1):
                best, best_a = work[0, r] + follows[0, b], 0
                first_best, first_a = first_work[0, r] + follows[0, b], 0
                for a in range(1, count):
                    here = work[a, r] + follows[a, b]
                    if here > best:
                        best, best_a = here, a
                    here = first_work[a, r] + follows[a, b]
                    if here > first_best:
                        first_best, first_a = here, a
                new_work[b, r + 1] = best + value[d, b] - weekend_day
                new_first_work[b, r + 1] = first_best + value[d, b] - weekend_day
                cont_from[d, b, r] = best_a
                first_cont_from[d, b, r] = first_a
        off = np.maximum(new_off, _NONE)
        work = np.maximum(new_work, _NONE)
        first_work = np.maximum(new_first_work, _NONE)
    return (
        off,
        work,
        first_off,
        first_work,
        off_from,
        end_from,
        first_end,
        start_from,
        cont_from,
        first_cont_from,
    )


def _trace(back: _Back, off, work, first_off, first_work, o) -> list[tuple[int, int]] | None:
    """The path back from the best state of the last day."""
    finals = [
        (float(np.max(off)), ("off", int(np.argmax(off)))),
        (float(np.max(work)), ("work", np.unravel_index(np.argmax(work), work.shape))),
        (float(first_off), ("first_off", 0)),
        (
            float(np.max(first_work)),
            ("first_work", np.unravel_index(np.argmax(first_work), first_work.shape)),
        ),
    ]
    worth, state = max(finals, key=lambda f: f[0])
    if worth <= _NONE / 2:
        return None
    path: list[tuple[int, int]] = []
    for d in range(len(back.start_from) - 1, -1, -1):
        kind, where = state
        if kind == "first_off":
            continue  # off from the first day to this one
        if kind == "first_work":
            t, r = int(where[0]), int(where[1])
            path.append((d, t))
            if r == 0:
                state = ("first_off", 0)  # the run began on the first day
                continue
            state = ("first_work", (int(back.first_cont_from[d, t, r - 1]), r - 1))
            continue
        if kind == "work":
            t, r = int(where[0]), int(where[1])
            path.append((d, t))
            if r == 0:
                came = back.start_from[d]
                state = ("off", o - 1) if came == 0 else ("first_off", 0)
                continue
            state = ("work", (int(back.cont_from[d, t, r - 1]), r - 1))
            continue
        # off, day r+1 of a rest
        r = int(where)
        came = back.off_from[d, r]
        if r > 0 and came == 0:
            state = ("off", r - 1)
        elif came == 3:
            state = ("off", o - 1)
        elif came == 1:
            state = ("work", (int(back.end_from[d, 0]), int(back.end_from[d, 1])))
        else:
            state = ("first_work", (int(back.first_end[d, 0]), int(back.first_end[d, 1])))
    path.reverse()
    return path
