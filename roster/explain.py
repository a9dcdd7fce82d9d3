"""Why a slot stayed unfilled: every candidate and the rule that kept them out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from roster.calendar import Calendar
from roster.domain import Assignment, Problem, Unfilled
from roster.model.eligibility import passes_post, static_reason
from roster.reasons import Reason, static_reason_code, violation_reason
from roster.validate import Report, by_person, person_can_take

_RULE_WORDS = {
    "overlap": "busy elsewhere",
    "rest": "needs rest",
    "consecutive_days": "too many consecutive days",
    "hours_7d": "too many hours in 7 days",
    "duty24_28d": "too many 24-hour duties in 28 days",
    "leave": "on leave",
    "availability": "outside availability",
    "eligibility": "lacks a skill the post requires",
}
_FREE = "free, but assigning them would cost more elsewhere"


def candidate_reasons(
    problem: Problem,
    assignments: Iterable[Assignment],
    hole: Unfilled,
    calendar: Calendar | None = None,
) -> list[tuple[str, str]]:
    """(person id, reason) for every person who could in principle fill the hole."""
    return [
        (who, r.text) for who, r in candidate_reason_codes(problem, assignments, hole, calendar)
    ]


def candidate_reason_codes(
    problem: Problem,
    assignments: Iterable[Assignment],
    hole: Unfilled,
    calendar: Calendar | None = None,
) -> list[tuple[str, Reason]]:
    """(person id, coded reason) for every person who could in principle fill the hole; a
    last entry with an empty person id (code `already`, value `count`) counts those on it."""
    org = problem.org
    calendar = calendar or Calendar(org.calendar)
    assignments = tuple(assignments)
    grouped = by_person(assignments)
    post, shift = org.posts[hole.post], org.shifts[hole.shift]
    out = []
    already = 0
    for person in org.people.values():
        if hole.skill is not None and hole.skill not in person.skills:
            continue
        if not passes_post(person, post):
            continue
        if any(
            a.person == person.id
            and (a.date, a.shift, a.post) == (hole.date, hole.shift, hole.post)
            for a in assignments
        ):
            already += 1
            continue
        text = static_reason(person, problem.leave_of(person.id), hole.date, shift, post, calendar)
        if text is not None:
            out.append((person.id, static_reason_code(text)))
            continue
        broken = person_can_take(problem, grouped, person.id, hole.date, hole.shift, hole.post)
        if broken:
            coded = violation_reason(broken[0])
            words = _RULE_WORDS.get(broken[0].rule, broken[0].rule)
            out.append((person.id, replace(coded, text=words)))
        else:
            out.append((person.id, Reason("free", (), _FREE)))
    if already:
        text = f"{already} already on this slot"
        out.append(("", Reason("already", (("count", str(already)),), text)))
    return out


def summarise(hole: Unfilled, reasons: list[tuple[str, str]]) -> str:
    """One line: how many candidates, and what kept them out, most common first.

    An entry with an empty person id counts those already on the slot.
    """
    group = f"with skill {hole.skill}" if hole.skill else "eligible for the post"
    candidates = [reason for person, reason in reasons if person]
    on_slot = [reason for person, reason in reasons if not person]
    if not candidates:
        if on_slot:
            return f"everyone {group} is already on this slot ({on_slot[0]})"
        return f"nobody {group}"
    counts = Counter(candidates)
    parts = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
    tail = f"; {on_slot[0]}" if on_slot else ""
    return f"{len(candidates)} {group}: {parts}{tail}"


def explain_unfilled(
    problem: Problem, assignments: Iterable[Assignment], report: Report
) -> tuple[Unfilled, ...]:
    """The validator's unfilled slots, each with its reason filled in."""
    calendar = Calendar(problem.org.calendar)
    assignments = tuple(assignments)
    return tuple(
        replace(
            hole, reason=summarise(hole, candidate_reasons(problem, assignments, hole, calendar))
        )
        for hole in report.unfilled
    )
