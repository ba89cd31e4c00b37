"""The command line as users and CI call it: exit codes and the three output formats."""
import json

WU1 = "standards/regulations/wu/WU-001.yaml"


def test_valid_registry_exits_0(mini):
    run = mini.zhidu("validate")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "warning[domain-total]" in run.stdout
    # five domain totals, and two provisions of the mini registry that do not say who acts
    assert "warning[vague-provision]" in run.stdout
    assert "校验通过：0 个错误，7 个警告" in run.stderr


def test_invalid_registry_exits_1_with_position(mini):
    mini.edit(WU1, "kind: must", "kind: shall")
    run = mini.zhidu("validate")
    assert run.returncode == 1
    assert f"{WU1}:19:11: error[enum]: /provisions/0/kind: “shall”不是允许的值" in run.stdout


def test_require_complete_turns_totals_into_errors(mini):
    run = mini.zhidu("validate", "--require-complete")
    assert run.returncode == 1
    assert "error[domain-total]" in run.stdout


def test_json_format(mini):
    mini.edit(WU1, "kind: must", "kind: shall")
    run = mini.zhidu("validate", "--format", "json")
    found = json.loads(run.stdout)
    errors = [d for d in found if d["severity"] == "error"]
    assert errors == [{
        "path": WU1, "line": 19, "column": 11, "code": "enum", "pointer": "/provisions/0/kind",
        "message": errors[0]["message"], "severity": "error"}]
    assert errors[0]["message"].startswith("“shall”不是允许的值")


def test_github_format(mini):
    mini.edit(WU1, "kind: must", "kind: shall")
    run = mini.zhidu("validate", "--format", "github")
    line = next(l for l in run.stdout.splitlines() if l.startswith("::error"))
    assert line.startswith(f"::error file={WU1},line=19,col=11,title=enum::/provisions/0/kind: “shall”")
    assert any(l.startswith("::warning file=standards/taxonomy.yaml") for l in run.stdout.splitlines())


def test_paths_limit_the_report_but_not_the_context(mini):
    mini.edit(WU1, "related: [WU-002]", "related: [WU-099]")
    other = "standards/regulations/wu/WU-002.yaml"
    assert mini.zhidu("validate", other).returncode == 0
    run = mini.zhidu("validate", WU1)
    assert run.returncode == 1 and "unknown-rule" in run.stdout


def test_usage_and_io_errors_exit_2(mini):
    assert mini.zhidu("validate", "no/such/file.yaml").returncode == 2
    assert mini.zhidu("validate", "--format", "xml").returncode == 2
    assert mini.zhidu("frobnicate").returncode == 2


def test_outside_a_project_exits_2(tmp_path):
    import subprocess, sys
    run = subprocess.run([sys.executable, "-m", "zhidu.cli.main", "validate"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "找不到项目目录" in run.stderr


def test_stats(mini):
    run = mini.zhidu("stats", "--format", "json")
    stats = json.loads(run.stdout)
    assert stats["rules"] == 3 and stats["provisions"] == 4 and stats["checkable_provisions"] == 3
    assert stats["by_domain"]["WU"] == {"count": 3, "target": 52}
    assert stats["by_status"] == {"draft": 0, "in_force": 2, "under_revision": 0, "repealed": 1, "pending": 0}
    assert stats["service_standards"]["FW-HY"] == {"area": "会议服务", "clauses": 3,
                                                  "by_star": {"1": 1, "2": 1, "3": 0, "4": 1}}
    assert stats["asset_categories"]["ZC-01"]["gaps"] == ["maintenance", "disposal", "statistics", "rules", "archives"]
    text = mini.zhidu("stats").stdout
    assert "制度 3 项" in text and "已废止" in text
    assert "服务标准：1 类 3 条（目标 1 类 3 条）" in text and "资产类别：2 类 × 8 个环节，缺口 12 格" in text


def test_checklist_command_writes_each_format(mini):
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf"), ("html", b"<!DOCTYPE html>")):
        out = mini.path(f"out.{fmt}")
        run = mini.zhidu("checklist", "wu-001", "--format", fmt, "-o", str(out))
        assert run.returncode == 0, run.stderr
        assert out.read_bytes().startswith(magic)
    assert "使用台账" in mini.path("out.html").read_text(encoding="utf-8")


def test_checklist_command_merges_ids_without_repeating_items(mini):
    out = mini.path("both.csv")
    run = mini.zhidu("checklist", "WU-001", "CL-test", "--format", "csv", "-o", str(out))
    assert run.returncode == 0, run.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    # WU-001: P01, P02; CL-test adds WU-002.P01 (its WU-001.P01 is already there)
    assert [r.split(",")[0] for r in rows[1:]] == ["1", "2", "3"]
    assert "组合检查表（WU-001、CL-test）" in run.stderr


def test_checklist_command_errors(mini):
    run = mini.zhidu("checklist", "WU-003", "--format", "csv", "-o", str(mini.path("x.csv")))
    assert run.returncode == 2 and "没有这些检查表：WU-003" in run.stderr   # repealed: no checklist
    run = mini.zhidu("checklist", "WU-001", "--format", "csv", "-o", str(mini.path("no/such/dir/x.csv")))
    assert run.returncode == 2 and "无法写入" in run.stderr
    mini.edit("standards/regulations/wu/WU-001.yaml", "kind: must", "kind: shall")
    assert mini.zhidu("checklist", "WU-001", "--format", "csv", "-o", str(mini.path("x.csv"))).returncode == 1


def test_a_file_checked_last_time_still_gives_positions(mini):
    """The next run takes unchanged files from the cache, their positions from a file of their own."""
    assert mini.zhidu("validate").returncode == 0
    assert list(mini.path(".zhidu/state/positions").iterdir())
    mini.edit("standards/regulations/wu/WU-002.yaml", "supersedes: WU-003\n", "")
    run = mini.zhidu("validate")
    assert run.returncode == 1
    # WU-003 did not change: its message still says where its superseded_by stands
    assert "standards/regulations/wu/WU-003.yaml:20:16: error[supersedes-asymmetric]: /superseded_by:" in run.stdout
