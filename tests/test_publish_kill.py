"""Reliability of the nightly publish: SIGKILL `roster publish` at each stage of a run.

The process is paused at a named stage through the test-only hook in `roster.testhook`
(`ROSTER_TEST_PAUSE_AT`) and killed there. Afterwards the previous publication must be intact
(store version and every exported file, byte for byte) or, once the store has committed the
new version, the next run must bring the exports in line with it; the next run exits 0.
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from roster.cli import main
from roster.config import load_config
from roster.publishing import export_version
from roster.store import RosterVersion, open_store
from roster.testhook import ENV

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

DATA = Path(__file__).parent / "data"
WEEK = date(2026, 12, 7)
FAST = ["--time-limit", "2", "--workers", "1", "--seed", "1"]


def argv(root: Path) -> list[str]:
    return [
        "--config",
        str(root / "tiny.toml"),
        "publish",
        "--week",
        WEEK.isoformat(),
        "--out",
        str(root / "out"),
        *FAST,
    ]


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def current(root: Path) -> RosterVersion:
    with open_store(root / "roster.db") as store:
        version = store.latest_version(WEEK, "published")
    assert version is not None
    return version


def expected_exports(root: Path, version: RosterVersion, tmp: Path) -> dict[str, bytes]:
    """The export set of `version`, written afresh into a scratch directory."""
    org = load_config(root / "tiny.toml")
    with open_store(root / "roster.db") as store:
        export_version(store, org, version, tmp / "expected")
    return snapshot(tmp / "expected")


@pytest.fixture(scope="module")
def published_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One first publication (store and exports), copied by every test."""
    root = tmp_path_factory.mktemp("base")
    shutil.copy(DATA / "tiny.toml", root / "tiny.toml")
    assert main(argv(root)) == 0
    return root


def kill_at(root: Path, stage: str) -> None:
    """Run `roster publish` in a child, wait until it pauses at `stage`, SIGKILL it."""
    env = {**os.environ, ENV: stage}
    cmd = [sys.executable, "-m", "roster.cli", *argv(root)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = b""
    try:
        with selectors.DefaultSelector() as sel:
            assert proc.stderr is not None
            sel.register(proc.stderr, selectors.EVENT_READ)
            deadline = time.monotonic() + 120
            while f"paused at {stage}".encode() not in seen:
                left = deadline - time.monotonic()
                assert left > 0 and proc.poll() is None, seen.decode(errors="replace")
                if sel.select(timeout=min(left, 1.0)):
                    chunk = os.read(proc.stderr.fileno(), 4096)
                    seen += chunk
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("stage", "committed"),
    [
        ("solved", False),
        ("store-commit", False),
        ("committed", True),
        ("exports-partial", True),
        ("exports-swap", True),
    ],
)
def test_killed_publish_keeps_last_publication(
    published_once: Path, tmp_path: Path, stage: str, committed: bool
) -> None:
    root = tmp_path / "site"
    shutil.copytree(published_once, root)
    out = root / "out"
    before_version = current(root)
    before_files = snapshot(out)
    assert before_files
    # something changed since: the person's first duty of the week is now on leave
    duty = min(a for a in before_version.assignments if a.person == "p05")
    with open_store(root / "roster.db") as store:
        store.add_leave("p05", duty.date, duty.date, who="test", reason="sick")

    kill_at(root, stage)

    after_version = current(root)
    if committed:
        assert after_version.id > before_version.id
        assert duty not in after_version.assignments
    else:
        assert after_version == before_version
    if stage == "exports-swap":  # the old set is moved aside whole, not damaged
        assert not out.exists()
        assert snapshot(root / ".out.old") == before_files
    else:
        assert snapshot(out) == before_files

    log = tmp_path / "publish.log"
    assert main(["--log-file", str(log), *argv(root)]) == 0  # the next run completes normally
    assert "publish finished, exit 0" in log.read_text(encoding="utf-8")
    final = current(root)
    if committed:  # the committed version stands; no second version is made
        assert final.id == after_version.id
    assert duty not in final.assignments
    assert snapshot(out) == expected_exports(root, final, tmp_path)
    assert not (root / ".out.new").exists() and not (root / ".out.old").exists()
