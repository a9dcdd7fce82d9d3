"""`roster bench scale`: a tiny generated organisation solved through the command line."""

from __future__ import annotations

import pytest

from roster.bench.scale_run import run_scale
from roster.cli import main
from roster.errors import ExitCode
from roster.generate import minimum_people
from roster.validate import validate


def test_run_scale_reports_a_valid_full_roster() -> None:
    result = run_scale(minimum_people(3), 5, 3, time_limit=3, workers=1)
    report = validate(result.problem, result.roster.assignments)
    assert report.violations == ()
    assert report.objective == result.roster.objective
    assert result.unfilled == 0
    assert result.variables > 0 and result.constraints > 0
    first = result.roster.first_solution_time
    assert result.trace and result.trace[0].elapsed == pytest.approx(first, abs=0.05)
    objectives = [p.objective for p in result.trace]
    assert objectives == sorted(objectives, reverse=True)
    assert result.peak_mb > 0


def test_cli_prints_trace_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bench", "scale", "--people", str(minimum_people(3)), "--sites", "3"]
    code = main([*args, "--days", "5", "--time-limit", "3", "--workers", "1"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert "objective and bound" in out
    assert "first complete roster" in out
    assert "unfilled              0" in out
    assert "validator = solver    yes" in out
    assert "peak RSS" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--people", "10", "--sites", "3"], "10 people are too few for 3 sites"),
        (["--people", "100", "--sites", "3", "--days", "0"], "--days must be at least 1"),
        (["--people", "100", "--sites", "3", "--start", "soon"], "--start"),
    ],
)
def test_cli_usage_errors(extra: list[str], message: str, capsys) -> None:
    code = main(["bench", "scale", *extra])
    captured = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
