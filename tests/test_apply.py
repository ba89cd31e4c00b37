"""`zhidu apply PROPOSAL.yaml`: a revision proposed on the site, checked and written into its rule file."""
import copy
import difflib
import hashlib
import os
import shutil

import yaml

from zhidu.cli.apply import new_text
from zhidu.load.loader import parse

WU1 = "standards/regulations/wu/WU-001.yaml"
OLD_DEADLINE, NEW_DEADLINE = "每年12月31日前更新一次", "每年6月30日前更新一次"
HEADER = "# yaml-language-server: $schema=../../../schemas/regulation.schema.json\n"


def _data(mini, relative=WU1) -> dict:
    return parse(mini.read(relative), relative).data


def proposal(mini, change=None, *, rule_id="WU-001", relative=WU1, revise=True, base=None) -> dict:
    """A proposal as the site's form makes it: the digest and data of the file as it is now
    (or `base`), and the rule edited by `change`, with a revisions entry appended."""
    raw = mini.path(relative).read_bytes()
    current = parse(raw.decode("utf-8"), relative).data
    rule = copy.deepcopy(current)
    if change:
        change(rule)
    if revise:
        rule["revisions"].append({"date": "2025-03-01", "note": "P01 台账更新时间改为每年6月30日前。"})
    return {"proposal": {"format": 1, "rule": rule_id, "base_sha256": hashlib.sha256(raw).hexdigest(),
                         "base_revision": current["revisions"][-1]["date"], "proposer": "资产处 张三"},
            "rule": rule, "base": base if base is not None else current}


