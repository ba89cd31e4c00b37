"""Checklists: every rule's own, the profiles that gather items across rules, the
scoring sheet of each service standard, and one per asset category and life-cycle stage.

A checklist item is one checkable provision, clause or requirement, traceable to where
it is written and to the upper-level documents (with articles) it rests on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Mapping

from zhidu.vocabulary import RESULTS, UNCHECKED  # noqa: F401  (re-exported for the exporters)
from zhidu.kinds import page
from zhidu.model.records import (AssetCategory, Citation, Limit, Profile, Provision, Registry, Rule, ServiceStandard,
                                 Stage, StarLevel)


COLUMNS = ("序号", "检查项", "检查方法与依据材料", "制度依据", "上位依据", "检查结果", "问题描述", "整改要求")
SCORED_COLUMNS = ("序号", "检查项", "检查方法与依据材料", "标准依据", "上位依据", "星级", "分值",
                  "检查结果", "得分", "问题描述", "整改要求")


@dataclass(frozen=True)
class Item:
    number: int
    source_id: str    # the rule, service standard or asset category the item comes from
    clause_id: str    # provision, clause or stage requirement within it
    check: str        # 检查项
    method: str       # 检查方法与依据材料
    rule_basis: str   # 制度依据 (or 标准依据)
    upper_basis: str  # 上位依据
    href: str         # where the item is written, relative to the site root
    star: int = 0     # scored items: lowest star level
    points: int = 0   # scored items: full points

    @property
    def key(self) -> str:
        return f"{self.source_id}.{self.clause_id}"


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str
    purpose: str
    audience: str
    registry_date: str
    items: tuple[Item, ...]
    kind: str = "profile"           # profile | rule | service | stage
    source_id: str = ""             # the rule, service standard or asset category
    stage: str = ""                 # for kind "stage": the life-cycle stage id
    levels: tuple[StarLevel, ...] = ()   # star levels, for scored checklists
    source_path: str = ""           # the YAML file it is made from
    parts: tuple["Checklist", ...] = ()  # its downloads as volumes (a profile with volumes: domain)
    volume: str = ""                # a volume's name, e.g. 资产管理分册

    @property
    def slug(self) -> str:
        return self.id.lower()

    @property
    def scored(self) -> bool:
        return bool(self.levels)

    @property
    def rule_id(self) -> str:
        return self.source_id if self.kind == "rule" else ""

    @property
    def columns(self) -> tuple[str, ...]:
        return SCORED_COLUMNS if self.scored else COLUMNS

    @property
    def downloads(self) -> tuple["Checklist", ...]:
        """What is made as PDF, Word and Excel: its volumes, or itself."""
        return self.parts or (self,)


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
           rules: Mapping[str, Rule], day: str) -> list[tuple[Rule, Provision]]:
    """Checkable provisions of the rules in force on `day`, picked by the selectors, in order, without repeats."""
    skipped, seen, picked = set(exclude), set(), []
    ordered = sorted(rules.values(), key=lambda r: r.id)
    for kind, value in selectors:
        for rule in ordered:
            if not rule.active_on(day):
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


def _method(evidence: tuple[str, ...], limits: tuple[Limit, ...] = ()) -> str:
    """What to look at, and the figures to check against (时限与标准), for the inspector."""
    method = "查阅/核对：" + "；".join(evidence)
    if limits:
        method += "。核对时限与标准：" + "；".join(limit.text for limit in limits)
    return method


def make_item(number: int, rule: Rule, provision: Provision, registry: Registry) -> Item:
    check = f"{provision.title}：{provision.text}" if provision.title else provision.text
    return Item(
        number=number,
        source_id=rule.id,
        clause_id=provision.id,
        check=check,
        method=_method(provision.evidence, provision.limits),
        rule_basis=f"{rule.id}《{rule.title}》{provision.id}",
        upper_basis=_citations_text(provision.basis or rule.basis, registry),
        href=f"{page('regulation', rule.id)}#{provision.id.lower()}",
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
        registry_date=as_of, items=items, kind="rule", source_id=rule.id, source_path=rule.source)


def service_checklist(standard: ServiceStandard, registry: Registry, as_of: str) -> Checklist:
    """The scoring sheet of a service area: every clause, with its star level and points."""
    items = []
    for number, clause in enumerate(standard.clauses, 1):
        rules = "、".join(clause.rules or standard.rules)
        items.append(Item(
            number=number, source_id=standard.id, clause_id=clause.id,
            check=f"{clause.title}：{clause.requirement}", method=_method(clause.evidence),
            rule_basis=f"{standard.id}《{standard.title}》{clause.id}" + (f"；相关制度 {rules}" if rules else ""),
            upper_basis=_citations_text(clause.basis or standard.basis, registry),
            href=f"{page('service-standard', standard.id)}#{clause.id.lower()}", star=clause.star,
            points=clause.points))
    levels = registry.taxonomy.star_levels
    return Checklist(
        id=standard.id, title=f"{standard.title}评分表", version=standard.version,
        purpose=f"按《{standard.title}》逐条评分，评定{standard.area}达到的星级（最高{levels[-1].name}）。",
        audience=f"{registry.taxonomy.name_of('departments', standard.owner)}、服务单位及考核评价人员",
        registry_date=as_of, items=tuple(items), kind="service", source_id=standard.id, levels=levels,
        source_path=standard.source)


def stage_checklist_id(asset: AssetCategory, stage: Stage) -> str:
    return f"{asset.id}-{stage.id}"


def stage_checklist(asset: AssetCategory, stage: Stage, registry: Registry, as_of: str,
                    day: str) -> Checklist | None:
    """A category's requirements at one stage, then the checkable provisions of its rules tagged with the stage."""
    if stage.is_gap:
        return None
    items = [Item(
        number=number, source_id=asset.id, clause_id=f"{stage.id}.{req.id}", check=req.text,
        method=_method(req.evidence), rule_basis=f"{asset.id} {asset.name}·{stage.name} {req.id}",
        upper_basis=_citations_text(req.basis or asset.basis, registry),
        href=f"{page('asset', asset.id)}#{stage.id}-{req.id.lower()}")
        for number, req in enumerate(stage.requirements, 1)]
    governing = {rule_id: registry.rules[rule_id] for rule_id in stage.rules}
    for rule, provision in select([("stage", stage.id)], (), governing, day):
        items.append(make_item(len(items) + 1, rule, provision, registry))
    return Checklist(
        id=stage_checklist_id(asset, stage), title=f"{asset.name}{stage.name}环节检查表",
        version=as_of, purpose=f"检查{asset.name}在{stage.name}环节的管理要求及相关制度条款的落实情况。",
        audience=f"{registry.taxonomy.name_of('departments', asset.owner)}及资产使用单位",
        registry_date=as_of, items=tuple(items), kind="stage", source_id=asset.id, stage=stage.id,
        source_path=asset.source)


