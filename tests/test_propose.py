"""提出修订 (issue 23, the browser half): a rule revised on the built site, in Debian's Chromium, and the
proposal it downloads applied with `zhidu apply`; the browser's checks say what `zhidu validate` says."""
from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect

from conftest import zhidu_in
from test_accessibility import axe_violations
from zhidu.load.loader import parse
from zhidu.pipeline import validate

pytestmark = [pytest.mark.browser, pytest.mark.build]

RULE = "WU-001"
FILE = "standards/regulations/wu/WU-001.yaml"
OLD_TEXT, NEW_TEXT = "自发现之日起30日内提出确权申请", "自发现之日起20日内提出确权申请"
NEW_PROVISION = "资产处应当每季度核对一次办公用房使用台账，发现账实不符的当月更正。"
# what only the whole registry can check (propose-checks.js CHECKED_IN_CI): not checked in the browser
CHECKED_IN_CI = {"duplicate-id", "file-name", "domain-folder", "supersedes-asymmetric", "supersedes-cycle",
                 "limit-conflict", "unknown-provision", "empty-selector", "id-vanished", "id-unregistered",
                 "domain-total"}


def open_form(page, server, rule_id=RULE):
    page.goto(f"{server}/regulations/propose/?id={rule_id}")
    page.locator(".zd-propose-form").wait_for()
    return page


def field(page, pointer: str):
    """A field's control by its JSON pointer (propose-form.js fieldId)."""
    return page.locator("#zd-f" + re.sub(r"[^A-Za-z0-9]+", "-", pointer))


def messages(page, pointer: str):
    """The messages shown at a field."""
    return page.locator("#zd-f" + re.sub(r"[^A-Za-z0-9]+", "-", pointer) + "-msg")


def registry_copy(built: Path, target: Path) -> Path:
    """The built project's registry (the files whose digests the site published), without the site."""
    for name in ("standards", "schemas"):
        shutil.copytree(built / name, target / name)
    shutil.copy2(built / "mkdocs.yml", target / "mkdocs.yml")
    return target


def fill_revision(page, note="P01 确权申请时限由30日改为20日；增加台账季度核对条款。", proposer="资产处 张三"):
    n = len(page.evaluate("zhiduPropose.state.base.revisions"))
    field(page, f"/revisions/{n}/note").fill(note)
    field(page, "/proposal/proposer").fill(proposer)


def download(page, tmp_path: Path, name="proposal.yaml") -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="下载修订建议（YAML）").click()
    assert info.value.suggested_filename == f"{RULE}-修订建议.yaml"
    target = tmp_path / name
    info.value.save_as(target)
    return target


# -- the page ------------------------------------------------------------------------------------------

