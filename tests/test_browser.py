"""Real Chinese search in Debian's Chromium, driven by Playwright, against the built site."""
from urllib.parse import urlparse

import pytest

from conftest import search

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_chinese_search_finds_the_rule_and_opens_it(page, server, registry):
    rule = registry.rules["CAI-001"]
    page.goto(server + "/")
    items = search(page, "接待")
    hrefs = [items.nth(i).locator("a").first.get_attribute("href") for i in range(min(items.count(), 10))]
    target = next((h for h in hrefs if f"regulations/{rule.slug}/" in h), None)
    assert target, f"{rule.id} not among results for 接待: {hrefs}"
    page.locator(f'.md-search-result__item a[href="{target}"]').first.click()
    page.wait_for_url(f"**/regulations/{rule.slug}/**")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == rule.title
    outside = [u for u in page.requests if urlparse(u).hostname not in ("127.0.0.1",)]
    assert page.requests and outside == []


def test_overview_filters_by_domain(page, server, registry):
    page.goto(server + "/regulations/")
    rows = page.locator(".md-content table tbody tr")
    total = rows.count()
    assert total == len(registry.rules)
    page.select_option(".zd-list-controls select >> nth=0", label="物（%d）" % len(registry.rules_in("WU")))
    visible = page.locator(".md-content table tbody tr:not([hidden])")
    assert visible.count() == len(registry.rules_in("WU"))
    assert f"显示 {visible.count()} / {total} 项" in page.locator(".zd-list-count").inner_text()


def test_checklist_keeps_answers_across_reload_and_exports_csv(page, server, tmp_path):
    page.goto(server + "/checklists/wu-002/")
    rows = page.locator(".zd-checklist tbody tr[data-key]")
    total = rows.count()
    assert total >= 3
    rows.nth(0).locator("select").select_option("符合")
    rows.nth(1).locator("select").select_option("不符合")
    rows.nth(1).locator("textarea[name=problem]").fill("单车费用统计表缺少第三季度数据")
    rows.nth(1).locator("textarea[name=remedy]").fill("10个工作日内补齐并报资产处")
    rows.nth(2).locator("select").select_option("不适用")
    assert page.locator(".zd-progress").inner_text() == f"已检查 3 / {total} 项，不符合 1 项"

    page.reload()
    rows = page.locator(".zd-checklist tbody tr[data-key]")
    assert rows.nth(0).locator("select").input_value() == "符合"
    assert rows.nth(1).locator("select").input_value() == "不符合"
    assert rows.nth(1).locator("textarea[name=problem]").input_value() == "单车费用统计表缺少第三季度数据"
    assert rows.nth(2).locator("select").input_value() == "不适用"
    assert rows.nth(3).locator("select").input_value() == "未检查"
    assert page.locator(".zd-progress").inner_text() == f"已检查 3 / {total} 项，不符合 1 项"

    with page.expect_download() as info:
        page.click("button[data-action=csv]")
    path = tmp_path / "answers.csv"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "序号,条款,检查项,检查结果,问题描述,整改要求,被检查单位,检查日期,检查人"
    assert len(lines) == 1 + total
    assert lines[2].startswith("2,WU-002.P02,") and lines[2].endswith(",不符合,单车费用统计表缺少第三季度数据,10个工作日内补齐并报资产处,,,")
    assert lines[4].endswith(",未检查,,,,,")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-action=clear]")
    page.reload()
    assert page.locator(".zd-progress").inner_text() == f"已检查 0 / {total} 项，不符合 0 项"
    outside = [u for u in page.requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []


def test_print_view_shows_answers_not_controls(page, server):
    page.goto(server + "/checklists/wu-002/")
    first = page.locator(".zd-checklist tbody tr[data-key]").first
    first.locator("select").select_option("基本符合")
    page.emulate_media(media="print")
    assert not first.locator("select").is_visible()
    assert first.locator('.zd-print-value[data-for="result"]').inner_text() == "基本符合"
    assert page.locator(".zd-sign").is_visible()


def test_scoring_sheet_rates_the_star_level_as_items_are_scored(page, server, registry):
    from zhidu.model.scoring import rate
    standard = registry.services["FW-CY"]
    page.goto(server + "/checklists/fw-cy/")
    rows = page.locator(".zd-checklist-table tbody tr[data-key]")
    assert rows.count() == len(standard.clauses)
    level = page.locator(".zd-rating-level")
    assert level.inner_text() == "未达到一星"

    # everything 符合, except the four-star clauses (不符合) and the first two-star clause (基本符合)
    results = ["不符合" if c.star == 4 else "符合" for c in standard.clauses]
    results[next(i for i, c in enumerate(standard.clauses) if c.star == 2)] = "基本符合"
    for i, result in enumerate(results):
        rows.nth(i).locator("select").select_option(result)
    expected = rate([(c.star, c.points) for c in standard.clauses], results, registry.taxonomy.star_levels)
    assert expected.level in (2, 3)          # the pattern must exercise a level below the top
    assert level.inner_text() == expected.name
    four = page.locator('.zd-rating-table tr[data-level="4"]')
    assert four.locator(".zd-passed").inner_text() == "否"
    assert four.locator(".zd-rate").inner_text() == f"{expected.levels[3].rate:.1f}%"

    for i, clause in enumerate(standard.clauses):
        if clause.star == 4:
            rows.nth(i).locator("select").select_option("不适用")
    results = ["不适用" if r == "不符合" else r for r in results]
    expected = rate([(c.star, c.points) for c in standard.clauses], results, registry.taxonomy.star_levels)
    assert level.inner_text() == expected.name == "四星"
    page.reload()
    assert page.locator(".zd-rating-level").inner_text() == "四星"


def test_lifecycle_matrix_has_every_cell_linked_or_marked(page, server, registry):
    page.goto(server + "/assets/lifecycle/")
    rows = page.locator(".zd-matrix table tbody tr")
    assert rows.count() == len(registry.assets) == 8
    for r in range(rows.count()):
        cells = rows.nth(r).locator("td")
        assert cells.count() == 9
        for c in range(1, 9):
            cell = cells.nth(c)
            if cell.locator(".zd-gap").count():
                assert cell.inner_text().strip() == "缺口"
            else:
                hrefs = [a.get_attribute("href") for a in cell.locator("a").all()]
                assert any("/assets/zc-" in h or h.startswith("../zc-") for h in hrefs), hrefs
                assert any("/regulations/" in h for h in hrefs) or cell.locator(".zd-gap-rule").count(), hrefs
                assert any("/checklists/zc-" in h for h in hrefs), hrefs


def test_site_works_with_the_network_blocked(browser, server, registry):
    """Intranet use: everything the pages need, search included, comes from the site itself."""
    context = browser.new_context(locale="zh-CN")
    blocked = []

    def only_local(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    for path in ("/", "/regulations/wu-002/", "/assets/lifecycle/", "/checklists/fw-cy/", "/api/v1/index.json"):
        response = page.goto(server + path)
        assert response.status == 200, path
    page.goto(server + "/")
    items = search(page, "公物仓")
    assert items.count() > 0
    assert blocked == []
    context.close()
