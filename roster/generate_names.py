"""Chinese names for generated organisations: people, communities and districts.

Everything is drawn from a caller's `random.Random`, so a seed gives the same names.
"""

from __future__ import annotations

import random

# Common surnames, the most frequent first (drawn with falling weights).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾"
)
_FIRST = "建国志海晓秀桂玉文俊子欣思梓佳雨浩宇家丽明春立永亚雅振德卫秋嘉一少红立天安"
_SECOND = "华强燕东英兰静杰涵怡远轩桐然航豪娟梅涛辉婷丹军新刚楠琴明月博鸣琪峰平宁波敏慧"
_SINGLE = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华斌宇浩鑫婷雪琳晨鹏辉健波帆凯琦颖慧玲倩"

_PLACES = (
    "东湖滨江朝阳西苑春晖和平南湖金桥幸福创业科技翠竹长青丰收光明向阳新华文昌建设团结"
    "友谊红星胜利育才花园锦绣绿洲清泉石桥柳岸梅林桃源竹园荷塘枫林银杏望江临湖凤凰龙泉"
    "白云青山福安康乐永宁安居馨苑海棠兴隆宏图书香泰和民主民生"
)
_COMPASS = ("", "北", "南", "东", "西", "新", "中")
_DISTRICTS = "东城西城南湖高新北郊江东江北城南开发滨海临港山前河西园区经开城北"


def _pairs(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(0, len(text), 2)]


def person_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct names: a surname (the first ones likelier) and a given name."""
    weights = [1.0 / (1 + i / 8) for i in range(len(SURNAMES))]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        surname = rng.choices(SURNAMES, weights)[0]
        if rng.random() < 0.3:
            given = rng.choice(_SINGLE)
        else:
            given = rng.choice(_FIRST) + rng.choice(_SECOND)
        name = surname + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def community_names(count: int) -> list[str]:
    """`count` distinct community names, in a fixed order."""
    places = _pairs(_PLACES)
    out = [f"{place}{side}社区" for side in _COMPASS for place in places]
    extra = len(out)
    out += [f"{places[i % len(places)]}{i // len(places) + 2}社区" for i in range(count - extra)]
    return out[:count]


def district_names(count: int) -> list[str]:
    """`count` distinct district names, in a fixed order."""
    bases = _pairs(_DISTRICTS)
    return [
        f"{bases[i % len(bases)]}{'' if i < len(bases) else i // len(bases) + 1}区"
        for i in range(count)
    ]
