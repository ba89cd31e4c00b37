"""Typed, immutable records of the registry, with links resolved both ways."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping


@dataclass(frozen=True)
class Named:
    id: str
    name: str


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    full_name: str
    slug: str
    target: int
    description: str


@dataclass(frozen=True)
class Taxonomy:
    domains: tuple[Domain, ...]
    departments: tuple[Named, ...]
    lifecycle_stages: tuple[Named, ...]
    statuses: tuple[Named, ...]
    star_levels: tuple[Named, ...]
    provision_kinds: tuple[Named, ...]

    def domain(self, code: str) -> Domain:
        return next(d for d in self.domains if d.code == code)

    def name_of(self, table: str, key: str) -> str:
        return next((n.name for n in getattr(self, table) if n.id == key), key)


@dataclass(frozen=True)
class Citation:
    ref: str
    articles: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Provision:
    id: str
    title: str
    text: str
    kind: str
    checkable: bool
    evidence: tuple[str, ...]
    stages: tuple[str, ...]
    basis: tuple[Citation, ...]


@dataclass(frozen=True)
class Revision:
    date: str
    note: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    domain: str
    category: str
    owner: str
    status: str
    issued: str
    effective: str
    repealed: str
    review_cycle_months: int
    summary: str
    scope: str
    basis: tuple[Citation, ...]
    provisions: tuple[Provision, ...]
    related: tuple[str, ...]
    supersedes: str
    superseded_by: str
    revisions: tuple[Revision, ...]
    tags: tuple[str, ...]
    source: str
    # resolved backlinks
    related_from: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.id.lower()


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    short_title: str
    type: str
    issuer: str
    doc_number: str
    issued: str
    effective: str
    revisions: tuple[Revision, ...]
    status: str
    domains: tuple[str, ...]
    summary: str
    verified: bool
    sources: tuple[str, ...]
    notes: str
    source: str
    # resolved backlinks: (rule id, articles cited)
    cited_by: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    synonyms: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Profile:
    """A checklist profile: which checkable provisions to gather, and for whom."""
    id: str
    title: str
    version: str
    purpose: str
    audience: str
    select: tuple[tuple[str, Any], ...]   # (selector kind, value) in the order written
    exclude: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Registry:
    taxonomy: Taxonomy
    rules: Mapping[str, Rule]
    references: Mapping[str, Reference]
    glossary: tuple[Term, ...]
    profiles: Mapping[str, Profile] = field(default_factory=lambda: MappingProxyType({}))

    def rules_in(self, domain: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.domain == domain]


# -- construction from validated plain data ---------------------------------

def _named(items: list[dict], key: str = "id") -> tuple[Named, ...]:
    return tuple(Named(str(i[key]), i["name"]) for i in items)


def _citations(items: list[dict] | None) -> tuple[Citation, ...]:
    return tuple(Citation(c["ref"], tuple(c.get("articles", ())), c.get("note", "")) for c in items or ())


def _revisions(items: list[dict] | None) -> tuple[Revision, ...]:
    return tuple(Revision(r["date"], r["note"]) for r in items or ())


def build_taxonomy(data: dict) -> Taxonomy:
    return Taxonomy(
        domains=tuple(Domain(d["code"], d["name"], d["full_name"], d["slug"], d["target"],
                             d.get("description", "")) for d in data["domains"]),
        departments=_named(data["departments"]),
        lifecycle_stages=_named(data["lifecycle_stages"]),
        statuses=_named(data["statuses"]),
        star_levels=_named(data["star_levels"], key="level"),
        provision_kinds=_named(data["provision_kinds"]),
    )


def build_rule(data: dict, source: str, related_from: tuple[str, ...]) -> Rule:
    return Rule(
        id=data["id"], title=data["title"], domain=data["domain"], category=data["category"],
        owner=data["owner"], status=data["status"], issued=data["issued"],
        effective=data["effective"], repealed=data.get("repealed", ""),
        review_cycle_months=data["review_cycle_months"], summary=data["summary"],
        scope=data["scope"], basis=_citations(data["basis"]),
        provisions=tuple(Provision(
            id=p["id"], title=p.get("title", ""), text=p["text"], kind=p["kind"],
            checkable=p["checkable"], evidence=tuple(p.get("evidence", ())),
            stages=tuple(p.get("stages", ())), basis=_citations(p.get("basis")))
            for p in data["provisions"]),
        related=tuple(data.get("related", ())), supersedes=data.get("supersedes", ""),
        superseded_by=data.get("superseded_by", ""), revisions=_revisions(data["revisions"]),
        tags=tuple(data.get("tags", ())), source=source, related_from=related_from,
    )


def build_reference(data: dict, source: str, cited_by: tuple) -> Reference:
    return Reference(
        id=data["id"], title=data["title"], short_title=data.get("short_title", ""),
        type=data["type"], issuer=data["issuer"], doc_number=data.get("doc_number", ""),
        issued=data.get("issued", ""), effective=data.get("effective", ""),
        revisions=_revisions(data.get("revisions")), status=data["status"],
        domains=tuple(data.get("domains", ())), summary=data.get("summary", ""),
        verified=data["verified"], sources=tuple(data.get("sources", ())),
        notes=data.get("notes", ""), source=source, cited_by=cited_by,
    )


def build_profile(data: dict, source: str) -> Profile:
    select = tuple((kind, tuple(value) if isinstance(value, list) else value)
                   for item in data["select"] for kind, value in item.items())
    return Profile(data["id"], data["title"], data["version"], data["purpose"], data["audience"],
                   select, tuple(data.get("exclude", ())), source)


def build_registry(taxonomy: dict, rules: dict[str, tuple[dict, str]],
                   references: dict[str, tuple[dict, str]], glossary: dict | None,
                   profiles: dict[str, tuple[dict, str]] | None = None) -> Registry:
    """Plain validated data (id -> (data, source path)) into linked records."""
    related_from: dict[str, list[str]] = {}
    cited_by: dict[str, dict[str, list[str]]] = {}
    for rule_id, (data, _) in sorted(rules.items()):
        for other in data.get("related", ()):
            related_from.setdefault(other, []).append(rule_id)
        citations = list(data["basis"]) + [c for p in data["provisions"] for c in p.get("basis", ())]
        for citation in citations:
            articles = cited_by.setdefault(citation["ref"], {}).setdefault(rule_id, [])
            articles.extend(a for a in citation.get("articles", ()) if a not in articles)
    built_rules = {
        rule_id: build_rule(data, source, tuple(related_from.get(rule_id, ())))
        for rule_id, (data, source) in sorted(rules.items())
    }
    built_refs = {
        ref_id: build_reference(data, source, tuple(
            (rule_id, tuple(arts)) for rule_id, arts in sorted(cited_by.get(ref_id, {}).items())))
        for ref_id, (data, source) in sorted(references.items())
    }
    terms = tuple(Term(t["term"], t["definition"], tuple(t.get("synonyms", ())), t.get("basis", ""))
                  for t in (glossary or {}).get("terms", ()))
    built_profiles = {pid: build_profile(data, source) for pid, (data, source) in sorted((profiles or {}).items())}
    return Registry(build_taxonomy(taxonomy), MappingProxyType(built_rules),
                    MappingProxyType(built_refs), terms, MappingProxyType(built_profiles))


def as_plain(value: Any) -> Any:
    """Records back to JSON-ready data (for the JSON output and tests)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: as_plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, (tuple, list)):
        return [as_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: as_plain(v) for k, v in value.items()}
    return value
