"""The nightly publish job (roster.publishing) and the store commands, on tests/data/tiny.toml."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from roster.cli import main
from roster.domain import Assignment
from roster.errors import BusyError, ExitCode
from roster.publishing import lock_path, publish_week
from roster.store import open_store, person_subject

DATA = Path(__file__).parent / "data"
WEEK = date(2026, 12, 7)
TODAY = date(2026, 11, 29)  # before the week: nothing is frozen
FAST = {"time_limit": 3, "workers": 1, "seed": 1}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, Path]:
    config = tmp_path / "tiny.toml"
    shutil.copy(DATA / "tiny.toml", config)
    return {"config": config, "db": tmp_path / "roster.db", "out": tmp_path / "out"}


def publish(env: dict[str, Path], **kw):
    kw = {**FAST, "today": TODAY, **kw}
    return publish_week(env["config"], env["db"], WEEK, env["out"], **kw)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def published(env: dict[str, Path]) -> tuple[Assignment, ...]:
    with open_store(env["db"]) as store:
        version = store.latest_version(WEEK, "published")
        assert version is not None
        return version.assignments


def test_publish_then_identical_rerun_changes_nothing(env: dict[str, Path]) -> None:
    first = publish(env)
    assert first.created and first.version_id is not None
    assert first.changes is None  # first publication
    out = env["out"]
    for name in ("roster.json", "roster.csv", "roster.html", "changes.md"):
        assert (out / name).is_file(), name
    assert any((out / "ics").glob("*.ics"))
    before = snapshot(out)

    second = publish(env)
    assert not second.created and not second.exports_written
    assert second.version_id == first.version_id
    assert second.changes == ()
    with open_store(env["db"]) as store:
        assert len(store.list_versions(WEEK)) == 1
    assert snapshot(out) == before

    # missing exports are rewritten, byte for byte, without a new version
    shutil.rmtree(out)
    third = publish(env)
    assert not third.created and third.exports_written
    assert snapshot(out) == before


def test_lock_added_between_runs_is_respected(env: dict[str, Path]) -> None:
    publish(env)
    v1 = set(published(env))
    busy = {(a.person, a.date) for a in v1}
    # a hotline day shift given to someone (hotline-only staff) who has no duty that day
    lock = next(
        Assignment(day, "HD", "hotline", person)
        for day in (WEEK + timedelta(days=i) for i in range(1, 6))
        for person in ("p09", "p10")
        if (person, day) not in busy
    )
    assert lock not in v1
    with open_store(env["db"]) as store:  # locking what is published changes nothing
        store.add_lock(next(iter(sorted(v1))), who="test")
    same = publish(env)
    assert not same.created and same.changes == ()
    with open_store(env["db"]) as store:
        store.add_lock(lock, who="test")
    result = publish(env)
    assert result.created
    assert lock in set(published(env))


def test_leave_added_between_runs_moves_only_that_person(env: dict[str, Path]) -> None:
    publish(env)
    v1 = set(published(env))
    person = "p05"
    days = sorted({a.date for a in v1 if a.person == person})[:1]
    assert days, "p05 should hold a duty in the first publication"
    affected = [a for a in v1 if a.person == person and a.date in days]
    with open_store(env["db"]) as store:
        store.add_leave(person, days[0], days[-1], who="test", reason="sick")
    result = publish(env)
    assert result.created
    v2 = set(published(env))
    assert not [a for a in v2 if a.person == person and a.date in days]
    lost = v1 - v2
    assert len(lost) <= len(affected) + 4, sorted(lost)
    changed_people = {c.person for c in result.changes or ()}
    assert person in changed_people


def test_held_lock_file_is_busy(env: dict[str, Path]) -> None:
    path = lock_path(env["db"])
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BusyError) as caught:
            publish(env)
        assert caught.value.exit_code == ExitCode.BUSY == 4
        argv = ["--config", str(env["config"]), "publish", "--week", WEEK.isoformat()]
        assert main(argv) == 4
    finally:
        os.close(fd)
    assert not env["db"].exists()


def test_corrupt_db_is_refused_untouched(env: dict[str, Path]) -> None:
    data = os.urandom(4096)
    env["db"].write_bytes(data)
    argv = [
        "--config",
        str(env["config"]),
        "--db",
        str(env["db"]),
        "publish",
        "--week",
        WEEK.isoformat(),
        "--out",
        str(env["out"]),
        "--time-limit",
        "3",
    ]
    assert main(argv) == 2
    assert env["db"].read_bytes() == data
    assert not env["out"].exists()


def test_cli_publish_dry_run_writes_nothing(env: dict[str, Path]) -> None:
    cmd = [sys.executable, "-m", "roster.cli", "--config", str(env["config"]), "publish"]
    cmd += ["--week", WEEK.isoformat(), "--time-limit", "3", "--workers", "1", "--dry-run"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "dry run" in proc.stdout
    assert not env["db"].exists()
    assert not (env["config"].parent / "publish").exists()


def test_store_commands_are_audited(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("USER", "duty-manager")
    base = ["--config", str(env["config"])]
    assert main([*base, "leave", "add", "p05", "2026-12-08", "2026-12-09", "--reason", "sick"]) == 0
    assert main([*base, "leave", "list"]) == 0
    assert "2026-12-08 to 2026-12-09" in capsys.readouterr().out
    assert main([*base, "lock", "p06", "2026-12-08", "D24", "desk"]) == 0
    assert main([*base, "unlock", "p06", "2026-12-08", "D24", "desk"]) == 0
    assert main([*base, "lock", "p6", "2026-12-08", "D24", "desk"]) == 2
    assert "did you mean" in capsys.readouterr().err
    assert main([*base, "history", "--person", "p05"]) == 0
    db = env["config"].parent / "roster.db"  # the default: beside the config
    with open_store(db) as store:
        assert [e.person for e in store.list_leave()] == ["p05"]
        assert store.list_locks() == ()
        entries = store.list_audit(subject=None)
    mine = [e for e in entries if e.who == "duty-manager"]
    assert {e.subject for e in mine} >= {person_subject("p05"), person_subject("p06")}
    actions = [e.action for e in mine]
    assert len(actions) >= 3, actions


def test_past_days_frozen_and_removed_person_dropped(env: dict[str, Path]) -> None:
    publish(env)
    v1 = set(published(env))
    assert any(a.person == "p12" for a in v1), "the volunteer p12 should hold a weekend duty"
    text = env["config"].read_text(encoding="utf-8")
    block = text[text.index('[[people]]\nid = "p12"') :]
    block = block[: block.index("\n\n") + 2] if "\n\n" in block else block
    env["config"].write_text(text.replace(block, ""), encoding="utf-8")
    today = WEEK + timedelta(days=3)
    with open_store(env["db"]) as store:  # leave today that the frozen days do not see
        store.add_leave("p05", today, today + timedelta(days=1), who="test")
    result = publish(env, today=today)
    assert result.created
    assert result.removed_people == ("p12",)
    assert result.frozen_days == tuple(WEEK + timedelta(days=i) for i in range(3))
    v2 = set(published(env))
    assert {a for a in v1 if a.date < today} <= v2
    assert not any(a.person == "p12" for a in v2)
    lost = {c.person for c in result.changes or () if c.lost}
    assert "p12" in lost


def test_removed_person_is_reported_and_their_duties_reassigned(env: dict[str, Path]) -> None:
    from roster.commands.publish import removed_duty_lines

    publish(env)
    v1 = set(published(env))
    held = sorted(a for a in v1 if a.person == "p12")
    assert held, "the volunteer p12 should hold a weekend duty"
    text = env["config"].read_text(encoding="utf-8")
    block = text[text.index('[[people]]\nid = "p12"') :]
    block = block[: block.index("\n\n") + 2] if "\n\n" in block else block
    env["config"].write_text(text.replace(block, ""), encoding="utf-8")

    result = publish(env)  # nothing frozen: every duty of p12 is open again
    assert result.created
    assert result.removed_people == ("p12",)
    assert [a for a, _ in result.removed_duties] == held
    v2 = set(published(env))
    assert not any(a.person == "p12" for a in v2)
    holes = {(u.date, u.shift, u.post) for u in result.unfilled}
    for duty, takers in result.removed_duties:
        slot = (duty.date, duty.shift, duty.post)
        now = {a.person for a in v2 if (a.date, a.shift, a.post) == slot}
        assert takers, f"{duty} was not reassigned (unfilled: {slot in holes})"
        assert set(takers) <= now and "p12" not in takers
    lines = removed_duty_lines(result)
    assert len(lines) == len(held)
    assert all(line.startswith("note: p12's duty ") for line in lines)
    assert "p12" in {c.person for c in result.changes or () if c.lost}

    again = publish(env)  # reported once: the new publication no longer holds p12
    assert not again.created and again.removed_duties == ()


def test_log_file_gets_the_error(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    env["db"].write_bytes(b"not a roster store" * 100)
    log = env["config"].parent / "logs" / "publish.log"
    base = ["--config", str(env["config"]), "--db", str(env["db"])]
    cmd = [*base, "publish", "--week", WEEK.isoformat(), "--out", str(env["out"])]
    assert main(["--log-file", str(log), *cmd]) == 2  # the log directory does not exist
    assert "--log-file: cannot open" in capsys.readouterr().err
    log.parent.mkdir()
    assert main(["--log-file", str(log), *cmd]) == 2
    err = capsys.readouterr().err
    text = log.read_text(encoding="utf-8")
    assert "ERROR roster: publish failed, exit 2: " in text
    assert err.strip().splitlines()[0] in text


def test_publish_with_holes_writes_the_roster_and_exits_1(env: dict[str, Path]) -> None:
    # Ten more people at the desk every day than the office has: the roster is still
    # published, with its holes, and the exit code flags the night to the supervisor.
    config = env["config"]
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[demand]]\npost = "desk"\nshift = "D24"\ndays = "all"\ncount = 10\n',
        encoding="utf-8",
    )
    argv = ["--config", str(config), "--db", str(env["db"]), "publish"]
    argv += ["--week", WEEK.isoformat(), "--out", str(env["out"])]
    argv += ["--time-limit", "3", "--workers", "1"]
    assert main(argv) == ExitCode.VIOLATIONS
    with open_store(env["db"]) as store:
        version = store.latest_version(WEEK, "published")
    assert version is not None and version.unfilled
    assert (env["out"] / "roster.json").exists()


def test_unwritable_export_folder_is_a_clear_error(env: dict[str, Path], capsys) -> None:
    blocker = env["config"].parent / "blocked"
    blocker.write_text("a file where the export folder should go", encoding="utf-8")
    argv = ["--config", str(env["config"]), "--db", str(env["db"]), "publish"]
    argv += ["--week", WEEK.isoformat(), "--out", str(blocker / "out")]
    argv += ["--time-limit", "3", "--workers", "1"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE, err
    assert "Traceback" not in err and "blocked" in err
