"""Column generation: a lower bound, and a roster chosen among many whole personal rosters.

For models whose people are tied together by coverage alone (`roster.start`: every slot
prices its extra people; `roster.retype.retypable`: the soft terms are coverage and
requests), a roster is one *column* per person: a whole roster of their own that keeps
their own hard rules, with the cost of their own requests. The *master* chooses one column
per person and pays each slot's missing and extra heads.

- Its linear relaxation, over the columns found so far, is solved by GLOP. Its duals put a
  price on each slot: what one more head there is worth.
- For each person, the roster of their own that is cheapest at those prices (the
  *pricing*) is looked for; one that beats the master's price for that person is a new
  column. In the root's rounds each person's best response (`roster.best_response`, a
  dynamic program, milliseconds) comes first, with a bound of its own; CP-SAT prices
  everyone, on the person's own model, only in a round where no best response brings a
  new column (and then only those whose bound leaves room for one), and in the dive.
- Whatever the prices `p` (kept within what a head can save or cost), every roster costs at
  least the sum over slots of `p[slot] * count` plus, for each person, their cheapest roster
  at those prices (a Lagrangian bound). With each pricing's own proven bound in place of
  its roster (the better of the best response's and CP-SAT's), that is a lower bound on
  every roster's objective, proven at every round.
- The prices are smoothed towards those of the best bound so far (Wentges), which keeps
  them from swinging from round to round; before the first bound, towards those the
  start's cover implies (a head is worth most where the start leaves heads missing).
- Then a dive: the assignments the relaxation is surest of are fixed to 1, a batch at a
  time, with a few rounds of pricing after each batch (the pricing keeps the fixings),
  until each person has one column: a roster every hard rule allows.
- At the end, CP-SAT chooses one column per person among all those found, with whole
  heads, hinted with the dive's roster.

Desrosiers and Luebbecke, "A primer in column generation" (2005), describe the method.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from roster.best_response import bounded_response
from roster.domain import Problem
from roster.model.builder import BuiltModel
from roster.retype import RequestCosts
from roster.start import own_model

log = logging.getLogger(__name__)

Key = tuple  # (person, date, shift, post)
SlotKey = tuple  # (date, shift, post)

SCALE = 10_000  # prices are rounded to this fraction of a cost unit in the pricing models
PRICING_SECONDS = 1.0  # the most one person's pricing solve may take
# A round of pricing (every person once) gets at most this share of the time given, and
# building the people's own models at most BUILD_SHARE: past that, no column generation.
ROUND_SHARE = 0.1
BUILD_SHARE = 0.2
EPSILON = 1e-6  # a column must beat the master's price for its person by more than this
CONVERGED = 0.01  # no roster beats a person's price by this much (the prices are rounded)
# Shares of the time given: the columns and the bound (ROOT_SHARE), then a dive to a roster
# (assignments fixed a batch at a time) until all but INTEGER_SHARE is spent, which the
# integer master over every column found gets.
ROOT_SHARE = 0.65
INTEGER_SHARE = 0.1
SURE = 0.99  # a person whose leading column has this share of them is settled
BATCH = 0.8  # the dive fixes at once a leading column's assignments with this share or more
DIVE_ROUNDS = 5  # rounds of pricing after each batch fixed
STALLED_ROUNDS = 3  # root rounds that bring no fall of the relaxation and no bound: no more
SMOOTHING = 0.7  # the weight of the best bound's prices in the prices of a root round
# Before any bound, the prices are smoothed towards those the start's cover implies: a
# missing head's cost where it leaves heads missing, an extra head's (less than 0) where
# it leaves extra, and this share of a missing head's cost where it meets the count.
EXACT_SHARE = 0.5


@dataclass(frozen=True)
class Column:
    """One person's whole roster (their keys) and what their own requests cost in it."""

    person: str
    keys: frozenset[Key]
    cost: int


@dataclass(frozen=True)
class ColgenOutcome:
    """The best roster of columns (values for `built.v.x`, None if none), its objective,
    the lower bound proven (None if none), and figures."""

    values: dict | None
    objective: int | None
    bound: int | None
    rounds: int
    columns: int
    converged: bool


