"""The calendar: which days are weekends, public holidays and make-up workdays.

Chinese public holidays and the official make-up workdays (调休上班) come from the
maintained `holidays` package; the config may add holidays and make-up workdays
(for example a year the package does not know yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays

from roster.domain import CalendarConfig


@dataclass(frozen=True)
class DayInfo:
    day: date
    holiday_name: str | None
    makeup_workday: bool

    @property
    def is_holiday(self) -> bool:
        return self.holiday_name is not None

    @property
    def is_weekend(self) -> bool:
        """Saturday or Sunday that is neither a holiday nor a make-up workday."""
        return self.day.weekday() >= 5 and not self.makeup_workday and not self.is_holiday

    @property
    def is_workday(self) -> bool:
        """An official working day: a weekday that is no holiday, or a make-up day."""
        if self.is_holiday:
            return False
        return self.makeup_workday or self.day.weekday() < 5

    @property
    def is_restday(self) -> bool:
        return not self.is_workday


@lru_cache(maxsize=64)
def _library_days(country: str, year: int) -> tuple[dict[date, str], frozenset[date]]:
    if not country:
        return {}, frozenset()  # no country: no public holidays, no make-up workdays
    # Name the language: the package otherwise follows the process locale, which would make
    # exports differ between machines.
    language = getattr(holidays.country_holidays(country), "default_language", None)
    cal = holidays.country_holidays(country, years=year, language=language)
    return dict(cal.items()), frozenset(getattr(cal, "weekend_workdays", ()))


class Calendar:
    """Answers day questions for one config; cheap to build, cached per year."""

    def __init__(self, config: CalendarConfig) -> None:
        self.config = config
        self._days: dict[date, DayInfo] = {}  # the model asks about each day many times

    def info(self, day: date) -> DayInfo:
        known = self._days.get(day)
        if known is not None:
            return known
        names, makeups = _library_days(self.config.country, day.year)
        name = self.config.extra_holidays.get(day) or names.get(day)
        makeup = day in self.config.makeup_workdays or day in makeups
        if makeup:
            name = None
        info = self._days[day] = DayInfo(day, name, makeup)
        return info

    def matches(self, day: date, pattern: str) -> bool:
        """Whether `day` belongs to a named day pattern (see domain.DAY_PATTERNS)."""
        info = self.info(day)
        if pattern == "all":
            return True
        if pattern == "weekdays":
            return day.weekday() < 5
        if pattern == "weekends":
            return day.weekday() >= 5
        if pattern == "workdays":
            return info.is_workday
        if pattern == "restdays":
            return info.is_restday
        if pattern == "holidays":
            return info.is_holiday
        raise ValueError(f"unknown day pattern {pattern!r}")
