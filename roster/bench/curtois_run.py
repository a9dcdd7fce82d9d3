"""Run roster's own solver on Curtois & Qu instances and score the result independently.

For each instance: import it into the domain model (`roster.bench.curtois_roster`), solve
with `roster.solve.solve`, check the roster with `roster.validate.validate`, write
`<out>/<instance>.tsv`, and recompute the instance's own objective from that file with
`roster.bench.curtois_eval` (which knows nothing of roster's model).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from roster.bench.curtois_eval import evaluate
from roster.bench.curtois_format import parse_instance, read_schedule_tsv, write_schedule_tsv
from roster.bench.curtois_roster import to_problem, to_rows
from roster.bench.curtois_summary import BestKnown, read_best_known
from roster.solve import solve
from roster.validate import validate

BEST_KNOWN = Path(__file__).resolve().parents[2] / "bench" / "curtois" / "best_known.tsv"


@dataclass(frozen=True)
class BenchRow:
    """One instance's result; `objective` is the benchmark evaluator's, None without roster."""

    name: str
    days: int
    staff: int
    types: int
    status: str
    objective: int | None
    roster_objective: int | None
    violations: int  # validator and evaluator hard violations together
    best_known: int | None
    lower_bound: int | None
    first_solution: float | None
    wall: float
    peak_mb: float

    @property
    def size(self) -> str:
        return f"{self.days}x{self.staff}x{self.types}"

    @property
    def ratio(self) -> float | None:
        if self.objective is None or not self.best_known:
            return None
        return self.objective / self.best_known


def _peak_mb() -> float:
    """Peak resident memory of this process in MiB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_instance(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    time_limit: float,
    workers: int,
    seed: int,
    best: BestKnown | None = None,
) -> BenchRow:
    """Solve one instance, write its TSV, and score and check it (see the module docstring)."""
    started = time.monotonic()
    instance = parse_instance(path)
    problem = to_problem(instance)
    roster = solve(problem, time_limit=time_limit, workers=workers, seed=seed)
    wall = time.monotonic() - started
    objective = roster_objective = None
    violations = 0
    if roster.objective is not None:
        report = validate(problem, roster.assignments)
        target = Path(out) / f"{instance.name}.tsv"
        write_schedule_tsv(target, to_rows(roster.assignments))
        evaluation = evaluate(instance, read_schedule_tsv(target))
        objective, roster_objective = evaluation.objective, report.objective
        violations = len(report.violations) + len(evaluation.violations)
    return BenchRow(
        name=instance.name,
        days=instance.horizon,
        staff=len(instance.staff),
        types=len(instance.shifts),
        status=roster.status.value,
        objective=objective,
        roster_objective=roster_objective,
        violations=violations,
        best_known=best.ub if best else None,
        lower_bound=roster.bound,
        first_solution=roster.first_solution_time,
        wall=wall,
        peak_mb=_peak_mb(),
    )


def _in_child(path: str, out: str, options: dict, best: BestKnown | None) -> BenchRow:
    return bench_instance(path, out, best=best, **options)


def run_all(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    time_limit: float,
    workers: int,
    seed: int,
    best_known: str | os.PathLike[str] = BEST_KNOWN,
    isolate: bool = True,
    on_row=None,
) -> list[BenchRow]:
    """Every instance in turn; with `isolate`, each in a fresh process (own peak memory)."""
    Path(out).mkdir(parents=True, exist_ok=True)
    table = read_best_known(best_known) if Path(best_known).exists() else {}
    options = {"time_limit": time_limit, "workers": workers, "seed": seed}
    rows = []
    for path in paths:
        best = table.get(Path(path).stem)
        if isolate:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                row = pool.submit(_in_child, str(path), str(out), options, best).result()
        else:
            row = bench_instance(path, out, best=best, **options)
        rows.append(row)
        if on_row is not None:
            on_row(row)
    return rows


COLUMNS = (
    "instance",
    "size (days x staff x types)",
    "status",
    "objective",
    "best known",
    "ratio",
    "lower bound",
    "first solution s",
    "wall s",
    "peak MiB",
    "check",
)


def _opt(value, fmt: str = "{}") -> str:
    return "-" if value is None else fmt.format(value)


def row_cells(row: BenchRow) -> list[str]:
    if row.objective is None:
        check = "-"
    elif row.violations:
        check = f"{row.violations} violations"
    elif row.objective != row.roster_objective:
        check = f"roster says {row.roster_objective}"
    else:
        check = "ok"
    return [
        row.name,
        row.size,
        row.status,
        _opt(row.objective),
        _opt(row.best_known),
        _opt(row.ratio, "{:.3f}"),
        _opt(row.lower_bound),
        _opt(row.first_solution, "{:.1f}"),
        f"{row.wall:.1f}",
        f"{row.peak_mb:.0f}",
        check,
    ]


def markdown_table(rows: Sequence[BenchRow]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row_cells(r)) + " |" for r in rows]
    return "\n".join(lines)
