"""How much the history pages (issue 22) add to a build, at 1× and 10×.

1×: a full clone of this repository (its real history). 10×: the registry synthesized as
scripts/bench.py does (each rule cloned with new ids), committed, then COMMITS commits that each
edit a few rules (every third one with a new revisions entry). For each: reading the history cold
(no cache: one git log, one git cat-file), warm (HEAD unchanged: the cache), incremental (one new
commit since the cache), and making every history page, fragment and data file.

    python scripts/bench_history.py [--commits 300] [--scales 1,10]

Prints a table and writes it to docs/performance.md (between the bench-history markers). Timings are
wall seconds of this process.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]


def _bench():
    spec = importlib.util.spec_from_file_location("bench", PROJECT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module       # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def _commit(root: Path, message: str, n: int) -> None:
    day = f"2025-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True, env=env)


def _edit(path: Path, n: int, revise: bool) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}（第{n}次修改）", text, count=1, flags=re.M)
    if revise:
        day = date(2027, 1, 1) + timedelta(days=n)      # after every real entry: the entries stay in order
        entry = f"  - date: {day.isoformat()}\n    note: 第{n}次修订\n"
        text = re.sub(r"^revisions:\n(?:[ -].*\n)+", lambda m: m.group(0) + entry, text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def synthetic(root: Path, factor: int, commits: int) -> int:
    bench = _bench()
    bench.copy_project(root)
    rules = bench.synthesize(root, factor) if factor > 1 else len(list(root.glob("standards/regulations/*/*.yaml")))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    _commit(root, "registry", 0)
    files = sorted((root / "standards/regulations").glob("*/*.yaml"))
    pick = random.Random(22)
    for n in range(1, commits + 1):
        for path in pick.sample(files, 5):
            _edit(path, n, revise=n % 3 == 0)
        _commit(root, f"edit {n}", n)
    return rules


def measure(root: Path, label: str, rules: int) -> list[str]:
    from zhidu.model import history
    from zhidu.pipeline import validate
    from zhidu.render.history_pages import history_files
    result = validate(root)
    registry = result.registry
    if registry is None:
        raise SystemExit("制度库校验未通过：\n" + "\n".join(d.text() for d in result.errors[:10]))
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    (root / ".zhidu" / "state" / "history.json").unlink(missing_ok=True)
    rows = []

    def timed(name: str, action) -> None:
        start = time.perf_counter()
        result = action()
        rows.append(f"| {label} | {rules} | {count} | {name} | {time.perf_counter() - start:.2f} |")
        return result

    known = {r.source: dict(registry.documents["regulation"][r.id]) for r in registry.rules.values()}
    timeline = timed("读取历史（冷，无缓存）", lambda: history.read_timeline(root, known))
    timed("读取历史（热，HEAD 未变）", lambda: history.read_timeline(root, known))
    files = timed("生成历史页面与数据（热）", lambda: history_files(registry, root, "2026-12-01"))
    size = sum(len(t.encode("utf-8")) for t in files.values()) // 1024
    rows.append(f"| {label} | {rules} | {count} | 生成文件 {len(files)} 个，共 {size} KB；历史中的文件内容 {len(timeline.blobs)} 个 | |")
    first = sorted(root.glob("standards/regulations/*/*.yaml"))[0]
    _edit(first, 9999, revise=False)
    _commit(root, "one more", 9999)
    timed("读取历史（增量，多一次提交）", lambda: history.read_timeline(root, known))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--scales", default="1,10")
    args = parser.parse_args()
    rows = ["| 规模 | 制度 | 提交 | 步骤 | 秒 |", "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as folder:
        for scale in (int(s) for s in args.scales.split(",")):
            root = Path(folder) / f"x{scale}"
            if scale == 1:      # the real history
                subprocess.run(["git", "clone", "-q", "--no-local", str(PROJECT), str(root)], check=True)
                rules = len(list(root.glob("standards/regulations/*/*.yaml")))
                rows += measure(root, "1×（本仓库真实历史）", rules)
            else:
                rules = synthetic(root, scale, args.commits)
                rows += measure(root, f"{scale}×（合成，{args.commits} 次修改提交）", rules)
    table = "\n".join(rows)
    print(table)
    _bench().write_block("bench-history", f"修改历史（制度的历史版本页面和按日期查看）增加的时间，由 `make bench` 测得"
                                          f"（{time.strftime('%Y-%m-%d')}，墙钟秒）：\n\n{table}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
