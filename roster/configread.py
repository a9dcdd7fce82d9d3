"""Strict reading of parsed TOML: typed getters that collect problems.

`Reader` walks plain TOML data (dicts, lists, scalars), converts values with
small converter functions and records a `ConfigProblem` for every unknown key,
wrong type, bad value or unknown reference instead of stopping at the first.
Key paths are spelled in TOML terms: `people[12] (p013).skills[1]`.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

from roster.errors import ConfigProblem

T = TypeVar("T")
Converter = Callable[[Any], T]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_IDENT = re.compile(r"\S+")


class Invalid(Exception):
    """A value of the wrong type or form; the message says what was expected."""


# --- formatting -------------------------------------------------------------


def quote(value: object) -> str:
    """A string in double quotes, as in TOML (Chinese left readable)."""
    return json.dumps(str(value), ensure_ascii=False)


def describe(value: object) -> str:
    """A value named by its TOML type, e.g. `integer 5`, `string "x"`."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"{'integer' if isinstance(value, int) else 'float'} {value}"
    if isinstance(value, str):
        return f"string {quote(value)}"
    if isinstance(value, datetime):
        return f"datetime {value.isoformat()}"
    if isinstance(value, date | time):
        return f"{type(value).__name__} {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def expected(what: str, value: object) -> Invalid:
    return Invalid(f"expected {what}, got {describe(value)}")


def join(path: str, key: str | int) -> str:
    """Extend a key path by a key (quoted unless bare) or an array index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = key if _BARE_KEY.fullmatch(key) else quote(key)
    return f"{path}.{text}" if path else text


def suggest(word: str, choices: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """A "did you mean" hint for an unknown word, or the list of choices if short."""
    options = list(choices)
    for key, name in (names or {}).items():
        if word == name and key != word:
            return f"did you mean {quote(key)} ({name})?"
    lowered = {o.lower(): o for o in options}
    close = [lowered[word.lower()]] if word.lower() in lowered else []
    close = close or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {quote(close[0])}?"
    if 0 < len(options) <= 8:
        return "expected one of " + ", ".join(quote(o) for o in options)
    return ""


# --- converters -------------------------------------------------------------


def string(value: Any) -> str:
    if not isinstance(value, str):
        raise expected("a string", value)
    return value


def text(value: Any) -> str:
    """A non-blank string (names)."""
    if not string(value).strip():
        raise Invalid("must not be empty")
    return value


def ident(value: Any) -> str:
    """An id: a non-empty string without spaces."""
    if not _IDENT.fullmatch(string(value)):
        raise Invalid(f"invalid id {quote(value)}: must be non-empty, without spaces")
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise expected("an integer", value)
    return value


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise expected("a number", value)
    if not math.isfinite(value):
        raise Invalid(f"must be a finite number, got {value}")
    return float(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise expected("a boolean (true or false)", value)
    return value


def a_date(value: Any) -> date:
    """A TOML local date or a "YYYY-MM-DD" string."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise Invalid(f"invalid date {quote(value)}: {exc}") from None
    raise expected("a date (YYYY-MM-DD)", value)


def _clock(value: Any, allow_24: bool) -> time:
    if isinstance(value, time) and value.tzinfo is None and not value.second:
        return value.replace(microsecond=0)
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise expected('a time "HH:MM"', value)
    hour, minute = int(match[1]), int(match[2])
    if allow_24 and (hour, minute) == (24, 0):
        return time(0, 0)
    if hour > 23 or minute > 59:
        raise Invalid(f"invalid time {quote(value)}: must be 00:00 to 23:59")
    return time(hour, minute)


def clock(value: Any) -> time:
    """A clock time "HH:MM" (or a TOML local time without seconds)."""
    return _clock(value, allow_24=False)


def clock_end(value: Any) -> time:
    """Like `clock`, but "24:00" is accepted and means midnight (time(0, 0))."""
    return _clock(value, allow_24=True)


def at_least(convert: Converter[T], low: float) -> Converter[T]:
    """A converter that also rejects values below `low`."""

    def check(value: Any) -> T:
        result = convert(value)
        if result < low:
            raise Invalid(f"must be >= {low:g}, got {value}")
        return result

    return check


