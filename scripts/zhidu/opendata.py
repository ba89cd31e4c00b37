"""Open data and paper: the JSON API, the published schemas, registry.xlsx and compendium.pdf.

The JSON files are rewritten only when their text changed; the workbook and the
compendium only when the registry's data (or their own code) changed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .checklists import Checklist
from .exports.api import api_files, published_schemas
from .model import Registry
from .render import TEMPLATES
from .settings import Bureau

CATALOGUE = "downloads/registry.xlsx"
COMPENDIUM = "downloads/compendium.pdf"
MANIFEST = "downloads/.opendata.json"
_SOURCES = [Path(__file__).parent / "exports" / n for n in ("catalogue.py", "compendium.py")] + [
    TEMPLATES / "compendium.html.j2"]


@dataclass(frozen=True)
class OpenDataReport:
    json_written: int
    documents_rebuilt: bool


def _fingerprint(registry: Registry, bureau: Bureau, as_of: str) -> str:
    digest = hashlib.sha256(json.dumps([registry.documents, bureau.name, bureau.base_url, as_of], ensure_ascii=False,
                                       sort_keys=True, default=dict).encode("utf-8"))
    for path in _SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def json_files(registry: Registry, checklists: list[Checklist], schema_dir: Path, base_url: str,
               build_date: str) -> dict[str, str]:
    """Every JSON file of the site: path under docs/ -> text."""
    return {**api_files(registry, checklists, build_date), **published_schemas(schema_dir, base_url)}


def write_documents(registry: Registry, docs: Path, bureau: Bureau, as_of: str, font: str) -> bool:
    """registry.xlsx and compendium.pdf, when the registry changed. True if rebuilt."""
    from .exports.catalogue import catalogue_bytes
    from .exports.compendium import compendium_pdf
    wanted = _fingerprint(registry, bureau, as_of)
    manifest = docs / MANIFEST
    current = manifest.read_text(encoding="utf-8").strip() if manifest.is_file() else ""
    if current == wanted and (docs / CATALOGUE).is_file() and (docs / COMPENDIUM).is_file():
        return False
    manifest.unlink(missing_ok=True)
    _write_bytes(docs / CATALOGUE, catalogue_bytes(registry, bureau, as_of))
    _write_bytes(docs / COMPENDIUM, compendium_pdf(registry, font, as_of, bureau.name))
    _write_bytes(manifest, wanted.encode("utf-8"))
    return True