def test_every_rule_page_links_the_one_form_page(page, server, built, registry):
    page.goto(f"{server}/regulations/wu-002/")
    link = page.get_by_role("link", name="提出修订")
    assert link.get_attribute("href") == "../propose/?id=WU-002"
    link.click()
    page.locator(".zd-propose-form").wait_for()
    assert "WU-002" in page.locator(".zd-propose-rule").inner_text()
    # one page serves every rule: no copy per rule
    pages = [p for p in (built / "site").rglob("*.html") if "propose" in p.as_posix()]
    assert pages == [built / "site/regulations/propose/index.html"]
    for rule in list(registry.rules.values())[:20]:
        html = (built / "site" / "regulations" / rule.slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../propose/?id={rule.id}"' in html


def test_without_a_known_id_the_page_offers_the_rules(page, server, registry):
    page.goto(f"{server}/regulations/propose/?id=WU-999")
    expect(page.locator(".zd-propose-status")).to_contain_text("制度库中没有编号为“WU-999”的制度")
    select = page.get_by_label("请选择要修订的制度")
    assert select.locator("option").count() == len(registry.rules)
    select.select_option("WU-002")
    page.get_by_role("button", name="打开").click()
    page.locator(".zd-propose-form").wait_for()
    assert page.url.endswith("?id=WU-002")


def test_labels_and_help_come_from_the_schema(page, server):
    open_form(page, server)
    schema = json.loads((Path(__file__).resolve().parents[1] / "schemas/regulation.schema.json").read_text(encoding="utf-8"))
    for key in ("title", "summary", "scope", "issued", "effective"):
        prop = schema["properties"][key]
        box = page.locator(f'.zd-field[data-pointer="/{key}"]')
        assert box.locator("label").inner_text().startswith(prop["title"])
        assert box.locator(".zd-help").inner_text() == prop["description"]
        assert page.get_by_label(prop["title"]).first.is_visible()
    text = schema["$defs"]["provision"]["properties"]["text"]
    assert page.locator('.zd-field[data-pointer="/provisions/0/text"] .zd-help').inner_text() == text["description"]


# -- a revision from the form to the registry ---------------------------------------------------------------

def test_a_deadline_changed_and_a_provision_added_are_applied_with_nothing_else_moved(page, server, built, tmp_path):
    open_form(page, server)
    text = field(page, "/provisions/0/text")
    assert OLD_TEXT in text.input_value()
    text.fill(text.input_value().replace(OLD_TEXT, NEW_TEXT))
    # checked while typing: the limit still says 30
    expect(messages(page, "/provisions/0/limits/0/value")).to_have_text(
        "数字 30 没有写在条款 P01 的内容中；limits 只记录条款已写明的数字")
    expect(page.locator(".zd-check-list")).to_contain_text("P01 时限与标准第 1 项数值：数字 30 没有写在条款 P01 的内容中")
    field(page, "/provisions/0/limits/0/value").fill("20")
    expect(messages(page, "/provisions/0/limits/0/value")).to_have_text("")

    page.get_by_role("button", name="新增条款").click()
    n = page.locator(".zd-provision").count()
    expect(page.locator(".zd-provision").last.locator("> legend")).to_have_text(f"P{n:02d}")
    expect(page.locator(".zd-provision").last).to_be_focused()
    field(page, f"/provisions/{n - 1}/text").fill(NEW_PROVISION)
    fill_revision(page)
    expect(page.locator(".zd-check-summary")).to_have_text("检查通过，没有发现问题。")

    # the redline, character by character
    p01 = page.locator(".zd-change-list li", has_text="P01 条款内容")
    expect(p01.locator("del")).to_have_text("3")
    expect(p01.locator("ins")).to_have_text("2")
    expect(page.locator(".zd-change-list li", has_text=f"P{n:02d} 新增").locator("ins")).to_have_text(NEW_PROVISION)
    limit = page.locator(".zd-change-list li", has_text="P01 时限与标准")
    expect(limit.locator("ins")).to_have_text("权属问题确权申请时限：不超过 20 日")
    expect(limit.locator("del")).to_have_text("权属问题确权申请时限：不超过 30 日")

    proposal = download(page, tmp_path)
    data = parse(proposal.read_text(encoding="utf-8"), "proposal.yaml").data
    assert list(data) == ["proposal", "rule", "base"]
    raw = (built / FILE).read_bytes()
    assert data["proposal"]["base_sha256"] == hashlib.sha256(raw).hexdigest()
    assert data["base"] == parse(raw.decode("utf-8"), FILE).data
    assert data["proposal"]["proposer"] == "资产处 张三"

    before = registry_copy(built, tmp_path / "before")
    project = registry_copy(built, tmp_path / "project")
    old_text = (project / FILE).read_text(encoding="utf-8")
    run = zhidu_in(project, "apply", str(proposal))
    assert run.returncode == 0, run.stdout + run.stderr
    assert zhidu_in(project, "validate").returncode == 0
    # only the changed lines differ: the text, its limit, the new provision and the revision appended
    new_text = (project / FILE).read_text(encoding="utf-8")
    removed = [line for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()) if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()) if line.startswith("+ ")]
    old_line = next(line for line in old_text.splitlines() if OLD_TEXT in line)
    assert sorted(removed) == sorted(["- " + old_line, "-       - {subject: 权属问题确权申请时限, value: 30, unit: 日, bound: max}"])
    assert added == [old_line.replace(OLD_TEXT, NEW_TEXT),
                     "      - {subject: 权属问题确权申请时限, value: 20, unit: 日, bound: max}",
                     f"  - id: P{n:02d}", f"    text: {NEW_PROVISION}", "    kind: must", "    checkable: false",
                     f"  - date: {data['rule']['revisions'][-1]['date']}",
                     "    note: P01 确权申请时限由30日改为20日；增加台账季度核对条款。"]
    diff = zhidu_in(project, "diff", str(before))
    assert diff.returncode == 0, diff.stderr
    changes = [line for line in diff.stdout.splitlines() if line.startswith("- **")]
    limit = "subject: 权属问题确权申请时限, value: {}, unit: 日, bound: max"
    assert changes == [f"- **{RULE} P01** 条款内容：", f"- **{RULE} P01** limits：{limit.format(30)} → {limit.format(20)}",
                       f"- **{RULE} P{n:02d}** 新增：{NEW_PROVISION}"]
    assert "<del>3</del>" in diff.stdout and "<ins>2</ins>" in diff.stdout and "⚠️" not in diff.stdout
    # everything the page used came from the site itself
    assert [u for u in page.requests if u.startswith("http") and urlparse(u).hostname != "127.0.0.1"] == []


