"""roster.html: a printable A4-landscape duty sheet (值班表), self-contained and deterministic.

Days run across (date, weekday, holiday / weekend / make-up workday marks), posts and shifts run
down, names fill the cells; unfilled slots are red with the number of people missing. The footer
carries the version label, the generation time and the list of unfilled slots.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

from roster.calendar import Calendar, DayInfo
from roster.domain import Organisation, Status
from roster.publish.atomic import atomic_write_text
from roster.publish.common import date_zh, in_zone, weekday_zh, zone_of

DAYS_PER_TABLE = 7

STATUS_ZH = {
    Status.OPTIMAL.value: "最优解",
    Status.FEASIBLE.value: "可行解",
    Status.INFEASIBLE.value: "无可行解",
    Status.NO_SOLUTION.value: "未求得解",
    Status.INVALID.value: "排班无效",
}

CSS = """
@page { size: A4 landscape; margin: 9mm 9mm 10mm 9mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #111; background: #fff; font-size: 10.5pt; line-height: 1.35;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
    "SimSun", "Noto Sans", sans-serif; }
.sheet { max-width: 277mm; margin: 0 auto; padding: 4mm 1mm; }
@media print { .sheet { max-width: none; padding: 0 0.5mm; } }
header { text-align: center; margin-bottom: 3mm; }
h1 { font-size: 20pt; letter-spacing: 0.12em; margin: 0 0 1.5mm 0; font-weight: 700; }
.period { font-size: 11pt; margin: 0; }
.status-warn { color: #b00020; font-weight: 700; }
.legend { margin: 2mm 0 0 0; font-size: 8.5pt; color: #444; }
.legend span { display: inline-block; margin: 0 2.5mm; }
.legend i { display: inline-block; width: 3.2mm; height: 3.2mm; vertical-align: -0.5mm;
  margin-right: 1mm; border: 0.2mm solid #888; }
.week { margin-bottom: 4mm; break-inside: avoid; }
.week + .week { break-before: page; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
tr { break-inside: avoid; }
th, td { border: 0.3mm solid #333; padding: 1.2mm 1.2mm; vertical-align: middle;
  text-align: center; }
col.post { width: 27mm; }
col.shift { width: 27mm; }
thead th { background: #eef1f5; font-weight: 600; }
thead th.corner { font-weight: 700; }
.d { display: block; font-size: 11pt; font-weight: 700; }
.wd { display: block; font-size: 9pt; }
.tag { display: inline-block; margin-top: 0.6mm; padding: 0 1.2mm; font-size: 8pt;
  border-radius: 0.8mm; font-weight: 600; }
th.weekend, td.weekend, .legend i.weekend { background: #f2f2f2; }
th.holiday, td.holiday, .legend i.holiday { background: #fde8e8; }
th.makeup, td.makeup, .legend i.makeup { background: #e7f0fb; }
th.holiday .tag { background: #c62828; color: #fff; }
th.weekend .tag { background: #757575; color: #fff; }
th.makeup .tag { background: #1565c0; color: #fff; }
th.post { font-size: 11pt; font-weight: 700; background: #fafafa; }
th.shift { font-weight: 600; background: #fafafa; }
th.shift .time { display: block; font-size: 8pt; font-weight: 400; color: #444; }
td.cell { height: 12mm; }
.n { display: inline-block; margin: 0.3mm 1.2mm; font-size: 11pt; white-space: nowrap; }
.none { color: #999; }
td.short { outline: 0.6mm solid #c62828; outline-offset: -0.9mm; }
.gap { display: block; margin-top: 0.6mm; color: #c62828; font-weight: 700; font-size: 9.5pt; }
.empty { padding: 6mm; color: #666; }
footer { margin-top: 3mm; font-size: 8.5pt; color: #333; border-top: 0.3mm solid #999;
  padding-top: 1.5mm; break-inside: avoid; }
footer .meta span { margin-right: 6mm; }
footer h2 { font-size: 9.5pt; margin: 1.5mm 0 0.5mm 0; color: #c62828; }
footer ol { margin: 0; padding-left: 6mm; columns: 2; column-gap: 8mm; }
footer li { color: #c62828; }
footer .ok { color: #2e7d32; }
""".strip()


def _day_class(info: DayInfo) -> str:
    if info.is_holiday:
        return "holiday"
    if info.makeup_workday:
        return "makeup"
    if info.is_weekend:
        return "weekend"
    return ""


def _day_tag(info: DayInfo) -> str:
    if info.is_holiday:
        return info.holiday_name or "节假日"
    if info.makeup_workday:
        return "调休上班"
    if info.is_weekend:
        return "周末"
    return ""


def _span(start_iso: str, end_iso: str) -> str:
    """Clock span of a shift: 08:30–17:30, 08:30–次日08:30, 20:00–第3日08:00."""
    start = datetime.fromisoformat(start_iso)
    end = datetime.fromisoformat(end_iso)
    days = (end.date() - start.date()).days
    prefix = "" if days == 0 else "次日" if days == 1 else f"第{days + 1}日"
    return f"{start:%H:%M}–{prefix}{end:%H:%M}"


def _gap_text(entry: Mapping[str, Any]) -> str:
    skill = entry.get("skill_name") or entry.get("skill")
    return f"缺{entry['missing']}人" + (f"（{skill}）" if skill else "")


def _slot_rows(
    org: Organisation, doc: Mapping[str, Any]
) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(post, post name, [(shift, shift name, span)]): posts in config order, shifts by start."""
    post_order = {pid: i for i, pid in enumerate(org.posts)}
    names: dict[str, str] = {}
    shifts: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    for entry in (*doc["assignments"], *doc["unfilled"]):
        names[entry["post"]] = entry["post_name"]
        start = datetime.fromisoformat(entry["start"])
        key = f"{start:%H:%M}"
        span = _span(entry["start"], entry["end"])
        shifts[entry["post"]].setdefault(entry["shift"], (key, entry["shift_name"], span))
    rows = []
    for post in sorted(shifts, key=lambda p: (post_order.get(p, len(post_order)), p)):
        ordered = sorted(shifts[post].items(), key=lambda item: (item[1][0], item[0]))
        rows.append((post, names[post], [(sid, name, span) for sid, (_, name, span) in ordered]))
    return rows


def _header(days: Sequence[date], calendar: Calendar) -> str:
    cells = ['<th class="corner" colspan="2">岗位 / 班次</th>']
    for day in days:
        info = calendar.info(day)
        cls = _day_class(info)
        tag = _day_tag(info)
        tag_html = f'<span class="tag">{escape(tag)}</span>' if tag else ""
        cells.append(
            f'<th class="{cls}"><span class="d">{date_zh(day)}</span>'
            f'<span class="wd">{weekday_zh(day)}</span>{tag_html}</th>'
        )
    return "<thead><tr>" + "".join(cells) + "</tr></thead>"


def _table(org: Organisation, doc: Mapping[str, Any], days: Sequence[date]) -> str:
    calendar = Calendar(org.calendar)
    classes = {day: _day_class(calendar.info(day)) for day in days}
    people: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    gaps: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for a in doc["assignments"]:
        people[(a["post"], a["shift"], a["date"])].append(a["name"])
    for u in doc["unfilled"]:
        gaps[(u["post"], u["shift"], u["date"])].append(_gap_text(u))

    cols = '<colgroup><col class="post"><col class="shift">' + "<col>" * len(days)
    table = "<table>"
    if len(days) < DAYS_PER_TABLE:  # a short last chunk keeps the day columns' width
        share = f"(100% - 54mm) * {len(days)} / {DAYS_PER_TABLE}"
        table = f'<table style="width: calc(54mm + {share})">'
    parts = [table, cols + "</colgroup>", _header(days, calendar), "<tbody>"]
    rows = _slot_rows(org, doc)
    if not rows:
        parts.append(f'<tr><td class="empty" colspan="{len(days) + 2}">本期无排班</td></tr>')
    for post, post_name, shift_rows in rows:
        for index, (shift, shift_name, span) in enumerate(shift_rows):
            cells = []
            if index == 0:
                cells.append(
                    f'<th class="post" rowspan="{len(shift_rows)}">{escape(post_name)}</th>'
                )
            cells.append(
                f'<th class="shift">{escape(shift_name)}<span class="time">{span}</span></th>'
            )
            for day in days:
                key = (post, shift, day.isoformat())
                names = "".join(f'<span class="n">{escape(n)}</span>' for n in people[key])
                short = "".join(f'<span class="gap">{escape(g)}</span>' for g in gaps[key])
                cls = " ".join(c for c in ("cell", classes[day], "short" if short else "") if c)
                body = names + short or '<span class="none">—</span>'
                cells.append(f'<td class="{cls}">{body}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _footer(doc: Mapping[str, Any], version_label: str, generated: datetime) -> str:
    offset = generated.strftime("%z")
    stamp = f"{generated:%Y-%m-%d %H:%M}（UTC{offset[:3]}:{offset[3:]}）"
    status = STATUS_ZH.get(doc["status"], doc["status"])
    meta = (
        f'<div class="meta"><span>版本：{escape(version_label)}</span>'
        f"<span>生成时间：{escape(stamp)}</span>"
        f"<span>求解状态：{escape(status)}</span>"
        f"<span>共 {len(doc['assignments'])} 个班次安排</span></div>"
    )
    if not doc["unfilled"]:
        return f'<footer>{meta}<p class="ok">全部岗位均已排满。</p></footer>'
    items = []
    for u in doc["unfilled"]:
        day = date.fromisoformat(u["date"])
        reason = f" — {u['reason']}" if u.get("reason") else ""
        text = (
            f"{date_zh(day)}（{weekday_zh(day)}） {u['post_name']} {u['shift_name']} "
            f"{_span(u['start'], u['end'])}：{_gap_text(u)}{reason}"
        )
        items.append(f"<li>{escape(text)}</li>")
    total = sum(int(u["missing"]) for u in doc["unfilled"])
    heading = f"未排满岗位（{len(doc['unfilled'])} 处，共缺 {total} 人）"
    return f"<footer>{meta}<h2>{heading}</h2><ol>{''.join(items)}</ol></footer>"


def render_html(
    org: Organisation, doc: Mapping[str, Any], version_label: str, generated_at: datetime
) -> str:
    """The duty sheet of a publication document as one self-contained HTML page."""
    zone = zone_of(org)
    generated = in_zone(generated_at, zone)
    start = date.fromisoformat(doc["week_start"])
    dates = [start + timedelta(days=i) for i in range(int(doc["days"]))]
    if not dates:
        raise ValueError("a publication needs at least one day")
    end = dates[-1]
    title = f"{org.name}值班表"
    period = (
        f"{start.year}年{date_zh(start)}（{weekday_zh(start)}）至"
        f"{end.year}年{date_zh(end)}（{weekday_zh(end)}）"
    )
    warn = ""
    if doc["status"] not in (Status.OPTIMAL.value, Status.FEASIBLE.value):
        warn = f' <span class="status-warn">（{escape(STATUS_ZH.get(doc["status"], ""))}）</span>'
    legend = (
        '<p class="legend"><span><i class="weekend"></i>周末</span>'
        '<span><i class="holiday"></i>法定节假日</span>'
        '<span><i class="makeup"></i>调休上班</span>'
        '<span style="color:#c62828">红框：缺员</span></p>'
    )
    weeks = [dates[i : i + DAYS_PER_TABLE] for i in range(0, len(dates), DAYS_PER_TABLE)]
    tables = "".join(f'<section class="week">{_table(org, doc, w)}</section>' for w in weeks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} {start.isoformat()}</title>\n"
        f'<style>\n{CSS}\n</style>\n</head>\n<body>\n<div class="sheet">\n'
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="period">{escape(period)}{warn}</p>{legend}</header>\n'
        f"{tables}\n{_footer(doc, version_label, generated)}\n</div>\n</body>\n</html>\n"
    )


def write_html(
    path: str | os.PathLike[str],
    org: Organisation,
    doc: Mapping[str, Any],
    version_label: str,
    generated_at: datetime,
) -> None:
    """Write roster.html atomically."""
    atomic_write_text(path, render_html(org, doc, version_label, generated_at))
