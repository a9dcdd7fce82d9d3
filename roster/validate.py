"""The independent validator: every hard rule and objective term of docs/rules.md, recomputed.

It reads only `roster.domain` and `roster.calendar` (never the CP-SAT model or its rules), so
that the model and this module implement the contract separately and can be checked against
each other.

Report conventions:

- `Violation.rule` is a rule id of the hard-rule table; `who` is a person id, or `post/shift`
  for `overstaffed`; `when` is the ISO start date of the assignment concerned (for `overlap`
  and `rest` the later one of the pair), or `first..last` ISO dates for span rules:
  `consecutive_days` names the run, `hours_7d` / `duty24_28d` the worst window of a stretch of
  consecutive exceeding windows (one violation per stretch, not per window).
- Assignments naming an unknown person, shift or post are reported as `unknown` and take no
  further part; a repeated assignment is reported as `duplicate` and counted once afterwards.
- `Penalty.when` is an ISO date; zero-cost terms are omitted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import NamedTuple

from roster.calendar import Calendar, DayInfo
from roster.domain import (
    CATEGORIES,
    Assignment,
    Demand,
    Penalty,
    Person,
    Post,
    Problem,
    Request,
    ShiftType,
    Unfilled,
    Window,
    frozen_map,
)

ONE_DAY = timedelta(days=1)
SlotKey = tuple[date, str, str]

# How the units of each fairness category read in penalty details.
_UNIT_NAMES = {
    "duty24": "24-hour duties",
    "weekend": "weekend shifts",
    "holiday": "holiday shifts",
    "night": "night shifts",
    "hours": "hours",
}


@dataclass(frozen=True)
class Violation:
    """One breach of a hard rule (rule id from docs/rules.md)."""

    rule: str
    who: str
    when: str
    detail: str


@dataclass(frozen=True)
class Report:
    """Everything the validator found about one roster."""

    violations: tuple[Violation, ...]
    penalties: tuple[Penalty, ...]
    unfilled: tuple[Unfilled, ...]
    objective: int

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        """Objective per rule id (`fairness.<c>` and `request.<kind>` kept apart)."""
        totals: dict[str, int] = {}
        for penalty in self.penalties:
            totals[penalty.rule] = totals.get(penalty.rule, 0) + penalty.cost
        return totals


@dataclass(frozen=True)
class SlotNeed:
    """What one slot needs: a head count and minimum holders per skill.

    `under_weight` is the cost of a missing person (None: `Weights.unfilled`);
    `over_weight` the cost of each person beyond `count` (None: not allowed).
    """

    count: int
    skills: Mapping[str, int]
    under_weight: int | None = None
    over_weight: int | None = None


class _Item(NamedTuple):
    """One assignment placed on the time line of its person."""

    start: datetime
    end: datetime
    assignment: Assignment
    history: bool


# --------------------------------------------------------------------------- context


class _Context:
    """Per-problem lookups computed once: calendar answers, slots, history, availability."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.org = problem.org
        self.horizon = problem.horizon
        self.calendar = Calendar(problem.org.calendar)
        self._info: dict[date, DayInfo] = {}
        self._matches: dict[tuple[date, str], bool] = {}
        self._intervals: dict[tuple[date, str], tuple[datetime, datetime]] = {}
        self._units: dict[tuple[date, str], tuple[int, ...]] = {}
        self._available: dict[str, tuple[date, ...]] = {}
        self._unit_posts: dict[str, tuple[Post, ...]] = {}
        self.members_cache: dict[str, dict[str, list[str]]] = {}
        self.history_loads: dict[str, list[int]] | None = None
        self.available_counts: dict[tuple[str, str], int] = {}
        self.previous_in_horizon: frozenset[Assignment] | None = None
        self.home_terms: dict[Assignment, Penalty | None] = {}
        self.wishes: dict[str, list[int]] | None = None
        self.history = _history_by_person(self)

    @cached_property
    def slots(self) -> dict[SlotKey, SlotNeed]:
        """Every slot of the horizon (expanded on first use: one person's checks need none)."""
        return _expand_slots(self)

    def info(self, day: date) -> DayInfo:
        """Calendar.info, cached."""
        found = self._info.get(day)
        if found is None:
            found = self._info[day] = self.calendar.info(day)
        return found

    def matches(self, day: date, pattern: str) -> bool:
        """Calendar.matches, cached."""
        key = (day, pattern)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = self.calendar.matches(day, pattern)
        return found

    def interval(self, day: date, shift: str) -> tuple[datetime, datetime]:
        """The real interval of `shift` starting on `day`, cached."""
        key = (day, shift)
        found = self._intervals.get(key)
        if found is None:
            found = self._intervals[key] = self.org.shifts[shift].interval(day)
        return found

    def units(self, day: date, shift: str) -> tuple[int, ...]:
        """Fairness units of one assignment, in CATEGORIES order."""
        key = (day, shift)
        found = self._units.get(key)
        if found is None:
            kind = self.org.shifts[shift]
            found = tuple(_category_units(self.info(day), kind, c) for c in CATEGORIES)
            self._units[key] = found
        return found

    def available_dates(self, person: Person) -> tuple[date, ...]:
        """Horizon dates off leave that match a day pattern of the person's windows."""
        found = self._available.get(person.id)
        if found is None:
            leave = self.problem.leave_of(person.id)
            found = tuple(
                day
                for day in self.horizon.dates
                if not any(r.contains(day) for r in leave)
                and (
                    not person.availability
                    or any(self.matches(day, w.days) for w in person.availability)
                )
            )
            self._available[person.id] = found
        return found

    def unit_posts(self, category: str) -> tuple[Post, ...]:
        """Posts of the horizon slots that carry units of `category`, one per eligibility rule."""
        found = self._unit_posts.get(category)
        if found is None:
            index = CATEGORIES.index(category)
            ids = {post for (day, shift, post) in self.slots if self.units(day, shift)[index] > 0}
            # Posts with the same eligibility rules are one check for a person.
            rules = {
                (p.eligible_skills, p.volunteers_allowed): p
                for p in self.org.posts.values()
                if p.id in ids
            }
            found = tuple(rules.values())
            self._unit_posts[category] = found
        return found


_CACHE: dict[int, _Context] = {}
_CACHE_SIZE = 8


def _context(problem: Problem) -> _Context:
    """The context of `problem`; kept for a few problems (it holds them, so ids stay unique)."""
    found = _CACHE.get(id(problem))
    if found is not None and found.problem is problem:
        return found
    while len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)), None)
    found = _CACHE[id(problem)] = _Context(problem)
    return found


