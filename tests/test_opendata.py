"""Open data: JSON API valid against the published schemas, the catalogue workbook, the compendium."""
import io
import gzip
import json
import re

import openpyxl
import pypdf
from jsonschema import Draft202012Validator
from referencing import Registry as SchemaRegistry, Resource

from zhidu.render.generate import generate
from zhidu.pipeline import validate


def build(mini, date="2026-01-01"):
    if not mini.path("mkdocs.yml").exists():
        mini.write("mkdocs.yml", "site_name: 测试\nsite_url: http://127.0.0.1:8000/\n")
    registry = validate(mini.root).registry
    return registry, generate(registry, mini.root, date)


def published_validator(docs, name):
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (docs / "schemas").glob("*.json")}
    store = SchemaRegistry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return Draft202012Validator(schemas[f"{name}.json"], registry=store)


def test_every_json_file_is_valid_against_the_published_schemas_and_complete(mini):
    registry, _ = build(mini)
    docs = mini.path(".zhidu/files")
    index = json.loads((docs / "api/v1/index.json").read_text(encoding="utf-8"))
    assert list(published_validator(docs, "api-index").iter_errors(index)) == []
    expected = {(kind, i) for kind, entries in registry.documents.items() for i in entries}
    assert {(e["kind"], e["id"]) for e in index["entries"]} == expected
    assert index["counts"]["regulation"] == 3
    entry_schema = published_validator(docs, "api-entry")
    files = sorted((docs / "api/v1").glob("*/*.json"))
    assert len(files) == len(expected)
    for path in files:
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert list(entry_schema.iter_errors(entry)) == [], path
    assert not (docs / "api/v1/all.jsonl").exists()      # only compressed: no download stored twice
    lines = gzip.decompress((docs / "api/v1/all.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == len(expected) and all(json.loads(line)["api_version"] == "v1" for line in lines)


def test_a_broken_entry_fails_the_published_schema(mini):
    build(mini)
    docs = mini.path(".zhidu/files")
    entry = json.loads((docs / "api/v1/regulations/WU-001.json").read_text(encoding="utf-8"))
    entry["data"]["provisions"][0]["kind"] = "shall"
    assert [e.validator for e in published_validator(docs, "api-entry").iter_errors(entry)] == ["enum"]


def test_links_are_resolved_both_ways(mini):
    build(mini)
    wu1 = json.loads(mini.path(".zhidu/files/api/v1/regulations/WU-001.json").read_text(encoding="utf-8"))
    wu2 = json.loads(mini.path(".zhidu/files/api/v1/regulations/WU-002.json").read_text(encoding="utf-8"))
    assert "WU-002" in wu1["links"]["related"] and "WU-001" in wu2["links"]["related_from"]
    assert wu1["links"]["service_standards"] == ["FW-HY"] and "ZC-01.use" in wu1["links"]["asset_stages"]
    ref = json.loads(mini.path(".zhidu/files/api/v1/references/REF-test-tiaoli.json").read_text(encoding="utf-8"))
    assert {"rule": "WU-001", "articles": ["第十七条"]} in ref["links"]["cited_by"]
    assert wu1["url"] == "regulations/wu-001/"


def test_schemas_are_published_with_stable_ids_and_working_refs(mini):
    build(mini)
    schema = json.loads(mini.path(".zhidu/files/schemas/regulation.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "http://127.0.0.1:8000/schemas/regulation.json"
    assert '"defs.json#/$defs/rule_id"' in json.dumps(schema) and ".schema.json" not in json.dumps(schema)


def test_without_a_public_address_schemas_have_no_id_and_the_workbook_no_links(mini):
    mini.write("mkdocs.yml", 'site_name: 测试\nsite_url: ""\n')
    build(mini)
    docs = mini.path(".zhidu/files")
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (docs / "schemas").glob("*.json")}
    assert schemas and all("$id" not in s for s in schemas.values())
    store = SchemaRegistry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    index = json.loads((docs / "api/v1/index.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schemas["api-index.json"], registry=store)
    assert list(validator.iter_errors(index)) == []            # references resolve relative to the file
    rules = openpyxl.load_workbook(docs / "downloads/registry.xlsx")["制度"]
    assert rules.cell(2, 1).value == "WU-001" and rules.cell(2, 1).hyperlink is None


def test_catalogue_workbook_reopens_with_filters_and_links(mini):
    registry, _ = build(mini)
    book = openpyxl.load_workbook(mini.path(".zhidu/files/downloads/registry.xlsx"))
    assert book.sheetnames == ["制度", "上位依据", "服务标准条款", "资产环节"]
    rules = book["制度"]
    assert [c.value for c in rules[1]][:6] == ["编号", "名称", "领域", "类别", "责任处室", "状态"]
    assert [rules.cell(r, 1).value for r in range(2, 5)] == ["WU-001", "WU-002", "WU-003"]
    assert rules.cell(4, 6).value == "已废止"
    assert rules.cell(2, 1).hyperlink.target == "http://127.0.0.1:8000/regulations/wu-001/"
    assert rules.auto_filter.ref == "A1:M4"
    assert book["资产环节"].max_row == 1 + 16


def test_compendium_has_outline_toc_pages_and_appendix(mini):
    registry, generated = build(mini)
    assert generated.documents_rebuilt
    reader = pypdf.PdfReader(mini.path(".zhidu/files/downloads/compendium.pdf"))
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles[:2] == ["目录", "物（资产管理）"] and titles[-1] == "附录　引用的上位依据"
    children = next(o for o in outline if isinstance(o, list))
    assert [c.title for c in children] == ["WU-001　办公用房使用管理办法", "WU-002　公物仓管理办法"]  # not repealed WU-003
    toc = reader.pages[1].extract_text()
    page = int(re.search(r"WU-002\s*公物仓管理办法[.\s]*(\d+)", toc).group(1))
    text = "".join(reader.pages[page - 1].extract_text().split())     # Typst spaces Chinese from digits
    assert "公物仓管理办法" in text and "".join(registry.rules["WU-002"].provisions[0].text.split())[:12] in text
    assert "第 1 页 共" not in reader.pages[0].extract_text()        # the cover carries no page number
    assert f"共 {len(reader.pages)} 页" in reader.pages[2].extract_text()
    assert "测试条例" in reader.pages[-1].extract_text()


def test_documents_are_rebuilt_only_when_the_registry_changed(mini):
    build(mini)
    pdf = mini.path(".zhidu/files/downloads/compendium.pdf")
    before = pdf.stat().st_mtime_ns
    assert build(mini)[1].documents_rebuilt is False and pdf.stat().st_mtime_ns == before
    mini.edit("standards/regulations/wu/WU-002.yaml", "title: 公物仓管理办法", "title: 公物仓运行管理办法")
    assert build(mini)[1].documents_rebuilt is True
    assert "公物仓运行管理办法" in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[1].extract_text()
