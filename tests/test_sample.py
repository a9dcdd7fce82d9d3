"""Fast checks of the sample organisation `rosters.toml` (no solver).

The file is the output of `scripts/make_sample.py`; these tests check that it is
up to date, that it is well formed and consistent (with plain dicts, independent
of `roster.config`), and that its capacity margins hold for the two sample weeks.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from roster.calendar import Calendar
from roster.domain import CATEGORIES, DAY_PATTERNS, POST_KINDS, REQUEST_KINDS, CalendarConfig

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "rosters.toml"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts/make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_sample", module)
    spec.loader.exec_module(module)
    return module


make_sample = _load_generator()


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with SAMPLE.open("rb") as handle:
        return tomllib.load(handle)


def ids(table: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in table]


def test_file_is_the_generator_output():
    text = make_sample.render(make_sample.build())
    assert SAMPLE.read_text(encoding="utf-8") == text, "run: python scripts/make_sample.py"
    assert "scripts/make_sample.py" in text.splitlines()[2]


def test_generator_is_deterministic():
    assert make_sample.render(make_sample.build()) == make_sample.render(make_sample.build())


def test_shape(data):
    people = data["people"]
    assert 140 <= len(people) <= 160
    assert len(data["units"]) == 7
    per_unit = Counter(p["unit"] for p in people)
    assert set(per_unit) == set(ids(data["units"]))
    assert 10 <= len(data["communities"]) <= 14
    assert 3 <= len({c["district"] for c in data["communities"]}) <= 4
    assert {p["kind"] for p in data["posts"]} == set(POST_KINDS)
    assert Counter(p["kind"] for p in data["posts"])["site"] == len(data["communities"])
    assert data["solver"] == {"time_limit": 20.0, "workers": 2, "seed": 1, "relative_gap": 0.01}


def test_ids_and_names_unique(data):
    for table in ("units", "communities", "shifts", "posts", "people", "fairness_pools"):
        counts = Counter(ids(data[table]))
        assert not [k for k, n in counts.items() if n > 1], table
    names = Counter(p["name"] for p in data["people"])
    assert not [k for k, n in names.items() if n > 1]
    assert all(2 <= len(p["name"]) <= 3 for p in data["people"])


def test_every_reference_resolves(data):
    skills = set(data["skills"])
    units = set(ids(data["units"]))
    communities = set(ids(data["communities"]))
    shifts = set(ids(data["shifts"]))
    posts = {p["id"]: p for p in data["posts"]}
    people = {p["id"]: p for p in data["people"]}

    assert data["rules"]["team_lead_skill"] in skills
    assert set(data["weights"]["fairness"]) <= set(CATEGORIES)
    assert set(data["weights"]["fairness_tolerance"]) <= set(CATEGORIES)
    for shift in data["shifts"]:
        assert len(shift["code"]) <= 4 and 0 < shift["hours"] <= 48
    for post in posts.values():
        assert post.get("community", "c01") in communities
        assert set(post.get("eligible_skills", [])) <= skills
    for line in data["demand"]:
        assert line["post"] in posts and line["shift"] in shifts
        days = line["days"]
        assert isinstance(days, list) or days in DAY_PATTERNS
        assert line["count"] >= 1
        for skill, n in line.get("skills", {}).items():
            assert skill in skills and 1 <= n <= line["count"]
        assert line.get("from", date.min) <= line.get("to", date.max)
    for pool in data["fairness_pools"]:
        assert set(pool["skills"]) <= skills
    for person in people.values():
        assert person["unit"] in units
        assert person["kind"] in ("staff", "volunteer")
        assert set(person["skills"]) <= skills
        assert person.get("home", "c01") in communities
        assert set(person.get("limits", {})) <= set(data["defaults"])
        for window in person.get("availability", []):
            assert window["days"] in DAY_PATTERNS
        for leave in person.get("leave", []):
            assert leave["from"] <= leave["to"]
    for request in data["requests"]:
        assert request["person"] in people
        assert request["kind"] in REQUEST_KINDS
        assert request.get("shift", "D24") in shifts
        assert 1 <= request["weight"] <= 3
    for lock in data.get("locks", []):
        assert lock["person"] in people and lock["shift"] in shifts and lock["post"] in posts


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """The key paths of a TOML document: sections, their keys, subsections such as
    `weights.fairness` and the keys of array-of-table entries (`people[].leave[].from`),
    but not the ids inside value tables such as a demand line's `skills`."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            if isinstance(item, list) or (isinstance(item, dict) and "[]" not in prefix):
                paths |= key_paths(item, path)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for item in value:
            paths |= key_paths(item, prefix + "[]")
    return paths