def _category_units(info: DayInfo, shift: ShiftType, category: str) -> int:
    """Units of one assignment of `shift` starting on `info.day` (docs/rules.md, Fairness)."""
    if category == "duty24":
        return int(shift.is_24h)
    if category == "weekend":
        return int(info.is_weekend)
    if category == "holiday":
        return int(info.is_holiday)
    if category == "night":
        return int(shift.night and not shift.is_24h)
    if category == "hours":
        return shift.hours
    raise ValueError(f"unknown fairness category {category!r}")


def _line_applies(ctx: _Context, line: Demand, day: date) -> bool:
    """Whether a demand line asks for people on `day`."""
    if line.start is not None and day < line.start:
        return False
    if line.end is not None and day > line.end:
        return False
    if line.days.kind == "dates":
        return day in line.days.dates
    return ctx.matches(day, line.days.kind)


def _larger(old: int | None, new: int | None) -> int | None:
    """The largest weight the lines of one slot give (None if none gives one)."""
    if old is None:
        return new
    return old if new is None else max(old, new)


def _expand_slots(ctx: _Context) -> dict[SlotKey, SlotNeed]:
    """Demand lines expanded over the horizon; lines of one slot add up.

    A slot of count 0 exists only if a line allows extra people (`over_weight`).
    """
    counts: dict[SlotKey, int] = {}
    skills: dict[SlotKey, Counter[str]] = defaultdict(Counter)
    under: dict[SlotKey, int | None] = {}
    over: dict[SlotKey, int | None] = {}
    lines = ctx.problem.all_demand()
    for line in lines:
        if line.post not in ctx.org.posts or line.shift not in ctx.org.shifts:
            raise ValueError(f"demand line names an unknown post or shift: {line}")
    for day in ctx.horizon.dates:
        for line in lines:
            if not _line_applies(ctx, line, day):
                continue
            key = (day, line.shift, line.post)
            counts[key] = counts.get(key, 0) + line.count
            skills[key].update(line.skills)
            under[key] = _larger(under.get(key), line.under_weight)
            over[key] = _larger(over.get(key), line.over_weight)
    return {
        key: SlotNeed(
            count,
            frozen_map({k: m for k, m in skills[key].items() if m > 0}),
            under[key],
            over[key],
        )
        for key, count in counts.items()
        if count > 0 or over[key] is not None
    }


def _history_by_person(ctx: _Context) -> dict[str, list[Assignment]]:
    """History before the horizon, of known people and shifts, by person, without repeats.

    docs/rules.md: the history is what starts before the horizon; anything dated inside it
    belongs to the roster, not to the history, and is ignored here.
    """
    grouped: dict[str, list[Assignment]] = defaultdict(list)
    for a in dict.fromkeys(ctx.problem.history):
        if a.date >= ctx.horizon.start:
            continue
        if a.person in ctx.org.people and a.shift in ctx.org.shifts:
            grouped[a.person].append(a)
    return dict(grouped)


# --------------------------------------------------------------------------- public helpers


def slots(problem: Problem) -> dict[SlotKey, SlotNeed]:
    """Every slot `(date, shift, post)` of the horizon with what it needs."""
    return dict(_context(problem).slots)


def by_person(assignments: Iterable[Assignment]) -> dict[str, list[Assignment]]:
    """Assignments grouped by person (pass this to `person_can_take` in loops)."""
    grouped: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        grouped[a.person].append(a)
    return dict(grouped)


def fairness_members(problem: Problem, category: str) -> dict[str, list[str]]:
    """Pool id -> ids of its members for `category` (pools with members, config order).

    Membership ignores the category's weight; the objective skips weight-0 categories and
    pools with fewer than 2 members.
    """
    return {pool: list(people) for pool, people in _members(_context(problem), category).items()}


def fairness_loads(
    problem: Problem, assignments: Iterable[Assignment], category: str
) -> dict[str, int]:
    """Person id -> L_p: units of `category` in their history plus roster assignments."""
    ctx = _context(problem)
    roster = [a for a in dict.fromkeys(assignments) if not _unknown_refs(ctx, a)]
    index = CATEGORIES.index(category)
    return {p: loads[index] for p, loads in _loads(ctx, roster).items()}


def fairness_load_table(
    problem: Problem, assignments: Iterable[Assignment]
) -> dict[str, tuple[int, ...]]:
    """Person id -> L_p of every category (CATEGORIES order), history plus roster, in one
    pass (`fairness_loads` gives one category)."""
    ctx = _context(problem)
    roster = [a for a in dict.fromkeys(assignments) if not _unknown_refs(ctx, a)]
    return {p: tuple(loads) for p, loads in _loads(ctx, roster).items()}


def person_can_take(
    problem: Problem,
    assignments: Iterable[Assignment] | Mapping[str, Iterable[Assignment]],
    person_id: str,
    day: date,
    shift: str,
    post: str,
) -> list[Violation]:
    """Hard violations that the assignment `(day, shift, post, person_id)` would take part in.

    Checks eligibility, leave, availability, overlap, rest, consecutive_days, hours_7d and
    duty24_28d against that person's history and their other assignments in `assignments`
    (an iterable, or the mapping of `by_person` for speed); slot rules are not checked. An
    identical assignment already in `assignments` is left out, so an assigned slot can be
    re-checked. Runs and windows are those containing `day` that break the limit with it.
    """
    ctx = _context(problem)
    new = Assignment(day, shift, post, person_id)
    missing = _unknown_refs(ctx, new)
    if missing:
        return [_unknown_violation(new, missing)]
    if isinstance(assignments, Mapping):
        theirs = assignments.get(person_id, ())
    else:
        theirs = (a for a in assignments if a.person == person_id)
    mine = [a for a in dict.fromkeys(theirs) if a != new and not _unknown_refs(ctx, a)]
    person = ctx.org.people[person_id]
    items = _timeline(ctx, person_id, [*mine, new])
    found = _assignment_violations(ctx, person, new)
    found += _pair_violations(ctx, person, items, focus=new)
    found += _span_violations(ctx, person, items, focus=new)
    found += _horizon_violations(ctx, person, [*mine, new], focus=new)
    return found


# --------------------------------------------------------------------------- validate


def validate(problem: Problem, assignments: Iterable[Assignment]) -> Report:
    """Check a roster against every hard rule and price it with every objective term."""
    ctx = _context(problem)
    roster = list(assignments)
    known, violations = _screen(ctx, roster)
    violations += _slot_violations(ctx, known)
    violations += _lock_violations(ctx, roster)
    violations += _person_rule_violations(ctx, known)
    penalties, unfilled = _objective(ctx, known)
    violations.sort(key=lambda v: (v.when, v.who, v.rule, v.detail))
    return Report(
        violations=tuple(violations),
        penalties=tuple(penalties),
        unfilled=tuple(unfilled),
        objective=sum(p.cost for p in penalties),
    )


