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
        "a 请假；u 撤销；y 重做；F5 求解，Esc 取消求解；Ctrl+S 保存草稿；p 发布；"
        "Tab 切换视图；Ctrl+P 命令面板；q 退出。",
        "Arrows move; Enter or e edits; Delete clears; l locks/unlocks; x marks a cell, x again "
        "swaps with it; a records leave; u undoes; y redoes; F5 solves, Esc cancels the solve; "
        "Ctrl+S saves a draft; p publishes; Tab switches view; Ctrl+P opens the command palette; "
        "q quits.",
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