def test_provisions_moved_removed_and_fields_emptied_are_applied_as_the_form_shows_them(page, server, built, tmp_path):
    open_form(page, server)
    base = page.evaluate("zhiduPropose.state.base")
    ids = [p["id"] for p in base["provisions"]]
    page.get_by_role("button", name="下移（P02）").click()
    expect(page.get_by_role("button", name="下移（P02）")).to_be_visible()
    page.get_by_role("button", name="删除本条（P05）").click()
    expect(page.locator(".zd-removed")).to_contain_text("P05")
    page.get_by_role("button", name="删除本条（P06）").click()
    page.get_by_role("button", name="恢复（P06）").click()           # removed by mistake: back where it was
    field(page, "/provisions/0/title").fill("")                       # an optional field emptied: left out
    page.locator('.zd-field[data-pointer="/provisions/0/stages"]').get_by_label("维修").check()
    field(page, "/tags").fill("办公用房\n权属登记")
    fill_revision(page, note="调整条款顺序，删去P05。")
    expect(page.locator(".zd-check-summary")).not_to_contain_text("问题需要改正")
    expect(page.locator(".zd-change-list")).to_contain_text("条款顺序")
    expect(page.locator(".zd-change-list li", has_text="P05 删除").locator("del")).to_have_count(1)
    rule = page.evaluate("zhiduPropose.state.rule")
    assert [p["id"] for p in rule["provisions"]] == [ids[0], ids[2], ids[1], ids[3], *ids[5:]]
    assert "title" not in rule["provisions"][0] and rule["provisions"][0]["stages"][-1] == "maintenance"
    proposal = download(page, tmp_path)
    project = registry_copy(built, tmp_path / "project")
    run = zhidu_in(project, "apply", str(proposal))
    assert run.returncode == 0, run.stdout + run.stderr
    written = (project / FILE).read_text(encoding="utf-8")
    assert parse(written, FILE).data == rule
    assert written.startswith("# yaml-language-server: $schema=")         # the file's own comment stays
    assert zhidu_in(project, "validate").returncode == 0


