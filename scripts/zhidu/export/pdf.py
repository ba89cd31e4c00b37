"""PDF with Typst: the checklists (A4 landscape) and the compendium (A4 portrait).

Typst was chosen over WeasyPrint by measurement (docs/performance.md): a tenth of the time and a
third of the size for the checklists, with the same features.

The templates are typst/checklist.typ and typst/compendium.typ. They get their data as JSON in
sys.inputs, never spliced into markup, so any title or provision prints literally. One compiler
per process and font serves every PDF; fonts come from the folders fontconfig finds them in,
and system fonts are otherwise ignored, so the output depends only on those files.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import threading
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from zhidu.export.compendium import compendium_context
from zhidu.model.checklists import Checklist
from zhidu.model.records import Registry
from zhidu.vocabulary import RATING_RULE, RESULTS, UNCHECKED, date_parts

TEMPLATES = Path(__file__).parent / "typst"
SERIF = "Noto Serif CJK SC"    # the compendium's body text, when installed
AUTHOR = "机关事务制度标准库"


def font_folders(*families: str) -> list[str]:
    """The folders holding the regular and bold faces fontconfig picks for these families."""
    folders = set()
    for family in families:
        for style in ("", ":bold"):
            found = subprocess.run(["fc-match", "-f", "%{file}", family + style], capture_output=True,
                                   text=True, check=False).stdout
            if found:
                folders.add(str(Path(found).parent))
    return sorted(folders)


@lru_cache(maxsize=None)
def _compiler(font: str, pid: int, thread: int):
    """One compiler per process (pid: a forked worker makes its own), thread (a compiler is not shared
    between threads) and font; it caches fonts, templates and layout between PDFs."""
    import typst  # only where PDFs are made
    folders = font_folders(font, SERIF)
    compiler = typst.Compiler(root=str(TEMPLATES), font_paths=folders, ignore_system_fonts=True)
    families = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders).families()
    return compiler, SERIF if SERIF in families else font


def typeset(template: str, font: str, data: dict) -> bytes:
    """The PDF; its creation date is the data's date, so the same data gives the same bytes."""
    compiler, body_font = _compiler(font, os.getpid(), threading.get_ident())
    data = {**data, "font": font, "body_font": body_font}
    stamp = datetime(*data["date"], tzinfo=timezone.utc) if data["date"] else None
    return compact(compiler.compile(input=str(TEMPLATES / template), format="pdf", timestamp=stamp,
                                    sys_inputs={"data": json.dumps(data, ensure_ascii=False)}))


def compact(pdf: bytes) -> bytes:
    """The same PDF with its objects packed into compressed object streams. Typst tags every PDF for
    screen readers and writes the tags uncompressed: this halves a 200-page document."""
    import pikepdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      deterministic_id=True)
    return out.getvalue()


def checklist_data(checklist: Checklist) -> dict:
    return {
        "id": checklist.id, "title": checklist.title, "version": checklist.version,
        "registry_date": checklist.registry_date, "date": date_parts(checklist.registry_date),
        "purpose": checklist.purpose, "audience": checklist.audience, "scored": checklist.scored,
        "results": [r for r in RESULTS if r != UNCHECKED], "rating_rule": RATING_RULE, "author": AUTHOR,
        "items": [{"number": i.number, "check": i.check, "method": i.method, "rule_basis": i.rule_basis,
                   "upper_basis": i.upper_basis, "star": i.star, "points": i.points} for i in checklist.items],
        "levels": [{"name": level.name, "pass_rate": level.pass_rate,
                    "count": sum(1 for i in checklist.items if i.star <= level.level)}
                   for level in checklist.levels],
    }


def checklist_pdf(checklist: Checklist, font: str) -> bytes:
    """A4 landscape, header row on every page, 第 x 页 共 y 页, signature kept with the last row."""
    return typeset("checklist.typ", font, checklist_data(checklist))


def compendium_data(registry: Registry, as_of: str, bureau: str, day: str) -> dict:
    c = compendium_context(registry, as_of, bureau, day)
    refs, departments, statuses = c["references"], c["departments"], c["statuses"]

    def rule(r) -> dict:
        return {"id": r.id, "slug": r.slug, "title": r.title, "owner": departments[r.owner],
                "status": statuses[r.status], "under_revision": r.status == "under_revision",
                "issued": r.issued, "effective": r.effective, "revised": r.revisions[-1].date,
                "revision_note": r.revisions[-1].note, "summary": r.summary, "scope": r.scope,
                "provisions": [{"id": p.id, "title": p.title or "", "text": p.text} for p in r.provisions],
                "basis": [{"ref": b.ref, "title": refs[b.ref].title, "articles": "、".join(b.articles)}
                          for b in r.basis]}

    return {
        "bureau": bureau, "total": c["total"], "summary": c["summary"], "as_of": as_of, "date": date_parts(as_of), "author": AUTHOR,
        "groups": [{"slug": d.slug, "name": f"{d.name}（{d.full_name}）", "rules": [rule(r) for r in rules]}
                   for d, rules in c["groups"]],
        "cited": [{"id": f.id, "title": f.title, "issuer": f.issuer or "", "doc_number": f.doc_number or "",
                   "issued": f.issued or "", "effective": f.effective or "", "verified": f.verified}
                  for f in c["cited"]],
    }


def compendium_pdf(registry: Registry, font: str, as_of: str, bureau: str, day: str) -> bytes:
    """制度汇编: cover, contents with page numbers, bookmarks, running headers, references appendix."""
    return typeset("compendium.typ", font, compendium_data(registry, as_of, bureau, day))