def person_violations(
    problem: Problem, person_id: str, assignments: Iterable[Assignment]
) -> tuple[Violation, ...]:
    """The hard-rule violations of one person's assignments, by the rules that concern a
    person alone (everything but `no_slot` and `overstaffed`, which concern a slot)."""
    ctx = _context(problem)
    roster = [a for a in assignments if a.person == person_id]
    known, violations = _screen(ctx, roster)
    violations += [v for v in _lock_violations(ctx, roster) if v.who == person_id]
    violations += _one_person_violations(ctx, person_id, known)
    return tuple(sorted(violations, key=lambda v: (v.when, v.who, v.rule, v.detail)))


@dataclass(frozen=True)
class PersonChecks:
    """The per-person rule violations of one roster of `problem`, by person id."""

    problem: Problem
    by_person: Mapping[str, tuple[Violation, ...]]
    terms: _Terms | None = field(default=None, compare=False, repr=False)


def revalidate(
    problem: Problem,
    assignments: Iterable[Assignment],
    before: PersonChecks | None = None,
    changed: Iterable[str] = (),
) -> tuple[Report, PersonChecks]:
    """`validate`, reusing the per-person checks of a previous roster of the same problem.

    `before` holds them; `changed` names every person whose assignments differ from that
    roster. Their person rules are checked again, everyone else's are taken from `before`;
    slot and lock checks always run in full; the objective terms are priced again only
    for the slots, people and fairness pools the changes touch (`_Terms`). Without
    `before`, or with a different problem (leave or locks changed), everything is checked.
    The report equals `validate(problem, assignments)`.
    """
    ctx = _context(problem)
    roster = list(assignments)
    known, violations = _screen(ctx, roster)
    violations += _slot_violations(ctx, known)
    violations += _lock_violations(ctx, roster)
    grouped = by_person(known)
    if before is None or before.problem is not problem:
        redo: Iterable[str] = ctx.org.people
        per_person: dict[str, tuple[Violation, ...]] = {}
    else:
        redo = [p for p in dict.fromkeys(changed) if p in ctx.org.people]
        per_person = dict(before.by_person)
    for person_id in redo:
        per_person[person_id] = tuple(
            _one_person_violations(ctx, person_id, grouped.get(person_id, []))
        )
    for person_id in ctx.org.people:
        violations += per_person[person_id]
    if before is None or before.problem is not problem or before.terms is None:
        terms = _Terms.build(ctx, known, grouped)
    else:
        terms = before.terms.update(ctx, known, grouped)
    penalties, unfilled = terms.objective(ctx, known)
    violations.sort(key=lambda v: (v.when, v.who, v.rule, v.detail))
    report = Report(
        violations=tuple(violations),
        penalties=tuple(penalties),
        unfilled=tuple(unfilled),
        objective=sum(p.cost for p in penalties),
    )
    return report, PersonChecks(problem, frozen_map(per_person), terms)


@dataclass(frozen=True, eq=False)
class _Terms:
    """The objective terms of one roster, by slot, pool, wish and person, so that the next
    roster of the same problem is priced by what changed. Never modified: `update` copies."""

    known: frozenset[Assignment]
    at: dict[SlotKey, tuple[Person, ...]]
    slots: dict[SlotKey, tuple[list[Penalty], list[Unfilled], Penalty | None]]
    loads: dict[str, list[int]]
    pools: dict[tuple[int, str], list[Penalty]]
    requests: dict[int, Penalty | None]
    continuity: dict[str, list[Penalty]]

    @staticmethod
    def build(
        ctx: _Context, known: list[Assignment], grouped: Mapping[str, list[Assignment]]
    ) -> _Terms:
        """Every term priced from scratch."""
        at: dict[SlotKey, list[Person]] = defaultdict(list)
        for a in known:
            at[(a.date, a.shift, a.post)].append(ctx.org.people[a.person])
        empty = _Terms(frozenset(), {k: tuple(v) for k, v in at.items()}, {}, {}, {}, {}, {})
        loads = _loads(ctx, known)
        pools = {
            (i, pool): _pool_penalties(ctx, i, pool, m, loads) for i, pool, m in _priced_pools(ctx)
        }
        everyone = {**ctx.org.people, **_wishes(ctx)}
        return empty._priced(ctx, frozenset(known), ctx.slots, loads, pools, everyone, grouped)

    def update(
        self, ctx: _Context, known: list[Assignment], grouped: Mapping[str, list[Assignment]]
    ) -> _Terms:
        """The terms of `known`, a roster of the same problem, from those of this one."""
        now = frozenset(known)
        gone, added = self.known - now, now - self.known
        at = dict(self.at)
        left: dict[SlotKey, set[str]] = {}  # touched slot -> who left it
        for a in sorted(gone | added):
            left.setdefault((a.date, a.shift, a.post), set())
        for a in gone:
            left[(a.date, a.shift, a.post)].add(a.person)
        for key, persons in left.items():
            at[key] = tuple(p for p in self.at.get(key, ()) if p.id not in persons)
        for a in sorted(added):
            key = (a.date, a.shift, a.post)
            at[key] = (*at[key], ctx.org.people[a.person])
        loads = dict(self.loads)
        moved: list[set[str]] = [set() for _ in CATEGORIES]
        for sign, group in ((-1, gone), (1, added)):
            for a in group:
                row = loads[a.person] = list(loads[a.person])
                for i, units in enumerate(ctx.units(a.date, a.shift)):
                    row[i] += sign * units
                    if units:
                        moved[i].add(a.person)
        pools = dict(self.pools)
        for i, pool, members in _priced_pools(ctx):
            if not moved[i].isdisjoint(members):
                pools[(i, pool)] = _pool_penalties(ctx, i, pool, members, loads)
        people = {a.person for a in gone | added}
        new = _Terms(now, at, self.slots, loads, pools, self.requests, self.continuity)
        return new._priced(ctx, now, left, loads, pools, people, grouped)

    def _priced(
        self,
        ctx: _Context,
        now: frozenset[Assignment],
        slots: Iterable[SlotKey],
        loads: dict[str, list[int]],
        pools: dict[tuple[int, str], list[Penalty]],
        people: Iterable[str],
        grouped: Mapping[str, list[Assignment]],
    ) -> _Terms:
        """A copy with the terms of `slots` and of `people` (wishes, continuity) repriced."""
        slot_terms = dict(self.slots)
        for key in slots:
            need = ctx.slots.get(key)
            if need is not None:
                holders = self.at.get(key, ())
                terms, holes = _slot_terms(ctx, key, need, holders)
                slot_terms[key] = (terms, holes, _team_lead_term(ctx, key, holders))
        requests, continuity = dict(self.requests), dict(self.continuity)
        wishes = _wishes(ctx)
        for person in people:
            mine = grouped.get(person, [])
            for index in wishes.get(person, ()):
                req = ctx.org.requests[index]
                shifts = {a.shift for a in mine if a.date == req.date}
                requests[index] = _request_term(ctx, req, shifts)
            continuity[person] = _continuity_of(ctx, person, mine)
        return _Terms(now, self.at, slot_terms, loads, pools, requests, continuity)

    def objective(
        self, ctx: _Context, known: list[Assignment]
    ) -> tuple[list[Penalty], list[Unfilled]]:
        """Penalties and unfilled slots in `_objective`'s order (`known` in its order)."""
        penalties: list[Penalty] = []
        unfilled: list[Unfilled] = []
        leads: list[Penalty] = []
        for key in ctx.slots:
            terms, holes, lead = self.slots[key]
            penalties += terms
            unfilled += holes
            if lead is not None:
                leads.append(lead)
        for i, pool, _ in _priced_pools(ctx):
            penalties += self.pools[(i, pool)]
        for index in sorted(self.requests):
            if self.requests[index] is not None:
                penalties.append(self.requests[index])
        for person in sorted(self.continuity):
            penalties += self.continuity[person]
        penalties += _home_terms(ctx, known)
        penalties += leads
        penalties += _stability_terms(ctx, known)
        return [p for p in penalties if p.cost != 0], unfilled


