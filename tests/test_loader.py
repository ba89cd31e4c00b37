"""The loader: positions, refusals with Chinese messages, and legitimate variants."""
import pytest

from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import LoadError, decode, load_file, parse


def test_positions_of_nested_values():
    doc = parse("id: WU-001\nprovisions:\n  - id: P01\n    kind: must\n", "x.yaml")
    assert doc.data["provisions"][0]["kind"] == "must"
    assert doc.where("/provisions/0/kind") == (4, 11)
    assert doc.where("/provisions/0/kind", key=True) == (4, 5)
    assert doc.where("/provisions/0/missing") == (3, 5)  # nearest ancestor


def test_dates_stay_strings_and_scalars_keep_types():
    doc = parse("issued: 2024-01-10\nn: 24\nok: true\nnothing: null\n", "x.yaml")
    assert doc.data == {"issued": "2024-01-10", "n": 24, "ok": True, "nothing": None}


def test_duplicate_key_names_both_lines():
    with pytest.raises(LoadError) as caught:
        parse("id: WU-001\ntitle: a\nid: WU-002\n", "x.yaml")
    assert (caught.value.line, caught.value.column, caught.value.code) == (3, 1, "duplicate-key")
    assert "第一次在第 1 行" in caught.value.message


def test_tab_indentation_is_explained():
    with pytest.raises(LoadError) as caught:
        parse("a:\n\tb: 1\n", "x.yaml")
    assert caught.value.line == 2
    assert "制表符" in caught.value.message


def test_alias_is_refused_before_expansion():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(LoadError) as caught:
        parse(bomb, "x.yaml")
    assert caught.value.code == "yaml-alias"
    assert caught.value.line == 2


def test_python_tag_is_refused():
    with pytest.raises(LoadError) as caught:
        parse("a: !!python/object/apply:os.system ['true']\n", "x.yaml")
    assert caught.value.code == "yaml-tag"


def test_gbk_bytes_give_position_and_hint():
    raw = "id: WU-001\ntitle: 办公用房\n".encode("gbk")
    with pytest.raises(LoadError) as caught:
        decode(raw)
    assert caught.value.line == 2 and caught.value.column == 8
    assert "UTF-8" in caught.value.message and "GBK" in caught.value.message


def test_bom_and_crlf_load_fine():
    text = decode("\ufeffid: WU-001\r\ntitle: 办公用房\r\n".encode("utf-8"))
    assert parse(text, "x.yaml").data == {"id": "WU-001", "title": "办公用房"}


def test_nul_byte_is_refused():
    with pytest.raises(LoadError) as caught:
        decode(b"id: a\nb: \x00\n")
    assert caught.value.line == 2 and caught.value.code == "encoding"


def test_unclosed_bracket_points_at_the_problem():
    with pytest.raises(LoadError) as caught:
        parse("id: WU-001\ntags: [a, b\nstatus: x\n", "x.yaml")
    assert caught.value.code == "yaml-syntax"
    assert caught.value.line >= 2


def test_deep_nesting_is_refused():
    with pytest.raises(LoadError) as caught:
        parse("a: " + "[" * 100 + "]" * 100 + "\n", "x.yaml")
    assert caught.value.code == "yaml-depth"


