"""Small helpers shared by the publication writers: time zones, Chinese labels, sorting."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from roster.domain import Organisation, Problem

DEFAULT_TIMEZONE = "Asia/Shanghai"
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def org_of(problem_or_org: Problem | Organisation) -> Organisation:
    """The organisation of a Problem, or the Organisation itself."""
    if isinstance(problem_or_org, Problem):
        return problem_or_org.org
    if isinstance(problem_or_org, Organisation):
        return problem_or_org
    raise TypeError(f"expected a Problem or an Organisation, got {type(problem_or_org).__name__}")


def zone_of(org: Organisation) -> ZoneInfo:
    """The configured time zone (`org.calendar.timezone`, default Asia/Shanghai)."""
    name = org.calendar.timezone or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} in [calendar].timezone") from exc


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment` in `zone`, to whole seconds; a naive datetime is taken as local time there."""
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def iso(moment: datetime) -> str:
    """ISO 8601 to the second, with the UTC offset (e.g. 2026-12-01T08:30:00+08:00)."""
    return moment.isoformat(timespec="seconds")


def weekday_zh(day: date) -> str:
    """Chinese weekday name: 周一 ... 周日."""
    return WEEKDAYS_ZH[day.weekday()]


def date_zh(day: date) -> str:
    """Short Chinese date, e.g. 12月1日."""
    return f"{day.month}月{day.day}日"


def clock(value: time) -> str:
    return value.strftime("%H:%M")
