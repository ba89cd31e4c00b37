"""What an edit changes in the registry, for the reviewer of a pull request.

Compares two snapshots entry by entry. Chinese has no spaces between words, so
changed text is compared character by character and the changed characters are
marked. A published id that disappears is an error: the entry should be repealed.
"""
from __future__ import annotations

import difflib
import html
from collections import Counter
from dataclasses import asdict, dataclass, field

from zhidu.kinds import KINDS, by_name
from zhidu.cli.snapshot import Snapshot
from zhidu.vocabulary import STATUS_LABELS

DATE_FIELDS = ("issued", "effective", "repealed")
FIELD_NAMES = {"title": "名称", "category": "类别", "owner": "责任处室", "summary": "摘要", "scope": "适用范围",
               "review_cycle_months": "评估周期（月）", "superseded_by": "被替代为", "supersedes": "替代",
               "issued": "印发日期", "effective": "施行日期", "repealed": "废止日期", "status": "状态",
               "text": "条款内容", "kind": "条款类型", "checkable": "可检查", "evidence": "检查依据材料",
               "stages": "生命周期环节", "basis": "依据", "related": "相关制度", "tags": "标签",
               "requirement": "服务要求", "star": "星级", "points": "分值", "rules": "相关制度",
               "doc_number": "文号", "verified": "已核实", "area": "服务领域", "version": "版本",
               "definition": "定义", "purpose": "用途", "audience": "使用对象", "select": "选取条件"}


@dataclass
class Change:
    """One field of one entry (or of one part of an entry) that differs."""
    where: str           # e.g. "WU-001 P03" or "WU-001"
    field: str
    old: object
    new: object


@dataclass
class Report:
    base: str
    head: str
    vanished: list[tuple[str, str]] = field(default_factory=list)   # (kind, id): published ids gone
    status: list[Change] = field(default_factory=list)
    dates: list[Change] = field(default_factory=list)
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, title)
    changed: dict[str, list[Change]] = field(default_factory=dict)  # entry id -> changes
    unrecorded: list[str] = field(default_factory=list)             # rules changed without a new revision entry
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # (domain, before, after)

    @property
    def empty(self) -> bool:
        return not (self.vanished or self.status or self.dates or self.added or self.changed)

    def as_json(self) -> dict:
        data = asdict(self)
        data["errors"] = [f"{by_name(k).label} {i} 已被删除：编号一经发布不能消失，应保留文件并改为已废止"
                          for k, i in self.vanished]
        return data


def _title(data: dict) -> str:
    return data.get("title") or data.get("name") or data.get("area") or ""


def _parts(kind: str, data: dict) -> dict[str, dict]:
    """The addressable parts of an entry (provisions, clauses, stage requirements), as its kind's row says."""
    row = by_name(kind)
    return row.call("parts", data) if row.parts else {}


_PART_KEYS = {"provisions", "clauses", "stages"}
_LINKS_ONLY = {"related", "tags"}   # cross-links and keywords: no revision entry needed
_SKIP = {"revisions"} | _PART_KEYS


def _field_changes(where: str, old: dict, new: dict, skip: set[str] = frozenset()) -> list[Change]:
    return [Change(where, key, old.get(key), new.get(key))
            for key in dict.fromkeys([*old, *new])
            if key not in skip and key != "id" and old.get(key) != new.get(key)]


def compare(base: Snapshot, head: Snapshot) -> Report:
    report = Report(base.label, head.label)
    for kind in (k.name for k in KINDS):
        old_entries, new_entries = base.of(kind), head.of(kind)
        for entry_id in sorted(set(old_entries) - set(new_entries)):
            report.vanished.append((kind, entry_id))
        for entry_id in sorted(set(new_entries) - set(old_entries)):
            report.added.append((kind, entry_id, _title(new_entries[entry_id])))
        for entry_id in sorted(set(old_entries) & set(new_entries)):
            old, new = old_entries[entry_id], new_entries[entry_id]
            if old == new:
                continue
            changes = []
            for change in entry_changes(kind, entry_id, old, new):
                own = change.where == entry_id
                target = report.status if own and change.field == "status" else \
                    report.dates if own and change.field in DATE_FIELDS else changes
                target.append(change)
            if changes:
                report.changed[entry_id] = changes
            substantive = [c for c in changes + report.status + report.dates
                           if c.where.split()[0] == entry_id and c.field not in _LINKS_ONLY]
            if kind == "regulation" and substantive and old.get("revisions") == new.get("revisions"):
                report.unrecorded.append(entry_id)
    report.counts = _counts(base, head)
    return report


