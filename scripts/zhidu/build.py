"""Generate the site's pages from the registry, then build the site atomically.

Generated files live only in GENERATED_DIRS under docs/ (gitignored). A file is
rewritten only when its content changed, so `mkdocs serve` reloads just what moved.
"""
from __future__ import annotations

import logging
import multiprocessing
import re
import os
import shutil
import sys
import signal
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .checklists import all_checklists, registry_date
from .diagnostics import format_diagnostics
from .downloads import DownloadReport, write_checklist_downloads
from .exports.fonts import FontMissing, cjk_font_family
from .model import Registry
from .opendata import CATALOGUE, COMPENDIUM, json_files, write_documents
from .registry import SCHEMAS, validate
from .render import Renderer
from .search_patch import SYNONYMS, synonyms_json
from .processes import die_with_parent
from .settings import bureau_settings
from .sitedir import SiteDirError, check_output, check_site_dir, locked, recover, staging_for, swap_in

GENERATED_DIRS = ("regulations", "references", "checklists", "service-standards", "assets", "changes",
                  "api", "schemas", "_generated")
JIEBA_DICT = "_generated/jieba_dict.txt"
SKIP_ENV = "ZHIDU_PAGES_READY"  # set while mkdocs runs inside `zhidu build`: pages are already written

log = logging.getLogger("zhidu")


@dataclass(frozen=True)
class Generated:
    written: int
    unchanged: int
    removed: int
    downloads: DownloadReport
    documents_rebuilt: bool


_PLAIN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,10}$")   # a category or tag worth keeping whole


def jieba_dictionary(registry: Registry) -> str:
    """Words kept whole when the search index is segmented: glossary terms and their synonyms, and
    the categories and tags editors gave rules, standards and asset categories (the words staff type)."""
    words = [w for term in registry.glossary for w in (term.term, *term.synonyms)]
    labels = [label for rule in sorted(registry.rules.values(), key=lambda r: r.id)
              for label in (rule.category, *rule.tags)]
    labels += [label for s in registry.services.values() for label in (s.area, *s.tags)]
    labels += [label for a in registry.assets.values() for label in a.tags]
    words += [label for label in labels if _PLAIN_WORD.match(label)]
    return "".join(f"{w}\n" for w in dict.fromkeys(words))


def write_if_changed(path: Path, content: str) -> bool:
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def generate(registry: Registry, docs: Path, build_date: str | None = None, *, documents: bool = True) -> Generated:
    """Pages, JSON, checklist downloads and (unless documents=False) the workbook and the compendium."""
    root = docs.parent
    build_date = build_date or date.today().isoformat()
    bureau = bureau_settings(root)
    checklists = all_checklists(registry)
    files = Renderer(registry, build_date, checklists).pages()
    files[JIEBA_DICT] = jieba_dictionary(registry)
    files[SYNONYMS] = synonyms_json(registry)
    files.update(json_files(registry, checklists, root / SCHEMAS, bureau.base_url, build_date))
    written = sum(write_if_changed(docs / rel, text) for rel, text in files.items())
    removed = 0
    for folder in GENERATED_DIRS:
        for path in sorted((docs / folder).rglob("*")) if (docs / folder).is_dir() else ():
            if path.is_file() and path.relative_to(docs).as_posix() not in files:
                path.unlink()
                removed += 1
    downloads = write_checklist_downloads(checklists, docs, bureau.name)
    rebuilt = documents and write_documents(registry, docs, bureau, registry_date(registry), cjk_font_family())
    return Generated(written, len(files) - written, removed, downloads, rebuilt)


class DocumentsInBackground:
    """registry.xlsx and compendium.pdf made in a forked process while MkDocs builds the pages.

    MkDocs needs the files to exist when it collects them (the home page links them), so a
    missing one gets an empty stand-in first; the finished files are copied into the new
    site once both are done. Without fork (not Linux) the work is done up front instead.
    """

    def __init__(self, registry: Registry, docs: Path):
        self.docs = docs
        font = cjk_font_family()          # a missing font fails the build here, before any work
        args = (registry, docs, bureau_settings(docs.parent), registry_date(registry), font)
        if "fork" not in multiprocessing.get_all_start_methods():
            write_documents(*args)
            self.process = None
            return
        for name in (CATALOGUE, COMPENDIUM):
            if not (docs / name).exists():
                (docs / name).parent.mkdir(parents=True, exist_ok=True)
                (docs / name).touch()
        self.process = multiprocessing.get_context("fork").Process(target=_documents_job, args=(os.getpid(), *args))
        self.process.start()

    def finish(self, site: Path) -> None:
        """Wait for the documents and put them into the freshly built site; raises if they failed."""
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError("生成制度目录或制度汇编失败")
        for name in (CATALOGUE, COMPENDIUM):
            shutil.copy2(self.docs / name, site / name)


    def finish_quietly(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.join()


def _documents_job(parent: int, *args) -> None:
    die_with_parent(parent)
    write_documents(*args)


def run_mkdocs(root: Path, site_dir: Path) -> None:
    """mkdocs build --strict into site_dir, in this process; raises on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    previous_cwd, previous_env = Path.cwd(), os.environ.get(SKIP_ENV)
    os.environ[SKIP_ENV] = "1"
    os.chdir(root)  # mkdocs.yml names generated paths relative to the project folder
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(config)
    finally:
        os.chdir(previous_cwd)
        if previous_env is None:
            os.environ.pop(SKIP_ENV, None)
        mkdocs_log.removeHandler(handler)


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
            return _build_locked(root, result.registry, site_dir, archive)
    except OSError as error:
        print(f"zhidu: 无法写入站点目录 {site_dir}：{error.strerror or error}", file=sys.stderr)
        return 2


def _build_locked(root: Path, registry: Registry, site_dir: Path, archive: Path | None) -> int:
    generated = generate(registry, root / "docs", documents=False)
    documents = DocumentsInBackground(registry, root / "docs")
    d = generated.downloads
    print(f"页面：更新 {generated.written}，未变 {generated.unchanged}，删除 {generated.removed}；"
          f"检查表下载：重新生成 {d.regenerated}，未变 {d.unchanged}，删除 {d.removed}", file=sys.stderr)
    staging = staging_for(site_dir)
    try:
        with _terminate_as_exit():
            run_mkdocs(root, staging)
            documents.finish(staging)
    except BaseException as error:  # SystemExit/Abort from mkdocs included: the old site must survive
        documents.finish_quietly()
        shutil.rmtree(staging, ignore_errors=True)
        print(f"构建失败，原有站点保持不变：{error}", file=sys.stderr)
        return 1
    swap_in(staging, site_dir)
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
    temporary = archive.with_name(f".{archive.name}.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and not path.is_symlink():
                out.write(path, Path("site") / path.relative_to(site_dir))
    temporary.replace(archive)
