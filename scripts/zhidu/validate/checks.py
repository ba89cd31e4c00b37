"""Rules that span files: ids, folders, references, supersedes chains, dates, totals.

Each check takes schema-valid documents and returns diagnostics; none raises.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Iterator

from zhidu.model.checklists import select
from zhidu.vocabulary import ACTIVE, PENDING
from zhidu.validate.common import at, citations_resolve, rules_exist
from zhidu.validate.limits import limit_conflicts, limits_well_formed, vague_provisions
from zhidu.validate.standards import asset_categories, service_standards
from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import Document
from zhidu.model.records import build_rule

if TYPE_CHECKING:
    from zhidu.load.sources import Sources


def _as_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def unique_ids(sources: Sources) -> Iterator[Diagnostic]:
    seen: dict[str, Document] = {}
    for doc in sources.entries():
        entry_id = doc.data["id"]
        if entry_id in seen:
            yield at(doc, "/id", "duplicate-id", f"编号 {entry_id} 已被 {seen[entry_id].path} 使用，编号必须唯一")
        else:
            seen[entry_id] = doc


def file_names(sources: Sources) -> Iterator[Diagnostic]:
    slugs = {d["code"]: d["slug"] for d in sources.taxonomy.data["domains"]} if sources.taxonomy else {}
    for doc in sources.entries():
        entry_id, path = doc.data["id"], PurePosixPath(doc.path)
        if path.stem != entry_id:
            yield at(doc, "/id", "file-name", f"文件名应与编号一致：编号是 {entry_id}，文件名应为 {entry_id}.yaml")
    for doc in sources.regulations:
        data, folder = doc.data, PurePosixPath(doc.path).parent.name
        if not data["id"].startswith(data["domain"] + "-"):
            yield at(doc, "/domain", "domain-mismatch",
                      f"编号 {data['id']} 的前缀与领域 {data['domain']} 不一致")
        wanted = slugs.get(data["domain"])
        if wanted and folder != wanted:
            yield at(doc, "/domain", "domain-folder",
                      f"领域为 {data['domain']} 的制度应放在 standards/regulations/{wanted}/，现在在 {folder}/")


def _citations(data: dict) -> Iterator[tuple[str, dict]]:
    for i, citation in enumerate(data["basis"]):
        yield f"/basis/{i}", citation
    for i, provision in enumerate(data["provisions"]):
        for j, citation in enumerate(provision.get("basis", ())):
            yield f"/provisions/{i}/basis/{j}", citation


def references_resolve(sources: Sources) -> Iterator[Diagnostic]:
    taxonomy = sources.taxonomy.data if sources.taxonomy else None
    refs = {d.data["id"]: d.data for d in sources.references}
    rules = {d.data["id"] for d in sources.regulations}
    departments = {d["id"]: d["name"] for d in taxonomy["departments"]} if taxonomy else {}
    stages = {s["id"] for s in taxonomy["lifecycle_stages"]} if taxonomy else set()
    for doc in sources.regulations:
        data = doc.data
        if taxonomy and data["owner"] not in departments:
            yield at(doc, "/owner", "unknown-department",
                      f"责任处室 {data['owner']} 不在 taxonomy.yaml 的处室列表中（可选：{'、'.join(departments)}）")
        yield from citations_resolve(doc, _citations(data), refs, sources.unchecked_ids)
        for key in ("related", "supersedes", "superseded_by"):
            value = data.get(key)
            targets = value if isinstance(value, list) else ([value] if value else [])
            for i, target in enumerate(targets):
                pointer = f"/{key}/{i}" if isinstance(value, list) else f"/{key}"
                if target == data["id"]:
                    yield at(doc, pointer, "self-reference", f"{key} 不能指向本制度自身")
                elif target not in rules and target not in sources.unchecked_ids:
                    yield at(doc, pointer, "unknown-rule", f"制度 {target} 不存在")
        for i, provision in enumerate(data["provisions"]):
            for j, stage in enumerate(provision.get("stages", ())):
                if taxonomy and stage not in stages:
                    yield at(doc, f"/provisions/{i}/stages/{j}", "unknown-stage",
                              f"生命周期环节 {stage} 不存在（可选：{'、'.join(sorted(stages))}）")
    if sources.glossary:
        for i, term in enumerate(sources.glossary.data["terms"]):
            if term.get("basis") and term["basis"] not in refs:
                yield at(sources.glossary, f"/terms/{i}/basis", "unknown-reference",
                          f"上位依据 {term['basis']} 不存在")


def supersedes_chains(sources: Sources) -> Iterator[Diagnostic]:
    by_id = {d.data["id"]: d for d in sources.regulations}
    for doc in sources.regulations:
        data = doc.data
        newer = data.get("superseded_by")
        if newer in by_id and by_id[newer].data.get("supersedes") != data["id"]:
            yield at(doc, "/superseded_by", "supersedes-asymmetric",
                      f"本制度写明被 {newer} 替代，但 {newer} 的 supersedes 没有指回 {data['id']}")
        older = data.get("supersedes")
        if older in by_id and by_id[older].data.get("superseded_by") != data["id"]:
            yield at(doc, "/supersedes", "supersedes-asymmetric",
                      f"本制度写明替代 {older}，但 {older} 的 superseded_by 没有指向 {data['id']}")
        if newer and data["status"] not in ("repealed", "under_revision"):
            yield at(doc, "/status", "superseded-in-force",
                      f"已被 {newer} 替代的制度，状态应为 repealed（已废止）", "warning")
        # follow the chain; coming back to the start means a cycle
        seen, current = {data["id"]}, newer
        while current in by_id:
            if current == data["id"] or current in seen:
                yield at(doc, "/superseded_by", "supersedes-cycle",
                          f"替代关系形成循环：{' → '.join([*seen, current])}")
                break
            seen.add(current)
            current = by_id[current].data.get("superseded_by")


def dates_ordered(sources: Sources) -> Iterator[Diagnostic]:
    for doc in sources.regulations:
        data = doc.data
        parsed = {}
        for key in ("issued", "effective", "repealed"):
            if key in data:
                parsed[key] = _as_date(data[key])
                if parsed[key] is None:
                    yield at(doc, f"/{key}", "invalid-date", f"{data[key]} 不是存在的日期")
        issued, effective, repealed = parsed.get("issued"), parsed.get("effective"), parsed.get("repealed")
        if issued and effective and effective < issued:
            yield at(doc, "/effective", "date-order", f"施行日期 {data['effective']} 早于印发日期 {data['issued']}")
        if effective and repealed and repealed < effective:
            yield at(doc, "/repealed", "date-order", f"废止日期 {data['repealed']} 早于施行日期 {data['effective']}")
        previous = None
        for i, revision in enumerate(data["revisions"]):
            when = _as_date(revision["date"])
            if when is None:
                yield at(doc, f"/revisions/{i}/date", "invalid-date", f"{revision['date']} 不是存在的日期")
                continue
            if issued and when < issued:
                yield at(doc, f"/revisions/{i}/date", "date-order",
                          f"修订日期 {revision['date']} 早于印发日期 {data['issued']}")
            if previous and when < previous:
                yield at(doc, f"/revisions/{i}/date", "date-order", "修订记录应按时间先后排列")
            previous = when


def provision_ids(sources: Sources) -> Iterator[Diagnostic]:
    for doc in sources.regulations:
        counts = Counter(p["id"] for p in doc.data["provisions"])
        seen = set()
        for i, provision in enumerate(doc.data["provisions"]):
            pid = provision["id"]
            if counts[pid] > 1 and pid in seen:
                yield at(doc, f"/provisions/{i}/id", "duplicate-provision",
                          f"条款编号 {pid} 在本制度中重复，条款编号必须唯一")
            seen.add(pid)


def glossary_terms(sources: Sources) -> Iterator[Diagnostic]:
    if not sources.glossary:
        return
    seen = set()
    for i, term in enumerate(sources.glossary.data["terms"]):
        if term["term"] in seen:
            yield at(sources.glossary, f"/terms/{i}/term", "duplicate-term", f"术语“{term['term']}”重复")
        seen.add(term["term"])


def domain_totals(sources: Sources, require_complete: bool) -> Iterator[Diagnostic]:
    if not sources.taxonomy:
        return
    counts = Counter(d.data["domain"] for d in sources.regulations)
    for i, domain in enumerate(sources.taxonomy.data["domains"]):
        have, want = counts.get(domain["code"], 0), domain["target"]
        if have != want:
            yield at(sources.taxonomy, f"/domains/{i}/target", "domain-total",
                      f"领域“{domain['name']}”（{domain['code']}）目标 {want} 项制度，现有 {have} 项",
                      "error" if require_complete else "warning")


def checklist_profiles(sources: Sources) -> Iterator[Diagnostic]:
    """Every selector of a profile must name something that exists and yield checkable items."""
    rules = {d.data["id"]: build_rule(d.data, d.path) for d in sources.regulations}
    today = date.today().isoformat()
    taxonomy = sources.taxonomy.data if sources.taxonomy else {}
    departments = {d["id"] for d in taxonomy.get("departments", ())}
    stages = {s["id"] for s in taxonomy.get("lifecycle_stages", ())}

    def provision_problem(key: str, selected: bool = True) -> str | None:
        """What is wrong with naming this provision; an excluded one need only exist."""
        rule_id, _, provision_id = key.partition(".")
        rule = rules.get(rule_id)
        if rule is None:
            return None if rule_id in sources.unchecked_ids else f"条款 {key} 所属的制度 {rule_id} 不存在"
        provision = next((p for p in rule.provisions if p.id == provision_id), None)
        if provision is None:
            return f"制度 {rule_id} 中没有条款 {provision_id}（现有：{'、'.join(p.id for p in rule.provisions)}）"
        if not selected:
            return None
        if not provision.checkable:
            return f"条款 {key} 未标注为可检查（checkable: true），不能作为检查项"
        if rule.status_on(today) not in (*ACTIVE, PENDING):     # in force, or soon to be
            return f"条款 {key} 所属的制度已废止或尚为草案，不能作为检查项"
        return None

    for doc in sources.checklists:
        data = doc.data
        for i, selector in enumerate(data["select"]):
            (kind, value), = selector.items()
            pointer = f"/select/{i}/{kind}"
            if kind == "provisions":
                for j, key in enumerate(value):
                    if problem := provision_problem(key):
                        yield at(doc, f"{pointer}/{j}", "unknown-provision", problem)
                continue
            if kind == "rules":
                yield from rules_exist(doc, pointer, value, set(rules), sources.unchecked_ids)
                continue
            if kind == "department" and value not in departments:
                yield at(doc, pointer, "unknown-department", f"责任处室 {value} 不存在")
            elif kind == "stage" and value not in stages:
                yield at(doc, pointer, "unknown-stage", f"生命周期环节 {value} 不存在")
            elif not select([(kind, value)], (), rules, today) and not sources.unchecked_ids:
                yield at(doc, pointer, "empty-selector", f"按 {kind}={value} 选不出任何现行制度的可检查条款")
        for j, key in enumerate(data.get("exclude", ())):
            if problem := provision_problem(key, selected=False):
                yield at(doc, f"/exclude/{j}", "unknown-provision", problem)


REGISTER = "standards/published-ids.yaml"


def published_ids(sources: Sources) -> Iterator[Diagnostic]:
    """A published id must never vanish; a new one should be entered in the register."""
    if not sources.register:
        return
    present = {d.data["id"] for d in sources.entries()} | sources.unchecked_ids
    registered = sources.register.data["ids"]
    for i, entry_id in enumerate(registered):
        if entry_id not in present:
            yield at(sources.register, f"/ids/{i}", "id-vanished",
                      f"编号 {entry_id} 已经发布，它的文件不能删除：请恢复该文件，把 status 改为 repealed（已废止），"
                      f"写明废止日期（repealed）和替代它的制度（superseded_by）")
    for doc in sources.entries():
        if doc.data["id"] not in registered:
            yield at(doc, "/id", "id-unregistered",
                      f"新编号 {doc.data['id']} 尚未登记：发布前把它加入 {REGISTER}", "warning")


def cross_file(sources: Sources, *, require_complete: bool = False) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for check in (unique_ids, file_names, references_resolve, supersedes_chains,
                  dates_ordered, provision_ids, glossary_terms, checklist_profiles,
                  service_standards, asset_categories, published_ids, limits_well_formed, limit_conflicts,
                  vague_provisions):
        found.extend(check(sources))
    found.extend(domain_totals(sources, require_complete))
    return found