def test_sample_uses_every_key_of_the_schema(data):
    """docs/config.md's example shows each key; so does the sample (a guide to the format)."""
    doc = (ROOT / "docs/config.md").read_text(encoding="utf-8")
    schema = tomllib.loads(re.search(r"```toml\n(.*?)```", doc, re.S).group(1))
    # Shown only as comments in rosters.toml: a lock, and an extra holiday (the sample weeks
    # use the holidays package's own dates).
    schema.pop("locks")
    schema["calendar"]["extra_holidays"] = []
    schema["skills"] = {}  # skill ids are the organisation's own
    missing = key_paths(schema) - key_paths(data)
    assert not missing, sorted(missing)


def test_load_config_accepts_the_sample():
    try:
        from roster.config import load_config
    except ImportError:  # the loader is not there yet
        pytest.skip("roster.config.load_config not available")
    org = load_config(SAMPLE)
    assert len(org.people) == len(tomllib.loads(SAMPLE.read_text(encoding="utf-8"))["people"])


def test_staff_only_posts(data):
    posts = {p["id"]: p for p in data["posts"]}
    assert posts["desk"]["volunteers_allowed"] is False
    assert posts["hotline"]["volunteers_allowed"] is False
    assert set(posts["desk"]["eligible_skills"]) == {"leader_on_duty", "duty_officer"}


def test_the_people_vary(data):
    people = data["people"]
    flavours = Counter(
        w["days"] if w["days"] != "all" else w["from"]
        for p in people
        for w in p.get("availability", [])
    )
    assert flavours["weekends"] >= 3  # weekend-only volunteers
    assert flavours["14:00"] + flavours["20:00"] >= 3  # evening-only volunteers
    assert 1 <= sum("limits" in p for p in people) <= 3
    assert {r["kind"] for r in data["requests"]} == {"day_off", "avoid"}

    def away(start: date, end: date) -> int:
        return sum(
            any(lv["from"] <= end and start <= lv["to"] for lv in p.get("leave", []))
            for p in people
        )

    week1 = away(date(2026, 11, 30), date(2026, 12, 6))
    spring = away(date(2027, 2, 8), date(2027, 2, 14))
    assert 3 <= week1 < spring


def test_spring_festival_week_has_the_package_holidays():
    calendar = Calendar(CalendarConfig(country="CN"))
    holidays = [d for d in (date(2027, 2, 8 + i) for i in range(7)) if calendar.info(d).is_holiday]
    assert holidays == [date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10)]


@pytest.mark.parametrize("week", make_sample.WEEKS, ids=str)
def test_capacity_margins(data, week):
    rows = make_sample.capacity(data, week)
    names = {row.name for row in rows}
    for skill in ("leader_on_duty", "duty_officer", "hazchem", "disinfection", "driver", "guard"):
        assert f"skill:{skill}" in names and f"day:{skill}" in names
    assert {"duty24:leader_on_duty", "duty24:duty_officer", "posts:desk+hotline"} <= names
    tight = [
        f"{r.name}: {r.demand} vs {r.supply} ({r.margin:+.0%})"
        for r in rows
        if r.margin < make_sample.MARGIN
    ]
    assert not tight


def test_capacity_sees_a_shortage():
    """The check is not vacuous: remove most hotline operators and it fails."""
    sample = make_sample.build()
    for person in sample["people"]:
        if "hotline" in person["skills"] and person["unit"] == "command":
            person["skills"].remove("hotline")
    rows = {r.name: r for r in make_sample.capacity(sample, make_sample.WEEKS[0])}
    assert rows["posts:hotline"].margin < make_sample.MARGIN
