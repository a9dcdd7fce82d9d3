"""The `roster` command line, run as a subprocess: exit codes, messages, the JSON round trip.

Exit codes (roster/errors.py): 0 ok, 1 violations or unfilled demand, 2 config or usage
error, 3 locks that cannot all hold. No user error prints a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny.toml"
WEEK = "2026-12-07"  # tiny.toml's intended week: Mon 2026-12-07 .. Sun 2026-12-13

# Roster modules the TUI may use; none of them may pull in Textual or the TUI.
HEADLESS_MODULES = (
    "roster.cli",
    "roster.service",
    "roster.solve",
    "roster.validate",
    "roster.store",
    "roster.publish.exports",
)


def roster(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m roster.cli ARGS` and return the finished process (text output)."""
    return subprocess.run(
        [sys.executable, "-m", "roster.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        timeout=120,
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The process exited with `code` and printed no traceback; returns stdout + stderr."""
    output = done.stdout + done.stderr
    assert done.returncode == code, output
    assert "Traceback" not in output
    return output


def config_with(tmp_path: Path, name: str, extra: str) -> Path:
    """A copy of tiny.toml in `tmp_path` with `extra` appended."""
    path = tmp_path / name
    path.write_text(TINY.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def lock(person: str, day: str, shift: str = "D24", post: str = "desk") -> str:
    return f'\n[[locks]]\nperson = "{person}"\ndate = {day}\nshift = "{shift}"\npost = "{post}"\n'


# --------------------------------------------------------------------------- check


def test_check_accepts_the_tiny_config():
    done = roster("--config", TINY, "check", "--week", WEEK)
    assert done.returncode == 0, done.stderr
    assert f"{TINY}: OK" in done.stdout
    assert "Traceback" not in done.stderr


def test_check_reports_a_misspelt_skill(tmp_path: Path):
    # p02's only skill, misspelt.
    text = TINY.read_text(encoding="utf-8")
    at = text.index('id = "p02"')
    typo = text[:at] + text[at:].replace('"leader_on_duty"', '"leader_on_dty"', 1)
    path = tmp_path / "typo.toml"
    path.write_text(typo, encoding="utf-8")
    output = assert_clean_failure(roster("--config", path, "check"), 2)
    assert str(path) in output
    assert "people[1] (p02).skills[0]" in output
    assert '"leader_on_dty"' in output
    assert 'did you mean "leader_on_duty"' in output


def test_check_names_line_and_column_of_a_toml_syntax_error(tmp_path: Path):
    rows = TINY.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, row in enumerate(rows, 1) if row.startswith('name = "示例区应急管理局"'))
    broken = 'name = "示例区应急管理局'  # unterminated: the line ends inside the string
    rows[line - 1] = broken + "\n"
    path = tmp_path / "broken.toml"
    path.write_text("".join(rows), encoding="utf-8")
    output = assert_clean_failure(roster("--config", path, "check"), 2)
    # FILE:LINE:COLUMN, the column (from 1, in characters) of the end of the line.
    assert f"{path}:{line}:{len(broken) + 1}: TOML syntax error" in output


def test_missing_config(tmp_path: Path):
    missing = tmp_path / "nowhere.toml"
    output = assert_clean_failure(roster("--config", missing, "check"), 2)
    assert str(missing) in output


def test_lock_on_a_person_on_leave_is_a_config_error(tmp_path: Path):
    # p08 is on leave 2026-12-09 .. 2026-12-10.
    path = config_with(tmp_path, "leave.toml", lock("p08", "2026-12-09"))
    output = assert_clean_failure(roster("--config", path, "check", "--week", WEEK), 2)
    assert "locks[0]" in output
    assert "p08" in output and "leave" in output
    output = assert_clean_failure(roster("--config", path, "solve", "--week", WEEK), 2)
    assert "locks[0]" in output


# --------------------------------------------------------------------------- solve


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("solve") / "out.json"
    done = roster(
        "--config",
        TINY,
        "solve",
        "--week",
        WEEK,
        "--time-limit",
        "5",
        "--workers",
        "1",
        "--json",
        out,
    )
    return done, out


def test_solve_writes_the_publication(solved):
    done, out = solved
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "validator: no hard violation" in done.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["week_start"] == WEEK
    assert doc["days"] == 7
    assert doc["generated_at"].endswith("+08:00")
    datetime.fromisoformat(doc["generated_at"])
    assert doc["unfilled"] == []
    assignments = doc["assignments"]
    # 2 on the 24-hour desk and 2 on the hotline every day, 2 at the site on the weekend.
    assert len(assignments) == 7 * 4 + 2 * 2
    for entry in assignments:
        start = datetime.fromisoformat(entry["start"])
        end = datetime.fromisoformat(entry["end"])
        assert entry["start"].endswith("+08:00") and entry["end"].endswith("+08:00"), entry
        assert start.date() == date.fromisoformat(entry["date"])
        assert start < end
        if entry["shift"] == "D24":
            assert (end - start).total_seconds() == 24 * 3600
            assert end.date() > start.date()


def test_validate_accepts_the_solved_roster(solved):
    done, out = solved
    assert done.returncode == 0
    checked = roster("--config", TINY, "validate", out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 hard violations, 0 unfilled" in checked.stdout


def test_validate_names_a_broken_rule(solved, tmp_path: Path):
    done, out = solved
    assert done.returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    entries = doc["assignments"]
    # A duty officer on the 24-hour desk (08:30-08:30) also put on that evening's hotline
    # shift (16:00-24:00) instead of its operator: an overlap, and nothing else unfilled.
    officers = {"p05", "p06", "p07", "p08"}
    desk = next(e for e in entries if e["shift"] == "D24" and e["person"] in officers)
    evening = next(e for e in entries if e["shift"] == "HE" and e["date"] == desk["date"])
    evening["person"] = desk["person"]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    output = assert_clean_failure(roster("--config", TINY, "validate", edited), 1)
    assert f"overlap: {desk['person']} {desk['date']}" in output


def test_solve_rejects_a_bad_week():
    output = assert_clean_failure(roster("--config", TINY, "solve", "--week", "notadate"), 2)
    assert "notadate" in output


def test_conflicting_locks_exit_3_and_are_named(tmp_path: Path):
    # p01 locked on two consecutive 24-hour duties: the second starts as the first ends,
    # with 24 h of rest required after a 24-hour duty.
    extra = lock("p01", "2026-12-08") + lock("p01", "2026-12-09")
    path = config_with(tmp_path, "locks.toml", extra)
    assert roster("--config", path, "check", "--week", WEEK).returncode == 0
    done = roster("--config", path, "solve", "--week", WEEK, "--time-limit", "5", "--workers", "1")
    output = assert_clean_failure(done, 3)
    named = [row for row in output.splitlines() if "lock p01" in row]
    assert len(named) == 2, output
    assert any("on 2026-12-08 D24 at desk" in row for row in named), output
    assert any("on 2026-12-09 D24 at desk" in row for row in named), output
    assert all("rest" in row for row in named), output


# --------------------------------------------------------------------------- import contract


def test_headless_modules_do_not_import_the_tui():
    code = (
        f"import sys, {', '.join(HEADLESS_MODULES)}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_no_roster_module_imports_the_tui():
    code = (
        "import importlib, pkgutil, sys, roster\n"
        "for info in pkgutil.walk_packages(roster.__path__, 'roster.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_status_line_without_a_bound():
    """A roster from the neighbourhood search alone has no proven bound: printed as none."""
    from roster.commands.solve import status_line
    from roster.domain import Horizon, Roster, Status

    roster = Roster(
        Horizon(date(2026, 11, 30), 7),
        (),
        status=Status.FEASIBLE,
        objective=1234,
        seed=1,
        wall_time=2.0,
    )
    assert status_line(roster) == (
        "status: feasible  objective: 1,234  bound: none  time: 2.00s  seed: 1"
    )
    with_bound = Roster(
        Horizon(date(2026, 11, 30), 7), (), objective=1234, bound=1000, seed=1, wall_time=2.0
    )
    assert "bound: 1,000" in status_line(with_bound)
