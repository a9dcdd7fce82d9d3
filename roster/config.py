"""Load and validate rosters.toml into a `domain.Organisation` (docs/config.md).

Reading is strict: unknown keys, wrong types, duplicate ids, unknown references
and contradictory values are all collected and raised together as one
`ConfigError`, each problem located by its TOML key path.
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import holidays

from roster.configread import (
    Converter,
    Invalid,
    Reader,
    a_date,
    at_least,
    between,
    boolean,
    clock,
    clock_end,
    expected,
    ident,
    integer,
    join,
    number,
    positive,
    quote,
    string,
    suggest,
    text,
)
from roster.domain import (
    CATEGORIES,
    DAY_PATTERNS,
    PERSON_KINDS,
    POST_KINDS,
    REQUEST_KINDS,
    STAFF,
    Assignment,
    CalendarConfig,
    Community,
    DateRange,
    DayPattern,
    Demand,
    FairnessPool,
    Limits,
    Organisation,
    Person,
    Post,
    Request,
    ShiftType,
    Skill,
    SolverSettings,
    Unit,
    Weights,
    Window,
    frozen_map,
)
from roster.errors import ConfigError, ConfigProblem

T = TypeVar("T")

MAX_SHIFT_MINUTES = 48 * 60
MAX_CODE_LENGTH = 4

_TABLES = ("organisation", "calendar", "solver", "defaults", "rules", "weights", "skills")
_ARRAYS = (
    "units",
    "communities",
    "shifts",
    "posts",
    "demand",
    "fairness_pools",
    "people",
    "requests",
    "locks",
)
_REQUIRED = ("organisation", "skills", "units", "shifts", "posts", "demand", "people")

# Allowed and required keys of each array-of-tables entry.
_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "units": (("id", "name"), ("id", "name")),
    "communities": (("id", "name", "district"), ("id", "name", "district")),
    "shifts": (
        ("id", "name", "code", "start", "hours", "minutes", "night"),
        ("id", "name", "code", "start"),
    ),
    "posts": (
        (
            "id",
            "name",
            "code",
            "kind",
            "community",
            "eligible_skills",
            "volunteers_allowed",
            "team",
        ),
        ("id", "name", "code", "kind"),
    ),
    "demand": (
        ("post", "shift", "days", "count", "skills", "from", "to", "under_weight", "over_weight"),
        ("post", "shift", "count"),
    ),
    "fairness_pools": (("id", "skills"), ("id", "skills")),
    "people": (
        (
            "id",
            "name",
            "unit",
            "kind",
            "skills",
            "home",
            "experienced",
            "limits",
            "availability",
            "leave",
        ),
        ("id", "name", "unit"),
    ),
    "requests": (("person", "date", "kind", "shift", "weight"), ("person", "date", "kind")),
    "locks": (("person", "date", "shift", "post"), ("person", "date", "shift", "post")),
}

_SOLVER: dict[str, Converter[Any]] = {
    "time_limit": positive(number),
    "workers": at_least(integer, 1),
    "seed": at_least(integer, 0),
    "relative_gap": between(number, 0, 1),
}

_TOML_AT = re.compile(r"(.*) \(at line (\d+), column (\d+)\)", re.DOTALL)
_TOML_END = re.compile(r"(.*) \(at end of document\)", re.DOTALL)
_HEAD = re.compile(r"[^.\[ ]*")


# --- entry points -------------------------------------------------------------


def load_config(path: str | Path) -> Organisation:
    """Read, parse and validate a config file; raise ConfigError listing every problem."""
    source = str(path)
    return parse_config(_parse_toml(_read(Path(path), source), source), source)


def parse_config(data: Mapping[str, Any], source: str = "rosters.toml") -> Organisation:
    """Validate already-parsed TOML data (`source` names it in messages)."""
    reader = Reader(source)
    if not isinstance(data, Mapping):
        reader.report("", str(expected("a table at the top level", data)))
        raise ConfigError(reader.problems)
    org = _organisation(reader, data)
    if reader.problems:
        raise ConfigError(_in_file_order(reader.problems, data))
    return org


def _fail(
    source: str, message: str, hint: str = "", line: int | None = None, col: int | None = None
) -> ConfigError:
    return ConfigError([ConfigProblem(source, "", message, hint, line, col)])


def _read(path: Path, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        hint = "check the path (--config), or create it as docs/config.md describes"
        raise _fail(source, "config file not found", hint) from None
    except UnicodeDecodeError:
        raise _fail(source, "config file is not UTF-8 text") from None
    except OSError as exc:
        raise _fail(source, f"cannot read config file: {exc.strerror or exc}") from None


def _parse_toml(text_: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text_)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = _syntax_location(str(exc), text_)
        raise _fail(source, f"TOML syntax error: {message}", line=line, col=col) from None


def _syntax_location(message: str, text_: str) -> tuple[str, int | None, int | None]:
    """Split tomllib's "... (at line L, column C)" into message, line and column."""
    if match := _TOML_AT.fullmatch(message):
        return match[1], int(match[2]), int(match[3])
    if match := _TOML_END.fullmatch(message):
        lines = text_.split("\n")
        return f"{match[1]} (at end of file)", len(lines), len(lines[-1]) + 1
    return message, None, None


