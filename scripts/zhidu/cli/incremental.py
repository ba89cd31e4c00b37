"""Warm builds: when only the registry changed since the last build of a site, `zhidu build`
starts from a copy of that site and MkDocs rebuilds just the pages whose Markdown changed
(`--dirty`); files that did not change are not rewritten. Anything that shapes every page —
mkdocs.yml, docs/, the theme, zhidu's own code, the MkDocs and Material versions — changes the
layout fingerprint, and then the build starts from nothing, as does a build whose cache folder
(which holds every page's search entry) is not the one that made the site.
"""
from __future__ import annotations

import builtins
import io
import os
import shutil
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Iterator

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
    """The previous site into the (empty) staging folder as hard links (copies where the system has
    none), modification times kept: MkDocs compares them. Write into it only under copy_on_write."""
    shutil.copytree(site, staging, symlinks=True, dirs_exist_ok=True, copy_function=_link)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@contextmanager
def copy_on_write(folder: Path) -> Iterator[None]:
    """While it lasts, a file under `folder` that this process opens for writing is unshared first. The
    staging site's files are hard links to the site in place, which must stay as it was until the new
    one replaces it (a failed build leaves it untouched). Writers are MkDocs, its theme and plugins,
    so the guard sits where they all open files: open() (and io.open, which pathlib uses)."""
    prefix = os.path.abspath(folder) + os.sep
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+"):
            path = os.path.abspath(os.fsdecode(file))
            if path.startswith(prefix):
                _unshare(path, keep="a" in mode or "+" in mode)
        return real_open(file, mode, *args, **kwargs)

    builtins.open = io.open = guarded_open
    try:
        yield
    finally:
        builtins.open = io.open = real_open


def _unshare(path: str, *, keep: bool) -> None:
    """A file with other links gets an inode of its own: removed when it is about to be rewritten,
    copied when it is about to be appended to or updated."""
    try:
        if os.lstat(path).st_nlink < 2:
            return
    except FileNotFoundError:
        return
    if keep:
        copy = f"{path}.unshared-{os.getpid()}"
        shutil.copy2(path, copy)
        os.replace(copy, path)
    else:
        os.unlink(path)


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