def test_empty_file(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("# only a comment\n", encoding="utf-8")
    result = load_file(path, "e.yaml")
    assert isinstance(result, Diagnostic) and result.code == "empty"


def test_oversized_file_is_not_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    result = load_file(path, "big.yaml")
    assert isinstance(result, Diagnostic) and result.code == "too-large"


# -- UTF-16 and UTF-32 are named, not called binary ------------------------------------

SAMPLE = "id: WU-001\ntitle: 办公用房使用管理办法\n"


@pytest.mark.parametrize("codec, bom, name", [
    ("utf-16-le", b"\xff\xfe", "UTF-16 LE"), ("utf-16-le", b"", "UTF-16 LE"),
    ("utf-16-be", b"\xfe\xff", "UTF-16 BE"), ("utf-16-be", b"", "UTF-16 BE"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 LE"), ("utf-32-le", b"", "UTF-32 LE"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32 BE"), ("utf-32-be", b"", "UTF-32 BE"),
])
def test_utf16_and_utf32_are_named(codec, bom, name):
    with pytest.raises(LoadError) as caught:
        decode(bom + SAMPLE.encode(codec))
    error = caught.value
    assert (error.line, error.column, error.code) == (1, 1, "encoding")
    assert f"文件是 {name} 编码" in error.message and "另存为 UTF-8" in error.message
    assert "空字符" not in error.message


@pytest.mark.parametrize("raw", ["id: WU-001\ntitle: 办公\x00用房\n".encode("utf-8"), b"ab:\x00\ncd\n", b"\x00:"])
def test_a_stray_nul_in_utf8_is_still_a_nul(raw):
    with pytest.raises(LoadError) as caught:
        decode(raw)
    assert "空字符" in caught.value.message, caught.value.message


# -- full-width and other look-alike characters where YAML needs ASCII ------------------

RULE = """id: WU-001
title: 办公用房使用管理办法
owner: ZCC
basis:
  - ref: REF-test-tiaoli
    articles: [第十七条]
provisions:
  - id: P01
    text: 资产处应当建立台账。
    kind: must
  - id: P02
    text: 不得擅自改变用途。
    kind: prohibit
tags: [办公用房]
"""


@pytest.mark.parametrize("old, new, line, column, words", [
    ("title: 办公", "title：办公", 2, 6, ["全角冒号“：”", "“: ”"]),
    ("    kind: must", "    kind：must", 10, 9, ["全角冒号“：”"]),
    ("  - id: P01", "  - id：P01", 8, 7, ["全角冒号“：”"]),
    ("  - ref: REF", "  - ref：REF", 5, 8, ["全角冒号“：”"]),
    ("tags: [办公用房]", "tags：[办公用房]", 14, 5, ["全角冒号“：”"]),
    ("    kind: must", "　　kind: must", 10, 1, ["全角空格", "U+3000", "缩进"]),
    ("    kind: must", "  　kind: must", 10, 3, ["全角空格", "缩进"]),
    ("    kind: must", "  \u00a0\u00a0kind: must", 10, 3, ["不间断空格", "U+00A0", "缩进"]),
    ("owner: ZCC", "\u00a0owner: ZCC", 3, 1, ["不间断空格", "缩进"]),
    ("owner: ZCC", "owner\u3000: ZCC", 3, 6, ["全角空格"]),
    ("  - id: P02", "  － id: P02", 11, 3, ["“－”", "“- ”"]),
    ("  - ref: REF", "  － ref: REF", 5, 3, ["“－”", "“- ”"]),
    ("  - id: P02", "  — id: P02", 11, 3, ["“—”", "“- ”"]),
])
def test_look_alike_characters_are_named_where_they_stand(old, new, line, column, words):
    assert old in RULE
    with pytest.raises(LoadError) as caught:
        parse(RULE.replace(old, new, 1), "x.yaml")
    error = caught.value
    assert (error.line, error.column, error.code) == (line, column, "yaml-character"), error.message
    assert all(word in error.message for word in words), error.message


@pytest.mark.parametrize("old, new", [
    ("    text: 资产处应当建立台账。", "    text: 规定：资产处应当建立台账。"),
    ("    text: 资产处应当建立台账。", "    text: |\n      　　第一条　资产处应当建立台账。\n      　　第二条：每年更新。\n"
                                 "      title：这一行是正文\n      － 也是正文"),
    ("    text: 资产处应当建立台账。", "    text: >\n      资产处\u00a0应当：\n      　建立台账。"),
    ("    text: 资产处应当建立台账。", "    text: \"资产处：\n      　　应当建立台账。\""),
    ("tags: [办公用房]", "tags: [办公用房：一号楼, 全角　空格]"),
])
def test_full_width_characters_inside_text_are_fine(old, new):
    assert parse(RULE.replace(old, new, 1), "x.yaml").data["id"] == "WU-001"


def test_text_that_looks_suspicious_is_not_blamed_for_a_later_error():
    text = RULE.replace("    text: 资产处应当建立台账。", "    text: |\n      title：正文\n      　　正文\n      － 正文", 1)
    text = text.replace("tags: [办公用房]", "tags: [办公用房")
    with pytest.raises(LoadError) as caught:
        parse(text, "x.yaml")
    assert caught.value.code == "yaml-syntax" and caught.value.line >= 17


# -- every loader message is Chinese: nothing of PyYAML's English leaks -------------------

ALLOWED_LATIN = {"YAML", "UTF", "GBK", "ANSI", "Tab", "NUL", "LE", "BE", "BOM", "KB", "FIFO", "true", "false"}
BROKEN = [
    "a: 1\n---\nb: 2\n", "%FOO\n---\na: 1\n", "a: \"\\x\"\n", "a: \"\\q\"\n", "a: [1, 2\nb: 1\n", "a: {b: 1\n",
    "- a\nb: 1\n", "a:\n- b\n c: 1\n", "a: |0\n x\n", "a: 'x\n", "a: b: c\n", "\"a\nb\": 1\n", "a\n: 1\n",
    "a: @x\n", "a: `x\n", "a: *\n", "a: &\n", "a: !<x\n", "a: \"x\" y\n", "a: |x\n b\n", "--- a\n... b\n",
    "a:\n  b: 1\n c: 2\n", "a: [b, c]]\n", "a: {b: c}}\n", "a: !!int abc\n", "a: !!float xyz\n",
    "a: !!bool maybe\n", "a: !!map x\n", "a: !!seq x\n", "a: !!str [1]\n", "a: !!int [1]\n", "? - a\n: 1\n",
    "a: 1\n? b\n", "- a\n- b: c\n  - d\n", "a:\n\t- b\n", "a: b\n\tc: d\n", "a: \"\\uD800\"\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_syntax_errors_are_explained_in_chinese(text):
    import re
    try:
        parse(text, "x.yaml")
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1
        assert re.search("[\u4e00-\u9fff]", error.message), error.message
        latin = set(re.findall(r"[A-Za-z]{2,}", error.message)) - ALLOWED_LATIN
        assert not latin, error.message


@pytest.mark.parametrize("text", ["a: !!map x\n", "a: !!seq x\n", "a: !!str [1]\n", "a: !!int [1]\n",
                                  "a: !!int abc\n", "a: !!bool maybe\n", "a: !!float 1.2.3\n"])
def test_a_tag_that_does_not_fit_its_value_is_refused(text):
    with pytest.raises(LoadError) as caught:
        parse(text, "x.yaml")
    assert (caught.value.line, caught.value.column, caught.value.code) == (1, 4, "yaml-tag"), caught.value.message