def entry_changes(kind: str, entry_id: str, old: dict, new: dict) -> list[Change]:
    """What differs between two versions of one entry: its own fields (revisions aside), then its
    parts (provisions, clauses, stage requirements) one by one: added, removed or changed field by field."""
    changes = _field_changes(entry_id, old, new, _SKIP)
    old_parts, new_parts = _parts(kind, old), _parts(kind, new)
    for part in dict.fromkeys([*old_parts, *new_parts]):
        where = f"{entry_id} {part}"
        if part not in new_parts:
            changes.append(Change(where, "删除", _part_text(old_parts[part]), None))
        elif part not in old_parts:
            changes.append(Change(where, "新增", None, _part_text(new_parts[part])))
        else:
            changes += _field_changes(where, old_parts[part], new_parts[part])
    return changes


def _part_text(part: dict) -> str:
    return part.get("text") or part.get("requirement") or ""


def _counts(base: Snapshot, head: Snapshot) -> list[tuple[str, int, int]]:
    before = Counter(r.get("domain") for r in base.of("regulation").values())
    after = Counter(r.get("domain") for r in head.of("regulation").values())
    domains = [d.get("code") for d in (head.taxonomy or base.taxonomy).get("domains", ())]
    names = {d.get("code"): d.get("name") for d in (head.taxonomy or base.taxonomy).get("domains", ())}
    rows = [(f"{names.get(code, code)}（{code}）", before.get(code, 0), after.get(code, 0)) for code in domains]
    rows.append(("合计", sum(before.values()), sum(after.values())))
    return rows


# -- Markdown ------------------------------------------------------------------

def mark_changes(old: str, new: str) -> tuple[str, str]:
    """Both texts HTML-escaped, with the removed characters in <del> and the inserted ones in <ins>."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    before, after = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = html.escape(old[i1:i2]), html.escape(new[j1:j2])
        if op == "equal":
            before.append(a)
            after.append(b)
            continue
        if a:
            before.append(f"<del>{a}</del>")
        if b:
            after.append(f"<ins>{b}</ins>")
    return "".join(before), "".join(after)


def redline(old: str, new: str) -> str:
    """One text, HTML-escaped: what was removed in <del> next to what replaced it in <ins>, the rest as is."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(old[i1:i2]))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(old[i1:i2])}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(new[j1:j2])}</ins>")
    return "".join(out)


def _shown(value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_shown(v) if not isinstance(v, dict) else ", ".join(f"{k}: {_shown(x)}" for k, x in v.items())
                        for v in value) or "（空）"
    return html.escape(STATUS_LABELS.get(str(value), str(value)) if isinstance(value, str) else str(value))


def _is_id_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def change_lines(change: Change) -> list[str]:
    name = FIELD_NAMES.get(change.field, change.field)
    if _is_id_list(change.old) and _is_id_list(change.new):
        added = [v for v in change.new if v not in change.old]
        removed = [v for v in change.old if v not in change.new]
        parts = ([f"增加 {'、'.join(map(html.escape, added))}"] if added else []) + \
                ([f"去掉 {'、'.join(map(html.escape, removed))}"] if removed else [])
        return [f"- **{change.where}** {name}：{'；'.join(parts) or '调整了顺序'}"]
    if isinstance(change.old, str) and isinstance(change.new, str) and change.field not in ("status",):
        old, new = mark_changes(change.old, change.new)
        return [f"- **{change.where}** {name}：", f"  - 原：{old}", f"  - 新：{new}"]
    if change.field in ("新增", "删除"):
        text = change.new if change.field == "新增" else change.old
        return [f"- **{change.where}** {change.field}：{html.escape(text or '')}"]
    return [f"- **{change.where}** {name}：{_shown(change.old)} → {_shown(change.new)}"]


