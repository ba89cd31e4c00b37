"""Safe YAML loading that remembers where every value came from.

The result is plain data (dict, list, str, int, float, bool, None) plus a map from
JSON pointer to (line, column), so any later check can name the exact place.
YAML timestamps stay strings: the schemas check their ISO form.
Only regular files are read (never a link, pipe or device), and at most MAX_BYTES of them.
Aliases, custom tags, duplicate keys, bad encodings, full-width look-alikes of YAML's own
characters and absurd sizes are refused, each with a positioned Chinese message.
"""
from __future__ import annotations

import errno
import os
import pickle
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from zhidu.diagnostics import MAX_JSON, MAX_SHOWN, MAX_SHOWN_PER_FILE, Diagnostic  # noqa: F401  (the limits, together)

# -- Limits ---------------------------------------------------------------------------------
# Far above real use, far below harm; documented in docs/guides/editing.md (“上限”). The longest
# text and the longest lists are bounded in the JSON Schemas (schemas/defs.schema.json: text ≤ 5,000
# characters, short_text ≤ 200; every array has maxItems).
MAX_BYTES = 256 * 1024      # per file; the largest real file (glossary.yaml) is about 20 KB, a rule about 7 KB
MAX_NODES = 20_000          # YAML nodes (keys, values, list items) per file; the real maximum is about 800
MAX_DEPTH = 40              # nesting; real files nest at most 6 deep
MAX_FILES = 20_000          # files and folders under standards/; the real registry has about 370

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
        if self.values is None:          # kept apart by the validation cache: read back on first need
            values, keys = POSITIONS.restore(self.path)
            object.__setattr__(self, "values", values)
            object.__setattr__(self, "keys", keys)
        table = self.keys if key else self.values
        while True:
            if pointer in table:
                return table[pointer]
            if pointer in self.values:
                return self.values[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]


