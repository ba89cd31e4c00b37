"""The static JSON API (/api/v1/) and the published JSON Schemas (/schemas/).

Each entry is published as written in its YAML file (valid against the published
schema of its kind) together with its links resolved both ways. URLs are relative to
the site root, so the API works wherever the site is served.
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from zhidu.model.checklists import Checklist, stage_checklist_id
from zhidu.kinds import API, KINDS, Kind
from zhidu.model.records import Registry
from zhidu.validate.schemas import with_domain_codes

VERSION = "v1"
ALL_ENTRIES = f"{API}/all.jsonl.gz"


def dump_json(data, readable: bool = False) -> str:
    """Data files compact (json's C encoder, a fifth smaller); `readable` for the few files people
    open to read, such as the published schemas."""
    if readable:
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# The "links" of each kind's entries, as its row in kinds.py names them: resolved both ways.
def rule_links(kind: Kind, entry_id: str, registry: Registry, checklists: dict[str, Checklist]) -> dict:
    rule = registry.rules[entry_id]
    refs = sorted({c.ref for c in rule.basis} | {c.ref for p in rule.provisions for c in p.basis})
    return {"related": list(rule.related), "related_from": list(rule.related_from),
            "supersedes": rule.supersedes or None, "superseded_by": rule.superseded_by or None,
            "references": refs, "service_standards": [s.id for s in registry.services_for(entry_id)],
            "asset_stages": [f"{a.id}.{s.id}" for a, s in registry.stages_for(entry_id)],
            "checklist": entry_id if entry_id in checklists else None}


def reference_links(kind: Kind, entry_id: str, registry: Registry, checklists: dict[str, Checklist]) -> dict:
    return {"cited_by": [{"rule": r, "articles": list(a)} for r, a in registry.references[entry_id].cited_by]}


def service_links(kind: Kind, entry_id: str, registry: Registry, checklists: dict[str, Checklist]) -> dict:
    standard = registry.services[entry_id]
    rules = sorted(set(standard.rules) | {r for c in standard.clauses for r in c.rules})
    return {"rules": rules, "checklist": entry_id}


def asset_links(kind: Kind, entry_id: str, registry: Registry, checklists: dict[str, Checklist]) -> dict:
    asset = registry.assets[entry_id]
    return {"stages": {s.id: {"rules": list(s.rules), "gap": s.is_gap,
                              "checklist": stage_checklist_id(asset, s) if not s.is_gap else None}
                       for s in asset.stages}}


def checklist_links(kind: Kind, entry_id: str, registry: Registry, checklists: dict[str, Checklist]) -> dict:
    return {"items": [item.key for item in checklists[entry_id].items]}


def _summary(kind: Kind, data: dict, url: str, api: str) -> dict:
    return {"id": data["id"], "kind": kind.name, "title": data.get(kind.title_field),
            "domain": data.get("domain"), "status": data.get("status"), "issued": data.get("issued"),
            "effective": data.get("effective"), "url": url, "api": api}


def api_files(registry: Registry, checklists: list[Checklist], build_date: str) -> dict[str, str | bytes]:
    """Path under docs/ -> JSON text: the index, one file per entry, and all entries as one gzipped
    JSON Lines file (the same entries again, so only compressed: a sixth of their size). Each entry
    names its file and the SHA-256 of its bytes (`source`): the base a revision proposed on the site
    names, which `zhidu apply` compares with the file (browsers on plain-http intranet pages cannot
    hash, so the build does, from the bytes it validated)."""
    by_id = {c.id: c for c in checklists}
    files, index, lines = {}, [], []
    for kind in KINDS:
        for entry_id, data in sorted(registry.documents.get(kind.name, {}).items()):
            api, page = kind.api(entry_id), kind.page(entry_id)
            links = kind.call("links", kind, entry_id, registry, by_id) if kind.links else {}
            entry = {"api_version": VERSION, "kind": kind.name, "id": entry_id, "url": page,
                     "data": data, "links": links}
            source = getattr(registry.of(kind.name).get(entry_id), "source", "")
            if source in registry.file_hashes:
                entry["source"] = {"path": source, "sha256": registry.file_hashes[source]}
            files[api] = line = dump_json(entry)
            lines.append(line)
            index.append(_summary(kind, data, page, api))
    counts = {kind.name: sum(1 for e in index if e["kind"] == kind.name) for kind in KINDS}
    files[f"{API}/index.json"] = dump_json({"api_version": VERSION, "generated": build_date,
                                        "counts": counts, "entries": index})
    files[ALL_ENTRIES] = gzip.compress("".join(lines).encode("utf-8"), mtime=0)
    return files


def with_kinds(entry_schema: dict) -> dict:
    """The API entry's schema with the kinds of the table: their names, and each kind's data schema."""
    schema = json.loads(json.dumps(entry_schema))
    schema["properties"]["kind"] = {
        "title": "条目类型", "description": "、".join(f"{k.name} {k.label}" for k in KINDS) + "。",
        "enum": [k.name for k in KINDS]}
    schema["allOf"] = [{"if": {"properties": {"kind": {"const": k.name}}},
                        "then": {"properties": {"data": {"$ref": f"{k.schema}.schema.json"}}}} for k in KINDS]
    return schema


def published_schemas(schema_dir: Path, base_url: str, domain_codes: list[str] = ()) -> dict[str, str]:
    """schemas/<name>.schema.json -> schemas/<name>.json, with the taxonomy's domain codes filled in
    and a stable $id under the site's public address when one is configured; without one the $id is
    left out, so references resolve against wherever the schema was fetched from."""
    schemas = {path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
               for path in sorted(schema_dir.glob("*.schema.json"))}
    if domain_codes and "defs" in schemas:
        schemas = with_domain_codes(schemas, domain_codes)
    if "api-entry" in schemas:
        schemas["api-entry"] = with_kinds(schemas["api-entry"])
    files = {}
    for name, schema in schemas.items():
        text = re.sub(r'"([a-z-]+)\.schema\.json(#[^"]*)?"', r'"\1.json\2"', json.dumps(schema, ensure_ascii=False, indent=1))
        schema = json.loads(text)
        if base_url:
            schema = {"$id": f"{base_url}schemas/{name}.json", **schema}
        files[f"schemas/{name}.json"] = dump_json(schema, readable=True)
    return files
