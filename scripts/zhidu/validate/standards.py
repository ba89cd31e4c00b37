"""Cross-file rules for the two other registries: service standards and asset categories.

The taxonomy names the seven service areas with their clause targets and the eight
asset categories; every one must exist, and the clause counts must match exactly.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator

from zhidu.validate.common import at, citations_resolve, rules_exist
from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import Document

if TYPE_CHECKING:
    from zhidu.load.sources import Sources


def _known(sources: Sources) -> tuple[dict, set[str], set[str]]:
    refs = {d.data["id"]: d.data for d in sources.references}
    rules = {d.data["id"] for d in sources.regulations}
    taxonomy = sources.taxonomy.data if sources.taxonomy else {}
    departments = {d["id"] for d in taxonomy.get("departments", ())}
    return refs, rules, departments


def _owner(doc: Document, departments: set[str]) -> Iterator[Diagnostic]:
    if departments and doc.data["owner"] not in departments:
        yield at(doc, "/owner", "unknown-department",
                  f"责任处室 {doc.data['owner']} 不在 taxonomy.yaml 的处室列表中（可选：{'、'.join(sorted(departments))}）")


def _declared(sources: Sources, table: str, doc: Document, noun: str) -> Iterator[Diagnostic]:
    """The entry's id must be declared in the taxonomy table, under the same name."""
    entries = {e["id"]: e for e in sources.taxonomy.data[table]}
    data = doc.data
    name_key = "area" if table == "service_areas" else "name"
    declared = entries.get(data["id"])
    if declared is None:
        yield at(doc, "/id", f"unknown-{noun}",
                  f"{data['id']} 不在 taxonomy.yaml 的 {table} 中（现有：{'、'.join(entries)}）")
    elif declared["name"] != data[name_key]:
        yield at(doc, f"/{name_key}", "name-mismatch",
                  f"{data['id']} 在 taxonomy.yaml 中叫“{declared['name']}”，这里写的是“{data[name_key]}”")


def _missing(sources: Sources, table: str, present: set[str], what: str) -> Iterator[Diagnostic]:
    for i, entry in enumerate(sources.taxonomy.data[table]):
        if entry["id"] not in present and entry["id"] not in sources.unchecked_ids:
            yield at(sources.taxonomy, f"/{table}/{i}/id", "missing-entry",
                      f"缺少{what} {entry['id']}（{entry['name']}）：应有文件 "
                      f"standards/{'service-standards' if table == 'service_areas' else 'assets'}/{entry['id']}.yaml")


def service_standards(sources: Sources) -> Iterator[Diagnostic]:
    if not sources.taxonomy:
        return
    refs, rules, departments = _known(sources)
    top_level = max(s["level"] for s in sources.taxonomy.data["star_levels"])
    counts: Counter[str] = Counter()
    for doc in sources.services:
        data, sid = doc.data, doc.data["id"]
        yield from _declared(sources, "service_areas", doc, "service-area")
        yield from _owner(doc, departments)
        citations = [(f"/basis/{i}", c) for i, c in enumerate(data["basis"])]
        yield from rules_exist(doc, "/rules", data.get("rules", ()), rules, sources.unchecked_ids)
        seen: set[str] = set()
        for i, clause in enumerate(data["clauses"]):
            here = f"/clauses/{i}"
            if not clause["id"].startswith(sid + "-"):
                yield at(doc, f"{here}/id", "clause-prefix", f"条款编号 {clause['id']} 应以本标准编号 {sid}- 开头")
            if clause["id"] in seen:
                yield at(doc, f"{here}/id", "duplicate-clause", f"条款编号 {clause['id']} 重复，条款编号必须唯一")
            seen.add(clause["id"])
            if clause["star"] > top_level:
                yield at(doc, f"{here}/star", "unknown-star", f"星级 {clause['star']} 超出 taxonomy.yaml 的星级范围（1–{top_level}）")
            citations += [(f"{here}/basis/{j}", c) for j, c in enumerate(clause.get("basis", ()))]
            yield from rules_exist(doc, f"{here}/rules", clause.get("rules", ()), rules, sources.unchecked_ids)
        yield from citations_resolve(doc, citations, refs, sources.unchecked_ids)
        counts[sid] = len(data["clauses"])
    yield from _missing(sources, "service_areas", set(counts), "服务标准")
    yield from _service_totals(sources, counts)


def _service_totals(sources: Sources, counts: Counter[str]) -> Iterator[Diagnostic]:
    taxonomy = sources.taxonomy
    areas = taxonomy.data["service_areas"]
    for i, area in enumerate(areas):
        have = counts.get(area["id"])
        if have is not None and have != area["target"]:
            yield at(taxonomy, f"/service_areas/{i}/target", "service-total",
                      f"服务领域“{area['name']}”（{area['id']}）应有 {area['target']} 条，现有 {have} 条")
    total, declared = sum(counts.values()), taxonomy.data["service_clause_total"]
    if sum(a["target"] for a in areas) != declared:
        yield at(taxonomy, "/service_clause_total", "service-total",
                  f"各服务领域目标条款数之和为 {sum(a['target'] for a in areas)}，与总数 {declared} 不一致")
    elif counts and total != declared:
        yield at(taxonomy, "/service_clause_total", "service-total",
                  f"服务标准应共有 {declared} 条，现有 {total} 条")


def asset_categories(sources: Sources) -> Iterator[Diagnostic]:
    if not sources.taxonomy:
        return
    refs, rules, departments = _known(sources)
    pools = {a["id"] for a in sources.taxonomy.data["asset_categories"] if a.get("pool")}
    present = set()
    for doc in sources.assets:
        data = doc.data
        present.add(data["id"])
        yield from _declared(sources, "asset_categories", doc, "asset-category")
        yield from _owner(doc, departments)
        if data["id"] in pools and "pool" not in data:
            yield at(doc, "/id", "pool-missing",
                      "公物仓类别须写 pool：建设方式、收纳的资产类型、资产来源、功能和入库、出库、退库程序")
        citations = [(f"/basis/{i}", c) for i, c in enumerate(data.get("basis", ()))]
        for stage_id, stage in data["stages"].items():
            here = f"/stages/{stage_id}"
            yield from rules_exist(doc, f"{here}/rules", stage.get("rules", ()), rules, sources.unchecked_ids)
            if stage.get("requirements") and not stage.get("rules"):
                yield at(doc, here, "stage-without-rule",
                          "这一环节有管理要求，但还没有管理它的制度（页面上标为“制度待制定”）", "warning")
            ids = Counter(r["id"] for r in stage.get("requirements", ()))
            for i, requirement in enumerate(stage.get("requirements", ())):
                if ids[requirement["id"]] > 1:
                    yield at(doc, f"{here}/requirements/{i}/id", "duplicate-requirement",
                              f"要求编号 {requirement['id']} 在本环节中重复")
                citations += [(f"{here}/requirements/{i}/basis/{j}", c)
                              for j, c in enumerate(requirement.get("basis", ()))]
        for i, procedure in enumerate(data.get("pool", {}).get("procedures", ())):
            yield from rules_exist(doc, f"/pool/procedures/{i}/rules", procedure.get("rules", ()),
                                   rules, sources.unchecked_ids)
        yield from citations_resolve(doc, citations, refs, sources.unchecked_ids)
    yield from _missing(sources, "asset_categories", present, "资产类别")