def test_a_broken_proposal_is_refused_in_the_browser_and_by_zhidu_apply(page, server, built, tmp_path):
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    project = registry_copy(built, tmp_path / "project")
    open_form(page, server)
    fill_revision(page)

    # an empty title: the schema's message at the field and in the list; no download
    field(page, "/title").fill("")
    expect(messages(page, "/title")).to_have_text("不能为空")
    expect(page.locator(".zd-check-list")).to_contain_text("制度名称：不能为空")
    assert field(page, "/title").get_attribute("aria-invalid") == "true"
    page.get_by_role("button", name="下载修订建议（YAML）").click(force=True)     # aria-disabled: it says why
    expect(page.locator(".zd-check-summary")).to_be_focused()
    assert downloads == []
    name = tmp_path / "no-title.yaml"
    name.write_text(page.evaluate("zhiduPropose.proposalText()"), encoding="utf-8")
    run = zhidu_in(project, "apply", str(name))
    assert run.returncode == 1
    assert [line for line in run.stdout.splitlines() if "error[empty]: /rule/title: 不能为空" in line], run.stdout

    # a related rule that does not exist: the check across files, in the browser too
    field(page, "/title").fill("办公用房配置与使用管理办法")
    related = page.locator('.zd-field[data-pointer="/related"]')
    count = related.locator("input").count()
    related.get_by_role("button", name="添加相关制度").click()
    field(page, f"/related/{count}").fill("wu-999")          # typed in lower case: ids are upper case
    expect(messages(page, f"/related/{count}")).to_have_text("制度 WU-999 不存在")
    expect(page.locator(".zd-check-list")).to_contain_text(f"相关制度第 {count + 1} 项：制度 WU-999 不存在")
    page.get_by_role("button", name="下载修订建议（YAML）").click(force=True)
    assert downloads == []
    name = tmp_path / "unknown-related.yaml"
    name.write_text(page.evaluate("zhiduPropose.proposalText()"), encoding="utf-8")
    run = zhidu_in(project, "apply", str(name))
    assert run.returncode == 1
    assert [line for line in run.stdout.splitlines()
            if f"error[unknown-rule]: /rule/related/{count}: 制度 WU-999 不存在" in line], run.stdout
    assert (project / FILE).read_bytes() == (built / FILE).read_bytes()


HOSTILE = {
    "/title": "<script>alert(1)</script>办法",
    "/category": "{{ 7*7 }} {% raw %}",
    "/summary": "# 不是标题\n\"双引号\" '单引号' : 冒号 - 减号\n<img src=x onerror=alert(2)>",
    "/provisions/1/title": "</textarea><b>粗</b>",
}


