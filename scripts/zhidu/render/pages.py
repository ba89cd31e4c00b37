"""Jinja2 rendering of registry records into Markdown pages.

Templates run sandboxed. Every value printed with {{ }} is treated as text by default:
Markdown punctuation is backslash-escaped and HTML is entity-escaped, so a rule's text
can never become markup. Only values our own code marks as Markup pass through
(links and ids built by the filters below, after schema validation).
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from collections import Counter
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from zhidu.cache import COMPILED_TEMPLATES
from zhidu.model.checklists import Checklist, registry_date, stage_checklist_id
from zhidu.kinds import KINDS, by_name
from zhidu.model.records import Registry
from zhidu.render.editorial import by_subject, findings
from zhidu.render.fragments import FRAGMENTS, fragment_marker
from zhidu.render.reuse import SHOWS, checklist_shows, reuse
from zhidu.render.search_index import LABEL_ORDER, STATUS_ORDER
from zhidu.vocabulary import (PENDING, RATING_RULE, RESULTS, RULE_STATUSES, STATUS_LABELS, UNCHECKED,
                              current_rules_summary, scoring_json)

TEMPLATES = Path(__file__).parent / "templates"

# Characters Python-Markdown (with the tables extension) honours a backslash escape for;
# < > & are left to HTML escaping, which also keeps them from starting a blockquote or tag.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(value) -> Markup:
    """Any value as inert Markdown text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(escape(_MD_SPECIAL.sub(r"\\\1", str(value))))


def md_cell(value) -> Markup:
    """Text for one Markdown table cell: one line."""
    return md_text(" ".join(str(value).split()))


def url_part(value) -> Markup:
    """A path segment (ids are schema-checked to be plain ASCII)."""
    return Markup(quote(str(value), safe=""))


def rel_path(value) -> Markup:
    """A relative path prefix written in a template, such as ../references/."""
    text = str(value)
    if not re.fullmatch(r"[A-Za-z0-9._/-]*", text):
        raise ValueError(f"not a plain relative path: {text!r}")
    return Markup(text)


def attr(value) -> Markup:
    """A value inside an HTML attribute."""
    return Markup(escape(str(value)))


def external_url(value) -> Markup:
    """An http(s) address as a Markdown link target; anything else is refused."""
    text = str(value)
    if not re.match(r"https?://", text):
        raise ValueError(f"not an http(s) address: {text!r}")
    return Markup(escape(quote(text, safe=":/?#@!$&'*+,;=%-._~")))


def page_link(kind: str, entry_id: str) -> Markup:
    """The page of an entry, as the path of its Markdown source from the site root (kinds.py decides)."""
    return Markup(quote(by_name(kind).page_source(str(entry_id)), safe="/"))


def term_anchor(term: str) -> Markup:
    """A glossary term's anchor: stable while the term's wording is, and plain ASCII."""
    return Markup("t-" + hashlib.sha1(term.encode("utf-8")).hexdigest()[:8])


def first_words(value: str, limit: int = 24) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


_YEARS = {1: "每年", 2: "每两年", 3: "每三年", 4: "每四年", 5: "每五年"}


