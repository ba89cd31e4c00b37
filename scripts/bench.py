"""make bench: the project's speed and size targets, each printed with its target and PASS/FAIL.

Runs on copies of the project in a temporary folder (the working tree is not touched) at 1× (the
real registry) and at 10× (each rule cloned with new ids; checklists, profiles and the compendium
grow with them; every download is really made). BENCH_SCALES=1,10 chooses the scales.
Writes the tables, with the machine and a profile of a cold build, to docs/performance.md.
Never part of `make test`: timings belong here, not in tests.
"""
from __future__ import annotations

import cProfile
import gzip
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(os.environ.get("BENCH_PROJECT") or Path(__file__).resolve().parents[1])
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PYTHON = sys.executable
ZHIDU = [PYTHON, "-m", "zhidu.cli.main"]
RULE = "standards/regulations/wu/WU-001.yaml"


# -- measuring a command: wall time, CPU of it and every process it started, peak memory ----------

@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def _tree(root: int) -> dict[int, tuple[float, int]]:
    """pid -> (CPU seconds incl. reaped children, resident bytes) for root and its descendants."""
    ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    stats, parents = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            stats[int(entry)] = (sum(int(f) for f in fields[11:15]) / ticks, int(fields[21]) * page)
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return {pid: stats[pid] for pid in family if pid in stats}


def run(args: list[str], cwd: Path, env: dict | None = None) -> Run:
    """The command's wall time, the CPU of its whole process tree (waited-for descendants through
    getrusage, others by sampling /proc) and the peak of the tree's resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, float] = {}
    peak = 0
    while process.poll() is None:
        tree = _tree(process.pid)
        peak = max(peak, sum(rss for _, rss in tree.values()))
        for pid, (cpu, _) in tree.items():
            if pid != process.pid:
                seen[pid] = max(seen.get(pid, 0.0), cpu)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace")
    if process.returncode:
        raise RuntimeError(f"{' '.join(args)} 失败：\n{stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # descendants the command did not wait for (none when it stops its worker pool) add what was sampled
    return Run(wall, max(reaped, sum(seen.values())), peak / 1024 / 1024)


# -- projects ------------------------------------------------------------------------------------

def copy_project(target: Path) -> Path:
    skip = shutil.ignore_patterns(".venv", ".git", ".zhidu", "site", "site.zip", "__pycache__", "*.egg-info",
                                  "node_modules")
    for name in ("standards", "schemas", "docs", "scripts"):
        shutil.copytree(PROJECT / name, target / name, ignore=skip)
    shutil.copy2(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    if (PROJECT / ".git").is_dir():     # the history pages as the real site has them
        shutil.copytree(PROJECT / ".git", target / ".git", symlinks=True)
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


def edit_title(root: Path, mark: str) -> str:
    """A rule's title changed in place (what an editor does most); returns the new title."""
    path = root / RULE
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^title: (.+)$", text, re.M).group(1)
    new = re.sub(r"（.*?）$", "", old) + f"（{mark}）"
    path.write_text(text.replace(f"title: {old}", f"title: {new}", 1), encoding="utf-8")
    return new


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def two_page_pdf(site: Path) -> int:
    import pypdf
    sizes = [p.stat().st_size for p in (site / "downloads/checklists").glob("*.pdf")
             if len(pypdf.PdfReader(p).pages) == 2]
    return max(sizes, default=0)


def docx_files(site: Path) -> tuple[int, int]:
    """(count, bytes) of the Word downloads: each current rule, each checklist, the compendium."""
    sizes = [p.stat().st_size for p in (site / "downloads").rglob("*.docx")]
    return len(sizes), sum(sizes)


_MAKE_DOCX = """
import sys
from pathlib import Path
from zhidu.export import word
from zhidu.model.checklists import all_checklists, registry_date
from zhidu.pipeline import validate
from zhidu.settings import bureau_settings
root = Path.cwd()
registry, day, bureau = validate(root).registry, "2026-01-01", bureau_settings(root).name
for rule in registry.in_force_on(day):
    word.rule_docx(word.rule_data(rule, registry, day, bureau))
for checklist in all_checklists(registry, day):
    word.checklist_docx(checklist, bureau)
word.compendium_docx(word.compendium_word_data(registry, registry_date(registry), bureau, day))
"""


def docx_cpu(root: Path) -> float:
    """CPU seconds to make every Word file once in one process, less that of loading the registry alone."""
    made = run([PYTHON, "-c", _MAKE_DOCX], root)
    loaded = run([PYTHON, "-c", "from pathlib import Path; from zhidu.pipeline import validate; validate(Path.cwd())"],
                 root)
    return max(0.0, made.cpu - loaded.cpu)


