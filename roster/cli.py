"""The `roster` command line: parse arguments, run a command, map errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import sys

from roster.commands import (
    bench,
    callup,
    check,
    demand,
    explain,
    publish,
    replan,
    solve,
    store_cmds,
    tui,
    validate,
)
from roster.errors import ExitCode, RosterError

COMMANDS = (
    check,
    solve,
    validate,
    publish,
    store_cmds,
    tui,
    bench,
    demand,
    explain,
    callup,
    replan,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roster", description="Duty-roster and volunteer-deployment scheduler."
    )
    parser.add_argument("--config", default="rosters.toml", help="config file (rosters.toml)")
    parser.add_argument("--db", help="store file (default: roster.db beside the config)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    parser.add_argument(
        "--log-file",
        metavar="PATH",
        help="also append log records (INFO and up, timestamped) and errors to this file",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def _open_log_file(path: str, level: int) -> logging.Handler | None:
    """A handler appending timestamped records (INFO and up, even without -v) to `path`;
    None, with a message on stderr, if the file cannot be opened."""
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        print(f"--log-file: cannot open {path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    handler.setLevel(min(level, logging.INFO))
    return handler


def _log_error(handler: logging.Handler, command: str, exc: RosterError) -> None:
    """The error in the log file too (stderr has it already)."""
    record = logging.makeLogRecord(
        {
            "name": "roster",
            "levelno": logging.ERROR,
            "levelname": "ERROR",
            "msg": "%s failed, exit %d: %s",
            "args": (command, int(exc.exit_code), exc.render()),
        }
    )
    handler.handle(record)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(level)
    stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[stderr])
    log_file = None
    root = logging.getLogger()
    root_level = root.level
    if args.log_file:
        log_file = _open_log_file(args.log_file, level)
        if log_file is None:
            return int(ExitCode.USAGE)
        root.addHandler(log_file)
        root.setLevel(min(level, logging.INFO))
    try:
        code = int(args.run(args))
        logging.getLogger("roster").info("%s finished, exit %d", args.command, code)
        return code
    except RosterError as exc:
        print(exc.render(), file=sys.stderr)
        if log_file is not None:
            _log_error(log_file, args.command, exc)
        return int(exc.exit_code)
    except OSError as exc:
        # A file or folder the user named cannot be read or written (permissions, full disk).
        name = f" {exc.filename}" if exc.filename else ""
        print(f"error:{name}: {exc.strerror or exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitCode.OK)
    finally:
        if log_file is not None:
            root.removeHandler(log_file)
            root.setLevel(root_level)
            log_file.close()


if __name__ == "__main__":
    sys.exit(main())
