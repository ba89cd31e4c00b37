"""make bench: how fast the registry validates and builds, and how that grows with its size.

Prints a Markdown table and writes it, with the machine it ran on, to docs/performance.md.
Runs on copies of the project in a temporary folder; the working tree is not touched.
Scales: 1× (the real registry) and synthetic registries of 10× and 50× the rules
(BENCH_SCALES=1,10,50 to choose). Never part of `make test`.
"""
from __future__ import annotations

import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(os.environ.get("BENCH_PROJECT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(PROJECT / "scripts"))

from zhidu.cli.build import run_mkdocs  # noqa: E402
from zhidu.cache import files_dir, write_if_changed  # noqa: E402
from zhidu.render.generate import generate  # noqa: E402
from zhidu.model.checklists import all_checklists  # noqa: E402
from zhidu.pipeline import validate  # noqa: E402
from zhidu.render.pages import Renderer  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
RULE_FILE = re.compile(r"^(REN|CAI|WU|SHI|DJ)-(\d+)$")


def copy_project(target: Path) -> Path:
    skip = shutil.ignore_patterns(".venv", ".git", ".zhidu", "site", "site.zip", "__pycache__", "*.egg-info",
                                  "node_modules")
    for name in ("standards", "schemas", "docs", "scripts"):
        shutil.copytree(PROJECT / name, target / name, ignore=None if name in ("standards", "schemas") else skip)
    shutil.copy2(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def synthesize(root: Path, factor: int) -> int:
    """factor× the rules: clone each rule with ids DOMAIN-<k><NNN>, links kept inside each clone set."""
    defs = root / "schemas/defs.schema.json"
    defs.write_text(defs.read_text(encoding="utf-8").replace("-[0-9]{3}$", "-[0-9]{3,5}$"), encoding="utf-8")
    for name in ("checklist", "regulation"):
        path = root / f"schemas/{name}.schema.json"
        path.write_text(path.read_text(encoding="utf-8").replace("-[0-9]{3}", "-[0-9]{3,5}"), encoding="utf-8")
    (root / "standards/published-ids.yaml").unlink(missing_ok=True)
    files = sorted((root / "standards/regulations").glob("*/*.yaml"))
    ids = [f.stem for f in files]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    for k in range(1, factor):
        for path in files:
            text = pattern.sub(lambda m: re.sub(r"-(\d{3})$", rf"-{k}\1", m.group(1)), path.read_text(encoding="utf-8"))
            new_id = re.sub(r"-(\d{3})$", rf"-{k}\1", path.stem)
            (path.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return len(files) * factor


def _pages(pdf: Path) -> int:
    import pypdf
    return len(pypdf.PdfReader(pdf).pages)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def process_seconds(args: list[str], cwd: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, env=ENV, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def sizes(site: Path, rule: str) -> dict:
    index = (site / "search/search_index.json").read_bytes()
    return {"index": len(index), "index_gz": len(gzip.compress(index, 9)),
            "home": (site / "index.html").stat().st_size,
            "rule_page": (site / f"regulations/{rule}/index.html").stat().st_size,
            "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file())}


def measure(root: Path, full: bool) -> dict:
    """One registry: validate as a process; then generation, downloads and mkdocs timed apart (cold)."""
    zhidu = [sys.executable, "-m", "zhidu.cli.main"]
    row = {"validate": process_seconds([*zhidu, "validate"], root, 3 if full else 1)}
    os.chdir(root)
    row["load"], result = timed(lambda: validate(root))
    registry = result.registry
    checklists = all_checklists(registry)
    docs = files_dir(root)

    def pages():
        files = Renderer(registry, "2026-01-01", checklists).pages()
        for rel, text in files.items():
            write_if_changed(docs / rel, text)
    row["rules"] = len(registry.rules)
    row["pages"], _ = timed(pages)
    if full:   # the whole generator incl. checklist PDFs/XLSX/CSV, API, workbook and compendium (cold)
        row["generate"], generated = timed(lambda: generate(registry, root, "2026-01-01"))
        row["downloads"] = row["generate"] - row["pages"]
    else:      # scaled registries: pages only (the links to downloads are not checked then)
        os.environ["ZHIDU_DOWNLOADS"] = "false"
    row["mkdocs"], _ = timed(lambda: run_mkdocs(root, root / "site"))
    os.environ.pop("ZHIDU_DOWNLOADS", None)
    row.update(sizes(root / "site", sorted(registry.rules)[0].lower()))
    if full:
        row["search_ms"] = search_latency(root / "site")
        pdfs = [p for p in (docs / "downloads/checklists").glob("*.pdf") if _pages(p) == 2]
        row["pdf_2_pages"] = max((p.stat().st_size for p in pdfs), default=0)
        row["plain_mkdocs"] = process_seconds([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "plain-site"],
                                              root, 1)
        shutil.rmtree(root / ".zhidu", ignore_errors=True)
        row["cold_build"] = process_seconds([*zhidu, "build", "--site-dir", "site-cold"], root, 1)
        rule = next((root / "standards/regulations/wu").glob("WU-001.yaml"))
        rule.write_text(rule.read_text(encoding="utf-8").replace("summary: ", "summary: （修订）", 1), encoding="utf-8")
        row["warm_build"] = process_seconds([*zhidu, "build", "--site-dir", "site-cold"], root, 1)
        row["overhead"] = row["cold_build"] / row["plain_mkdocs"]
    os.chdir(PROJECT)
    return row


LATENCY_QUERIES = ["办公用房", "公务用车", "公物仓", "三公经费", "评定分离", "合同能源管理", "住房公积金",
                   "第一议题", "垃圾分类", "结算审计"]


def search_latency(site: Path) -> float:
    """Median milliseconds from a keystroke to the first result in Chromium, with the index loaded."""
    import statistics
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    timings = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.locator(".md-search__input").first.click()
            box = page.locator("input.md-search__input")
            box.fill("公物仓")
            box.press("End")
            page.locator(".md-search-result__item").first.wait_for(timeout=30000)   # index loaded
            for query in LATENCY_QUERIES:
                box.fill("")
                box.press("End")
                page.wait_for_function("!document.querySelector('.md-search-result__list').children.length")
                timings.append(page.evaluate("""(q) => new Promise(resolve => {
                    const list = document.querySelector('.md-search-result__list');
                    const box = document.querySelector('input.md-search__input');
                    const start = performance.now();
                    new MutationObserver((_, observer) => {
                        if (list.children.length) { observer.disconnect(); resolve(performance.now() - start); }
                    }).observe(list, {childList: true});
                    box.value = q;
                    box.dispatchEvent(new Event('input', {bubbles: true}));
                    box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
                })""", query))
            browser.close()
    finally:
        httpd.shutdown()
    return statistics.median(timings)


def kb(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB"


def report(rows: dict[int, dict]) -> str:
    base = rows[1]
    lines = [
        "| 规模 | 制度数 | zhidu validate（进程） | 页面生成 | mkdocs build | 搜索索引（gzip） | 首页 HTML | 制度页 HTML | 站点总量 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for factor, r in rows.items():
        lines.append(f"| {factor}× | {r['rules']} | {r['validate']:.2f} s | {r['pages']:.1f} s | {r['mkdocs']:.1f} s | "
                     f"{kb(r['index'])}（{kb(r['index_gz'])}） | {kb(r['home'])} | {kb(r['rule_page'])} | {kb(r['site'])} |")
    lines += ["", "| 1× 完整构建 | 时间 |", "| --- | --- |",
              f"| 冷构建 `zhidu build`（含检查表 PDF/XLSX/CSV、开放数据、汇编） | {base['cold_build']:.1f} s |",
              f"| 其中：生成页面 | {base['pages']:.1f} s |",
              f"| 其中：检查表下载、开放数据与制度汇编 | {base['downloads']:.1f} s |",
              f"| 其中：mkdocs build | {base['mkdocs']:.1f} s |",
              f"| 改动一项制度后的热构建 | {base['warm_build']:.1f} s（冷构建的 {base['warm_build'] / base['cold_build']:.2f} 倍） |",
              f"| 同样页面的纯 `mkdocs build` | {base['plain_mkdocs']:.1f} s（`zhidu build` 为它的 {base['overhead']:.2f} 倍） |",
              f"| 输入查询到出现第一条结果（索引已加载，10 个查询的中位数） | {base['search_ms']:.0f} ms |",
              f"| 两页的检查表 PDF（最大的一份） | {kb(base['pdf_2_pages'])} |"]
    growth = [f"{f}×：生成 {r['pages'] / base['pages']:.1f} 倍、mkdocs {r['mkdocs'] / base['mkdocs']:.1f} 倍、"
              f"制度页 HTML {r['rule_page'] / base['rule_page']:.2f} 倍" for f, r in rows.items() if f != 1]
    if growth:
        lines += ["", "增长（相对 1×）：" + "；".join(growth) + "。"]
    return "\n".join(lines)


def machine() -> str:
    memory = ""
    try:
        kb_total = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"，内存 {kb_total / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    import material
    import mkdocs
    return (f"{platform.system()} {platform.machine()}，{os.cpu_count()} 核{memory}；Python {platform.python_version()}，"
            f"MkDocs {mkdocs.__version__}，Material {material.__version__ if hasattr(material, '__version__') else ''}")


def main() -> int:
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10,50").split(",")]
    rows = {}
    with tempfile.TemporaryDirectory(prefix="zhidu-bench-") as folder:
        for factor in scales:
            root = copy_project(Path(folder) / f"x{factor}")
            if factor > 1:
                synthesize(root, factor)
            print(f"测量 {factor}× …", file=sys.stderr)
            rows[factor] = measure(root, full=(factor == 1))
            shutil.rmtree(root, ignore_errors=True)
    table = report(rows)
    print(table)
    page = PROJECT / "docs/performance.md"
    page.write_text("# 性能\n\n由 `make bench` 测得（" + time.strftime("%Y-%m-%d") + "）。机器：" + machine() +
                    "。\n\n" + table + "\n\n目标：`zhidu validate` 整个进程 ≤ 0.5 s；改动一项制度后的热构建 ≤ 冷构建的 0.3 倍；"
                    "搜索索引 gzip 后 ≤ 1 MB；两页的检查表 PDF ≤ 200 KB（中文字体子集嵌入）。\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
