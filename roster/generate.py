"""Generate a realistic emergency-management organisation of any size, deterministically.

    org = generate_organisation(1000, 80, seed=0, days=28)
    text = generate_toml(1000, 80, seed=0, days=28)   # the same organisation as rosters.toml

The shape follows the sample (`scripts/make_sample.py`): a 24-hour duty desk (a leader on
duty and two duty officers, one with hazchem), a 12345 hotline, supply depots with drivers
and a night guard, and one community site per community (testing, order and guard teams
that want team leads and skilled people), staffed by staff of six units and by volunteers,
some of them weekend-, evening- or night-only; some people on leave, a few requests.

Sites are grouped into districts of three; each district's team (staff sent there and the
volunteers living there) is registered with it, as a skill named after the district, and
only that team works its sites. Every four districts share a depot run by the team of the
first. So a person has a handful of posts to choose from, not every site of the city.

Sizing: each role is staffed, district by district, from the long-run rate at which one
person can work it (a five-day week, four nights a week, six 24-hour duties in 28 days)
with `MARGIN` spare capacity, counting each skill's minimum on its own. The people left
over answer the hotline, whose lines are sized from them with the same margin. Too few
people for the sites is a ValueError (`minimum_people`). The data is built as TOML-shaped
tables and read by `roster.config.parse_config`, so the Organisation and the TOML text
cannot disagree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import tomli_w

from roster.config import parse_config
from roster.domain import Organisation
from roster.generate_names import community_names, district_names, person_names

MARGIN = 1.4  # supply >= MARGIN * demand, role by role
RATE_DAY = 5 / 7  # day shifts a person works per day in the long run
RATE_NIGHT = 4 / 7
RATE_24H = 6 / 28  # max_24h_per_28d
DISTRICT_SIZE = 3  # sites per district; each district's team is registered with it
DISTRICTS_PER_REGION = 4  # districts per supply depot
MAX_SITES = 999  # post codes stay within four characters
SOURCE = "<generated>"

SKILLS = {
    "leader_on_duty": "带班领导",
    "duty_officer": "值班员",
    "hazchem": "危化品处置",
    "disinfection": "消杀证书",
    "driver": "驾驶员",
    "medic": "医护",
    "team_lead": "队长",
    "hotline": "热线接线员",
    "guard": "楼栋值守",
}
UNITS = {
    "office": "办公室",
    "command": "应急指挥中心",
    "monitoring": "风险监测处",
    "rescue": "救援协调处",
    "hazmat": "危化品监管处",
    "support": "综合保障处",
    "volunteers": "志愿者服务队",
}
STAFF_UNITS = tuple(u for u in UNITS if u != "volunteers")
# id, name, code, start, hours, night
SHIFTS = (
    ("D24", "24小时值班", "24", "08:30", 24, False),
    ("HD", "热线白班", "热白", "08:00", 8, False),
    ("HE", "热线晚班", "热晚", "16:00", 8, False),
    ("AM", "社区上午班", "上", "08:00", 6, False),
    ("PM", "社区下午班", "下", "14:00", 6, False),
    ("NG", "夜间值守", "夜", "20:00", 12, True),
)
SITE_KINDS = (
    ("test", "检测点", "检"),
    ("order", "秩序维护点", "秩"),
    ("guard", "楼栋值守点", "守"),
)
AVAILABILITY = {
    "weekends": [{"days": "weekends", "from": "08:00", "to": "20:00"}],
    "evenings": [{"days": "all", "from": "14:00", "to": "00:00"}],
    "nights": [{"days": "all", "from": "20:00", "to": "08:00"}],
}
LEAVE_REASONS = ("年假", "病假", "业务培训", "事假", "探亲假", "调休")
# The shifts a role works, for requests that mean something.
ROLE_SHIFTS = {
    "leader": ("D24",),
    "officer": ("D24", "HD", "HE"),
    "hotline": ("HD", "HE"),
    "depot_guard": ("NG",),
    "night": ("NG",),
    "weekend": ("AM", "PM"),
    "evening": ("PM",),
}
DEFAULT_SHIFTS = ("AM", "PM")


@dataclass(frozen=True)
class _Role:
    """One person to be: what they do (tag), skills, kind, unit, availability flavour."""

    tag: str
    skills: tuple[str, ...]
    kind: str = "staff"
    unit: str = "support"
    experienced: bool = False
    flavour: str = ""
    district: str = ""  # the district skill of a site or depot team member


@dataclass(frozen=True)
class _Site:
    post: str
    kind: str
    rank: int  # position among the sites of its kind


def _need(per_day: float, rate: float) -> int:
    """People needed for `per_day` shifts a day at `rate` each, with the margin."""
    return math.ceil(per_day * MARGIN / rate - 1e-9)


def _sites(sites: int) -> list[_Site]:
    width = 2 if sites < 100 else 3
    ranks = {kind: 0 for kind, _, _ in SITE_KINDS}
    out = []
    for i in range(sites):
        kind = SITE_KINDS[i % len(SITE_KINDS)][0]
        out.append(_Site(f"s{i + 1:0{width}d}", kind, ranks[kind]))
        ranks[kind] += 1
    return out


# --- demand ------------------------------------------------------------------------------


def _site_demand(site: _Site) -> list[dict[str, Any]]:
    """Testing sites: a morning team with disinfection, a medic and (every other) a team lead;
    order sites: afternoons, and mornings on rest days at every other one; guard sites:
    afternoons with a guard, and a night guard at three in four."""
    p = site.post
    if site.kind == "test":
        skills = {"disinfection": 2, "medic": 1} | ({"team_lead": 1} if site.rank % 2 == 0 else {})
        count = 4 if site.rank % 2 == 0 else 3
        return [
            {"post": p, "shift": "AM", "days": "all", "count": count, "skills": skills},
            {"post": p, "shift": "PM", "days": "all", "count": 2, "skills": {"disinfection": 1}},
        ]
    if site.kind == "order":
        lines = [{"post": p, "shift": "PM", "days": "all", "count": 2}]
        if site.rank % 2 == 0:
            lines.append({"post": p, "shift": "AM", "days": "restdays", "count": 2})
        return lines
    lines = [{"post": p, "shift": "PM", "days": "all", "count": 2, "skills": {"guard": 1}}]
    if site.rank % 4 != 3:
        lines.append({"post": p, "shift": "NG", "days": "all", "count": 1, "skills": {"guard": 1}})
    return lines


def _per_day(lines: list[dict[str, Any]], skill: str | None = None, night: bool = False) -> float:
    """Average shifts a day of `lines` (rest days taken as two days in seven)."""
    total = 0.0
    for line in lines:
        if (line["shift"] == "NG") != night:
            continue
        share = 2 / 7 if line["days"] == "restdays" else 1.0
        count = line["count"] if skill is None else line.get("skills", {}).get(skill, 0)
        total += share * count
    return total


def _central_demand(depots: list[str]) -> list[dict[str, Any]]:
    """The duty desk (one leader on duty, two duty officers, one with hazchem) and the
    depots (drivers by day, a guard at night)."""
    skills = {"leader_on_duty": 1, "duty_officer": 2, "hazchem": 1}
    lines = [{"post": "desk", "shift": "D24", "days": "all", "count": 3, "skills": skills}]
    for depot in depots:
        lines += [
            {"post": depot, "shift": "AM", "days": "all", "count": 3, "skills": {"driver": 2}},
            {"post": depot, "shift": "PM", "days": "all", "count": 2, "skills": {"driver": 1}},
            {"post": depot, "shift": "NG", "days": "all", "count": 1, "skills": {"guard": 1}},
        ]
    return lines


def _hotline_demand(lines: int) -> list[dict[str, Any]]:
    """`lines` hotline lines a day, 60% of them by day, all at the one hotline post."""
    day = math.ceil(lines * 0.6)
    out = [{"post": "hotline", "shift": "HD", "days": "all", "count": day}]
    if lines > day:
        out.append({"post": "hotline", "shift": "HE", "days": "all", "count": lines - day})
    return out


# --- roles ---------------------------------------------------------------------------------


def _desk_roles() -> list[_Role]:
    """Leaders on duty and duty officers for the one duty desk; some hold hazchem."""
    roles: list[_Role] = []
    hazchem = _need(1, RATE_24H)
    for i in range(_need(1, RATE_24H)):
        skills = ("leader_on_duty", "hazchem") if i < hazchem // 2 else ("leader_on_duty",)
        unit = STAFF_UNITS[i % len(STAFF_UNITS)]
        roles.append(_Role("leader", skills, unit=unit, experienced=True))
    for i in range(_need(2, RATE_24H)):
        extra = ("hazchem",) if i < hazchem - hazchem // 2 else ()
        unit = STAFF_UNITS[i % len(STAFF_UNITS)]
        roles.append(_Role("officer", ("duty_officer", "hotline", *extra), unit=unit))
    return roles


def _depot_roles(district: str, rng: random.Random) -> list[_Role]:
    """Drivers, hands and night guards of one depot, registered with its district."""
    roles: list[_Role] = []
    for i in range(_need(3, RATE_DAY)):
        skills = ("driver", "guard") if i % 3 == 0 else ("driver",)
        unit = ("support", "rescue", "office")[i % 3]
        roles.append(_Role("driver", skills, unit=unit, district=district))
    for _ in range(_need(2, RATE_DAY)):
        volunteer = rng.random() < 0.5
        kind, unit = ("volunteer", "volunteers") if volunteer else ("staff", "support")
        roles.append(_Role("depot", (), kind=kind, unit=unit, district=district))
    for _ in range(_need(1, RATE_NIGHT)):
        roles.append(_Role("depot_guard", ("guard",), unit="support", district=district))
    return roles


def _site_roles(lines: list[dict[str, Any]], district: str, rng: random.Random) -> list[_Role]:
    """People for the sites of one district: holders for each skill minimum, then hands."""
    leads = _need(_per_day(lines, "team_lead"), RATE_DAY)
    disinfection = _need(_per_day(lines, "disinfection"), RATE_DAY)
    medics = _need(_per_day(lines, "medic"), RATE_DAY)
    guards = _need(_per_day(lines, "guard"), RATE_DAY)
    nights = _need(_per_day(lines, night=True), RATE_NIGHT)
    skilled = leads + disinfection + medics + guards
    general = max(0, _need(_per_day(lines), RATE_DAY) - skilled)

    def role(tag: str, staff: tuple[str, ...], volunteer: tuple[str, ...], unit: str, **more):
        if rng.random() < 0.5:
            return _Role(tag, volunteer, "volunteer", "volunteers", district=district, **more)
        return _Role(tag, staff, unit=unit, district=district, **more)

    roles: list[_Role] = []
    for _ in range(leads):
        pair = ("team_lead", "medic"), ("team_lead", "disinfection")
        roles.append(role("site_lead", *pair, "rescue", experienced=True))
    for i in range(disinfection):
        roles.append(role("site", ("disinfection",), ("disinfection",), STAFF_UNITS[2 + i % 3]))
    for _ in range(medics):
        roles.append(role("site", ("medic", "disinfection"), ("medic",), "rescue"))
    for _ in range(guards):
        roles.append(role("site", ("guard",), ("guard",), "support"))
    for _ in range(nights):  # experienced: a night team is one person
        roles.append(
            _Role("night", ("guard",), "volunteer", "volunteers", True, "nights", district)
        )
    for _ in range(general):
        roles.append(role("site", (), (), "office"))
    spare = math.ceil(general / 10)
    for _ in range(spare):
        skills = rng.choice(((), ("disinfection",), ("medic",)))
        roles.append(
            _Role("weekend", skills, "volunteer", "volunteers", False, "weekends", district)
        )
    for _ in range(spare):
        roles.append(_Role("evening", (), "volunteer", "volunteers", False, "evenings", district))
    return _with_experience(roles, _need(_team_shifts(lines), RATE_DAY), rng)


def _team_shifts(lines: list[dict[str, Any]]) -> float:
    """Team shifts a day (each wants a lead or an experienced member)."""
    seen: dict[tuple[str, str], float] = {}
    for line in lines:
        share = 2 / 7 if line["days"] == "restdays" else 1.0
        key = (line["post"], line["shift"])
        seen[key] = max(seen.get(key, 0.0), share)
    return sum(seen.values())


def _with_experience(roles: list[_Role], wanted: int, rng: random.Random) -> list[_Role]:
    """Mark random site people experienced until `wanted` leads or experienced are there."""
    have = sum(1 for r in roles if r.experienced)
    candidates = [i for i, r in enumerate(roles) if not r.experienced and r.flavour == ""]
    chosen = set(rng.sample(candidates, min(len(candidates), max(0, wanted - have))))
    return [replace(r, experienced=True) if i in chosen else r for i, r in enumerate(roles)]


def _hotline_roles(count: int) -> list[_Role]:
    units = ("command", "command", "command", "office", "monitoring", "hazmat")
    skills = (("hotline",),) * 9 + (("hotline", "disinfection"),)
    return [_Role("hotline", skills[i % 10], unit=units[i % len(units)]) for i in range(count)]


@dataclass(frozen=True)
class _Layout:
    """Sites grouped into districts (a registration skill each) and regions (a depot each)."""

    sites: list[_Site]
    districts: list[str]  # district skill ids, DISTRICT_SIZE sites each
    depots: list[tuple[str, str]]  # (depot post id, district skill id)

    def district_of(self, index: int) -> str:
        return self.districts[index // DISTRICT_SIZE]


def _layout(sites: int) -> _Layout:
    count = math.ceil(sites / DISTRICT_SIZE)
    width = max(2, len(str(count)))
    districts = [f"d{k + 1:0{width}d}" for k in range(count)]
    regions = range(0, count, DISTRICTS_PER_REGION)
    depot_ids = (
        ["depot"] if len(regions) == 1 else [f"depot{r + 1:02d}" for r in range(len(regions))]
    )
    depots = [(depot, districts[k]) for depot, k in zip(depot_ids, regions, strict=True)]
    return _Layout(_sites(sites), districts, depots)


def _fixed_roles(layout: _Layout, rng: random.Random) -> list[_Role]:
    """Everyone but the hotline: the desk, the depots and the district site teams."""
    roles = _desk_roles()
    for _, district in layout.depots:
        roles += _depot_roles(district, rng)
    for k, district in enumerate(layout.districts):
        team = layout.sites[k * DISTRICT_SIZE : (k + 1) * DISTRICT_SIZE]
        lines = [line for site in team for line in _site_demand(site)]
        roles += _site_roles(lines, district, rng)
    return roles


def minimum_people(sites: int) -> int:
    """The fewest people `generate_organisation` accepts for `sites` sites."""
    return len(_fixed_roles(_layout(sites), random.Random(0))) + _need(2, RATE_DAY)


# --- people ------------------------------------------------------------------------------


def _person(
    pid: str, name: str, role: _Role, homes: dict[str, list[str]], rng: random.Random
) -> dict[str, Any]:
    """A person table; district team members live in their district."""
    skills = [*role.skills, role.district] if role.district else list(role.skills)
    person: dict[str, Any] = {
        "id": pid,
        "name": name,
        "unit": role.unit,
        "kind": role.kind,
        "skills": skills,
    }
    if role.district:
        person["home"] = rng.choice(homes[role.district])
    elif role.kind == "volunteer" or rng.random() < 0.75:
        person["home"] = rng.choice(homes[""])
    if role.experienced:
        person["experienced"] = True
    if role.flavour:
        person["availability"] = [dict(w) for w in AVAILABILITY[role.flavour]]
    return person


def _leave(rng: random.Random, start: date, days: int) -> dict[str, Any]:
    first = start + timedelta(days=rng.randint(-3, days - 1))
    last = first + timedelta(days=rng.randint(0, 4))
    return {"from": first, "to": last, "reason": rng.choice(LEAVE_REASONS)}


def _request(
    rng: random.Random, person: dict[str, Any], tag: str, start: date, days: int
) -> dict[str, Any] | None:
    day = start + timedelta(days=rng.randrange(days))
    if any(x["from"] <= day <= x["to"] for x in person.get("leave", ())):
        return None
    kind = rng.choices(("day_off", "avoid", "shift"), (5, 3, 2))[0]
    request: dict[str, Any] = {"person": person["id"], "date": day, "kind": kind}
    if kind != "day_off":
        request["shift"] = rng.choice(ROLE_SHIFTS.get(tag, DEFAULT_SHIFTS))
    request["weight"] = rng.randint(1, 3)
    return request


def _people(
    roles: list[_Role], homes: dict[str, list[str]], rng: random.Random, start: date, days: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """People (grouped by unit, as an office lists them) and their requests."""
    order = {unit: i for i, unit in enumerate(UNITS)}
    roles = sorted(roles, key=lambda r: order[r.unit])  # stable: role order within a unit
    width = max(3, len(str(len(roles))))
    names = person_names(rng, len(roles))
    people, requests = [], []
    part_time = False
    asking = set(rng.sample(range(len(roles)), max(2, len(roles) // 33)))
    for i, (role, name) in enumerate(zip(roles, names, strict=True)):
        person = _person(f"p{i + 1:0{width}d}", name, role, homes, rng)
        if rng.random() < 0.04:
            person["leave"] = [_leave(rng, start, days)]
        if role.kind == "volunteer" and not role.flavour and rng.random() < 0.02:
            person["limits"] = {"max_hours_7d": 40}
        elif role.tag == "leader" and not part_time:
            person["limits"] = {"max_24h_per_28d": 5}
            part_time = True
        people.append(person)
        if i in asking and (request := _request(rng, person, role.tag, start, days)):
            requests.append(request)
    return people, requests


# --- the whole organisation ----------------------------------------------------------------


def _check(people: int, sites: int, days: int) -> None:
    if not 1 <= sites <= MAX_SITES:
        raise ValueError(f"sites must be between 1 and {MAX_SITES}, got {sites}")
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    if people < (least := minimum_people(sites)):
        raise ValueError(f"{people} people are too few for {sites} sites: at least {least}")


def generate_data(
    people: int, sites: int, *, seed: int = 0, start: date = date(2026, 11, 30), days: int = 7
) -> dict[str, Any]:
    """The organisation as TOML-shaped tables (docs/config.md)."""
    _check(people, sites, days)
    rng = random.Random(seed)
    layout = _layout(sites)
    roles = _fixed_roles(layout, rng)
    hotline_people = people - len(roles)
    roles += _hotline_roles(hotline_people)
    hotline_lines = _hotline_demand(math.floor(hotline_people * RATE_DAY / MARGIN))
    site_lines = [line for site in layout.sites for line in _site_demand(site)]

    names = district_names(len(layout.districts))
    width = len(layout.sites[0].post) - 1
    communities = [
        {"id": f"c{i + 1:0{width}d}", "name": name, "district": names[i // DISTRICT_SIZE]}
        for i, name in enumerate(community_names(sites))
    ]
    homes: dict[str, list[str]] = {"": [c["id"] for c in communities]}
    for i, community in enumerate(communities):
        homes.setdefault(layout.district_of(i), []).append(community["id"])
    person_list, requests = _people(roles, homes, rng, start, days)
    skills = dict(SKILLS) | {d: f"{n}社区队" for d, n in zip(layout.districts, names, strict=True)}
    data: dict[str, Any] = {
        "organisation": {"name": f"某市应急管理局 (generated {people}x{sites}, seed {seed})"},
        "calendar": {"country": "CN", "timezone": "Asia/Shanghai"},
        "solver": {"time_limit": 20.0, "workers": 2, "seed": 1, "relative_gap": 0.01},
        "defaults": {
            "min_rest_hours": 11,
            "rest_after_24h_hours": 24,
            "max_consecutive_days": 6,
            "max_hours_7d": 60,
            "max_24h_per_28d": 6,
        },
        "rules": {"team_lead_skill": "team_lead"},
        "skills": skills,
        "units": [{"id": uid, "name": name} for uid, name in UNITS.items()],
        "communities": communities,
        "shifts": [
            {"id": i, "name": n, "code": c, "start": s, "hours": h, "night": night}
            for i, n, c, s, h, night in SHIFTS
        ],
        "posts": _posts(layout, communities),
        "demand": [
            *_central_demand([depot for depot, _ in layout.depots]),
            *hotline_lines,
            *site_lines,
        ],
        "fairness_pools": [
            {"id": "leaders", "skills": ["leader_on_duty"]},
            {"id": "officers", "skills": ["duty_officer"]},
            {"id": "hotline", "skills": ["hotline"]},
        ],
        "people": person_list,
    }
    if requests:
        data["requests"] = requests
    return data


def _posts(layout: _Layout, communities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def numbered(name: str, count: int, i: int) -> str:
        return name if count == 1 else f"{name}{i + 1:02d}"

    posts: list[dict[str, Any]] = [
        {
            "id": "desk",
            "name": "总值班室",
            "code": "值",
            "kind": "desk",
            "eligible_skills": ["leader_on_duty", "duty_officer"],
            "volunteers_allowed": False,
        },
        {
            "id": "hotline",
            "name": "12345热线",
            "code": "热",
            "kind": "hotline",
            "eligible_skills": ["hotline"],
            "volunteers_allowed": False,
        },
    ]
    for i, (post, district) in enumerate(layout.depots):
        posts.append(
            {
                "id": post,
                "name": numbered("应急物资储备库", len(layout.depots), i),
                "code": numbered("库", len(layout.depots), i),
                "kind": "depot",
                "eligible_skills": [district],
            }
        )
    kinds = {kind: (suffix, code) for kind, suffix, code in SITE_KINDS}
    for i, (site, community) in enumerate(zip(layout.sites, communities, strict=True)):
        suffix, code = kinds[site.kind]
        posts.append(
            {
                "id": site.post,
                "name": community["name"] + suffix,
                "code": code + site.post[1:],
                "kind": "site",
                "community": community["id"],
                "eligible_skills": [layout.district_of(i)],
                "team": True,
            }
        )
    return posts


def generate_organisation(
    people: int, sites: int, *, seed: int = 0, start: date = date(2026, 11, 30), days: int = 7
) -> Organisation:
    """A realistic organisation of `people` people and `sites` community sites (see above)."""
    data = generate_data(people, sites, seed=seed, start=start, days=days)
    return parse_config(data, SOURCE)


def generate_toml(
    people: int, sites: int, *, seed: int = 0, start: date = date(2026, 11, 30), days: int = 7
) -> str:
    """The same organisation as `generate_organisation`, as rosters.toml text."""
    data = generate_data(people, sites, seed=seed, start=start, days=days)
    header = (
        f"# Generated by roster.generate: {people} people, {sites} sites, seed {seed},\n"
        f"# sized for {days} days from {start.isoformat()}. Keys: docs/config.md.\n\n"
    )
    return header + tomli_w.dumps(data)