def test_hostile_text_round_trips_into_the_yaml_and_never_runs(page, server, built, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_form(page, server)
    for pointer, value in HOSTILE.items():
        field(page, pointer).fill(value)
    fill_revision(page, note="修订说明含有 `代码`、#号、{{ 花括号 }} 和\n换行", proposer="资产处 \"张三\" #1")
    expect(page.locator(".zd-check-summary")).not_to_contain_text("问题需要改正")
    assert "<script>alert(1)</script>办法" in page.locator(".zd-change-list").inner_text()
    assert page.locator(".zd-propose-app script, .zd-propose-app img, .zd-propose-app b").count() == 0
    proposal = download(page, tmp_path)
    data = parse(proposal.read_text(encoding="utf-8"), "proposal.yaml").data
    for pointer, value in HOSTILE.items():
        here = data["rule"]
        for token in pointer.strip("/").split("/"):
            here = here[int(token) if token.isdigit() else token]
        assert here == value, pointer
    assert data["proposal"]["proposer"] == "资产处 \"张三\" #1"
    assert data["rule"]["revisions"][-1]["note"] == "修订说明含有 `代码`、#号、{{ 花括号 }} 和\n换行"
    project = registry_copy(built, tmp_path / "project")
    run = zhidu_in(project, "apply", str(proposal))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "<script>" not in run.stdout
    written = parse((project / FILE).read_text(encoding="utf-8"), FILE).data
    assert written == data["rule"]
    assert zhidu_in(project, "validate").returncode == 0
    assert dialogs == []


# -- the same checks as zhidu validate -------------------------------------------------------------------

def _provision(i, change):
    def edit(rule):
        change(rule["provisions"][i])
    return edit


VARIANTS = {
    "as it is": lambda r: None,
    "empty title": lambda r: r.update(title=""),
    "blank summary": lambda r: r.update(summary="   "),
    "scope too long": lambda r: r.update(scope="长" * 5001),
    "title not text": lambda r: r.update(title=123),
    "unknown field": lambda r: r.update(titel="x"),
    "unknown related rule": lambda r: r["related"].append("WU-999"),
    "related to itself": lambda r: r["related"].append(RULE),
    "related twice": lambda r: r["related"].append(r["related"][0]),
    "related not an id": lambda r: r["related"].append("wu-2"),
    "date written another way": lambda r: r.update(effective="2023/07/01"),
    "a day that does not exist": lambda r: r.update(effective="2023-02-30"),
    "effective before issued": lambda r: r.update(effective="2023-01-01"),
    "repealed without a date": lambda r: r.update(status="repealed"),
    "repealed before effective": lambda r: r.update(status="repealed", repealed="2023-06-01"),
    "unknown status": lambda r: r.update(status="abolished"),
    "review cycle zero": lambda r: r.update(review_cycle_months=0),
    "review cycle in words": lambda r: r.update(review_cycle_months="三年"),
    "review cycle empty": lambda r: r.update(review_cycle_months=None),
    "unknown department": lambda r: r.update(owner="XXC"),
    "department in Chinese": lambda r: r.update(owner="资产处"),
    "unknown reference": lambda r: r["basis"][0].update(ref="REF-no-such-law"),
    "reference not enacted": lambda r: r["basis"][0].update(ref="REF-jgsw-fa-caoan"),
    "no basis": lambda r: r.update(basis=[]),
    "no provisions": lambda r: r.update(provisions=[]),
    "provision id twice": _provision(1, lambda p: p.update(id="P01")),
    "provision id malformed": _provision(0, lambda p: p.update(id="P1")),
    "unknown provision kind": _provision(0, lambda p: p.update(kind="shall")),
    "checkable without evidence": _provision(0, lambda p: p.pop("evidence")),
    "empty evidence item": _provision(0, lambda p: p.update(evidence=["", "台账"])),
    "unknown stage": _provision(0, lambda p: p.update(stages=["ownership", "destroy"])),
    "stage malformed": _provision(0, lambda p: p.update(stages=["Destroy"])),
    "limit not in the text": _provision(0, lambda p: p["limits"][0].update(value=45)),
    "limit with an unknown subject": _provision(0, lambda p: p["limits"][0].update(subject="不存在的事项")),
    "limit in another unit": _provision(0, lambda p: p["limits"][0].update(unit="工作日")),
    "limit below zero": _provision(0, lambda p: p["limits"][0].update(value=-1)),
    "limit without a bound": _provision(0, lambda p: p["limits"][0].pop("bound")),
    "limit value as text": _provision(0, lambda p: p["limits"][0].update(value="三十")),
    "vague provision": _provision(0, lambda p: p.update(text="认真办理有关事项，不得拖延。")),
    "superseded yet in force": lambda r: r.update(superseded_by="WU-002"),
    "revision before issued": lambda r: r["revisions"].append({"date": "2020-01-01", "note": "补记"}),
    "revision without a note": lambda r: r["revisions"].append({"date": "2026-12-31", "note": ""}),
    "domain of another id": lambda r: r.update(domain="CAI"),
    "tags twice": lambda r: r.update(tags=["办公用房", "办公用房"]),
}


@pytest.fixture(scope="module")
def checked_registry(built, tmp_path_factory):
    return registry_copy(built, tmp_path_factory.mktemp("parity"))


def python_findings(root: Path, rule: dict) -> set:
    target = root / FILE
    original = target.read_bytes()
    try:
        target.write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False), encoding="utf-8")
        found = validate(root).diagnostics
    finally:
        target.write_bytes(original)
    return {(d.pointer, d.code, d.message, d.severity) for d in found if d.path == FILE and d.code not in CHECKED_IN_CI}


def test_the_browser_checks_say_what_zhidu_validate_says(page, server, built, checked_registry):
    open_form(page, server)
    assert set(page.evaluate("zhiduChecks.CHECKED_IN_CI")) == CHECKED_IN_CI
    base = page.evaluate("zhiduPropose.state.base")
    assert base == parse((built / FILE).read_text(encoding="utf-8"), FILE).data
    codes = set()
    for name, change in VARIANTS.items():
        rule = copy.deepcopy(base)
        change(rule)
        browser = {(d["pointer"], d["code"], d["message"], d["severity"])
                   for d in page.evaluate("rule => zhiduPropose.check(rule)", rule)}
        python = python_findings(checked_registry, rule)
        assert browser == python, f"{name}: 只在浏览器 {browser - python}，只在 Python {python - browser}"
        if name != "as it is":
            assert python, f"{name}: no finding at all: the variant tests nothing"
        codes |= {c for _, c, _, _ in python}
    # the variants reach every kind of message the browser gives
    assert codes >= {"empty", "too-long", "type", "unknown-field", "unknown-rule", "self-reference", "duplicate-item",
                     "format", "invalid-date", "date-order", "required", "enum", "range", "unknown-department",
                     "unknown-reference", "not-enacted", "min-items", "duplicate-provision", "unknown-stage",
                     "limit-not-in-text", "unknown-limit-subject", "limit-unit", "vague-provision",
                     "superseded-in-force", "domain-mismatch"}


