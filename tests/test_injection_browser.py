"""Stored XSS, tried as an attacker would: every text field of every kind holds script-bearing
payloads; the site is built and every page is opened in Chromium with dialog and page-error
listeners, and the search box is used. Nothing may run; the title must read as typed."""
import shutil
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import MINI, PROJECT, _QuietHandler, copy_project, search, zhidu_in
from test_hostile import FILES, TEXT_KEYS, _typed

pytestmark = [pytest.mark.browser, pytest.mark.build]

# Each closes a different HTML context: <title>, an attribute, a textarea, a script, Markdown link.
PAYLOADS = ('</title></textarea><script>alert("t")</script>',
            '"><img src=x onerror=alert("i")>',
            "'><svg onload=alert('s')>",
            '</script><script>alert("j")</script>',
            '[点我](javascript:alert("l"))<a href="javascript:alert(1)">链</a>')
MARK = "注入测试"


def poison(value, payload: str, key=None):
    """Every text field (and each name and area) gets the payload appended."""
    if isinstance(value, dict):
        return {k: poison(v, payload, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, payload, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS | {"name", "area"} and not value.startswith("http"):
        return value + payload
    return value


def _poison_project(root: Path) -> None:
    for number, relative in enumerate(FILES):
        path = root / relative
        original = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        data = poison(original, MARK + PAYLOADS[number % len(PAYLOADS)] + PAYLOADS[(number + 2) % len(PAYLOADS)])
        for key in ("name", "area"):                 # must match taxonomy.yaml, which is not data
            if key in original:
                data[key] = original[key]
        if relative.endswith("glossary.yaml"):      # synonyms feed the segmenter's dictionary: plain words only
            for term, before in zip(data["terms"], original["terms"]):
                term["synonyms"] = before.get("synonyms", [])
        path.write_text(yaml.safe_dump(_typed(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("poisoned"))
    shutil.rmtree(root / "standards")
    shutil.copytree(MINI / "standards", root / "standards")
    _poison_project(root)
    run = zhidu_in(root, "build")
    assert run.returncode == 0, run.stderr[-3000:]
    handler = partial(_QuietHandler, directory=str(root / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _watch(page) -> list[str]:
    ran = []
    page.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: ran.append(f"error: {error}"))
    return ran


def test_no_payload_runs_on_any_page(poisoned_site, page):
    root, url = poisoned_site
    ran = _watch(page)
    pages = sorted(p.relative_to(root / "site").parent.as_posix() for p in (root / "site").rglob("index.html"))
    assert len(pages) > 30
    for path in pages:
        page.goto(f"{url}/{'' if path == '.' else path + '/'}")
        page.wait_for_load_state("load")
        assert ran == [], (path, ran)
        assert page.locator("img[src=x], svg[onload], a[href^=javascript]").count() == 0, path
    assert ran == []


def test_titles_read_as_typed_in_every_context(poisoned_site, page):
    root, url = poisoned_site
    ran = _watch(page)
    page.goto(url + "/regulations/wu-001/")
    title = page.title()
    assert MARK in title and '</title></textarea><script>alert("t")</script>' in title, title
    assert page.locator("h1").first.inner_text().startswith("办公用房使用管理办法" + MARK)
    # no element an attacker could have injected: every <img> and <svg> comes from the theme
    assert page.locator("img[src=x]").count() == 0 and page.locator("svg[onload]").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    page.goto(url + "/checklists/wu-001/")
    assert MARK in page.locator(".zd-checklist").get_attribute("data-title")
    assert ran == []


def test_search_results_show_payloads_as_text(poisoned_site, page):
    root, url = poisoned_site
    ran = _watch(page)
    page.goto(url + "/")
    items = search(page, MARK)
    assert items.count() >= 3
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result img[src=x], .md-search-result svg[onload]").count() == 0
    assert ran == []