def index_sizes(site: Path) -> tuple[int, int]:
    data = (site / "search/search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, 9))


# -- the serve loop ------------------------------------------------------------------------------

def serve_loop(root: Path, edits: int = 3) -> list[float]:
    """`make serve` as an editor uses it: save a rule, poll its page until the new title shows."""
    env = {**ENV, "ZHIDU_DOWNLOADS": "false"}
    port = 8000 + os.getpid() % 1000
    server = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--dirty", "--no-strict",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/regulations/wu-001/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""
    try:
        deadline = time.time() + 300
        while "<title>" not in page():
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve 未能启动")
            time.sleep(0.5)
        times = []
        for n in range(edits):
            time.sleep(2)
            title = edit_title(root, f"第{n + 1}次修改")
            start = time.perf_counter()
            while title not in page():
                if time.perf_counter() - start > 120:
                    raise RuntimeError("修改后页面 120 秒内没有更新")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


# -- search in Chromium ----------------------------------------------------------------------------

LATENCY_QUERIES = ["办公用房", "公务用车", "公物仓", "三公经费", "评定分离", "合同能源管理", "住房公积金",
                   "第一议题", "垃圾分类", "结算审计"]


def search_timings(site: Path) -> tuple[float, float]:
    """(ms from page load until the search box answers, median ms from typing to the first result)."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.locator(".md-search__input").first.click()
            box = page.locator("input.md-search__input")
            start = page.evaluate("performance.now()")
            box.fill("公物仓")
            page.locator(".md-search-result__item").first.wait_for(timeout=60000)
            ready = page.evaluate("performance.now()") - start
            timings = []
            for query in LATENCY_QUERIES:
                box.fill("")
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
                })""", query))
            browser.close()
    finally:
        httpd.shutdown()
    return ready, statistics.median(timings)


# -- one scale -------------------------------------------------------------------------------------

@dataclass
class Scale:
    factor: int
    rules: int = 0
    steps: dict[str, Run] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)


def measure(root: Path, factor: int) -> Scale:
    scale = Scale(factor, rules=len(list((root / "standards/regulations").glob("*/*.yaml"))))
    runs = []
    for _ in range(5 if factor == 1 else 3):
        runs.append(run([*ZHIDU, "validate"], root))
        with (root / RULE).open("a", encoding="utf-8") as rule:     # an edit: this file is checked again
            rule.write("\n")
    scale.steps["validate_first"] = runs[0]       # nothing cached yet (a fresh checkout, CI)
    scale.steps["validate"] = min(runs[1:], key=lambda r: r.wall)   # an editor's next run
    # cold and plain builds paired, the least CPU of three pairs at 1x (one at larger scales: minutes each)
    pairs = [cold_and_plain(root, factor) for _ in range(3 if factor == 1 else 1)]
    scale.steps["cold"] = min((cold for cold, _ in pairs), key=lambda r: r.cpu)
    scale.steps["plain"] = min((plain for _, plain in pairs), key=lambda r: r.cpu)
    site = root / "site"
    scale.values["site"] = site_bytes(site)
    scale.values["index"], scale.values["index_gz"] = index_sizes(site)
    scale.values["pdf_2_pages"] = two_page_pdf(site)
    scale.values["docx_count"], scale.values["docx_bytes"] = docx_files(site)
    scale.values["docx_cpu"] = docx_cpu(root)
    warm = []
    for n in range(3 if factor == 1 else 1):
        edit_title(root, f"标题修改{n + 1}")
        warm.append(run([*ZHIDU, "build", "--site-dir", "site"], root))
    scale.steps["warm"] = min(warm, key=lambda r: r.cpu)
    scale.values["search_ready"], scale.values["search_ms"] = search_timings(site)
    if factor == 1:
        scale.values["serve"] = statistics.median(serve_loop(root))
    return scale


def cold_and_plain(root: Path, factor: int) -> tuple[Run, Run]:
    """A build with nothing made yet (what `zhidu validate` keeps stays), then the pages it generated
    built by MkDocs alone."""
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.rmtree(root / ".zhidu" / "files", ignore_errors=True)
    for made in (root / ".zhidu" / "state").glob("*"):
        if made.name != "verdicts.pickle":
            shutil.rmtree(made) if made.is_dir() else made.unlink()
    cold = run([*ZHIDU, "build", "--site-dir", "site"], root)
    plain = root.parent / f"plain-{factor}"
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns("site"))
    _plain_config(plain)
    plain_run = run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", "site"], plain)
    shutil.rmtree(plain)
    return cold, plain_run


