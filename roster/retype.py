"""Re-typing, day by day: who works stays, what they work is matched to the demand.

A start roster built person by person (`roster.start`) fixes each person's duties before
the people after them are known, so over a long horizon many days end with some shifts
overstaffed and others short (a 60 s roster of Curtois Instance22, whose shifts are all
eight hours long, still had 2,488 heads short and 3,474 extra over the year). Here each
day in turn keeps who works and re-chooses, for everyone working one duty that day, which
shift and post they take: a minimum-cost flow from those people to the day's slots, where
a head that covers an open one saves its under-staffing weight, an extra head costs its
over-staffing weight (where the slot allows extra heads at all), and shift requests
count. A person may only take a duty of the same length as their own (their minutes,
rolling hours and runs stay as they are), within their per-type caps, allowed after the
day before and before the day after. People whose changed roster breaks a hard rule
anyway (`roster.validate.person_violations`) get their own back.

Only for models whose soft terms are coverage and shift requests alone: any other goal
(fairness, continuity, home) would be moved blind.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from ortools.graph.python import min_cost_flow

from roster.domain import Assignment, Problem
from roster.model.builder import BuiltModel
from roster.pattern import Types
from roster.validate import person_violations

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)
_DAY = timedelta(days=1)
# The soft terms a re-typing prices itself: coverage and shift wishes.
PRICED_RULES = ("unfilled", "overstaffing", "request.shift", "request.avoid", "request.day_off")
MAX_PASSES = 20  # passes over the horizon; each stops the loop if it changes nothing


def retypable(built: BuiltModel) -> bool:
    """Whether every soft term of the model is one that re-typing prices."""
    return all(term.rule in PRICED_RULES for term in built.terms)


def retype_by_day(problem: Problem, built: BuiltModel, values: dict, deadline: float) -> dict:
    """`values` (for `built.v.x`) with each day's duties re-matched to its slots; passes
    over the horizon repeat while they gain, until `deadline` (checked day by day). The
    roster's worked days, lengths and every hard rule are kept."""
    started = time.monotonic()
    day_plan = _DayPlan(problem, built, values)
    passes = gained = 0
    while passes < MAX_PASSES and time.monotonic() < deadline:
        passes += 1
        # Forwards, then backwards: a change can open the way for one the day before.
        dates = problem.horizon.dates if passes % 2 else reversed(problem.horizon.dates)
        gain = sum(day_plan.rematch(day) for day in dates if time.monotonic() < deadline)
        gained += gain
        if gain <= 0:
            break
    chosen, restored = day_plan.checked()
    log.info(
        "re-typing: %d passes, %d saved before the check, %d people restored, %.2fs",
        passes,
        gained,
        restored,
        time.monotonic() - started,
    )
    return {key: key in chosen for key in built.v.x}