def _in_file_order(problems: list[ConfigProblem], data: Mapping[str, Any]) -> list[ConfigProblem]:
    """Problems sorted (stably) by where their top-level key appears in the file."""
    order = {key: i for i, key in enumerate(data)}

    def rank(problem: ConfigProblem) -> int:
        head = _HEAD.match(problem.key_path)
        return order.get(head[0] if head else "", len(order))

    return sorted(problems, key=rank)


# --- the whole organisation -----------------------------------------------------


def _organisation(r: Reader, data: Mapping[str, Any]) -> Organisation:
    _check_top(r, data)
    name = r.get(
        _section(r, data, "organisation", ("name",), ("name",)), "organisation", "name", text
    )
    skills = _skills(r, data)
    units = _entities(r, data, "units", "unit", _unit)
    communities = _entities(r, data, "communities", "community", _community)
    shifts = _entities(r, data, "shifts", "shift", _shift)
    posts = _entities(r, data, "posts", "post", _post)
    defaults = (
        _limits(r, data["defaults"], "defaults", Limits()) if "defaults" in data else Limits()
    )
    people = _entities(r, data, "people", "person", partial(_person, defaults=defaults))
    return Organisation(
        name=name or "",
        units=frozen_map(units),
        skills=frozen_map(skills),
        communities=frozen_map(communities),
        people=frozen_map(people),
        shifts=frozen_map(shifts),
        posts=frozen_map(posts),
        demand=_records(r, data, "demand", _demand),
        requests=_records(r, data, "requests", _request),
        locks=_locks(r, data, people, posts, shifts),
        fairness_pools=tuple(_entities(r, data, "fairness_pools", "fairness pool", _pool).values()),
        defaults=defaults,
        weights=_weights(r, data),
        calendar=_calendar(r, data),
        solver=_solver(r, data),
        team_lead_skill=_team_lead_skill(r, data, posts),
        source=r.source,
        forbidden_successions=_successions(r, data),
    )


def _check_top(r: Reader, data: Mapping[str, Any]) -> None:
    r.table(dict(data), "", (*_TABLES, *_ARRAYS))
    for key in _REQUIRED:
        header = f"[[{key}]]" if key in _ARRAYS else f"[{key}]"
        if key not in data:
            r.report("", f"missing required {header}")
        elif key in _ARRAYS and data[key] == []:
            r.report(key, f"{header} must not be empty")


