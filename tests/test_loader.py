"""The loader: positions, refusals with Chinese messages, and legitimate variants."""
import pytest

from zhidu.diagnostics import Diagnostic
from zhidu.loader import LoadError, decode, load_file, parse


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
