"""Fixtures of the TUI tests: the tiny organisation, a store holding a solved draft, an app
factory with a fixed solver (3 s, 1 worker) and a helper running a Pilot scenario."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest

from roster.domain import Assignment, Roster
from roster.editing import open_week
from roster.service import load_problem
from roster.store import open_store
from roster.validate import validate

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
WEEK = date(2026, 12, 7)
SIZE = (120, 40)


def fixed_week() -> tuple[Assignment, ...]:
    """A valid roster of WEEK, fixed so that snapshots do not depend on a time-limited solve."""
    found = []
    for line in (HERE / "data" / "tiny_week.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            day, shift, post, person = line.split()
            found.append(Assignment(date.fromisoformat(day), shift, post, person))
    return tuple(found)


@pytest.fixture(scope="session")
def solved_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with tiny.toml and roster.db holding one draft of WEEK (`fixed_week`)."""
    folder = tmp_path_factory.mktemp("solved")
    shutil.copy(DATA / "tiny.toml", folder / "tiny.toml")
    problem = load_problem(folder / "tiny.toml", WEEK.isoformat())
    assignments = fixed_week()
    report = validate(problem, assignments)
    assert report.ok and not report.unfilled
    roster = Roster(problem.horizon, assignments, objective=report.objective)
    with open_store(folder / "roster.db") as store:
        store.save_version(roster, who="test")
    return folder


@pytest.fixture
def workdir(solved_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the solved config and store."""
    for name in ("tiny.toml", "roster.db"):
        shutil.copy(solved_dir / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def emptydir(tmp_path: Path) -> Path:
    """tiny.toml and no store yet."""
    shutil.copy(DATA / "tiny.toml", tmp_path / "tiny.toml")
    return tmp_path


def make_app(folder: Path, language: str = "en"):
    from tui.app import RosterApp

    session = open_week(folder / "tiny.toml", folder / "roster.db", WEEK)
    return RosterApp(
        session, language=language, time_limit=3, workers=1, out_dir=folder / "publish"
    )


def drive(app, scenario: Callable[..., Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Run `scenario(pilot)` against `app` headless at a fixed size."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())
