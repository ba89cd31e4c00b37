"""Typed, immutable records of the registry. The backward links are resolved when the registry is
built (a rule knows the rules naming it, a reference the rules citing it); the Registry answers the
other lookups (service standards and asset stages of a rule)."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from zhidu.model.authority import Database, Source, classify, database_for
from zhidu.vocabulary import figure_text, is_active, status_on


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    full_name: str
    slug: str
    target: int
    description: str


@dataclass(frozen=True)
class StarLevel:
    level: int
    name: str
    pass_rate: int   # percent of the applicable points needed to reach this level


@dataclass(frozen=True)
class ServiceArea:
    id: str
    name: str
    target: int      # number of clauses this area must have


@dataclass(frozen=True)
class AssetKind:
    id: str
    name: str
    pool: bool       # the 公物仓: a pool across categories


@dataclass(frozen=True)
class Taxonomy:
    domains: tuple[Domain, ...]
    departments: tuple[Named, ...]
    lifecycle_stages: tuple[Named, ...]
    star_levels: tuple[StarLevel, ...]
    provision_kinds: tuple[Named, ...]
    service_areas: tuple[ServiceArea, ...] = ()
    service_clause_total: int = 0
    asset_categories: tuple[AssetKind, ...] = ()

    def name_of(self, table: str, key: str) -> str:
        return next((n.name for n in getattr(self, table) if n.id == key), key)


@dataclass(frozen=True)
class Citation:
    ref: str
    articles: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Limit:
    """A figure an auditor checks (a deadline, frequency, threshold, amount, retention period, count)."""
    subject: str
    value: float
    unit: str
    bound: str          # max, min or exact

    @property
    def figure(self) -> str:
        """The figure as a reader says it: 不超过 30 日, 不少于 2 次/年, 为 10%."""
        return figure_text(self.value, self.unit, self.bound)

    @property
    def text(self) -> str:
        """With its subject: 投诉受理时限不超过 1 个工作日."""
        return self.subject + self.figure


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
    limits: tuple[Limit, ...] = ()


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

    def status_on(self, day: str) -> str:
        """The status as of an ISO date: the dates win over a status nobody updated."""
        return status_on(self.status, self.effective, self.repealed, day)

    def active_on(self, day: str) -> bool:
        """In force on that day: inspected, in the compendium."""
        return is_active(self.status_on(day))


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

    @property
    def current_text(self) -> str:
        """The text in force as readers name it, e.g. 2021年修正; "" when never amended.
        The top-level dates and 文号 describe this text; `revisions` are its history, oldest first."""
        if not self.revisions:
            return ""
        last = self.revisions[-1]
        kind = "修订" if "修订" in last.note else "修正" if "修正" in last.note else ""
        return f"{last.date[:4]}年{kind}" if kind else ""

    @property
    def sources_by_authority(self) -> tuple[Source, ...]:
        return classify(self.sources)

    @property
    def database(self) -> Database | None:
        return database_for(self.type)


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
    volumes: str = ""     # "domain": downloads split into one volume per domain


@dataclass(frozen=True)
class Clause:
    """One clause of a service standard: checkable, scored, from a star level upwards."""
    id: str
    title: str
    requirement: str
    star: int
    points: int
    evidence: tuple[str, ...]
    basis: tuple[Citation, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class ServiceStandard:
    id: str
    area: str
    title: str
    owner: str
    version: str
    effective: str
    summary: str
    scope: str
    basis: tuple[Citation, ...]
    rules: tuple[str, ...]
    clauses: tuple[Clause, ...]
    tags: tuple[str, ...]
    source: str

    @property
    def slug(self) -> str:
        return self.id.lower()


@dataclass(frozen=True)
class Requirement:
    id: str
    text: str
    evidence: tuple[str, ...]
    basis: tuple[Citation, ...]


@dataclass(frozen=True)
class Stage:
    """One life-cycle stage of an asset category; a gap when it has no requirements."""
    id: str
    name: str
    summary: str
    requirements: tuple[Requirement, ...]
    rules: tuple[str, ...]
    gap: str

    @property
    def is_gap(self) -> bool:
        return not self.requirements


@dataclass(frozen=True)
class Procedure:
    name: str
    steps: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    construction: str
    asset_types: tuple[str, ...]
    sources: tuple[str, ...]
    functions: tuple[tuple[str, str], ...]   # (name, description)
    procedures: tuple[Procedure, ...]


@dataclass(frozen=True)
class Classification:
    class_name: str
    code: str
    verified: bool
    note: str


@dataclass(frozen=True)
class AssetCategory:
    id: str
    name: str
    owner: str
    definition: str
    scope: str
    classification: Classification
    basis: tuple[Citation, ...]
    stages: tuple[Stage, ...]   # in taxonomy order
    pool: Pool | None
    tags: tuple[str, ...]
    source: str

    @property
    def slug(self) -> str:
        return self.id.lower()

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)


@dataclass(frozen=True)
class Entry:
    """A record of a kind with no builder of its own (kinds.py): its data as written."""
    id: str
    title: str
    data: Mapping[str, Any]
    source: str

    @property
    def slug(self) -> str:
        return self.id.lower()


@dataclass(frozen=True)
class Links:
    """What builders need beyond a record's own data: the taxonomy and the links resolved backwards."""
    taxonomy: Taxonomy
    related_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # rule -> rules naming it
    cited_by: Mapping[str, tuple] = field(default_factory=dict)                 # reference -> (rule, articles)


