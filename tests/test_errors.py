"""roster.errors: scripts end on a user error as the CLI does, without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roster.errors import ExitCode, InfeasibleError, UsageError, exiting_on_error

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("error", "code", "said"),
    [
        (InfeasibleError(["p001 is on leave all week"]), ExitCode.INFEASIBLE, "p001 is on leave"),
        (UsageError("--week: bad date"), ExitCode.USAGE, "--week: bad date"),
    ],
)
def test_a_roster_error_becomes_its_message_and_exit_code(capsys, error, code, said) -> None:
    with pytest.raises(SystemExit) as ended, exiting_on_error():
        raise error
    assert ended.value.code == code
    assert said in capsys.readouterr().err


def test_other_errors_pass_through() -> None:
    with pytest.raises(KeyError), exiting_on_error():
        raise KeyError("a bug, not a user error")


def test_no_error_no_exit() -> None:
    with exiting_on_error():
        value = 1
    assert value == 1


def test_bench_script_names_the_missing_config(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "sample_solve.py"), "--config", str(missing)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == ExitCode.USAGE
    assert str(missing) in run.stderr
    assert "config file not found" in run.stderr
    assert "Traceback" not in run.stderr