def _plain_config(root: Path) -> None:
    """The same pages built by MkDocs alone: the generated Markdown copied into docs/, no zhidu plugin."""
    generated = root / ".zhidu" / "files"
    for path in generated.rglob("*.md"):
        target = root / "docs" / path.relative_to(generated)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  # Generates every page.*?\n  - zhidu:\n      downloads: [^\n]*\n", "\n", config, flags=re.S)
    config = config.replace("strict: true", "strict: false")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


# -- the report --------------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(rows: dict[int, Scale]) -> list[tuple[str, str, str, bool]]:
    base = rows[1]
    s, v = base.steps, base.values
    out = [
        ("改动一项制度到 `make serve` 页面更新（中位数）", f"{v['serve']:.2f} s", "≤ 2 s", v["serve"] <= 2),
        ("冷构建 `zhidu build`（含全部下载）的 CPU 时间 / 同样页面的纯 `mkdocs build`",
         f"{s['cold'].cpu:.1f} s / {s['plain'].cpu:.1f} s = {s['cold'].cpu / s['plain'].cpu:.2f} 倍", "≤ 2 倍",
         s["cold"].cpu <= 2 * s["plain"].cpu),
        ("改动一项制度标题后的热构建 / 冷构建（CPU 时间）",
         f"{s['warm'].cpu:.1f} s / {s['cold'].cpu:.1f} s = {s['warm'].cpu / s['cold'].cpu:.2f} 倍", "≤ 0.2 倍",
         s["warm"].cpu <= 0.2 * s["cold"].cpu),
        ("`zhidu validate` 整个进程（改动一个文件后再次校验；首次校验见下表）", f"{s['validate'].wall:.2f} s", "≤ 0.5 s",
         s["validate"].wall <= 0.5),
        ("两页的检查表 PDF（最大的一份）", f"{v['pdf_2_pages'] / 1024:.0f} KB", "≤ 120 KB", v["pdf_2_pages"] <= 120 * 1024),
        ("站点总量（不含 site.zip）", f"{v['site'] / 1e6:.1f} MB", "≤ 50 MB", v["site"] <= 50e6),
        ("搜索索引（gzip 后）", f"{v['index_gz'] / 1024:.0f} KB", "≤ 1 MB", v["index_gz"] <= 1024 * 1024),
        ("输入查询到出现第一条结果（索引已加载，10 个查询的中位数）", f"{v['search_ms']:.0f} ms", "≤ 100 ms",
         v["search_ms"] <= 100),
    ]
    for factor, scale in rows.items():
        if factor == 1:
            continue
        out.append((f"{factor}× 规模：输入查询到出现第一条结果", f"{scale.values['search_ms']:.0f} ms", "≤ 100 ms",
                    scale.values["search_ms"] <= 100))
        for step, name in (("validate", "zhidu validate"), ("plain", "纯 mkdocs build"), ("cold", "冷构建"),
                           ("warm", "热构建")):
            growth = scale.steps[step].cpu / max(s[step].cpu, 1e-9)
            out.append((f"{factor}× 规模：{name} 的 CPU 时间相对 1×", f"{growth:.1f} 倍", f"≤ {factor} 倍",
                        growth <= factor))
    return out


