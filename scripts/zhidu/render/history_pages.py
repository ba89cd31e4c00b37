"""Pages and data for every version of every rule (issue 22).

history_files(registry, root, build_date) -> {site path: text}:
  regulations/<slug>/history.md            a rule's versions, full texts and redlines (/regulations/<slug>/history/)
  regulations/asof.md                      the registry as of a date the reader picks (/regulations/asof/)
  _generated/fragments/history-*.html      their HTML, filled in after Markdown (render/fragments.py)
  api/v1/regulations/<ID>/versions.json    every version of a rule: dates, commit, kind, full data
  api/v1/asof.json                         each rule's status and governing version as a step function

The versions come from zhidu.model.history (git, read once and cached). Redlines use the diff
engine of `zhidu diff` (cli/diff.py): the same fields compared, the same character-level marks.
Precomputed for every pair of versions up to PAIRS_ALL versions; beyond, for consecutive versions,
each version against the latest and the first against each (history.js says when a pair is not there).
"""
from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from zhidu.cache import code_digest
from zhidu.cli.diff import change_html, entry_changes
from zhidu.export.api import dump_json
from zhidu.kinds import API, by_name
from zhidu.model.history import RuleHistory, Version, histories, state_on, steps
from zhidu.model.records import Registry
from zhidu.render.fragments import FRAGMENTS, attribute_json, fragment_marker, script_json
from zhidu.render.pages import TEMPLATES, environment, html_environment, relative_url
from zhidu.render.reuse import reuse_files
from zhidu.vocabulary import ACTIVE, PENDING, RULE_STATUSES, STATUS_LABELS

PAIRS_ALL = 12
SCRIPT = "assets/javascripts/zhidu/history.js"     # in the theme (render/theme/), copied by MkDocs
ASOF_PAGE = "regulations/asof.md"
ASOF_API = f"{API}/asof.json"
PARTS = ("versions", "compare", "texts")     # a history page's fragments


def history_page(rule_id: str) -> str:
    """The Markdown source of a rule's history page (served at /regulations/<slug>/history/)."""
    return f"{by_name('regulation').site_folder}/{by_name('regulation').slug(rule_id)}/history.md"


def versions_api(rule_id: str) -> str:
    return f"{API}/{by_name('regulation').site_folder}/{rule_id}/versions.json"


def _fragment_path(rule_id: str, part: str) -> str:
    return f"{FRAGMENTS}/history-{by_name('regulation').slug(rule_id)}-{part}.html"


def pairs(count: int) -> list[tuple[int, int]]:
    """The pairs of versions (older, newer) whose redlines the page carries."""
    if count <= PAIRS_ALL:
        return [(a, b) for a in range(1, count + 1) for b in range(a + 1, count + 1)]
    wanted = {(a, a + 1) for a in range(1, count)} | {(a, count) for a in range(1, count)} | \
        {(1, b) for b in range(2, count + 1)}
    return sorted(wanted)


def redline(rule_id: str, old: Version, new: Version) -> list[tuple[Markup, Markup]]:
    """(what, how) for each change from `old` to `new`, revisions entries added or removed last."""
    rows = [tuple(Markup(x) for x in change_html(change, rule_id))
            for change in entry_changes("regulation", rule_id, old.data, new.data)]
    before = [r for r in old.data.get("revisions") or () if isinstance(r, dict)]
    after = [r for r in new.data.get("revisions") or () if isinstance(r, dict)]
    for entry in after:
        if entry not in before:
            rows.append((Markup("修订记录"), Markup("增加 <ins>{}</ins>").format(_entry(entry))))
    for entry in before:
        if entry not in after:
            rows.append((Markup("修订记录"), Markup("去掉 <del>{}</del>").format(_entry(entry))))
    return rows


def _entry(entry: dict) -> str:
    return f"{entry.get('date', '')} {entry.get('note', '')}".strip()


