"""Typed domain objects: what an organisation is, and what a roster is.

Everything here is a frozen dataclass built by `roster.config` (or by tests and
generators directly). The model, the validator, the store and the exports all
read these types; none of them reads TOML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType

STAFF = "staff"
VOLUNTEER = "volunteer"
PERSON_KINDS = (STAFF, VOLUNTEER)

POST_KINDS = ("desk", "hotline", "site", "depot")

# Day patterns for demand lines and availability windows.
DAY_PATTERNS = ("all", "weekdays", "weekends", "workdays", "restdays", "holidays")

# Fairness categories (docs/rules.md, "Fairness").
CATEGORIES = ("duty24", "weekend", "holiday", "night", "hours")

REQUEST_KINDS = ("day_off", "shift", "avoid")


def frozen_map(items: Mapping | None = None) -> Mapping:
    """An immutable mapping, so frozen dataclasses stay hashable-ish and safe."""
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Skill:
    id: str
    name: str


@dataclass(frozen=True)
class Unit:
    id: str
    name: str


@dataclass(frozen=True)
class Community:
    """A neighbourhood community; `district` groups communities that are near."""

    id: str
    name: str
    district: str


@dataclass(frozen=True)
class Limits:
    """Working-time limits; people inherit the defaults and may override any field.

    The horizon limits (docs/rules.md) count the roster's own assignments only: `max_shifts`
    caps the assignments of a shift type (0: never that shift; a type not listed is not
    capped), `min_minutes` / `max_minutes` bound the sum of shift lengths (None: no bound),
    `max_weekends` the Saturday/Sunday pairs worked (None: no cap). `min_consecutive_days`
    and `min_consecutive_days_off` are the shortest runs of working days and of days off
    allowed (1: no minimum); runs touching the first or the last horizon day are exempt.
    """

    min_rest_hours: float = 11.0
    rest_after_24h_hours: float = 24.0
    max_consecutive_days: int = 6
    max_hours_7d: int = 60
    max_24h_per_28d: int = 6
    max_shifts: Mapping[str, int] = field(default_factory=frozen_map, hash=False)
    min_minutes: int | None = None
    max_minutes: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of calendar dates with a reason (leave, training...)."""

    start: date
    end: date
    reason: str = ""

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Window:
    """When a person can work: a day pattern and a clock window.

    `end` may be earlier than `start` (the window crosses midnight). A shift
    fits a window if it starts on a day matching `days` and lies inside
    [start, end) of that day; `start == end` (the default) is the whole day:
    any shift starting on a matching day fits (docs/rules.md, "availability").
    """

    days: str = "all"
    start: time = time(0, 0)
    end: time = time(0, 0)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    unit: str
    kind: str = STAFF
    skills: frozenset[str] = frozenset()
    home_community: str | None = None
    limits: Limits = Limits()
    availability: tuple[Window, ...] = ()
    leave: tuple[DateRange, ...] = ()
    experienced: bool = False

    @property
    def is_volunteer(self) -> bool:
        return self.kind == VOLUNTEER


@dataclass(frozen=True)
class ShiftType:
    """A shift with a clock start and a length; it may cross midnight."""

    id: str
    name: str
    code: str
    start: time
    minutes: int
    night: bool = False

    @property
    def is_24h(self) -> bool:
        return self.minutes >= 24 * 60

    @property
    def hours(self) -> int:
        """Whole hours, the unit of the hours rules and the hours fairness category."""
        return round(self.minutes / 60)

    def interval(self, day: date) -> tuple[datetime, datetime]:
        """The real (local, naive) interval of this shift when it starts on `day`."""
        begin = datetime.combine(day, self.start)
        return begin, begin + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Post:
    """Where people work. `eligible_skills` empty means anyone may work here."""

    id: str
    name: str
    code: str
    kind: str
    community: str | None = None
    eligible_skills: frozenset[str] = frozenset()
    volunteers_allowed: bool = True
    team: bool = False


@dataclass(frozen=True)
class DayPattern:
    """`kind` is one of DAY_PATTERNS or "dates" (then `dates` lists them)."""

    kind: str = "all"
    dates: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Demand:
    """How many people a post needs on a shift, on the days of a pattern.

    `under_weight` replaces `Weights.unfilled` as the cost of a missing person at the
    slots of this line; `over_weight` set allows more people than `count`, each extra one
    costing `over_weight` (None: overstaffing is a hard violation). See docs/rules.md.
    """

    post: str
    shift: str
    count: int
    days: DayPattern = DayPattern()
    skills: Mapping[str, int] = field(default_factory=frozen_map)
    start: date | None = None
    end: date | None = None
    under_weight: int | None = None
    over_weight: int | None = None


