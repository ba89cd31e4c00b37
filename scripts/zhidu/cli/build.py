"""`zhidu build`: validate, run MkDocs (whose zhidu plugin generates everything) into a
staging folder, then swap the new site in; a failed or interrupted build leaves the old site.
"""
from __future__ import annotations

import logging
import shutil
import signal
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

from zhidu.cache import atomic_output
from zhidu.diagnostics import format_diagnostics
from zhidu.export.fonts import FontMissing, cjk_font_family
from zhidu.render.plugin import hand_over
from zhidu.pipeline import Result, validate
from zhidu.processes import stop_workers
from zhidu.cli.incremental import copy_on_write, copy_site, layout_fingerprint, may_build_on, remember
from zhidu.cli.sitedir import SiteDirError, check_output, check_site_dir, locked, recover, staging_for, swap_in, write_stamp

class _NoDirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave stale links; an incremental zhidu build checks the
    layout first and removes stale files after, so the notice would only fail the strict build."""

    def filter(self, record):
        return "'dirty' build" not in record.getMessage()


def run_mkdocs(root: Path, site_dir: Path, *, dirty: bool = False) -> None:
    """mkdocs build --strict into site_dir, in this process; raises on any warning. dirty: only the
    pages whose Markdown is newer than their HTML in site_dir are rebuilt."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    report = logging.StreamHandler(sys.stderr)         # the plugin's one-line summary
    report.setLevel(logging.INFO)
    report.addFilter(lambda record: record.levelno < logging.WARNING)
    plugin_log = logging.getLogger("mkdocs.plugins.zhidu")
    plugin_log.addHandler(report)
    plugin_log.setLevel(logging.INFO)
    notice = _NoDirtyNotice()
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=dirty)
        build(config, dirty=dirty)
    finally:
        mkdocs_log.removeHandler(handler)
        plugin_log.removeHandler(report)
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)


def build_site(root: Path, site_dir: Path | None = None, *, force: bool = False, archive: Path | None = None) -> int:
    """Validate, generate, build into a staging folder, then swap it in. 0 ok, 1 invalid or failed, 2 refused."""
    try:
        site_dir = check_site_dir(root, site_dir or root / "site", force=force)
        archive = check_output(root, archive, "压缩包") if archive else None
        if archive and (archive == site_dir or site_dir in archive.parents):
            raise SiteDirError(f"压缩包 {archive} 不能放在站点目录 {site_dir} 中")
        cjk_font_family()                  # a missing font stops the build before any work
    except (SiteDirError, FontMissing) as error:
        print(f"zhidu: {error}", file=sys.stderr)
        return 2
    result = validate(root)
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics, "text"), file=sys.stderr)
    if result.registry is None:
        print("构建中止：制度库校验未通过，原有站点保持不变。", file=sys.stderr)
        return 1
    try:
        with locked(site_dir.parent):
            recover(site_dir)
            return _build_locked(root, result, site_dir, archive)
    except OSError as error:
        print(f"zhidu: 无法写入站点目录 {site_dir}：{error.strerror or error}", file=sys.stderr)
        return 2
    finally:
        stop_workers()


def _build_locked(root: Path, result: Result, site_dir: Path, archive: Path | None) -> int:
    staging = staging_for(site_dir)
    layout = layout_fingerprint(root)
    warm = may_build_on(root, site_dir, layout)
    try:
        with _terminate_as_exit(), copy_on_write(staging):
            if warm:                         # start from the site in place: only what changed is rebuilt
                print("增量构建：站点版式未变，只重建内容有变化的页面和文件", file=sys.stderr)
                copy_site(site_dir, staging)
            hand_over(root, result)          # one load per build: the plugin takes this result
            run_mkdocs(root, staging, dirty=warm)
            write_stamp(staging, layout)
    except BaseException as error:  # SystemExit/Abort from mkdocs included: the old site must survive
        shutil.rmtree(staging, ignore_errors=True)
        print(f"构建失败，原有站点保持不变：{error}", file=sys.stderr)
        return 1
    swap_in(staging, site_dir)
    remember(root, site_dir, layout)
    print(f"站点已生成：{site_dir}", file=sys.stderr)
    if archive:
        write_archive(site_dir, archive)
        print(f"站点压缩包：{archive}", file=sys.stderr)
    return 0


@contextmanager
def _terminate_as_exit():
    """SIGTERM (a stopped CI job, `kill`) unwinds like an error, so the staging folder is removed."""
    def stop(signum, frame):
        raise SystemExit(f"收到终止信号 {signum}")
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_archive(site_dir: Path, archive: Path) -> None:
    """site.zip: the whole site under site/, for intranet distribution; replaced in one step."""
    with atomic_output(archive) as temporary, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and not path.is_symlink():
                out.write(path, Path("site") / path.relative_to(site_dir))