def _texts(data: dict) -> dict:
    """What the full text of a version shows, read defensively (an old version was not validated)."""
    provisions = [p for p in data.get("provisions") or () if isinstance(p, dict)]
    return {"title": str(data.get("title") or ""), "summary": str(data.get("summary") or ""),
            "scope": str(data.get("scope") or ""), "status": STATUS_LABELS.get(str(data.get("status")), str(data.get("status") or "")),
            "issued": str(data.get("issued") or ""), "effective": str(data.get("effective") or ""),
            "repealed": str(data.get("repealed") or ""),
            "provisions": [{"id": str(p.get("id") or ""), "title": str(p.get("title") or ""),
                            "text": str(p.get("text") or "")} for p in provisions],
            "revisions": [{"date": str(r.get("date") or ""), "note": str(r.get("note") or "")}
                          for r in data.get("revisions") or () if isinstance(r, dict)]}


def _version_row(version: Version, history: RuleHistory) -> dict:
    if version.added:
        note = "；".join(_entry(e) for e in version.added)
    elif version.kind in ("first", "earliest", "current"):
        entries = [r for r in version.data.get("revisions") or () if isinstance(r, dict)]
        note = _entry(entries[-1]) if entries else ""
    elif version.kind == "editorial":
        note = "修订记录未增加条目"
    elif version.kind == "status":
        note = f"状态改为{STATUS_LABELS.get(str(version.data.get('status')), str(version.data.get('status')))}，修订记录未增加条目"
    else:
        note = ""
    return {"v": version, "note": note, "texts": _texts(version.data),
            "current": version.number == len(history.versions)}


def _rule_fragment(rule, history: RuleHistory, source: str) -> dict[str, str]:
    """The three HTML fragments of a history page: the versions, the comparison, the full texts."""
    env = html_environment()
    rows = [_version_row(v, history) for v in history.versions]
    shown = pairs(len(history.versions))
    compared = [{"from": a, "to": b, "consecutive": b == a + 1,
                 "changes": redline(rule.id, history.versions[a - 1], history.versions[b - 1])} for a, b in shown]
    context = {"rule": rule, "history": history, "rows": rows, "pairs": compared,
               "script": relative_url(SCRIPT, source), "count": len(history.versions),
               "status_name": STATUS_LABELS, "versions_url": relative_url(versions_api(rule.id), source),
               "labels": attribute_json(STATUS_LABELS)}
    return {_fragment_path(rule.id, part): env.get_template(f"history_{part}.html.j2").render(**context)
            for part in PARTS}


def _versions_json(rule, history: RuleHistory, build_date: str) -> dict:
    return {
        "api_version": "v1", "id": rule.id, "url": by_name("regulation").page(rule.id) + "history/",
        "generated": build_date,
        "history": {"complete": history.complete, "state": history.state, "notice": history.notice or None},
        "earlier_revisions": [dict(e) for e in history.earlier],
        "versions": [{
            "number": v.number, "kind": v.kind, "kind_label": v.kind_label,
            "date": v.date or None, "date_source": v.date_source, "date_label": v.date_label,
            "in_force_from": v.in_force_from or None, "text_from": v.text_from or None,
            "commit": v.commit or None, "commit_date": v.commit_date or None,
            "revisions_added": [dict(e) for e in v.added], "data": v.data,
        } for v in history.versions],
    }


ASOF_NOTE = ("rules：每项制度的状态随日期变化的阶梯函数，每一级为 [起始日期, 状态, 版本号, 文本是否确为当日文本]，"
             "从起始日期起直到下一级的起始日期前一天有效；某日的状态取起始日期不晚于该日的最后一级，"
             "没有这样的一级表示该日尚未印发（或尚未收录）。状态为 in_force、under_revision 时当日施行；"
             "版本号对应 regulations/<编号>/versions.json 中的 number；文本标志为 false 表示本库没有该日的文本，"
             "所给版本是本库收录的最早文本。状态按各版本自身的印发、施行、废止和修订日期确定，不按提交日期。")


def _asof_rows(registry: Registry, found: dict[str, RuleHistory], day: str, source: str) -> list[dict]:
    """The as-of table for `day` as written into the page (history.js redraws it for the day picked)."""
    rows = []
    for rule in sorted(registry.rules.values(), key=registry.rule_order):
        history = found[rule.id]
        state = state_on(history, day)
        later = [v for v in history.versions if state is None or v.number > state[1]]
        rows.append({
            "rule": rule, "href": relative_url(history_page(rule.id).removesuffix(".md") + "/", source),
            "status": state[0] if state else None, "version": state[1] if state else None,
            "exact": state[2] if state else False, "later": later,
        })
    return rows


