"""The publication format and the exports (roster/publish/)."""

from __future__ import annotations

import hashlib
import json
import os
import random
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar as ICalendar

from roster.domain import (
    Assignment,
    CalendarConfig,
    Horizon,
    Penalty,
    Post,
    Roster,
    ShiftType,
    Status,
    Unfilled,
    Unit,
)
from roster.publish.changes import changes_markdown, changes_text, diff_assignments
from roster.publish.csvfmt import to_csv, write_csv
from roster.publish.exports import _recover, write_exports
from roster.publish.html import render_html
from roster.publish.ics import event_uid, person_calendar
from roster.publish.jsonfmt import (
    PublicationError,
    read_publication,
    to_publication,
    write_json,
)
from tests.factories import make_demand, make_org, make_person

MONDAY = date(2026, 11, 30)
GENERATED = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # 2026-11-28 00:00 in Shanghai


def build_org(**overrides):
    people = [
        make_person("p1", name="张伟", unit="office"),
        make_person("p2", name="李娜", unit="office"),
        make_person("p3", name="王<芳>", unit="rescue"),
    ]
    shifts = [
        ShiftType("D", "白班", "白", time(8, 0), 8 * 60),
        ShiftType("D24", "24小时值班", "24", time(8, 30), 24 * 60),
    ]
    posts = [
        Post("desk", "总值班室", "值", "desk"),
        Post("hotline", "应急热线", "热", "hotline"),
    ]
    demand = [make_demand("desk", "D24", 2), make_demand("hotline", "D", 1)]
    units = {"office": Unit("office", "办公室"), "rescue": Unit("rescue", "救援科")}
    return make_org(people, shifts, posts, demand, name="某市应急管理局", units=units, **overrides)


ASSIGNMENTS = (
    Assignment(MONDAY, "D24", "desk", "p1"),
    Assignment(MONDAY, "D24", "desk", "p2"),
    Assignment(MONDAY, "D", "hotline", "p3"),
    Assignment(date(2026, 12, 1), "D", "hotline", "p1"),
    Assignment(date(2026, 12, 2), "D24", "desk", "p3"),
)
UNFILLED = (Unfilled(date(2026, 12, 2), "D24", "desk", None, 1, "无可用人员"),)


def build_roster(assignments=ASSIGNMENTS) -> Roster:
    return Roster(
        horizon=Horizon(MONDAY, 7),
        assignments=tuple(assignments),
        unfilled=UNFILLED,
        status=Status.FEASIBLE,
        objective=1_000_020,
        penalties=(Penalty("unfilled", "desk/D24", "2026-12-02", 1_000_000),),
        seed=7,
    )


FAIRNESS = {"p1": {"duty24": {"history": 2, "roster": 1}}, "p2": {"duty24": {"roster": 1}}}


def build_doc(org=None, roster=None):
    return to_publication(org or build_org(), roster or build_roster(), FAIRNESS, GENERATED)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# -- JSON ----------------------------------------------------------------------------------


def test_json_round_trip(tmp_path):
    doc = build_doc()
    path = tmp_path / "roster.json"
    write_json(path, doc)
    pub = read_publication(path)
    assert set(pub.assignments) == set(ASSIGNMENTS)
    assert len(pub.assignments) == len(ASSIGNMENTS)
    assert pub.unfilled == UNFILLED
    assert (pub.week_start, pub.days, pub.status) == (MONDAY, 7, Status.FEASIBLE)
    assert (pub.objective, pub.seed) == (1_000_020, 7)
    assert pub.generated_at == GENERATED
    assert pub.penalties == build_roster().penalties
    assert pub.fairness["p1"]["duty24"]["history"] == 2
    assert json.loads(path.read_text("utf-8")) == doc
    assert "张伟" in path.read_text("utf-8")  # real UTF-8, not \\u escapes


def test_json_fields_offsets_and_24h_end():
    doc = build_doc()
    assert doc["schema"] == 1
    assert doc["generated_at"] == "2026-11-28T00:00:00+08:00"
    first = doc["assignments"][0]
    assert first["date"] == "2026-11-30"
    assert first["start"] == "2026-11-30T08:00:00+08:00"  # the 08:00 shift sorts first
    duty = next(a for a in doc["assignments"] if a["shift"] == "D24")
    assert duty["start"] == "2026-11-30T08:30:00+08:00"
    assert duty["end"] == "2026-12-01T08:30:00+08:00"
    assert (duty["name"], duty["unit"], duty["post_name"], duty["shift_name"]) == (
        "张伟",
        "office",
        "总值班室",
        "24小时值班",
    )
    hole = doc["unfilled"][0]
    assert (hole["skill"], hole["missing"], hole["reason"]) == (None, 1, "无可用人员")
    assert doc["fairness"] == FAIRNESS
    assert doc["penalties"][0]["cost"] == 1_000_000


