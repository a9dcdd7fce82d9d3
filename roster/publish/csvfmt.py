"""roster.csv: one row per assignment, UTF-8 with BOM so Excel shows Chinese correctly."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from roster.publish.atomic import atomic_write_bytes
from roster.publish.common import weekday_zh

COLUMNS = (
    "date",
    "weekday",
    "shift",
    "shift_name",
    "start",
    "end",
    "post",
    "post_name",
    "person",
    "name",
    "unit",
)
BOM = "\ufeff"


def _local(text: str) -> str:
    """An ISO date-time with offset as Excel-friendly local wall time "YYYY-MM-DD HH:MM"."""
    return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")


def csv_rows(doc: Mapping[str, Any]) -> list[list[str]]:
    """The data rows of a publication document, in publication order."""
    entries = sorted(
        doc["assignments"],
        key=lambda a: (a["date"], a["start"], a["shift"], a["post"], a["person"]),
    )
    return [
        [
            a["date"],
            weekday_zh(date.fromisoformat(a["date"])),
            a["shift"],
            a["shift_name"],
            _local(a["start"]),
            _local(a["end"]),
            a["post"],
            a["post_name"],
            a["person"],
            a["name"],
            a.get("unit_name") or a["unit"],
        ]
        for a in entries
    ]


def to_csv(doc: Mapping[str, Any]) -> bytes:
    """The whole file: BOM, header, rows; CRLF line ends (RFC 4180, what Excel writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(csv_rows(doc))
    return (BOM + buffer.getvalue()).encode("utf-8")


def write_csv(path: str | os.PathLike[str], doc: Mapping[str, Any]) -> None:
    """Write roster.csv atomically."""
    atomic_write_bytes(path, to_csv(doc))
