"""Size facts of Curtois & Qu instances and the best-known bounds, for the benchmark table.

`python -m roster.bench.curtois_summary FILE_OR_DIR...` prints one TSV line per instance.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from roster.bench.curtois_format import CurtoisFormatError, CurtoisInstance, parse_instance

BEST_KNOWN_COLUMNS = ("instance", "days", "staff", "types", "ub", "lb")


@dataclass(frozen=True)
class InstanceSummary:
    """Counts describing one instance (`days_off` counts (employee, day) entries)."""

    name: str
    days: int
    weeks: int
    staff: int
    shift_types: int
    days_off: int
    on_requests: int
    off_requests: int
    requests: int
    cover_lines: int
    cover_demand: int

    def as_row(self) -> dict[str, str | int]:
        """Field name to value, in declaration order."""
        return asdict(self)


@dataclass(frozen=True)
class BestKnown:
    """Best known solution value (`ub`) and best proven lower bound (`lb`) of an instance."""

    instance: str
    days: int
    staff: int
    types: int
    ub: int
    lb: int

    @property
    def optimal(self) -> bool:
        """True when the bounds meet."""
        return self.ub == self.lb


def summarize(instance: CurtoisInstance) -> InstanceSummary:
    """Size facts of a parsed instance."""
    return InstanceSummary(
        name=instance.name,
        days=instance.horizon,
        weeks=instance.weeks,
        staff=len(instance.staff),
        shift_types=len(instance.shifts),
        days_off=sum(len(days) for days in instance.days_off.values()),
        on_requests=len(instance.on_requests),
        off_requests=len(instance.off_requests),
        requests=len(instance.on_requests) + len(instance.off_requests),
        cover_lines=len(instance.cover),
        cover_demand=sum(line.requirement for line in instance.cover),
    )


def instance_sort_key(name: str) -> tuple[str, int, str]:
    """Natural order: Instance2 before Instance10."""
    match = re.fullmatch(r"(.*?)(\d+)(.*)", name)
    if not match:
        return (name, -1, "")
    return (match.group(1), int(match.group(2)), match.group(3))


def instance_paths(sources: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand directories to their `Instance*.txt` files; result in natural order."""
    paths: list[Path] = []
    for source in sources:
        path = Path(source)
        paths.extend(path.glob("Instance*.txt") if path.is_dir() else [path])
    return sorted(set(paths), key=lambda p: instance_sort_key(p.stem))


def summarize_paths(sources: Iterable[str | os.PathLike[str]]) -> list[InstanceSummary]:
    """Parse and summarise every instance file (directories are expanded)."""
    return [summarize(parse_instance(path)) for path in instance_paths(sources)]


def format_tsv(summaries: Sequence[InstanceSummary]) -> str:
    """A TSV table with a header line."""
    header = [f.name for f in fields(InstanceSummary)]
    lines = ["\t".join(header)]
    lines += ["\t".join(str(v) for v in s.as_row().values()) for s in summaries]
    return "\n".join(lines) + "\n"


def read_best_known(path: str | os.PathLike[str]) -> dict[str, BestKnown]:
    """Read `best_known.tsv` (header `instance days staff types ub lb`), keyed by instance."""
    source = str(path)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].strip().split("\t")) != BEST_KNOWN_COLUMNS:
        raise CurtoisFormatError(source, 1, f"header must be {'<TAB>'.join(BEST_KNOWN_COLUMNS)}")
    table: dict[str, BestKnown] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        values = line.strip().split("\t")
        if len(values) != len(BEST_KNOWN_COLUMNS):
            raise CurtoisFormatError(source, number, f"expected 6 fields, got {len(values)}")
        name, *numbers = values
        try:
            days, staff, types, ub, lb = (int(v) for v in numbers)
        except ValueError as exc:
            raise CurtoisFormatError(source, number, f"non-integer field: {exc}") from exc
        if name in table:
            raise CurtoisFormatError(source, number, f"instance {name!r} listed twice")
        if lb > ub:
            raise CurtoisFormatError(source, number, f"lower bound {lb} above upper bound {ub}")
        table[name] = BestKnown(name, days, staff, types, ub, lb)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Print the summary table of the given instance files or directories."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m roster.bench.curtois_summary FILE_OR_DIR...", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(format_tsv(summarize_paths(args)))
    except CurtoisFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
