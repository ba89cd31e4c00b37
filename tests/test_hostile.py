"""The hostile corpus: every bad input gives a clear Chinese error with file and line, in bounded
time and memory, never a traceback; legitimate variants load; nothing injected becomes markup."""
import json
import os
import resource
import subprocess
import sys

import pytest
import yaml

from hostile.corpus import CASES

MEMORY = 1024 * 1024 * 1024     # 1 GiB address space for one `zhidu validate`
SECONDS = 60


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def apply(project, relative, edit):
    path = project.path(relative)
    kind = edit[0]
    if kind == "replace":
        project.edit(relative, edit[1], edit[2])
    elif kind == "text":
        path.write_text(edit[1], encoding="utf-8")
    elif kind == "bytes":
        path.write_bytes(edit[1])
    elif kind == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    elif kind == "big":
        with open(path, "ab") as out:
            out.write(b"# " + b"x" * 1022 + b"\n")
            out.truncate(edit[1])


def test_the_corpus_is_large_and_names_unique():
    assert len(CASES) >= 40
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize("name, relative, edit, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_a_clear_error(mini, name, relative, edit, expected):
    apply(mini, relative, edit)
    run = subprocess.run([sys.executable, "-m", "zhidu.cli.main", "validate", "--format", "json"], cwd=mini.root,
                         capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    diagnostics = json.loads(run.stdout or "[]")
    errors = [d for d in diagnostics if d["severity"] == "error"]
    if expected == "valid":
        assert run.returncode == 0 and errors == [], errors
        return
    code, line = expected
    assert run.returncode == 1
    mine = [d for d in errors if d["code"] == code]
    assert mine, f"expected {code}, got {[(d['path'], d['line'], d['code'], d['message']) for d in errors]}"
    found = mine[0]
    if code not in ("missing-entry", "id-vanished"):
        assert found["path"] == relative
    if line is not None:
        assert found["line"] == line, found
    assert found["line"] >= 1 and found["column"] >= 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in found["message"]), found["message"]   # said in Chinese


# -- injected markup stays text, in every text field of every kind ---------------------

PAYLOAD = "<script>alert(1)</script>[点我](javascript:alert(1))<img src=x onerror=alert(1)>**粗**|{: .x }"
TEXT_KEYS = {"title", "category", "summary", "scope", "text", "note", "notes", "requirement", "definition",
             "evidence", "tags", "articles", "purpose", "audience", "issuer", "short_title", "construction",
             "asset_types", "sources", "description", "steps", "gap", "synonyms", "doc_number"}
FILES = ["standards/regulations/wu/WU-001.yaml", "standards/regulations/wu/WU-002.yaml",
         "standards/references/REF-test-tiaoli.yaml", "standards/service-standards/FW-HY.yaml",
         "standards/assets/ZC-01.yaml", "standards/assets/ZC-07.yaml", "standards/checklists/CL-test.yaml",
         "standards/glossary.yaml"]


def poison(value, key=None):
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS and not value.startswith("http"):
        return f"{value}{PAYLOAD}"
    return value


def test_injection_in_every_text_field_renders_as_text(mini):
    import markdown

    from zhidu.render.generate import generate
    from zhidu.model.checklists import all_checklists
    from zhidu.export.printable import checklist_html
    from zhidu.pipeline import validate
    for relative in FILES:
        data = yaml.load(mini.read(relative), Loader=yaml.BaseLoader)   # dates stay strings
        data = poison(data)
        if relative.endswith("glossary.yaml"):      # synonyms feed the segmenter's dictionary: plain words only
            for term, original in zip(data["terms"], yaml.load(mini.read(relative), Loader=yaml.BaseLoader)["terms"]):
                term["synonyms"] = original.get("synonyms", [])
        mini.write(relative, yaml.safe_dump(_typed(data), allow_unicode=True, sort_keys=False))
    result = validate(mini.root)
    assert result.registry is not None, [d.text() for d in result.errors]
    generate(result.registry, mini.root, "2026-01-01")
    pages = [p for p in mini.path(".zhidu/files").rglob("*.md")]
    assert len(pages) > 10
    for page in pages:
        rendered = markdown.markdown(page.read_text(encoding="utf-8"),
                                     extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"])
        assert "<script" not in rendered and "<img" not in rendered, page
        assert 'href="javascript' not in rendered and "<strong>粗" not in rendered, page
    for checklist in all_checklists(result.registry):
        html = checklist_html(checklist, "Noto Sans CJK SC")
        assert "<script>alert" not in html and "<img src=x" not in html


def _typed(value, key=None):
    """BaseLoader reads everything as text: give numbers and booleans back their types."""
    if isinstance(value, dict):
        return {k: _typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v, key) for v in value]
    if key in ("review_cycle_months", "points", "star") and isinstance(value, str) and value.isdigit():
        return int(value)
    if key in ("checkable", "verified", "pool") and value in ("true", "false"):
        return value == "true"
    return value


# -- symbolic links and files that are not regular files --------------------------------

NEW = "standards/regulations/wu/WU-004.yaml"
SECRET = "SECRET-TOKEN-7f3a9c bearer abcdefghijklmnop"


def _validate(root, fmt="json"):
    return subprocess.run([sys.executable, "-m", "zhidu.cli.main", "validate", "--format", fmt], cwd=root,
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory)


def _not_regular(root, relative, *words):
    """Every output format refuses `relative` at line 1 with a Chinese message; returns all output."""
    run = _validate(root)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 1
    found = [d for d in json.loads(run.stdout) if d["path"] == relative]
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("not-regular-file", 1, 1)], found
    assert all(word in found[0]["message"] for word in words), found[0]["message"]
    output = run.stdout + run.stderr
    for fmt in ("text", "github"):
        again = _validate(root, fmt)
        assert again.returncode == 1 and "not-regular-file" in again.stdout
        output += again.stdout + again.stderr
    return output


