"""Plain-text rendering of rosters and reports for the terminal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from roster.calendar import Calendar
from roster.domain import CATEGORIES, Assignment, Organisation, Penalty, Problem, Unfilled
from roster.fairness import loads, pool_of
from roster.textwidth import align

WEEKDAYS_ZH = "一二三四五六日"


def day_header(problem: Problem, calendar: Calendar) -> list[str]:
    heads = []
    for day in problem.horizon.dates:
        info = calendar.info(day)
        mark = "休" if info.is_holiday else ("班" if info.makeup_workday else "")
        heads.append(f"{day:%m-%d}周{WEEKDAYS_ZH[day.weekday()]}{mark}")
    return heads


def cell(org: Organisation, items: list[Assignment]) -> str:
    return "+".join(f"{org.shifts[a.shift].code}{org.posts[a.post].code}" for a in items)


def roster_table(problem: Problem, assignments: Iterable[Assignment]) -> str:
    """People down (by unit), days across, shift and post codes in the cells."""
    org = problem.org
    calendar = Calendar(org.calendar)
    by_person: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for a in assignments:
        by_person[a.person][a.date].append(a)
    rows = [["unit", "person", *day_header(problem, calendar)]]
    for person in sorted(org.people.values(), key=lambda p: (list(org.units).index(p.unit), p.id)):
        days = by_person.get(person.id, {})
        cells = []
        for day in problem.horizon.dates:
            leave = any(r.contains(day) for r in problem.leave_of(person.id))
            cells.append(cell(org, days.get(day, [])) or ("假" if leave else "·"))
        rows.append([org.units[person.unit].name, f"{person.id} {person.name}", *cells])
    return "\n".join(align(rows))


def legend(org: Organisation) -> str:
    shifts = ", ".join(f"{s.code}={s.name}" for s in org.shifts.values())
    posts = ", ".join(f"{p.code}={p.name}" for p in org.posts.values())
    return f"shifts: {shifts}\nposts: {posts}\n·=off 假=leave 休=holiday 班=make-up workday"


def objective_by_rule(penalties: Iterable[Penalty]) -> str:
    totals: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for p in penalties:
        totals[p.rule] += p.cost
        counts[p.rule] += 1
    rows = [["rule", "terms", "cost"]]
    for rule in sorted(totals, key=lambda r: -totals[r]):
        rows.append([rule, str(counts[rule]), f"{totals[rule]:,}"])
    rows.append(["total", str(sum(counts.values())), f"{sum(totals.values()):,}"])
    return "\n".join(align(rows, right={1, 2}))


def unfilled_table(org: Organisation, holes: Iterable[Unfilled]) -> str:
    rows = [["date", "shift", "post", "skill", "missing", "why"]]
    for h in holes:
        rows.append(
            [
                h.date.isoformat(),
                h.shift,
                org.posts[h.post].name,
                h.skill or "-",
                str(h.missing),
                h.reason,
            ]
        )
    return "\n".join(align(rows, right={4}))


def fairness_table(problem: Problem, assignments: Iterable[Assignment]) -> str:
    """Per pool and category: min / mean / max load, history included."""
    org = problem.org
    calendar = Calendar(org.calendar)
    load = loads(org, [*problem.history, *assignments], calendar)
    pools: dict[str, list[str]] = defaultdict(list)
    for person in org.people.values():
        pools[pool_of(org, person)].append(person.id)
    rows = [["pool", "people", *(f"{c} min/mean/max" for c in CATEGORIES)]]
    for pool, ids in pools.items():
        cells = []
        for category in CATEGORIES:
            values = [load.get(p, {}).get(category, 0) for p in ids]
            mean = sum(values) / len(values)
            cells.append(f"{min(values)}/{mean:.1f}/{max(values)}")
        rows.append([pool, str(len(ids)), *cells])
    return "\n".join(align(rows, right={1}))
