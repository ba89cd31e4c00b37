"""Checklists: every rule's own, and the profiles that gather items across rules.

A checklist item is one checkable provision, traceable to its rule and to the
upper-level documents (with articles) that the provision, or else its rule, rests on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from .model import Citation, Profile, Provision, Registry, Rule

RESULTS = ("符合", "基本符合", "不符合", "不适用", "未检查")
UNCHECKED = "未检查"
ACTIVE = ("in_force", "under_revision")  # rules whose provisions may be inspected

COLUMNS = ("序号", "检查项", "检查方法与依据材料", "制度依据", "上位依据", "检查结果", "问题描述", "整改要求")


@dataclass(frozen=True)
class Item:
    number: int
    rule_id: str
    provision_id: str
    check: str        # 检查项
    method: str       # 检查方法与依据材料
    rule_basis: str   # 制度依据
    upper_basis: str  # 上位依据

    @property
    def key(self) -> str:
        return f"{self.rule_id}.{self.provision_id}"


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str
    purpose: str
    audience: str
    registry_date: str
    items: tuple[Item, ...]
    rule_id: str = ""   # set for a rule's own checklist

    @property
    def slug(self) -> str:
        return self.id.lower()


def is_active(rule: Rule) -> bool:
    return rule.status in ACTIVE


def _matches(kind: str, value, rule: Rule, provision: Provision) -> bool:
    if kind == "rules":
        return rule.id in value
    if kind == "provisions":
        return f"{rule.id}.{provision.id}" in value
    if kind == "domain":
        return rule.domain == value
    if kind == "department":
        return rule.owner == value
    if kind == "category":
        return rule.category == value
    if kind == "tag":
        return value in rule.tags
    if kind == "stage":
        return value in provision.stages
    raise ValueError(f"unknown selector {kind!r}")


def select(selectors: Iterable[tuple[str, object]], exclude: Iterable[str],
           rules: Mapping[str, Rule]) -> list[tuple[Rule, Provision]]:
    """Checkable provisions of active rules picked by the selectors, in order, without repeats."""
    skipped, seen, picked = set(exclude), set(), []
    ordered = sorted(rules.values(), key=lambda r: r.id)
    for kind, value in selectors:
        for rule in ordered:
            if not is_active(rule):
                continue
            for provision in rule.provisions:
                key = f"{rule.id}.{provision.id}"
                if (provision.checkable and key not in seen and key not in skipped
                        and _matches(kind, value, rule, provision)):
                    seen.add(key)
                    picked.append((rule, provision))
    return picked


def _citations_text(citations: tuple[Citation, ...], registry: Registry) -> str:
    parts = []
    for c in citations:
        title = registry.references[c.ref].title
        parts.append(f"《{title}》" + "、".join(c.articles))
    return "；".join(parts)


def make_item(number: int, rule: Rule, provision: Provision, registry: Registry) -> Item:
    check = f"{provision.title}：{provision.text}" if provision.title else provision.text
    return Item(
        number=number,
        rule_id=rule.id,
        provision_id=provision.id,
        check=check,
        method="查阅/核对：" + "；".join(provision.evidence),
        rule_basis=f"{rule.id}《{rule.title}》{provision.id}",
        upper_basis=_citations_text(provision.basis or rule.basis, registry),
    )


def registry_date(registry: Registry) -> str:
    """The date of the latest revision in the registry: what a printed checklist is current to."""
    return max((r.revisions[-1].date for r in registry.rules.values()), default="")


def rule_checklist(rule: Rule, registry: Registry, as_of: str) -> Checklist | None:
    picked = [p for p in rule.provisions if p.checkable]
    if not picked:
        return None
    items = tuple(make_item(i, rule, p, registry) for i, p in enumerate(picked, 1))
    return Checklist(
        id=rule.id, title=f"{rule.title}执行情况检查表", version=rule.revisions[-1].date,
        purpose=f"检查《{rule.title}》（{rule.id}）可检查条款的执行情况。",
        audience=f"{registry.taxonomy.name_of('departments', rule.owner)}及相关自查、检查人员",
        registry_date=as_of, items=items, rule_id=rule.id)


def profile_checklist(profile: Profile, registry: Registry, as_of: str) -> Checklist:
    picked = select(profile.select, profile.exclude, registry.rules)
    items = tuple(make_item(i, rule, p, registry) for i, (rule, p) in enumerate(picked, 1))
    return Checklist(profile.id, profile.title, profile.version, profile.purpose,
                     profile.audience, as_of, items)


def all_checklists(registry: Registry) -> list[Checklist]:
    """Profiles first (in id order), then every active rule's own checklist."""
    as_of = registry_date(registry)
    out = [profile_checklist(p, registry, as_of) for p in registry.profiles.values()]
    for rule in sorted(registry.rules.values(), key=lambda r: r.id):
        checklist = rule_checklist(rule, registry, as_of) if is_active(rule) else None
        if checklist:
            out.append(checklist)
    return out


def combine(parts: list[Checklist]) -> Checklist:
    """Several checklists as one: items in the given order, each provision once, renumbered."""
    if len(parts) == 1:
        return parts[0]
    seen, items = set(), []
    for part in parts:
        for item in part.items:
            if item.key not in seen:
                seen.add(item.key)
                items.append(replace(item, number=len(items) + 1))
    ids = "、".join(p.id for p in parts)
    return Checklist(
        id="+".join(p.id for p in parts), title=f"组合检查表（{ids}）",
        version="+".join(p.version for p in parts), purpose=f"合并 {ids} 的检查项，重复条款只列一次。",
        audience="；".join(dict.fromkeys(p.audience for p in parts)),
        registry_date=parts[0].registry_date, items=tuple(items))
