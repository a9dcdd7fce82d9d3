"""`roster bench curtois FILE...`: solve external benchmark instances with roster's solver."""

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
