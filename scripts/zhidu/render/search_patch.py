"""Whole-word Chinese queries for Material's search.

Material for MkDocs segments a Chinese query against the words of its index, but its
segmenter never tries the whole run of characters (squidfunk/mkdocs-material#3915):
办公用房 is searched as 办公*, so half the top results lack the phrase. After every
build we replace that step in the site's copy of the search worker by our own:

* the query's Chinese runs are cut into the longest words the index knows (the index
  was segmented at build time by jieba with our glossary), falling back to the
  browser's Intl.Segmenter for stretches the index does not know;
* every word of a multi-word query is required (+), so all of them must be on a page;
* a word matches inside longer tokens too (幼儿园 in 机关幼儿园, 公积金 in 住房公积金);
* glossary synonyms widen a query (公车 → 公务用车), as alternatives, where the index holds them whole.

Nothing leaves the browser; the worker stays the one file Material ships.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from zhidu.model.records import Registry

SYNONYMS = "_generated/search_synonyms.json"
MARK = "/* zhidu search */"
# Material 9.x: e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))
_HAN_STEP = re.compile(
    r'(\w)=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),(\w)=>\[\.\.\.\w+\(\2,this\.index\.invertedIndex\)\]'
    r'\.join\("\* "\)\)')

QUERY_JS = Path(__file__).with_name("search_query.js")   # the query step, put in front of the worker


def synonyms(registry: Registry) -> dict[str, list[str]]:
    """Each glossary term and synonym -> the other names of the same term."""
    table: dict[str, list[str]] = {}
    for term in registry.glossary:
        names = [term.term, *term.synonyms]
        for name in names:
            others = [n for n in names if n != name]
            if others:
                table.setdefault(name, [])
                table[name] += [n for n in others if n not in table[name]]
    return table


def synonyms_json(registry: Registry) -> str:
    return json.dumps(synonyms(registry), ensure_ascii=False, sort_keys=True) + "\n"


class PatchError(RuntimeError):
    pass


def patch_worker(site_dir: Path, table: dict[str, list[str]], words: list[str] = ()) -> Path:
    workers = sorted((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PatchError(f"找不到 Material 的搜索脚本（{site_dir}/assets/javascripts/workers/search.*.min.js）")
    worker = workers[0]
    text = worker.read_text(encoding="utf-8")
    if MARK in text:
        return worker
    patched, count = _HAN_STEP.subn(lambda m: f"{m.group(1)}=zhiduSearch({m.group(1)},this.index.invertedIndex)", text)
    if count != 1:
        raise PatchError("Material 的搜索脚本与预期不符，无法接入中文整词检索：请检查 mkdocs-material 的版本")
    prelude = MARK + QUERY_JS.read_text(encoding="utf-8").replace(
        "/*SYNONYMS*/{}", json.dumps(table, ensure_ascii=False)).replace("/*WORDS*/[]", json.dumps(words, ensure_ascii=False))
    worker.write_text(prelude + patched, encoding="utf-8")
    return worker
