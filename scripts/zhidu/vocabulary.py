"""The project's vocabulary in one place: statuses and what dates imply, checklist results and
what each earns. Python reads it here; templates get it from the renderer; the browser checklist
gets it as data attributes; the XLSX formulas take their numbers from it.
(Domain codes, departments, stages and star levels are the bureau's data: standards/taxonomy.yaml.)
"""
from __future__ import annotations

from datetime import date

import json

# -- statuses -----------------------------------------------------------------------------------
STATUS_LABELS = {
    "draft": "草案", "in_force": "现行有效", "under_revision": "修订中", "repealed": "已废止",
    "pending": "尚未生效",                               # adopted, effective date still ahead
    "amended": "已修订", "not_enacted": "尚未出台",        # upper-level documents only
    "expired": "已期满",                                  # a plan whose period has ended
}
RULE_STATUSES = ("draft", "in_force", "under_revision", "repealed")   # what a rule's file may say
ACTIVE = ("in_force", "under_revision")   # in force: inspected, in the compendium (修订中 stays in force)
PENDING = "pending"


def status_on(status: str, effective: str, repealed: str, day: str) -> str:
    """A rule's status on an ISO date: the dates win over a status nobody updated."""
    if repealed and repealed <= day:
        return "repealed"
    if status in ACTIVE and effective > day:
        return PENDING
    return status


def date_parts(iso) -> list[int] | None:
    """An ISO date as [year, month, day] (a document's creation date), or None when it is not one."""
    try:
        return list(date.fromisoformat(str(iso)[:10]).timetuple()[:3])
    except ValueError:
        return None


def is_active(status: str) -> bool:
    return status in ACTIVE


# -- who acts, and the words for a limit's bound ------------------------------------------------------
# Besides the bureau's departments (taxonomy.yaml), the roles a provision may name as the one who acts.
ACTORS = ("局长", "局领导", "分管局领导", "局长办公会", "局务会", "局党组", "党组", "党委", "党支部", "支部",
          "纪检", "各处室", "处室", "责任处室", "归口管理", "使用单位", "使用人", "申请人", "申请单位", "经办人",
          "承办人", "审批人", "负责人", "主要负责人", "驾驶员", "管理员", "工作人员", "干部", "党员", "本局",
          "采购人", "验收小组", "评审小组", "工作组", "领导小组", "委员会", "物业", "运营单位", "服务单位",
          "施工单位", "监理", "供应商", "承包", "值班", "保卫", "档案", "财务", "会计", "出纳", "审计",
          "单位", "部门", "小组", "中心")
BOUND_WORDS = {"max": "不超过 ", "min": "不少于 ", "exact": "为 "}


def figure_text(value: float, unit: str, bound: str) -> str:
    """A limit's figure as a reader says it: 不超过 30 日, 不少于 2 次/年, 为 10%."""
    unit = {"工作日": "个工作日"}.get(unit, unit)
    return f"{BOUND_WORDS[bound]}{value:g}{'' if unit == '%' else ' '}{unit}"


def current_rules_summary(counts) -> str:
    """The one way the site and the downloads count the rules in force (status -> count on a day):
    修订中 counts, since a rule under revision is applied until its new text is issued."""
    in_force, revising = counts.get("in_force", 0), counts.get("under_revision", 0)
    summary = f"现行制度 {in_force + revising} 项"
    if revising:
        summary += f"（现行有效 {in_force} 项，修订中 {revising} 项，修订期间继续执行）"
    return summary


# -- checklist results and scoring ----------------------------------------------------------------
RESULTS = ("符合", "基本符合", "不符合", "不适用", "未检查")
UNCHECKED = "未检查"
NOT_APPLICABLE = "不适用"          # leaves the item out of the points available
FAILED = "不符合"
FACTORS = {"符合": 1.0, "基本符合": 0.5, "不符合": 0.0, "未检查": 0.0}   # share of an item's points earned
RATING_RULE = ("评定规则：符合得满分，基本符合得一半，不符合和未检查不得分，不适用项不计入应得分；"
               "星级为该级及以下各级得分率均达到达标线的最高一级。")


def scoring_json() -> str:
    """What the browser checklist needs to score, as it reads it from a data attribute."""
    return json.dumps({"factors": FACTORS, "notApplicable": NOT_APPLICABLE, "unchecked": UNCHECKED,
                       "failed": FAILED}, ensure_ascii=False)
