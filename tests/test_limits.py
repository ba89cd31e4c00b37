"""Limits: far above real use, far below harm. Each one gives a positioned Chinese error, quickly,
in bounded memory, and the report itself stays short."""
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhidu.load import loader
from zhidu.diagnostics import Diagnostic, format_diagnostics

PROJECT = Path(__file__).resolve().parents[1]
WU1 = "standards/regulations/wu/WU-001.yaml"
MEMORY = 1024 * 1024 * 1024     # 1 GiB address space for one `zhidu validate`
SECONDS = 60
HAN = re.compile("[\u4e00-\u9fff]")


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def validate(root, fmt="json"):
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "zhidu.cli.main", "validate", "--format", fmt], cwd=root,
                         capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 1
    return run, time.monotonic() - started


def errors_of(run, path=WU1):
    return [d for d in json.loads(run.stdout) if d["severity"] == "error" and d["path"] == path]


def rule_with_provisions(count: int, text: str = "资产处应当建立台账。") -> str:
    head = Path(__file__).parent.joinpath("fixtures/mini", WU1).read_text(encoding="utf-8")
    head = head.split("provisions:\n")[0]
    body = "".join(f"  - id: P{i % 100:02d}\n    text: {text}\n    kind: must\n    checkable: false\n"
                   for i in range(count))
    return f"{head}provisions:\n{body}related: [WU-002]\nrevisions:\n  - date: 2024-01-10\n    note: 首次印发\n"


# -- file size ---------------------------------------------------------------------------

def test_a_one_megabyte_text_field_is_refused_quickly(mini):
    mini.edit(WU1, "scope: 本局及所属单位的办公用房。", "scope: " + "很长的文字" * 70_000)   # 1 MB of UTF-8
    run, seconds = validate(mini.root)
    (error,) = errors_of(run)
    assert (error["code"], error["line"], error["column"]) == ("too-large", 1, 1)
    assert f"{loader.MAX_BYTES // 1024} KB" in error["message"] and HAN.search(error["message"])
    assert seconds < 30


def test_a_file_that_grows_while_read_is_cut_at_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * (loader.MAX_BYTES + 10) + b"\n")
    real_fstat, real_lstat = loader.os.fstat, loader.os.lstat

    def small(info):          # st_size says 10 bytes: the read itself must stop at the limit
        return type(info)((*info[:6], 10, *info[7:]))

    monkeypatch.setattr(loader.os, "fstat", lambda fd: small(real_fstat(fd)))
    monkeypatch.setattr(loader.os, "lstat", lambda name: small(real_lstat(name)))
    result = loader.load_file(path, "x.yaml")
    assert isinstance(result, Diagnostic) and result.code == "too-large"


# -- long text and long lists: the schemas ------------------------------------------------

def test_a_long_paragraph_is_refused_where_it_stands(mini):
    mini.edit(WU1, "    text: 不得擅自改变办公用房用途。", "    text: " + "很" * 5_001)
    error = mini.only_error("too-long")
    assert (error.path, error.line, error.column, error.pointer) == (WU1, 24, 11, "/provisions/1/text")
    assert "5000" in error.message and "5001" in error.message and HAN.search(error.message)


def test_a_long_title_is_refused_where_it_stands(mini):
    mini.edit(WU1, "title: 办公用房使用管理办法", "title: " + "办" * 201)
    error = mini.only_error("too-long")
    assert (error.line, error.column, error.pointer) == (2, 8, "/title")
    assert "200" in error.message and "201" in error.message


def test_too_many_provisions_are_refused_where_the_list_starts(mini):
    mini.write(WU1, rule_with_provisions(101))
    found = [d for d in mini.errors() if d.code == "too-many-items"]
    assert [(d.path, d.line, d.pointer) for d in found] == [(WU1, 16, "/provisions")]
    assert "100" in found[0].message and "101" in found[0].message and HAN.search(found[0].message)


def test_too_many_tags_are_refused(mini):
    mini.edit(WU1, "tags: [办公用房]", "tags: [" + ", ".join(f"标签{i}" for i in range(51)) + "]")
    error = mini.only_error("too-many-items")
    assert (error.line, error.pointer) == (32, "/tags")


def test_one_hundred_thousand_provisions_fail_quickly(mini):
    mini.write(WU1, rule_with_provisions(100_000))
    run, seconds = validate(mini.root)
    assert errors_of(run) and all(d["line"] >= 1 and HAN.search(d["message"]) for d in errors_of(run))
    assert seconds < 30


def test_too_many_nodes_in_a_small_file_are_refused_while_reading(mini):
    mini.write(WU1, "id: WU-001\ntags: [" + ",".join(["a"] * 60_000) + "]\n")
    assert mini.path(WU1).stat().st_size < loader.MAX_BYTES
    run, seconds = validate(mini.root)
    (error,) = errors_of(run)
    assert error["code"] == "too-many-nodes" and error["line"] == 2 and error["column"] > 1
    assert f"{loader.MAX_NODES:,}" in error["message"] and HAN.search(error["message"])
    assert seconds < 30


def _arrays_and_strings(node, path=""):
    if isinstance(node, dict):
        if node.get("type") == "array" or "items" in node:
            yield "array", path, node
        if node.get("type") == "string" or (isinstance(node.get("type"), list) and "string" in node["type"]):
            yield "string", path, node
        for key, value in node.items():
            yield from _arrays_and_strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _arrays_and_strings(value, f"{path}/{i}")


INPUT_SCHEMAS = sorted(p.name for p in (PROJECT / "schemas").glob("*.schema.json") if not p.name.startswith("api-"))


