"""Open data and paper: the JSON API, the published schemas, registry.xlsx and compendium.pdf.

The workbook and the compendium are remade only when the registry's data, the bureau's
settings or their own code changed.
"""
from __future__ import annotations

import json
from pathlib import Path

from zhidu.cache import HashCache, code_digest, digest, files_dir, write_atomic
from zhidu.model.checklists import Checklist
from zhidu.export.api import api_files, published_schemas
from zhidu.model.records import Registry
from zhidu.render.pages import TEMPLATES
from zhidu.settings import Bureau

CATALOGUE = "downloads/registry.xlsx"
COMPENDIUM = "downloads/compendium.pdf"
DOCUMENTS = (CATALOGUE, COMPENDIUM)
_SOURCES = [Path(__file__).parent / n for n in ("catalogue.py", "compendium.py")] + [
    TEMPLATES / "compendium.html.j2"]


def _fingerprint(registry: Registry, bureau: Bureau, as_of: str, day: str) -> str:
    statuses = {r.id: r.status_on(day) for r in registry.rules.values()}    # dates move rules in and out
    data = json.dumps([registry.documents, statuses, bureau.name, bureau.base_url, as_of], ensure_ascii=False,
                      sort_keys=True, default=dict)
    return digest(data, code_digest(_SOURCES))


def json_files(registry: Registry, checklists: list[Checklist], schema_dir: Path, base_url: str,
               build_date: str) -> dict[str, str]:
    """Every JSON file of the site: path in the site -> text."""
    codes = [d.code for d in registry.taxonomy.domains]
    return {**api_files(registry, checklists, build_date), **published_schemas(schema_dir, base_url, codes)}


def documents_fresh(root: Path, registry: Registry, bureau: Bureau, as_of: str, day: str) -> bool:
    return _fresh(root, _fingerprint(registry, bureau, as_of, day))


def _fresh(root: Path, wanted: str) -> bool:
    site = files_dir(root)
    return (HashCache(root, "documents").fresh("documents", wanted)
            and all((site / name).is_file() and (site / name).stat().st_size for name in DOCUMENTS))


def write_documents(registry: Registry, root: Path, bureau: Bureau, as_of: str, day: str, font: str) -> bool:
    """registry.xlsx and compendium.pdf (rules as in force on `day`), when anything they show changed.
    True if remade."""
    from zhidu.export.catalogue import catalogue_bytes
    from zhidu.export.compendium import compendium_pdf
    wanted = _fingerprint(registry, bureau, as_of, day)
    if _fresh(root, wanted):
        return False
    cache, site = HashCache(root, "documents"), files_dir(root)
    cache.forget("documents")
    write_atomic(site / CATALOGUE, catalogue_bytes(registry, bureau, as_of, day))
    write_atomic(site / COMPENDIUM, compendium_pdf(registry, font, as_of, bureau.name, day))
    cache.remember("documents", wanted)
    cache.save()
    return True
