"""MkDocs hooks: regenerate the pages from standards/ before every build, so that
`mkdocs serve` (watching standards/ and schemas/) reloads on each YAML edit; and point
each generated page's "edit" button at the YAML file it was made from.

It runs on_config, ahead of the search plugin, because the search plugin loads the
jieba dictionary that the generator writes. Under `zhidu build` the pages are already
generated from the same single load, so it does nothing there.
"""
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import json

from zhidu.build import JIEBA_DICT, SKIP_ENV, generate
from zhidu.search_patch import SYNONYMS, PatchError, patch_worker
from zhidu.diagnostics import format_diagnostics
from zhidu.exports.fonts import FontMissing
from zhidu.registry import validate


@event_priority(100)
def on_config(config):
    if os.environ.get(SKIP_ENV):
        return config
    root = Path(config.config_file_path).parent
    result = validate(root)
    if result.registry is None:
        raise PluginError("制度库校验未通过：\n" + format_diagnostics(result.errors, "text"))
    try:
        generate(result.registry, Path(config.docs_dir))
    except FontMissing as error:
        raise PluginError(str(error)) from None
    return config


def edit_root(config) -> str | None:
    """repo_url + edit_uri without its docs/ part: where the repository's files are edited.
    None while no repository is configured (mkdocs.yml's repo_url): then no page has an edit button."""
    if not config.repo_url:
        return None
    uri = config.edit_uri if config.edit_uri else "edit/main/"
    uri = uri.removesuffix("/").removesuffix("docs")
    return config.repo_url.rstrip("/") + "/" + uri.strip("/") + "/"


def on_page_markdown(markdown, page, config, files):
    """Generated pages are edited in their YAML file, hand-written ones in docs/."""
    root = edit_root(config)
    if root:
        docs = Path(config.docs_dir).relative_to(Path(config.config_file_path).parent).as_posix()
        page.edit_url = root + (page.meta.get("zhidu_source") or f"{docs}/{page.file.src_uri}")
    return markdown


def on_post_build(config):
    """Whole-word Chinese queries: see zhidu/search_patch.py."""
    docs = Path(config.docs_dir)
    table = json.loads((docs / SYNONYMS).read_text(encoding="utf-8")) if (docs / SYNONYMS).is_file() else {}
    words = (docs / JIEBA_DICT).read_text(encoding="utf-8").split() if (docs / JIEBA_DICT).is_file() else []
    try:
        patch_worker(Path(config.site_dir), table, words)
    except PatchError as error:
        raise PluginError(str(error)) from None
