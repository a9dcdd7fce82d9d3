"""Errors and exit codes shared by the whole project.

Every error the user should see is a `RosterError`: it carries the process exit
code and renders itself as plain text (the CLI prints `render()` to stderr and
exits with `exit_code`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    VIOLATIONS = 1  # hard violations or unfilled demand
    USAGE = 2  # config or usage error
    INFEASIBLE = 3  # no roster satisfies the hard rules
    BUSY = 4  # another publish run holds the lock


class RosterError(Exception):
    """Base of all user-facing errors."""

    exit_code: ExitCode = ExitCode.USAGE

    def render(self) -> str:
        return str(self)


@contextmanager
def exiting_on_error() -> Iterator[None]:
    """For scripts (bench/): a RosterError ends the process with its message on stderr and
    its exit code, as the CLI does, instead of a traceback."""
    try:
        yield
    except RosterError as error:
        print(error.render(), file=sys.stderr)
        raise SystemExit(int(error.exit_code)) from None


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a config file, located by a TOML key path (and line, if known)."""

    file: str
    key_path: str
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts = [where, self.key_path, self.message] if self.key_path else [where, self.message]
        text = ": ".join(parts)
        return f"{text}; {self.hint}" if self.hint else text


class ConfigError(RosterError):
    """The configuration is invalid; `problems` lists every problem found."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: Iterable[ConfigProblem]) -> None:
        self.problems: list[ConfigProblem] = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class UsageError(RosterError):
    """Bad command-line usage (unknown week, missing argument...)."""

    exit_code = ExitCode.USAGE


class StoreError(RosterError):
    """The roster store cannot be read or written."""

    exit_code = ExitCode.USAGE


class BusyError(RosterError):
    """Another publish run holds the lock."""

    exit_code = ExitCode.BUSY


class InfeasibleError(RosterError):
    """No roster satisfies the hard rules; `reasons` says why, in plain language."""

    exit_code = ExitCode.INFEASIBLE

    def __init__(self, reasons: Iterable[str], headline: str = "") -> None:
        self.reasons: list[str] = list(reasons)
        self.headline = headline or "no roster satisfies the hard rules"
        super().__init__(self.render())

    def render(self) -> str:
        if not self.reasons:
            return self.headline
        return "\n".join([f"{self.headline}:", *(f"  - {r}" for r in self.reasons)])
