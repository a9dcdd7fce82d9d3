"""`roster bench curtois FILE...` and `roster bench scale`: benchmarks of roster's solver.

`curtois` solves external benchmark instances; `scale` generates an organisation of a given
size (`roster.generate`) and reports build time, model size, first roster, gap and memory.
"""

from __future__ import annotations

import argparse

from roster.errors import ExitCode


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="run roster on external benchmark instances")
    kinds = p.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    c = kinds.add_parser("curtois", help="Curtois & Qu shift-scheduling instances (Instance*.txt)")
    c.add_argument("files", nargs="+", metavar="FILE", help="instance files or directories")
    c.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (60)")
    c.add_argument("--workers", type=int, default=2, help="solver threads (2)")
    c.add_argument("--seed", type=int, default=1, help="random seed (1)")
    c.add_argument("--out", default="out/curtois", help="directory for <instance>.tsv")
    c.add_argument("--best-known", help="best_known.tsv (default: bench/curtois/)")
    c.set_defaults(run=run_curtois)
    s = kinds.add_parser("scale", help="a generated organisation of a given size")
    s.add_argument("--people", type=int, required=True, help="people in the organisation")
    s.add_argument("--days", type=int, default=7, help="horizon length in days (7)")
    s.add_argument("--sites", type=int, required=True, help="community sites")
    s.add_argument("--start", default="2026-11-30", help="first day (2026-11-30)")
    s.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    s.add_argument("--solver-seed", type=int, default=1, help="solver random seed (1)")
    s.add_argument("--time-limit", type=float, default=60.0, help="solver seconds (60)")
    s.add_argument("--workers", type=int, default=2, help="solver threads (2)")
    s.set_defaults(run=run_scale)


def run_curtois(args: argparse.Namespace) -> int:
    from roster.bench.curtois_run import BEST_KNOWN, COLUMNS, row_cells, run_all
    from roster.bench.curtois_summary import instance_paths

    files = instance_paths(args.files)
    print("\t".join(COLUMNS), flush=True)
    rows = run_all(
        files,
        args.out,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        best_known=args.best_known or BEST_KNOWN,
        on_row=lambda row: print("\t".join(row_cells(row)), flush=True),
    )
    bad = [r for r in rows if r.objective is None or r.violations]
    return ExitCode.VIOLATIONS if bad else ExitCode.OK


def run_scale(args: argparse.Namespace) -> int:
    from roster.bench.scale_run import report_lines, run_scale, trace_line
    from roster.errors import UsageError
    from roster.service import parse_day

    start = parse_day(args.start, "--start")
    for name in ("people", "days", "sites", "workers"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name} must be at least 1, got {getattr(args, name)}")
    if args.time_limit <= 0:
        raise UsageError(f"--time-limit must be more than 0, got {args.time_limit}")
    header = ["elapsed     objective and bound of each improving roster"]

    def show(progress) -> None:
        while header:
            print(header.pop(), flush=True)
        print(trace_line(progress), flush=True)

    try:
        result = run_scale(
            args.people,
            args.days,
            args.sites,
            seed=args.seed,
            start=start,
            time_limit=args.time_limit,
            workers=args.workers,
            solver_seed=args.solver_seed,
            on_progress=show,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print("\n".join(report_lines(result)), flush=True)
    ok = result.agrees and result.roster.objective is not None and not result.unfilled
    return ExitCode.OK if ok else ExitCode.VIOLATIONS
