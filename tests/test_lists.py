"""The site's lists (制度总览, each domain's rules, 上位依据, 检查表) as bureau staff use them: the title
is the link, filters follow the taxonomy's order, the choices live in the address, narrow screens get
cards. Render-level tests on the mini registry, build-level tests on the generated HTML, and browser
tests in Debian's Chromium at 1366 and 375 pixels."""
from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from zhidu.model.checklists import all_checklists
from zhidu.pipeline import validate
from zhidu.render.fragments import FRAGMENTS
from zhidu.render.pages import REFERENCE_TYPES, Renderer, issuer_names, relative_url
from zhidu.vocabulary import STATUS_LABELS

PROJECT = Path(__file__).resolve().parents[1]
LIST_PAGES = {"制度总览": "/regulations/", "物": "/regulations/wu/", "上位依据": "/references/", "检查表": "/checklists/"}
DOMAIN_ORDER = ["人", "财", "物", "事", "党建"]


# -- a small HTML reader: the list fragment's table, rows and controls ------------------------------

class ListPage(HTMLParser):
    """Rows (attributes, cells with their text, links, badges), header cells and the controls' options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.headers, self.selects, self.labels = [], [], {}, []
        self.controls = None
        self.caption = ""
        self._cell = self._link = self._select = self._option = None
        self._in_caption = False
        self._in_list = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "zd-list-controls" in a.get("class", ""):
            self.controls = a
        if tag == "tr" and "data-order" in a:
            self.rows.append({"attrs": a, "cells": [], "links": [], "badges": []})
        elif tag == "th":
            self.headers.append(a)
        elif tag == "caption":
            self._in_caption = True
        elif tag == "td" and self.rows:
            self._cell = {"attrs": a, "text": ""}
            self.rows[-1]["cells"].append(self._cell)
        elif tag == "a" and self._cell is not None:
            self._link = {"href": a.get("href"), "text": "", "cell": self._cell}
            self.rows[-1]["links"].append(self._link)
        elif tag == "span" and self._cell is not None and "zd-badge" in a.get("class", ""):
            self.rows[-1]["badges"].append(a["class"])
        elif tag == "select":
            self._select = self.selects.setdefault(a["name"], {"attrs": a, "options": []})
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": ""}
            self._select["options"].append(self._option)
        elif tag == "label":
            self.labels.append(a.get("for"))

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "a":
            self._link = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        if self._link is not None:
            self._link["text"] += data
        if self._option is not None:
            self._option["text"] += data
        if self._in_caption:
            self.caption += data

    def values(self, name):
        return [o["value"] for o in self.selects[name]["options"] if o["value"]]


def read_list(path: Path) -> ListPage:
    page = ListPage()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def rule_order(registry):
    codes = [d.code for d in registry.taxonomy.domains]
    return sorted(registry.rules.values(), key=lambda r: (codes.index(r.domain), int(r.id.rsplit("-", 1)[1])))


def today():
    return date.today().isoformat()


# -- rendering (mini registry) ---------------------------------------------------------------------

def render(project, day="2026-01-01"):
    result = validate(project.root)
    assert result.registry is not None, [d.text() for d in result.errors]
    return Renderer(result.registry, day, all_checklists(result.registry)).pages()


def add_rule(mini, rule_id, domain, effective, title):
    text = mini.read("standards/regulations/wu/WU-002.yaml")
    text = (text.replace("id: WU-002", f"id: {rule_id}").replace("domain: WU", f"domain: {domain}")
            .replace("title: 公物仓管理办法", f"title: {title}").replace("supersedes: WU-003\n", "")
            .replace("issued: 2024-03-01", "issued: 2020-01-01").replace("effective: 2024-03-01", f"effective: {effective}"))
    mini.write(f"standards/regulations/{domain.lower()}/{rule_id}.yaml", text)
    mini.edit("standards/published-ids.yaml", "  - WU-001\n", f"  - WU-001\n  - {rule_id}\n")


def test_list_pages_hold_a_fragment_marker_not_a_markdown_table(mini):
    out = render(mini)
    for source, fragment in (("regulations/index.md", "list-regulations-index.html"),
                             ("regulations/wu.md", "list-regulations-wu.html"),
                             ("references/index.md", "list-references-index.html"),
                             ("checklists/index.md", "list-checklists-index.html")):
        page = out[source]
        assert f'<div class="zd-fragment" data-src="{FRAGMENTS}/{fragment}"' in page, source
        assert "| --- |" not in page, f"{source} still has a Markdown table"
        assert "<tbody>" in out[f"{FRAGMENTS}/{fragment}"]


def test_rule_list_links_titles_to_final_addresses_from_each_page(mini):
    out = render(mini)
    overview = out[f"{FRAGMENTS}/list-regulations-index.html"]
    domain = out[f"{FRAGMENTS}/list-regulations-wu.html"]
    assert '<a href="wu-001/">办公用房使用管理办法</a>' in overview
    assert '<a href="../wu-001/">办公用房使用管理办法</a>' in domain
    assert '<span class="zd-list-id">WU-001</span>' in overview
    assert relative_url("downloads/checklists/wu-001.pdf", "checklists/index.md") == "../downloads/checklists/wu-001.pdf"
    assert relative_url("references/REF-a/", "references/index.md") == "REF-a/"


def test_rules_follow_the_taxonomy_order_and_statuses_the_vocabulary(mini):
    add_rule(mini, "REN-002", "REN", "2025-01-01", "人事二号办法")
    add_rule(mini, "REN-010", "REN", "2023-01-01", "人事十号办法")
    add_rule(mini, "DJ-001", "DJ", "2022-01-01", "党建一号办法")
    add_rule(mini, "CAI-001", "CAI", "2027-01-01", "财务一号办法")      # not yet in force on the day
    page = ListPage()
    page.feed(render(mini)[f"{FRAGMENTS}/list-regulations-index.html"])
    ids = [r["cells"][0]["text"].strip() for r in page.rows]
    assert ids == ["REN-002", "REN-010", "CAI-001", "WU-001", "WU-002", "WU-003", "DJ-001"]
    assert page.values("领域") == ["人", "财", "物", "党建"]        # 事 has no rule here: no choice for it
    statuses = page.values("状态")
    assert statuses == [s for s in STATUS_LABELS.values() if s in statuses]
    assert "尚未生效" in statuses
    assert [r["attrs"]["data-order"] for r in page.rows] == [str(n) for n in range(1, len(ids) + 1)]
    for row in page.rows:
        assert len(row["badges"]) == 1 and row["badges"][0].startswith("zd-badge zd-status-")


def test_hostile_text_in_lists_stays_text(mini):
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)>\" onmouseover=\"x"
    quoted = payload.replace("'", "''")
    mini.edit("standards/regulations/wu/WU-001.yaml", "title: 办公用房使用管理办法", f"title: '{quoted}'")
    mini.edit("standards/regulations/wu/WU-001.yaml", "category: 办公用房", f"category: '{quoted}'")
    ref = mini.read("standards/references/REF-test-tiaoli.yaml")
    issuer = re.search(r"^issuer: .*$", ref, re.M).group(0)
    mini.edit("standards/references/REF-test-tiaoli.yaml", issuer, f"issuer: '{quoted}'")
    out = render(mini)
    for name, html in out.items():
        if name.startswith(f"{FRAGMENTS}/list-"):
            assert "<script" not in html and "<img" not in html and '" onmouseover="' not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out[f"{FRAGMENTS}/list-regulations-index.html"]


def test_reference_types_are_in_the_schemas_order():
    schema = json.loads((PROJECT / "schemas/reference.schema.json").read_text(encoding="utf-8"))
    assert list(REFERENCE_TYPES) == schema["properties"]["type"]["enum"]


def test_joint_issuers_are_each_a_filter_choice():
    assert issuer_names("财政部、国家档案局") == ["财政部", "国家档案局"]
    assert issuer_names("国家标准化管理委员会等（发布机关未逐一核实）") == ["国家标准化管理委员会"]
    assert issuer_names("全国人民代表大会（2024年修正由全国人民代表大会常务委员会作出）") == ["全国人民代表大会"]


# -- the built site's HTML ----------------------------------------------------------------------------

BUILD = pytest.mark.build
BROWSER = pytest.mark.browser


@BUILD
def test_built_overview_lists_every_rule_with_link_badge_and_dates(built, registry):
    site = built / "site"
    page = read_list(site / "regulations/index.html")
    expected = rule_order(registry)
    assert [r["cells"][0]["text"].strip() for r in page.rows] == [r.id for r in expected]   # sorted by id
    assert page.controls is not None and "hidden" in page.controls                      # shown by the script
    assert all(h.get("scope") == "col" for h in page.headers)
    assert [h.get("aria-sort") for h in page.headers if h.get("data-sort")] == ["ascending", None]
    assert page.caption.startswith("制度列表")
    assert page.values("领域") == DOMAIN_ORDER
    statuses = page.values("状态")
    assert statuses == [s for s in STATUS_LABELS.values() if s in statuses] and "现行有效" in statuses
    assert page.values("责任处室") == [d.name for d in registry.taxonomy.departments
                                       if d.name in page.values("责任处室")]
    assert page.values("排序")[:4] == ["编号-升序", "编号-降序", "施行日期-降序", "施行日期-升序"]
    for select in page.selects.values():
        assert select["attrs"]["id"] in page.labels, select["attrs"]["name"]             # every control labelled
    day = today()
    for row, rule in zip(page.rows, expected):
        (link,) = row["links"]
        assert link["href"] == f"{rule.slug}/" and link["text"] == rule.title
        assert "zd-col-title" in link["cell"]["attrs"]["class"]
        assert (site / "regulations" / rule.slug / "index.html").is_file()
        status = rule.status_on(day)
        assert row["badges"] == [f"zd-badge zd-status-{status}"]
        assert row["attrs"]["data-status"] == STATUS_LABELS[status]
        assert row["attrs"]["data-effective"] == rule.effective
        assert row["attrs"]["data-domain"] == next(d.name for d in registry.taxonomy.domains if d.code == rule.domain)


@BUILD
def test_built_domain_pages_link_one_level_up(built, registry):
    for domain in registry.taxonomy.domains:
        page = read_list(built / "site/regulations" / domain.slug / "index.html")
        rules = [r for r in rule_order(registry) if r.domain == domain.code]
        assert [r["links"][0]["href"] for r in page.rows] == [f"../{r.slug}/" for r in rules]
        assert "领域" not in page.selects and "状态" in page.selects


@BUILD
def test_built_reference_list_filters_by_type_issuer_status_newest_first(built, registry):
    site = built / "site"
    page = read_list(site / "references/index.html")
    assert len(page.rows) == len(registry.references)
    types = page.values("类型")
    assert types == [t for t in REFERENCE_TYPES if t in types] and "法律" in types
    statuses = page.values("效力状态")
    assert statuses == [s for s in STATUS_LABELS.values() if s in statuses]
    issuers = page.values("发布机关")
    assert "国务院" in issuers and "财政部" in issuers and len(issuers) == len(set(issuers))
    issued = [r["attrs"]["data-issued"] for r in page.rows]
    dated = [d for d in issued if d]
    assert dated == sorted(dated, reverse=True) and issued[:len(dated)] == dated         # newest first, undated last
    assert page.values("排序")[0] == "发布日期-降序"
    assert {"发布日期", "施行日期", "名称"} <= {h.get("data-sort") for h in page.headers}
    for row in page.rows:
        ref = registry.references[row["links"][0]["href"].rstrip("/")]
        assert row["links"][0]["text"] == ref.title
        assert row["badges"] == [f"zd-badge zd-status-{ref.status}"]
        assert set(row["attrs"]["data-issuers"].split("|")) <= set(issuers)
        assert (site / "references" / ref.id / "index.html").is_file()


@BUILD
def test_built_checklist_list_links_titles_and_downloads(built):
    site = built / "site"
    page = read_list(site / "checklists/index.html")
    assert page.values("类型") == ["专项检查表", "服务标准评分表", "资产环节检查表", "制度检查表"]
    assert page.values("领域") == DOMAIN_ORDER
    assert len(page.rows) > 200
    for row in page.rows:
        title, *downloads = row["links"]
        assert (site / "checklists" / title["href"] / "index.html").is_file(), title
        if title["href"] == "cl-niandu-zizha/":      # in volumes: the list points to them on its page
            assert [(d["text"], d["href"]) for d in downloads] == [("分册下载", "cl-niandu-zizha/#downloads")]
            continue
        assert [d["text"] for d in downloads] == ["PDF", "Word", "Excel"]
        assert all(d["href"].startswith("../downloads/checklists/") for d in downloads)


# -- in Chromium ----------------------------------------------------------------------------------------

@pytest.fixture(params=[1366, 375], ids=["1366px", "375px"])
def viewer(request, browser):
    """A page at 1366 or 375 pixels wide that fails the test on any script error."""
    context = browser.new_context(locale="zh-CN", viewport={"width": request.param, "height": 900},
                                           device_scale_factor=1)
    page = context.new_page()
    page.width = request.param
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def visible_rows(page):
    return page.locator(".zd-list-table tbody tr:not([hidden])")


def query(page):
    return parse_qs(urlsplit(page.url).query)


def count_text(page):
    return page.locator(".zd-list-count").inner_text()


@BROWSER
@BUILD
def test_domain_filter_is_kept_in_the_address_and_restored(viewer, server, registry):
    page = viewer
    page.goto(server + "/regulations/")
    domain = page.locator("select[name=领域]")
    assert [o for o in domain.locator("option").evaluate_all("os => os.map(o => o.value)") if o] == DOMAIN_ORDER
    assert count_text(page) == f"显示 {len(registry.rules)} / {len(registry.rules)} 项"
    assert page.locator(".zd-list-count").get_attribute("aria-live") == "polite"
    domain.select_option("物")
    wu = len(registry.rules_in("WU"))
    assert visible_rows(page).count() == wu
    assert set(visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.domain)")) == {"物"}
    assert count_text(page) == f"显示 {wu} / {len(registry.rules)} 项"
    assert query(page) == {"领域": ["物"]}
    groups = page.locator("select[name=类别] optgroup:not([hidden])").evaluate_all("gs => gs.map(g => g.label)")
    assert groups == ["物"]                     # only the chosen domain's categories are offered
    page.reload()
    assert page.locator("select[name=领域]").input_value() == "物"
    assert visible_rows(page).count() == wu and query(page) == {"领域": ["物"]}
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert visible_rows(page).count() == len(registry.rules)
    assert page.locator("select[name=领域]").input_value() == ""
    page.go_forward()
    page.wait_for_function("location.search !== ''")
    assert visible_rows(page).count() == wu and page.locator("select[name=领域]").input_value() == "物"


@BROWSER
@BUILD
def test_sort_by_effective_date_both_ways(viewer, server, registry):
    page = viewer
    page.goto(server + "/regulations/")
    latest = max(r.effective for r in registry.rules.values())
    earliest = min(r.effective for r in registry.rules.values())
    header = page.locator("th[data-sort=施行日期]")
    if page.width >= 1000:          # the column header is the control; a second click reverses
        header.locator("button").click()
    else:                           # cards have no header row: the 排序 choice does it
        assert not header.is_visible()
        page.locator("select[name=排序]").select_option("施行日期-降序")
    dates = visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.effective)")
    assert dates[0] == latest and dates == sorted(dates, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("th[data-sort=编号]").get_attribute("aria-sort") is None
    assert query(page) == {"排序": ["施行日期-降序"]}
    first = visible_rows(page).first
    assert first.locator("td.zd-col-date").inner_text().endswith(latest)
    if page.width >= 1000:
        header.locator("button").click()
    else:
        page.locator("select[name=排序]").select_option("施行日期-升序")
    assert visible_rows(page).first.get_attribute("data-effective") == earliest
    assert header.get_attribute("aria-sort") == "ascending"
    assert query(page) == {"排序": ["施行日期-升序"]}
    page.locator("select[name=排序]").select_option("编号-降序")
    assert visible_rows(page).first.locator(".zd-list-id").inner_text() == rule_order(registry)[-1].id
    assert page.locator("th[data-sort=编号]").get_attribute("aria-sort") == "descending"


@BROWSER
@BUILD
def test_a_shared_address_opens_the_same_filtered_sorted_list(viewer, server, registry):
    page = viewer
    page.goto(server + "/regulations/?领域=物&状态=现行有效&排序=施行日期-降序")
    day = today()
    expected = [r for r in registry.rules_in("WU") if r.status_on(day) == "in_force"]
    assert visible_rows(page).count() == len(expected) > 0
    assert page.locator("select[name=状态]").input_value() == "现行有效"
    dates = visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.effective)")
    assert dates[0] == max(r.effective for r in expected)
    assert count_text(page) == f"显示 {len(expected)} / {len(registry.rules)} 项"
    page.locator("button.zd-list-reset").click()
    assert visible_rows(page).count() == len(registry.rules) and query(page) == {}
    page.goto(server + "/regulations/?领域=不存在&排序=乱序")        # unknown values: the whole list
    assert visible_rows(page).count() == len(registry.rules) and query(page) == {}


@BROWSER
@BUILD
def test_each_row_shows_title_link_id_status_and_date(viewer, server, registry):
    page = viewer
    page.goto(server + "/regulations/")
    rows = visible_rows(page)
    assert rows.count() == len(registry.rules)
    assert page.locator(".zd-list-table tbody tr:not(:has(.zd-badge[class*=zd-status-]))").count() == 0
    rule = rule_order(registry)[0]
    first = rows.first
    for part in ("td.zd-col-title a", ".zd-list-id", ".zd-badge", "td.zd-col-date"):
        box = first.locator(part).bounding_box()
        assert first.locator(part).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= page.width, part
    assert first.locator(".zd-list-id").inner_text() == rule.id
    first.locator("td.zd-col-title a").click()
    page.wait_for_url(f"**/regulations/{rule.slug}/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == rule.title


@BROWSER
@BUILD
@pytest.mark.parametrize("name", list(LIST_PAGES))
def test_no_sideways_scrolling(viewer, server, name):
    page = viewer
    page.goto(server + LIST_PAGES[name])
    assert page.locator(".zd-list-controls").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("innerWidth"), f"{name}: 页面宽 {width}px"
    cards = page.evaluate("getComputedStyle(document.querySelector('.zd-list-table thead')).display") == "none"
    assert cards == (page.width < 768)
    right = page.locator(".zd-list-table tbody tr").first.evaluate("r => r.getBoundingClientRect().right")
    assert right <= page.width


@BROWSER
@BUILD
@pytest.mark.parametrize("name", ["制度总览", "物"])
def test_titles_do_not_wrap_to_three_lines_at_1366(browser, server, name):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server + LIST_PAGES[name])
    lines = page.locator(".zd-list-table td.zd-col-title a").evaluate_all(
        "as => as.map(a => a.getClientRects().length)")       # one box per line the title takes
    assert lines and max(lines) <= 1, f"{name}: 名称最多折成 {max(lines)} 行"
    context.close()


@BROWSER
@BUILD
def test_without_javascript_the_whole_list_is_shown_sorted_by_id(browser, server, registry):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server + "/regulations/")
    assert not page.locator(".zd-list-controls").is_visible()
    ids = page.locator(".zd-list-table tbody tr .zd-list-id").all_inner_texts()
    assert ids == [r.id for r in rule_order(registry)]
    assert page.locator(".zd-list-table tbody tr:visible").count() == len(registry.rules)
    context.close()


@BROWSER
@BUILD
def test_reference_list_filters_and_sorts(viewer, server, registry):
    page = viewer
    page.goto(server + "/references/")
    total = len(registry.references)
    issued = visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.issued)")
    assert issued[0] == max(r.issued for r in registry.references.values() if r.issued)
    page.locator("select[name=类型]").select_option("法律")
    laws = [r for r in registry.references.values() if r.type == "法律"]
    assert visible_rows(page).count() == len(laws)
    page.locator("select[name=发布机关]").select_option("全国人民代表大会常务委员会")
    expected = [r for r in laws if "全国人民代表大会常务委员会" in issuer_names(r.issuer)]
    assert visible_rows(page).count() == len(expected) > 0
    assert query(page) == {"类型": ["法律"], "发布机关": ["全国人民代表大会常务委员会"]}
    assert count_text(page) == f"显示 {len(expected)} / {total} 项"
    page.locator("select[name=排序]").select_option("施行日期-降序")
    effective = visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.effective)")
    dated = [d for d in effective if d]
    assert dated == sorted(dated, reverse=True) and effective[:len(dated)] == dated
    page.locator("select[name=排序]").select_option("名称-升序")
    titles = visible_rows(page).evaluate_all("rs => rs.map(r => r.dataset.title)")
    assert titles == page.evaluate("t => t.slice().sort(new Intl.Collator('zh-Hans-CN').compare)", titles)
    page.reload()
    assert visible_rows(page).count() == len(expected)
    assert page.locator("select[name=排序]").input_value() == "名称-升序"
    status = sorted(r.status for r in registry.references.values() if r.status != "in_force")[0]
    page.goto(server + f"/references/?效力状态={STATUS_LABELS[status]}")
    chosen = [r for r in registry.references.values() if r.status == status]
    assert visible_rows(page).count() == len(chosen)
    assert set(visible_rows(page).locator(".zd-badge").all_inner_texts()) == {STATUS_LABELS[status]}
    statuses = page.locator("select[name=效力状态] option").evaluate_all("os => os.map(o => o.value)")[1:]
    assert statuses == [s for s in STATUS_LABELS.values() if s in statuses]


@BROWSER
@BUILD
def test_checklist_list_filters_by_kind_and_domain(viewer, server):
    page = viewer
    page.goto(server + "/checklists/?类型=制度检查表&领域=物")
    rows = visible_rows(page)
    kinds = set(rows.evaluate_all("rs => rs.map(r => r.dataset.kind)"))
    domains = rows.evaluate_all("rs => rs.map(r => r.dataset.domains.split('|'))")
    assert kinds == {"制度检查表"} and all("物" in d for d in domains) and len(domains) > 10
    all_rows = page.locator(".zd-list-table tbody tr").count()
    assert count_text(page) == f"显示 {len(domains)} / {all_rows} 项"
    link = rows.first.locator("td.zd-col-title a")
    assert link.is_visible()
    title = link.inner_text()
    link.click()
    page.wait_for_url("**/checklists/wu-*/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == title


@BROWSER
@BUILD
def test_filtered_cards_are_accessible(browser, server):
    from test_accessibility import axe_violations
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(server + "/references/?类型=法律&排序=名称-升序")
    assert axe_violations(page) == []
    context.close()