class _Pricing:
    """One person's pricing, asked again each round: their best response first (fast, with
    a bound), their own model (their hard rules and requests) in CP-SAT where it is asked
    for an exact answer."""

    def __init__(self, problem: Problem, person: str, keys: Iterable[Key]) -> None:
        self.person = person
        self.own = own_model(problem, person)
        wanted = set(keys)
        self.x = {key: var for key, var in self.own.v.x.items() if key in wanted}
        self._requests = self.own.objective_expr()
        self._hint: frozenset[Key] | None = None
        self._alone = self.own.ctx.problem  # the problem with only this person in it
        self._multipliers: dict = {}  # the best response's, from one round to the next

    def fix(self, key: Key) -> None:
        """Every roster of theirs from now on holds this assignment."""
        domain = self.own.model.proto.variables[self.x[key].index].domain
        domain[0] = domain[1] = 1

    def respond(
        self, prices: dict[SlotKey, float], costs: RequestCosts
    ) -> tuple[frozenset[Key] | None, float]:
        """The person's best response at `prices` (`roster.best_response`; None if none),
        and a lower bound on their cheapest roster's cost there (-inf if none). Only
        before the dive: the program knows nothing of the assignments it fixes."""
        person = self.person

        def value(key: Key) -> float:
            return prices.get(key[1:], 0.0) - costs.charge(person, key)

        keys, most = bounded_response(self._alone, person, self.x, value, memo=self._multipliers)
        return (None if keys is None else frozenset(keys)), costs.constant(person) - most

    def cheapest(
        self, prices: dict[SlotKey, float], seconds: float
    ) -> tuple[frozenset[Key] | None, float]:
        """The person's roster cheapest at `prices` (None if none found), and a proven lower
        bound on that cheapest cost: own requests less the prices of the heads taken."""
        model = self.own.model
        scaled = {key: round(SCALE * prices.get(key[1:], 0.0)) for key in self.x}
        model.minimize(
            SCALE * self._requests
            - cp_model.LinearExpr.weighted_sum(
                [self.x[k] for k in scaled], [scaled[k] for k in scaled]
            )
        )
        model.clear_hints()
        if self._hint is not None:
            for key, var in self.x.items():
                model.add_hint(var, key in self._hint)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        # Measured on Instance8's pricing: 2.3 s for its 30 people by default, 1.0 s with
        # the full linear relaxation and no probing.
        solver.parameters.linearization_level = 2
        solver.parameters.cp_model_probing_level = 0
        code = solver.solve(model)
        # The rounding of the prices moves any roster's cost by at most this much.
        slack = sum(abs(scaled[k] - SCALE * prices.get(k[1:], 0.0)) for k in scaled) / SCALE
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # No roster in the time (none at all cannot be: the start gave them one).
            return None, -math.inf
        keys = frozenset(k for k, var in self.x.items() if solver.boolean_value(var))
        self._hint = keys
        return keys, solver.best_objective_bound / SCALE - slack


