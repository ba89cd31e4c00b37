"""The schemas: valid draft 2020-12, and every property explains itself in Chinese."""
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
HAN = re.compile(r"[\u4e00-\u9fff]")


def load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def resolve(document, node):
    """Follow a $ref (local, or into another schema file): (document it lies in, merged node)."""
    ref = node.get("$ref")
    if not ref:
        return document, node
    file, _, pointer = ref.partition("#")
    document = load(file) if file else document
    target = document
    for token in pointer.strip("/").split("/"):
        target = target[token]
    document, target = resolve(document, target)
    return document, {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def properties(document, node, path=""):
    document, node = resolve(document, node)
    for name, prop in node.get("properties", {}).items():
        yield f"{path}/{name}", resolve(document, prop)[1]
        yield from properties(document, prop, f"{path}/{name}")
    items = node.get("items")
    if isinstance(items, dict):
        yield from properties(document, items, f"{path}/[]")


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.schema.json")))
def test_schema_is_valid_and_documented(name):
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    assert HAN.search(schema["title"]) and HAN.search(schema["description"])
    for path, prop in properties(schema, schema):
        text = prop.get("title", "") + prop.get("description", "")
        assert HAN.search(text), f"{name}{path} has no Chinese title or description"
