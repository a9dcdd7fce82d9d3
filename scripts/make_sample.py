"""Generate the sample organisation `rosters.toml` (某市应急管理局).

    python scripts/make_sample.py            # write rosters.toml, print the capacity check
    python scripts/make_sample.py --check    # only check that rosters.toml is up to date
    python scripts/make_sample.py --solve    # also prove both sample weeks fill (CP-SAT, slow)

Everything is drawn from `random.Random(2026)`, so the output is byte-for-byte
reproducible; the committed `rosters.toml` is this script's output. The TOML text
is written by hand here (not by tomli_w) so that it carries comments for the
office manager, and it is parsed back with tomllib before it is written.

`capacity()` is the sizing argument of the sample: for a week it compares the
person-days the demand needs with the person-days the people can give, per
skill, per group of posts and per day, and the tests require every margin to be
at least `MARGIN` for both sample weeks. `solve_week()` (with `--solve`) goes
further and finds a roster with no unfilled demand under the hard rules of
docs/rules.md, using a small independent CP-SAT model.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from roster.calendar import Calendar  # noqa: E402
from roster.domain import CalendarConfig  # noqa: E402
from roster.generate import SKILLS, UNITS  # noqa: E402

SEED = 2026
OUTPUT = ROOT / "rosters.toml"
WEEKS = (date(2026, 11, 30), date(2027, 2, 8))  # an ordinary week, the Spring Festival week
MARGIN = 0.40  # required spare capacity: supply >= (1 + MARGIN) * demand

# --------------------------------------------------------------------------- the organisation

# The skills and units are those of the generated organisations (roster/generate.py).

DISTRICTS = {
    "东城区": ["东湖社区", "滨江社区", "朝阳社区"],
    "西城区": ["西苑社区", "春晖社区", "和平社区"],
    "南湖区": ["南湖社区", "金桥社区", "幸福社区"],
    "高新区": ["创业社区", "科技园社区", "翠竹社区"],
}

# id, name, code, start, hours, night
SHIFTS = [
    ("D24", "24小时值班", "24", "08:30", 24, False),
    ("HD", "热线白班", "热白", "08:00", 8, False),
    ("HE", "热线晚班", "热晚", "16:00", 8, False),
    ("AM", "社区上午班", "上", "08:00", 6, False),
    ("PM", "社区下午班", "下", "14:00", 6, False),
    ("NG", "夜间值守", "夜", "20:00", 12, True),
]

# The community sites: one per community, three kinds spread over the districts.
SITE_KINDS = {
    "test": ("检测点", "检"),
    "order": ("秩序维护点", "秩"),
    "guard": ("楼栋值守点", "守"),
}
SITE_KIND_CYCLE = ("test", "order", "guard")

# Staff roles per unit: (how many, skills, role tag, experienced). Tags drive the choice
# of who takes leave, who asks for what, and the comments in the file.
ROLES: dict[str, list[tuple[int, tuple[str, ...], str, bool]]] = {
    "office": [
        (1, ("leader_on_duty", "hazchem"), "leader", True),
        (2, ("leader_on_duty",), "leader", True),
        (4, ("duty_officer", "hotline"), "officer", False),
        (3, ("hotline",), "hotline", False),
        (2, ("driver", "guard"), "driver", False),
        (2, ("guard", "disinfection"), "field", False),
    ],
    "command": [
        (2, ("leader_on_duty",), "leader", True),
        (2, ("duty_officer", "hotline", "hazchem"), "officer", False),
        (4, ("duty_officer", "hotline"), "officer", False),
        (20, ("hotline",), "hotline", False),
        (2, ("hotline", "driver"), "hotline", False),
    ],
    "monitoring": [
        (1, ("leader_on_duty", "hazchem"), "leader", True),
        (1, ("leader_on_duty",), "leader", True),
        (4, ("duty_officer", "hazchem"), "officer", False),
        (6, ("hotline",), "hotline", False),
        (4, ("disinfection",), "field", False),
    ],
    "rescue": [
        (2, ("leader_on_duty", "team_lead"), "leader", True),
        (1, ("duty_officer", "team_lead", "hazchem"), "officer", True),
        (3, ("duty_officer", "team_lead"), "officer", True),
        (4, ("team_lead", "medic"), "field", True),
        (4, ("driver", "team_lead"), "driver", True),
        (4, ("medic", "disinfection"), "field", False),
    ],
    "hazmat": [
        (2, ("leader_on_duty", "hazchem"), "leader", True),
        (5, ("duty_officer", "hazchem"), "officer", False),
        (4, ("hazchem", "disinfection"), "field", False),
        (3, ("disinfection", "hotline"), "hotline", False),
    ],
    "support": [
        (1, ("leader_on_duty",), "leader", True),
        (3, ("duty_officer",), "officer", False),
        (5, ("driver",), "driver", False),
        (4, ("guard",), "field", True),
        (3, ("disinfection", "guard"), "field", False),
    ],
}

# Volunteers: (how many, skills, availability flavour, experienced).
VOLUNTEERS: list[tuple[int, tuple[str, ...], str, bool]] = [
    (4, ("team_lead", "disinfection"), "any", True),
    (9, ("disinfection",), "any", False),
    (2, ("disinfection",), "weekends", False),
    (4, ("medic", "disinfection"), "any", False),
    (2, ("medic",), "weekends", False),
    (2, ("guard",), "any", False),
    (3, ("guard",), "nights", True),
    (4, ("driver",), "any", False),
    (4, (), "any", False),
    (4, (), "weekends", False),
    (4, (), "evenings", False),
]

AVAILABILITY = {
    "weekends": [{"days": "weekends", "from": "08:00", "to": "20:00"}],
    "evenings": [{"days": "all", "from": "14:00", "to": "00:00"}],
    "nights": [{"days": "all", "from": "20:00", "to": "08:00"}],
}
AVAILABILITY_NOTE = {
    "weekends": "仅周末 weekends only",
    "evenings": "仅下午及晚间 afternoons/evenings only",
    "nights": "仅夜间 nights only",
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
)
_ONE_CHAR = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华斌宇浩鑫婷雪琳晨鹏辉健波帆凯琦颖慧玲倩"
_TWO_CHAR = (
    "建国建华志强海燕晓东秀英桂英秀兰玉兰文静俊杰子涵欣怡思远梓轩佳怡雨桐浩然宇航家豪"
    "晓明红梅丽娟国强海涛春燕志伟明辉婷婷丹丹晓燕建军立新永刚亚楠雅琴振华德明卫东秋月"
    "文博嘉怡一鸣思琪子豪晓峰永红少华"
)
GIVEN_NAMES = [*_ONE_CHAR, *(_TWO_CHAR[i : i + 2] for i in range(0, len(_TWO_CHAR), 2))]


def make_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct names: a common surname (the first ones likelier) and a given name."""
    weights = [1.0 / (1 + i / 8) for i in range(len(SURNAMES))]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choices(SURNAMES, weights)[0] + rng.choice(GIVEN_NAMES)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def build(seed: int = SEED) -> dict[str, Any]:
    """The whole sample as plain data, in the shape of docs/config.md."""
    rng = random.Random(seed)
    data: dict[str, Any] = {}
    data["organisation"] = {"name": "某市应急管理局"}
    data["calendar"] = {
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "extra_holidays": [],
        "makeup_workdays": [],
    }
    data["solver"] = {"time_limit": 20.0, "workers": 2, "seed": 1, "relative_gap": 0.01}
    data["defaults"] = {
        "min_rest_hours": 11,
        "rest_after_24h_hours": 24,
        "max_consecutive_days": 6,
        "max_hours_7d": 60,
        "max_24h_per_28d": 6,
    }
    data["rules"] = {"team_lead_skill": "team_lead"}
    data["weights"] = {
        "unfilled": 1_000_000,
        "request": 1000,
        "continuity": 2000,
        "home_same_district": 200,
        "home_far": 600,
        "team_lead": 50_000,
        "stability": 10_000,
        "fairness_tolerance": {"duty24": 1, "weekend": 1, "holiday": 1, "night": 1, "hours": 8},
        "fairness": {"duty24": 20, "weekend": 10, "holiday": 20, "night": 5, "hours": 1},
    }
    data["skills"] = dict(SKILLS)
    data["units"] = [{"id": uid, "name": name} for uid, name in UNITS.items()]

    communities = []
    for district, names in DISTRICTS.items():
        for name in names:
            cid = f"c{len(communities) + 1:02d}"
            communities.append({"id": cid, "name": name, "district": district})
    data["communities"] = communities

    data["shifts"] = [
        {"id": sid, "name": name, "code": code, "start": start, "hours": hours, "night": night}
        for sid, name, code, start, hours, night in SHIFTS
    ]

    posts: list[dict[str, Any]] = [
        {
            "id": "desk",
            "name": "总值班室",
            "code": "值",
            "kind": "desk",
            "eligible_skills": ["leader_on_duty", "duty_officer"],
            "volunteers_allowed": False,
            "team": False,
        },
        {
            "id": "hotline",
            "name": "12345热线",
            "code": "热",
            "kind": "hotline",
            "eligible_skills": ["hotline"],
            "volunteers_allowed": False,
            "team": False,
        },
        {
            "id": "depot",
            "name": "应急物资储备库",
            "code": "库",
            "kind": "depot",
            "eligible_skills": [],
            "volunteers_allowed": True,
            "team": False,
        },
    ]
    sites: dict[str, list[str]] = {kind: [] for kind in SITE_KINDS}
    for i, community in enumerate(communities):
        kind = SITE_KIND_CYCLE[i % len(SITE_KIND_CYCLE)]
        suffix, code = SITE_KINDS[kind]
        pid = f"s{i + 1:02d}"
        sites[kind].append(pid)
        posts.append(
            {
                "id": pid,
                "name": community["name"] + suffix,
                "code": f"{code}{i + 1:02d}",
                "kind": "site",
                "community": community["id"],
                "eligible_skills": [],
                "volunteers_allowed": True,
                "team": True,
            }
        )
    data["posts"] = posts
    data["demand"] = build_demand(sites)

    data["fairness_pools"] = [
        {"id": "leaders", "skills": ["leader_on_duty"]},
        {"id": "officers", "skills": ["duty_officer"]},
        {"id": "hotline", "skills": ["hotline"]},
        {"id": "guards", "skills": ["guard"]},
    ]

    people, tags = build_people(rng, [c["id"] for c in communities])
    data["people"] = people
    data["requests"] = build_requests(rng, people, tags)
    return data