def test_json_other_time_zone():
    org = build_org(calendar=CalendarConfig(timezone="Asia/Tokyo"))
    doc = build_doc(org)
    assert doc["assignments"][0]["start"].endswith("+09:00")
    assert doc["generated_at"] == "2026-11-28T01:00:00+09:00"


def test_json_order_is_deterministic(tmp_path):
    shuffled = list(ASSIGNMENTS)
    random.Random(3).shuffle(shuffled)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_json(a, build_doc())
    write_json(b, build_doc(roster=build_roster(shuffled)))
    assert a.read_bytes() == b.read_bytes()
    keys = [(x["date"], x["start"], x["post"], x["person"]) for x in build_doc()["assignments"]]
    assert keys == sorted(keys)


def test_unknown_person_is_a_clear_error():
    roster = build_roster((*ASSIGNMENTS, Assignment(MONDAY, "D", "hotline", "ghost")))
    with pytest.raises(ValueError, match="ghost"):
        build_doc(roster=roster)


def test_malformed_json_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"schema": 1, "week_start": ', encoding="utf-8")
    with pytest.raises(PublicationError) as info:
        read_publication(path)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)
    assert "invalid JSON" in str(info.value)


def test_bad_field_names_the_json_path(tmp_path):
    doc = build_doc()
    doc["assignments"][1]["date"] = "30.11.2026"
    path = tmp_path / "roster.json"
    write_json(path, doc)
    with pytest.raises(PublicationError) as info:
        read_publication(path)
    assert info.value.json_path == "$.assignments[1].date"
    assert str(path) in str(info.value)

    doc = build_doc()
    del doc["unfilled"][0]["missing"]
    write_json(path, doc)
    with pytest.raises(PublicationError, match=r"\$\.unfilled\[0\]\.missing: missing field"):
        read_publication(path)

    doc = build_doc()
    doc["schema"] = 2
    write_json(path, doc)
    with pytest.raises(PublicationError, match="unsupported schema"):
        read_publication(path)


def test_missing_file_is_a_publication_error(tmp_path):
    with pytest.raises(PublicationError, match="cannot read"):
        read_publication(tmp_path / "nope.json")


# -- CSV -----------------------------------------------------------------------------------


def test_csv_bom_and_chinese(tmp_path):
    doc = build_doc()
    data = to_csv(doc)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "date,weekday,shift,shift_name,start,end,post,post_name,person,name,unit"
    assert len(lines) == 1 + len(ASSIGNMENTS)
    assert "张伟" in text and "周一" in text and "办公室" in text
    assert "2026-11-30,周一,D24,24小时值班,2026-11-30 08:30,2026-12-01 08:30" in text
    path = tmp_path / "roster.csv"
    write_csv(path, doc)
    assert path.read_bytes() == data == to_csv(build_doc())


# -- HTML ----------------------------------------------------------------------------------


def test_html_content_and_determinism():
    org = build_org()
    page = render_html(org, build_doc(org), "v1", GENERATED)
    assert page == render_html(build_org(), build_doc(), "v1", GENERATED)
    assert "张伟" in page and "李娜" in page
    assert "王&lt;芳&gt;" in page and "王<芳>" not in page
    assert "缺1人" in page and 'class="cell short"' in page
    assert "@page { size: A4 landscape" in page
    assert "某市应急管理局值班表" in page
    assert "v1" in page and "2026-11-28 00:00" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page


# -- iCalendar -----------------------------------------------------------------------------


def test_ics_uids_stable_and_distinct():
    org = build_org()
    first = person_calendar(org, build_doc(org), "p1", GENERATED)
    second = person_calendar(build_org(), build_doc(), "p1", GENERATED)
    assert first == second
    events = ICalendar.from_ical(first).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == 2 and len(set(uids)) == 2
    assert all(uid.endswith("@roster") for uid in uids)
    assert uids[0] == event_uid("p1", MONDAY, "D24", "desk")
    all_uids = {event_uid(a.person, a.date, a.shift, a.post) for a in ASSIGNMENTS}
    assert len(all_uids) == len(ASSIGNMENTS)


