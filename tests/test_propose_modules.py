"""The 提出修订 form's modules under Node, against the Python they port or feed: the YAML writer against
the project's loader, the schema validator against `zhidu validate`'s SchemaSet, the rule checks against
validate/limits.py, on every rule of the registry and on broken variants of them."""
from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from zhidu.export.api import published_schemas
from zhidu.load.loader import Document, parse
from zhidu.pipeline import SCHEMAS
from zhidu.validate.limits import actors_of, missing_parts, numbers_in
from zhidu.validate.schemas import SchemaSet

PROJECT = Path(__file__).resolve().parents[1]
JS = PROJECT / "scripts/zhidu/render/theme/assets/javascripts/zhidu"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js 未安装")

RUNNER = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.map(({module, call, args}) => require(process.argv[1] + "/" + module)[call](...args));
process.stdout.write(JSON.stringify(out));
"""


def node(*calls: tuple[str, str, list]) -> list:
    items = [{"module": m, "call": c, "args": a} for m, c, a in calls]
    done = subprocess.run([NODE, "-e", RUNNER, str(JS)], input=json.dumps(items), capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def registry_data():
    from zhidu.pipeline import validate
    result = validate(PROJECT)
    assert result.registry is not None
    return result.registry


# -- the YAML writer ---------------------------------------------------------------------------------------

TRICKY = ["", " ", "a", "yes", "No", "on", "OFF", "y", "~", "null", "=", "<<", "0x1F", "0o17", "1_000", "1:20", ".5",
          ".inf", "-.inf", ".NaN", "1e5", "+1", "-", "- a", "? x", ": x", "a: b", "a #b", "a#b", "#x", "&a", "*a", "!x",
          "|", ">", "'q", '"q', "%x", "@x", "`x", "a\nb", "a\tb", "\u2028", "\u0085", "\ufeff", "\u3000全角", "全角\u3000",
          "<script>alert(1)</script>", "{{ x }}", "{% raw %}", "[a]", "a, b", "{a: b}", "2025-03-01", "2025-02-30",
          "2025-3-1", "2025-03-01 10:00:00", "资产处：说明", "a:", "x\\y", "---", "...", "a\u00a0b", "😀", "\u0007",
          "\x7f", "\x9f", "it's", 'say "hi"', "\\n", "True", "FALSE", "1.0", "12", "-12", "第十七条", "30日内", "P01",
          "REF-abc", "行一\n\n行三\n", "  缩进", "结尾空格 "]


def test_the_yaml_writer_gives_back_exactly_the_data():
    rng = random.Random(23)
    alphabet = list("ab:#- '\"\\\n\t{}[],&*!|>%@`?~=<.0123456789xeE_+\u3000\u2028\u0085资产😀")
    strings = TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(3000)]
    data = {"strings": strings, "keys": {s: i for i, s in enumerate(["yes", "on", "a b", "2025-01-01", "x:y"])},
            "numbers": [0, 1, -1, 0.5, 1e-7, 1.5e21, 123456789012, 2.5e-300, 30, 1e21, -0.25],
            "others": [True, False, None, [], {}, [[1, [2, []]], {"c": {"d": []}}]]}
    text, = node(("propose-yaml.js", "dump", [data]))
    assert parse(text, "x.yaml").data == data


def test_every_rule_of_the_registry_is_written_as_it_reads(registry_data):
    rules = [dict(data) for data in registry_data.documents["regulation"].values()]
    texts = node(*[("propose-yaml.js", "dump", [json.loads(json.dumps(rule, default=dict))]) for rule in rules])
    for rule, text in zip(rules, texts):
        assert parse(text, "x.yaml").data == rule


# -- Python's ways of showing values in messages ---------------------------------------------------------

def test_figures_and_values_are_shown_as_python_shows_them():
    numbers = [0, 1, 30, 0.5, 2.5, 1234567, 123456, 0.0001, 0.00001, 1e-7, 1e21, 1e16, 3.14159265, 99999.95, 1e100]
    got = node(*[("propose-schema.js", "formatG", [n]) for n in numbers])
    assert got == [f"{n:g}" for n in numbers]
    values = [None, True, 1, 0.5, "文字", [1, "a"], {"a": [1, {"b": None}]}, "引号\"和\n换行", 1e-7]
    got = node(*[("propose-schema.js", "pyRepr", [v]) for v in values])
    assert got == [json.dumps(v, ensure_ascii=False) for v in values]


def test_numbers_in_provision_texts_are_found_as_limits_py_finds_them(registry_data):
    texts = [p.text for rule in registry_data.rules.values() for p in rule.provisions]
    texts += ["百分之十五", "三千零五", "一二", "两万五千", "１２３个工作日", "0.5万元", "第一百二十条"]
    got = node(*[("propose-checks.js", "numbersIn", [t]) for t in texts])
    assert [sorted(set(g)) for g in got] == [sorted(numbers_in(t)) for t in texts]


def test_provisions_without_who_or_when_are_found_as_limits_py_finds_them(registry_data):
    actors = list(actors_of({"departments": [{"name": d.name} for d in registry_data.taxonomy.departments]}))
    provisions = [dict(p) for data in registry_data.documents["regulation"].values() for p in data["provisions"]]
    provisions += [{"kind": "must", "text": "认真办理有关事项。"}, {"kind": "prohibit", "text": "资产处不得拖延。"},
                   {"kind": "must", "text": "应当及时办理。", "evidence": []}, {"kind": "should", "text": "宜办理。"}]
    got = node(*[("propose-checks.js", "missingParts", [json.loads(json.dumps(p, default=dict)), actors]) for p in provisions])
    assert got == [missing_parts(p, tuple(actors)) for p in provisions]


# -- the schema validator ----------------------------------------------------------------------------------

def _mutations(rule: dict, rng: random.Random) -> list[dict]:
    """Broken copies of a rule: a field removed, emptied, of another type, too long, unknown, duplicated."""
    out = []
    for key in list(rule):
        gone = copy.deepcopy(rule)
        del gone[key]
        out.append(gone)
    for key, value in [("title", ""), ("title", 7), ("summary", " \n"), ("scope", "长" * 5001), ("status", "abolished"),
                       ("issued", "2024-1-1"), ("effective", None), ("review_cycle_months", 121),
                       ("review_cycle_months", 2.5), ("review_cycle_months", True), ("basis", []), ("basis", "REF-x"),
                       ("provisions", [{}]), ("related", ["WU-1", "WU-002", "WU-002"]), ("tags", ["", "a", "a"]),
                       ("supersedes", ["WU-002"]), ("domain", "XX"), ("owner", "zcc"), ("revisions", []),
                       ("revisions", [{"date": "2024-01-01", "note": "x", "by": "y"}]), ("tilte", "x"), ("titles", "x")]:
        broken = copy.deepcopy(rule)
        broken[key] = value
        out.append(broken)
    for _ in range(12):
        broken = copy.deepcopy(rule)
        p = rng.choice(broken["provisions"])
        what = rng.randrange(8)
        if what == 0:
            p["kind"] = rng.choice(["shall", None, 1])
        elif what == 1:
            p.pop("evidence", None)
            p["checkable"] = True
        elif what == 2:
            p["limits"] = [{"subject": "", "value": -1, "unit": "天", "bound": "most", "extra": 1}]
        elif what == 3:
            p["stages"] = ["Use", "use", "use"]
        elif what == 4:
            p["basis"] = [{"ref": "ref-x", "articles": ["第一条", "第一条"], "note": ""}]
        elif what == 5:
            p["id"] = "P001"
        elif what == 6:
            p["evidence"] = []
        else:
            p["text"] = "x" * 5001
        out.append(broken)
    return out


def test_the_schema_messages_are_those_of_zhidu_validate(registry_data):
    codes = [d.code for d in registry_data.taxonomy.domains]
    schemas = {path.removeprefix("schemas/").removesuffix(".json"): json.loads(text)
               for path, text in published_schemas(PROJECT / SCHEMAS, "", codes).items()}
    python = SchemaSet(PROJECT / SCHEMAS).knowing_domains(codes)
    rng = random.Random(7)
    rules = [json.loads(json.dumps(data, default=dict)) for data in registry_data.documents["regulation"].values()]
    cases = rules[:40] + [m for rule in rng.sample(rules, 6) for m in _mutations(rule, rng)]
    calls = [("propose-schema.js", "inline", [{"regulation": schemas["regulation"], "defs": schemas["defs"]}, "regulation"])]
    schema, = node(*calls)
    got = node(*[("propose-schema.js", "validate", [schema, case]) for case in cases])
    seen = set()
    for case, found in zip(cases, got):
        doc = Document("x.yaml", case, {}, {})
        want = {(d.pointer, d.code, d.message) for d in python.validate("regulation", doc)}
        assert {(d["pointer"], d["code"], d["message"]) for d in found} == want, json.dumps(case, ensure_ascii=False)[:300]
        seen |= {code for _, code, _ in want}
    assert seen >= {"required", "empty", "type", "too-long", "enum", "format", "range", "min-items", "duplicate-item",
                    "unknown-field"}


# -- the page -------------------------------------------------------------------------------------------------

def test_the_form_page_carries_the_vocabulary_as_inert_json(registry_data):
    import re

    from zhidu.render.propose_page import FRAGMENT, PAGE, propose_files, script_json
    hostile = {"subject": "</script><script>alert(1)</script>&<!--"}
    text = str(script_json(hostile))
    assert "<" not in text and ">" not in text and "&" not in text and json.loads(text) == hostile
    files = propose_files(registry_data)
    assert set(files) == {PAGE, FRAGMENT}
    assert "search:\n  exclude: true" in files[PAGE] and 'class="zd-fragment"' in files[PAGE]
    found = re.search(r'<script type="application/json" class="zd-propose-vocabulary">(.*?)</script>', files[FRAGMENT])
    vocabulary = json.loads(found.group(1))
    assert [d["id"] for d in vocabulary["departments"]] == [d.id for d in registry_data.taxonomy.departments]
    assert {s: v["unit"] for s, v in vocabulary["limitSubjects"].items()} == \
        {s: unit for s, (unit, _) in registry_data.limit_subjects.items()}
    assert vocabulary["active"] == ["in_force", "under_revision"]
