"""Adding a kind of record touches at most six files (docs/guides/new-kind.md): a row in the table
of kinds, its schema, its records — and then it is validated, rendered, published in the API and
diffed with no other change. The fixture kind is 办事指南 (guides), as the guide describes it."""
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from zhidu import kinds
from zhidu.model.checklists import all_checklists
from zhidu.cli.diff import compare, to_markdown
from zhidu.export.api import api_files, published_schemas
from zhidu.render.generate import generate
from zhidu.pipeline import validate
from zhidu.cli.snapshot import from_folder

FIXTURE = Path(__file__).parent / "fixtures" / "new-kind"
GUIDE = kinds.Kind("guide", "办事指南", "guides", "guide", "guides", template="entry.md.j2")


@pytest.fixture
def with_guides(mini):
    """The files a developer adds: the row (here patched in), the schema and two records."""
    kinds.KINDS.append(GUIDE)           # the one line a developer adds to the table
    shutil.copy(FIXTURE / "guide.schema.json", mini.path("schemas/guide.schema.json"))
    shutil.copytree(FIXTURE / "standards/guides", mini.path("standards/guides"))
    yield mini
    kinds.KINDS.remove(GUIDE)


def test_a_new_kind_is_validated_with_positions(with_guides):
    assert with_guides.errors() == []
    with_guides.edit("standards/guides/BS-02.yaml", "id: BS-02", "id: BS-2")
    error = with_guides.only_error("format")
    assert (error.path, error.line, error.pointer) == ("standards/guides/BS-02.yaml", 1, "/id")
    with_guides.edit("standards/guides/BS-02.yaml", "id: BS-2", "id: BS-01")     # ids are unique across kinds
    assert with_guides.only_error("duplicate-id").path == "standards/guides/BS-02.yaml"


def test_a_new_kind_is_rendered_and_published(with_guides):
    registry = validate(with_guides.root).registry
    assert registry.of("guide")["BS-01"].title == "公务用车使用申请指南"
    generated = generate(registry, with_guides.root, "2026-01-01", downloads=False)
    assert "guides/bs-01.md" in generated.pages
    page = with_guides.read(".zhidu/files/guides/bs-01.md")
    assert "# 公务用车使用申请指南" in page and "zhidu_source: standards/guides/BS-01.yaml" in page
    api = api_files(registry, all_checklists(registry, "2026-01-01"), "2026-01-01")
    entry = json.loads(api["api/v1/guides/BS-01.json"])
    assert (entry["kind"], entry["url"], entry["data"]["summary"][:4]) == ("guide", "guides/bs-01/", "说明机关")
    index = json.loads(api["api/v1/index.json"])
    assert index["counts"]["guide"] == 2
    entry_schema = json.loads(published_schemas(with_guides.path("schemas"), "")["schemas/api-entry.json"])
    assert "guide" in entry_schema["properties"]["kind"]["enum"]
    assert {"if": {"properties": {"kind": {"const": "guide"}}},
            "then": {"properties": {"data": {"$ref": "guide.json"}}}} in entry_schema["allOf"]


def test_a_new_kind_is_diffed(with_guides, tmp_path):
    before = from_folder(with_guides.root, "修改前")
    with_guides.edit("standards/guides/BS-01.yaml", "条件、材料和流程", "条件和流程")
    (with_guides.path("standards/guides/BS-02.yaml")).unlink()
    report = compare(before, from_folder(with_guides.root, "修改后"))
    assert report.vanished == [("guide", "BS-02")]
    assert [(c.where, c.field) for c in report.changed["BS-01"]] == [("BS-01", "summary")]
    assert "办事指南 **BS-02** 的文件被删除" in to_markdown(report)


def test_the_row_is_all_the_code_a_kind_needs():
    """Everything a kind's row names exists; the guide row needs nothing more than its fields."""
    for kind in kinds.KINDS:
        for column in ("builder", "links", "parts", "checklists"):
            if getattr(kind, column):
                assert callable(kinds.resolve(getattr(kind, column))), (kind.name, column)
    assert replace(GUIDE, template="").template == ""