class _Master:
    """The master's linear relaxation over the columns found so far (GLOP)."""

    def __init__(self, built: BuiltModel, people: list[str]) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.slots = built.v.slots
        unfilled = built.ctx.weights.unfilled
        self.one_each = {p: self.lp.Add(self.lp.Sum([]) == 1, f"one[{p}]") for p in people}
        self.cover = {}
        self.ranges: dict[SlotKey, tuple[float, float]] = {}
        objective = self.lp.Objective()
        for key, slot in self.slots.items():
            row = self.lp.Constraint(slot.count, slot.count)
            under_cost = slot.under_cost(unfilled)
            if slot.count > 0:
                # Unbounded above, like the shares: a bound would let its dual pass the
                # missing head's cost, and the prices are kept within it.
                under = self.lp.NumVar(0, self.lp.infinity(), "")
                row.SetCoefficient(under, 1)
                objective.SetCoefficient(under, under_cost)
            over = self.lp.NumVar(0, self.lp.infinity(), "")
            row.SetCoefficient(over, -1)
            objective.SetCoefficient(over, slot.over_weight)
            self.cover[key] = row
            # A head's worth at a slot lies between minus its extra cost and its missing cost.
            self.ranges[key] = (-slot.over_weight, under_cost if slot.count > 0 else 0)
        objective.SetMinimization()
        self.columns: list[Column] = []
        self._shares: list = []  # each column's variable: its share in the relaxation

    def add(self, column: Column) -> None:
        # No upper bound of 1: its person's row keeps it there, and a bound would take
        # the dual that row should carry (a column at its bound prices nothing).
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        self._shares.append(var)
        self.lp.Objective().SetCoefficient(var, column.cost)
        self.one_each[column.person].SetCoefficient(var, 1)
        for key in column.keys:
            row = self.cover.get(key[1:])
            if row is not None:
                row.SetCoefficient(var, 1)
        self.columns.append(column)

    def solve(self) -> tuple[float, dict[SlotKey, float], dict[str, float]] | None:
        """The relaxation's value, each slot's price (within its range) and each person's."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        prices = {}
        for key, row in self.cover.items():
            low, high = self.ranges[key]
            prices[key] = min(high, max(low, row.dual_value()))
        people = {p: row.dual_value() for p, row in self.one_each.items()}
        return self.lp.Objective().Value(), prices, people

    def leading_shares(self) -> dict[str, tuple[float, frozenset[Key]]]:
        """Each person's column with the largest share in the last relaxation solved."""
        best: dict[str, tuple[float, frozenset[Key]]] = {}
        for column, var in zip(self.columns, self._shares, strict=True):
            share = var.solution_value()
            if column.person not in best or share > best[column.person][0]:
                best[column.person] = (share, column.keys)
        return best

    def key_shares(self) -> dict[Key, float]:
        """Each assignment's share in the last relaxation solved: the sum of the shares of
        the columns that hold it."""
        shares: dict[Key, float] = {}
        for column, var in zip(self.columns, self._shares, strict=True):
            share = var.solution_value()
            if share > EPSILON:
                for key in column.keys:
                    shares[key] = shares.get(key, 0.0) + share
        return shares

    def fix(self, key: Key) -> None:
        """Only columns of its person's that hold this assignment may take a share from
        now on (those found later will: their pricing is fixed too)."""
        for column, var in zip(self.columns, self._shares, strict=True):
            if column.person == key[0] and key not in column.keys:
                var.SetUb(0)

    def start_prices(self) -> dict[SlotKey, float]:
        """Each slot's price as the cover of the columns so far (the start's, before any
        round) implies it: the most a head can save where heads are missing, the least
        (what an extra head costs) where there are extra, EXACT_SHARE of the most where
        the count is met."""
        heads = Counter(key[1:] for column in self.columns for key in column.keys)
        prices = {}
        for key, (low, high) in self.ranges.items():
            count = self.slots[key].count
            if heads[key] < count:
                prices[key] = high
            elif heads[key] > count:
                prices[key] = low
            else:
                prices[key] = EXACT_SHARE * high
        return prices

    def constant(self, prices: dict[SlotKey, float]) -> float:
        """The slots' part of the Lagrangian bound at `prices`."""
        return sum(prices[key] * slot.count for key, slot in self.slots.items())


def column_generation(
    problem: Problem,
    built: BuiltModel,
    start: dict,
    deadline: float,
    *,
    workers: int = 1,
    seed: int = 0,
    cancelled: threading.Event | None = None,
    on_phase: Callable[[cp_model.CpSolver | None], None] = lambda solver: None,
) -> ColgenOutcome:
    """Columns and a bound, a dive to a roster, then the integer master, until `deadline`.

    `start` (values for `built.v.x`, a roster every hard rule allows) gives each person's
    first column."""
    cancelled = cancelled or threading.Event()
    began = time.monotonic()
    budget = deadline - began
    people = sorted(p for p in problem.org.people if built.v.by_person.get(p))
    pricing = _pricing_models(problem, built, people, began + BUILD_SHARE * budget)
    if pricing is None:
        return ColgenOutcome(None, None, None, 0, 0, False)
    generation = _Generation(problem, built, people, pricing, workers, budget, cancelled)
    first = {p: frozenset(k for k in built.v.by_person[p] if start.get(k)) for p in people}
    for person in people:
        generation.add(person, first[person])
    try:
        converged = generation.rounds(people, began + ROOT_SHARE * budget, bound=True)
        if generation.starved:
            return ColgenOutcome(None, None, None, generation.count, 0, False)
        dived = generation.dive(people, began + (1 - INTEGER_SHARE) * budget)
    finally:
        generation.close()
    master = generation.master
    if cancelled.is_set():
        return ColgenOutcome(
            None, None, generation.bound, generation.count, len(master.columns), converged
        )
    values, objective = _integer_master(built, master, dived, deadline, workers, seed, on_phase)
    return ColgenOutcome(
        values, objective, generation.bound, generation.count, len(master.columns), converged
    )


