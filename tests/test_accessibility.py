"""Accessibility (axe-core in Debian's Chromium) and small screens (375 px, no sideways scrolling)."""
from pathlib import Path

import pytest

from conftest import search

pytestmark = [pytest.mark.browser, pytest.mark.build]

AXE = Path(__file__).parent / "node_modules/axe-core/axe.min.js"
PAGES = {
    "首页": "/",
    "制度页面": "/regulations/wu-002/",
    "检查表": "/checklists/wu-002/",
    "评分表": "/checklists/fw-cy/",
    "全生命周期矩阵": "/assets/lifecycle/",
    "制度总览": "/regulations/",
    "领域制度": "/regulations/wu/",
    "上位依据": "/references/",
    "检查表总览": "/checklists/",
}


def axe_violations(page):
    if not AXE.is_file():
        pytest.fail("缺少 axe-core：运行 `make test`（会执行 npm ci --prefix tests）")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(page, server, name):
    page.goto(server + PAGES[name])
    assert axe_violations(page) == []


def test_search_results_are_accessible(page, server):
    page.goto(server + "/")
    search(page, "公务用车")
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", list(PAGES))
def test_usable_at_375_pixels_without_sideways_scrolling(browser, server, name, tmp_path):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800}, device_scale_factor=1)
    small = context.new_page()
    small.goto(server + PAGES[name])
    small.screenshot(path=str(tmp_path / "page.png"), full_page=False)
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name}: 页面宽 {width}px，超出 375px"
    assert small.locator("h1").first.is_visible()
    context.close()
