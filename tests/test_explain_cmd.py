"""`roster explain` and `roster callup` on a stored tiny week (tests/data/tiny.toml)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from roster.callup import callup
from roster.cli import main
from roster.domain import Assignment
from roster.explaining import explain_focus, explain_week, load_week
from roster.publishing import publish_week
from roster.store import open_store
from roster.validate import validate

DATA = Path(__file__).parent / "data"
WEEK = date(2026, 12, 7)
TODAY = date(2026, 11, 29)
HOLE_DAY = date(2026, 12, 9)  # p08 is on leave (config) 12-09..12-10


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published tiny week, then a newer publication with the desk's duty officer of
    HOLE_DAY removed (a hole to explain and to call somebody up for)."""
    root = tmp_path_factory.mktemp("explain")
    shutil.copy(DATA / "tiny.toml", root / "tiny.toml")
    publish_week(
        root / "tiny.toml", root / "roster.db", WEEK, root / "out",
        time_limit=3, workers=1, seed=1, today=TODAY,
    )  # fmt: skip
    with open_store(root / "roster.db") as store:
        version = store.latest_version(WEEK, "published")
        assert version is not None
        officers = {"p05", "p06", "p07", "p08"}
        gone = next(
            a
            for a in version.assignments
            if (a.date, a.shift, a.post) == (HOLE_DAY, "D24", "desk") and a.person in officers
        )
        kept = tuple(a for a in version.assignments if a != gone)
        store.save_version(
            replace(version.to_roster(), assignments=kept), who="t", state="published"
        )
    return root


@pytest.fixture
def env(base: Path, tmp_path: Path) -> dict[str, Path]:
    for name in ("tiny.toml", "roster.db"):
        shutil.copy(base / name, tmp_path / name)
    return {"config": tmp_path / "tiny.toml", "db": tmp_path / "roster.db"}


def cli(env: dict[str, Path], *args: str) -> int:
    return main(["--config", str(env["config"]), "--db", str(env["db"]), *args])


def test_hole_candidates_name_leave_and_rest_after_d24(env: dict[str, Path]) -> None:
    week = load_week(env["config"], str(env["db"]), WEEK)
    why = explain_focus(week, day=HOLE_DAY, post="desk")
    holes = [h for h in why.holes if h.hole.shift == "D24"]
    assert holes, "the removed duty officer leaves a hole"
    reasons = dict(holes[0].candidates)
    assert reasons["p08"].startswith("on leave")
    # whoever did the 24-hour desk duty the day before needs rest
    before = HOLE_DAY - timedelta(days=1)
    tired = [
        a.person
        for a in week.assignments
        if (a.date, a.shift) == (before, "D24") and a.person in reasons
    ]
    assert tired
    for person in tired:
        assert reasons[person] == "needs rest"


def test_explain_cli_week_and_focus(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(env, "explain", "--week", WEEK.isoformat()) == 0
    out = capsys.readouterr().out
    assert "objective" in out and "unfilled" in out
    assert "worst fairness outliers" in out
    assert cli(env, "explain", "--week", WEEK.isoformat(), "--date", HOLE_DAY.isoformat()) == 0
    out = capsys.readouterr().out
    assert "p08 (黄丽): on leave" in out
    assert "needs rest" in out
    assert cli(env, "explain", "--week", WEEK.isoformat(), "--person", "p5") == 2
    assert "did you mean" in capsys.readouterr().err


def test_person_focus_lists_terms_of_each_assignment(env: dict[str, Path]) -> None:
    week = load_week(env["config"], str(env["db"]), WEEK)
    whole = explain_week(week)
    assert whole.objective == week.report.objective
    assert sum(cost for _, cost in whole.by_term) == whole.objective
    costs = [p.cost for p in whole.outliers]
    assert costs == sorted(costs, reverse=True)
    for person in week.org.people:
        focus = explain_focus(week, person=person)
        assert all(row.assignment.person == person for row in focus.assignments)
        for row in focus.assignments:
            for term in row.terms:
                assert term.when == row.assignment.date.isoformat()
                assert term.who in (person, f"{row.assignment.post}/{row.assignment.shift}")
        assert all(p.who == person for p in focus.person_terms)


def test_callup_never_offers_a_hard_rule_breaker(env: dict[str, Path]) -> None:
    week = load_week(env["config"], str(env["db"]), WEEK)
    base = set(validate(week.problem, week.assignments).violations)
    slots = sorted({(a.date, a.shift, a.post) for a in week.assignments})
    offered = 0
    for day, shift, post in slots:
        result = callup(week.problem, week.assignments, day, shift, post)
        for offer in result.offers:
            added = (*week.assignments, Assignment(day, shift, post, offer.person))
            new = set(validate(week.problem, added).violations) - base
            assert not new, (day, shift, post, offer.person, new)
            offered += 1
        keys = [o.key() for o in result.offers]
        assert keys == sorted(keys)
    assert offered > 0


def test_callup_for_the_hole(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    week = load_week(env["config"], str(env["db"]), WEEK)
    result = callup(week.problem, week.assignments, HOLE_DAY, "D24", "desk")
    assert result.offers, "somebody can fill the hole"
    assert all(o.fills_missing_skill for o in result.offers[:1])
    assert "p08" in dict(result.excluded)
    code = cli(
        env, "callup", "--date", HOLE_DAY.isoformat(), "--post", "desk", "--shift", "D24", "--all"
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "*  1." in out and "h in the 7 days before" in out
    assert "ruled out p08: on leave" in out