@dataclass(frozen=True)
class Registry:
    taxonomy: Taxonomy
    glossary: tuple[Term, ...]
    entries: Mapping[str, Mapping[str, Any]]          # kind -> id -> record, for every kind in kinds.py
    documents: Mapping[str, Mapping[str, dict]]       # kind -> id -> the validated data as written (the API)
    limit_subjects: Mapping[str, tuple[str, str]] = field(default_factory=dict)   # 时限与标准 subject -> (unit, description)
    file_hashes: Mapping[str, str] = field(default_factory=dict)    # source path -> SHA-256 of the file's bytes

    def of(self, kind: str) -> Mapping[str, Any]:
        return self.entries.get(kind, MappingProxyType({}))

    # the kinds the code knows by name
    rules = property(lambda self: self.of("regulation"))
    references = property(lambda self: self.of("reference"))
    services = property(lambda self: self.of("service-standard"))
    assets = property(lambda self: self.of("asset"))
    profiles = property(lambda self: self.of("checklist"))

    def rule_order(self, rule: Rule) -> tuple:
        """编号 order: the taxonomy's domains (人、财、物、事、党建), then the number."""
        domains = [d.code for d in self.taxonomy.domains]
        prefix, _, number = rule.id.rpartition("-")
        rank = domains.index(rule.domain) if rule.domain in domains else len(domains)
        return (rank, prefix, int(number) if number.isdigit() else 0, rule.id)

    def in_force_on(self, day: str) -> list[Rule]:
        """The rules in force on `day` (修订中 included), in id order: what the compendium and the Word
        downloads hold."""
        return sorted((r for r in self.rules.values() if r.active_on(day)), key=lambda r: r.id)

    def rules_in(self, domain: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.domain == domain]

    def services_for(self, rule_id: str) -> list[ServiceStandard]:
        """Service standards that name the rule, themselves or in a clause."""
        return [s for s in self.services.values()
                if rule_id in s.rules or any(rule_id in c.rules for c in s.clauses)]

    def stages_for(self, rule_id: str) -> list[tuple[AssetCategory, Stage]]:
        """Asset life-cycle stages governed by the rule."""
        return [(a, s) for a in self.assets.values() for s in a.stages if rule_id in s.rules]


# -- construction from validated plain data ---------------------------------

def _named(items: list[dict], key: str = "id") -> tuple[Named, ...]:
    return tuple(Named(str(i[key]), i["name"], i.get("description", "")) for i in items)


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
        star_levels=tuple(StarLevel(s["level"], s["name"], s["pass_rate"]) for s in data["star_levels"]),
        provision_kinds=_named(data["provision_kinds"]),
        service_areas=tuple(ServiceArea(a["id"], a["name"], a["target"]) for a in data["service_areas"]),
        service_clause_total=data["service_clause_total"],
        asset_categories=tuple(AssetKind(a["id"], a["name"], a.get("pool", False))
                               for a in data["asset_categories"]),
    )


def build_rule(data: dict, source: str, links: Links | None = None) -> Rule:
    return Rule(
        id=data["id"], title=data["title"], domain=data["domain"], category=data["category"],
        owner=data["owner"], status=data["status"], issued=data["issued"],
        effective=data["effective"], repealed=data.get("repealed", ""),
        review_cycle_months=data["review_cycle_months"], summary=data["summary"],
        scope=data["scope"], basis=_citations(data["basis"]),
        provisions=tuple(Provision(
            id=p["id"], title=p.get("title", ""), text=p["text"], kind=p["kind"],
            checkable=p["checkable"], evidence=tuple(p.get("evidence", ())),
            stages=tuple(p.get("stages", ())), basis=_citations(p.get("basis")),
            limits=tuple(Limit(x["subject"], x["value"], x["unit"], x["bound"]) for x in p.get("limits", ())))
            for p in data["provisions"]),
        related=tuple(data.get("related", ())), supersedes=data.get("supersedes", ""),
        superseded_by=data.get("superseded_by", ""), revisions=_revisions(data["revisions"]),
        tags=tuple(data.get("tags", ())), source=source,
        related_from=tuple(links.related_from.get(data["id"], ())) if links else (),
    )


def build_reference(data: dict, source: str, links: Links) -> Reference:
    return Reference(
        id=data["id"], title=data["title"], short_title=data.get("short_title", ""),
        type=data["type"], issuer=data["issuer"], doc_number=data.get("doc_number", ""),
        issued=data.get("issued", ""), effective=data.get("effective", ""),
        revisions=_revisions(data.get("revisions")), status=data["status"],
        domains=tuple(data.get("domains", ())), summary=data.get("summary", ""),
        verified=data["verified"], sources=tuple(data.get("sources", ())),
        notes=data.get("notes", ""), source=source, cited_by=tuple(links.cited_by.get(data["id"], ())),
    )


