"""Property-based tests of the loader and its position map (hypothesis)."""
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhidu.diagnostics import Diagnostic
from zhidu.load.loader import LoadError, parse, pointer_join

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXT = st.text(alphabet=st.one_of(CJK, st.sampled_from(string.ascii_letters + string.digits + " ，。、：;-_()<>&*#|[]{}'\"!?")),
               min_size=1, max_size=30)
KEYS = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
SCALARS = st.one_of(TEXT, st.integers(-10**6, 10**6), st.booleans(), st.none())
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)
DOCUMENTS = st.dictionaries(KEYS, DATA, min_size=1, max_size=6)


def leaves(value, pointer=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, pointer_join(pointer, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, pointer_join(pointer, i))
    else:
        yield pointer, value


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from(["block", "flow"]), st.booleans())
def test_round_trip_and_every_scalar_is_where_the_map_says(data, style, crlf):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=(style == "flow"), sort_keys=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    doc = parse(text, "x.yaml")
    assert doc.data == data
    lines = text.replace("\r\n", "\n").split("\n")
    for pointer, value in leaves(data):
        line, column = doc.where(pointer)
        assert 1 <= line <= len(lines) and column >= 1
        rest = lines[line - 1][column - 1:]
        if isinstance(value, str) and value.strip() and value == value.strip() and "\n" not in value:
            quoted = rest[:1] in ("'", '"')
            first = value[0] if not quoted else rest[0]
            assert rest.startswith(first), (pointer, value, rest)
        elif isinstance(value, bool):
            assert rest.startswith(("true", "false")), (pointer, rest)
        elif isinstance(value, int):
            assert rest.lstrip("'\"").startswith(str(value)[0]), (pointer, rest)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_positioned_error(text):
    try:
        doc = parse(text, "x.yaml")
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.code and error.message
        return
    assert doc.where("") == (1, 1) or doc.where("")[0] >= 1


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_a_diagnostic(tmp_path_factory, raw):
    from zhidu.load.loader import load_file
    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(raw)
    result = load_file(path, "x.yaml")
    assert isinstance(result, Diagnostic) or hasattr(result, "data")