def test_ics_timezone_and_summary():
    org = build_org()
    data = person_calendar(org, build_doc(org), "p1", GENERATED)
    text = data.decode("utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20261130T083000" in text
    assert "DTEND;TZID=Asia/Shanghai:20261201T083000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Shanghai" in text
    assert "DTSTAMP:20261127T160000Z" in text
    event = ICalendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "总值班室 24小时值班"
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 8 * 3600


def test_ics_for_person_without_duties_is_empty():
    org = build_org()
    data = person_calendar(org, build_doc(org), "p2", GENERATED)
    roster = build_roster([a for a in ASSIGNMENTS if a.person != "p2"])
    empty = person_calendar(org, build_doc(org, roster), "p2", GENERATED)
    assert b"BEGIN:VEVENT" in data and b"BEGIN:VEVENT" not in empty


# -- changes -------------------------------------------------------------------------------


def test_changes_gained_and_lost():
    org = build_org()
    previous = [*ASSIGNMENTS[:3], Assignment(date(2026, 12, 3), "D", "hotline", "p2")]
    changes = diff_assignments(previous, ASSIGNMENTS, Horizon(MONDAY, 7))
    by_person = {c.person: c for c in changes}
    assert set(by_person) == {"p1", "p2", "p3"}
    assert by_person["p1"].gained == (Assignment(date(2026, 12, 1), "D", "hotline", "p1"),)
    assert by_person["p1"].lost == ()
    assert by_person["p2"].lost == (Assignment(date(2026, 12, 3), "D", "hotline", "p2"),)
    assert by_person["p2"].gained == ()
    md = changes_markdown(org, changes, Horizon(MONDAY, 7), "v2")
    assert "## 张伟（p1）" in md and "## 李娜（p2）" in md
    assert "| 新增 | 2026-12-01 | 周二 | 白班 | 08:00–16:00 | 应急热线 |" in md
    assert "| 取消 | 2026-12-03 | 周四 | 白班 | 08:00–16:00 | 应急热线 |" in md
    text = changes_text(org, changes, Horizon(MONDAY, 7))
    assert "  - 取消 2026-12-03 周四 白班 08:00–16:00 应急热线" in text
    assert "  + 新增 2026-12-02 周三 24小时值班 08:30–次日08:30 总值班室" in text
    assert md == changes_markdown(
        org,
        diff_assignments(previous[::-1], ASSIGNMENTS[::-1], Horizon(MONDAY, 7)),
        Horizon(MONDAY, 7),
        "v2",
    )


def test_changes_none_and_first_publication():
    org = build_org()
    assert diff_assignments(ASSIGNMENTS, ASSIGNMENTS) == ()
    assert "没有变更" in changes_markdown(org, ())
    assert "首次发布" in changes_markdown(org, None)
    assert "没有变更" in changes_text(org, ())


# -- exports -------------------------------------------------------------------------------


def run_exports(out: Path, previous=ASSIGNMENTS[:2], roster=None) -> Path:
    org = build_org()
    roster = roster or build_roster()
    doc = to_publication(org, roster, FAIRNESS, GENERATED)
    return write_exports(out, org, roster, doc, previous, "2026-W49 v1", GENERATED)


def test_write_exports_is_byte_identical(tmp_path):
    first = run_exports(tmp_path / "a" / "published")
    second = run_exports(tmp_path / "b" / "published")
    digest = tree_digest(first)
    assert digest == tree_digest(second)
    assert {"roster.json", "roster.csv", "roster.html", "changes.md"} <= set(digest)
    assert {"ics/p1.ics", "ics/p2.ics", "ics/p3.ics"} <= set(digest)
    assert read_publication(first / "roster.json").assignments
    # Publishing again into the same place replaces the set and leaves nothing behind.
    run_exports(first)
    assert tree_digest(first) == digest
    assert sorted(p.name for p in first.parent.iterdir()) == ["published"]


def test_write_exports_replaces_old_set(tmp_path):
    out = tmp_path / "published"
    run_exports(out)
    (out / "stale.txt").write_text("old", encoding="utf-8")
    smaller = build_roster(ASSIGNMENTS[:1])
    run_exports(out, previous=ASSIGNMENTS, roster=smaller)
    assert not (out / "stale.txt").exists()
    assert len(read_publication(out / "roster.json").assignments) == 1
    assert "取消" in (out / "changes.md").read_text("utf-8")


def test_write_exports_recovers_interrupted_swap(tmp_path):
    out = tmp_path / "published"
    run_exports(out)
    (out / "marker.txt").write_text("old set", encoding="utf-8")
    # A process killed between the two renames leaves only the old set, aside,
    # and possibly a half-built new set.
    os.rename(out, tmp_path / ".published.old")
    (tmp_path / ".published.new").mkdir()
    _recover(out, tmp_path / ".published.new", tmp_path / ".published.old")
    assert (out / "marker.txt").read_text("utf-8") == "old set"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published"]
    # The next run cleans up the same way and publishes normally.
    os.rename(out, tmp_path / ".published.old")
    run_exports(out)
    assert not (out / "marker.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published"]
