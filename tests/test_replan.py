"""`roster replan` and `roster demand` on tests/data/tiny.toml: the fewest changes, proven.

A change is a duty from `--from` on that the new publication dropped or added. A sick person's
L lost duties each need their drop and a refill, so at least 2L changes; exactly 2L is possible
if and only if some direct handover (each lost duty to one other person, nothing else moved)
passes the validator, which these tests check exhaustively. The exact minimum in harder cases
is checked against an enumeration in tests/test_replanning.py.
"""

from __future__ import annotations

import itertools
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from roster.cli import main
from roster.domain import Assignment
from roster.explaining import load_week
from roster.publishing import publish_week
from roster.store import open_store
from roster.validate import validate

DATA = Path(__file__).parent / "data"
WEEK = date(2026, 12, 7)
TODAY = date(2026, 11, 29)
FROM = date(2026, 12, 10)
FAST = ["--time-limit", "3", "--workers", "1", "--seed", "1"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one publication of the tiny week (solved once per module)."""
    root = tmp_path_factory.mktemp("base")
    shutil.copy(DATA / "tiny.toml", root / "tiny.toml")
    publish_week(
        root / "tiny.toml",
        root / "roster.db",
        WEEK,
        root / "out",
        time_limit=3,
        workers=1,
        seed=1,
        today=TODAY,
    )
    return root


@pytest.fixture
def env(base: Path, tmp_path: Path) -> dict[str, Path]:
    for name in ("tiny.toml", "roster.db"):
        shutil.copy(base / name, tmp_path / name)
    return {"config": tmp_path / "tiny.toml", "db": tmp_path / "roster.db", "out": tmp_path / "out"}


def cli(env: dict[str, Path], *args: str) -> int:
    return main(["--config", str(env["config"]), "--db", str(env["db"]), *args])


def published(env: dict[str, Path]) -> tuple[Assignment, ...]:
    with open_store(env["db"]) as store:
        version = store.latest_version(WEEK, "published")
        assert version is not None
        return version.assignments


def replan(env: dict[str, Path], start: date = FROM) -> int:
    return cli(
        env, "replan", "--week", WEEK.isoformat(), "--from", start.isoformat(), *FAST,
        "--out", str(env["out"]),
    )  # fmt: skip


ILL_UNTIL = FROM + timedelta(days=1)  # two days off sick: Thursday and Friday


def _sick_person(before: tuple[Assignment, ...]) -> tuple[str, list[Assignment]]:
    """The desk person with most duties on the sick days, none of them running into FROM."""
    day_before = FROM - timedelta(days=1)
    busy_into = {a.person for a in before if a.date == day_before and a.shift == "D24"}
    later: dict[str, list[Assignment]] = {}
    for a in before:
        if FROM <= a.date <= ILL_UNTIL and a.post == "desk" and a.person not in busy_into:
            later.setdefault(a.person, []).append(a)
    person = max(sorted(later), key=lambda p: len(later[p]))
    return person, [a for a in before if a.person == person and FROM <= a.date <= ILL_UNTIL]


def direct_handover_exists(
    env: dict[str, Path], roster: list[Assignment], missing: list[Assignment]
) -> bool:
    """Whether giving each duty in `missing` to one person (every combination tried), and
    changing nothing else, yields a roster the validator accepts with no hole."""
    week = load_week(env["config"], str(env["db"]), WEEK)
    people = sorted(week.org.people)
    for takers in itertools.product(people, repeat=len(missing)):
        trial = [
            *roster,
            *(Assignment(a.date, a.shift, a.post, p) for a, p in zip(missing, takers, strict=True)),
        ]
        report = validate(week.problem, trial)
        if not report.violations and not report.unfilled:
            return True
    return False


def _check_replanned(
    env: dict[str, Path], before: tuple[Assignment, ...], out: str
) -> tuple[set[Assignment], int]:
    """The published replan is valid, keeps the frozen days and reports its proven count;
    returns the changed duties and that count."""
    after = published(env)
    assert {a for a in before if a.date < FROM} == {a for a in after if a.date < FROM}
    week = load_week(env["config"], str(env["db"]), WEEK)
    assert set(week.version.assignments) == set(after)
    assert not week.report.violations
    changed = set(before) ^ set(after)
    assert all(a.date >= FROM for a in changed)
    assert f"changes: {len(changed)} (proven minimal)" in out
    # the change report names exactly the people whose duties changed
    names = {week.org.people[a.person].name for a in changed}
    told = {p.name for p in week.org.people.values() if f"{p.name}（{p.id}）" in out}
    assert told == names
    assert f"{len({a.person for a in changed})} people changed" in out
    return changed, len(changed)


def test_sick_person_mid_week_changes_only_what_must_change(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = published(env)
    sick, lost = _sick_person(before)
    assert lost
    end = ILL_UNTIL.isoformat()
    assert cli(env, "leave", "add", sick, FROM.isoformat(), end, "--reason", "ill") == 0
    capsys.readouterr()
    assert replan(env) == 0
    changed, count = _check_replanned(env, before, capsys.readouterr().out)
    after = published(env)
    assert not [a for a in after if a.person == sick and FROM <= a.date <= ILL_UNTIL]
    with open_store(env["db"]) as store:
        version = store.latest_version(WEEK, "published")
        assert version is not None and not version.unfilled
    assert set(lost) <= changed
    kept = [a for a in before if a not in lost]
    if direct_handover_exists(env, kept, lost):
        assert count == 2 * len(lost), sorted(changed)
    else:
        assert count > 2 * len(lost), sorted(changed)


def test_new_demand_line_is_filled_with_fewest_changes(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = published(env)
    day = date(2026, 12, 11)
    code = cli(
        env, "demand", "add", "hotline", day.isoformat(), day.isoformat(), "--shift", "HD",
        "--count", "1", "--reason", "storm",
    )  # fmt: skip
    assert code == 0
    capsys.readouterr()
    assert replan(env) == 0
    changed, count = _check_replanned(env, before, capsys.readouterr().out)
    on_slot = [a for a in published(env) if (a.date, a.shift, a.post) == (day, "HD", "hotline")]
    assert len(on_slot) == 2
    slot = Assignment(day, "HD", "hotline", "?")
    if direct_handover_exists(env, list(before), [slot]):
        assert count == 1, sorted(changed)
    else:
        assert count > 1, sorted(changed)


def test_replan_without_changes_publishes_nothing_new(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(env["db"]) as store:
        count = len(store.list_versions(WEEK))
    assert replan(env) == 0
    with open_store(env["db"]) as store:
        assert len(store.list_versions(WEEK)) == count
    assert "changes: 0 (proven minimal)" in capsys.readouterr().out


def test_demand_add_validates_ids_and_is_audited(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(env, "demand", "add", "hotlne", "2026-12-09", "2026-12-09", "--shift", "HD",
               "--count", "1") == 2  # fmt: skip
    assert "did you mean hotline" in capsys.readouterr().err
    assert cli(env, "demand", "add", "hotline", "2026-12-09", "2026-12-09", "--shift", "HX",
               "--count", "1") == 2  # fmt: skip
    assert cli(env, "demand", "add", "hotline", "2026-12-09", "2026-12-09", "--shift", "HD",
               "--count", "1", "--skill", "hotlin=1") == 2  # fmt: skip
    assert "did you mean hotline" in capsys.readouterr().err
    assert cli(env, "demand", "add", "hotline", "2026-12-10", "2026-12-09", "--shift", "HD",
               "--count", "1") == 2  # fmt: skip
    assert cli(env, "demand", "add", "desk", "2026-12-09", "2026-12-10", "--shift", "D24",
               "--count", "1", "--skill", "duty_officer=1", "--reason", "storm") == 0  # fmt: skip
    capsys.readouterr()
    assert cli(env, "demand", "list") == 0
    out = capsys.readouterr().out
    assert "desk D24 2026-12-09 to 2026-12-10" in out and "duty_officer=1" in out
    assert "1 demand entries" in out
    with open_store(env["db"]) as store:
        actions = [e.action for e in store.list_audit()]
    assert "demand.add" in actions
