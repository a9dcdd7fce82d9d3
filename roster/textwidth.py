"""Terminal display width, so that columns of Chinese text line up.

Wide and full-width characters (most CJK) take two columns, combining marks and
format characters none, everything else one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence


def char_width(ch: str) -> int:
    """Columns one character takes in a terminal."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Columns the string takes in a terminal."""
    return sum(char_width(ch) for ch in s)


def pad(s: str, width: int, right: bool = False) -> str:
    """Pad `s` with spaces to `width` columns (left-aligned, or right-aligned)."""
    fill = " " * max(0, width - display_width(s))
    return fill + s if right else s + fill


def align(rows: Sequence[Sequence[str]], right: Collection[int] = (), gap: str = "  ") -> list[str]:
    """Lay out rows of cells in columns; column indexes in `right` are right-aligned."""
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], display_width(cell))
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i], i in right) for i, cell in enumerate(row)]
        lines.append(gap.join(cells).rstrip())
    return lines