def _unknown_refs(ctx: _Context, a: Assignment) -> list[str]:
    """What of the assignment the config does not know."""
    missing = []
    if a.person not in ctx.org.people:
        missing.append(f"person {a.person!r}")
    if a.shift not in ctx.org.shifts:
        missing.append(f"shift {a.shift!r}")
    if a.post not in ctx.org.posts:
        missing.append(f"post {a.post!r}")
    return missing


def _unknown_violation(a: Assignment, missing: list[str]) -> Violation:
    detail = f"{a.shift} at {a.post}: {', '.join(missing)} not in the config"
    return Violation("unknown", a.person, a.date.isoformat(), detail)


def _screen(ctx: _Context, roster: list[Assignment]) -> tuple[list[Assignment], list[Violation]]:
    """Report unknown and repeated assignments; return the known ones, each once."""
    seen: set[Assignment] = set()
    known: list[Assignment] = []
    found: list[Violation] = []
    for a in roster:
        missing = _unknown_refs(ctx, a)
        if missing:
            found.append(_unknown_violation(a, missing))
        elif a in seen:
            detail = f"{a.shift} at {a.post} is listed more than once"
            found.append(Violation("duplicate", a.person, a.date.isoformat(), detail))
        else:
            seen.add(a)
            known.append(a)
    return known, found


def _slot_violations(ctx: _Context, known: list[Assignment]) -> list[Violation]:
    """`no_slot` per assignment outside the slots, `overstaffed` per slot over its count."""
    found: list[Violation] = []
    at: dict[SlotKey, list[str]] = defaultdict(list)
    for a in known:
        key = (a.date, a.shift, a.post)
        if key in ctx.slots:
            at[key].append(a.person)
            continue
        where = "no demand" if ctx.horizon.contains(a.date) else "outside the horizon"
        detail = f"{a.shift} at {a.post} on {a.date}: {where}"
        found.append(Violation("no_slot", a.person, a.date.isoformat(), detail))
    for (day, shift, post), people in at.items():
        slot = ctx.slots[(day, shift, post)]
        need = slot.count
        if slot.over_weight is None and len(people) > need:
            detail = f"{len(people)} assigned ({', '.join(people)}), {need} needed"
            found.append(Violation("overstaffed", f"{post}/{shift}", day.isoformat(), detail))
    return found


def _lock_violations(ctx: _Context, roster: list[Assignment]) -> list[Violation]:
    """A violation per lock missing from the roster."""
    present = set(roster)
    return [
        Violation("lock", a.person, a.date.isoformat(), f"locked {a.shift} at {a.post} missing")
        for a in ctx.problem.all_locks()
        if a not in present
    ]


# --------------------------------------------------------------------------- person rules


def _timeline(ctx: _Context, person_id: str, roster: Iterable[Assignment]) -> list[_Item]:
    """History and roster assignments of one person, sorted by start."""
    items = [_item(ctx, a, True) for a in ctx.history.get(person_id, ())]
    items += [_item(ctx, a, False) for a in roster]
    items.sort()
    return items


def _item(ctx: _Context, a: Assignment, history: bool) -> _Item:
    start, end = ctx.interval(a.date, a.shift)
    return _Item(start, end, a, history)


def _person_rule_violations(ctx: _Context, known: list[Assignment]) -> list[Violation]:
    """Every per-person rule, for everyone with roster or history assignments."""
    grouped = by_person(known)
    found: list[Violation] = []
    for person_id in ctx.org.people:
        found += _one_person_violations(ctx, person_id, grouped.get(person_id, []))
    return found


def _one_person_violations(
    ctx: _Context, person_id: str, roster: list[Assignment]
) -> list[Violation]:
    """Every per-person rule for one person's (known) roster assignments."""
    person = ctx.org.people[person_id]
    found = _horizon_violations(ctx, person, roster)
    if not roster and person_id not in ctx.history:
        return found
    for a in roster:
        found += _assignment_violations(ctx, person, a)
    items = _timeline(ctx, person_id, roster)
    found += _pair_violations(ctx, person, items)
    found += _span_violations(ctx, person, items)
    return found


def _assignment_violations(ctx: _Context, person: Person, a: Assignment) -> list[Violation]:
    """Eligibility, leave and availability of one roster assignment."""
    found: list[Violation] = []
    when = a.date.isoformat()
    post = ctx.org.posts[a.post]
    if not _may_work(person, post):
        reasons = _ineligible(person, post)
        found.append(Violation("eligibility", person.id, when, f"{a.post}: {reasons}"))
    start, end = ctx.interval(a.date, a.shift)
    for leave in ctx.problem.leave_of(person.id):
        lo = datetime.combine(leave.start, time())
        hi = datetime.combine(leave.end + ONE_DAY, time())
        if start < hi and lo < end:
            why = f" ({leave.reason})" if leave.reason else ""
            detail = f"{_describe(a, start, end)} overlaps leave {leave.start}..{leave.end}{why}"
            found.append(Violation("leave", person.id, when, detail))
            break
    windows = person.availability
    if windows and not any(_fits(ctx, w, a.date, start, end) for w in windows):
        listed = "; ".join(_window_text(w) for w in windows)
        detail = f"{_describe(a, start, end)} fits none of the availability windows: {listed}"
        found.append(Violation("availability", person.id, when, detail))
    return found


