"""The zhidu MkDocs plugin: the one road from standards/ to the site, for `mkdocs build`,
`mkdocs serve`, `make site` and `zhidu build` alike.

on_config (ahead of the search plugin): load and validate the registry once, generate every
page, data file and download into the cache folder (.zhidu/files/, only changed files are
rewritten), and point the search dictionary and the snippets at it. on_files: each generated
file joins the site as a virtual file backed by its cache copy, outside the navigation.
on_page_markdown: edit buttons lead to the YAML a page is made from. on_page_content: the page
joins the search index (search_index.py) and its fragments are filled in. on_post_build: the
documents made in the background are copied in and the search index is written.

Nothing is written into docs/, so a watcher on docs/, standards/ and schemas/ never sees the
build's own output.
"""
from __future__ import annotations

from dataclasses import replace
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key

from zhidu.cache import COMPILED_TEMPLATES, cache_dir, files_dir
from zhidu.cli.incremental import prune
from zhidu.cli.sitedir import STAMP
from zhidu.diagnostics import format_diagnostics
from zhidu.export.fonts import FontMissing
from zhidu.render.compact import compact_html
from zhidu.render.fragments import anchor_ids, fill_fragments
from zhidu.render.generate import SNIPPETS, DocumentsInBackground, generate
from zhidu.pipeline import Result, validate
from zhidu.settings import bureau_from_config
from zhidu.render.theme_listing import list_theme_once
from zhidu.render.watching import listen_for_changes
from zhidu.render.search_index import SEARCH_INDEX, SearchIndex, label_for, labels, page_entries

log = logging.getLogger("mkdocs.plugins.zhidu")
_handed_over: dict[Path, Result] = {}


def hand_over(root: Path, result: Result) -> None:
    """`zhidu build` has validated already: the next MkDocs run for `root` uses this result."""
    _handed_over[root.resolve()] = result


# Folders earlier versions generated inside docs/; now they would clash with the generated files.
LEGACY_FOLDERS = ("regulations", "references", "checklists", "service-standards", "assets", "changes",
                  "api", "schemas", "downloads", "_generated")

# Theme files no page loads: Material's lunr search (the search worker is zhidu's own) and the
# source maps of Material's minified scripts, 2.2 MB together.
def unused_theme_file(file: File) -> bool:
    uri = file.src_uri
    return uri.startswith("assets/javascripts/") and (uri.startswith("assets/javascripts/lunr/")
                                                      or uri.endswith(".min.js.map"))


class ZhiduConfig(Config):
    downloads = c.Type(bool, default=True)     # checklist downloads, registry.xlsx and the compendium


