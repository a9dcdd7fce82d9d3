"""Reader for the Curtois & Qu shift-scheduling instances and a TSV schedule format.

Instance files (`Instance1.txt` ... `Instance24.txt`) are comma separated text split into
seven sections. Lexical rules of the benchmark description (provenance: bench/curtois/README.md):

* a line whose first non-blank character is `#` is a comment;
* a trailing `\\r` and surrounding whitespace are stripped, empty lines are ignored;
* a line that is exactly a section keyword starts that section; sections are found by keyword,
  not by position, so their order and the blank lines between them do not matter;
* identifiers (staff, shift types) are strings; days are integers counted from 0.

Schedules are stored one assignment per line, `employee<TAB>day<TAB>shift`, days off omitted.

Every error in an input file raises `CurtoisFormatError` naming the file and the line.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

SECTION_HORIZON = "SECTION_HORIZON"
SECTION_SHIFTS = "SECTION_SHIFTS"
SECTION_STAFF = "SECTION_STAFF"
SECTION_DAYS_OFF = "SECTION_DAYS_OFF"
SECTION_SHIFT_ON_REQUESTS = "SECTION_SHIFT_ON_REQUESTS"
SECTION_SHIFT_OFF_REQUESTS = "SECTION_SHIFT_OFF_REQUESTS"
SECTION_COVER = "SECTION_COVER"
SECTIONS = (
    SECTION_HORIZON,
    SECTION_SHIFTS,
    SECTION_STAFF,
    SECTION_DAYS_OFF,
    SECTION_SHIFT_ON_REQUESTS,
    SECTION_SHIFT_OFF_REQUESTS,
    SECTION_COVER,
)

# A staff line that omits a shift type in MaxShifts may not work that type. This never
# happens in the published set; "not allowed" is the conservative reading (it can only make
# a schedule look worse, never hide a violation).
MISSING_MAX_SHIFTS = 0

TEXT_SOURCE = "<string>"

_UINT = re.compile(r"[0-9]+")
_INT = re.compile(r"[+-]?[0-9]+")
_IDENT = re.compile(r"[^\s,|=#]+")


class CurtoisFormatError(ValueError):
    """Malformed benchmark input; `source` and `line` (1-based, or None) locate it."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Shift:
    """A shift type: length in minutes and the types that may not be worked the next day."""

    id: str
    length: int
    cannot_follow: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Staff:
    """One employee and every limit of the staff line (minutes are shift lengths summed)."""

    id: str
    max_shifts: Mapping[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class ShiftRequest:
    """A wish to work (on-request) or not to work (off-request) `shift` on `day`."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    """Wanted number of employees on `shift` on `day`, with per-head under/over weights."""

    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class CurtoisInstance:
    """A whole instance; mappings are read-only and keep the order of the file."""

    name: str
    horizon: int
    shifts: Mapping[str, Shift]
    staff: Mapping[str, Staff]
    days_off: Mapping[str, frozenset[int]]
    on_requests: tuple[ShiftRequest, ...]
    off_requests: tuple[ShiftRequest, ...]
    cover: tuple[Cover, ...]
    source: str = field(default=TEXT_SOURCE, compare=False)

    @property
    def weeks(self) -> int:
        """Number of whole weeks in the horizon."""
        return self.horizon // 7

    @property
    def weekends(self) -> int:
        """Number of weekends whose Saturday lies in the horizon (H/7 for whole weeks)."""
        return (self.horizon + 1) // 7

    def weekend_days(self, week: int) -> tuple[int, ...]:
        """Saturday and Sunday of `week` (day 0 is a Monday), clipped to the horizon."""
        return tuple(d for d in (7 * week + 5, 7 * week + 6) if d < self.horizon)

    def fixed_days_off(self, employee: str) -> frozenset[int]:
        """Days on which `employee` must not work (empty if the file lists none)."""
        return self.days_off.get(employee, frozenset())


# --------------------------------------------------------------------------- instance reader


def parse_instance(source: str | os.PathLike[str], *, name: str | None = None) -> CurtoisInstance:
    """Parse an instance from a path, or from its text if `source` is a str with a line break."""
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return parse_instance_text(source, name=name or "")
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurtoisFormatError(str(path), None, f"cannot read file: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CurtoisFormatError(str(path), None, f"not UTF-8/ASCII text: {exc}") from exc
    return parse_instance_text(text, source=str(path), name=name or path.stem)


def parse_instance_text(text: str, *, source: str = TEXT_SOURCE, name: str = "") -> CurtoisInstance:
    """Parse the text of an instance; `source` names it in error messages."""
    return _InstanceParser(source).parse(text, name)


_Line = tuple[int, list[str]]  # (1-based line number, stripped comma-separated fields)


class _InstanceParser:
    """Two passes: split lines into sections by keyword, then read sections in dependency order."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, line: int | None, message: str) -> CurtoisFormatError:
        return CurtoisFormatError(self.source, line, message)

    # -- pass 1: lexical
    def split_sections(self, text: str) -> dict[str, list[_Line]]:
        sections: dict[str, list[_Line]] = {}
        current: str | None = None
        last = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            last = number
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                if line not in SECTIONS:
                    raise self.fail(number, f"unknown section keyword {line!r}")
                if line in sections:
                    raise self.fail(number, f"section {line} appears twice")
                sections[line] = []
                current = line
                continue
            if current is None:
                raise self.fail(number, f"data before the first section keyword: {line!r}")
            sections[current].append((number, [f.strip() for f in line.split(",")]))
        missing = [s for s in SECTIONS if s not in sections]
        if missing:
            raise self.fail(
                None, f"missing section(s): {', '.join(missing)} (file has {last} lines)"
            )
        return sections

    # -- field helpers
    def uint(self, line: int, value: str, what: str) -> int:
        # A sign is accepted because Instance15 writes two cover requirements as "-0".
        if not _INT.fullmatch(value) or int(value) < 0:
            raise self.fail(line, f"{what} must be a non-negative integer, got {value!r}")
        return int(value)

    def ident(self, line: int, value: str, what: str) -> str:
        if not _IDENT.fullmatch(value):
            raise self.fail(line, f"{what} must be a non-empty identifier, got {value!r}")
        return value

    def fields(self, line: int, values: list[str], count: int, layout: str) -> list[str]:
        """Exactly `count` fields; extra trailing empty fields (trailing commas) are dropped."""
        while len(values) > count and values[-1] == "":
            values = values[:-1]
        if len(values) != count:
            raise self.fail(line, f"expected {count} fields ({layout}), got {len(values)}")
        return values

    def day(self, line: int, value: str, horizon: int) -> int:
        day = self.uint(line, value, "day")
        if day >= horizon:
            raise self.fail(line, f"day {day} outside the horizon 0..{horizon - 1}")
        return day

    def shift_ref(self, line: int, value: str, shifts: Mapping[str, Shift]) -> str:
        shift = self.ident(line, value, "shift ID")
        if shift not in shifts:
            raise self.fail(line, f"unknown shift type {shift!r}")
        return shift

    def staff_ref(self, line: int, value: str, staff: Mapping[str, Staff]) -> str:
        employee = self.ident(line, value, "employee ID")
        if employee not in staff:
            raise self.fail(line, f"unknown employee {employee!r}")
        return employee

    # -- pass 2: sections
    def parse(self, text: str, name: str) -> CurtoisInstance:
        sections = self.split_sections(text)
        horizon = self.horizon(sections[SECTION_HORIZON])
        shifts = self.shifts(sections[SECTION_SHIFTS])
        staff = self.staff(sections[SECTION_STAFF], shifts)
        return CurtoisInstance(
            name=name,
            horizon=horizon,
            shifts=shifts,
            staff=staff,
            days_off=self.days_off(sections[SECTION_DAYS_OFF], staff, horizon),
            on_requests=self.requests(sections[SECTION_SHIFT_ON_REQUESTS], staff, shifts, horizon),
            off_requests=self.requests(
                sections[SECTION_SHIFT_OFF_REQUESTS], staff, shifts, horizon
            ),
            cover=self.cover(sections[SECTION_COVER], shifts, horizon),
            source=self.source,
        )

    def horizon(self, lines: list[_Line]) -> int:
        if len(lines) != 1:
            where = lines[1][0] if len(lines) > 1 else None
            raise self.fail(
                where, f"{SECTION_HORIZON} must hold exactly one line, got {len(lines)}"
            )
        number, values = lines[0]
        (value,) = self.fields(number, values, 1, "H")
        horizon = self.uint(number, value, "horizon")
        if horizon == 0:
            raise self.fail(number, "horizon must be at least one day")
        return horizon

    def shifts(self, lines: list[_Line]) -> Mapping[str, Shift]:
        if not lines:
            raise self.fail(None, f"{SECTION_SHIFTS} lists no shift type")
        raw: dict[str, tuple[int, int, list[str]]] = {}
        for number, values in lines:
            if len(values) == 2:  # "D,480" without the trailing comma
                values = [*values, ""]
            shift_id, length, follow = self.fields(
                number, values, 3, "ShiftID,LengthMinutes,CannotFollow"
            )
            shift_id = self.ident(number, shift_id, "shift ID")
            if shift_id in raw:
                raise self.fail(number, f"shift type {shift_id!r} defined twice")
            minutes = self.uint(number, length, "shift length")
            if minutes == 0:
                raise self.fail(number, "shift length must be positive")
            entries = follow.split("|") if follow else []
            names = [self.ident(number, f.strip(), "CannotFollow entry") for f in entries]
            raw[shift_id] = (number, minutes, names)
        shifts: dict[str, Shift] = {}
        for shift_id, (number, minutes, names) in raw.items():
            for other in names:
                if other not in raw:
                    raise self.fail(number, f"CannotFollow names unknown shift type {other!r}")
            shifts[shift_id] = Shift(shift_id, minutes, frozenset(names))
        return MappingProxyType(shifts)

    def staff(self, lines: list[_Line], shifts: Mapping[str, Shift]) -> Mapping[str, Staff]:
        layout = (
            "ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,"
            "MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends"
        )
        staff: dict[str, Staff] = {}
        for number, values in lines:
            employee, caps, *limits = self.fields(number, values, 8, layout)
            employee = self.ident(number, employee, "employee ID")
            if employee in staff:
                raise self.fail(number, f"employee {employee!r} defined twice")
            names = (
                "MaxTotalMinutes",
                "MinTotalMinutes",
                "MaxConsecutiveShifts",
                "MinConsecutiveShifts",
                "MinConsecutiveDaysOff",
                "MaxWeekends",
            )
            numbers = [self.uint(number, v, n) for v, n in zip(limits, names, strict=True)]
            staff[employee] = Staff(employee, self.max_shifts(number, caps, shifts), *numbers)
        if not staff:
            raise self.fail(None, f"{SECTION_STAFF} lists no employee")
        return MappingProxyType(staff)

    def max_shifts(self, number: int, caps: str, shifts: Mapping[str, Shift]) -> Mapping[str, int]:
        given: dict[str, int] = {}
        for pair in caps.split("|") if caps else []:
            shift, sep, limit = pair.partition("=")
            if not sep:
                raise self.fail(number, f"MaxShifts entry {pair!r} is not ShiftID=limit")
            shift = self.shift_ref(number, shift.strip(), shifts)
            if shift in given:
                raise self.fail(number, f"MaxShifts lists shift type {shift!r} twice")
            given[shift] = self.uint(number, limit.strip(), f"MaxShifts limit for {shift}")
        return MappingProxyType({s: given.get(s, MISSING_MAX_SHIFTS) for s in shifts})

    def days_off(
        self, lines: list[_Line], staff: Mapping[str, Staff], horizon: int
    ) -> Mapping[str, frozenset[int]]:
        days_off: dict[str, frozenset[int]] = {e: frozenset() for e in staff}
        seen: set[str] = set()
        for number, values in lines:
            employee = self.staff_ref(number, values[0], staff)
            if employee in seen:
                raise self.fail(number, f"second {SECTION_DAYS_OFF} line for {employee!r}")
            seen.add(employee)
            days = values[1:]
            while days and days[-1] == "":
                days = days[:-1]
            days_off[employee] = frozenset(self.day(number, d, horizon) for d in days)
        return MappingProxyType(days_off)

    def requests(
        self,
        lines: list[_Line],
        staff: Mapping[str, Staff],
        shifts: Mapping[str, Shift],
        horizon: int,
    ) -> tuple[ShiftRequest, ...]:
        result = []
        for number, values in lines:
            employee, day, shift, weight = self.fields(
                number, values, 4, "EmployeeID,Day,ShiftID,Weight"
            )
            result.append(
                ShiftRequest(
                    employee=self.staff_ref(number, employee, staff),
                    day=self.day(number, day, horizon),
                    shift=self.shift_ref(number, shift, shifts),
                    weight=self.uint(number, weight, "weight"),
                )
            )
        return tuple(result)

    def cover(
        self, lines: list[_Line], shifts: Mapping[str, Shift], horizon: int
    ) -> tuple[Cover, ...]:
        result = []
        seen: set[tuple[int, str]] = set()
        for number, values in lines:
            day, shift, requirement, under, over = self.fields(
                number, values, 5, "Day,ShiftID,Requirement,WeightUnder,WeightOver"
            )
            line = Cover(
                day=self.day(number, day, horizon),
                shift=self.shift_ref(number, shift, shifts),
                requirement=self.uint(number, requirement, "requirement"),
                weight_under=self.uint(number, under, "under weight"),
                weight_over=self.uint(number, over, "over weight"),
            )
            if (line.day, line.shift) in seen:
                raise self.fail(number, f"second cover line for day {line.day}, {line.shift}")
            seen.add((line.day, line.shift))
            result.append(line)
        return tuple(result)


# --------------------------------------------------------------------------- schedules

ScheduleRow = tuple[str, int, str]


def read_schedule_tsv(path: str | os.PathLike[str]) -> list[ScheduleRow]:
    """Read `employee<TAB>day<TAB>shift` lines; blank and `#` lines are skipped.

    An optional first line `employee<TAB>day<TAB>shift` is taken as a header. Rows are returned
    in file order; whether they fit an instance is the evaluator's business.
    """
    source = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CurtoisFormatError(source, None, f"cannot read file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CurtoisFormatError(source, None, f"not UTF-8/ASCII text: {exc}") from exc
    rows: list[ScheduleRow] = []
    first = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        values = [v.strip() for v in line.split("\t")]
        if first and [v.lower() for v in values] == ["employee", "day", "shift"]:
            first = False
            continue
        first = False
        if len(values) != 3:
            raise CurtoisFormatError(
                source, number, f"expected 3 tab-separated fields, got {len(values)}"
            )
        employee, day, shift = values
        if not _IDENT.fullmatch(employee) or not _IDENT.fullmatch(shift):
            raise CurtoisFormatError(source, number, f"bad employee or shift ID in {line!r}")
        if not _UINT.fullmatch(day):
            raise CurtoisFormatError(source, number, f"day must be a non-negative integer: {day!r}")
        rows.append((employee, int(day), shift))
    return rows


def write_schedule_tsv(path: str | os.PathLike[str], rows: Iterable[ScheduleRow]) -> None:
    """Write rows sorted by (employee, day, shift), atomically (temp file + os.replace)."""
    lines = []
    for employee, day, shift in sorted(rows):
        if not _IDENT.fullmatch(employee) or not _IDENT.fullmatch(shift):
            raise ValueError(f"bad employee or shift ID in row {(employee, day, shift)!r}")
        if isinstance(day, bool) or not isinstance(day, int) or day < 0:
            raise ValueError(f"day must be a non-negative int in row {(employee, day, shift)!r}")
        lines.append(f"{employee}\t{day}\t{shift}\n")
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