@dataclass(frozen=True)
class Request:
    """A wish: `day_off` (no shift starting that day), `shift` (work it), `avoid`."""

    person: str
    date: date
    kind: str
    weight: int
    shift: str | None = None


@dataclass(frozen=True, order=True)
class Assignment:
    """One person on one shift at one post, starting on `date`."""

    date: date
    shift: str
    post: str
    person: str


@dataclass(frozen=True)
class FairnessPool:
    """People holding any of `skills` share duty among themselves."""

    id: str
    skills: frozenset[str]


@dataclass(frozen=True)
class Weights:
    """Costs of the soft goals (docs/rules.md gives each formula)."""

    unfilled: int = 1_000_000
    fairness: Mapping[str, int] = field(
        default_factory=lambda: frozen_map(
            {"duty24": 20, "weekend": 10, "holiday": 20, "night": 5, "hours": 1}
        )
    )
    fairness_tolerance: Mapping[str, int] = field(
        default_factory=lambda: frozen_map(
            {"duty24": 1, "weekend": 1, "holiday": 1, "night": 1, "hours": 8}
        )
    )
    request: int = 1_000
    continuity: int = 2_000
    home_same_district: int = 200
    home_far: int = 600
    team_lead: int = 50_000
    stability: int = 10_000


@dataclass(frozen=True)
class CalendarConfig:
    """`country` "" means no public holidays and no make-up workdays from the package."""

    country: str = "CN"
    timezone: str = "Asia/Shanghai"
    extra_holidays: Mapping[date, str] = field(default_factory=frozen_map)
    makeup_workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class SolverSettings:
    time_limit: float = 20.0
    workers: int = 2
    seed: int = 1
    relative_gap: float = 0.01


@dataclass(frozen=True)
class Organisation:
    """A whole validated configuration."""

    name: str
    units: Mapping[str, Unit]
    skills: Mapping[str, Skill]
    communities: Mapping[str, Community]
    people: Mapping[str, Person]
    shifts: Mapping[str, ShiftType]
    posts: Mapping[str, Post]
    demand: tuple[Demand, ...]
    requests: tuple[Request, ...] = ()
    locks: tuple[Assignment, ...] = ()
    fairness_pools: tuple[FairnessPool, ...] = ()
    defaults: Limits = Limits()
    weights: Weights = Weights()
    calendar: CalendarConfig = CalendarConfig()
    solver: SolverSettings = SolverSettings()
    team_lead_skill: str = "team_lead"
    source: str = "rosters.toml"
    # (a, b): shift b may not start the day after a day on which shift a starts.
    forbidden_successions: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Horizon:
    start: date
    days: int

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(self.days))

    @property
    def end(self) -> date:
        """The last day of the horizon (inclusive)."""
        return self.start + timedelta(days=self.days - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Problem:
    """One thing to solve: an organisation, a horizon and what surrounds it.

    `history` holds assignments before the horizon (look-back rules and
    fairness); `previous` a roster to stay close to (stability); `locks`
    assignments that must stay (in addition to `org.locks` in the horizon).
    """

    org: Organisation
    horizon: Horizon
    history: tuple[Assignment, ...] = ()
    previous: tuple[Assignment, ...] = ()
    locks: tuple[Assignment, ...] = ()
    extra_leave: Mapping[str, tuple[DateRange, ...]] = field(default_factory=frozen_map)
    extra_demand: tuple[Demand, ...] = ()

    def all_locks(self) -> tuple[Assignment, ...]:
        """Locks inside the horizon, from the config and from the caller."""
        inside = [a for a in (*self.org.locks, *self.locks) if self.horizon.contains(a.date)]
        return tuple(sorted(set(inside)))

    def leave_of(self, person: str) -> tuple[DateRange, ...]:
        return self.org.people[person].leave + tuple(self.extra_leave.get(person, ()))

    def all_demand(self) -> tuple[Demand, ...]:
        return self.org.demand + self.extra_demand


@dataclass(frozen=True)
class Penalty:
    """One named objective term: rule, who, when, cost (and a readable detail)."""

    rule: str
    who: str
    when: str
    cost: int
    detail: str = ""


@dataclass(frozen=True)
class Unfilled:
    """A hole in the roster: `missing` people (with `skill`, or any if None)."""

    date: date
    shift: str
    post: str
    skill: str | None
    missing: int
    reason: str = ""


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"  # time ran out before any roster was found
    INVALID = "invalid"


@dataclass(frozen=True)
class Roster:
    """A solved or edited roster for a horizon."""

    horizon: Horizon
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...] = ()
    status: Status = Status.FEASIBLE
    objective: int | None = None
    bound: int | None = None
    penalties: tuple[Penalty, ...] = ()
    seed: int | None = None
    wall_time: float | None = None
    first_solution_time: float | None = None