@pytest.mark.parametrize("name", INPUT_SCHEMAS)
def test_every_list_and_every_text_in_the_input_schemas_is_bounded(name):
    schema = json.loads((PROJECT / "schemas" / name).read_text(encoding="utf-8"))
    for kind, path, node in _arrays_and_strings(schema):
        if kind == "array":
            assert isinstance(node.get("maxItems"), int), f"{name}{path}: no maxItems"
        elif "maxLength" not in node:
            assert "$ref" not in node, f"{name}{path}"
            pattern = node.get("pattern", "")       # only fixed-length patterns may go without maxLength
            assert pattern and not re.search(r"[+*]|\{\d+,\}", pattern), f"{name}{path}: no maxLength"


# -- how many files ------------------------------------------------------------------------

def test_too_many_files_stop_discovery_with_one_clear_error(mini, monkeypatch):
    from zhidu import pipeline as registry
    monkeypatch.setattr(registry, "MAX_FILES", 10)
    result = registry.validate(mini.root)
    assert [(d.path, d.code, d.line) for d in result.errors] == [("standards", "too-many-files", 1)]
    assert "10" in result.errors[0].message and HAN.search(result.errors[0].message)


def test_the_real_file_limit_counts_every_entry(mini):
    folder = mini.path("standards/regulations/wu/junk")
    folder.mkdir()
    for i in range(loader.MAX_FILES + 1):
        (folder / f"{i}.txt").touch()
    run, seconds = validate(mini.root)
    assert [d["code"] for d in json.loads(run.stdout) if d["severity"] == "error"] == ["too-many-files"]


# -- bounded output ------------------------------------------------------------------------

def test_two_hundred_thousand_keys_give_a_short_report(mini):
    mini.write(WU1, "".join(f"k{i}: 1\n" for i in range(200_000)))
    for fmt in ("text", "github", "json"):
        run, seconds = validate(mini.root, fmt)
        assert len(run.stdout.encode()) < 100_000 and seconds < 30


def test_thousands_of_problems_in_one_file_are_summarised(mini):
    mini.write(WU1, "".join(f"k{i}: 1\n" for i in range(9_000)))
    for fmt in ("text", "github"):
        run, _ = validate(mini.root, fmt)
        assert len(run.stdout.encode()) < 100_000
        lines = run.stdout.strip().splitlines()
        assert sum(WU1 in line for line in lines) <= loader.MAX_SHOWN_PER_FILE
        assert re.search(r"…另有 \d+ 个问题未列出（共 \d+ 个", lines[-1]), lines[-1]
    run, _ = validate(mini.root, "json")
    found = json.loads(run.stdout)
    assert len(found) <= loader.MAX_JSON + 1


def test_hundreds_of_broken_files_are_summarised(mini):
    for i in range(300):
        mini.write(f"standards/regulations/wu/WU-{100 + i}.yaml", "id: [\n")
    run, _ = validate(mini.root, "text")
    lines = run.stdout.strip().splitlines()
    assert len(lines) == loader.MAX_SHOWN + 1
    assert "…另有" in lines[-1] and "个问题未列出" in lines[-1]


def _many(files: int, each: int, severity="error") -> list[Diagnostic]:
    return [Diagnostic(f"f{f:03d}.yaml", i + 1, 1, "x", "", "问题", severity) for f in range(files) for i in range(each)]


def test_format_is_unchanged_below_the_limits():
    few = _many(3, 5)
    for fmt in ("text", "github"):
        assert format_diagnostics(few, fmt).splitlines() == [getattr(d, fmt)() for d in few]
    assert json.loads(format_diagnostics(few, "json")) == [d.__dict__ for d in few]


def test_format_caps_per_file_and_in_total_and_says_how_many_are_left():
    many = _many(30, 50)            # 1,500 problems in 30 files
    for fmt in ("text", "github"):
        lines = format_diagnostics(many, fmt).splitlines()
        assert len(lines) == loader.MAX_SHOWN + 1
        per_file = {}
        for line in lines[:-1]:
            name = re.search(r"f\d{3}\.yaml", line).group()
            per_file[name] = per_file.get(name, 0) + 1
        assert max(per_file.values()) == loader.MAX_SHOWN_PER_FILE
        assert f"…另有 {1500 - loader.MAX_SHOWN} 个问题未列出（共 1500 个" in lines[-1]
    found = json.loads(format_diagnostics(_many(100, 100), "json"))
    assert len(found) == loader.MAX_JSON + 1
    assert found[-1]["code"] == "truncated" and found[-1]["severity"] == "info"
    assert f"另有 {10_000 - loader.MAX_JSON} 个问题未列出（共 10000 个" in found[-1]["message"]


def test_errors_are_shown_before_warnings_when_some_must_be_left_out():
    mixed = _many(1, 50, "warning") + [Diagnostic("f000.yaml", 99, 1, "y", "", "错误")]
    lines = format_diagnostics(sorted(mixed), "text").splitlines()
    assert any("error[y]" in line for line in lines[:-1])
    assert len(lines) == loader.MAX_SHOWN_PER_FILE + 1


# -- documented ------------------------------------------------------------------------------

def test_the_limits_are_documented():
    guide = (PROJECT / "docs/guides/editing.md").read_text(encoding="utf-8")
    section = guide.split("## 上限", 1)[1]
    for value in (f"{loader.MAX_BYTES // 1024} KB", f"{loader.MAX_NODES:,}", f"{loader.MAX_FILES:,}",
                  f"{loader.MAX_DEPTH}", f"{loader.MAX_SHOWN}", f"{loader.MAX_SHOWN_PER_FILE}"):
        assert value in section, value
    defs = json.loads((PROJECT / "schemas/defs.schema.json").read_text(encoding="utf-8"))["$defs"]
    for name in ("text", "short_text"):
        assert f"{defs[name]['maxLength']:,}" in section, name
