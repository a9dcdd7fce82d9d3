"""The Curtois & Qu instances inside roster's own domain model.

The import is exact when roster's validator prices every schedule as the benchmark's own
evaluator does and both find the same schedules feasible: checked on the published
reference rosters and on the solver's own rosters.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from roster.bench.curtois_eval import evaluate
from roster.bench.curtois_format import parse_instance, read_schedule_tsv
from roster.bench.curtois_roster import START, to_assignments, to_problem, to_rows
from roster.bench.curtois_run import bench_instance, markdown_table, run_all
from roster.cli import main
from roster.domain import Status
from roster.solve import coverage_comes_first, solve
from roster.validate import slots, validate

DATA = Path(__file__).parent / "data" / "curtois"
REFERENCES = DATA / "reference-rosters"


def _index() -> list[tuple[str, str, int]]:
    with (REFERENCES / "INDEX.tsv").open(newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [(r["roster"], r["instance"], int(r["objective"])) for r in reader]


@pytest.mark.parametrize(("roster", "instance", "objective"), _index())
def test_reference_rosters_priced_alike(roster, instance, objective):
    inst = parse_instance(DATA / instance)
    rows = read_schedule_tsv(REFERENCES / roster)
    report = validate(to_problem(inst), to_assignments(rows))
    evaluation = evaluate(inst, rows)
    assert report.violations == ()
    assert evaluation.violations == []
    assert report.objective == evaluation.objective == objective


@pytest.mark.parametrize("number", [1, 2, 3])
def test_import_keeps_the_instance(number):
    inst = parse_instance(DATA / f"Instance{number}.txt")
    problem = to_problem(inst)
    org = problem.org
    assert problem.horizon.start == START and START.weekday() == 0
    assert problem.horizon.days == inst.horizon
    assert set(org.people) == set(inst.staff)
    assert {s: t.minutes for s, t in org.shifts.items()} == {
        s: t.length for s, t in inst.shifts.items()
    }
    assert len(org.requests) == len(inst.on_requests) + len(inst.off_requests)
    # The plain weighted sum is the benchmark's objective: no priority order.
    assert not coverage_comes_first(org)
    # Every cover line is a slot, requirement 0 included.
    assert len(slots(problem)) == len(inst.cover)


def _perturbed(inst, rows):
    """Schedules breaking or straining rules: each must be judged alike by both sides."""
    staff = list(inst.staff)
    shifts = list(inst.shifts)
    yield rows[: len(rows) // 2]  # too few minutes, short runs
    yield [*rows, *((e, d, shifts[0]) for e in staff[:2] for d in range(inst.horizon))]
    yield [(e, d, shifts[-1]) for e, d, _ in rows]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_broken_schedules_judged_alike(number):
    inst = parse_instance(DATA / f"Instance{number}.txt")
    problem = to_problem(inst)
    base = read_schedule_tsv(REFERENCES / f"Instance{number}-a.tsv")
    for rows in _perturbed(inst, base):
        rows = list(dict.fromkeys(rows))
        # One shift a day per person: keep the first listed (the evaluator's HC1 otherwise).
        seen, kept = set(), []
        for e, d, s in rows:
            if (e, d) not in seen:
                seen.add((e, d))
                kept.append((e, d, s))
        report = validate(problem, to_assignments(kept))
        evaluation = evaluate(inst, kept)
        assert bool(report.violations) == bool(evaluation.violations)
        assert report.objective == evaluation.objective


def test_instance1_solved_and_checked(tmp_path):
    inst = parse_instance(DATA / "Instance1.txt")
    problem = to_problem(inst)
    roster = solve(problem, time_limit=10, workers=2, seed=1)
    report = validate(problem, roster.assignments)
    evaluation = evaluate(inst, to_rows(roster.assignments))
    assert roster.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert report.violations == ()
    assert evaluation.violations == []
    assert roster.objective == report.objective == evaluation.objective
    assert roster.bound is not None and roster.bound <= 607 <= roster.objective


def test_bench_row_and_table(tmp_path):
    row = bench_instance(DATA / "Instance1.txt", tmp_path, time_limit=5, workers=2, seed=1)
    assert (tmp_path / "Instance1.tsv").exists()
    assert row.violations == 0 and row.objective == row.roster_objective
    assert row.size == "14x8x1"
    assert "| Instance1 | 14x8x1 |" in markdown_table([row])


def test_cli_bench_curtois(tmp_path, capsys):
    code = main(
        [
            "bench",
            "curtois",
            str(DATA / "Instance1.txt"),
            "--time-limit",
            "3",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("instance\tsize")
    cells = out[1].split("\t")
    assert cells[0] == "Instance1" and cells[-1] == "ok"
    assert int(cells[3]) >= 607 and cells[4] == "607"


def test_run_all_in_process(tmp_path):
    rows = run_all(
        [DATA / "Instance1.txt"], tmp_path, time_limit=3, workers=1, seed=1, isolate=False
    )
    assert rows[0].objective is not None and rows[0].best_known == 607
