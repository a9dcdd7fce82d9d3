"""`roster tui`: edit, solve, save and publish a week in the terminal UI.

Textual is imported inside `run`, so the rest of `roster` never loads it.
"""

from __future__ import annotations

import argparse

from roster.errors import ExitCode
from roster.publishing import default_db_path
from roster.service import resolve_week


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tui", help="edit a week's roster in the terminal UI")
    p.add_argument("--week", default="next", help="first day: YYYY-MM-DD or next (default)")
    p.add_argument("--lang", choices=("zh", "en"), help="language (default: from the locale)")
    p.add_argument("--time-limit", type=float, help="solver seconds (default from config)")
    p.add_argument("--workers", type=int, help="solver threads (default from config)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from roster.editing import open_week
    from tui.app import RosterApp
    from tui.i18n import default_language

    session = open_week(args.config, default_db_path(args.config, args.db), resolve_week(args.week))
    app = RosterApp(
        session,
        language=args.lang or default_language(),
        time_limit=args.time_limit,
        workers=args.workers,
    )
    app.run()
    return ExitCode.OK
