"""Independent evaluator for Curtois & Qu schedules: hard constraints and objective.

It reads only an instance (`roster.bench.curtois_format`) and a list of
`(employee, day, shift)` assignments, never the project's model, so it can check any solver.

Hard constraints, each reported with its tag (`HC1` ... `HC9`; `HC0` for rows that do not fit
the instance at all):

1. at most one shift per employee per day;
2. shift succession: `t` in `CannotFollow(s)` may not follow `s` on the next day (pairs inside
   the horizon only);
3. per employee and shift type, days on that type <= `MaxShifts`;
4. `MinTotalMinutes <= sum of worked shift lengths <= MaxTotalMinutes`;
5. no run of working days longer than `MaxConsecutiveShifts` (outside the horizon is off, so
   boundary runs count as they are);
6. every run of working days at least `MinConsecutiveShifts` long, except runs touching day 0
   or day H-1;
7. every run of days off at least `MinConsecutiveDaysOff` long, except runs touching day 0 or
   day H-1;
8. worked weekends (Saturday 7k+5 or Sunday 7k+6 worked) <= `MaxWeekends`;
9. no shift on a fixed day off.

Objective: unmet on-requests (weight each), granted off-requests (weight each), and per
(day, shift type) cover line `(req - x) * under` or `(x - req) * over`.

The objective is computed even when hard constraints fail; it only means something when
`violations` is empty. Rows naming an unknown employee, shift type or a day outside the horizon
are reported (HC0) and left out of every count.

CLI: `python -m roster.bench.curtois_eval INSTANCE TSV` prints the objective, its breakdown and
every violation; exit status 1 if any hard constraint fails, 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from roster.bench.curtois_format import (
    CurtoisFormatError,
    CurtoisInstance,
    ScheduleRow,
    Staff,
    parse_instance,
    read_schedule_tsv,
)

ON_REQUESTS = "shift_on_requests"
OFF_REQUESTS = "shift_off_requests"
COVER_UNDER = "cover_under"
COVER_OVER = "cover_over"
PENALTY_KEYS = (ON_REQUESTS, OFF_REQUESTS, COVER_UNDER, COVER_OVER)

HARD_CONSTRAINTS = {
    0: "schedule",
    1: "one shift per day",
    2: "shift succession",
    3: "max shifts per type",
    4: "total minutes",
    5: "max consecutive shifts",
    6: "min consecutive shifts",
    7: "min consecutive days off",
    8: "max weekends",
    9: "days off",
}


@dataclass(frozen=True)
class Evaluation:
    """Objective, hard violations (`"HCn name: detail"` strings) and penalty per family."""

    objective: int
    violations: list[str] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """True when no hard constraint is violated."""
        return not self.violations

    def violated(self, constraint: int) -> list[str]:
        """The violations of hard constraint number `constraint` (0 for malformed rows)."""
        return [v for v in self.violations if v.startswith(f"HC{constraint} ")]


def _tag(constraint: int) -> str:
    return f"HC{constraint} {HARD_CONSTRAINTS[constraint]}"


def _runs(flags: Sequence[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs of `value` in `flags` as inclusive (first, last) day pairs."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for day, flag in enumerate(flags):
        if flag == value and start is None:
            start = day
        elif flag != value and start is not None:
            runs.append((start, day - 1))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1))
    return runs


def _days(first: int, last: int) -> str:
    return f"day {first}" if first == last else f"days {first}-{last}"


def _check_employee(
    instance: CurtoisInstance, staff: Staff, days: list[set[str]], out: list[str]
) -> None:
    """Hard constraints 1-9 for one employee; `days[d]` is the set of shift types worked."""
    e = staff.id
    horizon = instance.horizon
    last = horizon - 1
    shifts = instance.shifts
    working = [bool(worked) for worked in days]

    for day, worked in enumerate(days):  # 1
        if len(worked) > 1:
            out.append(f"{_tag(1)}: {e} works {', '.join(sorted(worked))} on day {day}")

    for day in range(horizon - 1):  # 2
        for s in sorted(days[day]):
            for t in sorted(days[day + 1] & shifts[s].cannot_follow):
                out.append(f"{_tag(2)}: {e} works {s} on day {day} then {t} on day {day + 1}")

    counts = Counter(s for worked in days for s in worked)  # 3
    for s in shifts:
        limit = staff.max_shifts[s]
        if counts[s] > limit:
            out.append(f"{_tag(3)}: {e} works {s} on {counts[s]} days (max {limit})")

    minutes = sum(shifts[s].length for worked in days for s in worked)  # 4
    if minutes > staff.max_total_minutes:
        out.append(f"{_tag(4)}: {e} works {minutes} min (max {staff.max_total_minutes})")
    if minutes < staff.min_total_minutes:
        out.append(f"{_tag(4)}: {e} works {minutes} min (min {staff.min_total_minutes})")

    for first, end in _runs(working, True):
        length = end - first + 1
        if length > staff.max_consecutive_shifts:  # 5: the outside is off, no exemption
            out.append(
                f"{_tag(5)}: {e} works {length} days in a row, {_days(first, end)} "
                f"(max {staff.max_consecutive_shifts})"
            )
        boundary = first == 0 or end == last
        if not boundary and length < staff.min_consecutive_shifts:  # 6
            out.append(
                f"{_tag(6)}: {e} works {length} day(s) in a row, {_days(first, end)} "
                f"(min {staff.min_consecutive_shifts})"
            )

    for first, end in _runs(working, False):  # 7
        length = end - first + 1
        boundary = first == 0 or end == last
        if not boundary and length < staff.min_consecutive_days_off:
            out.append(
                f"{_tag(7)}: {e} is off {length} day(s) in a row, {_days(first, end)} "
                f"(min {staff.min_consecutive_days_off})"
            )

    weekends = [  # 8
        week
        for week in range(instance.weekends)
        if any(working[d] for d in instance.weekend_days(week))
    ]
    if len(weekends) > staff.max_weekends:
        listed = ", ".join(str(w) for w in weekends)
        out.append(
            f"{_tag(8)}: {e} works {len(weekends)} weekends ({listed}; max {staff.max_weekends})"
        )

    for day in sorted(instance.fixed_days_off(e)):  # 9
        if working[day]:
            out.append(f"{_tag(9)}: {e} works {', '.join(sorted(days[day]))} on day off {day}")


def evaluate(instance: CurtoisInstance, rows: Iterable[ScheduleRow]) -> Evaluation:
    """Check every hard constraint of `instance` on `rows` and compute the objective."""
    violations: list[str] = []
    horizon = instance.horizon
    grid: dict[str, list[set[str]]] = {e: [set() for _ in range(horizon)] for e in instance.staff}
    seen: set[ScheduleRow] = set()
    for row in rows:
        employee, day, shift = row
        text = f"{employee}\t{day}\t{shift}"
        if employee not in instance.staff:
            violations.append(f"{_tag(0)}: unknown employee in row {text!r}")
        elif shift not in instance.shifts:
            violations.append(f"{_tag(0)}: unknown shift type in row {text!r}")
        elif not 0 <= day < horizon:
            violations.append(f"{_tag(0)}: day outside 0..{horizon - 1} in row {text!r}")
        elif row in seen:
            violations.append(f"{_tag(1)}: row {text!r} listed twice")
        else:
            seen.add(row)
            grid[employee][day].add(shift)

    for employee, staff in instance.staff.items():
        _check_employee(instance, staff, grid[employee], violations)

    on = sum(r.weight for r in instance.on_requests if r.shift not in grid[r.employee][r.day])
    off = sum(r.weight for r in instance.off_requests if r.shift in grid[r.employee][r.day])
    under = over = 0
    for line in instance.cover:
        staffed = sum(line.shift in days[line.day] for days in grid.values())
        if staffed < line.requirement:
            under += (line.requirement - staffed) * line.weight_under
        else:
            over += (staffed - line.requirement) * line.weight_over
    breakdown = {ON_REQUESTS: on, OFF_REQUESTS: off, COVER_UNDER: under, COVER_OVER: over}
    return Evaluation(sum(breakdown.values()), violations, breakdown)


def evaluate_files(
    instance_path: str | os.PathLike[str], schedule_path: str | os.PathLike[str]
) -> Evaluation:
    """Parse an instance file and a schedule TSV, then evaluate."""
    return evaluate(parse_instance(instance_path), read_schedule_tsv(schedule_path))


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: print objective, breakdown and violations; 0 feasible, 1 infeasible, 2 bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m roster.bench.curtois_eval",
        description="Evaluate a Curtois & Qu schedule (employee<TAB>day<TAB>shift).",
    )
    parser.add_argument("instance", help="instance file, e.g. Instance1.txt")
    parser.add_argument("schedule", help="schedule TSV, one assignment per line")
    args = parser.parse_args(argv)
    try:
        result = evaluate_files(args.instance, args.schedule)
    except CurtoisFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"objective: {result.objective}")
    for key in PENALTY_KEYS:
        print(f"  {key}: {result.breakdown[key]}")
    print(f"hard violations: {len(result.violations)}")
    for violation in result.violations:
        print(f"  {violation}")
    return 0 if result.feasible else 1


if __name__ == "__main__":
    sys.exit(main())
