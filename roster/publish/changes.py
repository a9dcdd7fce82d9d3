"""Change report between two assignment lists: per person, duties gained and lost.

`diff_assignments` computes it; `changes_markdown` renders changes.md and `changes_text` a
plain-text version for the terminal. Both are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from roster.domain import Assignment, Horizon, Organisation
from roster.publish.common import clock, weekday_zh

GAINED = "新增"
LOST = "取消"


@dataclass(frozen=True)
class PersonChanges:
    """What changed for one person: duties now assigned and duties no longer assigned."""

    person: str
    gained: tuple[Assignment, ...]
    lost: tuple[Assignment, ...]


def diff_assignments(
    previous: Iterable[Assignment],
    current: Iterable[Assignment],
    horizon: Horizon | None = None,
) -> tuple[PersonChanges, ...]:
    """Per-person gained/lost duties (people sorted by id); only dates in `horizon` if given."""
    before = {a for a in previous if horizon is None or horizon.contains(a.date)}
    after = {a for a in current if horizon is None or horizon.contains(a.date)}
    gained, lost = after - before, before - after
    people = sorted({a.person for a in gained | lost})
    return tuple(
        PersonChanges(
            person,
            tuple(sorted(a for a in gained if a.person == person)),
            tuple(sorted(a for a in lost if a.person == person)),
        )
        for person in people
    )


def _person_label(org: Organisation, person: str) -> str:
    known = org.people.get(person)
    return f"{known.name}（{person}）" if known else f"{person}（已不在配置中）"


def _rows(org: Organisation, change: PersonChanges) -> list[tuple[str, Assignment]]:
    """Gained and lost duties of one person in time order (lost first on a tie)."""

    def key(item: tuple[str, Assignment]) -> tuple[date, time, str, str, int]:
        kind, a = item
        shift = org.shifts.get(a.shift)
        return (a.date, shift.start if shift else time.max, a.shift, a.post, kind == GAINED)

    items = [(GAINED, a) for a in change.gained] + [(LOST, a) for a in change.lost]
    return sorted(items, key=key)


def _fields(org: Organisation, a: Assignment) -> tuple[str, str, str, str, str]:
    """date, weekday, shift name, clock span, post name."""
    shift = org.shifts.get(a.shift)
    post = org.posts.get(a.post)
    span = ""
    if shift is not None:
        begin = datetime.combine(a.date, shift.start)
        end = begin + timedelta(minutes=shift.minutes)
        days = (end.date() - a.date).days
        prefix = "" if days == 0 else "次日" if days == 1 else f"第{days + 1}日"
        span = f"{clock(shift.start)}–{prefix}{clock(end.time())}"
    return (
        a.date.isoformat(),
        weekday_zh(a.date),
        shift.name if shift else a.shift,
        span,
        post.name if post else a.post,
    )


def _summary(changes: tuple[PersonChanges, ...]) -> str:
    gained = sum(len(c.gained) for c in changes)
    lost = sum(len(c.lost) for c in changes)
    return f"{len(changes)} 人有变更：新增 {gained} 个班次，取消 {lost} 个班次"


def _scope(horizon: Horizon | None) -> str:
    if horizon is None:
        return ""
    return f"{horizon.start.isoformat()} 至 {horizon.end.isoformat()}"


def _md(text: str) -> str:
    """Escape text for a Markdown table cell or heading."""
    out = text.replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


def changes_markdown(
    org: Organisation,
    changes: tuple[PersonChanges, ...] | None,
    horizon: Horizon | None = None,
    version_label: str = "",
) -> str:
    """changes.md; `changes` None means there was no previous publication to compare with."""
    lines = ["# 排班变更", ""]
    if horizon is not None:
        lines.append(f"- 范围：{_scope(horizon)}")
    if version_label:
        lines.append(f"- 版本：{_md(version_label)}")
    if changes is None:
        lines += ["- 首次发布：没有上一版可比较。", ""]
        return "\n".join(lines)
    if not changes:
        lines += ["- 与上一版相比没有变更。", ""]
        return "\n".join(lines)
    lines += [f"- {_summary(changes)}", ""]
    for change in changes:
        lines += [f"## {_md(_person_label(org, change.person))}", ""]
        lines += ["| 变更 | 日期 | 星期 | 班次 | 时间 | 岗位 |", "|---|---|---|---|---|---|"]
        for kind, a in _rows(org, change):
            cells = [kind, *_fields(org, a)]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def changes_text(
    org: Organisation,
    changes: tuple[PersonChanges, ...] | None,
    horizon: Horizon | None = None,
) -> str:
    """A terminal version: one block per person, `+` gained and `-` lost."""
    scope = _scope(horizon)
    head = f"排班变更 {scope}".rstrip()
    if changes is None:
        return f"{head}：首次发布，没有上一版可比较。\n"
    if not changes:
        return f"{head}：没有变更。\n"
    lines = [f"{head}：{_summary(changes)}"]
    for change in changes:
        lines.append(_person_label(org, change.person))
        for kind, a in _rows(org, change):
            day, weekday, shift, span, post = _fields(org, a)
            mark = "+" if kind == GAINED else "-"
            parts = (mark, kind, day, weekday, shift, span, post)
            lines.append("  " + " ".join(part for part in parts if part))
    return "\n".join(lines) + "\n"