class _DayPlan:
    """The roster as each person's duties per day, with the day's staffing per slot."""

    def __init__(self, problem: Problem, built: BuiltModel, values: dict) -> None:
        self.problem, self.built = problem, built
        self.shifts = problem.org.shifts
        self.days = len(problem.horizon.dates)
        self.chosen: dict[tuple[str, date], list[Key]] = {}
        for key, on in values.items():
            if on:
                self.chosen.setdefault((key[0], key[1]), []).append(key)
        self.original = {pd: list(keys) for pd, keys in self.chosen.items()}
        self.locked = {(a.person, a.date) for a in problem.all_locks()}
        self.types = {p: Types(problem, p) for p in problem.org.people}
        self.used = {p: Counter() for p in problem.org.people}
        for (person, _), keys in self.chosen.items():
            self.used[person].update(k[2] for k in keys)
        self.wish = wish_costs(problem, built)

    def _under(self, slot) -> int:
        return slot.under_cost(self.built.ctx.weights.unfilled)

    def _fits(self, person: str, day: date, key: Key) -> bool:
        types = self.types[person]
        before = self.chosen.get((person, day - _DAY), ())
        after = self.chosen.get((person, day + _DAY), ())
        return all(types.fits_next(b[2], key[2]) for b in before) and all(
            types.fits_next(key[2], a[2]) for a in after
        )

    def _options(self, person: str, day: date, current: Key) -> list[Key]:
        """The keys `person` may take on `day` instead of `current`, `current` first."""
        types, used = self.types[person], self.used[person]
        minutes = self.shifts[current[2]].minutes
        out = [current]
        for key in self.built.v.by_person_day.get((person, day), ()):
            if key == current or self.shifts[key[2]].minutes != minutes:
                continue
            if key[2] != current[2] and used[key[2]] >= types.caps.get(key[2], self.days):
                continue
            if self._fits(person, day, key):
                out.append(key)
        return out

    def rematch(self, day: date) -> int:
        """Re-match the day's single duties to its slots; the cost saved (0 if none)."""
        movers: dict[str, list[Key]] = {}
        staffed: Counter = Counter()  # heads on each slot from duties that do not move
        for person in self.problem.org.people:
            keys = self.chosen.get((person, day), ())
            if len(keys) == 1 and (person, day) not in self.locked:
                options = self._options(person, day, keys[0])
                if len(options) > 1:
                    movers[person] = options
                    continue
            staffed.update(k[1:] for k in keys)
        if not movers:
            return 0
        slots = sorted({k[1:] for options in movers.values() for k in options})
        return self._flow(day, movers, slots, staffed)

    def _flow(self, day: date, movers: dict[str, list[Key]], slots: list, staffed: Counter) -> int:
        """Move the movers to the keys of a minimum-cost flow, if it costs less; the saving."""
        people = sorted(movers)
        node_of_slot = {s: 1 + len(people) + i for i, s in enumerate(slots)}
        sink = 1 + len(people) + len(slots)
        wish_top = max((abs(self.wish.get(k, 0)) for o in movers.values() for k in o), default=0)
        weights = [self.built.v.slots[s] for s in slots]
        top = max(max(self._under(w), w.over_weight or 0) for w in weights)
        starts, ends, caps, costs = [], [], [], []
        arcs_of: dict[str, list[tuple[int, Key]]] = {}

        def arc(tail: int, head: int, cap: int, cost: int) -> int:
            starts.append(tail), ends.append(head), caps.append(cap), costs.append(cost)
            return len(starts) - 1

        for i, person in enumerate(people, start=1):
            arc(0, i, 1, 0)
            arcs_of[person] = [
                (arc(i, node_of_slot[k[1:]], 1, wish_top + self.wish.get(k, 0)), k)
                for k in movers[person]
            ]
        for slot, weight in zip(slots, weights, strict=True):
            node = node_of_slot[slot]
            open_heads = max(0, weight.count - staffed[slot])
            if open_heads:
                arc(node, sink, open_heads, top - self._under(weight))
            if weight.over_weight is not None:  # None: no more people than the count
                arc(node, sink, len(people), top + weight.over_weight)
        flow = min_cost_flow.SimpleMinCostFlow()
        for tail, head, cap, cost in zip(starts, ends, caps, costs, strict=True):
            flow.add_arc_with_capacity_and_unit_cost(tail, head, cap, cost)
        flow.set_node_supply(0, len(people))
        flow.set_node_supply(sink, -len(people))
        if flow.solve() != flow.OPTIMAL:
            return 0
        current = self._cost(slots, {p: movers[p][0] for p in people}, staffed)
        picked = {p: next(k for a, k in arcs_of[p] if flow.flow(a)) for p in people}
        saved = current - self._cost(slots, picked, staffed)
        if saved <= 0:
            return 0
        for person, key in picked.items():
            old = self.chosen[(person, day)][0]
            if key != old:
                self.used[person][old[2]] -= 1
                self.used[person][key[2]] += 1
                self.chosen[(person, day)] = [key]
        return saved

    def _cost(self, slots: list, picked: dict[str, Key], staffed: Counter) -> int:
        """The coverage cost of the slots the movers may take, and the movers' wishes."""
        heads = Counter(staffed)
        heads.update(k[1:] for k in picked.values())
        cost = sum(self.wish.get(k, 0) for k in picked.values())
        for slot in slots:
            weight = self.built.v.slots[slot]
            short = max(0, weight.count - heads[slot])
            extra = max(0, heads[slot] - weight.count)
            cost += short * self._under(weight) + extra * (weight.over_weight or 0)
        return cost

    def checked(self) -> tuple[set[Key], int]:
        """Every chosen key, where a person whose roster now breaks a hard rule gets theirs
        back, and how many did."""
        by_person: dict[str, list[Key]] = {}
        before: dict[str, list[Key]] = {}
        for (person, _), keys in self.chosen.items():
            by_person.setdefault(person, []).extend(keys)
        for (person, _), keys in self.original.items():
            before.setdefault(person, []).extend(keys)
        restored = 0
        for person in sorted(p for p in by_person if sorted(by_person[p]) != sorted(before[p])):
            roster = [Assignment(k[1], k[2], k[3], k[0]) for k in by_person[person]]
            if person_violations(self.problem, person, roster):
                log.debug("re-typing: %s keeps the roster from before", person)
                restored += 1
                by_person[person] = before[person]
        return {key for keys in by_person.values() for key in keys}, restored


