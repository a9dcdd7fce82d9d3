"""Per-person iCalendar files (ics/<person>.ics) for subscribing to one's own duties.

Each event's UID is derived from (person, date, shift, post), so a subscribed calendar updates
an unchanged duty in place and drops a cancelled one instead of duplicating. Times carry the
TZID of the configured zone with a matching VTIMEZONE; DTSTAMP is the generation time, so the
bytes depend only on the input.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from icalendar import Calendar, Event, Timezone

from roster.domain import Organisation
from roster.publish.common import in_zone, weekday_zh, zone_of

UID_DOMAIN = "roster"
PRODID = "-//roster//duty roster//ZH"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def event_uid(person: str, day: date, shift: str, post: str) -> str:
    """Stable UID of one duty: a hash of its identity and a fixed domain."""
    identity = "\x1f".join((person, day.isoformat(), shift, post))
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    return f"duty-{digest}@{UID_DOMAIN}"


def ics_filename(person: str) -> str:
    """File name of a person's calendar: `<id>.ics`, hashed if the id is not file-safe."""
    if _SAFE_NAME.fullmatch(person):
        return f"{person}.ics"
    return f"person-{hashlib.sha256(person.encode('utf-8')).hexdigest()[:16]}.ics"


def _event(org: Organisation, entry: Mapping[str, Any], stamp: datetime) -> Event:
    zone = zone_of(org)
    day = date.fromisoformat(entry["date"])
    start = datetime.fromisoformat(entry["start"]).astimezone(zone)
    end = datetime.fromisoformat(entry["end"]).astimezone(zone)
    post = org.posts.get(entry["post"])
    community = org.communities.get(post.community) if post and post.community else None
    event = Event()
    event.add("uid", event_uid(entry["person"], day, entry["shift"], entry["post"]))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{entry['post_name']} {entry['shift_name']}")
    event.add("location", community.name if community else entry["post_name"])
    event.add(
        "description",
        "\n".join(
            (
                f"{org.name}",
                f"日期：{day.isoformat()}（{weekday_zh(day)}）",
                f"岗位：{entry['post_name']}",
                f"班次：{entry['shift_name']}",
                f"时间：{start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}",
                f"单位：{entry.get('unit_name') or entry['unit']}",
            )
        ),
    )
    event.add("categories", ["值班"])
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


@functools.cache
def _vtimezone(tzid: str, first: date, last: date) -> Timezone | None:
    """A VTIMEZONE, built once per process (it takes tens of milliseconds each time)."""
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None  # a zone icalendar does not know: left out, as add_missing_timezones does


def _add_timezones(cal: Calendar, first: date, last: date) -> None:
    """What `Calendar.add_missing_timezones` does, from the cache: the VTIMEZONE of every
    TZID in use, inserted after any existing one, before the events."""
    at = len(cal.timezones)
    for tzid in sorted(cal.get_missing_tzids()):
        timezone = _vtimezone(tzid, first, last)
        if timezone is not None:
            cal.subcomponents.insert(at, timezone)
            at += 1


def person_calendar(
    org: Organisation,
    doc: Mapping[str, Any],
    person: str,
    generated_at: datetime,
    entries: Iterable[Mapping[str, Any]] | None = None,
) -> bytes:
    """The iCalendar bytes of one person's duties in a publication document (`entries`:
    that person's assignments in it, when the caller has already picked them out)."""
    zone = zone_of(org)
    stamp = in_zone(generated_at, zone)
    if entries is None:
        entries = (a for a in doc["assignments"] if a["person"] == person)
    entries = sorted(entries, key=lambda a: (a["start"], a["shift"], a["post"]))
    known = org.people.get(person)
    name = known.name if known else (entries[0]["name"] if entries else person)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{name}的值班安排")
    cal.add("x-wr-caldesc", f"{org.name}值班表")
    cal.add("x-wr-timezone", zone.key)
    for entry in entries:
        cal.add_component(_event(org, entry, stamp))
    start = date.fromisoformat(doc["week_start"])
    _add_timezones(cal, date(start.year - 1, 1, 1), date(start.year + 2, 1, 1))
    return cal.to_ical()


def calendar_people(org: Organisation, doc: Mapping[str, Any]) -> list[str]:
    """Everyone configured, plus anyone published but no longer configured (sorted ids)."""
    return sorted(set(org.people) | {a["person"] for a in doc["assignments"]})
