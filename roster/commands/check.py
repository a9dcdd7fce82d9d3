"""`roster check`: validate the config and print a summary."""

from __future__ import annotations

import argparse

from roster.config import load_config
from roster.domain import Horizon
from roster.errors import ExitCode
from roster.service import resolve_week
from roster.summary import summarize


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate the config and print a summary")
    p.add_argument("--week", default="next", help="week for the demand summary (DATE or next)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    org = load_config(args.config)
    print(summarize(org, Horizon(resolve_week(args.week), 7)))
    print(f"\n{args.config}: OK")
    return ExitCode.OK
