"""One person's roster by dynamic programming over days: a fast, checked hint.

Over a long horizon, CP-SAT can take many seconds to find any roster for one person whose
runs, days off, weekends and total minutes leave little slack (a year of the Curtois & Qu
instances). Those rules only ask which days are worked, so a dynamic program over the
days finds a working pattern that keeps them, exactly: its state is the current run
(working or off, and its length), the weekends worked so far and whether Saturday was
worked, and it carries the set of worked-day counts each state can reach (as bits of an
int). A count that can meet the minutes window is chosen and its pattern traced back. With
gains (the open heads a shift would cover), the count and its shift lengths follow the
lengths that pay (two ways of fitting them to the window are tried, and the roster of more
gain kept), as many weekends are worked as have a paying day, and each run of worked days
gets the types of most gain together (a path through the run, where a type may follow the
one before); without, the roomiest length is taken. Shift types are otherwise given day
by day (no forbidden succession or rest conflict with the day before, within each type's
cap, the length the count needs). The minutes are evened out by changing types, and the
roster is checked by `roster.validate.person_violations`. It is returned only if it breaks
no hard rule; otherwise the caller falls back on the solver.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from roster.domain import Assignment, Limits, Problem
from roster.rules.rest import blocked
from roster.validate import person_violations

Key = tuple  # (person, date, shift, post)
Run = tuple  # ("S",) before the first day, or (kind "W"/"O", length, first run of the horizon)
START: Run = ("S",)
_DAY = timedelta(days=1)
# A path's cost sums, per day, a spent quota, then the gain, then the forbidden followers,
# each scaled past the largest sum of the next over a run of days.
_FOLLOWER_SCALE = 10_000
_GAIN_SCALE = 10**12


def pattern_roster(
    problem: Problem,
    person_id: str,
    keys: Iterable[Key],
    gain: Callable[[Key], int] | None = None,
) -> list[Key] | None:
    """Keys (person, date, shift, post) forming a roster of `person_id` that breaks no hard
    rule, or None if this method finds none. `keys` are the person's possible assignments
    (their model's variables); among equally fitting shifts, those with the larger `gain`
    are taken.
    """
    # Asked again and again below; its values hold for this call.
    gain = _no_gain if gain is None else _remembered(gain)
    person = problem.org.people[person_id]
    dates = list(problem.horizon.dates)
    keys_on: dict[date, list[Key]] = {day: [] for day in dates}
    for key in keys:
        keys_on[key[1]].append(key)
    forced = {a.date for a in problem.all_locks() if a.person == person_id}
    capacity = _capacity(problem, person_id, keys_on)
    if not capacity:
        return None
    initial = _initial_state(_trailing_run(problem, person_id))
    counter = _Counts(len(dates), person.limits)
    layers = _layers(dates, keys_on, forced, person.limits, initial, counter)
    types = Types(problem, person_id)
    # Days where a shift would pay (cover an open head, say) are worked where the rules
    # allow, and paying shifts taken, unless that leads to no roster: then neither.
    paying = {day for day, on in keys_on.items() if any(gain(k) > 0 for k in on)}
    attempts = [(paying, gain)]
    if paying or gain is not _no_gain:
        attempts.append((set(), _no_gain))
    for days_that_pay, shift_gain in attempts:
        mixes = []
        if days_that_pay:
            lengths = _paying_lengths(types, keys_on, shift_gain)
            for even in (False, True):
                mix = _paying_mix(layers[-1], counter, person.limits, capacity, lengths, even)
                if mix[0] is not None and mix not in mixes:
                    mixes.append(mix)
        if not mixes:
            mix = _choose_count(layers[-1], counter, person.limits, capacity, len(days_that_pay))
            if mix[0] is None:
                return None
            mixes.append(mix)
        found = []
        for count, quota in mixes:
            worked = _trace(dates, layers, initial, person.limits, counter, count, days_that_pay)
            # With gains, each run of worked days is first given the types of most gain as a
            # whole; day by day, today's best shift can bar tomorrow's paying ones.
            for whole_runs in (True, False) if days_that_pay else (False,):
                chosen = _types(types, dates, worked, keys_on, quota, shift_gain, whole_runs)
                if chosen is None:
                    continue
                _even_minutes(types, chosen, keys_on)
                picked = list(chosen.values())
                roster = [Assignment(k[1], k[2], k[3], k[0]) for k in picked]
                if not person_violations(problem, person_id, roster):
                    found.append(picked)
                    break
        if found:
            return max(found, key=lambda picked: sum(shift_gain(k) for k in picked))
    return None


def _no_gain(key: Key) -> int:
    return 0


def _remembered(gain: Callable[[Key], int]) -> Callable[[Key], int]:
    memo: dict[Key, int] = {}

    def remembered(key: Key) -> int:
        found = memo.get(key)
        if found is None:
            found = memo[key] = gain(key)
        return found

    return remembered


# --------------------------------------------------------------------------- working days


def _step(run: Run, worked: bool, limits: Limits) -> Run | None:
    """The run after one more day, or None if the day would break a run rule.

    Runs that contain the first horizon day are exempt from the minimum lengths (days
    before the horizon may complete them), as are runs reaching the last (every state
    may end the horizon).
    """
    if run == START:
        return ("W", 1, True) if worked else ("O", 1, True)
    kind, length, first = run
    if kind == "W":
        if worked:
            return ("W", length + 1, first) if length < limits.max_consecutive_days else None
        if length < limits.min_consecutive_days and not first:
            return None
        return ("O", 1, False)
    if not worked:
        return ("O", min(length + 1, limits.min_consecutive_days_off), first)
    if length < limits.min_consecutive_days_off and not first:
        return None
    return ("W", 1, False)


State = tuple  # (run, Saturday worked)


class _Counts:
    """A layer's reachable (worked days, weekends worked) pairs as the bits of an int:
    bit `days + stride * weekends`. Working a day adds 1, a first day of a weekend adds
    `stride` more; pairs past the weekend cap are masked off."""

    def __init__(self, days: int, limits: Limits) -> None:
        self.stride = days + 1
        self.cap = limits.max_weekends
        self.mask = (1 << self.stride * (self.cap + 1)) - 1 if self.cap is not None else None

    def step(self, saturday: bool, day: date, worked: bool) -> tuple[int, bool]:
        """(bits to shift by, Saturday worked after the day)."""
        if not worked:
            return 0, False if day.weekday() == 6 else saturday and day.weekday() != 5
        if self.cap is None:
            return 1, False
        if day.weekday() == 5:
            return 1 + self.stride, True
        if day.weekday() == 6:
            return 1 + (0 if saturday else self.stride), False
        return 1, False

    def days(self, bits: int) -> int:
        """The worked-day counts of `bits`, whatever the weekends."""
        out, low = 0, (1 << self.stride) - 1
        while bits:
            out |= bits & low
            bits >>= self.stride
        return out


def _initial_state(trailing: int) -> State:
    """Before the first day: a run carried over from the history, or none."""
    return (("W", trailing, True) if trailing else START, False)


def _layers(
    dates: list[date],
    keys_on: dict,
    forced: set[date],
    limits: Limits,
    initial: State,
    counts: _Counts,
) -> list[dict[State, int]]:
    """For each day, state -> the (worked days, weekends) pairs reachable at its end."""
    if initial[0] != START and initial[0][1] > limits.max_consecutive_days:
        return [{} for _ in dates]
    layer: dict[State, int] = {initial: 1}
    layers = []
    for day in dates:
        options = [False, True] if keys_on[day] else [False]
        if day in forced:
            options = [True] if keys_on[day] else []
        following: dict[State, int] = {}
        for (run, saturday), bits in layer.items():
            for worked in options:
                after = _step(run, worked, limits)
                if after is None:
                    continue
                shift, flag = counts.step(saturday, day, worked)
                moved = bits << shift
                if counts.mask is not None:
                    moved &= counts.mask
                if moved:
                    key = (after, flag)
                    following[key] = following.get(key, 0) | moved
        layer = following
        layers.append(layer)
    return layers


def _trailing_run(problem: Problem, person_id: str) -> int:
    """Working days in a row from the history up to the day before the horizon."""
    days = {a.date for a in problem.history if a.person == person_id}
    day, run = problem.horizon.start - _DAY, 0
    while day in days:
        run, day = run + 1, day - _DAY
    return run


def _capacity(problem: Problem, person_id: str, keys_on: dict) -> dict[int, int]:
    """Shift length -> how many of the person's shifts may have it (the caps of its types)."""
    org = problem.org
    caps = org.people[person_id].limits.max_shifts
    days = len(keys_on)
    types = {k[2] for keys in keys_on.values() for k in keys}
    out: dict[int, int] = {}
    for shift in types:
        length = org.shifts[shift].minutes
        out[length] = min(days, out.get(length, 0) + caps.get(shift, days))
    return out


def _choose_count(
    last: dict[State, int],
    counter: _Counts,
    limits: Limits,
    capacity: dict[int, int],
    wanted: int,
) -> tuple[int | None, dict[int, int]]:
    """A reachable count of worked days and how many shifts of each length put its minutes
    in the window within the caps: one length if one suffices (the roomiest length first,
    then the count nearest `wanted`), else two. (None, {}) if no count can."""
    counts = sorted(_reachable(last, counter), key=lambda n: (abs(n - wanted), n))
    low, high = limits.min_minutes or 0, limits.max_minutes

    def fits(minutes: int) -> bool:
        return low <= minutes and (high is None or minutes <= high)

    roomiest = sorted(capacity, key=lambda length: (-capacity[length], length))
    for length in roomiest:
        for count in counts:
            if count <= capacity[length] and fits(count * length):
                return count, {length: count}
    for count in counts:
        for short in sorted(capacity):
            for long in sorted(capacity):
                if long <= short:
                    continue
                for many in range(min(count, capacity[long]) + 1):
                    if count - many <= capacity[short] and fits(
                        (count - many) * short + many * long
                    ):
                        return count, {short: count - many, long: many}
    return None, {}


def _reachable(last: dict[State, int], counter: _Counts) -> list[int]:
    """The counts of worked days some pattern reaches by the end of the horizon."""
    reachable = 0
    for bits in last.values():
        reachable |= counter.days(bits)
    return [n for n in range(reachable.bit_length()) if reachable >> n & 1]


def _paying_lengths(types: Types, keys_on: dict, gain: Callable[[Key], int]) -> dict[int, int]:
    """Shift length -> the days on which a shift of that length pays."""
    out: dict[int, int] = {}
    for keys in keys_on.values():
        for length in {types.shifts[k[2]].minutes for k in keys if gain(k) > 0}:
            out[length] = out.get(length, 0) + 1
    return out


def _paying_mix(
    last: dict[State, int],
    counter: _Counts,
    limits: Limits,
    capacity: dict[int, int],
    paying: dict[int, int],
    even: bool = False,
) -> tuple[int | None, dict[int, int]]:
    """A count of worked days and shifts per length that take the paying shifts of every
    length (where the caps allow), then meet the minutes window: the longest shifts are
    dropped first while over it (the fewest paying shifts lost), and the longest unpaid
    ones added while short of it (the fewest extra shifts). (None, {}) if that misses the
    window or no pattern works that many days; the caller then chooses as without gains.

    Taking every day that pays at the roomiest length would leave the longer shifts to
    nobody: one person after another would fill the short ones and overstaff them.

    `even`: where the paying shifts far exceed the days or the window, every length is
    first cut in proportion to its paying days, so that no length is dropped whole. With
    lengths of 8, 10 and 12 hours that all pay on most days (Instance23 and Instance24 of
    the Curtois & Qu benchmark), dropping the longest first left the 12-hour shifts
    1,709 heads short. The caller tries both and keeps the roster of more gain.
    """
    counts = set(_reachable(last, counter))
    if not counts:
        return None, {}
    most, low, high = max(counts), limits.min_minutes or 0, limits.max_minutes
    mix = {length: min(paying.get(length, 0), capacity[length]) for length in capacity}
    longest_first = sorted(capacity, reverse=True)
    minutes = sum(length * n for length, n in mix.items())
    if even:
        scale = min(
            most / max(1, sum(mix.values())),
            (high / minutes) if high is not None and minutes else 1.0,
        )
        if scale < 1:
            mix = {length: int(n * scale) for length, n in mix.items()}
            minutes = sum(length * n for length, n in mix.items())
    while sum(mix.values()) > most or (high is not None and minutes > high):
        length = next(length for length in longest_first if mix[length] > 0)
        mix[length] -= 1
        minutes -= length
    while minutes < low:
        length = next((n for n in longest_first if mix[n] < capacity[n]), None)
        if length is None or sum(mix.values()) >= most:
            return None, {}
        mix[length] += 1
        minutes += length
    count = sum(mix.values())
    if (high is not None and minutes > high) or count not in counts:
        return None, {}
    return count, {length: n for length, n in mix.items() if n}


def _trace(
    dates: list[date],
    layers: list[dict[State, int]],
    initial: State,
    limits: Limits,
    counter: _Counts,
    count: int,
    paying: set[date],
) -> set[date]:
    """The worked days of one pattern ending with `count` worked days: a paying day is
    worked, and another is not, wherever the pattern may choose."""
    # The end state too: one that worked the last day if it pays, else one that did not;
    # then as many weekends worked as have a paying day (within the cap; tracing from the
    # fewest weekends that reach the count left paying weekends unworked: Instance22 of the
    # Curtois & Qu benchmark went 2,161 heads short on weekends); and of those the one
    # whose run agrees best with the paying days it spans.
    last_worked = dates[-1] in paying
    end = len(dates) - 1
    paying_weekends = len({day.isocalendar()[:2] for day in paying if day.weekday() >= 5})
    index, state = min(
        (
            (
                (s[0][0] == "W") != last_worked,
                abs(w - paying_weekends),
                -_agreement(s[0], end, dates, paying),
                count + counter.stride * w,
                s,
            )
            for s, bits in layers[-1].items()
            for w in range((counter.cap or 0) + 1)
            if bits >> (count + counter.stride * w) & 1
        ),
        key=lambda option: option[:3],
    )[3:]
    worked: set[date] = set()
    for position in range(len(dates) - 1, -1, -1):
        day = dates[position]
        if position:
            # A state that worked the day before if that day pays, else one that did not;
            # of those, the one whose run agrees best with the paying days it spans.
            worked_before = dates[position - 1] in paying
            before = sorted(
                layers[position - 1].items(),
                key=lambda item: (
                    (item[0][0] != START and item[0][0][0] == "W") != worked_before,
                    -_agreement(item[0][0], position - 1, dates, paying),
                ),
            )
        else:
            before = [(initial, 1)]
        found = None
        for label in (True, False) if day in paying else (False, True):
            for (run, saturday), bits in before:
                if _step(run, label, limits) != state[0]:
                    continue
                shift, flag = counter.step(saturday, day, label)
                if flag == state[1] and index >= shift and bits >> (index - shift) & 1:
                    found = ((run, saturday), label, shift)
                    break
            if found:
                break
        assert found is not None, "every reachable state has a predecessor"
        state, label, shift = found
        index -= shift
        if label:
            worked.add(day)
    return worked


def _agreement(run: Run, position: int, dates: list[date], paying: set[date]) -> int:
    """How far a run ending on `dates[position]` agrees with the paying days: each day it
    holds worked (or off) counts 1 if that day pays (or does not), -1 otherwise. An off
    run's length is known only up to the minimum days off, so only those days count."""
    if run == START:
        return 0
    kind, length = run[0], run[1]
    first = max(0, position - length + 1)
    days = dates[first : position + 1]
    if kind == "W":
        return sum(1 if day in paying else -1 for day in days)
    return sum(-1 if day in paying else 1 for day in days)


# --------------------------------------------------------------------------- shift types


class Types:
    """What may follow what for one person: forbidden successions and rest, and caps."""

    def __init__(self, problem: Problem, person_id: str) -> None:
        org = problem.org
        self.person = org.people[person_id]
        self.shifts = org.shifts
        self.forbidden = org.forbidden_successions
        self.followers = {s: sum(1 for a, _ in self.forbidden if a == s) for s in org.shifts}
        self.caps = dict(self.person.limits.max_shifts)
        self._next: dict[tuple[str, str], bool] = {}

    def fits_next(self, before: str, after: str) -> bool:
        """Whether a shift of type `after` may follow one of type `before` the day before
        (remembered per pair: the rules depend on the clock times; a clock change could
        differ, and the roster is checked after)."""
        memo = (before, after)
        found = self._next.get(memo)
        if found is None:
            day = date(2000, 1, 3)
            found = self.fits((self.person.id, day, before), (self.person.id, day + _DAY, after))
            self._next[memo] = found
        return found

    def fits(self, before: Key | None, after: Key | None) -> bool:
        """Whether `after` (a key on the next day) may follow `before`."""
        if before is None or after is None:
            return True
        if (before[2], after[2]) in self.forbidden:
            return False
        _, free_from = blocked(self.person, self.shifts[before[2]], before[1])
        begin, _ = self.shifts[after[2]].interval(after[1])
        return free_from <= begin


def _types(
    types: Types,
    dates: list[date],
    worked: set[date],
    keys_on: dict,
    quota: dict[int, int],
    gain: Callable[[Key], int],
    whole_runs: bool = False,
) -> dict[date, Key] | None:
    """A key for each worked day: allowed after the day before, within caps, of a length
    whose quota is not used up, of the most gain, leaving the next day the most choice.
    Day by day, or (`whole_runs`) the best path through each run of worked days."""
    left = dict(quota)
    used: dict[str, int] = {}
    chosen: dict[date, Key] = {}

    def rank(k: Key) -> tuple:
        """Smaller is better."""
        return (
            left.get(types.shifts[k[2]].minutes, 0) <= 0,
            -gain(k),
            types.followers.get(k[2], 0),
            used.get(k[2], 0) - types.caps.get(k[2], len(dates)),
            k[2],
            k[3],
        )

    def cost(k: Key) -> int:
        """The first three parts of `rank` as one number, to be summed along a path."""
        spent = left.get(types.shifts[k[2]].minutes, 0) <= 0
        return (spent * _GAIN_SCALE - gain(k)) * _FOLLOWER_SCALE + types.followers.get(k[2], 0)

    def take(day: date, key: Key) -> None:
        chosen[day] = key
        used[key[2]] = used.get(key[2], 0) + 1
        length = types.shifts[key[2]].minutes
        left[length] = left.get(length, 0) - 1

    previous: Key | None = None
    run: list[date] = []
    for day in dates:
        if day not in worked:
            previous = None
            continue
        if whole_runs:
            run.append(day)
            if day + _DAY in worked:
                continue
            path = _best_path(types, run, keys_on, used, cost, len(dates))
            if path is None:
                return None
            for on, key in zip(run, path, strict=True):
                take(on, key)
            run = []
            continue
        options = [
            k
            for k in keys_on[day]
            if used.get(k[2], 0) < types.caps.get(k[2], len(dates)) and types.fits(previous, k)
        ]
        if not options:
            return None
        best = min(options, key=rank)
        take(day, best)
        previous = best
    return chosen


def _best_path(
    types: Types,
    run: list[date],
    keys_on: dict,
    used: dict[str, int],
    cost: Callable[[Key], int],
    horizon: int,
) -> list[Key] | None:
    """One key per day of a run of worked days, each allowed after the one before, within
    the caps, of the least total `cost` (Viterbi); None if none. A type the path would take
    past its cap is left out and the path found again."""
    banned: set[str] = set()
    while True:
        score: dict[Key, int] = {}
        back: list[dict[Key, Key]] = []
        for position, day in enumerate(run):
            room = [
                k
                for k in keys_on[day]
                if k[2] not in banned and used.get(k[2], 0) < types.caps.get(k[2], horizon)
            ]
            own = {k: cost(k) for k in room}
            if not position:
                score = own
                continue
            ranked = sorted(score, key=score.__getitem__)
            step_score, step_back = {}, {}
            for key in room:
                before = next((b for b in ranked if types.fits_next(b[2], key[2])), None)
                if before is not None:
                    step_score[key] = score[before] + own[key]
                    step_back[key] = before
            score = step_score
            back.append(step_back)
            if not score:
                return None
        if not score:
            return None
        key = min(score, key=lambda k: (score[k], k[2], k[3]))
        path = [key]
        for step_back in reversed(back):
            key = step_back[key]
            path.append(key)
        path.reverse()
        taken = Counter(k[2] for k in path)
        over = {s for s, n in taken.items() if used.get(s, 0) + n > types.caps.get(s, horizon)}
        if not over:
            return path
        banned |= over


def _even_minutes(types: Types, chosen: dict[date, Key], keys_on: dict) -> None:
    """Change shift types, day by day, until the minutes are inside the window (if they
    can be): a longer one while short, a shorter one while over."""
    limits = types.person.limits
    low, high = limits.min_minutes or 0, limits.max_minutes

    total = sum(types.shifts[k[2]].minutes for k in chosen.values())
    used: dict[str, int] = {}
    for key in chosen.values():
        used[key[2]] = used.get(key[2], 0) + 1
    for day in sorted(chosen):
        if total >= low and (high is None or total <= high):
            return
        current = chosen[day]
        change = types.shifts[current[2]].minutes
        short = total < low
        for other in _by_length(keys_on[day], types, longer=short):
            moved = total + types.shifts[other[2]].minutes - change
            if (
                (moved <= total or (high is not None and moved > high))
                if short
                else (moved >= total or moved < low)
            ):
                continue  # no step towards the window, or past it
            if used.get(other[2], 0) >= types.caps.get(other[2], len(keys_on)):
                continue
            if types.fits(chosen.get(day - _DAY), other) and types.fits(
                other, chosen.get(day + _DAY)
            ):
                used[current[2]] -= 1
                used[other[2]] = used.get(other[2], 0) + 1
                chosen[day] = other
                total = moved
                break


def _by_length(keys: Iterable[Key], types: Types, *, longer: bool) -> list[Key]:
    """The day's keys, longest first when minutes are short, shortest first otherwise."""
    return sorted(keys, key=lambda k: types.shifts[k[2]].minutes, reverse=longer)
