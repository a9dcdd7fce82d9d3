"""The explain dialog's text for a grid cell, in the current language (no widgets here).

A person's day: each assignment with the objective terms and hard rules behind it, and the
person's week-wide fairness terms. A post position: its person, likewise; an empty position
of an unfilled slot: every candidate and the rule that kept them out.
"""

from __future__ import annotations

from roster.domain import Assignment, Unfilled
from roster.editing import EditSession
from tui.cells import PersonCell, SlotCell
from tui.i18n import tr
from tui.wording import coded_text, term_text


def _name(session: EditSession, person: str) -> str:
    known = session.org.people.get(person)
    return known.name if known else person


def _assignment_line(session: EditSession, a: Assignment) -> str:
    org = session.org
    return tr(
        "explain.assignment",
        day=a.date.isoformat(),
        shift=org.shifts[a.shift].name,
        post=org.posts[a.post].name,
        name=_name(session, a.person),
    )


def person_lines(session: EditSession, person: str, day) -> list[str]:
    """Lines for a person's day (their assignments, or why they have none)."""
    org = session.org
    name = _name(session, person)
    lines: list[str] = []
    rows = session.explain_person(person, day)
    for row in rows:
        lines.append(_assignment_line(session, row.assignment))
        if not row.terms and not row.violations:
            lines.append(tr("explain.no_terms"))
        lines += [tr("explain.term", text=term_text(org, t)) for t in row.terms]
        lines += [tr("explain.breaks", text=coded_text(org, v)) for v in row.violations]
    if not rows:
        leave = session.on_leave(person, day)
        if leave is not None:
            reason = tr("paren", text=leave.reason) if leave.reason else ""
            lines.append(tr("explain.on_leave", name=name, day=day.isoformat(), reason=reason))
        else:
            lines.append(tr("explain.off", name=name, day=day.isoformat()))
    week = session.person_terms(person)
    if week:
        lines += ["", tr("explain.week_terms", name=name)]
        lines += [tr("explain.term", text=term_text(org, t)) for t in week]
    return lines


def _hole_line(session: EditSession, hole: Unfilled) -> str:
    org = session.org
    skill = ""
    if hole.skill is not None:
        known = org.skills.get(hole.skill)
        skill = tr("explain.hole_skill", skill=known.name if known else hole.skill)
    return tr(
        "explain.hole",
        day=hole.date.isoformat(),
        shift=org.shifts[hole.shift].name,
        post=org.posts[hole.post].name,
        n=hole.missing,
        skill=skill,
    )


def slot_lines(session: EditSession, cell: SlotCell) -> list[str]:
    """Lines for a post position: its person, or why the slot is short."""
    people = session.at(cell.day, cell.shift, cell.post)
    if cell.index < len(people):
        a = people[cell.index]
        return person_lines(session, a.person, a.date)
    lines: list[str] = []
    for why in session.explain_slot(cell.day, cell.shift, cell.post):
        if lines:
            lines.append("")
        lines.append(_hole_line(session, why.hole))
        people_reasons = [(p, r) for p, r in why.candidates if p]
        if people_reasons:
            lines.append(tr("explain.candidates", n=len(people_reasons)))
        for person, reason in why.candidates:
            if person:
                text = coded_text(session.org, reason)
                lines.append(tr("explain.candidate", name=_name(session, person), reason=text))
            else:
                lines.append(tr("explain.already", count=reason.params.get("count", "?")))
        if not people_reasons:
            lines.append(tr("explain.nobody"))
    return lines or [tr("explain.nothing")]


def explain(session: EditSession, cell: PersonCell | SlotCell) -> tuple[str, list[str]]:
    """(title, lines) of the explain dialog for a cell."""
    org = session.org
    if isinstance(cell, PersonCell):
        what = f"{_name(session, cell.person)} {cell.day.isoformat()}"
        return tr("explain.title", what=what), person_lines(session, cell.person, cell.day)
    what = f"{cell.day.isoformat()} {org.shifts[cell.shift].name} {org.posts[cell.post].name}"
    return tr("explain.title", what=what), slot_lines(session, cell)
