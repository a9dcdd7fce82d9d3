"""Benchmark: the terminal UI on a large organisation, opening a week and editing cells.

Usage: python bench/tui_open_edit.py [--people 500] [--sites 40] [--edits 20] [--dir DIR]
                                     [--time-limit 15] [--size 200x50] [--tall]

Set-up (not timed, kept in DIR and reused when it is there): `roster.generate` writes a
rosters.toml for `--people` people and `--sites` community sites, sized for 28 days from
2026-11-30; the four weeks 2026-11-30 .. 2026-12-27 are published one after the other with
`roster.publishing.publish_week` (`--time-limit` seconds each), so the store holds 28 days of
roster. The last week is the one opened: its 21 days of history are loaded with it.

Timed, in this process, headless (Textual's `run_test`, terminal `--size`; `--tall` also
measures a terminal tall enough to show every person at once):

- load: `roster.editing.open_week` (config, store, history, the validator's first report);
- open: from creating the app to the first full render of the week screen (both grids, the
  side panels and the status bar filled, one refresh done);
- edit, on `--edits` different assigned cells of the person grid: "action + redraw" calls the
  Delete key's action (clear, revalidate, update the widgets) and waits for the app to be
  idle with the screen refreshed; "key Delete / key u via Pilot" send the keys through
  Pilot (key event, action, redraw, idle); "harness" times a key bound to nothing and a
  pause with nothing to do, i.e. Pilot's own cost inside the key figures. Median and max.

Prints one block of figures; paste it into BENCHMARKS.md with the machine, load and date.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = date(2026, 11, 30)
WEEKS = 4


def set_up(folder: Path, people: int, sites: int, time_limit: float) -> None:
    """rosters.toml and roster.db with WEEKS published weeks (skipped if already there)."""
    from roster.generate import generate_toml
    from roster.publishing import publish_week

    config, db = folder / "rosters.toml", folder / "roster.db"
    if config.exists() and db.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(
        generate_toml(people, sites, seed=0, start=FIRST, days=7 * WEEKS), encoding="utf-8"
    )
    for k in range(WEEKS):
        week = FIRST + timedelta(days=7 * k)
        started = time.monotonic()
        result = publish_week(
            config, db, week, folder / "publish", time_limit=time_limit, who="bench"
        )
        print(
            f"set-up: published {week}: {len(result.roster.assignments)} assignments, "
            f"{sum(u.missing for u in result.unfilled)} unfilled, "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )


def percentile_line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<28} median {statistics.median(ms):7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"
    )


async def measure(folder: Path, size: tuple[int, int], edits: int) -> dict[str, object]:
    from roster.editing import open_week
    from tui.app import RosterApp
    from tui.screens.week import WeekScreen
    from tui.widgets.person_grid import PersonGrid

    week = FIRST + timedelta(days=7 * (WEEKS - 1))
    started = time.perf_counter()
    session = open_week(folder / "rosters.toml", folder / "roster.db", week)
    load = time.perf_counter() - started
    assert session.version is not None, "the week has no stored roster"

    started = time.perf_counter()
    app = RosterApp(session, language="zh", time_limit=5, workers=1, out_dir=folder / "out")
    async with app.run_test(size=size) as pilot:
        while not isinstance(app.screen, WeekScreen):
            await pilot.pause(0)
        await pilot.pause()
        screen = app.screen
        grid = screen.query_one(PersonGrid)
        opened = time.perf_counter() - started
        rows = grid.row_count

        rng = random.Random(1)
        cells = rng.sample(sorted({(a.person, a.date) for a in session.assignments}), edits)
        keys, undos, direct, idle, unbound = [], [], [], [], []
        for person, day in cells:
            grid.go(person, day)
            await pilot.pause()
            before = len(session.assignments)
            # The harness alone: a key bound to nothing, and a pause with nothing to do.
            t = time.perf_counter()
            await pilot.press("z")
            await pilot.pause()
            unbound.append(time.perf_counter() - t)
            t = time.perf_counter()
            await pilot.pause()
            idle.append(time.perf_counter() - t)
            # The key Delete through Pilot: key event, clear, revalidate, redraw, idle.
            t = time.perf_counter()
            await pilot.press("delete")
            await pilot.pause()
            keys.append(time.perf_counter() - t)
            assert len(session.assignments) < before, "the clear did not happen"
            t = time.perf_counter()
            await pilot.press("u")
            await pilot.pause()
            undos.append(time.perf_counter() - t)
            assert len(session.assignments) == before, "the undo did not happen"
            # The same edit without Pilot's key handling: the action, then the next frame.
            t = time.perf_counter()
            screen.action_clear()
            await pilot.pause()
            direct.append(time.perf_counter() - t)
            assert len(session.assignments) < before, "the clear did not happen"
            screen.action_undo()
            await pilot.pause()
    return dict(
        load=load,
        open=opened,
        rows=rows,
        keys=keys,
        undos=undos,
        direct=direct,
        idle=idle,
        unbound=unbound,
        people=len(session.org.people),
        assignments=len(session.assignments),
        history=len(session.problem.history),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=15.0)
    parser.add_argument("--dir", type=Path, default=ROOT / "out" / "bench_tui")
    parser.add_argument("--size", default="200x50", help="terminal columns x rows")
    parser.add_argument("--tall", action="store_true", help="also a terminal showing everyone")
    args = parser.parse_args()

    folder = args.dir / f"p{args.people}_s{args.sites}"
    set_up(folder, args.people, args.sites, args.time_limit)
    columns, lines = (int(x) for x in args.size.split("x"))
    sizes = [(columns, lines)]
    if args.tall:
        sizes.append((columns, args.people + 60))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.2f} at start"
    )
    for size in sizes:
        figures = asyncio.run(measure(folder, size, args.edits))
        print(
            f"terminal {size[0]}x{size[1]}: {figures['people']} people, "
            f"{figures['assignments']} assignments in the week, {figures['history']} in the "
            f"history, {figures['rows']} grid rows"
        )
        print(f"{'load (open_week)':<28} {figures['load']:.2f} s")
        print(f"{'open (app start to render)':<28} {figures['open']:.2f} s")
        print(percentile_line("edit: action + redraw", figures["direct"]))
        print(percentile_line("key Delete via Pilot", figures["keys"]))
        print(percentile_line("key u (undo) via Pilot", figures["undos"]))
        print(percentile_line("harness: unbound key", figures["unbound"]))
        print(percentile_line("harness: idle pause", figures["idle"]))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
