"""MkDocs hook: regenerate the pages from standards/ before every build, so that
`mkdocs serve` (watching standards/ and schemas/) reloads on each YAML edit.

It runs on_config, ahead of the search plugin, because the search plugin loads the
jieba dictionary that the generator writes. Under `zhidu build` the pages are already
generated from the same single load, so it does nothing there.
"""
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from zhidu.build import SKIP_ENV, generate
from zhidu.diagnostics import format_diagnostics
from zhidu.registry import validate


@event_priority(100)
def on_config(config):
    if os.environ.get(SKIP_ENV):
        return config
    root = Path(config.config_file_path).parent
    result = validate(root)
    if result.registry is None:
        raise PluginError("制度库校验未通过：\n" + format_diagnostics(result.errors, "text"))
    generate(result.registry, Path(config.docs_dir))
    return config