def _may_work(person: Person, post: Post) -> bool:
    """Whether the person passes the post's eligibility (skills and volunteers)."""
    if post.eligible_skills and post.eligible_skills.isdisjoint(person.skills):
        return False
    return not (person.is_volunteer and not post.volunteers_allowed)


def _ineligible(person: Person, post: Post) -> str:
    """Why the person may not work at the post ("" if they may)."""
    reasons = []
    if post.eligible_skills and not (post.eligible_skills & person.skills):
        reasons.append(f"needs one of {', '.join(sorted(post.eligible_skills))}")
    if person.is_volunteer and not post.volunteers_allowed:
        reasons.append("no volunteers allowed")
    return "; ".join(reasons)


def _fits(ctx: _Context, window: Window, day: date, start: datetime, end: datetime) -> bool:
    """Whether the interval lies within the window of `day` (docs/rules.md, availability)."""
    if not ctx.matches(day, window.days):
        return False
    if window.start == window.end:
        return True  # a whole-day window: any shift starting that day fits
    lo = datetime.combine(day, window.start)
    hi_day = day if window.end > window.start else day + ONE_DAY
    return lo <= start and end <= datetime.combine(hi_day, window.end)


def _window_text(w: Window) -> str:
    return f"{w.days} {w.start:%H:%M}-{w.end:%H:%M}"


def _describe(a: Assignment, start: datetime, end: datetime) -> str:
    """A short readable form: `D24 at desk 2026-12-01 08:30-12-02 08:30`."""
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%m-%d %H:%M}"
    return f"{a.shift} at {a.post} {start:%Y-%m-%d %H:%M}-{until}"


def _rest_needed(ctx: _Context, person: Person, shift: str) -> float:
    """Hours of rest the person needs after a shift of this type."""
    limits = person.limits
    if ctx.org.shifts[shift].is_24h:
        return limits.rest_after_24h_hours
    return limits.min_rest_hours


def _pair_violations(
    ctx: _Context, person: Person, items: Sequence[_Item], focus: Assignment | None = None
) -> list[Violation]:
    """`overlap` and `rest` for every pair with a roster assignment (or with `focus`)."""
    found: list[Violation] = []
    for i, first in enumerate(items):
        rest = _rest_needed(ctx, person, first.assignment.shift)
        reach = first.end + timedelta(hours=max(rest, 0.0))
        for j in range(i + 1, len(items)):
            second = items[j]
            if second.start >= reach:
                break
            if first.history and second.history:
                continue
            if focus is not None and focus not in (first.assignment, second.assignment):
                continue
            found.append(_pair_violation(person, first, second, rest))
    return found


def _pair_violation(person: Person, first: _Item, second: _Item, rest: float) -> Violation:
    """The overlap or rest violation of two close assignments."""
    when = second.assignment.date.isoformat()
    if second.start < first.end:
        detail = (
            f"{_describe(first.assignment, first.start, first.end)} overlaps "
            f"{_describe(second.assignment, second.start, second.end)}"
        )
        return Violation("overlap", person.id, when, detail)
    gap = (second.start - first.end).total_seconds() / 3600
    a, b = first.assignment, second.assignment
    detail = (
        f"{rest:.1f} h needed after the {first.start:%H:%M} {a.shift} on {a.date}, "
        f"{gap:.1f} h given before the {second.start:%H:%M} {b.shift} on {b.date}"
    )
    return Violation("rest", person.id, when, detail)


def _span_violations(
    ctx: _Context, person: Person, items: Sequence[_Item], focus: Assignment | None = None
) -> list[Violation]:
    """`consecutive_days`, `hours_7d` and `duty24_28d` of one person's time line."""
    limits = person.limits
    hours: Counter[date] = Counter()
    duties: Counter[date] = Counter()
    for item in items:
        kind = ctx.org.shifts[item.assignment.shift]
        hours[item.assignment.date] += kind.hours
        duties[item.assignment.date] += int(kind.is_24h)
    day = focus.date if focus is not None else None
    found = _run_violations(ctx, person, sorted(hours), day)
    new_kind = ctx.org.shifts[focus.shift] if focus is not None else None
    if new_kind is None or new_kind.hours > 0:
        found += _window_violations(
            ctx, person, hours, 7, limits.max_hours_7d, ("hours_7d", "h"), day
        )
    if new_kind is None or new_kind.is_24h:
        found += _window_violations(
            ctx,
            person,
            duties,
            28,
            limits.max_24h_per_28d,
            ("duty24_28d", "24-hour duties"),
            day,
        )
    return found


def _run_violations(
    ctx: _Context, person: Person, days: list[date], focus: date | None
) -> list[Violation]:
    """Runs of consecutive working days longer than allowed that touch the horizon."""
    limit = person.limits.max_consecutive_days
    found: list[Violation] = []
    for first, last in _runs(days):
        length = (last - first).days + 1
        if length <= limit or last < ctx.horizon.start or first > ctx.horizon.end:
            continue
        if focus is not None and not first <= focus <= last:
            continue
        detail = f"{length} consecutive working days {first}..{last}, at most {limit}"
        found.append(Violation("consecutive_days", person.id, f"{first}..{last}", detail))
    return found


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Maximal runs of consecutive dates in a sorted list, as (first, last)."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and day - runs[-1][1] == ONE_DAY:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _window_violations(
    ctx: _Context,
    person: Person,
    per_day: Mapping[date, int],
    size: int,
    limit: int,
    names: tuple[str, str],
    focus: date | None,
) -> list[Violation]:
    """Windows `[d, d+size-1]` touching the horizon whose total exceeds `limit`.

    Consecutive exceeding windows form one violation that names the worst of them.
    """
    rule, unit = names
    first_start = ctx.horizon.start - timedelta(days=size - 1)
    starts = [first_start + timedelta(days=i) for i in range(ctx.horizon.days + size - 1)]
    if focus is not None:
        starts = [d for d in starts if d <= focus < d + timedelta(days=size)]
    totals = _window_totals(per_day, starts, size)
    # A window only the history fills is no fault of the roster (docs/rules.md). Only a
    # window over the limit needs the look (a look at every window took most of the time
    # of checking a year-long roster).
    roster_days = [d for d, amount in per_day.items() if amount and ctx.horizon.contains(d)]
    totals = [
        total
        if total <= limit or any(start <= d < start + timedelta(days=size) for d in roster_days)
        else 0
        for start, total in zip(starts, totals, strict=True)
    ]
    found: list[Violation] = []
    for stretch in _exceeding_stretches(starts, totals, limit):
        worst, total = max(stretch, key=lambda pair: (pair[1], -pair[0].toordinal()))
        last = worst + timedelta(days=size - 1)
        detail = f"{total} {unit} in {worst}..{last}, at most {limit}"
        found.append(Violation(rule, person.id, f"{worst}..{last}", detail))
    return found


