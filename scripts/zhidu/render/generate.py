"""From the registry to every generated file of the site, in the cache folder.

Pages (Markdown), the JSON API and published schemas, checklist downloads, each current rule as Word,
registry.xlsx and the compendium (PDF and Word, made by the worker pool while MkDocs works). Only files whose content changed are rewritten; files no longer generated are
removed. The MkDocs plugin (plugin.py) adds what is listed here to the site.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from zhidu.cache import files_dir, write_if_changed
from zhidu.model.checklists import all_checklists, registry_date
from zhidu.export.downloads import DownloadReport, download_paths, write_checklist_downloads
from zhidu.export.fonts import cjk_font_family
from zhidu.model.records import Registry
from zhidu.export.opendata import DOCUMENTS, Documents, json_files, write_documents
from zhidu.export.ruledocs import RuleDownloads, rule_download_paths
from zhidu.render.reuse import stored_pages
from zhidu.pipeline import SCHEMAS
from zhidu.render.history_pages import history_files
from zhidu.render.pages import Renderer
from zhidu.render.propose_page import propose_files
from zhidu.settings import Bureau, bureau_settings

SNIPPETS = "_generated"      # included by hand-written pages (pymdownx.snippets), not pages themselves


@dataclass(frozen=True)
class Generated:
    written: int
    unchanged: int
    removed: int
    pages: tuple[str, ...]              # site paths of generated pages and data files
    download_paths: tuple[str, ...]     # site paths of every download, made or not
    downloads: DownloadReport | None    # None when downloads were not made (pages only)
    documents_rebuilt: bool = False
    rule_downloads: DownloadReport | None = None    # each current rule as Word; None when not made


def generate(registry: Registry, root: Path, build_date: str | None = None, *, downloads: bool = True,
             documents: bool = True, bureau: Bureau | None = None) -> Generated:
    """Pages and data; checklist downloads unless downloads=False; the workbook and the compendium
    too unless documents=False (then DocumentsInBackground makes them)."""
    site = files_dir(root)
    build_date = build_date or date.today().isoformat()
    bureau = bureau or bureau_settings(root)
    checklists = all_checklists(registry, build_date)
    with stored_pages(root) as stored:
        files = Renderer(registry, build_date, checklists).pages()
        files.update(json_files(registry, checklists, root / SCHEMAS, bureau.base_url, build_date))
        files.update(propose_files(registry))     # 提出修订: one form page for every rule (?id=…)
        files.update(history_files(registry, root, build_date))     # versions from git (regulations/<id>/history/)
        stored.before_writing()
        written = sum(write_if_changed(site / rel, text) for rel, text in files.items())
        stored.after_writing()
    rule_files = RuleDownloads(registry, root, bureau.name, build_date) if downloads else None   # in the pool
    made = write_checklist_downloads(checklists, root, bureau.name) if downloads else None
    rules_made = rule_files.finish() if rule_files else None
    wanted = download_paths(checklists) + rule_download_paths(registry, build_date) + DOCUMENTS
    keep = set(files) | set(wanted)
    removed = 0
    for path in sorted(site.rglob("*")) if site.is_dir() else ():
        if path.is_file() and path.relative_to(site).as_posix() not in keep:
            path.unlink()
            removed += 1
    rebuilt = bool(downloads and documents and write_documents(
        registry, root, bureau, registry_date(registry), build_date, cjk_font_family()))
    pages = tuple(sorted(rel for rel in files if not rel.startswith(SNIPPETS + "/")))
    return Generated(written, len(files) - written, removed, pages, wanted, made, rebuilt, rules_made)


class DocumentsInBackground:
    """registry.xlsx and compendium.pdf: the workbook written at once, the compendium typeset by the
    worker pool while MkDocs builds the pages. MkDocs needs the files to exist when it collects
    them (the home page links them), so a missing compendium gets an empty stand-in first;
    finish() puts the finished documents into the built site."""

    def __init__(self, registry: Registry, root: Path, day: str | None = None, bureau: Bureau | None = None):
        self.site = files_dir(root)
        bureau, as_of, day = bureau or bureau_settings(root), registry_date(registry), day or date.today().isoformat()
        for name in DOCUMENTS:
            if not (self.site / name).exists():
                (self.site / name).parent.mkdir(parents=True, exist_ok=True)
                (self.site / name).touch()
        self.documents = Documents(registry, root, bureau, as_of, day, cjk_font_family())

    def finish(self, site_dir: Path) -> None:
        """Wait for the documents and put them into the built site; raises if they failed."""
        if self.documents.finish():
            for name in DOCUMENTS:
                shutil.copy2(self.site / name, site_dir / name)

    def abandon(self) -> None:
        """After a failed build: the documents are not wanted now."""
        self.documents.abandon()