def between(convert: Converter[T], low: float, high: float) -> Converter[T]:
    """A converter that also rejects values outside `low <= value < high`."""

    def check(value: Any) -> T:
        result = convert(value)
        if not low <= result < high:
            raise Invalid(f"must be >= {low:g} and < {high:g}, got {value}")
        return result

    return check


def positive(convert: Converter[T]) -> Converter[T]:
    def check(value: Any) -> T:
        result = convert(value)
        if result <= 0:
            raise Invalid(f"must be > 0, got {value}")
        return result

    return check


# --- the reader -------------------------------------------------------------


@dataclass
class Reader:
    """Reads tables of one source, collecting problems; `known` holds declared ids."""

    source: str
    problems: list[ConfigProblem] = field(default_factory=list)
    known: dict[str, dict[str, str]] = field(default_factory=dict)

    def report(self, path: str, message: str, hint: str = "") -> None:
        self.problems.append(ConfigProblem(self.source, path, message, hint))

    def table(
        self,
        value: Any,
        path: str,
        allowed: Collection[str],
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """`value` as a table; unknown and missing keys are reported."""
        if not isinstance(value, dict):
            self.report(path, str(expected("a table", value)))
            return None
        for key in value:
            if key not in allowed:
                self.report(join(path, key), f"unknown key {quote(key)}", suggest(key, allowed))
        for key in required:
            if key not in value:
                self.report(path, f"missing required key {quote(key)}")
        return value

    def get(
        self,
        table: Mapping[str, Any],
        path: str,
        key: str,
        convert: Converter[T],
        default: T | None = None,
    ) -> T | None:
        """The converted value of `key`: `default` if absent, None if invalid (reported)."""
        if key not in table:
            return default
        try:
            return convert(table[key])
        except Invalid as exc:
            self.report(join(path, key), str(exc))
            return None

    def array(self, table: Mapping[str, Any], path: str, key: str) -> list[tuple[str, Any]]:
        """The elements of an array value, each with its key path."""
        if key not in table:
            return []
        value = table[key]
        if not isinstance(value, list):
            self.report(join(path, key), str(expected("an array", value)))
            return []
        return [(join(join(path, key), i), item) for i, item in enumerate(value)]

    def convert(self, path: str, value: Any, convert: Converter[T]) -> T | None:
        """Convert one value at `path`; None (and a problem) if invalid."""
        try:
            return convert(value)
        except Invalid as exc:
            self.report(path, str(exc))
            return None

    def items(self, data: Mapping[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        """The tables of an array of tables, each with a path like `people[3] (p004)`."""
        out = []
        for path, item in self.array(data, "", key):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                path = f"{path} ({item['id']})"
            if not isinstance(item, dict):
                self.report(path, str(expected("a table", item)))
                continue
            out.append((path, item))
        return out

    def ref(self, value: str | None, path: str, kind: str) -> bool:
        """Whether `value` is a declared id of `kind`; if not, report it.

        Nothing is reported for None, nor when no ids of `kind` were declared at all
        (their table is missing or broken, which is reported already).
        """
        if value is None or kind not in self.known:
            return False
        ids = self.known[kind]
        if value in ids:
            return True
        self.report(path, f"unknown {kind} {quote(value)}", suggest(value, ids, ids))
        return False

    def choice(self, value: str | None, path: str, what: str, choices: Collection[str]) -> bool:
        """Whether `value` is one of `choices`; if not (and not None), report it."""
        if value is None or value in choices:
            return value is not None
        self.report(path, f"unknown {what} {quote(value)}", suggest(value, choices))
        return False

    def refs(self, table: Mapping[str, Any], path: str, key: str, kind: str) -> tuple[str, ...]:
        """An array of references to declared ids of `kind`, without repeats."""
        out: list[str] = []
        for item_path, item in self.array(table, path, key):
            value = self.convert(item_path, item, string)
            if value in out:
                self.report(item_path, f"{kind} {quote(value)} is listed twice")
            elif self.ref(value, item_path, kind):
                out.append(value)
        return tuple(out)

    def declare(self, kind: str, ids: Mapping[str, str]) -> None:
        """Record the declared ids of `kind` (id -> display name) for `ref`."""
        self.known[kind] = dict(ids)