def _window_totals(per_day: Mapping[date, int], starts: list[date], size: int) -> list[int]:
    """Sliding sums of `per_day` over `[d, d+size-1]` for consecutive starts `d`."""
    if not starts:
        return []
    span = timedelta(days=size)
    total = sum(per_day.get(starts[0] + timedelta(days=k), 0) for k in range(size))
    totals = [total]
    for previous in starts[:-1]:
        total += per_day.get(previous + span, 0) - per_day.get(previous, 0)
        totals.append(total)
    return totals


def _exceeding_stretches(
    starts: list[date], totals: list[int], limit: int
) -> list[list[tuple[date, int]]]:
    """Groups of consecutive window starts whose totals exceed the limit."""
    stretches: list[list[tuple[date, int]]] = []
    previous: date | None = None
    for start, total in zip(starts, totals, strict=True):
        if total <= limit:
            previous = None
            continue
        if previous is not None and start - previous == ONE_DAY:
            stretches[-1].append((start, total))
        else:
            stretches.append([(start, total)])
        previous = start
    return stretches


# --------------------------------------------------------------------------- horizon rules


def _horizon_violations(
    ctx: _Context, person: Person, roster: Sequence[Assignment], focus: Assignment | None = None
) -> list[Violation]:
    """`succession`, `max_shifts`, `minutes`, `weekends` and the shortest runs.

    With `focus` (person_can_take) only the caps the new assignment takes part in are
    checked: minimums can still be met by later assignments.
    """
    found = _succession_violations(ctx, person, roster, focus)
    found += _cap_violations(ctx, person, roster, focus)
    if focus is None:
        found += _min_run_violations(ctx, person, roster)
    return found


def _succession_violations(
    ctx: _Context, person: Person, roster: Sequence[Assignment], focus: Assignment | None
) -> list[Violation]:
    pairs = ctx.org.forbidden_successions
    if not pairs:
        return []
    history = ctx.history.get(person.id, [])
    starts: dict[date, list[tuple[str, bool]]] = defaultdict(list)
    for a in history:
        starts[a.date].append((a.shift, True))
    for a in roster:
        starts[a.date].append((a.shift, False))
    found = []
    for day in sorted(starts):
        for first, first_past in starts[day]:
            for second, second_past in starts.get(day + ONE_DAY, ()):
                if (first, second) not in pairs or (first_past and second_past):
                    continue
                if focus is not None and (focus.date, focus.shift) not in (
                    (day, first),
                    (day + ONE_DAY, second),
                ):
                    continue
                detail = f"{second} on {day + ONE_DAY} may not follow {first} on {day}"
                when = (day + ONE_DAY).isoformat()
                found.append(Violation("succession", person.id, when, detail))
    return found


def _weekend_of(day: date) -> date | None:
    """The Saturday of the weekend `day` belongs to (None on a weekday)."""
    if day.weekday() == 5:
        return day
    if day.weekday() == 6:
        return day - ONE_DAY
    return None


def _cap_violations(
    ctx: _Context, person: Person, roster: Sequence[Assignment], focus: Assignment | None
) -> list[Violation]:
    """`max_shifts`, `minutes` (the upper bound; the lower too without focus), `weekends`."""
    limits = person.limits
    mine = [a for a in roster if ctx.horizon.contains(a.date)]
    span = f"{ctx.horizon.start}..{ctx.horizon.end}"
    found = []
    per_shift = Counter(a.shift for a in mine)
    for shift, cap in sorted(limits.max_shifts.items()):
        if focus is not None and focus.shift != shift:
            continue
        if per_shift[shift] > cap:
            detail = f"{per_shift[shift]} {shift} shifts in the horizon, at most {cap}"
            found.append(Violation("max_shifts", person.id, span, detail))
    minutes = sum(ctx.org.shifts[a.shift].minutes for a in mine)
    if limits.max_minutes is not None and minutes > limits.max_minutes:
        detail = f"{minutes} minutes of shifts in the horizon, at most {limits.max_minutes}"
        found.append(Violation("minutes", person.id, span, detail))
    if focus is None and limits.min_minutes is not None and minutes < limits.min_minutes:
        detail = f"{minutes} minutes of shifts in the horizon, at least {limits.min_minutes}"
        found.append(Violation("minutes", person.id, span, detail))
    if limits.max_weekends is not None and (focus is None or _weekend_of(focus.date)):
        worked = sorted({sat for a in mine if (sat := _weekend_of(a.date)) is not None})
        if len(worked) > limits.max_weekends:
            listed = ", ".join(str(d) for d in worked)
            detail = f"{len(worked)} weekends worked ({listed}), at most {limits.max_weekends}"
            found.append(Violation("weekends", person.id, span, detail))
    return found


def _min_run_violations(
    ctx: _Context, person: Person, roster: Sequence[Assignment]
) -> list[Violation]:
    """Runs of working days / days off shorter than allowed, not touching a horizon end."""
    limits = person.limits
    if limits.min_consecutive_days <= 1 and limits.min_consecutive_days_off <= 1:
        return []
    days = ctx.horizon.dates
    worked = {a.date for a in roster}
    found = []
    first = 0
    for i in range(1, len(days) + 1):
        if i < len(days) and (days[i] in worked) == (days[first] in worked):
            continue
        last = i - 1
        working = days[first] in worked
        if working:
            rule, minimum, what = "min_consecutive_days", limits.min_consecutive_days, "working"
        else:
            rule, minimum, what = "min_consecutive_days_off", limits.min_consecutive_days_off, "off"
        length = last - first + 1
        if first > 0 and last < len(days) - 1 and length < minimum:
            detail = (
                f"{length} consecutive days {what} {days[first]}..{days[last]}, at least {minimum}"
            )
            found.append(Violation(rule, person.id, f"{days[first]}..{days[last]}", detail))
        first = i
    return found


# --------------------------------------------------------------------------- objective