def _rule_files(rule, history: RuleHistory, build_date: str, templates: str) -> dict[str, str]:
    """A rule's history page, its fragments and versions.json; kept while their inputs are the same (a
    rule whose history, title and day did not change keeps its files: redlines are the costly part)."""
    # a committed version's text is fixed by its commit; only a version not committed yet is compared whole
    versions = tuple((v.number, v.kind, v.commit, v.commit_date, v.date, v.date_source, v.in_force_from,
                      v.text_from, json.dumps(v.data, ensure_ascii=False, sort_keys=True, default=str)
                      if not v.commit else "") for v in history.versions)
    key = (rule.title, rule.slug, build_date, history.state, len(history.earlier), versions, templates)
    source = history_page(rule.id)
    paths = (source, versions_api(rule.id), *(_fragment_path(rule.id, part) for part in PARTS))
    return reuse_files(f"history:{rule.id}", paths, key, lambda: _make_rule_files(rule, history, build_date, source))


def _make_rule_files(rule, history: RuleHistory, build_date: str, source: str) -> dict[str, str]:
    data = dump_json(_versions_json(rule, history, build_date))
    files = _rule_fragment(rule, history, source)
    markers = {part: fragment_marker(_fragment_path(rule.id, part), files[_fragment_path(rule.id, part)])
               for part in PARTS}
    files[source] = environment().get_template("history.md.j2").render(
        rule=rule, history=history, count=len(history.versions), markers=markers)
    files[versions_api(rule.id)] = data
    return files


def history_files(registry: Registry, root: Path, build_date: str) -> dict[str, str]:
    """Every history page, the as-of page, their fragments and their data files: site path -> text."""
    found = histories(registry, root, build_date)
    md = environment()
    files: dict[str, str] = {}
    rules_api: dict[str, list] = {}
    templates = code_digest(sorted(TEMPLATES.glob("history*.j2")))
    for rule_id, history in found.items():
        files.update(_rule_files(registry.rules[rule_id], history, build_date, templates))
        rules_api[rule_id] = steps(history)
    states = {h.state for h in found.values()} or {"complete"}
    notice = next((h.notice for h in found.values() if h.notice), "")
    files[ASOF_API] = dump_json({"api_version": "v1", "generated": build_date, "url": ASOF_PAGE.removesuffix(".md") + "/",
                             "history": {"complete": states == {"complete"}, "notice": notice or None},
                             "说明": ASOF_NOTE, "statuses": {s: STATUS_LABELS[s] for s in (*RULE_STATUSES, PENDING)},
                             "active": list(ACTIVE), "rules": rules_api})
    rows = _asof_rows(registry, found, build_date, ASOF_PAGE)
    data = {rule_id: [rules_api[rule_id], [[v.number, v.kind_label, v.date] for v in history.versions]]
            for rule_id, history in found.items()}
    days = sorted({s[0] for rule_steps in rules_api.values() for s in rule_steps})
    fragment = html_environment().get_template("asof.html.j2").render(
        rows=rows, day=build_date, first=days[0] if days else build_date, status_name=STATUS_LABELS,
        active=ACTIVE, script=relative_url(SCRIPT, ASOF_PAGE), labels=attribute_json(STATUS_LABELS),
        summary=summary([r["status"] for r in rows]), data=script_json(data))
    path = f"{FRAGMENTS}/history-asof.html"
    files[path] = fragment
    files[ASOF_PAGE] = md.get_template("asof.md.j2").render(notice=notice, marker=fragment_marker(path, fragment),
                                                            day=build_date)
    return files


def summary(statuses: list[str | None]) -> str:
    """The line above the as-of list (history.js writes the same for other days)."""
    count = {s: statuses.count(s) for s in set(statuses)}
    active = sum(count.get(s, 0) for s in ACTIVE)
    parts = [f"当日施行的制度 {active} 项（现行有效 {count.get('in_force', 0)} 项，修订中 {count.get('under_revision', 0)} 项）"]
    for status in (PENDING, "repealed", "draft"):
        if count.get(status):
            parts.append(f"{STATUS_LABELS[status]} {count[status]} 项")
    if count.get(None):
        parts.append(f"此后印发或收录 {count[None]} 项")
    return "，".join(parts) + "。"
