"""The publication JSON (roster.json): the contract other programs read.

`to_publication` builds the document, `write_json` writes it atomically with a stable byte
layout, `read_publication` reads it back into domain types with errors that name the file and
the JSON path of the bad field. The format is described in docs/publication.md.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

from roster.domain import (
    Assignment,
    Horizon,
    Organisation,
    Penalty,
    Problem,
    Roster,
    ShiftType,
    Status,
    Unfilled,
    frozen_map,
)
from roster.publish.atomic import atomic_write_text
from roster.publish.common import in_zone, iso, org_of, zone_of

SCHEMA = 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PublicationError(Exception):
    """A publication file that cannot be read: names the file and the JSON path."""

    def __init__(self, path: str | os.PathLike[str], json_path: str, message: str) -> None:
        self.path = str(path)
        self.json_path = json_path
        self.message = message
        super().__init__(f"{self.path}: {json_path}: {message}")


@dataclass(frozen=True)
class Publication:
    """A publication read back from roster.json."""

    week_start: date
    days: int
    generated_at: datetime
    status: Status
    objective: int | None
    seed: int | None
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    penalties: tuple[Penalty, ...] = ()
    fairness: Mapping[str, Any] = field(default_factory=frozen_map, hash=False)

    @property
    def horizon(self) -> Horizon:
        return Horizon(self.week_start, self.days)


# -- building --------------------------------------------------------------------------------


def _lookup(table: Mapping[str, Any], key: str, what: str, item: object) -> Any:
    try:
        return table[key]
    except KeyError:
        raise ValueError(f"{item}: unknown {what} {key!r} (not in the configuration)") from None


def assignment_key(org: Organisation, a: Assignment) -> tuple[date, time, str, str, str]:
    """Publication order: date, shift start, shift, post, person."""
    shift: ShiftType = _lookup(org.shifts, a.shift, "shift", a)
    return (a.date, shift.start, a.shift, a.post, a.person)


def _interval(org: Organisation, day: date, shift_id: str, item: object) -> tuple[str, str]:
    shift: ShiftType = _lookup(org.shifts, shift_id, "shift", item)
    zone = zone_of(org)
    begin, end = shift.interval(day)
    return iso(begin.replace(tzinfo=zone)), iso(end.replace(tzinfo=zone))


def _assignment_doc(org: Organisation, a: Assignment) -> dict[str, Any]:
    person = _lookup(org.people, a.person, "person", a)
    post = _lookup(org.posts, a.post, "post", a)
    shift = _lookup(org.shifts, a.shift, "shift", a)
    unit = org.units.get(person.unit)
    start, end = _interval(org, a.date, a.shift, a)
    return {
        "person": a.person,
        "name": person.name,
        "unit": person.unit,
        "unit_name": unit.name if unit else person.unit,
        "date": a.date.isoformat(),
        "shift": a.shift,
        "shift_name": shift.name,
        "post": a.post,
        "post_name": post.name,
        "start": start,
        "end": end,
    }


def _unfilled_doc(org: Organisation, u: Unfilled) -> dict[str, Any]:
    post = _lookup(org.posts, u.post, "post", u)
    shift = _lookup(org.shifts, u.shift, "shift", u)
    skill = org.skills.get(u.skill) if u.skill else None
    start, end = _interval(org, u.date, u.shift, u)
    return {
        "date": u.date.isoformat(),
        "shift": u.shift,
        "shift_name": shift.name,
        "post": u.post,
        "post_name": post.name,
        "skill": u.skill,
        "skill_name": (skill.name if skill else u.skill) if u.skill else None,
        "missing": u.missing,
        "reason": u.reason,
        "start": start,
        "end": end,
    }


def _plain(value: Any, where: str) -> Any:
    """A JSON-ready copy of caller data (mappings with string keys, lists, scalars)."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"fairness{where}: key {key!r} is not a string")
            out[key] = _plain(item, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"fairness{where}: {value!r} is not a finite number")
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise ValueError(f"fairness{where}: {type(value).__name__} is not JSON data")


def to_publication(
    problem_or_org: Problem | Organisation,
    roster: Roster,
    fairness: Mapping[str, Any] | None,
    generated_at: datetime,
) -> dict[str, Any]:
    """The publication document of `roster` (plain JSON data, deterministic order)."""
    org = org_of(problem_or_org)
    zone = zone_of(org)
    assignments = sorted(set(roster.assignments), key=lambda a: assignment_key(org, a))
    unfilled = sorted(
        roster.unfilled,
        key=lambda u: (
            u.date,
            _lookup(org.shifts, u.shift, "shift", u).start,
            u.shift,
            u.post,
            u.skill or "",
            u.missing,
            u.reason,
        ),
    )
    penalties = sorted(roster.penalties, key=lambda p: (p.rule, p.when, p.who, p.detail, p.cost))
    return {
        "schema": SCHEMA,
        "organisation": org.name,
        "timezone": zone.key,
        "week_start": roster.horizon.start.isoformat(),
        "days": roster.horizon.days,
        "generated_at": iso(in_zone(generated_at, zone)),
        "status": Status(roster.status).value,
        "objective": roster.objective,
        "seed": roster.seed,
        "assignments": [_assignment_doc(org, a) for a in assignments],
        "unfilled": [_unfilled_doc(org, u) for u in unfilled],
        "fairness": _plain(fairness or {}, ""),
        "penalties": [
            {"rule": p.rule, "who": p.who, "when": p.when, "cost": p.cost, "detail": p.detail}
            for p in penalties
        ],
    }