class ZhiduPlugin(BasePlugin[ZhiduConfig]):
    def __init__(self):
        self.root: Path | None = None
        self.generated = None
        self.documents: DocumentsInBackground | None = None
        self.serving = False
        self.dirty = False
        self.registry = None
        self.search: SearchIndex | None = None
        self.labels = {}
        self.unsearched: set[str] = set()    # pages whose own settings leave them out of search

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.dirty = dirty

    def on_serve(self, server, *, config, builder):
        listen_for_changes(server)      # standards/ and schemas/ (mkdocs.yml `watch`) join after this
        return server

    @event_priority(100)        # before the search plugin, which reads the dictionary written here
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        COMPILED_TEMPLATES.keep_in(self.root)
        list_theme_once(config.theme)
        legacy = [name for name in LEGACY_FOLDERS if (Path(config.docs_dir) / name).is_dir()]
        if legacy:
            raise PluginError(f"docs/ 中还有旧版本生成的目录（{'、'.join(legacy)}），现在生成的文件都放在 .zhidu/ 中；"
                              "请运行 make clean 删除这些目录后重试")
        result = _handed_over.pop(self.root, None) or validate(self.root)
        if result.registry is None:
            raise PluginError("制度库校验未通过：\n" + format_diagnostics(result.errors, "text"))
        try:
            bureau = bureau_from_config(config)     # one reading of mkdocs.yml: MkDocs' own
            if self.serving:                        # `mkdocs serve` puts its own address in site_url
                bureau = replace(bureau, site_url="")
            self.generated = generate(result.registry, self.root, downloads=self.config.downloads,
                                      documents=False, bureau=bureau)
            self.documents = (DocumentsInBackground(result.registry, self.root, bureau=bureau)
                              if self.config.downloads else None)
        except FontMissing as error:
            raise PluginError(str(error)) from None
        self.registry = result.registry
        self.labels = labels(result.registry)
        self.search = self.search or SearchIndex(cache_dir(self.root))
        made = self.generated
        log.info(f"页面与数据：更新 {made.written}，未变 {made.unchanged}，删除 {made.removed}" + (
            f"；检查表下载：重新生成 {made.downloads.regenerated}，未变 {made.downloads.unchanged}"
            if made.downloads else "；未生成下载文件") + (
            f"；制度 Word：重新生成 {made.rule_downloads.regenerated}，未变 {made.rule_downloads.unchanged}"
            if made.rule_downloads else ""))
        site = files_dir(self.root)
        snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
        snippets["base_path"] = [str(site / SNIPPETS)]
        return config

    def on_files(self, files: Files, *, config) -> Files:
        site = files_dir(self.root)
        added = [File.generated(config, path, abs_src_path=str(site / path), inclusion=InclusionLevel.NOT_IN_NAV)
                 for path in self.generated.pages]
        for path in self.generated.download_paths:
            if (site / path).is_file():
                added.append(File.generated(config, path, abs_src_path=str(site / path)))
            else:   # pages-only preview: the link works, the file is an empty stand-in until `make site`
                added.append(File.generated(config, path, content=b""))
        kept = [f for f in files if not unused_theme_file(f)]
        self.files = Files(sorted([*kept, *added], key=file_sort_key))   # in MkDocs' own order
        return self.files

    def on_env(self, env, *, config, files):
        env.bytecode_cache = COMPILED_TEMPLATES
        # the theme's JSON (each page's configuration and translations) with Chinese as characters,
        # not \u escapes: a kilobyte less on every page; <, >, & and ' are still escaped
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        """Generated pages are edited in their YAML file, hand-written ones in docs/. Material's own
        search plugin indexes nothing (the documented page setting): this plugin writes the index."""
        search = page.meta.setdefault("search", {})
        if search.get("exclude"):
            self.unsearched.add(page.file.src_uri)
        else:
            self.unsearched.discard(page.file.src_uri)
        search["exclude"] = True
        root = edit_root(config)
        if root:
            docs = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
            page.edit_url = root + (page.meta.get("zhidu_source") or f"{docs}/{page.file.src_uri}")
        return markdown

    def on_page_content(self, html, *, page, config, files):
        uri = page.file.src_uri
        label = label_for(uri, self.labels)
        self.search.add(uri, None if uri in self.unsearched or label is None else
                        page_entries(page.url, page.title or "", label, html))
        if 'class="zd-fragment"' not in html:
            return html
        filled = fill_fragments(html, files_dir(self.root))
        if page.present_anchor_ids is not None:         # links to an id inside a fragment are valid too
            page.present_anchor_ids |= anchor_ids(filled)
        return filled

    @event_priority(-100)       # after Material's search plugin has written its (empty) index
    def on_post_page(self, output, *, page, config):
        return compact_html(output)

    def on_post_build(self, *, config):
        if self.documents:
            self.documents.finish(Path(config.site_dir))
        present = {f.src_uri for f in self.files.documentation_pages()}
        self.search.write(Path(config.site_dir), present, self.registry)
        if self.dirty and not self.serving:     # an incremental `zhidu build`: pages of removed records go
            made = {f.dest_uri for f in self.files} | set(config.theme.static_templates)
            prune(Path(config.site_dir), made | {"sitemap.xml.gz", SEARCH_INDEX, STAMP})

    def on_build_error(self, *, error):
        if self.documents:
            self.documents.abandon()


def edit_root(config) -> str | None:
    """repo_url + edit_uri without its docs/ part: where the repository's files are edited.
    None while no repository is configured (mkdocs.yml's repo_url): then no page has an edit button."""
    if not config.repo_url:
        return None
    uri = config.edit_uri if config.edit_uri else "edit/main/"
    uri = uri.removesuffix("/").removesuffix("docs")
    return config.repo_url.rstrip("/") + "/" + uri.strip("/") + "/"
