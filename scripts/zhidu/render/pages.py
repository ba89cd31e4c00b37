"""Jinja2 rendering of registry records into Markdown pages.

Templates run sandboxed. Every value printed with {{ }} is treated as text by default:
Markdown punctuation is backslash-escaped and HTML is entity-escaped, so a rule's text
can never become markup. Only values our own code marks as Markup pass through
(links and ids built by the filters below, after schema validation).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from zhidu.cache import COMPILED_TEMPLATES
from zhidu.model.checklists import Checklist, stage_checklist_id
from zhidu.kinds import KINDS, by_name
from zhidu.model.records import Registry
from zhidu.render.fragments import FRAGMENTS, fragment_marker
from zhidu.render.search_index import LABEL_ORDER, STATUS_ORDER
from zhidu.vocabulary import PENDING, RATING_RULE, RESULTS, RULE_STATUSES, STATUS_LABELS, UNCHECKED, scoring_json

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
                       external_url=external_url)
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
            "status_counts": Counter(now.values()),
            "kind_name": {k.id: k.name for k in tax.provision_kinds},
            "department_name": {d.id: d.name for d in tax.departments},
            "stage_name": {s.id: s.name for s in tax.lifecycle_stages},
            "domains": {d.code: d for d in tax.domains},
            "rule_checklists": {c.rule_id: c for c in self.checklists if c.rule_id},
            "checklists": {c.id: c for c in self.checklists},
            "star_name": {s.level: s.name for s in tax.star_levels},
            "stage_checklist_id": stage_checklist_id,
        }

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**self.common, **context)

    def pages(self) -> dict[str, str]:
        """Every generated page: path in the site's source -> Markdown. One page per entry of each
        kind that names a template in kinds.py, then the overview pages."""
        reg = self.registry
        pages = {}
        for kind in KINDS:
            if kind.template:
                for entry_id in sorted(reg.of(kind.name)):
                    pages[kind.page_source(entry_id)] = self.render(
                        kind.template, **{kind.context: reg.of(kind.name)[entry_id]})
        rules = sorted(reg.rules.values(), key=lambda r: r.id)
        pages["regulations/index.md"] = self.render("regulations_index.md.j2", rules=rules)
        for domain in reg.taxonomy.domains:
            pages[f"regulations/{domain.slug}.md"] = self.render(
                "domain.md.j2", domain=domain, rules=reg.rules_in(domain.code))
        refs = sorted(reg.references.values(), key=lambda r: r.id)
        pages["references/index.md"] = self.render("references_index.md.j2", references=refs)
        pages["glossary/index.md"] = self.render("glossary.md.j2", terms=reg.glossary, references=reg.references)
        for term in reg.glossary:
            pages[f"glossary/{term_anchor(term.term)}.md"] = self.render("term.md.j2", term=term, references=reg.references)
        pages["search/index.md"] = self.render("search.md.j2", labels=LABEL_ORDER, statuses=STATUS_ORDER)
        pages.update(self.service_pages())
        pages.update(self.asset_pages())
        pages.update(self.checklist_pages())
        entries = sorted(((rev.date, rule, rev.note) for rule in rules for rev in rule.revisions),
                         key=lambda e: (e[0], e[1].id), reverse=True)
        pages["changes/index.md"] = self.render("changes.md.j2", entries=entries)
        recent = sorted(rules, key=lambda r: r.revisions[-1].date, reverse=True)[:10]
        pages["_generated/dashboard.md"] = self.render("dashboard.md.j2", rules=rules, recent=recent)
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
        for checklist in self.checklists:
            html = form.render(checklist=checklist, results=RESULTS, unchecked=UNCHECKED, root="../../",
                               scoring=scoring_json(), rating_rule=RATING_RULE,
                               levels=[{"level": s.level, "name": s.name, "pass": s.pass_rate}
                                       for s in checklist.levels])
            fragment = f"{FRAGMENTS}/{checklist.slug}.html"
            pages[fragment] = html
            pages[f"checklists/{checklist.slug}.md"] = self.render(
                "checklist.md.j2", checklist=checklist, form=fragment_marker(fragment, html))
        of_kind = {kind: [c for c in self.checklists if c.kind == kind] for kind in ("profile", "service", "stage")}
        by_domain = {d.code: [c for c in self.checklists if c.rule_id and self.registry.rules[c.rule_id].domain == d.code]
                     for d in self.registry.taxonomy.domains}
        pages["checklists/index.md"] = self.render(
            "checklists_index.md.j2", profiles=of_kind["profile"], services=of_kind["service"],
            stages=of_kind["stage"], by_domain=by_domain)
        return pages
