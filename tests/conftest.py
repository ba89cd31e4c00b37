"""Shared fixtures: a small registry copied into a temporary project folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


class Project:
    """A throwaway project folder: the mini registry plus the real schemas."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def write_bytes(self, relative: str, data: bytes) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, 1))

    def errors(self, **options) -> list:
        from zhidu.pipeline import validate
        return [d for d in validate(self.root, **options).diagnostics if d.severity == "error"]

    def only_error(self, code: str, **options):
        """The one error with this code; fails showing every error if there is not exactly one."""
        found = [d for d in self.errors(**options) if d.code == code]
        assert len(found) == 1, [d.text() for d in self.errors(**options)]
        return found[0]

    def zhidu(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zhidu.cli.main", *args], cwd=self.root,
                              capture_output=True, text=True, timeout=120)


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    shutil.copytree(MINI / "standards", tmp_path / "standards")
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    return Project(tmp_path)


def copy_project(target: Path) -> Path:
    """The real project (registry, docs, config) without generated output."""
    ignore = shutil.ignore_patterns(".zhidu", "site", ".site*", "__pycache__", "*.egg-info", ".pytest_cache")
    for name in ("standards", "schemas", "docs", "scripts"):
        src = PROJECT / name
        shutil.copytree(src, target / name, ignore=None if name == "standards" else ignore)
    shutil.copy2(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def zhidu_in(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhidu.cli.main", *args], cwd=root,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A copy of the real project, built once with `zhidu build` (ZHIDU_TEST_BUILT=<folder>: one built already)."""
    if os.environ.get("ZHIDU_TEST_BUILT"):
        return Path(os.environ["ZHIDU_TEST_BUILT"])
    root = copy_project(tmp_path_factory.mktemp("project"))
    run = zhidu_in(root, "build", "--zip", "site.zip")
    assert run.returncode == 0, run.stderr[-3000:]
    return root


@pytest.fixture(scope="session")
def registry(built):
    from zhidu.pipeline import validate
    return validate(built).registry


# -- the built site in Debian's Chromium (browser and accessibility tests) -------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_chromium():
    if shutil.which(CHROMIUM) is None:
        message = "Debian 的 Chromium 未安装：运行 `sudo make system-deps`"
        if os.environ.get("ZHIDU_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built):
    handler = partial(_QuietHandler, directory=str(built / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def search(page, query: str):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on keyup, which an IME sends when composition ends
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=15000)
    return items