class _Positions:
    """Where the validation cache keeps documents' positions: they are two thirds of a document's size
    and only needed when a message must say where something stands, so each is read back on demand."""

    def __init__(self):
        self.files: dict[str, "Path"] = {}      # document path -> the file holding its positions

    def restore(self, path: str) -> tuple[dict, dict]:
        try:
            with self.files[path].open("rb") as stored:
                return pickle.load(stored)
        except (KeyError, OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return {}, {}


POSITIONS = _Positions()


class LoadError(Exception):
    def __init__(self, line: int, column: int, code: str, message: str):
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


def pointer_join(base: str, token: Any) -> str:
    return f"{base}/{str(token).replace('~', '~0').replace('/', '~1')}"


class _RefuseAliases:
    """Composer step: an alias is refused where it stands, before anything is expanded; and no
    more than MAX_NODES nodes are composed, so a small file cannot build an enormous tree."""

    nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise LoadError(mark.line + 1, mark.column + 1, "yaml-alias",
                            "不支持 YAML 别名（*名称）和锚点，请把内容直接写出来")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = self.peek_event().start_mark
            raise LoadError(mark.line + 1, mark.column + 1, "too-many-nodes",
                            f"文件中的内容项（键、值和列表项）超过 {MAX_NODES:,} 个，不像是一个条目文件；"
                            "请检查是否误粘贴了大量内容")
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
_DOCUMENTS = "一个文件只能有一个 YAML 文档（不要使用“---”分隔多个文档）"
_INDENT = "缩进不一致：同一层的键要对齐"
_NO_CONTENT = "这里缺少内容：括号或引号没有闭合，或值不完整"
_TAG = "YAML 标签（以“!”开头）的写法不对；如果这是内容，请给它加引号"
_DIRECTIVE = "不支持以“%”开头的 YAML 指令，请删除这一行"
_ANCHOR = "不支持 YAML 别名（*名称）和锚点（&名称）；如果这是内容，请给它加引号"
# Words of PyYAML's and libyaml's problem (or else context) text -> what to tell the editor.
# Nothing of the English text is ever shown: an unknown problem gets _YAML_OTHER.
_YAML_PROBLEMS = [
    ("found a tab character", _TAB),
    ("found character '\\t'", _TAB),
    ("expected a single document", _DOCUMENTS),
    ("but found another document", _DOCUMENTS),
    ("mapping values are not allowed", "此处不能出现“键: 值”：可能是缩进不对，或值里含有“: ”需要加引号"),
    ("block sequence entries are not allowed", "此处不能开始列表项“- ”：可能是缩进不对，或上一行缺少冒号"),
    ("mapping keys are not allowed", "此处不能出现键：可能是缩进不对"),
    ("could not find expected ':'", "缺少冒号“:”：键和值之间要有冒号和空格"),
    ("did not find expected key", _INDENT),
    ("expected <block end>", _INDENT),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“- ”要对齐"),
    ("expected ',' or ']'", "方括号“[”没有闭合，或列表项之间缺少逗号“,”"),
    ("expected ',' or '}'", "花括号“{”没有闭合，或各项之间缺少逗号“,”"),
    ("expected the node content", _NO_CONTENT),
    ("expected node content", _NO_CONTENT),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found unknown escape character", "双引号字符串中有无效的转义符“\\”：要写反斜杠本身，请改用单引号"),
    ("hexdecimal number", "双引号字符串中“\\x”“\\u”“\\U”后面要跟十六进制的字符编码"),
    ("unicode character escape", "双引号字符串中“\\u”后面的字符编码无效"),
    ("found undefined tag handle", "使用了未定义的 YAML 标签"),
    ("tag uri", _TAG),
    ("expected '!'", _TAG),
    ("expected '>'", _TAG),
    ("found unexpected ':'", "出现了多余的冒号，含冒号的值请加引号"),
    ("found character that cannot start any token", "这个字符不能作为值的开头（例如 @ 或 `）：请给这个值加引号"),
    ("document indicator", "行首的“---”或“...”是文档分隔符，不能出现在这里；如果这是内容，请加引号"),
    ("<document start>", "这里的内容不属于任何键：可能缺少冒号“:”，或缩进不对"),
    ("directive", _DIRECTIVE),
    ("incompatible yaml document", _DIRECTIVE),
    ("indentation indicator", "块文本标记“|”或“>”后面的缩进数字不能是 0"),
    ("duplicate anchor", _ANCHOR),
    ("while scanning an alias", _ANCHOR),
    ("while scanning an anchor", _ANCHOR),
    ("while scanning a block scalar", "块文本标记“|”或“>”后面只能写缩进数字、“+”“-”或注释，正文从下一行开始"),
    ("while parsing a tag", _TAG),
    ("while scanning a tag", _TAG),
    ("expected comment or line break", "这里应当换行：值后面多了内容（例如引号结束后又写了文字）"),
    ("expected whitespace or line break", "这里缺少空格或换行"),
    ("control characters", "文件含有不允许的控制字符，请删除"),
]
_YAML_OTHER = "YAML 写法有误：请检查这一行及上一行的缩进、冒号、引号和括号"


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    for words in (error.problem, error.context):
        words = str(words or "").lower()
        for needle, message in _YAML_PROBLEMS:
            if needle.lower() in words:
                return message
    return _YAML_OTHER


# -- encodings --------------------------------------------------------------------------------

_WIDE = [   # (byte order mark, codec, name); UTF-32 first, as its LE mark begins like UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
]


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16 LE' etc. when the bytes are UTF-16 or UTF-32 text (with or without a BOM), else None."""
    for bom, _, name in _WIDE:
        if raw.startswith(bom):
            return name
    if b"\x00" not in raw:
        return None
    for _, codec, name in _WIDE:    # without a mark: the one that gives clean text with ASCII line breaks
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        # Real YAML has ASCII keys, colons and line breaks, each of which brings NUL bytes; read in the
        # wrong byte order they come out as other characters. A stray NUL in UTF-8 gives one at most.
        if ("\n" in text or ":" in text) and sum(ch < "\x80" for ch in text) >= 3 \
                and not _NON_PRINTABLE.search(text):
            return name
    return None


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or LoadError naming the encoding found or the first bad byte."""
    if wide := _wide_encoding(raw):
        raise LoadError(1, 1, "encoding", f"文件是 {wide} 编码，请在编辑器中另存为 UTF-8")
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


# -- look-alike characters: full-width colons, odd spaces and dashes where YAML needs ASCII ----

_FULL_COLON = "\uff1a"
_DASHES = "\uff0d\u2014\u2013\u2015\u2212\u2010\u2011\ufe63\ufe58"    # －—–―−‐‑﹣﹘
_SPACE_NAMES = {"\u3000": "全角空格“　”（U+3000）",
                "\u00a0": "不间断空格（U+00A0，常从网页或 Word 复制时带入）",
                "\u200b": "零宽空格（U+200B）", "\ufeff": "零宽不换行空格（U+FEFF）"}
_COLON_MESSAGE = "这里用了全角冒号“：”，键和值之间要用半角冒号加空格“: ”"
_KEY_THEN_FULL_COLON = re.compile(r"[ ]*(?:-[ ]+)*[A-Za-z_][A-Za-z0-9_-]*[ \u3000]*(\uff1a)")


def _odd_space(ch: str) -> bool:
    return ch != " " and (ch in _SPACE_NAMES or unicodedata.category(ch) == "Zs")


def _space_name(ch: str) -> str:
    return _SPACE_NAMES.get(ch, f"特殊空格（U+{ord(ch):04X}）")


def _indent_message(ch: str) -> str:
    return f"缩进里有{_space_name(ch)}，缩进只能用半角空格：请删除它，重新用空格键缩进"


def _dash_message(ch: str) -> str:
    return f"列表项开头用了“{ch}”（U+{ord(ch):04X}），列表项要用半角减号加空格“- ”"


def _look_alike_in_line(line: str) -> tuple[int, str] | None:
    """(0-based column, message) of a look-alike character doing YAML's work in this line."""
    indent = 0
    while indent < len(line) and (line[indent] == " " or _odd_space(line[indent])):
        indent += 1
    for column in range(indent):
        if line[column] != " ":
            return column, _indent_message(line[column])
    if indent < len(line) and line[indent] in _DASHES and line[indent + 1:indent + 2] in ("", " ", "\u3000"):
        return indent, _dash_message(line[indent])
    if found := _KEY_THEN_FULL_COLON.match(line):
        return found.start(1), _COLON_MESSAGE
    return None


def _continuation_lines(text: str) -> set[int]:
    """0-based lines inside a scalar begun on an earlier line (block text, multi-line strings):
    there full-width colons and spaces are legitimate text."""
    inside: set[int] = set()
    try:
        for token in yaml.scan(text, Loader=_Scanner):
            if isinstance(token, yaml.ScalarToken):
                last = token.end_mark.line - (token.end_mark.column == 0)
                inside.update(range(token.start_mark.line + 1, last + 1))
    except yaml.YAMLError:
        pass     # lines after the scanner's own error are not text it understood
    return inside


def _look_alike(text: str, error_line: int) -> tuple[int, int, str] | None:
    """After a syntax error at `error_line` (1-based): the first look-alike character up to and
    including that line, outside text, as (line, column, message); YAML reports these a line late."""
    lines = text.split("\n")[:error_line]
    inside = _continuation_lines(text)
    for number, line in enumerate(lines):
        if number in inside and number != error_line - 1:
            continue
        if found := _look_alike_in_line(line):
            return number + 1, found[0] + 1, found[1]
    return None


def _key_look_alike(key: str) -> tuple[int, str] | None:
    """(index, message) of a look-alike character in a mapping key, which is never legitimate there."""
    for index, ch in enumerate(key):
        if ch == _FULL_COLON:
            return index, _COLON_MESSAGE
        if _odd_space(ch):
            if not key[:index].strip(" "):
                return index, _indent_message(ch)
            return index, f"键“{key.strip()}”里有{_space_name(ch)}：键只能用半角字母、数字和下划线，请删除它"
        if index == 0 and ch in _DASHES and key[1:2] in (" ", "\u3000"):
            return index, _dash_message(ch)
    return None


try:
    _Scanner = yaml.CSafeLoader
except AttributeError:    # pragma: no cover - PyYAML built without libyaml
    _Scanner = yaml.SafeLoader


# -- building plain data with positions ---------------------------------------------------------

_COLLECTION_TAGS = {"tag:yaml.org,2002:map": yaml.MappingNode, "tag:yaml.org,2002:seq": yaml.SequenceNode}
_SCALAR_NAMES = {"tag:yaml.org,2002:int": "整数", "tag:yaml.org,2002:float": "数字",
                 "tag:yaml.org,2002:bool": "“true”或“false”", "tag:yaml.org,2002:null": "空值",
                 "tag:yaml.org,2002:str": "文字", "tag:yaml.org,2002:timestamp": "日期",
                 "tag:yaml.org,2002:map": "键值对象", "tag:yaml.org,2002:seq": "列表"}


def _tag_mismatch(node: yaml.Node) -> LoadError:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return LoadError(line, column, "yaml-tag",
                     f"这里的 YAML 标签要求值是{_SCALAR_NAMES.get(node.tag, '别的类型')}，但实际不是："
                     "请删除标签（以“!!”开头的部分）")


def _build(node: yaml.Node, pointer: str, doc_values: dict, doc_keys: dict,
           constructor: yaml.SafeConstructor, depth: int) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    doc_values[pointer] = (line, column)
    if depth > MAX_DEPTH:
        raise LoadError(line, column, "yaml-depth", f"嵌套层级超过 {MAX_DEPTH} 层，不是有效的条目")
    if node.tag not in _SAFE_TAGS:
        raise LoadError(line, column, "yaml-tag", f"不允许使用 YAML 标签 {node.tag}")
    if not isinstance(node, _COLLECTION_TAGS.get(node.tag, yaml.ScalarNode)):
        raise _tag_mismatch(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(key_line, key_col, "yaml-key", "键必须是简单的文字")
            key = str(key_node.value)
            if not key.isascii() and (odd := _key_look_alike(key)):   # look-alikes are never ASCII
                plain = not key_node.style and "\n" not in key   # libyaml: "", PyYAML: None
                raise LoadError(key_line, key_col + (odd[0] if plain else 0), "yaml-character", odd[1])
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
    try:
        return constructor.construct_object(node)
    except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):   # e.g. !!int abc
        raise _tag_mismatch(node) from None


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
        if odd := _look_alike(text, line):
            raise LoadError(*odd[:2], "yaml-character", odd[2]) from None
        lines = text.splitlines()
        at_tab = 0 < line <= len(lines) and "\t" in lines[line - 1][:column]
        message = _TAB if at_tab and "start any token" in str(error.problem) else _yaml_message(error)
        raise LoadError(line, column, "yaml-syntax", message) from None
    except yaml.YAMLError:
        raise LoadError(1, 1, "yaml-syntax", _YAML_OTHER) from None
    except RecursionError:
        raise LoadError(1, 1, "yaml-depth", "嵌套层级过深，不是有效的条目") from None
    finally:
        loader.dispose()
    return Document(path, data, values, keys)


# -- reading files --------------------------------------------------------------------------------

def not_regular_message(mode: int) -> str:
    """What a non-regular file is, and what to do; never where a link points."""
    if stat.S_ISLNK(mode):
        what = "符号链接（快捷方式）"
    elif stat.S_ISFIFO(mode):
        what = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "设备文件"
    elif stat.S_ISSOCK(mode):
        what = "套接字文件"
    elif stat.S_ISDIR(mode):
        what = "文件夹"
    else:
        what = "特殊文件"
    return (f"这里是{what}，不是普通文件。校验只读取项目内的普通文件，不跟随链接：" 
            "请删除它，把真实的文件（或文件夹）放在这里")


def _too_large(size: int | None) -> LoadError:
    found = f"文件有 {size // 1024:,} KB，" if size is not None else "文件"
    return LoadError(1, 1, "too-large", f"{found}超过上限 {MAX_BYTES // 1024} KB，不像是一个条目文件")


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. A link, pipe or device is refused without
    being opened or followed; the read stops at MAX_BYTES + 1 whatever the file's size claims."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(1, 1, "not-regular-file", not_regular_message(info.st_mode))
    if info.st_size > MAX_BYTES:
        raise _too_large(info.st_size)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:       # replaced by a link since it was looked at
            raise LoadError(1, 1, "not-regular-file", not_regular_message(stat.S_IFLNK)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(1, 1, "not-regular-file", not_regular_message(info.st_mode))
        chunks, total = [], 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        raise _too_large(None)
    return b"".join(chunks)


_OS_ERRORS = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
              errno.ENOENT: "文件不存在（可能刚被移动或删除）", errno.EISDIR: "这是文件夹，不是文件",
              errno.EIO: "读取时发生输入输出错误", errno.EAGAIN: "文件暂时无法读取"}


def load_file(path: Path, shown_as: str) -> Document | Diagnostic:
    """Load one file. Returns the Document, or a Diagnostic saying why it could not be read."""
    try:
        return parse(decode(read_limited(path)), shown_as)
    except LoadError as error:
        return Diagnostic(shown_as, error.line, error.column, error.code, "", error.message)
    except OSError as error:
        reason = _OS_ERRORS.get(error.errno, f"系统错误 {errno.errorcode.get(error.errno, error.errno)}")
        return Diagnostic(shown_as, 1, 1, "io", "", f"无法读取文件：{reason}")
