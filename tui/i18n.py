"""One message catalogue, Chinese and English; `tr(key, **values)` looks a message up."""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # (zh, en)
    "app.title": ("值班排班", "Duty roster"),
    "tab.people": ("按人员", "People"),
    "tab.posts": ("按岗位", "Posts"),
    "col.person": ("人员", "Person"),
    "col.slot": ("岗位 / 班次", "Post / shift"),
    "weekday": ("一二三四五六日", "MTWTFSS"),
    "col.month": ("{month}月", "{name}"),
    "mark.holiday": ("休", "hol"),
    "mark.makeup": ("班", "work"),
    "mark.leave": ("假", "leave"),
    "mark.missing": ("缺{n}", "need {n}"),
    "panel.problems": ("问题", "Problems"),
    "panel.none": ("没有违规，没有空缺", "No violations, nothing unfilled"),
    "panel.violation": ("违规", "violation"),
    "panel.unfilled": ("空缺", "unfilled"),
    "panel.fairness": ("公平（最少–最多）", "Fairness (min–max)"),
    "fair.duty24": ("24小时", "24h"),
    "fair.weekend": ("周末", "weekend"),
    "fair.holiday": ("节假日", "holiday"),
    "fair.night": ("夜班", "night"),
    "fair.hours": ("工时", "hours"),
    "pool.*": ("全体", "everyone"),
    "status.week": ("{start} 至 {end}", "{start} to {end}"),
    "status.version": ("版本 {id}（{state}）", "version {id} ({state})"),
    "status.new": ("未保存的新排班", "new, not saved"),
    "status.modified": ("已修改", "modified"),
    "status.objective": ("目标值 {value}", "objective {value}"),
    "status.unfilled": ("空缺 {n}", "unfilled {n}"),
    "status.violations": ("违规 {n}", "violations {n}"),
    "state.draft": ("草稿", "draft"),
    "state.published": ("已发布", "published"),
    "state.superseded": ("已替换", "superseded"),
    "solver.idle": ("求解器空闲", "solver idle"),
    "solver.running": ("求解中…", "solving…"),
    "solver.progress": (
        "求解中 {elapsed:.1f}秒 目标 {objective} 界 {bound}（第{solutions}个解）",
        "solving {elapsed:.1f}s objective {objective} bound {bound} (solution {solutions})",
    ),
    "solver.done": ("求解完成：{status}", "solved: {status}"),
    "solver.cancelled": ("已取消", "cancelled"),
    "solver.status.optimal": ("最优", "optimal"),
    "solver.status.feasible": ("可行", "feasible"),
    "solver.status.infeasible": ("无可行解", "infeasible"),
    "solver.status.no_solution": ("没有找到解", "no solution"),
    "solver.status.invalid": ("模型无效", "invalid"),
    "solver.failed": ("求解失败", "solve failed"),
    "solver.nothing": ("没有找到排班", "no roster found"),
    "action.edit": ("编辑", "Edit"),
    "action.clear": ("清除", "Clear"),
    "action.lock": ("锁定", "Lock"),
    "action.swap": ("交换", "Swap"),
    "action.leave": ("请假", "Leave"),
    "action.undo": ("撤销", "Undo"),
    "action.redo": ("重做", "Redo"),
    "action.solve": ("求解", "Solve"),
    "action.cancel": ("取消求解", "Cancel solve"),
    "action.save": ("保存草稿", "Save draft"),
    "action.publish": ("发布", "Publish"),
    "action.help": ("帮助", "Help"),
    "action.quit": ("退出", "Quit"),
    "action.view": ("切换视图", "Switch view"),
    "action.jump": ("问题列表", "Problems"),
    "action.explain": ("解释", "Explain"),
    "cmd.explain": (
        "为什么这样排：所选安排的目标项，或空缺为何无人可上",
        "Why: the terms behind the selected cell, or why nobody could take a hole",
    ),
    "cmd.edit": ("编辑所选单元格", "Edit the selected cell"),
    "cmd.clear": ("清除所选单元格", "Clear the selected cell"),
    "cmd.lock": ("锁定或解锁所选单元格", "Lock or unlock the selected cell"),
    "cmd.swap": ("标记交换或与标记处交换", "Mark for swap, or swap with the mark"),
    "cmd.leave": ("为所选人员登记请假", "Record leave for the selected person"),
    "cmd.undo": ("撤销上一步", "Undo the last edit"),
    "cmd.redo": ("重做", "Redo"),
    "cmd.solve": ("用求解器重新排班", "Re-solve the week"),
    "cmd.cancel": ("取消正在进行的求解", "Cancel the running solve"),
    "cmd.save": ("保存为草稿", "Save as a draft"),
    "cmd.publish": ("发布本周排班并导出", "Publish the week and write the exports"),
    "cmd.help": ("显示快捷键", "Show the keys"),
    "picker.slot_title": ("{day} {shift} {post}：谁来值班", "{day} {shift} {post}: who takes it"),
    "picker.person_title": ("{day} {name}：选择岗位", "{day} {name}: choose a slot"),
    "picker.free": ("可以", "free"),
    "picker.current": ("当前", "current"),
    "rule.already": ("已在此岗位", "already on this slot"),
    "rule.volunteers": ("志愿者不能在此岗位", "no volunteers here"),
    "rule.eligibility": ("缺少岗位所需技能", "lacks a required skill"),
    "rule.leave": ("请假", "on leave"),
    "rule.availability": ("不在可用时间", "outside availability"),
    "rule.overlap": ("时间冲突", "busy elsewhere"),
    "rule.rest": ("休息不足", "needs rest"),
    "rule.consecutive_days": ("连续上班天数过多", "too many days in a row"),
    "rule.hours_7d": ("7天工时超限", "too many hours in 7 days"),
    "rule.duty24_28d": ("28天内24小时班过多", "too many 24h duties in 28 days"),
    "rule.never_shift": ("从不上此班次", "never works this shift"),
    "rule.never_shift.detail": ("从不上{shift}", "never works {shift}"),
    "rule.free": ("有空，但安排他别处代价更高", "free, but it would cost more elsewhere"),
    "rule.leave.detail": ("请假{reason}", "on leave{reason}"),
    "rule.rest.detail": (
        "休息不足：需 {limit} 小时，只有 {total} 小时",
        "needs rest: {limit} h needed, {total} h given",
    ),
    "rule.consecutive_days.detail": (
        "连续上班 {total} 天，最多 {limit} 天",
        "{total} days in a row, at most {limit}",
    ),
    "rule.hours_7d.detail": (
        "7天内 {total} 小时，最多 {limit} 小时",
        "{total} h in 7 days, at most {limit}",
    ),
    "rule.duty24_28d.detail": (
        "28天内 {total} 个24小时班，最多 {limit} 个",
        "{total} 24h duties in 28 days, at most {limit}",
    ),
    "rule.max_shifts": ("此班次次数超限", "too many of this shift"),
    "rule.max_shifts.detail": (
        "本期 {total} 个{shift}，最多 {limit} 个",
        "{total} {shift} shifts, at most {limit}",
    ),
    "rule.minutes": ("工作时长超出范围", "working time out of range"),
    "rule.weekends": ("周末上班过多", "too many weekends"),
    "rule.weekends.detail": (
        "上了 {total} 个周末，最多 {limit} 个",
        "{total} weekends worked, at most {limit}",
    ),
    "rule.succession": ("班次前后衔接不允许", "shift may not follow the one before"),
    "rule.min_consecutive_days": ("连续上班天数过少", "too few days in a row"),
    "rule.min_consecutive_days_off": ("连续休息天数过少", "too few days off in a row"),
    "rule.lock": ("锁定的安排缺失", "a locked assignment is missing"),
    "rule.unknown": ("配置中没有此人员、班次或岗位", "unknown person, shift or post"),
    "rule.duplicate": ("重复安排", "listed twice"),
    "rule.no_slot": ("此岗位此时不需要人", "no demand for this slot"),
    "rule.overstaffed": ("人数超出需要", "more people than needed"),
    "paren": ("（{text}）", " ({text})"),
    "colon": ("：", ": "),
    "how.dropped": ("删除了", "dropped"),
    "how.added": ("新增了", "added"),
    "where.same": ("同一区", "same district"),
    "where.another": ("其他区", "another district"),
    "term.cost": ("代价 {cost}", "cost {cost}"),
    "term.fairness.duty24": ("公平·24小时班", "fairness, 24h duties"),
    "term.fairness.weekend": ("公平·周末班", "fairness, weekend shifts"),
    "term.fairness.holiday": ("公平·节假日班", "fairness, holiday shifts"),
    "term.fairness.night": ("公平·夜班", "fairness, night shifts"),
    "term.fairness.hours": ("公平·工时", "fairness, hours"),
    "term.fairness.detail": (
        "实际 {own}，{pool}组公平份额 {fair}（共 {total}）",
        "{own} against a fair {fair} of {total} in pool {pool}",
    ),
    "term.request.day_off": ("未满足休息申请", "day-off request unmet"),
    "term.request.day_off.detail": (
        "希望休息，却上了{shifts}（权重 {weight}）",
        "wanted the day off, works {shifts} (weight {weight})",
    ),
    "term.request.shift": ("未满足班次申请", "shift request unmet"),
    "term.request.shift.detail": (
        "希望上{shift}，未安排（权重 {weight}）",
        "wanted {shift}, not given (weight {weight})",
    ),
    "term.request.avoid": ("未满足回避申请", "avoid request unmet"),
    "term.request.avoid.detail": (
        "希望避开{shift}，却安排了（权重 {weight}）",
        "wanted to avoid {shift}, given (weight {weight})",
    ),
    "term.stability": ("与已发布排班不同", "change from the published roster"),
    "term.stability.detail": ("{how} {shift} {post}", "{how} {shift} at {post}"),
    "term.continuity": ("志愿者更换服务点", "volunteer moved site"),
    "term.continuity.detail": ("从{before}换到{after}", "moved from {before} to {after}"),
    "term.home": ("不在本社区服务", "away from home community"),
    "term.home.detail": (
        "{post}在{community}，家在{home}（{where}）",
        "{post} in {community}, home {home} ({where})",
    ),
    "term.team_lead": ("缺少带班或有经验者", "no team lead"),
    "term.team_lead.detail": (
        "{count} 人中没有{skill}或有经验者",
        "no {skill} or experienced person among {count} assigned",
    ),
    "term.overstaffing": ("人数超出需要", "overstaffing"),
    "term.overstaffing.detail": (
        "安排 {count} 人，需要 {need} 人",
        "{count} assigned, {need} needed",
    ),
    "term.unfilled": ("岗位空缺", "unfilled"),
    "term.unfilled.detail": ("此岗位当天仍缺人", "the slot is short that day"),
    "explain.title": ("为什么这样排：{what}", "Why: {what}"),
    "explain.assignment": ("{day} {shift} {post}：{name}", "{day} {shift} {post}: {name}"),
    "explain.no_terms": (
        "  没有目标项涉及此安排",
        "  no objective term involves it",
    ),
    "explain.term": ("  · {text}", "  · {text}"),
    "explain.breaks": ("  × 违反：{text}", "  × breaks: {text}"),
    "explain.week_terms": ("{name} 本周的公平项：", "{name}'s week-wide terms:"),
    "explain.off": ("{name} {day} 没有排班", "{name} is not on duty on {day}"),
    "explain.on_leave": ("{name} {day} 请假{reason}", "{name} is on leave on {day}{reason}"),
    "explain.hole": (
        "空缺 {day} {shift} {post}：缺 {n} 人{skill}",
        "Unfilled {day} {shift} {post}: {n} missing{skill}",
    ),
    "explain.hole_skill": ("（需{skill}）", " with {skill}"),
    "explain.candidates": (
        "有此条件的 {n} 人：",
        "{n} candidate(s):",
    ),
    "explain.nobody": ("没有任何人具备所需条件", "Nobody has what the slot needs"),
    "explain.candidate": ("  {name}：{reason}", "  {name}: {reason}"),
    "explain.already": ("  另有 {count} 人已在此岗位", "  {count} already on this slot"),
    "explain.nothing": ("这里没有安排，也没有空缺", "Nothing assigned and nothing missing here"),
    "picker.cancel": ("取消", "Cancel"),
    "confirm.yes": ("确定", "OK"),
    "confirm.no": ("取消", "Cancel"),
    "confirm.publish": (
        "发布 {start} 这一周的排班并写出导出文件？",
        "Publish the week of {start} and write the exports?",
    ),
    "confirm.publish_refused": (
        "有 {n} 条违规，不能发布。",
        "{n} hard rule(s) broken: nothing can be published.",
    ),
    "confirm.stale": (
        "别人在你打开之后保存了这一周。重新载入（放弃你的修改）？",
        "Someone saved this week after you opened it. Reload it (your edits are lost)?",
    ),
    "confirm.quit": ("有未保存的修改，仍然退出？", "There are unsaved edits. Quit anyway?"),
    "leave.title": ("{name} 请假", "Leave for {name}"),
    "leave.from": ("开始日期", "From"),
    "leave.to": ("结束日期", "To"),
    "leave.reason": ("事由", "Reason"),
    "leave.bad": (
        "日期格式为 YYYY-MM-DD，结束不早于开始",
        "Dates are YYYY-MM-DD, to not before from",
    ),
    "changes.title": ("求解结果：{n} 处变化", "Solver result: {n} changes"),
    "changes.none": ("求解结果与当前排班相同", "The solver found the same roster"),
    "changes.added": ("+ {day} {shift} {post} {name}", "+ {day} {shift} {post} {name}"),
    "changes.removed": ("- {day} {shift} {post} {name}", "- {day} {shift} {post} {name}"),
    "publish.first": (
        "本周第一次发布：{n} 个安排。",
        "The week's first publication: {n} assignments.",
    ),
    "publish.same": ("与已发布的版本相同。", "Same as the published version."),
    "publish.changes": (
        "与已发布版本相比，{n} 人的安排有变化：",
        "Changes against the published version, for {n} people:",
    ),
    "changes.accept": ("采用", "Accept"),
    "changes.reject": ("放弃", "Reject"),
    "notify.saved": ("已保存草稿，版本 {id}", "Draft saved as version {id}"),
    "notify.published": (
        "已发布版本 {id}，导出到 {out}",
        "Published version {id}, exports in {out}",
    ),
    "notify.undo": ("已撤销：{label}", "Undone: {label}"),
    "notify.redo": ("已重做：{label}", "Redone: {label}"),
    "notify.nothing": ("无可操作", "Nothing to do"),
    "notify.swap_mark": (
        "已标记，移动到另一单元格再按交换",
        "Marked: move to another cell and swap",
    ),
    "notify.locked": ("已锁定", "Locked"),
    "notify.unlocked": ("已解锁", "Unlocked"),
    "notify.error": ("错误：{text}", "Error: {text}"),
    "notify.busy": ("求解进行中", "A solve is running"),
    "notify.drafting": (
        "本周还没有排班，正在求解草稿",
        "No roster yet for this week: solving a draft",
    ),
    "help.title": ("快捷键", "Keys"),
    "help.body": (
        "方向键移动；回车或 e 编辑；Delete 清除；l 锁定/解锁；x 标记交换，再按 x 交换；"
        "a 请假；w 解释；u 撤销；y 重做；F5 求解，Esc 取消求解；Ctrl+S 保存草稿；p 发布；"
        "v 切换视图；Ctrl+P 命令面板；q 退出。",
        "Arrows move; Enter or e edits; Delete clears; l locks/unlocks; x marks a cell, x again "
        "swaps with it; a records leave; w explains; u undoes; y redoes; F5 solves, Esc "
        "cancels the solve; Ctrl+S saves a draft; p publishes; v switches view; Ctrl+P opens "
        "the command palette; q quits.",
    ),
    "help.close": ("关闭", "Close"),
}

_language = "en"


def default_language() -> str:
    """`zh` when the locale is Chinese, else `en`."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


def tr(key: str, **values: object) -> str:
    """The message `key` in the current language, formatted with `values`."""
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    text = pair[LANGUAGES.index(_language)]
    return text.format(**values) if values else text