def write(mini, data: dict, name="proposal.yaml") -> str:
    """The proposal written outside standards/, as a downloaded file would be."""
    mini.write(name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return name


def new_deadline(rule):
    rule["provisions"][0]["text"] = rule["provisions"][0]["text"].replace(OLD_DEADLINE, NEW_DEADLINE)


def with_comments(mini):
    """The fixture's rule with the editor's comments a real file has."""
    text = mini.read(WU1).replace("owner: ZCC\n", "owner: ZCC   # 资产处\n")
    mini.write(WU1, HEADER + text)


def test_a_good_proposal_is_applied_with_nothing_but_the_change(mini, tmp_path):
    with_comments(mini)
    before = tmp_path / "before"
    shutil.copytree(mini.root, before, ignore=shutil.ignore_patterns(".zhidu"))
    old_text = mini.read(WU1)
    run = mini.zhidu("apply", write(mini, proposal(mini, new_deadline)))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "已写入 standards/regulations/wu/WU-001.yaml" in run.stderr
    assert "<ins>6</ins>" in run.stdout and "<del>12</del>" in run.stdout and "新增修订记录" in run.stdout
    assert mini.zhidu("validate").returncode == 0
    # the file: the one line changed and the revision appended; comments and layout as they were
    new_text_ = mini.read(WU1)
    assert new_text_.startswith(HEADER) and "owner: ZCC   # 资产处\n" in new_text_
    changed = [line for line in difflib.ndiff(old_text.splitlines(), new_text_.splitlines()) if line[:1] in "+-"]
    assert changed == [f"-     text: 资产处应当建立办公用房使用台账，{OLD_DEADLINE}。",
                       f"+     text: 资产处应当建立办公用房使用台账，{NEW_DEADLINE}。",
                       "+   - date: 2025-03-01",
                       "+     note: P01 台账更新时间改为每年6月30日前。"]
    # what the reviewer sees: exactly that change
    diff = mini.zhidu("diff", str(before))
    assert diff.returncode == 0, diff.stderr
    changes = [line for line in diff.stdout.splitlines() if line.startswith("- **")]
    assert changes == ["- **WU-001 P01** 条款内容："]
    assert "⚠️" not in diff.stdout          # the revision entry is there


def test_a_proposal_made_from_an_older_version_is_refused_with_what_changed_since(mini):
    name = write(mini, proposal(mini, new_deadline))
    mini.edit(WU1, "不得擅自改变办公用房用途。", "不得擅自改变或者变相改变办公用房用途。")   # someone else, meanwhile
    after_meanwhile = mini.read(WU1)
    run = mini.zhidu("apply", name)
    assert run.returncode == 1
    assert "proposal.yaml:4:16: error[stale-base]: /proposal/base_sha256: 修订建议所依据的版本已不是当前版本，未写入" in run.stdout
    assert "最后修订 2024-01-10" in run.stdout
    assert "- **WU-001 P02** 条款内容：" in run.stdout and "不得擅自<ins>改变或者变相</ins>改变办公用房用途" in run.stdout
    assert "请在当前版本上重新提出修订" in run.stdout
    assert mini.read(WU1) == after_meanwhile


def test_a_broken_proposal_is_refused_at_its_own_lines(mini):
    def no_title(rule):
        rule["title"] = ""

    def unknown_basis(rule):
        rule["basis"][0]["ref"] = "REF-no-such-law"
    before = mini.read(WU1)
    # an empty title: the schema's message, at the proposal's line
    name = write(mini, proposal(mini, no_title))
    title_line = mini.read(name).splitlines().index("  title: ''") + 1
    run = mini.zhidu("apply", name)
    assert run.returncode == 1, run.stdout
    assert f"proposal.yaml:{title_line}:10: error[empty]: /rule/title: 不能为空" in run.stdout.splitlines()
    # an unknown reference: the check across files, at the proposal's line
    # (as in `zhidu validate`, a file that fails its schema is not checked across files, hence two runs)
    name = write(mini, proposal(mini, unknown_basis))
    ref_line = mini.read(name).splitlines().index("  - ref: REF-no-such-law") + 1
    run = mini.zhidu("apply", name)
    assert run.returncode == 1, run.stdout
    found = [line for line in run.stdout.splitlines() if line.startswith(f"proposal.yaml:{ref_line}:10: error[unknown-reference]")]
    assert found and "/rule/basis/0/ref" in found[0] and "REF-no-such-law" in found[0], run.stdout
    assert "未写入" in run.stderr and mini.read(WU1) == before


def test_a_yaml_error_in_the_proposal_is_named_with_its_place(mini):
    mini.write("proposal.yaml", "proposal:\n  rule: WU-001\n rule: [\n")
    run = mini.zhidu("apply", "proposal.yaml")
    assert run.returncode == 1
    assert run.stdout.startswith("proposal.yaml:3:") and "error[yaml-syntax]" in run.stdout


def test_a_proposal_without_a_new_revisions_entry_is_refused(mini):
    run = mini.zhidu("apply", write(mini, proposal(mini, new_deadline, revise=False)))
    assert run.returncode == 1 and "error[revision-missing]" in run.stdout and "没有追加修订记录" in run.stdout

    def rewrites_history(rule):
        new_deadline(rule)
        rule["revisions"][0]["note"] = "改写的历史"
    run = mini.zhidu("apply", write(mini, proposal(mini, rewrites_history)))
    assert run.returncode == 1 and "error[revision-changed]" in run.stdout


def test_dry_run_checks_and_shows_but_writes_nothing(mini):
    before = mini.read(WU1)
    name = write(mini, proposal(mini, new_deadline))
    listing = sorted(p for p in mini.root.rglob("*") if ".zhidu" not in p.parts)
    run = mini.zhidu("apply", name, "--dry-run")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "<ins>6</ins>" in run.stdout and "试运行" in run.stderr
    assert mini.read(WU1) == before
    assert sorted(p for p in mini.root.rglob("*") if ".zhidu" not in p.parts) == listing


def test_a_new_id_or_a_path_for_an_id_is_refused(mini, tmp_path):
    data = proposal(mini, new_deadline)
    data["proposal"]["rule"] = data["rule"]["id"] = data["base"]["id"] = "WU-099"
    name = write(mini, data)
    listing = sorted(p for p in mini.root.rglob("*") if ".zhidu" not in p.parts)
    run = mini.zhidu("apply", name)
    assert run.returncode == 1 and "制度库中没有 WU-099" in run.stdout and "zhidu new rule" in run.stdout
    data["proposal"]["rule"] = data["rule"]["id"] = data["base"]["id"] = "../../x"
    run = mini.zhidu("apply", write(mini, data))
    assert run.returncode == 1 and "proposal.rule 应当是制度编号" in run.stdout
    assert sorted(p for p in mini.root.rglob("*") if ".zhidu" not in p.parts) == listing
    assert not (tmp_path.parent / "x.yaml").exists() and not (mini.root.parent / "x.yaml").exists()


def test_markup_in_a_proposal_stays_text(mini):
    def scripts(rule):
        new_deadline(rule)
        rule["provisions"][0]["evidence"].append("<script>alert(1)</script>")
    run = mini.zhidu("apply", write(mini, proposal(mini, scripts)))
    assert run.returncode == 0, run.stdout
    assert "<script>" not in run.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in run.stdout
    assert _data(mini)["provisions"][0]["evidence"][-1] == "<script>alert(1)</script>"
    assert mini.zhidu("validate").returncode == 0


def test_a_proposal_moving_the_rule_to_another_domain_is_refused(mini):
    def moves(rule):
        rule["domain"] = "CAI"
    run = mini.zhidu("apply", write(mini, proposal(mini, moves)))
    assert run.returncode == 1 and "error[domain-folder]" in run.stdout and "/rule/domain" in run.stdout


def test_a_rule_file_that_is_a_symbolic_link_is_refused(mini, tmp_path):
    name = write(mini, proposal(mini, new_deadline))
    outside = tmp_path / "outside.yaml"
    shutil.copy(mini.path(WU1), outside)
    mini.path(WU1).unlink()
    os.symlink(outside, mini.path(WU1))
    before = outside.read_bytes()
    run = mini.zhidu("apply", name)
    assert run.returncode == 1 and "符号链接" in run.stdout
    assert outside.read_bytes() == before and mini.path(WU1).is_symlink()


def test_the_new_text_keeps_block_texts_comments_and_order():
    old_text = (HEADER + "id: WU-009\nsummary: >-\n  很长的摘要文字。\n\nowner: ZCC  # 资产处\n"
                "provisions:\n  - id: P01\n    text: >-\n      原来的条款。\n    evidence: [台账]\n"
                "  # 第二条\n  - id: P02\n    text: 第二条。\nrevisions:\n  - date: 2024-01-01\n    note: 首次印发\n")
    old = parse(old_text, "x").data
    new = copy.deepcopy(old)
    new["provisions"][0]["text"] = "修改后的条款。"
    new["provisions"][1]["kind"] = "must"
    new["revisions"].append({"date": "2025-01-01", "note": "修订"})
    text = new_text(old_text, old, new, "x")
    assert parse(text, "x").data == new
    assert text == old_text.replace("原来的条款。", "修改后的条款。").replace(
        "    text: 第二条。\n", "    text: 第二条。\n    kind: must\n") + "  - date: 2025-01-01\n    note: 修订\n"


def test_a_base_changed_only_in_comments_still_applies_and_a_missing_proposal_is_a_usage_error(mini):
    name = write(mini, proposal(mini, new_deadline))
    with_comments(mini)                       # meanwhile: comments only, the same content
    run = mini.zhidu("apply", name)
    assert run.returncode == 0, run.stdout
    assert "warning[base-reformatted]" in run.stdout
    assert mini.read(WU1).startswith(HEADER) and NEW_DEADLINE in mini.read(WU1)
    run = mini.zhidu("apply", "no-such-proposal.yaml")
    assert run.returncode == 2 and "文件不存在" in run.stdout