def _objective(ctx: _Context, known: list[Assignment]) -> tuple[list[Penalty], list[Unfilled]]:
    """Every objective term of docs/rules.md, in the order the page lists them."""
    at: dict[SlotKey, list[Person]] = defaultdict(list)
    for a in known:
        at[(a.date, a.shift, a.post)].append(ctx.org.people[a.person])
    penalties, unfilled = _unfilled_terms(ctx, at)
    penalties += _fairness_terms(ctx, known)
    penalties += _request_terms(ctx, known)
    penalties += _continuity_terms(ctx, known)
    penalties += _home_terms(ctx, known)
    penalties += _team_lead_terms(ctx, at)
    penalties += _stability_terms(ctx, known)
    return [p for p in penalties if p.cost != 0], unfilled


def _unfilled_terms(
    ctx: _Context, at: Mapping[SlotKey, list[Person]]
) -> tuple[list[Penalty], list[Unfilled]]:
    """Missing heads and missing skill holders per slot."""
    penalties: list[Penalty] = []
    holes: list[Unfilled] = []
    for key, need in ctx.slots.items():
        found, parts = _slot_terms(ctx, key, need, at.get(key, []))
        penalties += found
        holes += parts
    return penalties, holes


def _slot_terms(
    ctx: _Context, key: SlotKey, need: SlotNeed, people: Sequence[Person]
) -> tuple[list[Penalty], list[Unfilled]]:
    """Overstaffing and missing heads / skill holders of one slot."""
    day, shift, post = key
    weight = ctx.org.weights.unfilled if need.under_weight is None else need.under_weight
    penalties: list[Penalty] = []
    parts: list[Unfilled] = []
    texts = []
    extra = len(people) - need.count
    if need.over_weight is not None and extra > 0:
        detail = f"{len(people)} assigned, {need.count} needed"
        cost = need.over_weight * extra
        penalties.append(Penalty("overstaffing", f"{post}/{shift}", day.isoformat(), cost, detail))
    if need.count > len(people):
        parts.append(Unfilled(day, shift, post, None, need.count - len(people)))
        texts.append(f"{need.count - len(people)} of {need.count} people")
    for skill, minimum in need.skills.items():
        have = sum(1 for p in people if skill in p.skills)
        if minimum > have:
            parts.append(Unfilled(day, shift, post, skill, minimum - have))
            texts.append(f"{minimum - have} of {minimum} {skill}")
    if not parts:
        return penalties, parts
    missing = sum(u.missing for u in parts)
    detail = "missing " + ", ".join(texts)
    penalties.append(
        Penalty("unfilled", f"{post}/{shift}", day.isoformat(), weight * missing, detail)
    )
    return penalties, parts


def _pool_of(ctx: _Context, person: Person) -> str:
    """The first fairness pool holding a skill of the person, else "*"."""
    for pool in ctx.org.fairness_pools:
        if pool.skills & person.skills:
            return pool.id
    return "*"


def _available_count(ctx: _Context, person: Person, category: str) -> int:
    """a_p: available horizon dates, of the category's kind for weekend and holiday
    (cached per problem)."""
    key = (person.id, category)
    found = ctx.available_counts.get(key)
    if found is None:
        found = ctx.available_counts[key] = _count_available(ctx, person, category)
    return found


def _count_available(ctx: _Context, person: Person, category: str) -> int:
    days = ctx.available_dates(person)
    if category == "weekend":
        return sum(1 for d in days if ctx.info(d).is_weekend)
    if category == "holiday":
        return sum(1 for d in days if ctx.info(d).is_holiday)
    return len(days)


def _members(ctx: _Context, category: str) -> dict[str, list[str]]:
    """Pool id -> members for `category`, pools in config order then "*" (cached per
    problem: do not modify the result)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown fairness category {category!r}")
    found = ctx.members_cache.get(category)
    if found is None:
        found = ctx.members_cache[category] = _find_members(ctx, category)
    return found


def _find_members(ctx: _Context, category: str) -> dict[str, list[str]]:
    posts = ctx.unit_posts(category)
    pools: dict[str, list[str]] = {p.id: [] for p in ctx.org.fairness_pools}
    pools["*"] = []
    for person in ctx.org.people.values():
        if not any(_may_work(person, post) for post in posts):
            continue
        if _available_count(ctx, person, category) > 0:
            pools[_pool_of(ctx, person)].append(person.id)
    return {pool: members for pool, members in pools.items() if members}


def _loads(ctx: _Context, roster: Iterable[Assignment]) -> dict[str, list[int]]:
    """Person id -> units per category (CATEGORIES order) of history plus roster."""
    if ctx.history_loads is None:
        ctx.history_loads = {p: [0] * len(CATEGORIES) for p in ctx.org.people}
        for group in ctx.history.values():
            _add_loads(ctx, ctx.history_loads, group)
    loads = {p: list(row) for p, row in ctx.history_loads.items()}
    _add_loads(ctx, loads, roster)
    return loads


def _add_loads(ctx: _Context, loads: dict[str, list[int]], group: Iterable[Assignment]) -> None:
    for a in group:
        row = loads[a.person]
        for i, units in enumerate(ctx.units(a.date, a.shift)):
            row[i] += units


def _fairness_terms(ctx: _Context, known: list[Assignment]) -> list[Penalty]:
    """|R * L_p - r_p * T| per member of every pool with at least two members."""
    loads = _loads(ctx, known)
    penalties: list[Penalty] = []
    for index, pool, members in _priced_pools(ctx):
        penalties += _pool_penalties(ctx, index, pool, members, loads)
    return penalties


def _priced_pools(ctx: _Context) -> list[tuple[int, str, list[str]]]:
    """(category index, pool, members) of every pool the objective prices, in its order."""
    found = []
    for index, category in enumerate(CATEGORIES):
        if ctx.org.weights.fairness.get(category, 0) <= 0:
            continue
        for pool, members in _members(ctx, category).items():
            if len(members) >= 2:
                found.append((index, pool, members))
    return found


def _pool_penalties(
    ctx: _Context, index: int, pool: str, members: list[str], loads: Mapping[str, list[int]]
) -> list[Penalty]:
    """The fairness terms of one priced pool for the loads of everyone."""
    category = CATEGORIES[index]
    load = {p: loads[p][index] for p in members}
    return _pool_terms(ctx, category, pool, load, ctx.org.weights.fairness[category])


def _pool_terms(
    ctx: _Context, category: str, pool: str, load: Mapping[str, int], weight: int
) -> list[Penalty]:
    """The fairness terms of one pool: shares r_p of 1000 by availability, loads L_p."""
    people = ctx.org.people
    avail = {p: _available_count(ctx, people[p], category) for p in load}
    total_avail = sum(avail.values())
    share = {p: (2000 * a + total_avail) // (2 * total_avail) for p, a in avail.items()}
    total_share = sum(share.values())
    total_load = sum(load.values())
    tolerance = ctx.org.weights.fairness_tolerance.get(category, 0)
    when = ctx.horizon.start.isoformat()
    unit = _UNIT_NAMES[category]
    penalties = []
    for p, own in load.items():
        dev = total_share * own - share[p] * total_load
        fair = share[p] * total_load / total_share if total_share else 0.0
        detail = (
            f"{own} {unit} against a fair {fair:.2f} of {total_load} in pool {pool} "
            f"(share {share[p]}/{total_share}, {avail[p]} of {total_avail} available days); "
            f"deviation {dev}"
        )
        excess = max(0, abs(dev) - total_share * tolerance)
        if excess:
            penalties.append(Penalty(f"fairness.{category}", p, when, weight * excess, detail))
    return penalties


def _request_terms(ctx: _Context, known: list[Assignment]) -> list[Penalty]:
    """Unmet day_off / shift / avoid wishes inside the horizon."""
    work: dict[tuple[str, date], set[str]] = defaultdict(set)
    for a in known:
        work[(a.person, a.date)].add(a.shift)
    penalties = []
    for req in ctx.org.requests:
        if not ctx.horizon.contains(req.date):
            continue
        found = _request_term(ctx, req, work.get((req.person, req.date), set()))
        if found is not None:
            penalties.append(found)
    return penalties


def _wishes(ctx: _Context) -> dict[str, list[int]]:
    """Person id -> indexes in `org.requests` of their wishes inside the horizon (cached)."""
    if ctx.wishes is None:
        ctx.wishes = defaultdict(list)
        for index, req in enumerate(ctx.org.requests):
            if ctx.horizon.contains(req.date):
                ctx.wishes[req.person].append(index)
    return ctx.wishes


def _request_term(ctx: _Context, req: Request, shifts: set[str]) -> Penalty | None:
    """The cost of one wish inside the horizon given the shifts of its person's day."""
    base = ctx.org.weights.request
    if req.kind == "day_off":
        unmet, detail = bool(shifts), f"wanted the day off, works {', '.join(sorted(shifts))}"
    elif req.kind == "shift":
        unmet, detail = req.shift not in shifts, f"wanted {req.shift}, not given"
    elif req.kind == "avoid":
        unmet, detail = req.shift in shifts, f"wanted to avoid {req.shift}, given"
    else:
        raise ValueError(f"unknown request kind {req.kind!r}")
    if unmet:
        detail += f" (weight {req.weight})"
        rule = f"request.{req.kind}"
        return Penalty(rule, req.person, req.date.isoformat(), base * req.weight, detail)
    return None


