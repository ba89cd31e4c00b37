"""Open data and paper: the JSON API, the published schemas, registry.xlsx, compendium.pdf and compendium.docx.

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
from zhidu.processes import executor
from zhidu.settings import Bureau

CATALOGUE = "downloads/registry.xlsx"
COMPENDIUM = "downloads/compendium.pdf"
COMPENDIUM_DOCX = "downloads/compendium.docx"
DOCUMENTS = (CATALOGUE, COMPENDIUM, COMPENDIUM_DOCX)
_SOURCES = [Path(__file__).parent / n for n in ("catalogue.py", "compendium.py", "pdf.py", "typst/compendium.typ",
                                                 "word.py")]


def _fingerprint(registry: Registry, bureau: Bureau, as_of: str, day: str) -> str:
    statuses = {r.id: r.status_on(day) for r in registry.rules.values()}    # dates move rules in and out
    data = json.dumps([registry.documents, statuses, bureau.name, bureau.base_url, as_of], ensure_ascii=False,
                      sort_keys=True, default=dict)
    return digest(data, code_digest(_SOURCES))


def json_files(registry: Registry, checklists: list[Checklist], schema_dir: Path, base_url: str,
               build_date: str) -> dict[str, str | bytes]:
    """Every JSON file of the site: path in the site -> text."""
    codes = [d.code for d in registry.taxonomy.domains]
    return {**api_files(registry, checklists, build_date), **published_schemas(schema_dir, base_url, codes)}


def _fresh(root: Path, wanted: str) -> bool:
    site = files_dir(root)
    return (HashCache(root, "documents").fresh("documents", wanted)
            and all((site / name).is_file() and (site / name).stat().st_size for name in DOCUMENTS))


class Documents:
    """registry.xlsx, written at once, and compendium.pdf and compendium.docx, made by the worker pool
    meanwhile; finish() waits for them and records what was made."""

    def __init__(self, registry: Registry, root: Path, bureau: Bureau, as_of: str, day: str, font: str):
        from zhidu.export.catalogue import catalogue_bytes
        from zhidu.export.pdf import compendium_data
        self.root, self.wanted = root, _fingerprint(registry, bureau, as_of, day)
        self.job = self.word = None
        if _fresh(root, self.wanted):
            return
        HashCache(root, "documents").forget("documents")
        site = files_dir(root)
        write_atomic(site / CATALOGUE, catalogue_bytes(registry, bureau, as_of, day))
        data = compendium_data(registry, as_of, bureau.name, day)
        pool = executor(2)
        self.job = pool.submit(_typeset_compendium, font, data, str(site / COMPENDIUM))
        from zhidu.export.word import compendium_word_data
        self.word = pool.submit(_compendium_docx, compendium_word_data(registry, as_of, bureau.name, day),
                                         str(site / COMPENDIUM_DOCX))

    @property
    def remade(self) -> bool:
        return self.job is not None

    def finish(self) -> bool:
        """Wait for the compendium (raises if it failed); True if the documents were remade."""
        if self.job is None:
            return False
        self.job.result()
        self.word.result()
        cache = HashCache(self.root, "documents")
        cache.remember("documents", self.wanted)
        cache.save()
        return True

    def abandon(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.word.cancel()


def _typeset_compendium(font: str, data: dict, target: str) -> None:
    from zhidu.export.pdf import typeset
    write_atomic(Path(target), typeset("compendium.typ", font, data))


def _compendium_docx(data: dict, target: str) -> None:
    from zhidu.export.word import compendium_docx
    write_atomic(Path(target), compendium_docx(data))


def write_documents(registry: Registry, root: Path, bureau: Bureau, as_of: str, day: str, font: str) -> bool:
    """registry.xlsx, compendium.pdf and compendium.docx (rules as in force on `day`), when anything they show changed.
    True if remade."""
    return Documents(registry, root, bureau, as_of, day, font).finish()