def dumps(doc: Mapping[str, Any]) -> str:
    """The canonical text of a document: sorted keys, indent 2, real UTF-8, final newline."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False) + "\n"


def write_json(path: str | os.PathLike[str], doc: Mapping[str, Any]) -> None:
    """Write `doc` atomically (temp file in the same directory, fsync, os.replace)."""
    atomic_write_text(path, dumps(doc))


# -- reading ---------------------------------------------------------------------------------


class _Reader:
    """Typed field access that reports the file and the JSON path of a bad value."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, message: str) -> NoReturn:
        raise PublicationError(self.file, where, message)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {_kind(value)}")
        return value

    def get(self, obj: dict[str, Any], key: str, where: str) -> Any:
        if key not in obj:
            self.fail(f"{where}.{key}", "missing field")
        return obj[key]

    def string(self, obj: dict[str, Any], key: str, where: str, nullable: bool = False) -> Any:
        value = self.get(obj, key, where)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", f"expected a string, got {_kind(value)}")
        return value

    def integer(
        self,
        obj: dict[str, Any],
        key: str,
        where: str,
        nullable: bool = False,
        minimum: int | None = 0,
    ) -> Any:
        value = self.get(obj, key, where)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{where}.{key}", f"expected an integer, got {_kind(value)}")
        if minimum is not None and value < minimum:
            self.fail(f"{where}.{key}", f"expected an integer >= {minimum}, got {value}")
        return value

    def day(self, obj: dict[str, Any], key: str, where: str) -> date:
        text = self.string(obj, key, where)
        try:
            if _ISO_DATE.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(f"{where}.{key}", f'expected an ISO date "YYYY-MM-DD", got {text!r}')

    def moment(self, obj: dict[str, Any], key: str, where: str) -> datetime:
        text = self.string(obj, key, where)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            self.fail(
                f"{where}.{key}",
                f"expected an ISO 8601 date-time with UTC offset, got {text!r}",
            )
        return value

    def items(self, obj: dict[str, Any], key: str, where: str) -> list[tuple[dict, str]]:
        value = self.get(obj, key, where)
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", f"expected a list, got {_kind(value)}")
        return [
            (self.obj(v, f"{where}.{key}[{i}]"), f"{where}.{key}[{i}]") for i, v in enumerate(value)
        ]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def from_document(doc: Any, file: str = "<publication>") -> Publication:
    """Check a parsed document and convert it; `file` names it in errors."""
    r = _Reader(file)
    top = r.obj(doc, "$")
    schema = r.integer(top, "schema", "$")
    if schema != SCHEMA:
        r.fail("$.schema", f"unsupported schema version {schema} (this program reads {SCHEMA})")
    week_start = r.day(top, "week_start", "$")
    days = r.integer(top, "days", "$", minimum=1)
    horizon = Horizon(week_start, days)
    status_text = r.string(top, "status", "$")
    try:
        status = Status(status_text)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        r.fail("$.status", f"unknown status {status_text!r} (one of {choices})")

    assignments = []
    for item, where in r.items(top, "assignments", "$"):
        a = Assignment(
            date=r.day(item, "date", where),
            shift=r.string(item, "shift", where),
            post=r.string(item, "post", where),
            person=r.string(item, "person", where),
        )
        if not horizon.contains(a.date):
            r.fail(f"{where}.date", f"{a.date} is outside the published horizon")
        assignments.append(a)

    unfilled = [
        Unfilled(
            date=r.day(item, "date", where),
            shift=r.string(item, "shift", where),
            post=r.string(item, "post", where),
            skill=r.string(item, "skill", where, nullable=True),
            missing=r.integer(item, "missing", where, minimum=1),
            reason=r.string(item, "reason", where),
        )
        for item, where in r.items(top, "unfilled", "$")
    ]
    penalties = []
    if "penalties" in top:
        penalties = [
            Penalty(
                rule=r.string(item, "rule", where),
                who=r.string(item, "who", where),
                when=r.string(item, "when", where),
                cost=r.integer(item, "cost", where, minimum=None),
                detail=r.string(item, "detail", where),
            )
            for item, where in r.items(top, "penalties", "$")
        ]
    fairness = r.obj(top.get("fairness", {}), "$.fairness")

    return Publication(
        week_start=week_start,
        days=days,
        generated_at=r.moment(top, "generated_at", "$"),
        status=status,
        objective=r.integer(top, "objective", "$", nullable=True, minimum=None),
        seed=r.integer(top, "seed", "$", nullable=True),
        assignments=tuple(assignments),
        unfilled=tuple(unfilled),
        penalties=tuple(penalties),
        fairness=frozen_map(fairness),
    )


def read_publication(path: str | os.PathLike[str]) -> Publication:
    """Read roster.json; any problem raises PublicationError naming file and JSON path."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PublicationError(file, "$", f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PublicationError(file, "$", f"not UTF-8 (byte {exc.start})") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise PublicationError(file, "$", message) from exc
    return from_document(doc, file)