def _continuity_terms(ctx: _Context, known: list[Assignment]) -> list[Penalty]:
    """A volunteer moved to a new site the day after working at a site."""
    grouped = by_person(known)
    penalties = []
    for person in sorted(grouped):
        penalties += _continuity_of(ctx, person, grouped[person])
    return penalties


def _continuity_of(ctx: _Context, person: str, mine: Iterable[Assignment]) -> list[Penalty]:
    """The continuity terms of one person's assignments (none unless a volunteer)."""
    if person not in ctx.org.people or not ctx.org.people[person].is_volunteer:
        return []
    sites: dict[date, set[str]] = defaultdict(set)
    for a in mine:
        if ctx.org.posts[a.post].kind == "site":
            sites[a.date].add(a.post)
    weight = ctx.org.weights.continuity
    penalties = []
    for day in ctx.horizon.dates[1:] if sites else ():
        before = sites.get(day - ONE_DAY, set())
        new = sites.get(day, set()) - before
        if before and new:
            detail = f"moved from {', '.join(sorted(before))} to {', '.join(sorted(new))}"
            penalties.append(Penalty("continuity", person, day.isoformat(), weight, detail))
    return penalties


def _home_terms(ctx: _Context, known: list[Assignment]) -> list[Penalty]:
    """Site work away from the person's home community."""
    return [found for a in known if (found := _home_term(ctx, a)) is not None]


def _home_term(ctx: _Context, a: Assignment) -> Penalty | None:
    """The home term of one assignment (cached per problem)."""
    if a in ctx.home_terms:
        return ctx.home_terms[a]
    org = ctx.org
    post = org.posts[a.post]
    home = org.people[a.person].home_community
    found = None
    away = post.community is not None and home is not None and post.community != home
    if post.kind == "site" and away:
        near = org.communities[post.community].district == org.communities[home].district
        cost = org.weights.home_same_district if near else org.weights.home_far
        where = "same district" if near else "another district"
        detail = f"{a.shift} at {a.post} in {post.community}, home {home} ({where})"
        found = Penalty("home", a.person, a.date.isoformat(), cost, detail)
    ctx.home_terms[a] = found
    return found


def _team_lead_terms(ctx: _Context, at: Mapping[SlotKey, list[Person]]) -> list[Penalty]:
    """Team slots without a team lead or an experienced person."""
    penalties = []
    for key in ctx.slots:
        found = _team_lead_term(ctx, key, at.get(key, []))
        if found is not None:
            penalties.append(found)
    return penalties


def _team_lead_term(ctx: _Context, key: SlotKey, people: Sequence[Person]) -> Penalty | None:
    """The team-lead term of one slot (None if not a team slot or one is there)."""
    org = ctx.org
    day, shift, post = key
    if not org.posts[post].team:
        return None
    if any(org.team_lead_skill in p.skills or p.experienced for p in people):
        return None
    detail = f"no {org.team_lead_skill} or experienced person among {len(people)} assigned"
    return Penalty("team_lead", f"{post}/{shift}", day.isoformat(), org.weights.team_lead, detail)


def _stability_terms(ctx: _Context, known: list[Assignment]) -> list[Penalty]:
    """Changes against the previous roster inside the horizon."""
    if not ctx.problem.previous:
        return []
    weight = ctx.org.weights.stability
    if ctx.previous_in_horizon is None:
        ctx.previous_in_horizon = frozenset(
            a for a in ctx.problem.previous if ctx.horizon.contains(a.date)
        )
    previous = ctx.previous_in_horizon
    current = set(known)
    changes = [(a, "dropped") for a in sorted(previous - current)]
    changes += [(a, "added") for a in sorted(current - previous)]
    return [
        Penalty("stability", a.person, a.date.isoformat(), weight, f"{how} {a.shift} at {a.post}")
        for a, how in changes
    ]
