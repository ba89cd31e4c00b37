"""The site folder: which folders a build may write, and an atomic swap of the new site.

A build writes only into a folder that is new, empty, or a previous zhidu site (it holds
STAMP), never into the project's own folders. The finished site replaces the old one in one
step: Linux's renameat2(RENAME_EXCHANGE) swaps the two folders, so at every instant one
complete site is in place; elsewhere two renames are used and the next build puts the old
site back if a crash fell between them. Leftovers of interrupted builds are removed by the
next build, which holds a lock on the parent folder so that two builds never collide.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

STAMP = ".zhidu-site"
PROTECTED = ("standards", "schemas", "docs", "scripts", "tests", ".git", ".venv", ".ci", ".github")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class SiteDirError(Exception):
    """A folder a build must not write into; the message says why, in Chinese."""


def absolute(path: Path) -> Path:
    """The absolute path with its parent resolved but not its last part (which may be a link)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def is_zhidu_site(folder: Path) -> bool:
    """A site an earlier build made: it holds the stamp (or, before stamps, the API index)."""
    return (folder / STAMP).is_file() or (folder / "api" / "v1" / "index.json").is_file()


def check_output(root: Path, target: Path, what: str) -> Path:
    """The absolute target, or SiteDirError if a build must not write there: the project itself,
    a folder above it, its own folders, a path through a file, or a symbolic link."""
    target, root = absolute(target), root.resolve()
    if target == root or target in root.parents:
        raise SiteDirError(f"{what} {target} 是项目目录或其上级目录，构建会覆盖整个项目，已拒绝")
    for name in PROTECTED:
        if target == root / name or (root / name) in target.parents:
            raise SiteDirError(f"{what} {target} 位于项目的 {name}/ 目录中，构建会覆盖其中的文件，已拒绝；请换一个目录")
    for folder in target.parents:
        if folder.exists() and not folder.is_dir():
            raise SiteDirError(f"{what} {target} 无法创建：{folder} 是一个文件，不是目录")
    if target.is_symlink():
        raise SiteDirError(f"{what} {target} 是符号链接，已拒绝；请直接给出目录或文件")
    return target


def check_site_dir(root: Path, target: Path, *, force: bool = False) -> Path:
    """check_output, and an existing folder must be empty or a previous zhidu site unless force."""
    target = check_output(root, target, "站点目录")
    if target.exists() and not target.is_dir():
        raise SiteDirError(f"站点目录 {target} 是一个文件，不是目录，已拒绝")
    if target.is_dir() and any(target.iterdir()) and not is_zhidu_site(target) and not force:
        raise SiteDirError(f"站点目录 {target} 已存在且不是本工具生成的站点（其中没有 {STAMP}），为免删除其中的文件"
                           "已拒绝；确认可以整体替换时请加 --force")
    return target


@contextmanager
def locked(parent: Path):
    """Hold an exclusive lock on the parent folder while a build uses it."""
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _leftovers(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.building-*")) + sorted(site.parent.glob(f".{site.name}.old-*"))


def recover(site: Path) -> None:
    """Put back an old site a crash left aside, then remove what interrupted builds left."""
    old = sorted(site.parent.glob(f".{site.name}.old-*"))
    if not site.exists() and old:
        old[-1].rename(site)
    for leftover in _leftovers(site):
        shutil.rmtree(leftover, ignore_errors=True)


def staging_for(site: Path) -> Path:
    """A new folder beside the site, readable like any folder the user makes (mkdtemp's is private)."""
    folder = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def write_stamp(site: Path, layout: str = "") -> None:
    """The mark of a zhidu site; with the layout fingerprint an incremental build compares (incremental.py)."""
    text = "由 zhidu build 生成；下次构建会整体替换此目录。\n" + (f"layout: {layout}\n" if layout else "")
    (site / STAMP).write_text(text, encoding="utf-8")


def swap_in(new_site: Path, site: Path) -> None:
    """Make new_site the site; the old one is removed only once the new one is in place."""
    if not (new_site / STAMP).exists():
        write_stamp(new_site)
    if not site.exists():
        new_site.rename(site)
        return
    if _exchange(new_site, site):
        shutil.rmtree(new_site, ignore_errors=True)      # now holds the old site
        return
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    site.rename(old)
    new_site.rename(site)
    shutil.rmtree(old, ignore_errors=True)