class _Generation:
    """The master, the pricing models and the rounds that connect them."""

    def __init__(
        self,
        problem: Problem,
        built: BuiltModel,
        people: list[str],
        pricing: dict[str, _Pricing],
        workers: int,
        budget: float,
        cancelled: threading.Event,
    ) -> None:
        self.master = _Master(built, people)
        self.costs = RequestCosts(problem, built)
        self.pricing = pricing
        self.workers = max(1, workers)
        self.round_seconds = ROUND_SHARE * budget / max(1, math.ceil(len(people) / self.workers))
        self.cancelled = cancelled
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        self.seen: set[tuple[str, frozenset]] = set()
        self.bound: int | None = None
        self.count = 0  # rounds of pricing so far
        self.starved = False  # the first round's pricing found too few rosters to go on

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def add(self, person: str, keys: frozenset[Key]) -> bool:
        if (person, keys) in self.seen:
            return False
        self.seen.add((person, keys))
        self.master.add(Column(person, keys, self.costs.of(person, keys)))
        return True

    def rounds(self, people: list[str], until: float, *, bound: bool, most: int = 0) -> bool:
        """Rounds of pricing for `people` until none gives a new column (True: converged),
        `until`, or `most` rounds (0: no limit).

        With `bound` (only while no column is fixed is it a bound on every roster), each
        round's Lagrangian bound is kept, and the prices are smoothed (Wentges): priced at
        SMOOTHING times the prices of the best bound so far plus the rest times the
        relaxation's, which keeps the prices from swinging from round to round. A round
        at smoothed prices that gives no new column is done again at the relaxation's.
        Before the first bound, the centre is the start's prices (`_Master.start_prices`):
        the relaxation of the start's columns alone is degenerate, its duals only one of
        many (Instance19, 60 s, seed 1: the first ten rounds left the relaxation where the
        start put it; six with the start's prices as the centre)."""
        done = 0
        # The prices of the best bound so far (the start's before the first bound).
        centre: dict[SlotKey, float] | None = self.master.start_prices() if bound else None
        best = -math.inf
        smooth = bound
        first: float | None = None  # the relaxation of the first round
        while time.monotonic() < until and not self.cancelled.is_set():
            solved = self.master.solve()
            if solved is None or (most and done >= most):
                return False
            value, prices, person_prices = solved
            first = value if first is None else first
            unmoved = value > first - EPSILON * max(1.0, abs(first))
            if bound and unmoved and done >= STALLED_ROUNDS and self.bound is None:
                # New columns that leave the relaxation where the start put it, and pricing
                # solves that prove nothing: the rounds would take the time without moving
                # the prices (Instance20, 182 days: 6 rounds, 11 s, the start as it was).
                self.starved = True
                return False
            per_person = (until - time.monotonic()) / math.ceil(len(people) / self.workers)
            seconds = min(PRICING_SECONDS, self.round_seconds, per_person)
            if seconds < 0.02:
                return False
            at = prices
            if smooth and centre is not None:
                at = {k: SMOOTHING * centre[k] + (1 - SMOOTHING) * p for k, p in prices.items()}
            found = self._price(people, at, prices, person_prices, seconds, responses=bound)
            done += 1
            self.count += 1
            if self.count == 1 and 2 * sum(keys is None for keys, _ in found.values()) > len(
                people
            ):
                # Most pricing solves found no roster in their time: the rounds would take
                # the time without moving the prices (Instance20, 182 days: 10 rounds, 17 s,
                # the start as it was). The time goes back to the search.
                self.starved = True
                return False
            if bound:
                lagrangian = self.master.constant(at) + sum(low for _, low in found.values())
                self._keep_bound(lagrangian)
                if lagrangian > best:
                    best, centre = lagrangian, at
            added = 0
            for person, (keys, _) in found.items():
                if keys is not None and self._beats(person, keys, prices, person_prices):
                    added += self.add(person, keys)
            log.debug(
                "colgen round %d: relaxation %.1f, bound %s, %d new columns (%d in all)%s",
                self.count,
                value,
                self.bound,
                added,
                len(self.master.columns),
                ", smoothed" if at is not prices else "",
            )
            if added == 0 and at is not prices:
                smooth = False  # a mispricing: the next round at the relaxation's prices
                continue
            smooth = bound
            if added == 0:
                # Converged if no roster of anyone's can beat their price: the relaxation
                # is then the best over every column there is.
                return all(
                    low - person_prices[person] > -CONVERGED for person, (_, low) in found.items()
                )
        return False

    def _price(
        self,
        people: list[str],
        at: dict[SlotKey, float],
        prices: dict[SlotKey, float],
        person_prices: dict[str, float],
        seconds: float,
        responses: bool = True,
    ) -> dict[str, tuple[frozenset[Key] | None, float]]:
        """Each person's roster cheapest at `at` (None if none found) and a lower bound on
        its cost. With `responses` (the root's rounds), best responses first: where one
        brings a new column that beats its person's price at the relaxation's `prices`,
        CP-SAT runs only for those with no best response. Otherwise CP-SAT prices
        (exactly, or as far as `seconds` allow) everyone whose best response's bound
        leaves room for a column; in the dive, everyone."""
        if responses:
            found = {p: self.pricing[p].respond(at, self.costs) for p in people}
        else:
            found = {p: (None, -math.inf) for p in people}
        if any(
            keys is not None
            and (person, keys) not in self.seen
            and self._beats(person, keys, prices, person_prices)
            for person, (keys, _) in found.items()
        ):
            # CP-SAT only for those with no best response (none keeps the counted rules,
            # or the program cannot take them: a lock, a history).
            exact = [p for p in people if found[p][0] is None]
        else:
            exact = [
                p
                for p in people
                if at is not prices or found[p][1] - person_prices[p] <= -CONVERGED
            ]
        solved = self.pool.map(
            _Pricing.cheapest, (self.pricing[p] for p in exact), repeat(at), repeat(seconds)
        )
        for person, (keys, low) in zip(exact, solved, strict=True):
            found[person] = (
                (keys if keys is not None else found[person][0]),
                max(low, found[person][1]),
            )
        return found

    def _beats(
        self,
        person: str,
        keys: frozenset[Key],
        prices: dict[SlotKey, float],
        person_prices: dict[str, float],
    ) -> bool:
        """Whether a column of `person`'s costs less than its price in the relaxation."""
        price = sum(prices.get(k[1:], 0.0) for k in keys) + person_prices[person]
        return self.costs.of(person, keys) - price < -EPSILON

    def _keep_bound(self, lagrangian: float) -> None:
        if lagrangian > -math.inf:
            proven = math.ceil(lagrangian - 1e-6 * max(1.0, abs(lagrangian)))
            self.bound = proven if self.bound is None else max(self.bound, proven)

    def dive(self, people: list[str], until: float) -> dict[str, frozenset[Key]]:
        """Fix the assignments the relaxation is surest of to 1, a batch at a time, with a
        few rounds of pricing after each batch, until each person has one column with all
        their share or `until`. Returns each person's leading column.

        Fixing single assignments rather than whole columns leaves the rest of each roster
        to the pricing (docs/search.md gives the figures: on Instance7, fixing whole
        columns took the relaxation from 1,054 to 1,286)."""
        fixed: set[Key] = set()
        step = 0.0  # how long the last batch and its pricing took
        while time.monotonic() < until and not self.cancelled.is_set():
            began = time.monotonic()
            if self.master.solve() is None:
                break
            leading = self.master.leading_shares()
            unsettled = [p for p in people if leading[p][0] < SURE]
            if not unsettled:
                break
            shares = self.master.key_shares()
            # As many people as it takes to settle everyone in the time left at the pace
            # so far, and every person with an assignment of BATCH or more.
            steps_left = max(1, int((until - began) / step)) if step else len(unsettled)
            wanted = math.ceil(len(unsettled) / steps_left)
            batch = _batch(unsettled, leading, shares, fixed, wanted)
            if not batch:
                break
            for key in batch:
                self.master.fix(key)
                self.pricing[key[0]].fix(key)
                fixed.add(key)
            self.rounds(people, until, bound=False, most=DIVE_ROUNDS)
            step = time.monotonic() - began
        solved = self.master.solve()
        if solved is None:
            return {}
        log.debug("colgen dive: %d assignments fixed, relaxation %.1f", len(fixed), solved[0])
        return {p: keys for p, (_, keys) in self.master.leading_shares().items()}


