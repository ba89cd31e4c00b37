"""Warm builds: when only the registry changed since the last build of a site, `zhidu build`
starts from a copy of that site and MkDocs rebuilds just the pages whose Markdown changed
(`--dirty`); files that did not change are not rewritten. Anything that shapes every page —
mkdocs.yml, docs/, the theme, zhidu's own code, the MkDocs and Material versions — changes the
layout fingerprint, and then the build starts from nothing, as does a build whose cache folder
(which holds every page's search entry) is not the one that made the site.
"""
from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

from zhidu.cache import HashCache, digest
from zhidu.cli.sitedir import STAMP

_CODE = Path(__file__).resolve().parents[1]          # scripts/zhidu


def layout_fingerprint(root: Path) -> str:
    files = [root / "mkdocs.yml", *sorted((root / "docs").rglob("*")), *sorted(_CODE.rglob("*"))]
    parts = [f"{p.relative_to(root) if p.is_relative_to(root) else p.relative_to(_CODE)}\0".encode() + p.read_bytes()
             for p in files if p.is_file() and "__pycache__" not in p.parts]
    versions = [metadata.version(name) for name in ("mkdocs", "mkdocs-material")]
    return digest(sys.version, *versions, *parts)


def _key(root: Path, site: Path) -> str:
    """The site as the cache names it: relative to the project when inside it (a moved project keeps it)."""
    return site.relative_to(root).as_posix() if site.is_relative_to(root) else str(site)


def may_build_on(root: Path, site: Path, layout: str) -> bool:
    """Whether the build may start from the site now in place."""
    try:
        recorded = (site / STAMP).read_text(encoding="utf-8")
    except OSError:
        return False
    return f"layout: {layout}\n" in recorded and HashCache(root, "sites").fresh(_key(root, site), layout)


def remember(root: Path, site: Path, layout: str) -> None:
    cache = HashCache(root, "sites")
    cache.remember(_key(root, site), layout)
    cache.save()


def copy_site(site: Path, staging: Path) -> None:
    """The previous site into the (empty) staging folder, modification times kept: MkDocs compares them."""
    shutil.copytree(site, staging, symlinks=True, dirs_exist_ok=True)


def prune(site: Path, keep: set[str]) -> int:
    """Files an incremental build did not make this time (pages of removed records): removed."""
    removed = 0
    for path in sorted(site.rglob("*"), reverse=True):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
