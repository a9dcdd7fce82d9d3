"""`roster tui`: the command parses and loads textual only when it runs."""

from __future__ import annotations

import subprocess
import sys

from roster.cli import build_parser
from roster.commands import tui as tui_command


def test_tui_command_parses():
    args = build_parser().parse_args(
        ["--config", "x.toml", "tui", "--week", "2026-12-07", "--lang", "zh", "--workers", "1"]
    )
    assert args.run is tui_command.run
    assert (args.week, args.lang, args.workers, args.time_limit) == ("2026-12-07", "zh", 1, None)


def test_parsing_the_tui_command_does_not_import_textual():
    code = (
        "import sys\n"
        "from roster.cli import build_parser\n"
        "build_parser().parse_args(['tui', '--week', 'next'])\n"
        "assert 'textual' not in sys.modules and 'tui' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