def _batch(
    unsettled: list[str],
    leading: dict[str, tuple[float, frozenset[Key]]],
    shares: dict[Key, float],
    fixed: set[Key],
    wanted: int,
) -> list[Key]:
    """The assignments to fix next: for each unsettled person, those of their leading
    column with a share from BATCH to SURE (one column holds them all, so they can go
    together); then, for the surest others until `wanted` people have some, their surest
    open assignment (a column with a share holds it)."""
    undecided: dict[str, list[tuple[float, Key]]] = {}
    for key, share in shares.items():
        if share < SURE:
            undecided.setdefault(key[0], []).append((share, key))
    batch: list[Key] = []
    surest: list[tuple[float, Key]] = []
    for person in unsettled:
        sure = [
            k for k in leading[person][1] if k not in fixed and BATCH <= shares.get(k, 0) < SURE
        ]
        if sure:
            batch += sorted(sure)
        elif undecided.get(person):
            surest.append(max(undecided[person]))
    taken = len({k[0] for k in batch})
    for _, key in sorted(surest, reverse=True)[: max(0, wanted - taken)]:
        batch.append(key)
    return batch


def _pricing_models(
    problem: Problem, built: BuiltModel, people: list[str], deadline: float
) -> dict[str, _Pricing] | None:
    """Each person's pricing model, or None if building them all would pass `deadline`
    (judged after the first)."""
    models: dict[str, _Pricing] = {}
    began = time.monotonic()
    for person in people:
        models[person] = _Pricing(problem, person, built.v.by_person[person])
        each = (time.monotonic() - began) / len(models)
        if time.monotonic() + each * (len(people) - len(models)) > deadline:
            return None
    return models