def report(rows: dict[int, Scale]) -> str:
    lines = ["| 指标 | 测得 | 目标 | 结论 |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {got} | {want} | {verdict(ok)} |" for name, got, want, ok in targets(rows)]
    lines += ["", "| 规模 | 制度数 | validate（首次 / 再次） | 纯 mkdocs build | 冷构建 | 热构建 | 冷构建内存峰值 | 站点总量 | 搜索索引（gzip） |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for factor, r in rows.items():
        s, v = r.steps, r.values
        lines.append(
            f"| {factor}× | {r.rules} | {s['validate_first'].wall:.2f} s / {s['validate'].wall:.2f} s | "
            f"{s['plain'].wall:.1f} s（CPU {s['plain'].cpu:.1f} s） | "
            f"{s['cold'].wall:.1f} s（CPU {s['cold'].cpu:.1f} s） | {s['warm'].wall:.1f} s（CPU {s['warm'].cpu:.1f} s） | "
            f"{s['cold'].peak_mb:.0f} MB | {v['site'] / 1e6:.1f} MB | {v['index_gz'] / 1024:.0f} KB |")
    ready = "；".join(f"{f}× {r.values['search_ready']:.0f} ms" for f, r in rows.items())
    lines += ["", f"搜索：页面载入后到搜索框给出第一批结果（含下载并载入索引）：{ready}。"]
    words = "；".join(
        f"{f}× {r.values['docx_count']:.0f} 个，共 {r.values['docx_bytes'] / 1e6:.1f} MB，单进程全部制作 CPU "
        f"{r.values['docx_cpu']:.1f} s（每个约 {1000 * r.values['docx_cpu'] / max(r.values['docx_count'], 1):.0f} ms）"
        for f, r in rows.items())
    lines += ["", f"Word 下载（每项现行制度、每份检查表和制度汇编各一个 .docx，已计入冷构建和站点总量）：{words}。"]
    return "\n".join(lines)


# -- where a cold build spends its time ------------------------------------------------------------

GROUPS = [("检查表 PDF 与制度汇编（Typst，在工作进程中；此处为主进程等待的时间）", ("concurrent/futures", "threading.py")),
          ("Markdown 转 HTML（Python-Markdown 及其扩展）", ("markdown/", "pymdownx/")),
          ("页面套用主题模板（Jinja2 + Material 模板）", ("jinja2/", "material/templates")),
          ("生成 Markdown 页面（zhidu 模板）", ("zhidu/render/pages.py",)),
          ("读入与校验制度库（YAML、JSON Schema）", ("zhidu/pipeline.py",)),
          ("检查表 XLSX 与开放数据", ("zhidu/export/",))]


def profile_cold_build(root: Path) -> str:
    """A cProfile of one cold `zhidu build` in this process, summed by stage (cumulative time of the
    outermost call of each stage)."""
    shutil.rmtree(root / ".zhidu", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    sys.path.insert(0, str(root / "scripts"))
    os.chdir(root)
    from zhidu.cli.build import build_site
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    build_site(root, root / "site")
    profiler.disable()
    total = time.perf_counter() - start
    os.chdir(PROJECT)
    stats = pstats.Stats(profiler).stats
    seconds = {}
    for label, prefixes in GROUPS:
        seconds[label] = max((s[3] for key, s in stats.items() if any(p in key[0] for p in prefixes)), default=0)
    lines = ["| 阶段（主进程） | 时间 |", "| --- | --- |"]
    lines += [f"| {label} | {value:.1f} s |" for label, value in seconds.items()]
    lines.append(f"| 冷构建合计（主进程，含剖析开销） | {total:.1f} s |")
    return "\n".join(lines)


def machine() -> str:
    import material
    import mkdocs
    memory = ""
    found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    if found:
        memory = f"，内存 {int(found.group(1)) / 1024 / 1024:.0f} GiB"
    return (f"{platform.system()} {platform.machine()}，{os.cpu_count()} 核{memory}；Python {platform.python_version()}，"
            f"MkDocs {mkdocs.__version__}，Material {getattr(material, '__version__', '')}")


def main() -> int:
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
    rows: dict[int, Scale] = {}
    with tempfile.TemporaryDirectory(prefix="zhidu-bench-") as folder:
        for factor in scales:
            root = copy_project(Path(folder) / f"x{factor}")
            if factor > 1:
                synthesize(root, factor)
            print(f"测量 {factor}× …", file=sys.stderr)
            rows[factor] = measure(root, factor)
            shutil.rmtree(root, ignore_errors=True)
        print("剖析 1× 冷构建 …", file=sys.stderr)
        profile = profile_cold_build(copy_project(Path(folder) / "profile"))
    table = report(rows)
    print(table)
    print("\n" + profile)
    measured = (f"由 `make bench` 测得（{time.strftime('%Y-%m-%d')}）。机器：{machine()}。\n\n{table}\n\n"
                f"冷构建的时间花在哪里（1×，cProfile）：\n\n{profile}\n")
    write_block("bench", measured)
    failed = [name for name, _, _, ok in targets(rows) if not ok]
    print("\n" + ("全部达标" if not failed else "未达标：" + "；".join(failed)), file=sys.stderr)
    return 0


def write_block(name: str, measured: str) -> None:
    """Put `measured` between <!-- name:start --> and <!-- name:end --> on the performance page."""
    page = PROJECT / "docs/performance.md"
    text = page.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start in text and end in text:
        text = text[:text.index(start) + len(start)] + "\n" + measured + text[text.index(end):]
    else:
        text = text.rstrip("\n") + f"\n\n{start}\n{measured}{end}\n"
    page.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
