"""Every version kept and comparable (issue 22): a rule's versions read from git, the redlines
between them, the registry as of a date, the versions API, `zhidu diff` between dates, and what a
shallow clone or a folder without git shows."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from zhidu.model import history as H
from zhidu.pipeline import validate
from zhidu.render.history_pages import ASOF_API, ASOF_PAGE, history_files, history_page, versions_api

WU1 = "standards/regulations/wu/WU-001.yaml"
WU2 = "standards/regulations/wu/WU-002.yaml"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]


def commit(root, message, day):
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00"}
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def repo(mini):
    """Four commits: the registry; WU-001 revised (a new revisions entry); WU-001 edited without one;
    WU-002 repealed."""
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=mini.root, check=True)
    mini.commits = [commit(mini.root, "base", "2024-01-15")]
    mini.edit(WU1, "每年12月31日前更新一次", "每半年更新一次")
    mini.edit(WU1, "    note: 首次印发\n", "    note: 首次印发\n  - date: 2024-05-20\n    note: 修订台账更新频次\n")
    mini.commits.append(commit(mini.root, "revise WU-001", "2024-06-01"))
    mini.edit(WU1, "规定办公用房的分配、使用和腾退。", "规定办公用房的分配、使用、维修和腾退。")
    mini.commits.append(commit(mini.root, "editorial WU-001", "2024-09-01"))
    mini.edit(WU2, "status: in_force", "status: repealed\nrepealed: 2025-02-28")
    mini.edit(WU2, "    note: 首次印发\n", "    note: 首次印发\n  - date: 2025-02-28\n    note: 废止\n")
    mini.edit("standards/checklists/CL-test.yaml", "  - provisions: [WU-002.P01]\n", "")   # no longer checked
    mini.commits.append(commit(mini.root, "repeal WU-002", "2025-03-01"))
    return mini


def generated(project, day="2025-06-30"):
    result = validate(project.root)
    assert result.registry is not None, [d.text() for d in result.errors]
    return history_files(result.registry, project.root, day)


def rule_versions(project, rule_id, day="2025-06-30"):
    registry = validate(project.root).registry
    return H.histories(registry, project.root, day)[rule_id]


def test_versions_are_the_commits_that_changed_the_rule_dated_by_the_record(repo):
    found = rule_versions(repo, "WU-001")
    assert found.complete and not found.uncommitted and found.earlier == ()
    v = found.versions
    assert [x.kind for x in v] == ["first", "revision", "editorial"]
    assert [x.kind_label for x in v] == ["首次收录", "修订", "编辑性修改"]
    assert [x.date for x in v] == ["2024-01-10", "2024-05-20", "2024-09-01"]     # 印发日期, revision entry, commit
    assert [x.date_label for x in v] == ["印发日期", "修订记录", "提交日期"]
    assert [x.commit for x in v] == repo.commits[:3]
    assert v[1].added == ({"date": "2024-05-20", "note": "修订台账更新频次"},)
    # the repealed rule keeps its history: issued, then repealed on its own repeal date
    repealed = rule_versions(repo, "WU-002").versions
    assert [(x.kind, x.date, x.date_label) for x in repealed] == [("first", "2024-03-01", "印发日期"),
                                                                  ("repeal", "2025-02-28", "废止日期")]
    assert [x.commit for x in repealed] == [repo.commits[0], repo.commits[3]]
    assert len(rule_versions(repo, "WU-003").versions) == 1      # untouched since the first commit


def test_redlines_mark_the_changed_characters_between_any_two_versions(repo):
    files = generated(repo)
    compare = files["_generated/fragments/history-wu-001-compare.html"]
    sections = {(s.split('data-to="')[0].split('data-from="')[1].split('"')[0], s.split('data-to="')[1].split('"')[0]): s
                for s in compare.split("<section")[1:]}
    assert set(sections) == {("1", "2"), ("1", "3"), ("2", "3")}            # every pair of three versions
    assert "<del>12月31日前</del>" in sections["1", "2"] and "<ins>半</ins>" in sections["1", "2"]
    assert "<ins>2024-05-20 修订台账更新频次</ins>" in sections["1", "2"]
    assert "<ins>、维修</ins>" in sections["2", "3"] and "12月31日" not in sections["2", "3"]
    assert "<ins>半</ins>" in sections["1", "3"] and "<ins>、维修</ins>" in sections["1", "3"]
    assert 'data-to="3" hidden' in compare and 'data-from="1" data-to="2">' in compare   # consecutive shown without JS
    versions = files["_generated/fragments/history-wu-001-versions.html"]
    assert "编辑性修改" in versions and "提交日期" in versions and repo.commits[2][:7] in versions
    texts = files["_generated/fragments/history-wu-001-texts.html"]
    assert texts.count('<details class="zd-version"') == 3
    # the current text is written into the page; earlier ones are read from versions.json when opened
    assert texts.count("data-zd-load=") == 2 and "每年12月31日前更新一次" not in texts
    assert 'data-src="../../../api/v1/regulations/WU-001/versions.json"' in texts
    old_text = json.loads(files[versions_api("WU-001")])["versions"][0]["data"]["provisions"][0]["text"]
    assert "每年12月31日前更新一次" in old_text
    page = files[history_page("WU-001")]
    assert history_page("WU-001") == "regulations/wu-001/history.md"
    assert page.count('class="zd-fragment"') == 3 and "修改历史不完整" not in page
    assert "[返回制度正文](../wu-001.md)" in page and "exclude: true" in page


def test_the_registry_as_of_a_date_before_and_after_the_repeal(repo):
    found = rule_versions(repo, "WU-002")
    assert H.state_on(found, "2025-01-01") == ("in_force", 1, True)
    assert H.state_on(found, "2025-02-28") == ("repealed", 2, True)
    assert H.state_on(found, "2024-02-29") is None                          # not issued yet
    wu1 = rule_versions(repo, "WU-001")
    assert H.state_on(wu1, "2024-03-01")[1] == 1
    assert H.state_on(wu1, "2024-06-01")[1] == 3        # the editorial change corrects version 2 from its day
    data = json.loads(generated(repo)[ASOF_API])
    steps = data["rules"]["WU-002"]
    assert steps == [["2024-03-01", "in_force", 1, True], ["2025-02-28", "repealed", 2, True]]

    def on(day):
        state = {}
        for rule_id, rule_steps in data["rules"].items():
            current = [s for s in rule_steps if s[0] <= day]
            state[rule_id] = current[-1][1] if current else None
        return {r for r, s in state.items() if s in data["active"]}

    assert on("2025-01-01") == {"WU-001", "WU-002"}
    assert on("2025-03-01") == {"WU-001"}
    page = generated(repo, "2025-01-01")
    fragment = page["_generated/fragments/history-asof.html"]
    assert "当日施行的制度 2 项" in fragment and "../wu-002/history/#v1" in fragment
    assert 'type="application/json" data-zd-data' in fragment and "</script><" not in fragment.split("data-zd-data>")[1][:-60]
    assert "当日施行的制度 1 项" in generated(repo, "2025-03-01")["_generated/fragments/history-asof.html"]
    assert ASOF_PAGE in page


def test_versions_json_holds_every_version_with_its_dates_commit_kind_and_text(repo):
    data = json.loads(generated(repo)[versions_api("WU-001")])
    assert versions_api("WU-001") == "api/v1/regulations/WU-001/versions.json"
    assert data["id"] == "WU-001" and data["url"] == "regulations/wu-001/history/"
    assert data["history"] == {"complete": True, "state": "complete", "notice": None}
    assert [(v["number"], v["kind"], v["date"], v["date_source"], v["commit"]) for v in data["versions"]] == [
        (1, "first", "2024-01-10", "issued", repo.commits[0]),
        (2, "revision", "2024-05-20", "revision", repo.commits[1]),
        (3, "editorial", "2024-09-01", "commit", repo.commits[2])]
    assert data["versions"][0]["data"]["provisions"][0]["text"].endswith("每年12月31日前更新一次。")
    assert data["versions"][2]["data"]["summary"] == "规定办公用房的分配、使用、维修和腾退。"
    assert data["versions"][1]["commit_date"] == "2024-06-01"


def test_zhidu_diff_between_two_dates(repo):
    run = repo.zhidu("diff", "2024-07-01", "2025-06-30")
    assert run.returncode == 0, run.stderr
    assert f"2024-07-01（提交 {repo.commits[1][:7]}）" in run.stdout
    assert f"2025-06-30（提交 {repo.commits[3][:7]}）" in run.stdout
    assert "- **WU-002**：现行有效 → 已废止" in run.stdout and "使用<ins>、维修</ins>和腾退" in run.stdout
    assert "12月31日" not in run.stdout                       # revised before 2024-07-01
    run = repo.zhidu("diff", "2024-01-15", "HEAD~2")           # the day of a commit counts; commits still work
    assert run.returncode == 0 and "每<ins>半</ins>年" in run.stdout
    for bad, says in (("2023-12-31", "没有提交"), ("2024-02-30", "不是有效的日期")):
        run = repo.zhidu("diff", bad)
        assert run.returncode == 2 and says in run.stderr and "Traceback" not in run.stderr


def test_a_shallow_clone_builds_with_a_notice_and_invents_nothing(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    shutil.copytree(repo.root / "schemas", clone / "schemas", dirs_exist_ok=True)
    from conftest import Project
    files = generated(Project(clone))
    page = files[history_page("WU-001")]
    assert "修改历史不完整" in page and "本站构建时只取得了部分修改历史" in page
    data = json.loads(files[versions_api("WU-001")])
    assert data["history"]["complete"] is False
    assert [(v["kind"], v["commit"]) for v in data["versions"]] == [("earliest", repo.commits[3])]
    assert json.loads(files[ASOF_API])["history"]["complete"] is False
    assert "取得的最早版本" in files["_generated/fragments/history-wu-001-versions.html"]


def test_a_folder_without_git_shows_the_current_version_only(mini):
    files = generated(mini)
    data = json.loads(files[versions_api("WU-001")])
    assert data["history"]["state"] == "no-git" and [v["kind"] for v in data["versions"]] == ["current"]
    assert data["versions"][0]["commit"] is None
    assert "没有取得修改历史" in files[history_page("WU-001")]


def test_history_is_read_once_then_from_the_cache_and_incrementally(repo, monkeypatch):
    generated(repo)
    assert (repo.root / ".zhidu/state/history.json").is_file()
    calls = []
    original = H._log
    monkeypatch.setattr(H, "_log", lambda *args: calls.append(args) or original(*args))
    first = generated(repo)
    assert calls == []                                          # HEAD unchanged: no git log at all
    repo.edit(WU1, "不得擅自改变办公用房用途。", "不得擅自改变办公用房的用途。")
    new = commit(repo.root, "editorial again", "2025-04-01")
    files = generated(repo)
    assert len(calls) == 1 and calls[0][2] == repo.commits[3]    # only the commits since the cached HEAD
    kinds = [v["kind"] for v in json.loads(files[versions_api("WU-001")])["versions"]]
    assert kinds == ["first", "revision", "editorial", "editorial"] and new in files[versions_api("WU-001")]
    assert first[versions_api("WU-002")] == files[versions_api("WU-002")]


def test_uncommitted_changes_are_the_last_version_and_say_so(repo):
    repo.edit(WU1, "不得擅自改变办公用房用途。", "严禁擅自改变办公用房用途。")
    data = json.loads(generated(repo)[versions_api("WU-001")])
    last = data["versions"][-1]
    assert (last["number"], last["kind"], last["commit"], last["date_source"]) == (4, "editorial", None, "uncommitted")


@pytest.mark.browser
def test_an_earlier_version_opens_with_its_text_read_from_versions_json(repo, browser, tmp_path):
    """In Chromium: opening version 1 shows its own text (from versions.json), as text, not markup."""
    import threading
    from functools import partial
    from http.server import ThreadingHTTPServer

    from conftest import _QuietHandler
    from zhidu.render.history_pages import SCRIPT

    repo.edit(WU1, "规定办公用房的分配", "规定<b>办公用房</b>的分配")    # uncommitted: the current version
    files = generated(repo)
    site = tmp_path / "site"
    page_dir = site / "regulations/wu-001/history"
    page_dir.mkdir(parents=True)
    fragment = files["_generated/fragments/history-wu-001-texts.html"]
    (page_dir / "index.html").write_text(f'<!doctype html><meta charset="utf-8"><body>{fragment}'
                                         f'<script src="../../../{SCRIPT}"></script>', encoding="utf-8")
    (site / versions_api("WU-001")).parent.mkdir(parents=True)
    (site / versions_api("WU-001")).write_text(files[versions_api("WU-001")], encoding="utf-8")
    script = Path(__file__).resolve().parents[1] / "scripts/zhidu/render/theme" / SCRIPT
    (site / SCRIPT).parent.mkdir(parents=True)
    (site / SCRIPT).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/regulations/wu-001/history/#v1")
        first = page.locator("details#v1")
        first.locator("text=每年12月31日前更新一次").wait_for(timeout=10000)    # opened by the address
        assert "首次印发" in first.inner_text() and first.locator("table th").first.inner_text() == "名称"
        current = page.locator("details#v4")
        assert current.get_attribute("open") is not None and "<b>办公用房</b>" in current.inner_text()
        second = page.locator("details#v2")
        second.locator("summary").click()
        second.locator("text=每半年更新一次").wait_for(timeout=10000)
    finally:
        context.close()
        httpd.shutdown()
