"""The deploy files' command lines are ones the CLI accepts, with the options they document."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from roster.cli import build_parser
from tests.test_sample_solve import NIGHTLY_SECONDS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
# The nightly job's solve time, the same in both deploy files (BENCHMARKS.md, "Seventeenth
# session"); the sample tests solve the holiday week for NIGHTLY_SECONDS, no longer than this.
JOB_SECONDS = 300


def _service_command() -> list[str]:
    text = (DEPLOY / "roster-publish.service").read_text(encoding="utf-8")
    joined = text.replace("\\\n", " ")
    (line,) = [ln for ln in joined.splitlines() if ln.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def _cron_command() -> list[str]:
    text = (DEPLOY / "crontab.example").read_text(encoding="utf-8")
    (line,) = [ln for ln in text.splitlines() if ln and ln[0].isdigit()]
    command = line.split(maxsplit=5)[5]  # after the five time fields
    return shlex.split(command.split("&&", 1)[1])


@pytest.mark.parametrize("command", [_service_command, _cron_command], ids=["systemd", "cron"])
def test_nightly_command_parses_and_solves_at_least_as_long_as_the_sample_tests(command):
    argv = command()
    assert Path(argv[0]).name == "roster"
    args = build_parser().parse_args(argv[1:])
    assert args.command == "publish"
    assert args.week == "next"
    assert args.time_limit == JOB_SECONDS >= NIGHTLY_SECONDS
    assert args.log_file and args.config.endswith("rosters.toml")