def _integer_master(
    built: BuiltModel,
    master: _Master,
    hint: dict[str, frozenset[Key]],
    deadline: float,
    workers: int,
    seed: int,
    on_phase: Callable[[cp_model.CpSolver | None], None],
) -> tuple[dict | None, int | None]:
    """One column per person, whole heads: the roster's values and objective. Where CP-SAT
    finds none in time, the roster of `hint` (the dive's, if it has everyone) with no
    objective; otherwise None, None."""
    model = cp_model.CpModel()
    unfilled = built.ctx.weights.unfilled
    chosen: dict[int, cp_model.IntVar] = {}
    by_person: dict[str, list] = {}
    by_slot: dict[SlotKey, list] = {}
    for number, column in enumerate(master.columns):
        var = chosen[number] = model.new_bool_var(f"column[{number}]")
        by_person.setdefault(column.person, []).append(var)
        for key in column.keys:
            by_slot.setdefault(key[1:], []).append(var)
        model.add_hint(var, column.keys == hint.get(column.person))
    for options in by_person.values():
        model.add_exactly_one(options)
    objective = [master.columns[n].cost * var for n, var in chosen.items()]
    hinted = Counter(k[1:] for keys in hint.values() for k in keys)
    for key, slot in built.v.slots.items():
        heads = by_slot.get(key, [])
        if not heads and slot.count == 0:
            continue
        under = model.new_int_var(0, slot.count, "")
        over = model.new_int_var(0, len(heads), "")
        model.add(sum(heads) + under - over == slot.count)
        objective += [slot.under_cost(unfilled) * under, slot.over_weight * over]
        model.add_hint(under, max(0, slot.count - hinted[key]))
        model.add_hint(over, max(0, hinted[key] - slot.count))
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    # Probing took Instance12's 2.6 s (2,780 columns) in presolve, leaving no search.
    solver.parameters.cp_model_probing_level = 0
    on_phase(solver)
    code = solver.solve(model)
    on_phase(None)
    log.debug(
        "colgen integer master: %s in %.2fs, %d columns",
        solver.status_name(code),
        solver.wall_time,
        len(master.columns),
    )
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if len(hint) < len(by_person):
            return None, None
        # The dive's own roster (its leading columns), priced by the caller.
        taken = {key for keys in hint.values() for key in keys}
        return {key: key in taken for key in built.v.x}, None
    taken = {
        key
        for number, var in chosen.items()
        if solver.boolean_value(var)
        for key in master.columns[number].keys
    }
    return {key: key in taken for key in built.v.x}, int(solver.objective_value)