# -- out of the form -------------------------------------------------------------------------------------

def test_the_repository_link_carries_the_proposal_only_when_a_repository_is_set(page, server, built):
    open_form(page, server)
    fill_revision(page)
    field(page, "/title").fill("办公用房配置与使用管理办法（修订）")
    expect(page.locator(".zd-check-summary")).not_to_contain_text("问题需要改正")
    assert page.locator(".zd-repo").count() == 0          # mkdocs.yml's repo_url is empty
    html = (built / "site/regulations/propose/index.html").read_text(encoding="utf-8")
    assert 'window.zhiduRepo = {"edit_uri": "", "url": ""}' in html

    def with_repository(route):
        response = route.fetch()
        body = response.text().replace('window.zhiduRepo = {"edit_uri": "", "url": ""}',
                                       'window.zhiduRepo = {"edit_uri": "edit/zhidu/docs/", "url": "https://github.com/example/rules"}')
        route.fulfill(response=response, body=body)

    page.route("**/regulations/propose/?id=*", with_repository)
    open_form(page, server)            # the edits were kept in this browser
    expect(page.locator(".zd-draft")).to_be_visible()
    link = page.locator(".zd-repo a")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href.startswith("https://github.com/example/rules/new/zhidu?filename=proposals%2FWU-001.yaml&value=")
    value = parse_qs(urlparse(href).query)["value"][0]
    assert value == page.evaluate("zhiduPropose.proposalText()")
    assert parse(value, "x").data["rule"]["title"] == "办公用房配置与使用管理办法（修订）"
    assert "请下载修订建议文件" in page.locator(".zd-repo").inner_text()      # long ones: download instead
    # a new start forgets the edits
    page.get_by_role("button", name="放弃这些修改，从现行文本重新开始").click()
    assert field(page, "/title").input_value() == "办公用房配置与使用管理办法"
    # edits made on a text that has changed since are not brought back
    field(page, "/title").fill("旧文本上的修改")
    page.wait_for_timeout(300)
    page.evaluate("""() => { const key = "zhidu-propose/WU-001", draft = JSON.parse(localStorage.getItem(key));
                             draft.sha256 = "0".repeat(64); localStorage.setItem(key, JSON.stringify(draft)); }""")
    open_form(page, server)
    expect(page.locator(".zd-draft-stale")).to_contain_text("这项制度此后已经更新")
    assert field(page, "/title").input_value() == "办公用房配置与使用管理办法"


def test_the_revision_note_downloads_as_word(page, server, tmp_path):
    from docx import Document
    open_form(page, server)
    text = field(page, "/provisions/0/text")
    text.fill(text.input_value().replace(OLD_TEXT, NEW_TEXT))
    field(page, "/provisions/0/limits/0/value").fill("20")
    fill_revision(page, note="确权申请时限缩短为20日。")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载修订说明（Word）").click()
    target = tmp_path / "note.docx"
    info.value.save_as(target)
    words = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert RULE in words and "确权申请时限缩短为20日。" in words and "资产处 张三" in words
    assert "P01 条款内容" in words


# -- for everybody -----------------------------------------------------------------------------------------

def test_the_form_is_accessible_with_its_messages_showing(page, server):
    open_form(page, server)
    field(page, "/title").fill("")
    page.get_by_role("button", name="新增条款").click()
    expect(page.locator(".zd-check-list li").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_form_fits_375_pixels(browser, server, tmp_path):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    small = context.new_page()
    open_form(small, server)
    field(small, "/title").fill("")
    small.locator(".zd-provision").first.get_by_role("button", name="添加时限或标准").click()
    expect(small.locator(".zd-check-list li").first).to_be_visible()
    assert small.evaluate("document.documentElement.scrollWidth") <= 375
    for box in small.locator(".zd-provision, .zd-propose-checks, .zd-propose-output").all()[:4]:
        assert box.bounding_box()["width"] <= 375
    context.close()