def wish_costs(problem: Problem, built: BuiltModel) -> dict[Key, int]:
    """Key -> the cost its shift wishes add when it is taken (negative: a wish met)."""
    wish: dict[Key, int] = {}
    weight = problem.org.weights.request
    for req in problem.org.requests:
        if req.kind not in ("shift", "avoid"):
            continue  # a day-off wish is about the day, which re-typing keeps
        sign = -1 if req.kind == "shift" else 1
        for key in _keys_of(built, req.person, req.date, req.shift):
            wish[key] = wish.get(key, 0) + sign * weight * req.weight
    return wish


class RequestCosts:
    """What a person's own requests cost for a set of their keys, as `roster.rules.requests`
    prices them: shift wishes by key (`wish_costs`), day-off wishes by day worked, and a
    wished shift's cost unless it is worked."""

    def __init__(self, problem: Problem, built: BuiltModel) -> None:
        self._wish = wish_costs(problem, built)
        self._day_off: dict[str, dict[date, int]] = {}
        self._constant: dict[str, int] = {}
        org, horizon, weight = problem.org, problem.horizon, built.ctx.weights.request
        for req in org.requests:
            if not horizon.contains(req.date) or req.person not in org.people:
                continue
            cost = weight * req.weight
            if req.kind == "day_off":
                days = self._day_off.setdefault(req.person, {})
                days[req.date] = days.get(req.date, 0) + cost
            elif req.kind == "shift":  # a wish not met costs it; a met one gives it back
                self._constant[req.person] = self._constant.get(req.person, 0) + cost

    def charge(self, person: str, key: Key) -> int:
        """What taking `key` adds to the person's requests' cost (negative: a wish met):
        `of(person, (key,)) - of(person, ())`, without building either."""
        return self._wish.get(key, 0) + self._day_off.get(person, {}).get(key[1], 0)

    def constant(self, person: str) -> int:
        """What the person's requests cost in a roster of no duties: `of(person, ())`."""
        return self._constant.get(person, 0)

    def of(self, person: str, keys: Iterable[Key]) -> int:
        keys = list(keys)
        days_off = self._day_off.get(person, {})
        worked = {key[1] for key in keys}
        return (
            self._constant.get(person, 0)
            + sum(self._wish.get(key, 0) for key in keys)
            + sum(days_off.get(day, 0) for day in worked)
        )


def _keys_of(built: BuiltModel, person: str, day: date, shift: str) -> Iterable[Key]:
    return (k for k in built.v.by_person_day.get((person, day), ()) if k[2] == shift)
