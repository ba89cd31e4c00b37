"""Reviewing an edit: `zhidu diff`, the published-id register and `zhidu new rule`."""
import json
import re
import shutil
import subprocess

from zhidu.cli.diff import compare, mark_changes, to_markdown
from zhidu.pipeline import validate
from zhidu.cli.snapshot import from_folder

WU1 = "standards/regulations/wu/WU-001.yaml"
WU2 = "standards/regulations/wu/WU-002.yaml"


def base_and_head(mini, tmp_path):
    """The fixture as it is (base), and a copy to edit (head)."""
    head = tmp_path / "head"
    shutil.copytree(mini.root, head)
    return mini.root, head


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_character_level_marks_on_a_changed_chinese_sentence():
    old, new = mark_changes("资产处每年12月31日前更新一次台账", "资产处每半年更新一次台账")
    assert old == "资产处每年<del>12月31日前</del>更新一次台账"      # 年 is kept: only what changed is marked
    assert new == "资产处每<ins>半</ins>年更新一次台账"
    old, new = mark_changes("不得<超标准>配置", "不得超标准配置")
    assert old == "不得<del>&lt;</del>超标准<del>&gt;</del>配置" and new == "不得超标准配置"


def test_repeal_and_provision_edit_are_named_with_the_exact_characters(mini, tmp_path):
    base, head = base_and_head(mini, tmp_path)
    edit(head / WU2, "status: in_force", "status: repealed\nrepealed: 2025-06-30")
    edit(head / WU1, "每年12月31日前更新一次", "每半年更新一次")
    report = compare(from_folder(base, "main"), from_folder(head, "PR"))
    assert [(c.where, c.old, c.new) for c in report.status] == [("WU-002", "in_force", "repealed")]
    assert [(c.where, c.field, c.new) for c in report.dates] == [("WU-002", "repealed", "2025-06-30")]
    assert [(c.where, c.field) for c in report.changed["WU-001"]] == [("WU-001 P01", "text")]
    assert set(report.unrecorded) == {"WU-001", "WU-002"}     # neither added a revision entry
    text = to_markdown(report)
    assert text.index("### 状态变化") < text.index("### 日期变化") < text.index("### 修改")
    assert "- **WU-002**：现行有效 → 已废止" in text
    assert "  - 原：资产处应当建立办公用房使用台账，每年<del>12月31日前</del>更新一次。" in text
    assert "  - 新：资产处应当建立办公用房使用台账，每<ins>半</ins>年更新一次。" in text


def test_added_removed_and_counted(mini, tmp_path):
    base, head = base_and_head(mini, tmp_path)
    new = head / "standards/regulations/wu/WU-004.yaml"
    new.write_text((head / WU2).read_text(encoding="utf-8").replace("WU-002", "WU-004"), encoding="utf-8")
    (head / "standards/regulations/wu/WU-003.yaml").unlink()
    edit(head / "standards/service-standards/FW-HY.yaml", "star: 2", "star: 3")
    report = compare(from_folder(base), from_folder(head))
    assert report.added == [("regulation", "WU-004", "公物仓管理办法")]
    assert report.vanished == [("regulation", "WU-003")]
    assert [(c.where, c.field, c.old, c.new) for c in report.changed["FW-HY"]] == [("FW-HY FW-HY-02", "star", 2, 3)]
    assert report.counts[-1] == ("合计", 3, 3)
    text = to_markdown(report)
    assert text.startswith("## 制度库变更") and "### ❌ 错误：已发布的编号被删除" in text
    assert "制度 **WU-003** 的文件被删除" in text and "repealed（已废止）" in text


def test_cli_diff_between_git_revisions_and_json(mini):
    root = mini.root
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    mini.edit(WU1, "每年12月31日前更新一次", "每季度更新一次")
    subprocess.run([*git, "commit", "-qam", "edit"], cwd=root, check=True)
    run = mini.zhidu("diff", "HEAD~1", "HEAD")
    assert run.returncode == 0, run.stderr
    assert "## 制度库变更：HEAD~1 → HEAD" in run.stdout and "每<ins>季度</ins>更新一次" in run.stdout
    data = json.loads(mini.zhidu("diff", "HEAD~1", "--format", "json").stdout)
    assert data["changed"]["WU-001"][0]["new"].endswith("每季度更新一次。") and data["errors"] == []
    (root / "standards/regulations/wu/WU-003.yaml").unlink()
    run = mini.zhidu("diff", "HEAD")
    assert run.returncode == 1 and "**WU-003**" in run.stdout
    assert mini.zhidu("diff", "no-such-revision").returncode == 2


def test_deleting_a_published_rule_fails_validation_saying_repeal_instead(mini):
    mini.path("standards/regulations/wu/WU-003.yaml").unlink()
    mini.edit(WU2, "supersedes: WU-003\n", "")                        # the one link to it
    d = mini.only_error("id-vanished")
    assert d.path == "standards/published-ids.yaml" and d.pointer == "/ids/6"
    assert "WU-003" in d.message and "repealed（已废止）" in d.message


def test_a_new_id_not_yet_registered_is_a_warning(mini):
    mini.write("standards/regulations/wu/WU-004.yaml",
               mini.read(WU2).replace("id: WU-002", "id: WU-004").replace("supersedes: WU-003\n", ""))
    found = [d for d in validate(mini.root).diagnostics if d.code == "id-unregistered"]
    assert [(d.path, d.severity) for d in found] == [("standards/regulations/wu/WU-004.yaml", "warning")]


def test_new_rule_fails_validation_until_filled_in(mini):
    run = mini.zhidu("new", "rule", "--domain", "WU", "--title", "公物仓资产盘点办法")
    assert run.returncode == 0, run.stderr
    path = run.stdout.strip()
    assert path == "standards/regulations/wu/WU-004.yaml"            # next free number after WU-003
    text = mini.read(path)
    assert "id: WU-004\ntitle: 公物仓资产盘点办法\ndomain: WU\n" in text
    failing = mini.zhidu("validate", path)
    assert failing.returncode == 1
    missing = set(re.findall(r": /([a-z_/0-9]+): 尚未填写", failing.stdout))
    assert {"category", "owner", "issued", "effective", "summary", "scope", "basis/0/ref",
            "provisions/0/text", "provisions/0/evidence/0"} <= missing
    filled = {"category:": "category: 公物仓", "owner:": "owner: ZCC", "issued:": "issued: 2026-01-05",
              "effective:": "effective: 2026-02-01", "summary:": "summary: 规定公物仓资产盘点的频次、分工和差异处理。",
              "scope:": "scope: 公物仓全部在库资产。", "  - ref:": "  - ref: REF-test-tiaoli",
              "    title:": "    title: 年度盘点", "    text:": "    text: 资产处每年12月组织一次全面盘点。",
              "      -  ": "      - 盘点表  "}
    for line in text.splitlines():
        stub = next((k for k in filled if line.startswith(k) and "#" in line), None)
        if stub:
            text = text.replace(line, filled[stub] + "  " + line[line.index("#"):], 1)
    mini.write(path, text)
    passing = mini.zhidu("validate", path)
    assert passing.returncode == 0, passing.stdout
    again = mini.zhidu("new", "rule", "--domain", "WU", "--title", "另一项办法")
    assert again.stdout.strip() == "standards/regulations/wu/WU-005.yaml"
    assert mini.zhidu("new", "rule", "--domain", "XX", "--title", "无").returncode == 2
