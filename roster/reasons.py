"""Reasons as a code and values, so that a user interface can word them in its own language.

The validator and the eligibility check describe what they find in English sentences (the CLI
prints those). `Reason` keeps that English text and adds a stable `code` (a rule id or one of
the static eligibility codes below) with the values a translation needs. The values are read
back from the English sentences with one pattern per rule; when a pattern does not match, the
reason has no values and a UI should fall back to `text`.

Static eligibility codes: `volunteers`, `never_shift` (shift), `eligibility`, `leave`
(reason), `availability`; candidate codes: `free` (could take it, but costs more elsewhere),
`already` (count).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from roster.domain import Penalty
from roster.validate import Violation


@dataclass(frozen=True)
class Reason:
    """`code` names the rule; `values` fill its message; `text` is the English wording."""

    code: str
    values: tuple[tuple[str, str], ...] = ()
    text: str = ""

    @property
    def params(self) -> dict[str, str]:
        return dict(self.values)


def _reason(code: str, text: str, values: Mapping[str, object] | None = None) -> Reason:
    pairs = tuple((k, str(v)) for k, v in (values or {}).items())
    return Reason(code, pairs, text)


def _parse(patterns: Mapping[str, str], code: str, text: str) -> dict[str, str] | None:
    pattern = patterns.get(code)
    if pattern is None:
        return None
    found = re.search(pattern, text)
    return found.groupdict() if found else None


def static_reason_code(text: str) -> Reason:
    """The code of a `roster.model.eligibility.static_reason` sentence."""
    if text.startswith("volunteers"):
        return _reason("volunteers", text)
    if text.startswith("may never work"):
        return _reason("never_shift", text, {"shift": text.split()[3]})
    if text.startswith("on leave"):
        found = re.fullmatch(r"on leave \((?P<reason>.*)\)", text)
        return _reason("leave", text, found.groupdict() if found else {"reason": ""})
    if text.startswith("outside availability"):
        return _reason("availability", text)
    return _reason("eligibility", text)


# Values of hard-rule details (roster/validate.py words them).
_VIOLATION_PATTERNS = {
    "consecutive_days": r"^(?P<total>\d+) consecutive working days .*at most (?P<limit>\d+)$",
    "hours_7d": r"^(?P<total>\d+) h in .*at most (?P<limit>\d+)$",
    "duty24_28d": r"^(?P<total>\d+) 24-hour duties in .*at most (?P<limit>\d+)$",
    "rest": r"^(?P<limit>[\d.]+) h needed after .*, (?P<total>[\d.]+) h given",
    "max_shifts": r"^(?P<total>\d+) (?P<shift>\S+) shifts in the horizon, at most (?P<limit>\d+)$",
    "minutes": r"^(?P<total>\d+) minutes of shifts in the horizon, at (?:most|least) "
    r"(?P<limit>\d+)$",
    "weekends": r"^(?P<total>\d+) weekends worked .*at most (?P<limit>\d+)$",
    "leave": r"overlaps leave (?P<start>\S+)\.\.(?P<end>[\d-]+)(?: \((?P<reason>.*)\))?$",
}


def violation_reason(v: Violation) -> Reason:
    """A hard-rule violation as a code (its rule id) with `when` and the detail's numbers."""
    values = {"when": v.when}
    values.update(
        {k: x or "" for k, x in (_parse(_VIOLATION_PATTERNS, v.rule, v.detail) or {}).items()}
    )
    return _reason(v.rule, v.detail, values)


# Values of objective-term details (roster/validate.py words them).
_TERM_PATTERNS = {
    "fairness": r"^(?P<own>\d+) .* against a fair (?P<fair>[\d.]+) of (?P<total>\d+) in pool "
    r"(?P<pool>\S+) ",
    "request.day_off": r"^wanted the day off, works (?P<shifts>.*) \(weight (?P<weight>\d+)\)$",
    "request.shift": r"^wanted (?P<shift>\S+), not given \(weight (?P<weight>\d+)\)$",
    "request.avoid": r"^wanted to avoid (?P<shift>\S+), given \(weight (?P<weight>\d+)\)$",
    "stability": r"^(?P<how>dropped|added) (?P<shift>\S+) at (?P<post>\S+)$",
    "continuity": r"^moved from (?P<before>.+) to (?P<after>.+)$",
    "home": r"^(?P<shift>\S+) at (?P<post>\S+) in (?P<community>\S+), home (?P<home>\S+) "
    r"\((?P<where>same district|another district)\)$",
    "team_lead": r"^no (?P<skill>\S+) or experienced person among (?P<count>\d+) assigned$",
    "overstaffing": r"^(?P<count>\d+) assigned, (?P<need>\d+) needed$",
    "unfilled": r"^missing (?P<what>.+)$",
}


def term_reason(p: Penalty) -> Reason:
    """An objective term as a code (its rule id) with `who`, `when`, `cost` and the detail's
    values; `values` holds only those three when the detail does not match its pattern."""
    values: dict[str, object] = {"who": p.who, "when": p.when, "cost": p.cost}
    key = "fairness" if p.rule.startswith("fairness.") else p.rule
    parsed = _parse(_TERM_PATTERNS, key, p.detail)
    if parsed is not None:
        values.update(parsed)
        values["parsed"] = "1"
    return _reason(p.rule, p.detail, values)
