"""Lines listing roster changes: the solver's proposal and what publishing would change."""

from __future__ import annotations

from collections.abc import Iterable

from roster.domain import Assignment
from roster.editing import EditSession
from tui.i18n import tr


def change_line(session: EditSession, key: str, a: Assignment) -> str:
    """`+ 12-09 24小时值班 总值班室 王建国` (key `changes.added`) or `- ...` (`changes.removed`)."""
    org = session.org
    return tr(
        key,
        day=f"{a.date:%m-%d}",
        shift=org.shifts[a.shift].name if a.shift in org.shifts else a.shift,
        post=org.posts[a.post].name if a.post in org.posts else a.post,
        name=org.people[a.person].name if a.person in org.people else a.person,
    )


def diff_lines(
    session: EditSession, old: Iterable[Assignment], new: Iterable[Assignment]
) -> list[str]:
    """Removed and added assignments, in date order (removed first on a tie)."""
    old, new = set(old), set(new)
    items = [(a, 0, "changes.removed") for a in old - new]
    items += [(a, 1, "changes.added") for a in new - old]
    items.sort(key=lambda item: (item[0].date, item[0].shift, item[0].post, item[1], item[0]))
    return [change_line(session, key, a) for a, _, key in items]


def publish_report(session: EditSession) -> list[str]:
    """What publishing changes against the week's last publication, person by person."""
    changes = session.publish_changes()
    if changes is None:
        return [tr("publish.first", n=len(session.assignments))]
    if not changes:
        return [tr("publish.same")]
    lines = [tr("publish.changes", n=len(changes))]
    for change in changes:
        lines += diff_lines(session, change.lost, change.gained)
    return lines
