"""JSON Schema validation with messages in plain Chinese that point at file:line:column."""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from zhidu.cache import digest
from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import Document, pointer_join

_TYPE_NAMES = {
    "object": "键值对象", "array": "列表", "string": "文字", "integer": "整数",
    "number": "数字", "boolean": "true 或 false", "null": "空值",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    return "键值对象"


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"


_ANNOTATIONS = {"title", "description"}


def _resolve(ref: str, base: str, schemas: dict[str, dict]) -> tuple[dict, str]:
    file, _, fragment = ref.partition("#")
    file = file or base
    target = schemas[file.removesuffix(".schema.json")]
    for token in filter(None, fragment.split("/")):
        target = target[token.replace("~1", "/").replace("~0", "~")]
    return target, file


def inline_refs(schema: Any, base: str, schemas: dict[str, dict], depth: int = 0) -> Any:
    """The schema with every $ref replaced by what it points at (our schemas are not recursive).

    Validation then needs no reference lookups, which is most of its cost. A $ref's own
    title and description win over the target's, as an editor reads them where they stand.
    """
    if depth > 50:
        raise ValueError(f"{base}: $ref nested too deeply (recursive schema?)")
    if isinstance(schema, list):
        return [inline_refs(item, base, schemas, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    here = {key: inline_refs(value, base, schemas, depth) for key, value in schema.items()
            if key != "$ref" and key not in ("$defs", "$schema")}
    if "$ref" not in schema:
        return here
    target, file = _resolve(schema["$ref"], base, schemas)
    target = inline_refs(target, file, schemas, depth + 1)
    clashes = set(here) - _ANNOTATIONS & set(target)
    if clashes:
        return {**{k: v for k, v in here.items() if k in _ANNOTATIONS}, "allOf": [target, here]}
    return {**target, **here}


def with_domain_codes(schemas: dict[str, dict], codes: list[str]) -> dict[str, dict]:
    """The schemas with the taxonomy's domain codes as the enum of defs' domain_code: the codes are
    the bureau's data (taxonomy.yaml), so the schema files give only their shape."""
    defs = json.loads(json.dumps(schemas["defs"]))
    defs["$defs"]["domain_code"]["enum"] = list(codes)
    return {**schemas, "defs": defs}


class SchemaSet:
    """The project's schemas, one per kind, sharing defs.schema.json; validators made on first use."""

    def __init__(self, schema_dir: Path | None = None, schemas: dict[str, dict] | None = None, key: tuple = ()):
        files = sorted(schema_dir.glob("*.schema.json")) if schemas is None else []
        self.schemas: dict[str, dict] = schemas if schemas is not None else {
            file.name.removesuffix(".schema.json"): json.loads(file.read_text(encoding="utf-8")) for file in files}
        # what the verdicts depend on: the schema files as they are now (for caching a file's verdict)
        self.key = key or tuple((f.name, digest(f.read_bytes())) for f in files)     # same on every checkout
        self.validators: dict[str, Draft202012Validator] = {}

    def knowing_domains(self, codes: list[str]) -> SchemaSet:
        """The same schemas, checking domain codes against the taxonomy's."""
        if not codes:
            return self
        return SchemaSet(schemas=with_domain_codes(self.schemas, codes), key=(*self.key, tuple(codes)))

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self.validators:
            self.validators[kind] = Draft202012Validator(inline_refs(self.schemas[kind], f"{kind}.schema.json",
                                                                     self.schemas))
        return self.validators[kind]

    def validate(self, kind: str, doc: Document) -> list[Diagnostic]:
        validator = self.validator(kind)
        found = []
        for error in validator.iter_errors(doc.data):
            found.extend(self._describe(error, doc))
        return sorted(set(found))

    def _title(self, schema: dict, name: str) -> str:
        prop = schema.get("properties", {}).get(name, {})
        return prop.get("title", "")

    def _describe(self, error, doc: Document) -> list[Diagnostic]:
        pointer = "".join(pointer_join("", token) for token in error.absolute_path)
        keyword, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
        hint = schema.get("description", "")

        def at(ptr: str, code: str, message: str, key: bool = False) -> Diagnostic:
            line, column = doc.where(ptr, key=key)
            return Diagnostic(doc.path, line, column, code, ptr, message)

        if keyword == "required":
            missing = [name for name in expected if isinstance(value, dict) and name not in value]
            return [at(pointer, "required",
                       f"缺少必填字段“{name}”" + (f"（{title}）" if (title := self._title(schema, name)) else ""))
                    for name in missing]
        if keyword == "additionalProperties" and isinstance(value, dict):
            allowed = list(schema.get("properties", {}))
            out = []
            for name in value:
                if name in allowed:
                    continue
                guess = difflib.get_close_matches(name, allowed, n=1)
                tip = f"，是否想写“{guess[0]}”？" if guess else f"。允许的字段：{'、'.join(allowed)}"
                out.append(at(pointer_join(pointer, name), "unknown-field", f"未知字段“{name}”{tip}", key=True))
            return out
        if keyword == "oneOf" and all("required" in alt for alt in expected):
            forms = "；或者".join("写 " + " 和 ".join(alt["required"]) for alt in expected)
            return [at(pointer, "one-of", f"写法不对，只能用一种写法：{forms}" + (f"（{hint}）" if hint else ""))]
        code, message = _message(keyword, expected, value, schema, hint)
        return [at(pointer, code, message)]


def _message(keyword: str, expected, value, schema: dict, hint: str) -> tuple[str, str]:
    """(code, Chinese message) for a keyword that fails on one value."""
    if keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = "或".join(_TYPE_NAMES.get(t, t) for t in wanted)
        if value is None:
            return "type", f"尚未填写（应为{names}）"
        return "type", f"应为{names}，实际是{_type_of(value)}“{_shown(value)}”"
    if keyword in ("enum", "const"):
        options = expected if keyword == "enum" else [expected]
        return "enum", f"“{_shown(value)}”不是允许的值。" + (hint or "应为：" + "、".join(str(o) for o in options))
    if keyword == "pattern":
        if isinstance(value, str) and not value.strip():
            return "empty", "不能为空"
        return "format", f"“{_shown(value)}”格式不对" + (f"：{hint}" if hint else "")
    counted = {
        "minLength": ("empty", "不能为空"),
        "maxLength": ("too-long", f"这段文字太长：最多 {expected} 个字符，现在有 {_size(value)} 个字符，请精简或拆分"),
        "maxItems": ("too-many-items", f"列表项太多：最多 {expected} 项，现在有 {_size(value)} 项，请精简或拆分"),
        "minItems": ("min-items", f"至少需要 {expected} 项，现在有 {_size(value)} 项"),
        "uniqueItems": ("duplicate-item", "列表中有重复的项"),
        "minimum": ("range", f"不能小于 {expected}，现在是 {_shown(value)}"),
        "maximum": ("range", f"不能大于 {expected}，现在是 {_shown(value)}"),
        "maxProperties": ("too-many-fields", f"这里只能写 {expected} 个字段，现在有 {_size(value)} 个"
                                             + (f"（{schema['title']}）" if schema.get("title") else "")),
        "minProperties": ("too-few-fields", f"这里至少要写 {expected} 个字段"),
    }
    return counted.get(keyword, ("schema", "不符合要求" + (f"：{hint}" if hint else "")))


def _size(value) -> int:
    return len(value) if hasattr(value, "__len__") else 0

