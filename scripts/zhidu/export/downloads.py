"""Checklist downloads: PDF, XLSX and Word (.docx) per checklist, or per volume of a checklist
split into volumes (Checklist.downloads), in the cache folder.

No zip of them all: it stored every PDF a second time (half the site's weight), while an
inspection needs one checklist; the whole site, downloads included, is site.zip.

A checklist's files are remade only when its content hash changed. The hash covers the
checklist's data, the bureau's name and the exporters' own code and template, so a change
to either remakes exactly what it affects.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from zhidu.cache import HashCache, code_digest, digest, files_dir, write_atomic
from zhidu.model.checklists import Checklist
from zhidu.export.fonts import cjk_font_family
from zhidu.export.pdf import TEMPLATES as TYPST, checklist_pdf
from zhidu.export.xlsx import xlsx_bytes
from zhidu.model.records import as_plain
from zhidu.processes import executor

CHECKLIST_DIR = "downloads/checklists"
# No CSV file: the workbook holds the same table, and the online form exports CSV (with the answers).
FORMATS = ("pdf", "xlsx", "docx")
_EXPORTERS = ("fonts.py", "pdf.py", "rows.py", "word.py", "xlsx.py")
_EXPORT_SOURCES = [Path(__file__).parent / name for name in _EXPORTERS] + [
    Path(__file__).parents[1] / "model" / "scoring.py", Path(__file__).parents[1] / "vocabulary.py",
    TYPST / "checklist.typ"]


@dataclass(frozen=True)
class DownloadReport:
    regenerated: int
    unchanged: int
    removed: int


def download_paths(checklists: list[Checklist]) -> tuple[str, ...]:
    """Every checklist download, as a path in the site (whether or not made yet)."""
    return tuple(sorted(f"{CHECKLIST_DIR}/{part.slug}.{fmt}"
                        for c in checklists for part in c.downloads for fmt in FORMATS))


def fingerprint(checklist: Checklist, exporters: str, bureau: str = "") -> str:
    return digest(exporters, json.dumps([as_plain(checklist), bureau], ensure_ascii=False, sort_keys=True))


def _make_pdf(job: tuple[Checklist, str, str]) -> None:
    checklist, font, target = job
    write_atomic(Path(target), checklist_pdf(checklist, font))


def _make_docx(job: tuple[Checklist, str, str]) -> None:
    from zhidu.export.word import checklist_docx
    checklist, bureau, target = job
    write_atomic(Path(target), checklist_docx(checklist, bureau))


def write_checklist_downloads(checklists: list[Checklist], root: Path, bureau: str) -> DownloadReport:
    checklists = [part for c in checklists for part in c.downloads]
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
        # longest first, so that the large profiles do not finish last on one core
        jobs = [(c, font, str(folder / f"{c.slug}.pdf")) for c in sorted(stale, key=lambda c: -len(c.items))]
        pool = executor(len(stale))
        pdfs = pool.map(_make_pdf, jobs)
        # the Word files too, in chunks (a few milliseconds each), queued behind the PDFs
        words = [(c, bureau, str(folder / f"{c.slug}.docx")) for c in stale]
        docx = pool.map(_make_docx, words, chunksize=max(1, len(words) // 16))
        for checklist in stale:     # meanwhile, here: the workbooks
            write_atomic(folder / f"{checklist.slug}.xlsx", xlsx_bytes(checklist, bureau))
        list(pdfs), list(docx)

    keep = {f"{slug}.{fmt}" for slug in wanted for fmt in FORMATS}
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()
            removed += 1
    for slug, hashed in wanted.items():
        cache.remember(slug, hashed)
    cache.keep_only(wanted)
    cache.save()
    return DownloadReport(len(stale), len(checklists) - len(stale), removed)
