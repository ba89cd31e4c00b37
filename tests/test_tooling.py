"""Editor and CI help shipped with the registry: workflow, pre-commit hook, VS Code schemas."""
import fnmatch
import json
import re
import shlex
from pathlib import Path

import yaml

from zhidu.cli.main import parser
from zhidu.kinds import KINDS, SINGLES
from zhidu.pipeline import discover

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA_OF = {**{k.name: k.schema for k in KINDS}, **{name: name for name in SINGLES}}


def zhidu_commands(text: str) -> list[list[str]]:
    return [shlex.split(line.strip())[1:] for line in re.findall(r"(?m)^\s*(zhidu [^|>\n]*)", text)]


def test_workflow_validates_with_annotations_diffs_builds_and_publishes():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/zhidu.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    commands = zhidu_commands(runs)
    assert ["validate", "--format", "github"] in commands
    assert any(c[:1] == ["diff"] for c in commands) and ["build"] in commands
    for command in commands:                       # every command the workflow runs exists with those options
        parser().parse_args([c if not c.startswith("origin/") else "main" for c in command])
    assert any("gh pr comment" in step.get("run", "") for step in steps)
    assert workflow["jobs"]["publish"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["jobs"]["check"]["steps"][0]["with"]["fetch-depth"] == 0


def test_pre_commit_hook_runs_validate_on_staged_registry_files():
    hook, = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "zhidu-validate" and hook["entry"] == "zhidu validate" and hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("standards/regulations/wu/WU-001.yaml") and files.search("standards/taxonomy.yaml")
    assert not files.search("docs/index.md") and not files.search("mkdocs.yml")


def test_pre_commit_entry_reports_only_the_staged_file(mini):
    mini.edit("standards/regulations/wu/WU-001.yaml", "owner: ZCC", "owner: 资产处")
    run = mini.zhidu("validate", "standards/regulations/wu/WU-002.yaml")
    assert run.returncode == 0                              # the broken file was not staged
    run = mini.zhidu("validate", "standards/regulations/wu/WU-001.yaml")
    assert run.returncode == 1 and "WU-001.yaml:" in run.stdout


def test_vscode_schema_mapping_is_the_one_generated_from_the_table_of_kinds():
    """`python -m zhidu.kinds` writes it; a new kind cannot be forgotten there."""
    from zhidu.kinds import editor_schemas
    settings = json.loads((PROJECT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == editor_schemas()


def test_vscode_maps_every_registry_file_to_its_schema():
    settings = json.loads((PROJECT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (PROJECT / schema).is_file(), schema
    files, problems = discover(PROJECT)
    assert problems == []
    for kind, path in files:
        relative = path.relative_to(PROJECT).as_posix()
        schema = f"./schemas/{SCHEMA_OF[kind]}.schema.json"
        assert any(fnmatch.fnmatch(relative, glob.replace("**/", "*/")) for glob in mapping[schema]), relative


def test_every_registry_file_names_its_schema_for_the_yaml_language_server():
    files, _ = discover(PROJECT)
    assert len(files) > 100
    for kind, path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: first line should be # yaml-language-server: $schema=…"
        target = (path.parent / match.group(1)).resolve()
        assert target == (PROJECT / "schemas" / f"{SCHEMA_OF[kind]}.schema.json").resolve(), path
