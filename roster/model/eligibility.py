"""Static eligibility: may a person take a slot at all, before any other assignment?

This is what decides which decision variables exist. It checks the post's
skills, the volunteer rule, leave and availability windows (docs/rules.md).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from roster.calendar import Calendar
from roster.domain import DateRange, Person, Post, ShiftType, Window


def passes_post(person: Person, post: Post) -> bool:
    """Skills and the volunteer rule of a post."""
    if person.is_volunteer and not post.volunteers_allowed:
        return False
    return not post.eligible_skills or bool(person.skills & post.eligible_skills)


def on_leave(leave: tuple[DateRange, ...], begin: datetime, end: datetime) -> DateRange | None:
    """The leave range overlapping [begin, end), if any.

    A range covers [start 00:00, end + 1 day 00:00): the interval meets it exactly when
    its first day is not after `end` and its last instant's day is not before `start`.
    """
    if end <= begin:  # an empty interval: the plain comparison
        for period in leave:
            leave_begin = datetime.combine(period.start, datetime.min.time())
            leave_end = datetime.combine(period.end + timedelta(days=1), datetime.min.time())
            if begin < leave_end and leave_begin < end:
                return period
        return None
    first, last = begin.date(), (end - timedelta(microseconds=1)).date()
    for period in leave:
        if first <= period.end and period.start <= last:
            return period
    return None


def window_fits(window: Window, day: date, shift: ShiftType, calendar: Calendar) -> bool:
    """Whether a shift starting on `day` lies inside the window of that day."""
    if not calendar.matches(day, window.days):
        return False
    if window.start == window.end:
        return True  # a whole-day window: any shift starting that day fits
    open_at = datetime.combine(day, window.start)
    close_at = datetime.combine(day, window.end)
    if window.end <= window.start:
        close_at += timedelta(days=1)
    begin, end = shift.interval(day)
    return open_at <= begin and end <= close_at


def fits_availability(person: Person, day: date, shift: ShiftType, calendar: Calendar) -> bool:
    if not person.availability:
        return True
    return any(window_fits(w, day, shift, calendar) for w in person.availability)


def static_reason(
    person: Person,
    leave: tuple[DateRange, ...],
    day: date,
    shift: ShiftType,
    post: Post,
    calendar: Calendar,
) -> str | None:
    """Why the person can never take this slot, or None if they might."""
    if person.is_volunteer and not post.volunteers_allowed:
        return "volunteers may not work here"
    if person.limits.max_shifts.get(shift.id) == 0:
        return f"may never work {shift.id} (max_shifts 0)"
    if post.eligible_skills and not person.skills & post.eligible_skills:
        return "lacks a skill the post requires"
    begin, end = shift.interval(day)
    period = on_leave(leave, begin, end)
    if period is not None:
        return f"on leave ({period.reason})" if period.reason else "on leave"
    if not fits_availability(person, day, shift, calendar):
        return "outside availability"
    return None