def profile_checklist(profile: Profile, registry: Registry, as_of: str, day: str) -> Checklist:
    picked = select(profile.select, profile.exclude, registry.rules, day)
    items = tuple(make_item(i, rule, p, registry) for i, (rule, p) in enumerate(picked, 1))
    whole = Checklist(profile.id, profile.title, profile.version, profile.purpose,
                      profile.audience, as_of, items, kind="profile", source_id=profile.id,
                      source_path=profile.source)
    return replace(whole, parts=domain_volumes(whole, registry)) if profile.volumes == "domain" else whole


def domain_volumes(checklist: Checklist, registry: Registry) -> tuple[Checklist, ...]:
    """One volume per domain of the rules checked, in the taxonomy's order. Items keep their numbers in
    the whole checklist, so a volume's 序号 is the online form's. Each department prints its own volume,
    and one rule's edit remakes one volume, not the whole (a 1,000-item profile is some 190 pages)."""
    volumes = []
    for domain in registry.taxonomy.domains:
        items = tuple(i for i in checklist.items if registry.rules[i.source_id].domain == domain.code)
        if items:
            name = f"{domain.full_name}分册"
            volumes.append(replace(checklist, id=f"{checklist.id}-{domain.slug}", items=items, volume=name,
                                   title=f"{checklist.title}（{name}）"))
    return tuple(volumes) if len(volumes) > 1 else ()


# what each kind of record yields, as its row in kinds.py names it
def rule_checklists(rule: Rule, registry: Registry, as_of: str, day: str) -> list[Checklist]:
    checklist = rule_checklist(rule, registry, as_of) if rule.active_on(day) else None
    return [checklist] if checklist else []


def service_checklists(standard: ServiceStandard, registry: Registry, as_of: str, day: str) -> list[Checklist]:
    return [service_checklist(standard, registry, as_of)]


def stage_checklists(asset: AssetCategory, registry: Registry, as_of: str, day: str) -> list[Checklist]:
    return [c for s in asset.stages if (c := stage_checklist(asset, s, registry, as_of, day))]


def profile_checklists(profile: Profile, registry: Registry, as_of: str, day: str) -> list[Checklist]:
    return [profile_checklist(profile, registry, as_of, day)]


ORDER = ("profile", "service", "stage", "rule")     # how checklists are listed


def all_checklists(registry: Registry, day: str | None = None) -> list[Checklist]:
    """Every checklist the records yield (their kinds' rows in kinds.py say how): profiles, service
    scoring sheets, asset stage checklists, then the own checklist of every rule in force on `day`
    (today by default): a rule whose repeal date has passed has none."""
    from zhidu.kinds import KINDS
    as_of, day = registry_date(registry), day or date.today().isoformat()
    out = [checklist for kind in KINDS if kind.checklists
           for entry_id in sorted(registry.of(kind.name))
           for checklist in kind.call("checklists", registry.of(kind.name)[entry_id], registry, as_of, day)]
    return sorted(out, key=lambda c: ORDER.index(c.kind))


def combine(parts: list[Checklist]) -> Checklist:
    """Several checklists as one: items in the given order, each provision once, renumbered.

    A combination is not scored: star levels belong to one service area.
    """
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
