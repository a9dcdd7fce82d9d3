"""What a grid cell stands for, and the plain text the grids show (no widgets here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roster.calendar import Calendar
from roster.domain import Assignment
from roster.editing import EditSession
from tui.i18n import tr


@dataclass(frozen=True)
class PersonCell:
    """A person's day in the person grid."""

    person: str
    day: date


@dataclass(frozen=True)
class SlotCell:
    """One position (`index`, from 0) of a slot in the post grid."""

    day: date
    shift: str
    post: str
    index: int


def day_label(calendar: Calendar, day: date) -> str:
    """`一 07` (weekday, day of the month); 休 marks a public holiday, 班 a make-up workday."""
    info = calendar.info(day)
    text = f"{tr('weekday')[day.weekday()]} {day.day:02d}"
    if info.is_holiday:
        text += " " + tr("mark.holiday")
    elif info.makeup_workday:
        text += " " + tr("mark.makeup")
    return text


def code(session: EditSession, a: Assignment) -> str:
    """Post code plus shift code, e.g. `值24`."""
    org = session.org
    post = org.posts[a.post].code if a.post in org.posts else a.post
    shift = org.shifts[a.shift].code if a.shift in org.shifts else a.shift
    return f"{post}{shift}"


def violation_days(session: EditSession) -> dict[str, set[date]]:
    """Person id -> days their violations concern (a span marks every day of it)."""
    out: dict[str, set[date]] = {}
    for v in session.report.violations:
        first, _, last = v.when.partition("..")
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            continue
        days = out.setdefault(v.who, set())
        for day in session.horizon.dates:
            if start <= day <= end:
                days.add(day)
    return out


def people_by_unit(session: EditSession) -> list[tuple[str, list[str]]]:
    """(unit name, person ids) in config order."""
    org = session.org
    groups: dict[str, list[str]] = {}
    for person in org.people.values():
        groups.setdefault(person.unit, []).append(person.id)
    return [(org.units[u].name if u in org.units else u, ids) for u, ids in groups.items()]


def slot_rows(session: EditSession) -> list[tuple[str, str, int]]:
    """(post, shift, positions): one row per position, enough for the fullest day."""
    from roster.validate import slots

    need: dict[tuple[str, str], int] = {}
    for (_, shift, post), slot in slots(session.problem).items():
        need[(post, shift)] = max(need.get((post, shift), 0), slot.count)
    for a in session.assignments:
        have = len(session.at(a.date, a.shift, a.post))
        need[(a.post, a.shift)] = max(need.get((a.post, a.shift), 0), have)
    org = session.org
    post_order = list(org.posts)
    shift_order = list(org.shifts)
    keys = sorted(
        need,
        key=lambda k: (
            post_order.index(k[0]) if k[0] in org.posts else 999,
            shift_order.index(k[1]) if k[1] in org.shifts else 999,
        ),
    )
    return [(post, shift, need[(post, shift)]) for post, shift in keys]


def missing(session: EditSession) -> dict[tuple[date, str, str], int]:
    """Slot -> people missing: the larger of missing heads and missing skill holders."""
    heads: dict[tuple[date, str, str], int] = {}
    skills: dict[tuple[date, str, str], int] = {}
    for hole in session.report.unfilled:
        key = (hole.date, hole.shift, hole.post)
        into = heads if hole.skill is None else skills
        into[key] = into.get(key, 0) + hole.missing
    return {k: max(heads.get(k, 0), skills.get(k, 0)) for k in {*heads, *skills}}