def test_symlink_to_a_secret_outside_is_refused_and_not_shown(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "credentials"
    outside.write_text(f"{SECRET}\n", encoding="utf-8")
    mini.path(NEW).symlink_to(outside)
    output = _not_regular(mini.root, NEW, "符号链接")
    assert SECRET[:6] not in output and "credentials" not in output and str(outside.parent) not in output


def test_symlink_to_dev_zero_is_refused(mini):
    mini.path(NEW).symlink_to("/dev/zero")
    output = _not_regular(mini.root, NEW, "符号链接")
    assert "/dev/zero" not in output


def test_fifo_is_refused_without_hanging(mini):
    os.mkfifo(mini.path(NEW))
    _not_regular(mini.root, NEW, "命名管道")


def test_symlink_to_valid_yaml_outside_is_not_published(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "WU-004.yaml"
    outside.write_text(mini.read("standards/regulations/wu/WU-002.yaml").replace("id: WU-002", "id: WU-004")
                       .replace("supersedes: WU-003\n", ""), encoding="utf-8")
    mini.path(NEW).symlink_to(outside)
    _not_regular(mini.root, NEW, "符号链接")
    from zhidu.pipeline import load
    from zhidu.validate.schemas import SchemaSet
    sources, _ = load(mini.root, SchemaSet(mini.path("schemas")))
    assert "WU-004" not in {d.data["id"] for d in sources.regulations}


def test_symlinked_directory_is_refused_and_not_entered(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "REN-001.yaml").write_text(f"id: REN-001\ntitle: {SECRET}\n", encoding="utf-8")
    mini.path("standards/regulations/ren").symlink_to(outside, target_is_directory=True)
    output = _not_regular(mini.root, "standards/regulations/ren", "符号链接")
    assert SECRET[:6] not in output and "REN-001" not in output and str(outside) not in output


def test_load_file_refuses_links_and_pipes_itself(tmp_path):
    from zhidu.diagnostics import Diagnostic
    from zhidu.load.loader import load_file
    (tmp_path / "secret").write_text(SECRET, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "secret")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, word in (("link.yaml", "符号链接"), ("zero.yaml", "符号链接"), ("pipe.yaml", "命名管道")):
        result = load_file(tmp_path / name, name)
        assert isinstance(result, Diagnostic) and result.code == "not-regular-file", result
        assert (result.line, result.column) == (1, 1) and word in result.message
        assert SECRET[:6] not in result.message and str(tmp_path) not in result.message


def test_standards_folder_that_is_a_link_is_refused(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "standards"
    mini.path("standards").rename(outside)
    mini.path("standards").symlink_to(outside, target_is_directory=True)
    output = _not_regular(mini.root, "standards", "符号链接")
    assert str(outside) not in output and "taxonomy" not in output