def review_cycle(months: int) -> str:
    """How often a rule is reviewed, as a reader says it: 每两年评估一次, 每半年评估一次."""
    if months == 6:
        return "每半年评估一次"
    if months % 12 == 0 and months // 12 in _YEARS:
        return _YEARS[months // 12] + "评估一次"
    return f"每 {months} 个月评估一次"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """For Markdown pages; made once per process, so templates are compiled once (serve rebuilds reuse it).
    Not sandboxed: the templates are the project's own code; record text only ever reaches them as
    values, escaped by `finalize` and autoescape (a third of page time went to sandbox checks)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=COMPILED_TEMPLATES,
        autoescape=True,
        finalize=md_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=md_cell, url=url_part, attr=attr, path=rel_path, first_words=first_words,
                       external_url=external_url, review_cycle=review_cycle)
    env.globals["link"] = page_link
    env.globals["term_anchor"] = term_anchor
    return env


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """For HTML documents and fragments: HTML escaping only (no Markdown is involved)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), bytecode_cache=COMPILED_TEMPLATES, autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class Renderer:
    """Renders pages for one registry; lookups the templates need are precomputed here."""

    def __init__(self, registry: Registry, build_date: str, checklists: list[Checklist] = ()):
        self.registry = registry
        self.checklists = list(checklists)
        self.env = environment()
        self.html_env = html_environment()
        tax = registry.taxonomy
        self.common = {
            "registry": registry,
            "taxonomy": tax,
            "build_date": build_date,
            "status_name": STATUS_LABELS,
            "rule_statuses": (*RULE_STATUSES, PENDING),     # the statuses a rule can have on a day
            "status_now": (now := {r.id: r.status_on(build_date) for r in registry.rules.values()}),
            "status_counts": (counts := Counter(now.values())),
            "current_summary": current_rules_summary(counts),
            "as_of": registry_date(registry),
            "kind_name": {k.id: k.name for k in tax.provision_kinds},
            "department_name": {d.id: d.name for d in tax.departments},
            "stage_name": {s.id: s.name for s in tax.lifecycle_stages},
            "domains": {d.code: d for d in tax.domains},
            "rule_checklists": {c.rule_id: c for c in self.checklists if c.rule_id},
            "checklists": {c.id: c for c in self.checklists},
            "star_name": {s.level: s.name for s in tax.star_levels},
            "stage_checklist_id": stage_checklist_id,
            "rules_list": self.rules_list,      # the rules_table macro: a sortable, filterable list
        }
        self.fragments: dict[str, str] = {}     # list fragments made while rendering pages

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**self.common, **context)

    def pages(self) -> dict[str, str]:
        """Every generated page: path in the site's source -> Markdown. One page per entry of each
        kind that names a template in kinds.py, then the overview pages."""
        reg = self.registry
        pages = {}
        shared = (self.common["build_date"], reg.taxonomy)
        for kind in KINDS:
            if kind.template:
                shows = SHOWS.get(kind.name)
                for entry_id, entry in sorted(reg.of(kind.name).items()):
                    make = partial(self.render, kind.template, **{kind.context: entry})
                    path = kind.page_source(entry_id)
                    pages[path] = (reuse(path, (*shared, *shows(reg, entry, self.common["rule_checklists"])), make)
                                   if shows else make())
        rules = sorted(reg.rules.values(), key=lambda r: r.id)
        pages["regulations/index.md"] = self.render("regulations_index.md.j2", rules=rules,
                                                    page="regulations/index.md")
        for domain in reg.taxonomy.domains:
            source = f"regulations/{domain.slug}.md"
            pages[source] = self.render("domain.md.j2", domain=domain, rules=reg.rules_in(domain.code), page=source)
        refs = sorted(reg.references.values(), key=lambda r: r.id)
        pages["references/index.md"] = self.render(
            "references_index.md.j2", references=refs, table=self.references_list(refs, "references/index.md"))
        pages["glossary/index.md"] = self.render("glossary.md.j2", terms=reg.glossary, references=reg.references)
        for term in reg.glossary:
            path = f"glossary/{term_anchor(term.term)}.md"
            basis = reg.references.get(term.basis) if term.basis else None
            pages[path] = reuse(path, (term, basis and basis.title), partial(
                self.render, "term.md.j2", term=term, references=reg.references))
        pages["search/index.md"] = self.render("search.md.j2", labels=LABEL_ORDER, statuses=STATUS_ORDER)
        pages.update(self.service_pages())
        pages.update(self.asset_pages())
        pages.update(self.checklist_pages())
        entries = sorted(((rev.date, rule, rev.note) for rule in rules for rev in rule.revisions),
                         key=lambda e: (e[0], e[1].id), reverse=True)
        pages["changes/index.md"] = self.changes_page(entries, "changes/index.md")
        recent = sorted(rules, key=lambda r: r.revisions[-1].date, reverse=True)[:10]
        pages["_generated/dashboard.md"] = self.render("dashboard.md.j2", rules=rules, recent=recent)
        pages["regulations/limits.md"] = self.limits_page("regulations/limits.md")
        pages["editors.md"] = self.render("editors.md.j2", f=findings(reg, self.common["status_now"]))
        pages.update(self.fragments)
        return pages

    def service_pages(self) -> dict[str, str]:
        services = list(self.registry.services.values())
        by_level = {lvl.level: sum(c.star == lvl.level for s in services for c in s.clauses)
                    for lvl in self.registry.taxonomy.star_levels}
        return {"service-standards/index.md": self.render(
            "service_standards_index.md.j2", services=services, by_level=by_level,
            total=sum(len(s.clauses) for s in services))}

    def asset_pages(self) -> dict[str, str]:
        assets = list(self.registry.assets.values())
        return {"assets/index.md": self.render("assets_index.md.j2", assets=assets),
                "assets/lifecycle.md": self.render(
                    "lifecycle.md.j2", assets=assets, gaps=sum(s.is_gap for a in assets for s in a.stages),
                    unruled=sum(not s.is_gap and not s.rules for a in assets for s in a.stages))}

    def checklist_pages(self) -> dict[str, str]:
        form = self.html_env.get_template("checklist_form.html.j2")
        pages = {}
        shared = (self.common["build_date"], self.registry.taxonomy)
        for checklist in self.checklists:
            fragment = f"{FRAGMENTS}/{checklist.slug}.html"
            html = reuse(fragment, (checklist,), partial(
                form.render, checklist=checklist, results=RESULTS, unchecked=UNCHECKED, root="../../",
                scoring=scoring_json(), rating_rule=RATING_RULE,
                levels=[{"level": s.level, "name": s.name, "pass": s.pass_rate} for s in checklist.levels]))
            pages[fragment] = html
            page = f"checklists/{checklist.slug}.md"
            pages[page] = reuse(page, (*shared, *checklist_shows(self.registry, checklist)), partial(
                self.render, "checklist.md.j2", checklist=checklist, form=fragment_marker(fragment, html)))
        of_kind = {kind: [c for c in self.checklists if c.kind == kind] for kind in CHECKLIST_KINDS}
        pages["checklists/index.md"] = self.render(
            "checklists_index.md.j2", of_kind=of_kind, kind_label=CHECKLIST_KINDS,
            table=self.checklists_list("checklists/index.md"))
        return pages

    # -- lists: sortable, filterable tables as HTML fragments (list_*.html.j2, docs/javascripts/zhidu.js) ---
    # Markdown never sees them (a Markdown table of 200 rows is slow to parse), so their links are
    # final addresses relative to the page. Rows carry their values as data attributes; the filter
    # and sort controls ship hidden and zhidu.js shows them, keeping the choices in the address.

    def changes_page(self, entries, page: str) -> str:
        """变更记录: every revisions entry of every rule, newest first, as one HTML table."""
        c = self.common
        rows = [{"date": day, "id": rule.id, "title": rule.title, "href": site_link("regulation", rule.id, page),
                 "domain": c["domains"][rule.domain].name, "status": STATUS_LABELS[c["status_now"][rule.id]],
                 "note": note} for day, rule, note in entries]
        return self.render("changes.md.j2", entries=entries,
                           table=self._list_fragment("changes_table.html.j2", page, rows=rows))

    def limits_page(self, page: str) -> str:
        """时限与标准一览: every figure by subject, as one HTML table (it has hundreds of rows)."""
        status_now = self.common["status_now"]
        groups = [(subject, self.registry.limit_subjects.get(subject, ("", ""))[1], term_anchor(subject),
                   [{"text": limit.figure, "rule_id": rule.id, "rule_title": rule.title, "provision": provision.id,
                     "href": site_link("regulation", rule.id, page) + f"#{provision.id.lower()}",
                     "status": status_now[rule.id], "status_label": STATUS_LABELS[status_now[rule.id]]}
                    for rule, provision, limit in uses])
                  for subject, uses in by_subject(self.registry)]
        table = self._list_fragment("limits_table.html.j2", page, groups=groups)
        return self.render("limits.md.j2", table=table, count_subjects=len(groups),
                           count_uses=sum(len(rows) for *_, rows in groups))

    def _list_fragment(self, template: str, page: str, **context) -> Markup:
        html = self.html_env.get_template(template).render(**context)
        path = f"{FRAGMENTS}/list-{page.removesuffix('.md').replace('/', '-')}.html"
        self.fragments[path] = html
        return fragment_marker(path, html)

    def rules_list(self, rules, page: str, filters=("domain", "status", "owner", "category")) -> Markup:
        """The list of `rules` on the page made from `page` (its source path): a fragment marker."""
        c = self.common
        rows = sorted(rules, key=self.registry.rule_order)
        statuses = [s for s in STATUS_LABELS if s in (*RULE_STATUSES, PENDING)]
        items = [{"id": r.id, "title": r.title, "href": site_link("regulation", r.id, page),
                  "domain": c["domains"][r.domain].name, "category": r.category,
                  "owner": c["department_name"].get(r.owner, r.owner), "status": c["status_now"][r.id],
                  "status_label": STATUS_LABELS[c["status_now"][r.id]], "effective": r.effective}
                 for r in rows]
        by_domain: dict[str, list[str]] = {}
        for item in items:
            cats = by_domain.setdefault(item["domain"], [])
            if item["category"] not in cats:
                cats.append(item["category"])
        options = {
            "domain": ("领域", [d.name for d in self.registry.taxonomy.domains], None),
            "status": ("状态", [STATUS_LABELS[s] for s in statuses], None),
            "owner": ("责任处室", [d.name for d in self.registry.taxonomy.departments], None),
            "category": ("类别", [cat for cats in by_domain.values() for cat in cats],
                         by_domain if "domain" in filters and len(by_domain) > 1 else None),
        }
        controls = [list_filter(key, *options[key], items) for key in filters]
        sorts = [sort_option("编号", "order", "number", "asc", "从小到大"),
                 sort_option("编号", "order", "number", "desc", "从大到小"),
                 sort_option("施行日期", "effective", "date", "desc", "从新到旧"),
                 sort_option("施行日期", "effective", "date", "asc", "从旧到新")]
        return self._list_fragment("list_rules.html.j2", page, rows=items, filters=controls, sorts=sorts,
                                   show_domain="domain" in filters)

    def references_list(self, refs, page: str) -> Markup:
        """上位依据: by type, issuer and status; by date or name. Newest first without JavaScript too."""
        items = [{"id": r.id, "title": r.title, "href": site_link("reference", r.id, page),
                  "type": r.type, "issuer": r.issuer, "issuers": issuer_names(r.issuer),
                  "doc_number": r.doc_number, "issued": r.issued, "effective": r.effective,
                  "status": r.status, "status_label": STATUS_LABELS.get(r.status, r.status),
                  "verified": r.verified, "cited": len(r.cited_by)}
                 for r in refs]
        items.sort(key=lambda i: i["id"])
        items.sort(key=lambda i: i["issued"] or "", reverse=True)     # undated last
        issuers = Counter(name for i in items for name in i["issuers"])
        controls = [
            list_filter("type", "类型", [*REFERENCE_TYPES, *sorted({i["type"] for i in items} - set(REFERENCE_TYPES))],
                        None, items),
            list_filter("issuer", "发布机关", [name for name, _ in issuers.most_common()], None, items,
                        multi="issuers"),
            list_filter("status", "效力状态", [STATUS_LABELS[s] for s in STATUS_LABELS], None, items),
        ]
        sorts = [sort_option("发布日期", "issued", "date", "desc", "从新到旧"),
                 sort_option("发布日期", "issued", "date", "asc", "从旧到新"),
                 sort_option("施行日期", "effective", "date", "desc", "从新到旧"),
                 sort_option("施行日期", "effective", "date", "asc", "从旧到新"),
                 sort_option("名称", "title", "text", "asc", "按拼音")]
        return self._list_fragment("list_references.html.j2", page, rows=items, filters=controls, sorts=sorts)

    def checklists_list(self, page: str) -> Markup:
        """检查表: by kind and by the domains of the rules a checklist checks."""
        reg, domains = self.registry, self.common["domains"]
        order = {kind: n for n, kind in enumerate(CHECKLIST_KINDS)}
        rule_rank = {r.id: self.registry.rule_order(r) for r in reg.rules.values()}
        chosen = sorted(self.checklists, key=lambda c: (order.get(c.kind, len(order)),
                                                        rule_rank.get(c.rule_id, ()) if c.rule_id else ()))
        items = []
        for c in chosen:
            codes = self._checklist_domains(c)
            items.append({
                "id": c.id, "title": c.title, "href": site_link("checklist", c.id, page),
                "kind": CHECKLIST_KINDS.get(c.kind, c.kind), "source_id": c.source_id if c.kind != "profile" else "",
                "domains": [domains[d].name for d in domains if d in codes], "count": len(c.items),
                "downloads": [("分册下载", site_link("checklist", c.id, page) + "#downloads")] if c.parts else
                             [(label, relative_url(f"downloads/checklists/{c.slug}.{ext}", page))
                              for label, ext in (("PDF", "pdf"), ("Word", "docx"), ("Excel", "xlsx"))]})
        for item in items:
            item["domain"] = "、".join(item["domains"])
        controls = [list_filter("kind", "类型", list(CHECKLIST_KINDS.values()), None, items),
                    list_filter("domain", "领域", [d.name for d in reg.taxonomy.domains], None, items,
                                multi="domains")]
        sorts = [sort_option("类型", "order", "number", "asc", "专项、评分、资产、制度"),
                 sort_option("检查项", "count", "number", "desc", "从多到少"),
                 sort_option("检查项", "count", "number", "asc", "从少到多"),
                 sort_option("名称", "title", "text", "asc", "按拼音")]
        return self._list_fragment("list_checklists.html.j2", page, rows=items, filters=controls, sorts=sorts)

    def _checklist_domains(self, checklist) -> set[str]:
        """The domains of the rules a checklist checks (its items', and those its service or stage names)."""
        reg = self.registry
        ids = {i.source_id for i in checklist.items}
        if checklist.kind == "service" and checklist.source_id in reg.services:
            service = reg.services[checklist.source_id]
            ids.update(service.rules, *(clause.rules for clause in service.clauses))
        elif checklist.kind == "stage" and checklist.source_id in reg.assets:
            ids.update(rid for s in reg.assets[checklist.source_id].stages if s.id == checklist.stage for rid in s.rules)
        return {reg.rules[rid].domain for rid in ids if rid in reg.rules}


