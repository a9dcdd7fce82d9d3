"""Coded reasons and objective terms of `roster` put into words of the current language.

`roster.reasons.Reason` carries a code and values; the catalogue holds `rule.<code>` (a short
name) and, for some codes, `rule.<code>.detail` (a sentence with the values). Ids among the
values (shifts, posts, communities, pools) are replaced by their names first.
"""

from __future__ import annotations

from roster.domain import Organisation
from roster.editing import Candidate
from roster.reasons import Reason
from tui.i18n import CATALOGUE, tr

# Which values hold ids of what (lists are comma-separated).
_ID_KINDS = {
    "shift": "shifts",
    "shifts": "shifts",
    "post": "posts",
    "before": "posts",
    "after": "posts",
    "community": "communities",
    "home": "communities",
    "skill": "skills",
}


def _named(org: Organisation, values: dict[str, str]) -> dict[str, str]:
    out = dict(values)
    for key, kind in _ID_KINDS.items():
        if key not in out:
            continue
        table = getattr(org, kind)
        names = []
        for item in out[key].split(", "):
            found = table.get(item)
            names.append(str(getattr(found, "name", found)) if found is not None else item)
        out[key] = "、".join(names) if _zh() else ", ".join(names)
    if "pool" in out and out["pool"] == "*":
        out["pool"] = tr("pool.*")
    if "how" in out:
        out["how"] = tr(f"how.{out['how']}")
    if "where" in out:
        out["where"] = tr(f"where.{out['where'].split()[0]}")
    if "reason" in out and out["reason"]:
        out["reason"] = tr("paren", text=out["reason"])
    return out


def _zh() -> bool:
    from tui.i18n import language

    return language() == "zh"


def _detail(key: str, values: dict[str, str]) -> str | None:
    if f"{key}.detail" not in CATALOGUE:
        return None
    try:
        return tr(f"{key}.detail", **values)
    except (KeyError, IndexError, ValueError):
        return None


def reason_words(org: Organisation, code: str, values: dict[str, str], english: str) -> str:
    """A candidate's or a violation's reason: the detail sentence if the values fill it, else
    the rule's name, else the English text of `roster`."""
    key = f"rule.{code}"
    if key not in CATALOGUE:
        return english or code
    return _detail(key, _named(org, values)) or tr(key)


def reason_text(org: Organisation, c: Candidate) -> str:
    """Why a candidate cannot take a slot ("" if they can)."""
    if c.eligible:
        return ""
    return reason_words(org, c.rule, dict(c.values), c.reason)


def coded_text(org: Organisation, r: Reason) -> str:
    return reason_words(org, r.code, r.params, r.text)


def term_text(org: Organisation, r: Reason) -> str:
    """An objective term: its name, its cost and what it is about."""
    values = r.params
    name = tr(f"term.{r.code}") if f"term.{r.code}" in CATALOGUE else r.code
    key = "term.fairness" if r.code.startswith("fairness.") else f"term.{r.code}"
    detail = _detail(key, _named(org, values)) if values.get("parsed") else None
    if detail is None and not _zh():
        detail = r.text
    cost = tr("term.cost", cost=values.get("cost", "?"))
    return f"{name} {cost}" + (f"{tr('colon')}{detail}" if detail else "")