def change_html(change: Change, entry_id: str = "") -> tuple[str, str]:
    """One change as (what changed, how) in HTML, both escaped: the how a character-level redline
    for text, the whole text for a part added or removed, the items added and removed for a list
    (ids, citations), the old and new value for the rest (status, dates, numbers)."""
    where = change.where.removeprefix(entry_id).strip()
    name = FIELD_NAMES.get(change.field, change.field)
    if change.field in ("新增", "删除"):
        text = html.escape((change.new if change.field == "新增" else change.old) or "")
        return f"{html.escape(where)} {change.field}", f"<ins>{text}</ins>" if change.field == "新增" else f"<del>{text}</del>"
    label = f"{html.escape(where)} {name}".strip()
    old, new = change.old, change.new
    if isinstance(old, list) or isinstance(new, list):     # ids, citations: item by item
        old, new = old if isinstance(old, list) else [], new if isinstance(new, list) else []
        added = [_item(v) for v in new if v not in old]
        removed = [_item(v) for v in old if v not in new]
        parts = ([f"增加 <ins>{'、'.join(added)}</ins>"] if added else []) + \
                ([f"去掉 <del>{'、'.join(removed)}</del>"] if removed else [])
        return label, "；".join(parts) or "调整了顺序"
    if isinstance(change.old, str) and isinstance(change.new, str) and change.field not in ("status", *DATE_FIELDS):
        return label, redline(change.old, change.new)
    if change.old is None or change.new is None:
        return label, f"<ins>{_shown(change.new)}</ins>" if change.old is None else f"<del>{_shown(change.old)}</del>"
    return label, f"<del>{_shown(change.old)}</del> → <ins>{_shown(change.new)}</ins>"


def _item(value) -> str:
    """One item of a list, escaped: a citation as its reference, articles and note."""
    if isinstance(value, dict) and "ref" in value:
        articles = "、".join(map(str, value.get("articles") or ()))
        text = " ".join(x for x in (str(value["ref"]), articles) if x)
        return html.escape(text + (f"（{value['note']}）" if value.get("note") else ""))
    return html.escape(str(value)) if not isinstance(value, (dict, list)) else _shown([value])


def to_markdown(report: Report) -> str:
    out = [f"## 制度库变更：{html.escape(report.base)} → {html.escape(report.head)}", ""]
    if report.vanished:
        out += ["### ❌ 错误：已发布的编号被删除", ""]
        out += [f"- {by_name(k).label} **{i}** 的文件被删除。编号一经发布不能消失：请恢复文件，"
                "把状态改为 repealed（已废止），写明废止日期和替代它的制度（superseded_by）。" for k, i in report.vanished]
        out.append("")
    if report.status:
        out += ["### 状态变化", ""] + [f"- **{c.where}**：{_shown(c.old)} → {_shown(c.new)}" for c in report.status] + [""]
    if report.dates:
        out += ["### 日期变化", ""]
        out += [f"- **{c.where}** {FIELD_NAMES[c.field]}：{_shown(c.old)} → {_shown(c.new)}" for c in report.dates] + [""]
    if report.added:
        out += ["### 新增", ""] + [f"- {by_name(k).label} **{i}** {html.escape(t)}" for k, i, t in report.added] + [""]
    if report.changed:
        out += ["### 修改", ""]
        for entry_id, changes in report.changed.items():
            for change in changes:
                out += change_lines(change)
        out.append("")
    if report.unrecorded:
        out += ["### ⚠️ 修改了但没有追加修订记录", ""]
        out += [f"- **{i}**：请在 revisions 末尾追加一条（日期和修订说明）" for i in report.unrecorded] + [""]
    if report.empty:
        out += ["制度库内容没有变化。", ""]
    out += ["### 各领域制度数", "", "| 领域 | 变更前 | 变更后 |", "| --- | --- | --- |"]
    out += [f"| {name} | {before} | {after}{' ⬆' if after > before else ' ⬇' if after < before else ''} |"
            for name, before, after in report.counts]
    return "\n".join(out) + "\n"
