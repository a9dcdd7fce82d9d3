"""The `roster` command line: parse arguments, run a command, map errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import sys

from roster.commands import check, publish, solve, store_cmds, validate
from roster.errors import ExitCode, RosterError

COMMANDS = (check, solve, validate, publish, store_cmds)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roster", description="Duty-roster and volunteer-deployment scheduler."
    )
    parser.add_argument("--config", default="rosters.toml", help="config file (rosters.toml)")
    parser.add_argument("--db", help="store file (default: roster.db beside the config)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        return int(args.run(args))
    except RosterError as exc:
        print(exc.render(), file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
