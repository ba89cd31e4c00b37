"""Safe YAML loading that remembers where every value came from.

The result is plain data (dict, list, str, int, float, bool, None) plus a map from
JSON pointer to (line, column), so any later check can name the exact place.
YAML timestamps stay strings: the schemas check their ISO form.
Aliases, custom tags, duplicate keys, bad encodings and absurd sizes are refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .diagnostics import Diagnostic

MAX_BYTES = 2 * 1024 * 1024  # a rule file is a few KB; anything this large is a mistake
MAX_DEPTH = 40

_SAFE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Document:
    """One loaded YAML file."""
    path: str                     # as shown in messages (relative to the project root)
    data: Any
    values: dict[str, tuple[int, int]] = field(repr=False)   # pointer -> where the value starts
    keys: dict[str, tuple[int, int]] = field(repr=False)     # pointer -> where its mapping key starts

    def where(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        """Position of `pointer`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while True:
            if pointer in table:
                return table[pointer]
            if pointer in self.values:
                return self.values[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]


class LoadError(Exception):
    def __init__(self, line: int, column: int, code: str, message: str):
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


def pointer_join(base: str, token: Any) -> str:
    return f"{base}/{str(token).replace('~', '~0').replace('/', '~1')}"


class _RefuseAliases:
    """Composer step: an alias is refused where it stands, before anything is expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise LoadError(mark.line + 1, mark.column + 1, "yaml-alias",
                            "不支持 YAML 别名（*名称）和锚点，请把内容直接写出来")
        return Composer.compose_node(self, parent, index)


try:   # libyaml scans and parses about eight times faster; our composer still builds the nodes
    from yaml._yaml import CParser

    class _Loader(_RefuseAliases, CParser, Composer, SafeConstructor, Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document
except ImportError:    # pragma: no cover - PyYAML built without libyaml
    class _Loader(_RefuseAliases, yaml.SafeLoader):
        pass


# what YAML allows in a file (the same set PyYAML's reader checks)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_TAB = "不能用制表符（Tab）缩进，请改用空格"
_YAML_PROBLEMS = [
    ("expected the node content", "这里缺少内容：括号或引号没有闭合，或值不完整"),
    ("found character '\\t'", "不能用制表符（Tab）缩进，请改用空格"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”：可能是缩进不对，或值里含有“: ”需要加引号"),
    ("could not find expected ':'", "缺少冒号“:”：键和值之间要有冒号和空格"),
    ("did not find expected key", "缩进不一致：同一层的键要对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“- ”要对齐"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found undefined tag handle", "使用了未定义的 YAML 标签"),
    ("expected a single document", "一个文件只能有一个 YAML 文档（不要使用“---”分隔多个文档）"),
    ("found unknown escape character", "双引号字符串中有无效的转义符“\\”"),
    ("found unexpected ':'", "出现了多余的冒号，含冒号的值请加引号"),
]


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    for needle, message in _YAML_PROBLEMS:
        if needle in problem:
            return message
    return f"YAML 语法错误（{problem}）"


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or LoadError naming the first bad byte."""
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        raise LoadError(line, column, "encoding", "文件中含有空字符（NUL），不是文本文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadError(line, column, "encoding",
                        "文件不是 UTF-8 编码（可能被保存成了 GBK/ANSI），请在编辑器中另存为 UTF-8") from None
    return text.replace("\r\n", "\n")


def _build(node: yaml.Node, pointer: str, doc_values: dict, doc_keys: dict,
           constructor: yaml.SafeConstructor, depth: int) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    doc_values[pointer] = (line, column)
    if depth > MAX_DEPTH:
        raise LoadError(line, column, "yaml-depth", f"嵌套层级超过 {MAX_DEPTH} 层，不是有效的条目")
    if node.tag not in _SAFE_TAGS:
        raise LoadError(line, column, "yaml-tag", f"不允许使用 YAML 标签 {node.tag}")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(key_line, key_col, "yaml-key", "键必须是简单的文字")
            key = str(key_node.value)
            child = pointer_join(pointer, key)
            if key in result:
                first = doc_keys[child][0]
                raise LoadError(key_line, key_col, "duplicate-key",
                                f"键“{key}”重复出现（第一次在第 {first} 行），请删除或合并其中一个")
            doc_keys[child] = (key_line, key_col)
            result[key] = _build(value_node, child, doc_values, doc_keys, constructor, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, pointer_join(pointer, i), doc_values, doc_keys, constructor, depth + 1)
                for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return constructor.construct_object(node)


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a Document; raises LoadError."""
    if found := _NON_PRINTABLE.search(text):     # control characters: say which, and where
        before = text[:found.start()]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise LoadError(line, column, "encoding",
                        f"文件含有不允许的控制字符 U+{ord(found.group()):04X}，可能是从其他软件复制时带入的，请删除")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(1, 1, "empty", "文件是空的")
        values: dict[str, tuple[int, int]] = {}
        keys: dict[str, tuple[int, int]] = {}
        data = _build(root, "", values, keys, loader, 0)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        at_tab = 0 < line <= len(lines) and "\t" in lines[line - 1][:column]
        message = _TAB if at_tab and "start any token" in str(error.problem) else _yaml_message(error)
        raise LoadError(line, column, "yaml-syntax", message) from None
    except yaml.YAMLError as error:
        raise LoadError(1, 1, "yaml-syntax", f"YAML 语法错误（{error}）") from None
    except RecursionError:
        raise LoadError(1, 1, "yaml-depth", "嵌套层级过深，不是有效的条目") from None
    finally:
        loader.dispose()
    return Document(path, data, values, keys)


def load_file(path: Path, shown_as: str) -> Document | Diagnostic:
    """Load one file. Returns the Document, or a Diagnostic saying why it could not be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Diagnostic(shown_as, 1, 1, "too-large", "",
                              f"文件有 {size // 1024} KB，超过上限 {MAX_BYTES // 1024} KB，不像是一个条目文件")
        return parse(decode(path.read_bytes()), shown_as)
    except LoadError as error:
        return Diagnostic(shown_as, error.line, error.column, error.code, "", error.message)
    except OSError as error:
        return Diagnostic(shown_as, 1, 1, "io", "", f"无法读取文件：{error.strerror}")
