"""Builders of small Organisations and Problems for tests, with sensible defaults.

    org = make_org(people=["p1", make_person("p2", skills={"lead"})], demand=[make_demand()])
    problem = make_problem(org, days=7, history=[assign("p1", date(2026, 11, 29))])

Defaults: three staff people `p1`..`p3`, shifts `D` (08:00, 8 h), `N` (22:00, 8 h, night) and
`D24` (08:30, 24 h), one post `desk` open to anyone, and demand for one person on `D` at `desk`
every day. Skills, units and communities that are referenced but not given are declared
automatically (a community gets a district of its own id unless given).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any

from roster.domain import (
    STAFF,
    Assignment,
    CalendarConfig,
    Community,
    DateRange,
    DayPattern,
    Demand,
    FairnessPool,
    Horizon,
    Limits,
    Organisation,
    Person,
    Post,
    Problem,
    Request,
    ShiftType,
    Skill,
    Unit,
    Weights,
    Window,
    frozen_map,
)

START = date(2026, 11, 30)  # a Monday


def clock(value: str | time) -> time:
    """`"08:30"` -> time(8, 30); a time passes through."""
    if isinstance(value, time):
        return value
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def make_person(
    id: str,
    *,
    skills: Iterable[str] = (),
    unit: str = "office",
    kind: str = STAFF,
    limits: Limits | None = None,
    availability: Iterable[Window] = (),
    leave: Iterable[DateRange] = (),
    home: str | None = None,
    experienced: bool = False,
    name: str | None = None,
) -> Person:
    """A person; `limits` None means the default Limits()."""
    return Person(
        id=id,
        name=name or id,
        unit=unit,
        kind=kind,
        skills=frozenset(skills),
        home_community=home,
        limits=limits or Limits(),
        availability=tuple(availability),
        leave=tuple(leave),
        experienced=experienced,
    )


def make_shift(
    id: str,
    start: str | time = "08:00",
    *,
    hours: float | None = None,
    minutes: int | None = None,
    night: bool = False,
    code: str | None = None,
) -> ShiftType:
    """A shift type; give `hours` or `minutes` (default 8 hours)."""
    if minutes is None:
        minutes = round((8 if hours is None else hours) * 60)
    return ShiftType(
        id=id, name=id, code=code or id[:4], start=clock(start), minutes=minutes, night=night
    )


def make_post(
    id: str,
    *,
    kind: str = "desk",
    skills: Iterable[str] = (),
    community: str | None = None,
    volunteers_allowed: bool = True,
    team: bool = False,
) -> Post:
    """A post; `skills` are its eligible skills (empty: anyone)."""
    return Post(
        id=id,
        name=id,
        code=id[:4],
        kind=kind,
        community=community,
        eligible_skills=frozenset(skills),
        volunteers_allowed=volunteers_allowed,
        team=team,
    )


def make_demand(
    post: str = "desk",
    shift: str = "D",
    count: int = 1,
    *,
    days: str | Iterable[date] = "all",
    skills: Mapping[str, int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Demand:
    """A demand line; `days` is a pattern name or a collection of dates."""
    pattern = DayPattern(days) if isinstance(days, str) else DayPattern("dates", frozenset(days))
    return Demand(post, shift, count, pattern, frozen_map(skills or {}), start, end)


def make_weights(
    *,
    zero: bool = False,
    fairness: Mapping[str, int] | None = None,
    tolerance: Mapping[str, int] | None = None,
    **kw: int,
) -> Weights:
    """Weights from the defaults (or all 0, tolerances too, with `zero=True`) with some changed."""
    base = Weights()
    if zero:
        base = Weights(
            unfilled=0,
            fairness=frozen_map(dict.fromkeys(base.fairness, 0)),
            request=0,
            continuity=0,
            home_same_district=0,
            home_far=0,
            team_lead=0,
            stability=0,
        )
    merged = {**base.fairness, **(fairness or {})}
    values = {
        "unfilled": base.unfilled,
        "request": base.request,
        "continuity": base.continuity,
        "home_same_district": base.home_same_district,
        "home_far": base.home_far,
        "team_lead": base.team_lead,
        "stability": base.stability,
        **kw,
    }
    bands = dict.fromkeys(base.fairness_tolerance, 0) if zero else dict(base.fairness_tolerance)
    bands.update(tolerance or {})
    return Weights(fairness=frozen_map(merged), fairness_tolerance=frozen_map(bands), **values)


def default_shifts() -> list[ShiftType]:
    return [
        make_shift("D", "08:00", hours=8),
        make_shift("N", "22:00", hours=8, night=True),
        make_shift("D24", "08:30", hours=24),
    ]


def _by_id(items: Iterable[Any], build: Any) -> dict[str, Any]:
    """Objects keyed by id; plain strings are built with `build(id)`."""
    built = [build(item) if isinstance(item, str) else item for item in items]
    return {item.id: item for item in built}


def _declared_skills(
    people: Iterable[Person],
    posts: Iterable[Post],
    demand: Iterable[Demand],
    pools: Iterable[FairnessPool],
    team_lead_skill: str,
) -> dict[str, Skill]:
    names: dict[str, None] = {}
    for person in people:
        names.update(dict.fromkeys(sorted(person.skills)))
    for post in posts:
        names.update(dict.fromkeys(sorted(post.eligible_skills)))
    for line in demand:
        names.update(dict.fromkeys(line.skills))
    for pool in pools:
        names.update(dict.fromkeys(sorted(pool.skills)))
    names[team_lead_skill] = None
    return {skill: Skill(skill, skill) for skill in names}


def _declared_communities(
    given: Iterable[Community], people: Iterable[Person], posts: Iterable[Post]
) -> dict[str, Community]:
    found = {c.id: c for c in given}
    referenced = [p.home_community for p in people] + [p.community for p in posts]
    for cid in referenced:
        if cid is not None and cid not in found:
            found[cid] = Community(cid, cid, cid)
    return found


def make_org(
    people: Iterable[Person | str] = ("p1", "p2", "p3"),
    shifts: Iterable[ShiftType | str] | None = None,
    posts: Iterable[Post | str] = ("desk",),
    demand: Iterable[Demand] | None = None,
    *,
    communities: Iterable[Community] = (),
    requests: Iterable[Request] = (),
    locks: Iterable[Assignment] = (),
    fairness_pools: Iterable[FairnessPool] = (),
    **overrides: Any,
) -> Organisation:
    """A minimal valid Organisation; any other Organisation field may be overridden.

    People given as ids get `overrides["defaults"]` (or Limits()) as their limits.
    """
    defaults = overrides.get("defaults", Limits())
    people_map = _by_id(people, lambda pid: make_person(pid, limits=defaults))
    shift_map = _by_id(shifts if shifts is not None else default_shifts(), make_shift)
    post_map = _by_id(posts, make_post)
    lines = tuple(demand) if demand is not None else (make_demand(),)
    pools = tuple(fairness_pools)
    lead = overrides.pop("team_lead_skill", "team_lead")
    fields: dict[str, Any] = {
        "name": "test org",
        "units": {p.unit: Unit(p.unit, p.unit) for p in people_map.values()},
        "skills": _declared_skills(people_map.values(), post_map.values(), lines, pools, lead),
        "communities": _declared_communities(communities, people_map.values(), post_map.values()),
        "calendar": CalendarConfig(),
        **overrides,
    }
    for key in ("units", "skills", "communities"):
        fields[key] = frozen_map(fields[key])
    return Organisation(
        people=frozen_map(people_map),
        shifts=frozen_map(shift_map),
        posts=frozen_map(post_map),
        demand=lines,
        requests=tuple(requests),
        locks=tuple(locks),
        fairness_pools=pools,
        team_lead_skill=lead,
        **fields,
    )


def make_problem(
    org: Organisation,
    start: date = START,
    days: int = 7,
    *,
    history: Iterable[Assignment] = (),
    previous: Iterable[Assignment] = (),
    locks: Iterable[Assignment] = (),
    extra_leave: Mapping[str, Iterable[DateRange]] | None = None,
    extra_demand: Iterable[Demand] = (),
) -> Problem:
    """A Problem over `days` days from `start` (a Monday by default)."""
    leave = {person: tuple(ranges) for person, ranges in (extra_leave or {}).items()}
    return Problem(
        org=org,
        horizon=Horizon(start, days),
        history=tuple(history),
        previous=tuple(previous),
        locks=tuple(locks),
        extra_leave=frozen_map(leave),
        extra_demand=tuple(extra_demand),
    )


def assign(person: str, day: date, shift: str = "D", post: str = "desk") -> Assignment:
    """An assignment, person first (reads better in tests)."""
    return Assignment(day, shift, post, person)