def build_profile(data: dict, source: str, links: Links | None = None) -> Profile:
    select = tuple((kind, tuple(value) if isinstance(value, list) else value)
                   for item in data["select"] for kind, value in item.items())
    return Profile(data["id"], data["title"], data["version"], data["purpose"], data["audience"],
                   select, tuple(data.get("exclude", ())), source, data.get("volumes", ""))


def build_service(data: dict, source: str, links: Links | None = None) -> ServiceStandard:
    return ServiceStandard(
        id=data["id"], area=data["area"], title=data["title"], owner=data["owner"],
        version=data["version"], effective=data["effective"], summary=data["summary"],
        scope=data["scope"], basis=_citations(data["basis"]), rules=tuple(data.get("rules", ())),
        clauses=tuple(Clause(c["id"], c["title"], c["requirement"], c["star"], c["points"],
                             tuple(c["evidence"]), _citations(c.get("basis")), tuple(c.get("rules", ())))
                      for c in data["clauses"]),
        tags=tuple(data.get("tags", ())), source=source)


def build_asset(data: dict, source: str, links: Links) -> AssetCategory:
    def stage(named: Named) -> Stage:
        s = data["stages"][named.id]
        return Stage(named.id, named.name, s.get("summary", ""),
                     tuple(Requirement(r["id"], r["text"], tuple(r["evidence"]), _citations(r.get("basis")))
                           for r in s.get("requirements", ())),
                     tuple(s.get("rules", ())), s.get("gap", ""))
    c, p = data["classification"], data.get("pool")
    pool = Pool(p["construction"], tuple(p["asset_types"]), tuple(p["sources"]),
                tuple((f["name"], f["description"]) for f in p["functions"]),
                tuple(Procedure(x["name"], tuple(x["steps"]), tuple(x.get("rules", ()))) for x in p["procedures"])
                ) if p else None
    return AssetCategory(
        id=data["id"], name=data["name"], owner=data["owner"], definition=data["definition"],
        scope=data["scope"],
        classification=Classification(c.get("class", ""), c.get("code", ""), c["verified"], c["note"]),
        basis=_citations(data.get("basis")), stages=tuple(stage(n) for n in links.taxonomy.lifecycle_stages),
        pool=pool,
        tags=tuple(data.get("tags", ())), source=source)


def build_registry(taxonomy: dict, glossary: dict | None,
                   records: Mapping[str, Mapping[str, tuple[dict, str]]],
                   file_hashes: Mapping[str, str] | None = None) -> Registry:
    """Validated plain data (kind -> id -> (data, source path)) into linked records, each kind by
    the builder its row in kinds.py names (a plain Entry where it names none)."""
    from zhidu.kinds import KINDS, resolve
    related_from: dict[str, list[str]] = {}
    cited_by: dict[str, dict[str, list[str]]] = {}
    for rule_id, (data, _) in sorted(records.get("regulation", {}).items()):
        for other in data.get("related", ()):
            related_from.setdefault(other, []).append(rule_id)
        citations = list(data["basis"]) + [c for p in data["provisions"] for c in p.get("basis", ())]
        for citation in citations:
            articles = cited_by.setdefault(citation["ref"], {}).setdefault(rule_id, [])
            articles.extend(a for a in citation.get("articles", ()) if a not in articles)
    links = Links(build_taxonomy(taxonomy),
                  {k: tuple(v) for k, v in related_from.items()},
                  {ref: tuple((rule, tuple(arts)) for rule, arts in sorted(by_rule.items()))
                   for ref, by_rule in cited_by.items()})
    entries, documents = {}, {}
    for kind in KINDS:
        build = resolve(kind.builder) if kind.builder else None
        given = sorted(records.get(kind.name, {}).items())
        entries[kind.name] = MappingProxyType({
            entry_id: build(data, source, links) if build else
            Entry(entry_id, str(data.get(kind.title_field, entry_id)), MappingProxyType(data), source)
            for entry_id, (data, source) in given})
        documents[kind.name] = MappingProxyType({entry_id: data for entry_id, (data, _) in given})
    terms = tuple(Term(t["term"], t["definition"], tuple(t.get("synonyms", ())), t.get("basis", ""))
                  for t in (glossary or {}).get("terms", ()))
    subjects = {x["subject"]: (x["unit"], x.get("description", "")) for x in (glossary or {}).get("limit_subjects", ())}
    return Registry(links.taxonomy, terms, MappingProxyType(entries), MappingProxyType(documents),
                    MappingProxyType(subjects), MappingProxyType(dict(file_hashes or {})))


def as_plain(value: Any) -> Any:
    """Records back to JSON-ready data (for the JSON output and tests)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: as_plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, (tuple, list)):
        return [as_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: as_plain(v) for k, v in value.items()}
    return value