# The checklist kinds in the order the 检查表 list shows them, with what readers call them.
CHECKLIST_KINDS = {"profile": "专项检查表", "service": "服务标准评分表", "stage": "资产环节检查表", "rule": "制度检查表"}
# Document types by rank, as schemas/reference.schema.json lists them (tests check the two agree).
REFERENCE_TYPES = ("法律", "行政法规", "党内法规", "党内规范性文件", "部门规章", "规范性文件", "国家标准",
                   "行业标准", "地方标准", "地方性法规", "地方政府规章", "其他")


def page_folder(source: str) -> str:
    """The folder a generated page is served from (use_directory_urls): regulations/index.md is
    /regulations/, regulations/wu.md is /regulations/wu/."""
    stem = source.removesuffix(".md")
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def relative_url(target: str, source: str) -> str:
    """A site path (a page's folder ending in /, or a file) as a link from the page made from `source`."""
    link = posixpath.relpath(target, page_folder(source) or ".")
    return quote(link + ("/" if target.endswith("/") else ""), safe="/.")


def site_link(kind: str, entry_id: str, source: str) -> str:
    return relative_url(by_name(kind).page(entry_id), source)


def issuer_names(issuer: str) -> list[str]:
    """Each issuing body of a joint document (顿号-separated), without a trailing 等 or note in brackets:
    全国人民代表大会（2024年修正由…作出） is 全国人民代表大会 in the 发布机关 filter."""
    names = [re.sub(r"(等)?(（[^）]*）)?$", "", part.strip()) for part in issuer.split("、")]
    return [n for n in dict.fromkeys(names) if n]


def list_filter(key: str, name: str, values, groups, items, multi: str = "") -> dict:
    """One filter of a list: the values present among the rows, in the order given, each with its count.
    `multi`: the row field holding several values (a row matches any of them)."""
    counts = Counter(v for i in items for v in (i[multi] if multi else [i[key]]))
    label = (lambda v: STATUS_LABELS.get(v, v)) if key == "status" else (lambda v: v)
    counts = Counter({label(v): n for v, n in counts.items()})
    options = [(v, counts[v]) for v in values if counts[v]]
    grouped = [(g, [(v, counts[v]) for v in vs if counts[v]]) for g, vs in groups.items()] if groups else None
    return {"key": key, "attr": multi or key, "name": name, "options": options, "groups": grouped}


def sort_option(name: str, field: str, kind: str, direction: str, text: str) -> dict:
    word = "升序" if direction == "asc" else "降序"
    return {"value": f"{name}-{word}", "name": name, "field": field, "kind": kind, "dir": direction,
            "text": f"{name}（{text}）"}
