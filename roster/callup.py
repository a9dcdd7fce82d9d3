"""Who to call in for one slot of the week's stored roster (no printing).

`callup` lists the people who can be added to `(date, shift, post)` without breaking any hard
rule, best first. A person is offered only if the static rules let them (skills, volunteers,
leave, availability), `person_can_take` finds nothing against the current roster, and the
roster with them added has no hard violation the current one lacks (so slot rules such as
overstaffing count too). The order, best first:

1. for a slot missing a skill, holders of that skill first;
2. fewer hours worked in the 7 days before the date (rest);
3. lower fairness load, against the pool average, in the categories this slot counts in
   (24-hour duties, weekends, holidays, nights);
4. home community match (same community, same district, elsewhere) at a community site;
5. more of the skills the slot's demand asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roster.calendar import Calendar
from roster.domain import Assignment, Person, Problem
from roster.model.eligibility import passes_post, static_reason
from roster.validate import (
    by_person,
    fairness_loads,
    fairness_members,
    person_can_take,
    slots,
    validate,
)


@dataclass(frozen=True)
class Offer:
    person: str
    hours_7d: int
    fairness: tuple[tuple[str, int, float], ...]  # category, load, pool average
    home: str  # "same community", "same district", "elsewhere", "" (not a community site)
    skills: tuple[str, ...]  # demanded skills of the slot the person holds
    fills_missing_skill: bool

    def key(self) -> tuple:
        excess = sum(load - avg for _, load, avg in self.fairness)
        home = {"same community": 0, "same district": 1, "elsewhere": 2}.get(self.home, 1)
        return (not self.fills_missing_skill, self.hours_7d, excess, home, -len(self.skills))

    @property
    def reason(self) -> str:
        parts = []
        if self.fills_missing_skill:
            parts.append("holds the missing skill")
        parts.append(f"{self.hours_7d} h in the 7 days before")
        for category, load, avg in self.fairness:
            parts.append(f"{category} {load} vs pool average {avg:.1f}")
        if self.home:
            parts.append(f"home: {self.home}")
        if self.skills:
            parts.append("holds " + ", ".join(self.skills))
        return "; ".join(parts)


@dataclass(frozen=True)
class Callup:
    slot: tuple[date, str, str]
    count: int  # people wanted
    need: int  # the slot's head count (0: no demand there)
    assigned: tuple[str, ...]
    offers: tuple[Offer, ...]
    excluded: tuple[tuple[str, str], ...]  # (person, rule that rules them out)


def _categories(problem: Problem, calendar: Calendar, day: date, shift_id: str) -> list[str]:
    shift = problem.org.shifts[shift_id]
    info = calendar.info(day)
    wanted = {
        "duty24": shift.is_24h,
        "weekend": info.is_weekend,
        "holiday": info.is_holiday,
        "night": shift.night and not shift.is_24h,
    }
    weights = problem.org.weights.fairness
    return [c for c, on in wanted.items() if on and weights.get(c, 0) > 0]


def _hours_before(problem: Problem, mine: list[Assignment], day: date, shift_id: str) -> int:
    """Hours of the person's duties (history and roster) starting in the 7 days before."""
    shifts = problem.org.shifts
    begin = datetime.combine(day, shifts[shift_id].start)
    since = begin - timedelta(days=7)
    total = 0
    for a in set(mine):
        start = datetime.combine(a.date, shifts[a.shift].start)
        if since <= start < begin:
            total += shifts[a.shift].hours
    return total


def _home(problem: Problem, person: Person, post_id: str) -> str:
    org = problem.org
    post = org.posts[post_id]
    if post.kind != "site" or post.community is None:
        return ""
    home = person.home_community
    if home == post.community:
        return "same community"
    if (
        home is not None
        and org.communities[home].district == org.communities[post.community].district
    ):
        return "same district"
    return "elsewhere"


def callup(
    problem: Problem,
    assignments: tuple[Assignment, ...],
    day: date,
    shift: str,
    post: str,
    count: int = 1,
) -> Callup:
    org = problem.org
    calendar = Calendar(org.calendar)
    grouped = by_person(assignments)
    history = by_person(problem.history)
    need = slots(problem).get((day, shift, post))
    assigned = tuple(
        sorted(a.person for a in assignments if (a.date, a.shift, a.post) == (day, shift, post))
    )
    demanded = dict(need.skills) if need else {}
    holders = {k: sum(1 for p in assigned if k in org.people[p].skills) for k in demanded}
    missing_skills = {k for k, n in demanded.items() if holders[k] < n}
    base = set(validate(problem, assignments).violations)
    categories = _categories(problem, calendar, day, shift)
    loads = {c: fairness_loads(problem, assignments, c) for c in categories}
    pools = {c: fairness_members(problem, c) for c in categories}
    offers, excluded = [], []
    for person in org.people.values():
        if person.id in assigned:
            continue
        if not passes_post(person, org.posts[post]):
            continue
        why = static_reason(
            person, problem.leave_of(person.id), day, org.shifts[shift], org.posts[post], calendar
        )
        if why is None:
            broken = person_can_take(problem, grouped, person.id, day, shift, post)
            if broken:
                why = f"{broken[0].rule}: {broken[0].detail}"
        if why is None:
            added = (*assignments, Assignment(day, shift, post, person.id))
            new = [v for v in validate(problem, added).violations if v not in base]
            if new:
                why = f"{new[0].rule}: {new[0].detail}"
        if why is not None:
            excluded.append((person.id, why))
            continue
        fairness = []
        for c in categories:
            pool = next((m for m in pools[c].values() if person.id in m), None)
            if not pool:
                continue
            avg = sum(loads[c].get(p, 0) for p in pool) / len(pool)
            fairness.append((c, loads[c].get(person.id, 0), avg))
        mine = [*grouped.get(person.id, ()), *history.get(person.id, ())]
        offers.append(
            Offer(
                person.id,
                _hours_before(problem, mine, day, shift),
                tuple(fairness),
                _home(problem, person, post),
                tuple(sorted(k for k in demanded if k in person.skills)),
                bool(missing_skills & person.skills),
            )
        )
    offers.sort(key=lambda o: (o.key(), o.person))
    return Callup(
        (day, shift, post),
        count,
        need.count if need else 0,
        assigned,
        tuple(offers),
        tuple(excluded),
    )
