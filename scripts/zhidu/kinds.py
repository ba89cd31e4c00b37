"""The table of kinds: one row per kind of record in standards/, and everything that follows
from it — where its files lie, its schema, its model builder, its page and API
addresses, its names in Chinese, the parts a diff compares and the checklists it yields.

Discovery, validation, the model, the pages, the JSON API, the diff, the snapshot and the
editor's schema mapping all read this table; adding a kind is adding a row (see the
developer page “如何新增一类条目”, docs/guides/new-kind.md). Functions are named by dotted
path ("zhidu.model.records:build_rule") and resolved on first use, so this module imports nothing of
the project and every module may import it.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable

STANDARDS = "standards"
API = "api/v1"


@dataclass(frozen=True)
class Kind:
    name: str                 # one name everywhere: the API's "kind", the diff, the snapshot
    label: str                # what readers call it
    folder: str               # files lie in standards/<folder>/ (one level deeper when nested)
    schema: str               # schemas/<schema>.schema.json
    site_folder: str          # pages /<site_folder>/<slug>/, data /api/v1/<site_folder>/<id>.json
    nested: bool = False      # files lie in standards/<folder>/<group>/ (rules: by domain)
    lower_slug: bool = True   # the page address uses the id in lower case
    template: str = ""        # page template (none: the kind has no page of its own)
    context: str = "entry"    # the name the template knows the record by
    builder: str = ""         # "module:function"(data, source, links) -> record; none: a plain Entry
    links: str = ""           # "module:function"(kind, id, registry, checklists) -> the API's "links"
    parts: str = ""           # "module:function"(data) -> {part id: data}: what a diff compares one by one
    checklists: str = ""      # "module:function"(record, registry, as_of, day) -> [Checklist]
    title_field: str = "title"

    def slug(self, entry_id: str) -> str:
        return entry_id.lower() if self.lower_slug else entry_id

    def page(self, entry_id: str) -> str:
        """The page's address, relative to the site root."""
        return f"{self.site_folder}/{self.slug(entry_id)}/"

    def page_source(self, entry_id: str) -> str:
        """The generated Markdown the page is built from, as a path in the site's source."""
        return f"{self.site_folder}/{self.slug(entry_id)}.md"

    def api(self, entry_id: str) -> str:
        return f"{API}/{self.site_folder}/{entry_id}.json"

    def holds(self, relative: PurePosixPath) -> bool:
        """Whether a file at this path under standards/ is a record of this kind."""
        depth = 3 if self.nested else 2
        return len(relative.parts) == depth and relative.parts[0] == self.folder

    @property
    def files(self) -> str:
        """A glob for its files, from the project folder (for editors)."""
        return f"{STANDARDS}/{self.folder}/{'**/' if self.nested else ''}*.yaml"

    def call(self, column: str, *args) -> Any:
        return resolve(getattr(self, column))(*args)


def resolve(dotted: str) -> Callable:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


KINDS: list[Kind] = [
    Kind("regulation", "制度", "regulations", "regulation", "regulations",
         nested=True, template="rule.md.j2", context="rule",
         builder="zhidu.model.records:build_rule", links="zhidu.export.api:rule_links",
         parts="zhidu.kinds:provisions", checklists="zhidu.model.checklists:rule_checklists"),
    Kind("reference", "上位依据", "references", "reference", "references",
         lower_slug=False, template="reference.md.j2", context="ref",
         builder="zhidu.model.records:build_reference", links="zhidu.export.api:reference_links"),
    Kind("service-standard", "服务标准", "service-standards", "service-standard",
         "service-standards", template="service_standard.md.j2", context="standard",
         builder="zhidu.model.records:build_service", links="zhidu.export.api:service_links",
         parts="zhidu.kinds:clauses", checklists="zhidu.model.checklists:service_checklists", title_field="title"),
    Kind("asset", "资产类别", "assets", "asset", "assets", template="asset.md.j2",
         context="asset", builder="zhidu.model.records:build_asset",
         links="zhidu.export.api:asset_links", parts="zhidu.kinds:stage_requirements",
         checklists="zhidu.model.checklists:stage_checklists", title_field="name"),
    Kind("checklist", "检查表方案", "checklists", "checklist", "checklists",
         builder="zhidu.model.records:build_profile", links="zhidu.export.api:checklist_links",
         checklists="zhidu.model.checklists:profile_checklists"),
]

# Files of their own that are not records: the taxonomy, the glossary and the register of published ids.
SINGLES = {"taxonomy": "taxonomy.yaml", "glossary": "glossary.yaml", "published-ids": "published-ids.yaml"}


def by_name(name: str) -> Kind:
    return next(k for k in KINDS if k.name == name)


def page(kind: str, entry_id: str) -> str:
    """An entry's page, relative to the site root."""
    return by_name(kind).page(entry_id)


def kind_of(relative: PurePosixPath) -> str | None:
    """Which kind (or single file) a file under standards/ holds, from where it lies."""
    for name, file in SINGLES.items():
        if relative.parts == (file,):
            return name
    return next((k.name for k in KINDS if k.holds(relative)), None)


def where_files_go() -> str:
    """Where each kind's files belong, for the message about a file in the wrong place."""
    return "，".join(f"{k.label}放在 {STANDARDS}/{k.folder}/{'<分组>/' if k.nested else ''}" for k in KINDS)


# -- the parts a diff compares one by one --------------------------------------------------------

def _keyed(items, key: str = "id") -> dict[str, dict]:
    return {str(i.get(key, "?")): i for i in items or () if isinstance(i, dict)}


def provisions(data: dict) -> dict[str, dict]:
    return _keyed(data.get("provisions"))


def clauses(data: dict) -> dict[str, dict]:
    return _keyed(data.get("clauses"))


def stage_requirements(data: dict) -> dict[str, dict]:
    out = {}
    for stage, body in (data.get("stages") or {}).items():
        for req in (body or {}).get("requirements") or ():
            out[f"{stage}.{req.get('id', '?')}"] = req
        if (body or {}).get("gap"):
            out[f"{stage}.缺口"] = {"text": body["gap"]}
    return out


# -- the editor's schema mapping (VS Code's YAML extension) ---------------------------------------

def editor_schemas() -> dict[str, list[str]]:
    mapping = {f"./schemas/{k.schema}.schema.json": [k.files] for k in KINDS}
    mapping.update({f"./schemas/{name}.schema.json": [f"{STANDARDS}/{file}"] for name, file in SINGLES.items()})
    return mapping


def write_editor_settings(root: Path) -> bool:
    """Bring .vscode/settings.json's "yaml.schemas" in line with the table; True if it changed."""
    path = root / ".vscode" / "settings.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if settings.get("yaml.schemas") == editor_schemas():
        return False
    settings["yaml.schemas"] = editor_schemas()
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return True


if __name__ == "__main__":    # python -m zhidu.kinds: regenerate the editor's schema mapping
    import sys
    changed = write_editor_settings(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
    print(".vscode/settings.json 已更新" if changed else ".vscode/settings.json 无需更新")