def build_demand(sites: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    test, order, guard = sites["test"], sites["order"], sites["guard"]
    demand: list[dict[str, Any]] = [
        {
            "post": "desk",
            "shift": "D24",
            "days": "all",
            "count": 3,
            "skills": {"leader_on_duty": 1, "duty_officer": 2, "hazchem": 1},
        },
        {"post": "hotline", "shift": "HD", "days": "all", "count": 12},
        {"post": "hotline", "shift": "HE", "days": "all", "count": 8},
        {"post": "hotline", "shift": "HE", "days": "holidays", "count": 2},
        {"post": "depot", "shift": "AM", "days": "all", "count": 3, "skills": {"driver": 2}},
        {"post": "depot", "shift": "PM", "days": "all", "count": 2, "skills": {"driver": 1}},
        {
            "post": "depot",
            "shift": "NG",
            "days": "all",
            "count": 1,
            "skills": {"guard": 1},
            "from": date(2026, 12, 1),
            "to": date(2027, 3, 15),
        },
    ]
    for i, post in enumerate(test):
        # Testing sites: 消杀 and 医护 every morning; every other one also wants a 队长.
        skills = {"disinfection": 2, "medic": 1} | ({"team_lead": 1} if i % 2 == 0 else {})
        count = 4 if i % 2 == 0 else 3
        demand.append(
            {"post": post, "shift": "AM", "days": "all", "count": count, "skills": skills}
        )
    for post in test:
        demand.append(
            {"post": post, "shift": "PM", "days": "all", "count": 2, "skills": {"disinfection": 1}}
        )
    for post in order:
        demand.append({"post": post, "shift": "PM", "days": "all", "count": 2})
    for post in order[::2]:
        demand.append({"post": post, "shift": "AM", "days": "restdays", "count": 2})
    demand.append({"post": order[1], "shift": "AM", "days": [date(2026, 12, 2)], "count": 2})
    demand.append(
        {
            "post": order[3],
            "shift": "AM",
            "days": [date(2027, 2, 13), date(2027, 2, 14)],
            "count": 2,
        }
    )
    for post in guard:
        demand.append(
            {"post": post, "shift": "PM", "days": "all", "count": 2, "skills": {"guard": 1}}
        )
    for post in guard[:3]:
        demand.append(
            {"post": post, "shift": "NG", "days": "all", "count": 1, "skills": {"guard": 1}}
        )
    return demand


POOL_NOTES = {
    "guards": [
        "# 楼栋值守夜班只能由值守人员承担：夜班与工时在值守人员之间均衡",
        "# only guards can take the night guard: nights and hours are shared among the guards",
    ]
}


def demand_comment(line: Mapping[str, Any], posts: Mapping[str, Mapping[str, Any]]) -> str:
    """The comment written above a demand line ("" for none)."""
    post = posts[line["post"]]
    days = line["days"]
    if post["kind"] == "desk":
        return "总值班室每日1名带班领导+2名值班员，其中至少1人持危化品处置资质"
    if post["kind"] == "hotline":
        if days == "holidays":
            return "节假日晚间话务高峰，热线晚班加开2线"
        return "12345热线共20线：白班12线、晚班8线" if line["shift"] == "HD" else ""
    if post["kind"] == "depot":
        if line["shift"] == "NG":
            return "冬春季防火期(12月1日至次年3月15日)库区夜间值守"
        return "物资储备库装卸配送，需驾驶员" if line["shift"] == "AM" else ""
    if isinstance(days, list):
        return "临时活动：" + ("全国交通安全日宣传" if days[0].year == 2026 else "春节返程高峰")
    return ""


def build_people(
    rng: random.Random, communities: list[str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """People of all units, then leave, limits and home communities. Returns tags by id."""
    specs: list[tuple[str, str, tuple[str, ...], str, bool, str]] = []
    for unit, roles in ROLES.items():
        for count, skills, tag, experienced in roles:
            specs += [(unit, "staff", skills, tag, experienced, "")] * count
    for count, skills, flavour, experienced in VOLUNTEERS:
        tag = "volunteer" if flavour == "any" else f"volunteer_{flavour}"
        flav = "" if flavour == "any" else flavour
        specs += [("volunteers", "volunteer", skills, tag, experienced, flav)] * count

    names = make_names(rng, len(specs))
    people: list[dict[str, Any]] = []
    tags: dict[str, str] = {}
    for i, ((unit, kind, skills, tag, experienced, flavour), name) in enumerate(
        zip(specs, names, strict=True)
    ):
        pid = f"p{i + 1:03d}"
        person: dict[str, Any] = {
            "id": pid,
            "name": name,
            "unit": unit,
            "kind": kind,
            "skills": list(skills),
        }
        # Volunteers all live in a community; three staff in four do.
        if kind == "volunteer" or rng.random() < 0.75:
            person["home"] = rng.choice(communities)
        if experienced or (kind == "volunteer" and rng.random() < 0.2):
            person["experienced"] = True
        if flavour:
            person["availability"] = [dict(w) for w in AVAILABILITY[flavour]]
        people.append(person)
        tags[pid] = tag

    by_tag: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        by_tag.setdefault(tags[person["id"]], []).append(person)

    def pick(tag: str, n: int) -> list[dict[str, Any]]:
        free = [p for p in by_tag[tag] if "leave" not in p and "limits" not in p]
        return rng.sample(free, n)

    # Personal limits: a part-time volunteer and a leader who does fewer 24-hour duties.
    pick("volunteer", 1)[0]["limits"] = {"max_hours_7d": 40}
    pick("leader", 1)[0]["limits"] = {"max_24h_per_28d": 4}

    # Leave in the week of 2026-11-30: a few people.
    week1 = [
        ("officer", date(2026, 11, 30), date(2026, 12, 2), "业务培训"),
        ("hotline", date(2026, 12, 3), date(2026, 12, 4), "年假"),
        ("field", date(2026, 11, 30), date(2026, 12, 1), "病假"),
        ("volunteer", date(2026, 12, 1), date(2026, 12, 6), "外出"),
        ("driver", date(2026, 11, 28), date(2026, 12, 8), "婚假"),
    ]
    # Spring Festival 2027 (holidays 02-05..02-10 in the holidays package): more people away.
    spring = [
        ("leader", date(2027, 2, 11), date(2027, 2, 14), "春节轮休"),
        ("officer", date(2027, 2, 3), date(2027, 2, 9), "探亲假"),
        ("officer", date(2027, 2, 12), date(2027, 2, 18), "探亲假"),
        ("hotline", date(2027, 2, 4), date(2027, 2, 10), "春节探亲"),
        ("hotline", date(2027, 2, 6), date(2027, 2, 12), "春节探亲"),
        ("hotline", date(2027, 2, 8), date(2027, 2, 14), "春节探亲"),
        ("hotline", date(2027, 2, 11), date(2027, 2, 16), "年假"),
        ("field", date(2027, 2, 5), date(2027, 2, 11), "春节探亲"),
        ("field", date(2027, 2, 9), date(2027, 2, 13), "年假"),
        ("driver", date(2027, 2, 6), date(2027, 2, 10), "春节探亲"),
        ("volunteer", date(2027, 1, 30), date(2027, 2, 17), "返乡过年"),
        ("volunteer", date(2027, 2, 4), date(2027, 2, 14), "返乡过年"),
        ("volunteer", date(2027, 2, 6), date(2027, 2, 11), "返乡过年"),
        ("volunteer", date(2027, 2, 8), date(2027, 2, 10), "走亲访友"),
        ("volunteer_weekends", date(2027, 2, 1), date(2027, 2, 21), "寒假外出"),
        ("volunteer_evenings", date(2027, 2, 5), date(2027, 2, 12), "返乡过年"),
    ]
    for tag, start, end, reason in week1 + spring:
        person = pick(tag, 1)[0]
        person["leave"] = [{"from": start, "to": end, "reason": reason}]
    # One person has leave in both weeks.
    person = pick("hotline", 1)[0]
    person["leave"] = [
        {"from": date(2026, 12, 5), "to": date(2026, 12, 6), "reason": "调休"},
        {"from": date(2027, 2, 13), "to": date(2027, 2, 14), "reason": "调休"},
    ]
    return people, tags


REQUEST_PLAN = [
    # (tag, date, kind, shift, note)
    ("leader", date(2026, 12, 4), "day_off", None, "参加市里会议"),
    ("officer", date(2026, 12, 1), "avoid", "D24", "家中老人住院"),
    ("hotline", date(2026, 12, 5), "day_off", None, "孩子家长会"),
    ("hotline", date(2026, 12, 2), "avoid", "HE", "晚上上课"),
    ("volunteer", date(2026, 12, 6), "day_off", None, "家庭聚会"),
    ("field", date(2026, 12, 3), "avoid", "NG", "体检前一晚"),
    ("leader", date(2027, 2, 8), "avoid", "D24", "春节初三走亲"),
    ("officer", date(2027, 2, 9), "day_off", None, "陪家人"),
    ("officer", date(2027, 2, 13), "avoid", "D24", "家中有事"),
    ("hotline", date(2027, 2, 10), "day_off", None, "回老家"),
    ("hotline", date(2027, 2, 8), "avoid", "HE", "春节家宴"),
    ("volunteer", date(2027, 2, 11), "day_off", None, "带孩子看病"),
    ("volunteer_weekends", date(2027, 2, 14), "avoid", "PM", "情人节"),
]


# Who can work a shift at all (so that an `avoid` request means something).
SHIFT_SKILLS = {"D24": {"leader_on_duty", "duty_officer"}, "HE": {"hotline"}, "NG": {"guard"}}


def build_requests(
    rng: random.Random, people: list[dict[str, Any]], tags: Mapping[str, str]
) -> list[dict[str, Any]]:
    requests = []
    used: set[str] = set()
    for tag, day, kind, shift, note in REQUEST_PLAN:
        candidates = [
            p
            for p in people
            if tags[p["id"]] == tag
            and p["id"] not in used
            and (not shift or shift not in SHIFT_SKILLS or SHIFT_SKILLS[shift] & set(p["skills"]))
            and not any(leave["from"] <= day <= leave["to"] for leave in p.get("leave", ()))
        ]
        person = rng.choice(candidates)
        used.add(person["id"])
        request: dict[str, Any] = {"person": person["id"], "date": day, "kind": kind}
        if shift:
            request["shift"] = shift
        request["weight"] = rng.randint(1, 3)
        request["_note"] = f"{person['name']}：{note}"
        requests.append(request)
    return requests


# --------------------------------------------------------------------------- TOML text

BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def public(table: Mapping[str, Any]) -> dict[str, Any]:
    """A table without the generator's private `_note` keys."""
    return {k: v for k, v in table.items() if not k.startswith("_")}


def keyvals(table: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> list[str]:
    lines = []
    for key, value in public(table).items():
        line = f"{toml_key(key)} = {toml_value(value)}"
        note = (comments or {}).get(key)
        if not note:
            lines.append(line)
        elif len(line) < 40:
            lines.append(f"{line:<40}# {note}")
        else:
            lines += [f"# {note}", line]
    return lines


def banner(title: str, *notes: str) -> list[str]:
    return ["", f"# {'=' * 94}", f"# {title}", *(f"# {n}" if n else "#" for n in notes), ""]


def render(data: Mapping[str, Any]) -> str:
    out: list[str] = [
        "# rosters.toml: 某市应急管理局 排班与志愿者调度配置 (sample organisation)",
        "#",
        "# 本文件由 scripts/make_sample.py 生成 (random.Random(2026))。请修改生成器后重新运行，",
        "# 不要直接手改：  python scripts/make_sample.py",
        "# Generated by scripts/make_sample.py (seeded random.Random(2026)); edit the generator,",
        "# not this file. Keys: docs/config.md; what the solver enforces: docs/rules.md.",
    ]
    out += banner("单位 Organisation")
    out += ["[organisation]", *keyvals(data["organisation"])]

    out += banner(
        "日历 Calendar",
        "法定节假日与调休上班日取自 holidays 包 (CN)；包里没有的年份可在此补充。",
        "Public holidays come from the holidays package; add what it does not know here.",
        '例 e.g.: extra_holidays = [{ date = 2027-02-11, name = "春节调休" }]',
        "         makeup_workdays = [2027-02-20]",
    )
    out += ["[calendar]", *keyvals(data["calendar"])]

    out += banner(
        "求解器 Solver",
        "time_limit 秒 seconds; workers 线程数 threads; seed 随机种子;",
        "relative_gap 可接受的相对差距 acceptable relative gap",
    )
    out += ["[solver]", *keyvals(data["solver"])]

    out += banner(
        "工作时间限制 Working-time limits",
        "每人默认值；个人可在 people 的 limits 中覆盖 / defaults, overridden per person by limits",
    )
    out += [
        "[defaults]",
        *keyvals(
            data["defaults"],
            {
                "min_rest_hours": "两班之间最少休息小时 rest between shifts",
                "rest_after_24h_hours": "24小时值班后休息 rest after a 24h duty",
                "max_consecutive_days": "最多连续工作天数 consecutive days",
                "max_hours_7d": "任意7天最多工时 hours per 7 days",
                "max_24h_per_28d": "任意28天最多24小时班 24h duties per 28 days",
            },
        ),
    ]

    out += banner("规则 Rules")
    out += [
        "[rules]",
        *keyvals(data["rules"], {"team_lead_skill": "社区队伍需要的队长技能 team lead skill"}),
    ]

    out += banner(
        "权重 Weights (软目标代价，越大越重要 / soft-goal costs, larger = more important)",
    )
    weights = dict(data["weights"])
    tolerance = weights.pop("fairness_tolerance")
    fairness = weights.pop("fairness")
    out += [
        "[weights]",
        *keyvals(
            weights,
            {
                "unfilled": "缺岗 each missing person",
                "request": "× 个人意愿权重 × request weight",
                "continuity": "志愿者次日换点 volunteer changes site",
                "home_same_district": "派往同区其他社区 same district",
                "home_far": "派往其他区 other district",
                "team_lead": "社区队伍无队长 team without a lead",
                "stability": "改动已发布排班 change to a published roster",
            },
        ),
        "",
        "# 公平容差：与应得份额相差不超过此数不计代价 (单位：次；hours 为小时)",
        "# free deviation from the fair share (in duties; hours in hours)",
        "[weights.fairness_tolerance]",
        *keyvals(tolerance),
        "",
        "[weights.fairness]                      # 公平性：各类班次在同一池内均衡",
        *keyvals(
            fairness,
            {
                "duty24": "24小时值班",
                "weekend": "周末",
                "holiday": "节假日",
                "night": "夜班",
                "hours": "工时",
            },
        ),
    ]

    out += banner("技能 Skills (id = 名称)")
    out += ["[skills]", *keyvals(data["skills"])]

    out += banner("部门 Units")
    for unit in data["units"]:
        out += ["[[units]]", *keyvals(unit), ""]
    out.pop()

    out += banner("社区 Communities (district 相同即为邻近 / same district = near)")
    for community in data["communities"]:
        out += ["[[communities]]", *keyvals(community), ""]
    out.pop()

    out += banner(
        "班次 Shifts (start 开始时间, hours 时长; 跨午夜的班次属于开始那天)",
        "同一天最多上一个班：两班之间至少休息11小时，24小时值班后休息24小时。",
    )
    for shift in data["shifts"]:
        out += ["[[shifts]]", *keyvals(shift), ""]
    out.pop()

    out += banner(
        "岗位 Posts (kind: desk 值班室 | hotline 热线 | site 社区点位 | depot 物资库)",
        "eligible_skills 为空表示任何人可上岗；volunteers_allowed = false 表示仅限在编人员；",
        "team = true 表示该点位是一支队伍，需要一名队长或有经验的人。",
    )
    for post in data["posts"]:
        out += ["[[posts]]", *keyvals(post), ""]
    out.pop()

    out += banner(
        "需求 Demand (每个岗位每个班次需要几人、其中需要哪些技能)",
        "days: all 每天 | weekdays 周一至周五 | weekends 周六周日 | workdays 工作日 |",
        "      restdays 休息日(含节假日) | holidays 节假日 | 或日期列表; 同一岗位班次的多行相加。",
    )
    posts = {p["id"]: p for p in data["posts"]}
    heading = ""
    for line in data["demand"]:
        post = posts[line["post"]]
        title = (
            post["name"]
            if post["kind"] != "site"
            else "社区点位 " + SITE_HEADINGS[post["name"][-3:]]
        )
        if title != heading:
            out += [f"# ---- {title}", ""]
            heading = title
        note = demand_comment(line, posts)
        out += ([f"# {note}"] if note else []) + ["[[demand]]", *keyvals(line), ""]
    out.pop()

    out += banner(
        '公平池 Fairness pools (按顺序匹配第一个持有其技能的池；其余所有人属于 "*" 池)',
        'First pool holding one of a person\'s skills wins; everyone else is in pool "*".',
    )
    for pool in data["fairness_pools"]:
        out += POOL_NOTES.get(pool["id"], [])
        out += ["[[fairness_pools]]", *keyvals(pool), ""]
    out.pop()

    out += banner(
        "人员 People (kind: staff 在编 | volunteer 志愿者)",
        "home 居住社区; experienced 有经验(可带队); limits 个人限制(覆盖 [defaults]);",
        "availability 可上岗时段(不写=随时); leave 请假(含首尾两天)。",
    )
    units = {u["id"]: u["name"] for u in data["units"]}
    unit = ""
    for person in data["people"]:
        if person["unit"] != unit:
            unit = person["unit"]
            count = sum(p["unit"] == unit for p in data["people"])
            out += [f"# ---- {units[unit]} {unit} ({count}人)", ""]
        notes = {}
        if "availability" in person:
            flavour = next(f for f, w in AVAILABILITY.items() if w == person["availability"])
            notes["availability"] = AVAILABILITY_NOTE[flavour]
        if "limits" in person:
            notes["limits"] = LIMIT_NOTE[next(iter(person["limits"]))]
        out += ["[[people]]", *keyvals(person, notes), ""]
    out.pop()

    out += banner(
        "个人意愿 Requests (kind: day_off 当天休息 | shift 想上某班 | avoid 不想上某班;",
        "weight 1-3 越大越重要)",
    )
    for request in data["requests"]:
        out += [f"# {request['_note']}", "[[requests]]", *keyvals(request), ""]
    out += [
        "# 示例 example (未启用 not active): 想上某个班",
        "# [[requests]]",
        '# person = "p005"',
        "# date = 2026-12-03",
        '# kind = "shift"',
        '# shift = "D24"',
        "# weight = 2",
    ]

    out += banner(
        "锁定 Locks (必须保留的安排；求解器不会改动 / assignments the solver must keep)",
    )
    out += [
        "# 示例 example (未启用 not active): 局长除夕带班",
        "# [[locks]]",
        '# person = "p001"',
        "# date = 2027-02-05",
        '# shift = "D24"',
        '# post = "desk"',
    ]
    return "\n".join(out) + "\n"


SITE_HEADINGS = {
    "检测点": "检测点 testing sites: 消杀、医护",
    "维护点": "秩序维护点 order-keeping sites",
    "值守点": "楼栋值守点 building-guard sites",
}
LIMIT_NOTE = {
    "max_hours_7d": "兼职：每7天最多40小时 part-time",
    "max_24h_per_28d": "每28天最多4次24小时班",
}


def strip_private(data: Any) -> Any:
    """`data` as tomllib reads it back: without the generator's `_note` keys."""
    if isinstance(data, dict):
        return {k: strip_private(v) for k, v in data.items() if not k.startswith("_")}
    if isinstance(data, list):
        return [strip_private(v) for v in data]
    return data


# --------------------------------------------------------------------------- capacity check


@dataclass(frozen=True)
class CapacityRow:
    """Demand against supply, both in person-days (or in duties for `duty24:` rows)."""

    name: str
    demand: int
    supply: int

    @property
    def margin(self) -> float:
        return self.supply / self.demand - 1 if self.demand else float("inf")


def clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class Slot:
    day: date
    shift: str
    post: str
    count: int
    skills: Mapping[str, int]


class Week:
    """The plain-dict organisation expanded over one week: slots and who can work them."""

    def __init__(self, data: Mapping[str, Any], start: date, days: int = 7) -> None:
        cal = data.get("calendar", {})
        self.calendar = Calendar(
            CalendarConfig(
                country=cal.get("country", "CN"),
                extra_holidays={
                    as_date(h["date"]): h["name"] for h in cal.get("extra_holidays", [])
                },
                makeup_workdays=frozenset(as_date(d) for d in cal.get("makeup_workdays", [])),
            )
        )
        self.dates = [start + timedelta(days=i) for i in range(days)]
        self.shifts = {s["id"]: s for s in data["shifts"]}
        self.posts = {p["id"]: p for p in data["posts"]}
        self.people = {p["id"]: p for p in data["people"]}
        self.defaults = {**DEFAULT_LIMITS, **data.get("defaults", {})}
        self.slots = self._slots(data["demand"])
        self._fits: dict[tuple[str, date, str], bool] = {}

    def _slots(self, demand: Iterable[Mapping[str, Any]]) -> list[Slot]:
        merged: dict[tuple[date, str, str], tuple[int, dict[str, int]]] = {}
        for day in self.dates:
            for line in demand:
                days = line.get("days", "all")
                if isinstance(days, list):
                    if day not in {as_date(d) for d in days}:
                        continue
                elif not self.calendar.matches(day, days):
                    continue
                if "from" in line and day < as_date(line["from"]):
                    continue
                if "to" in line and day > as_date(line["to"]):
                    continue
                key = (day, line["shift"], line["post"])
                count, skills = merged.get(key, (0, {}))
                skills = dict(skills)
                for skill, n in line.get("skills", {}).items():
                    skills[skill] = skills.get(skill, 0) + n
                merged[key] = (count + line["count"], skills)
        return [
            Slot(day, shift, post, count, skills)
            for (day, shift, post), (count, skills) in merged.items()
            if count > 0
        ]

    def interval(self, shift: str, day: date) -> tuple[datetime, datetime]:
        spec = self.shifts[shift]
        begin = datetime.combine(day, clock(spec["start"]))
        minutes = spec["minutes"] if "minutes" in spec else spec["hours"] * 60
        return begin, begin + timedelta(minutes=minutes)

    def hours(self, shift: str) -> int:
        begin, end = self.interval(shift, self.dates[0])
        return round((end - begin).total_seconds() / 3600)

    def is_24h(self, shift: str) -> bool:
        begin, end = self.interval(shift, self.dates[0])
        return end - begin >= timedelta(hours=24)

    def limits(self, pid: str) -> dict[str, Any]:
        return {**self.defaults, **self.people[pid].get("limits", {})}

    def eligible(self, pid: str, post: str) -> bool:
        person, spec = self.people[pid], self.posts[post]
        if person.get("kind", "staff") == "volunteer" and not spec.get("volunteers_allowed", True):
            return False
        wanted = set(spec.get("eligible_skills", []))
        return not wanted or bool(wanted & set(person.get("skills", [])))

    def fits(self, pid: str, day: date, shift: str) -> bool:
        """Leave and availability allow `pid` to work `shift` starting on `day`."""
        key = (pid, day, shift)
        if key not in self._fits:
            self._fits[key] = self._fit(pid, day, shift)
        return self._fits[key]

    def _fit(self, pid: str, day: date, shift: str) -> bool:
        person = self.people[pid]
        begin, end = self.interval(shift, day)
        for leave in person.get("leave", []):
            lo = datetime.combine(as_date(leave["from"]), time())
            hi = datetime.combine(as_date(leave["to"]) + timedelta(days=1), time())
            if begin < hi and lo < end:
                return False
        windows = person.get("availability", [])
        if not windows:
            return True
        for window in windows:
            if not self.calendar.matches(day, window.get("days", "all")):
                continue
            lo = datetime.combine(day, clock(window.get("from", "00:00")))
            hi = datetime.combine(day, clock(window.get("to", "00:00")))
            if hi <= lo:
                hi += timedelta(days=1)
            if lo <= begin and end <= hi:
                return True
        return False

    def can_work(self, pid: str, slot: Slot) -> bool:
        return self.eligible(pid, slot.post) and self.fits(pid, slot.day, slot.shift)

    def cost(self, slot: Slot) -> int:
        """Person-days one assignment at `slot` uses: a 24-hour duty also takes the next day."""
        return 2 if self.is_24h(slot.shift) else 1

    def supply(self, people: Iterable[str], slots: list[Slot]) -> int:
        """Person-days `people` can give to `slots`: days with a slot they can work, capped."""
        total = 0
        for pid in people:
            days = {s.day for s in slots if self.can_work(pid, s)}
            cap = min(len(self.dates) - 1, self.limits(pid)["max_consecutive_days"])
            total += min(len(days), cap)
        return total


DEFAULT_LIMITS = {
    "min_rest_hours": 11,
    "rest_after_24h_hours": 24,
    "max_consecutive_days": 6,
    "max_hours_7d": 60,
    "max_24h_per_28d": 6,
}


def capacity(data: Mapping[str, Any], start: date, days: int = 7) -> list[CapacityRow]:
    """Demand and supply per skill, per group of posts, per 24-hour duty and per day.

    - `skill:K`: person-days of the minimums of skill K (a 24-hour duty counts two days,
      the duty and the rest day after it) against the days K's holders can work such slots,
      each person capped at 6 days (the consecutive-days rule inside one week).
    - `posts:A+B`: head counts of the slots at posts of those kinds against everybody who may
      work there (every union of post kinds, so skills shared between posts are not counted
      twice: a Hall-type condition; `posts:depot+desk+hotline+site` is the whole week).
    - `duty24:K`: 24-hour duties needing K against K's holders who can take one, at most one
      such duty each per week (a fair rotation).
    - `day:K` / `day:all`: the tightest day of the week, needs against people available.
    """
    week = Week(data, start, days)
    people = list(week.people)
    rows: list[CapacityRow] = []

    skills = sorted({k for s in week.slots for k in s.skills})
    for skill in skills:
        slots = [s for s in week.slots if s.skills.get(skill)]
        demand = sum(s.skills[skill] * week.cost(s) for s in slots)
        holders = [p for p in people if skill in week.people[p].get("skills", [])]
        rows.append(CapacityRow(f"skill:{skill}", demand, week.supply(holders, slots)))

    kinds = sorted({week.posts[s.post]["kind"] for s in week.slots})
    for n in range(1, len(kinds) + 1):
        for group in itertools.combinations(kinds, n):
            slots = [s for s in week.slots if week.posts[s.post]["kind"] in group]
            demand = sum(s.count * week.cost(s) for s in slots)
            rows.append(CapacityRow("posts:" + "+".join(group), demand, week.supply(people, slots)))

    for skill in skills:
        slots = [s for s in week.slots if s.skills.get(skill) and week.is_24h(s.shift)]
        if not slots:
            continue
        holders = [p for p in people if skill in week.people[p].get("skills", [])]
        able = sum(any(week.can_work(p, s) for s in slots) for p in holders)
        rows.append(CapacityRow(f"duty24:{skill}", sum(s.skills[skill] for s in slots), able))

    for skill in [*skills, None]:
        worst: CapacityRow | None = None
        for day in week.dates:
            slots = [
                s for s in week.slots if s.day == day and (skill is None or s.skills.get(skill))
            ]
            need = sum(s.count if skill is None else s.skills[skill] for s in slots)
            holders = [
                p for p in people if skill is None or skill in week.people[p].get("skills", [])
            ]
            able = sum(any(week.can_work(p, s) for s in slots) for p in holders)
            row = CapacityRow(f"day:{skill or 'all'}", need, able)
            if worst is None or row.margin < worst.margin:
                worst = row
        assert worst is not None
        rows.append(worst)
    return rows


def print_capacity(rows: list[CapacityRow], start: date) -> bool:
    print(f"capacity, week of {start} (margin required {MARGIN:.0%}):")
    ok = True
    for row in rows:
        flag = "" if row.margin >= MARGIN else "   <-- TOO TIGHT"
        ok = ok and not flag
        figures = f"demand {row.demand:4d}  supply {row.supply:4d}  {row.margin:+7.0%}"
        print(f"  {row.name:<34} {figures}{flag}")
    return ok


# --------------------------------------------------------------------------- solvability proof


def solve_week(data: Mapping[str, Any], start: date, time_limit: float = 60.0) -> dict[str, Any]:
    """Find a roster for the week meeting the hard rules with every slot filled (CP-SAT).

    An independent, minimal model of docs/rules.md's hard rules for one week with no
    history: eligibility, leave, availability, overlap and rest, consecutive days,
    hours per 7 days, 24-hour duties per 28 days, counts and skill minimums as hard
    equalities. It then maximises the team-site slots with a lead (a soft goal).
    """
    from ortools.sat.python import cp_model

    week = Week(data, start)
    model = cp_model.CpModel()
    team_lead_skill = data.get("rules", {}).get("team_lead_skill", "team_lead")
    x: dict[tuple[str, int], cp_model.IntVar] = {}
    by_person: dict[str, dict[tuple[date, str], list[cp_model.IntVar]]] = {}
    for i, slot in enumerate(week.slots):
        for pid in week.people:
            if week.can_work(pid, slot):
                var = model.new_bool_var(f"x_{pid}_{i}")
                x[pid, i] = var
                by_person.setdefault(pid, {}).setdefault((slot.day, slot.shift), []).append(var)
    uncovered = []
    for i, slot in enumerate(week.slots):
        here = [(pid, v) for (pid, j), v in x.items() if j == i]
        model.add(sum(v for _, v in here) == slot.count)
        for skill, n in slot.skills.items():
            model.add(sum(v for pid, v in here if skill in week.people[pid]["skills"]) >= n)
        if week.posts[slot.post].get("team"):
            leads = [
                v
                for pid, v in here
                if team_lead_skill in week.people[pid]["skills"]
                or week.people[pid].get("experienced")
            ]
            missing = model.new_bool_var(f"nolead_{i}")
            model.add(sum(leads) + missing >= 1)
            uncovered.append(missing)
    loads = []
    for pid, options in by_person.items():
        limits = week.limits(pid)
        work = {}
        for key, vars_ in options.items():
            work[key] = model.new_bool_var(f"w_{pid}_{key[0]}_{key[1]}")
            model.add(sum(vars_) == work[key])
        keys = sorted(work, key=lambda k: week.interval(k[1], k[0])[0])
        for a, b in itertools.combinations(keys, 2):
            a_begin, a_end = week.interval(a[1], a[0])
            b_begin, _ = week.interval(b[1], b[0])
            rest = limits["rest_after_24h_hours"] if week.is_24h(a[1]) else limits["min_rest_hours"]
            if b_begin < a_end + timedelta(hours=rest) and a_begin <= b_begin:
                model.add(work[a] + work[b] <= 1)
        days = [sum(v for (d, _), v in work.items() if d == day) for day in week.dates]
        for day_sum in days:
            model.add(day_sum <= 1)
        span = limits["max_consecutive_days"] + 1
        for i in range(len(days) - span + 1):
            model.add(sum(days[i : i + span]) <= limits["max_consecutive_days"])
        model.add(sum(week.hours(s) * v for (_, s), v in work.items()) <= limits["max_hours_7d"])
        model.add(
            sum(v for (_, s), v in work.items() if week.is_24h(s)) <= limits["max_24h_per_28d"]
        )
        load = model.new_int_var(0, 7, f"load_{pid}")
        model.add(load == sum(days))
        loads.append(load)
    peak = model.new_int_var(0, 7, "peak")
    model.add_max_equality(peak, loads)
    model.minimize(100 * sum(uncovered) + peak)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 8
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    result: dict[str, Any] = {"status": solver.status_name(status), "slots": len(week.slots)}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = [solver.value(v) for v in loads]
        result["assignments"] = sorted(
            (week.slots[i].day, week.slots[i].shift, week.slots[i].post, pid)
            for (pid, i), v in x.items()
            if solver.value(v)
        )
        result["team_slots_without_lead"] = sum(solver.value(v) for v in uncovered)
        result["team_slots"] = len(uncovered)
        result["max_days_per_person"] = max(values)
        result["mean_days_per_person"] = round(sum(values) / len(week.people), 2)
    return result


# --------------------------------------------------------------------------- main


def summary(data: Mapping[str, Any]) -> None:
    people = data["people"]
    print(f"{len(people)} people, {len(data['units'])} units:")
    for unit in data["units"]:
        members = [p for p in people if p["unit"] == unit["id"]]
        volunteers = sum(p["kind"] == "volunteer" for p in members)
        print(f"  {unit['id']:<11} {unit['name']:<8} {len(members):3d}  ({volunteers} volunteers)")
    print("skills (staff / volunteers):")
    for skill, name in data["skills"].items():
        staff = sum(skill in p["skills"] and p["kind"] == "staff" for p in people)
        vols = sum(skill in p["skills"] and p["kind"] == "volunteer" for p in people)
        print(f"  {skill:<15} {name:<6} {staff:3d} / {vols:3d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only compare with --output")
    parser.add_argument("--solve", action="store_true", help="prove both weeks fill (CP-SAT)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    data = build()
    text = render(data)
    parsed = tomllib.loads(text)
    expected = strip_private(data)
    if parsed != expected:
        raise SystemExit("internal error: the TOML text does not read back as the data")
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/make_sample.py")
            return 1
        print(f"{args.output} is up to date")
        return 0

    ok = True
    if not args.quiet:
        summary(data)
    for start in WEEKS:
        rows = capacity(parsed, start)
        if args.quiet:
            ok = ok and all(row.margin >= MARGIN for row in rows)
        else:
            ok = print_capacity(rows, start) and ok
    if not ok:
        print("capacity check failed: not writing", args.output)
        return 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.splitlines())} lines)")
    if args.solve:
        for start in WEEKS:
            result = solve_week(parsed, start)
            result["assignments"] = len(result.get("assignments", ()))
            print(f"solve week of {start}:", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