def _section(
    r: Reader,
    data: Mapping[str, Any],
    key: str,
    allowed: tuple[str, ...] | Mapping[str, Any],
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A top-level table (empty if absent or not a table)."""
    if key not in data:
        return {}
    return r.table(data[key], key, tuple(allowed), required) or {}


def _entities(
    r: Reader,
    data: Mapping[str, Any],
    key: str,
    kind: str,
    build: Callable[[Reader, str, dict[str, Any], str], T],
) -> dict[str, T]:
    """An array of tables with unique ids, built in config order and declared to `r`."""
    allowed, required = _KEYS[key]
    out: dict[str, T] = {}
    where: dict[str, str] = {}
    for path, item in r.items(data, key):
        r.table(item, path, allowed, required)
        uid = r.get(item, path, "id", ident)
        built = build(r, path, item, uid or "")
        if uid is None:
            continue
        if uid in where:
            r.report(
                join(path, "id"), f"duplicate {kind} id {quote(uid)}", f"first at {where[uid]}"
            )
            continue
        where[uid] = path
        out[uid] = built
    if isinstance(data.get(key), list):
        r.declare(kind, {uid: getattr(obj, "name", uid) for uid, obj in out.items()})
    return out


def _records(
    r: Reader, data: Mapping[str, Any], key: str, build: Callable[[Reader, str, dict[str, Any]], T]
) -> tuple[T, ...]:
    """An array of tables without ids."""
    allowed, required = _KEYS[key]
    out = []
    for path, item in r.items(data, key):
        r.table(item, path, allowed, required)
        out.append(build(r, path, item))
    return tuple(out)


def _ref(r: Reader, item: Mapping[str, Any], path: str, key: str, kind: str) -> str | None:
    """A string field that must name a declared id of `kind` (None if absent or bad)."""
    value = r.get(item, path, key, string)
    return value if r.ref(value, join(path, key), kind) else None


def _date_range(r: Reader, path: str, item: Mapping[str, Any]) -> tuple[date | None, date | None]:
    """Optional inclusive `from`/`to` dates; a reversed range is reported."""
    start = r.get(item, path, "from", a_date)
    end = r.get(item, path, "to", a_date)
    if start and end and end < start:
        r.report(join(path, "to"), f'reversed date range: "to" ({end}) is before "from" ({start})')
    return start, end


# --- catalogues ---------------------------------------------------------------


def _skills(r: Reader, data: Mapping[str, Any]) -> dict[str, Skill]:
    value = data.get("skills", {})
    if not isinstance(value, dict):
        hint = 'write skills as `id = "name"` lines under [skills]'
        r.report("skills", str(expected("a table", value)), hint)
        return {}
    out = {}
    for key, name in value.items():
        path = join("skills", key)
        if r.convert(path, key, ident) is not None:
            out[key] = Skill(key, r.convert(path, name, text) or key)
    if "skills" in data:
        r.declare("skill", {k: s.name for k, s in out.items()})
    return out


def _unit(r: Reader, path: str, item: dict[str, Any], uid: str) -> Unit:
    return Unit(uid, r.get(item, path, "name", text) or "")


def _community(r: Reader, path: str, item: dict[str, Any], uid: str) -> Community:
    name = r.get(item, path, "name", text) or ""
    return Community(uid, name, r.get(item, path, "district", text) or "")


def _code(value: Any) -> str:
    code = text(value)
    if len(code) > MAX_CODE_LENGTH:
        raise Invalid(f"must be at most {MAX_CODE_LENGTH} characters, got {quote(code)}")
    return code


def _hours(value: Any) -> int:
    """Shift hours (a number) as whole minutes."""
    minutes = number(value) * 60
    if minutes != round(minutes):
        raise Invalid(f"must be a whole number of minutes, got {value} hours")
    return round(minutes)


def _shift_minutes(r: Reader, path: str, item: dict[str, Any]) -> int | None:
    keys = [k for k in ("hours", "minutes") if k in item]
    if len(keys) != 1:
        message = 'give only one of "hours" and "minutes"'
        r.report(path, message if keys else 'missing required key "hours" (or "minutes")')
        return None
    key = keys[0]
    minutes = r.get(item, path, key, _hours if key == "hours" else integer)
    if minutes is not None and not 0 < minutes <= MAX_SHIFT_MINUTES:
        message = f"shift length must be more than 0 and at most 48 hours, got {item[key]} {key}"
        r.report(join(path, key), message)
        return None
    return minutes


def _shift(r: Reader, path: str, item: dict[str, Any], uid: str) -> ShiftType:
    return ShiftType(
        id=uid,
        name=r.get(item, path, "name", text) or "",
        code=r.get(item, path, "code", _code) or "",
        start=r.get(item, path, "start", clock) or time(0),
        minutes=_shift_minutes(r, path, item) or 0,
        night=bool(r.get(item, path, "night", boolean, False)),
    )


def _post(r: Reader, path: str, item: dict[str, Any], uid: str) -> Post:
    kind = r.get(item, path, "kind", string)
    r.choice(kind, join(path, "kind"), "post kind", POST_KINDS)
    return Post(
        id=uid,
        name=r.get(item, path, "name", text) or "",
        code=r.get(item, path, "code", text) or "",
        kind=kind or "",
        community=_ref(r, item, path, "community", "community"),
        eligible_skills=frozenset(r.refs(item, path, "eligible_skills", "skill")),
        volunteers_allowed=bool(r.get(item, path, "volunteers_allowed", boolean, True)),
        team=bool(r.get(item, path, "team", boolean, False)),
    )


def _pool(r: Reader, path: str, item: dict[str, Any], uid: str) -> FairnessPool:
    skills = r.refs(item, path, "skills", "skill")
    if item.get("skills") == []:
        r.report(join(path, "skills"), "must list at least one skill")
    return FairnessPool(uid, frozenset(skills))


# --- demand ---------------------------------------------------------------------


def _demand(r: Reader, path: str, item: dict[str, Any]) -> Demand:
    count = r.get(item, path, "count", at_least(integer, 0))
    start, end = _date_range(r, path, item)
    return Demand(
        post=_ref(r, item, path, "post", "post") or "",
        shift=_ref(r, item, path, "shift", "shift") or "",
        count=count or 0,
        days=_day_pattern(r, join(path, "days"), item.get("days", "all")),
        skills=_skill_minimums(r, join(path, "skills"), item.get("skills", {}), count),
        start=start,
        end=end,
        under_weight=r.get(item, path, "under_weight", at_least(integer, 0)),
        over_weight=r.get(item, path, "over_weight", at_least(integer, 0)),
    )


def _day_pattern(r: Reader, path: str, value: Any) -> DayPattern:
    """A named pattern, or an array of dates."""
    if isinstance(value, list):
        if not value:
            r.report(path, "the list of dates is empty")
        days = (r.convert(join(path, i), v, a_date) for i, v in enumerate(value))
        return DayPattern("dates", frozenset(d for d in days if d is not None))
    if not isinstance(value, str):
        r.report(path, str(expected("a day pattern or an array of dates", value)))
        return DayPattern()
    r.choice(value, path, "day pattern", DAY_PATTERNS)
    return DayPattern(value)


def _skill_minimums(r: Reader, path: str, value: Any, count: int | None) -> Mapping[str, int]:
    if not isinstance(value, dict):
        r.report(path, str(expected("a table of skill = minimum", value)))
        return frozen_map()
    out = {}
    for skill, raw in value.items():
        where = join(path, skill)
        minimum = r.convert(where, raw, at_least(integer, 0))
        if not r.ref(skill, where, "skill") or minimum is None:
            continue
        if count is not None and minimum > count:
            r.report(where, f"minimum {minimum} is more than the demand count {count}")
        out[skill] = minimum
    return frozen_map(out)


# --- people -----------------------------------------------------------------------


def _limits(r: Reader, value: Any, path: str, base: Limits) -> Limits:
    """`base` with the keys of `value` (a table of Limits fields) overriding it."""
    table = r.table(value, path, [f.name for f in fields(Limits)])
    if table is None:
        return base
    changes: dict[str, Any] = {}
    for f in fields(Limits):
        if f.name == "max_shifts":
            continue
        kind = number if isinstance(getattr(base, f.name), float) else integer
        got = r.get(table, path, f.name, at_least(kind, 0))
        if got is not None:
            changes[f.name] = got
    if "max_shifts" in table:
        # A table shift id -> cap (0: never that shift).
        where = join(path, "max_shifts")
        value = table["max_shifts"]
        caps = r.table(value, where, list(value) if isinstance(value, dict) else ())
        if caps is not None:
            merged = dict(base.max_shifts)
            for shift in caps:
                got = r.get(caps, where, shift, at_least(integer, 0))
                if got is not None and r.ref(shift, join(where, shift), "shift"):
                    merged[shift] = got
            changes["max_shifts"] = frozen_map(merged)
    return replace(base, **changes)


def _window(r: Reader, path: str, value: Any) -> Window | None:
    table = r.table(value, path, ("days", "from", "to"))
    if table is None:
        return None
    days = r.get(table, path, "days", string, "all")
    r.choice(days, join(path, "days"), "day pattern", DAY_PATTERNS)
    start = r.get(table, path, "from", clock, time(0))
    end = r.get(table, path, "to", clock_end, time(0))
    return Window(days or "all", start or time(0), end or time(0))


def _leave(r: Reader, path: str, value: Any) -> DateRange | None:
    table = r.table(value, path, ("from", "to", "reason"), ("from", "to"))
    if table is None:
        return None
    start, end = _date_range(r, path, table)
    reason = r.get(table, path, "reason", string, "")
    if start is None or end is None:
        return None
    return DateRange(start, end, reason or "")


def _person(r: Reader, path: str, item: dict[str, Any], uid: str, defaults: Limits) -> Person:
    kind = r.get(item, path, "kind", string, STAFF)
    r.choice(kind, join(path, "kind"), "person kind", PERSON_KINDS)
    windows = (_window(r, p, v) for p, v in r.array(item, path, "availability"))
    leave = (_leave(r, p, v) for p, v in r.array(item, path, "leave"))
    limits = item.get("limits")
    return Person(
        id=uid,
        name=r.get(item, path, "name", text) or "",
        unit=_ref(r, item, path, "unit", "unit") or "",
        kind=kind or STAFF,
        skills=frozenset(r.refs(item, path, "skills", "skill")),
        home_community=_ref(r, item, path, "home", "community"),
        limits=defaults if limits is None else _limits(r, limits, join(path, "limits"), defaults),
        availability=tuple(w for w in windows if w is not None),
        leave=tuple(x for x in leave if x is not None),
        experienced=bool(r.get(item, path, "experienced", boolean, False)),
    )


# --- requests and locks -------------------------------------------------------------


def _request(r: Reader, path: str, item: dict[str, Any]) -> Request:
    kind = r.get(item, path, "kind", string)
    r.choice(kind, join(path, "kind"), "request kind", REQUEST_KINDS)
    if kind in ("shift", "avoid") and "shift" not in item:
        r.report(path, f'request kind "{kind}" needs a "shift"')
    if kind == "day_off" and "shift" in item:
        r.report(join(path, "shift"), 'request kind "day_off" takes no "shift"')
    return Request(
        person=_ref(r, item, path, "person", "person") or "",
        date=r.get(item, path, "date", a_date) or date.min,
        kind=kind or "",
        weight=r.get(item, path, "weight", at_least(integer, 1), 1) or 1,
        shift=_ref(r, item, path, "shift", "shift"),
    )


def _locks(
    r: Reader,
    data: Mapping[str, Any],
    people: Mapping[str, Person],
    posts: Mapping[str, Post],
    shifts: Mapping[str, ShiftType],
) -> tuple[Assignment, ...]:
    allowed, required = _KEYS["locks"]
    out: dict[Assignment, str] = {}
    for path, item in r.items(data, "locks"):
        r.table(item, path, allowed, required)
        lock = _lock(r, path, item)
        if lock is None:
            continue
        if lock in out:
            r.report(path, "duplicate lock", f"same as {out[lock]}")
            continue
        out[lock] = path
        person, post, shift = people[lock.person], posts[lock.post], shifts[lock.shift]
        _check_lock(r, path, lock, person, post, shift)
    return tuple(out)


def _lock(r: Reader, path: str, item: dict[str, Any]) -> Assignment | None:
    person = _ref(r, item, path, "person", "person")
    day = r.get(item, path, "date", a_date)
    shift = _ref(r, item, path, "shift", "shift")
    post = _ref(r, item, path, "post", "post")
    if person is None or day is None or shift is None or post is None:
        return None
    return Assignment(day, shift, post, person)


def _check_lock(
    r: Reader, path: str, lock: Assignment, person: Person, post: Post, shift: ShiftType
) -> None:
    """A lock must be workable: volunteers allowed, skills held, not on leave."""
    who = f"{quote(person.id)} ({person.name})"
    at = f"post {quote(post.id)} ({post.name})"
    if person.is_volunteer and not post.volunteers_allowed:
        r.report(path, f"volunteer {who} is locked to {at}, which does not allow volunteers")
    if post.eligible_skills and not person.skills & post.eligible_skills:
        needed = ", ".join(quote(s) for s in sorted(post.eligible_skills))
        r.report(path, f"person {who} is locked to {at} but holds none of its skills {needed}")
    begin, end = shift.interval(lock.date)
    for leave in person.leave:
        off = datetime.combine(leave.start, time(0))
        back = datetime.combine(leave.end + timedelta(days=1), time(0))
        if begin < back and off < end:
            message = f"person {who} is locked on {lock.date} ({shift.id}) but is on leave"
            r.report(path, f"{message} {leave.start} .. {leave.end}")


# --- settings -------------------------------------------------------------------------


def _settings(
    r: Reader, table: Mapping[str, Any], path: str, converters: Mapping[str, Converter[Any]]
) -> dict[str, Any]:
    """The valid values among `converters`' keys present in `table`."""
    out = {}
    for key, convert in converters.items():
        value = r.get(table, path, key, convert)
        if value is not None:
            out[key] = value
    return out


def _weights(r: Reader, data: Mapping[str, Any]) -> Weights:
    names = [f.name for f in fields(Weights)]
    table = _section(r, data, "weights", tuple(names))
    tables = ("fairness", "fairness_tolerance")
    plain = {name: at_least(integer, 0) for name in names if name not in tables}
    changes: dict[str, Any] = _settings(r, table, "weights", plain)
    if "fairness" in table:
        path = "weights.fairness"
        fairness = r.table(table["fairness"], path, CATEGORIES) or {}
        costs = _settings(r, fairness, path, {c: at_least(integer, 0) for c in CATEGORIES})
        changes["fairness"] = frozen_map({**Weights().fairness, **costs})
    if "fairness_tolerance" in table:
        path = "weights.fairness_tolerance"
        bands = r.table(table["fairness_tolerance"], path, CATEGORIES) or {}
        values = _settings(r, bands, path, {c: at_least(integer, 0) for c in CATEGORIES})
        changes["fairness_tolerance"] = frozen_map({**Weights().fairness_tolerance, **values})
    return replace(Weights(), **changes)


def _solver(r: Reader, data: Mapping[str, Any]) -> SolverSettings:
    table = _section(r, data, "solver", _SOLVER)
    return replace(SolverSettings(), **_settings(r, table, "solver", _SOLVER))


_RULE_KEYS = ("team_lead_skill", "forbidden_successions")


def _successions(r: Reader, data: Mapping[str, Any]) -> frozenset[tuple[str, str]]:
    """`rules.forbidden_successions`: pairs [a, b], shift b not the day after shift a."""
    table = data.get("rules")
    if not isinstance(table, dict):
        return frozenset()
    pairs = set()
    for path, value in r.array(table, "rules", "forbidden_successions"):
        if not (isinstance(value, list) and len(value) == 2):
            r.report(path, str(expected("a pair of shift ids [first, next]", value)))
            continue
        ids = [r.convert(join(path, i), v, ident) for i, v in enumerate(value)]
        if all(v is not None and r.ref(v, join(path, i), "shift") for i, v in enumerate(ids)):
            pairs.add((ids[0], ids[1]))
    return frozenset(pairs)


def _team_lead_skill(r: Reader, data: Mapping[str, Any], posts: Mapping[str, Post]) -> str:
    table = _section(r, data, "rules", _RULE_KEYS)
    skill = r.get(table, "rules", "team_lead_skill", ident, "team_lead")
    teams = [p.id for p in posts.values() if p.team]
    if "team_lead_skill" in table:
        r.ref(skill, "rules.team_lead_skill", "skill")
    elif teams and skill not in r.known.get("skill", {}):
        message = (
            f"post {quote(teams[0])} has team = true, but skill {quote(skill)} is not declared"
        )
        r.report("rules.team_lead_skill", message, "declare it under [skills] or set this key")
    return skill or "team_lead"


def _check_country(r: Reader, path: str, code: str | None) -> None:
    """The `holidays` package must know the country (the full list only for hints)."""
    if code is None:
        return
    try:
        holidays.country_holidays(code, years=[])
    except NotImplementedError:
        hint = suggest(code, sorted(holidays.list_supported_countries()))
        r.report(path, f"unknown country code {quote(code)}", hint)


def _check_timezone(r: Reader, path: str, name: str | None) -> None:
    if name is None:
        return
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        r.report(path, f"unknown time zone {quote(name)}", suggest(name, _zones()))


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _calendar(r: Reader, data: Mapping[str, Any]) -> CalendarConfig:
    keys = ("country", "timezone", "extra_holidays", "makeup_workdays")
    table = _section(r, data, "calendar", keys)
    country = r.get(table, "calendar", "country", string, "CN")
    if country:  # "" means no public holidays at all
        _check_country(r, "calendar.country", country)
    zone = r.get(table, "calendar", "timezone", string, "Asia/Shanghai")
    _check_timezone(r, "calendar.timezone", zone)
    extra = _extra_holidays(r, table)
    makeups = set()
    for path, value in r.array(table, "calendar", "makeup_workdays"):
        day = r.convert(path, value, a_date)
        if day is not None and day in extra:
            r.report(path, f"{day} is both an extra holiday and a make-up workday")
        elif day is not None:
            makeups.add(day)
    return CalendarConfig(
        "CN" if country is None else country,
        zone or "Asia/Shanghai",
        frozen_map(extra),
        frozenset(makeups),
    )


def _extra_holidays(r: Reader, table: Mapping[str, Any]) -> dict[date, str]:
    out: dict[date, str] = {}
    for path, value in r.array(table, "calendar", "extra_holidays"):
        item = r.table(value, path, ("date", "name"), ("date", "name"))
        if item is None:
            continue
        day = r.get(item, path, "date", a_date)
        name = r.get(item, path, "name", text)
        if day is not None and day in out:
            r.report(join(path, "date"), f"holiday {day} is listed twice")
        elif day is not None and name is not None:
            out[day] = name
    return out
