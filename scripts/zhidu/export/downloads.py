"""Checklist downloads: PDF, XLSX and CSV per checklist, plus one zip, in the cache folder.

A checklist's files are remade only when its content hash changed. The hash covers the
checklist's data, the bureau's name and the exporters' own code and template, so a change
to either remakes exactly what it affects.
"""
from __future__ import annotations

import json
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from zhidu.cache import HashCache, atomic_output, code_digest, digest, files_dir, write_atomic
from zhidu.model.checklists import Checklist
from zhidu.export.csvfile import csv_bytes
from zhidu.export.fonts import cjk_font_family
from zhidu.export.pdf import pdf_bytes
from zhidu.export.xlsx import xlsx_bytes
from zhidu.model.records import as_plain
from zhidu.processes import die_with_parent
from zhidu.render.pages import TEMPLATES

CHECKLIST_DIR = "downloads/checklists"
ZIP_NAME = "downloads/checklists.zip"
FORMATS = ("pdf", "xlsx", "csv")
_EXPORTERS = ("csvfile.py", "fonts.py", "pdf.py", "rows.py", "xlsx.py")
_EXPORT_SOURCES = [Path(__file__).parent / name for name in _EXPORTERS] + [
    Path(__file__).parents[1] / "model" / "scoring.py", Path(__file__).parents[1] / "vocabulary.py",
    TEMPLATES / "checklist_print.html.j2"]


@dataclass(frozen=True)
class DownloadReport:
    regenerated: int
    unchanged: int
    removed: int


def download_paths(checklists: list[Checklist]) -> tuple[str, ...]:
    """Every checklist download, as a path in the site (whether or not made yet)."""
    return tuple(sorted(f"{CHECKLIST_DIR}/{c.slug}.{fmt}" for c in checklists for fmt in FORMATS)) + (ZIP_NAME,)


def fingerprint(checklist: Checklist, exporters: str, bureau: str = "") -> str:
    return digest(exporters, json.dumps([as_plain(checklist), bureau], ensure_ascii=False, sort_keys=True))


def _make_pdf(job: tuple[Checklist, str, str]) -> None:
    checklist, font, target = job
    write_atomic(Path(target), pdf_bytes(checklist, font))


def _zip(folder: Path, names: list[str], target: Path) -> None:
    """A zip whose bytes depend only on the files in it (fixed timestamps, sorted names)."""
    with atomic_output(target) as temporary, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"checklists/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (folder / name).read_bytes())


def write_checklist_downloads(checklists: list[Checklist], root: Path, bureau: str) -> DownloadReport:
    site = files_dir(root)
    folder = site / CHECKLIST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    cache = HashCache(root, "checklists")
    exporters = code_digest(_EXPORT_SOURCES)
    wanted = {c.slug: fingerprint(c, exporters, bureau) for c in checklists}
    stale = [c for c in checklists
             if not cache.fresh(c.slug, wanted[c.slug])
             or not all((folder / f"{c.slug}.{fmt}").is_file() for fmt in FORMATS)]

    if stale:
        font = cjk_font_family()  # fails the build, with what to install, before any PDF is made
        cache.forget(*(checklist.slug for checklist in stale))
        for checklist in stale:
            write_atomic(folder / f"{checklist.slug}.csv", csv_bytes(checklist))
            write_atomic(folder / f"{checklist.slug}.xlsx", xlsx_bytes(checklist, bureau))
        jobs = [(c, font, str(folder / f"{c.slug}.pdf")) for c in stale]
        if len(jobs) > 2 and (os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor(max_workers=os.cpu_count(), initializer=die_with_parent,
                                     initargs=(os.getpid(),)) as pool:
                list(pool.map(_make_pdf, jobs, chunksize=4))
        else:
            for job in jobs:
                _make_pdf(job)

    keep = {f"{slug}.{fmt}" for slug in wanted for fmt in FORMATS}
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()
            removed += 1
    archive = site / ZIP_NAME
    if stale or removed or not archive.is_file():
        _zip(folder, sorted(keep), archive)
    for slug, hashed in wanted.items():
        cache.remember(slug, hashed)
    cache.keep_only(wanted)
    cache.save()
    return DownloadReport(len(stale), len(checklists) - len(stale), removed)
