"""The registry's entries at one point in time — a folder, a git revision or a date — as plain data.

Used to compare two states of the registry. Files that do not load are skipped: a
comparison must work even when one side is broken (validation reports that).
"""
from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from zhidu.kinds import KINDS, STANDARDS
from zhidu.load.loader import Document, load_file
from zhidu.pipeline import discover, find_root


@dataclass(frozen=True)
class Snapshot:
    label: str
    entries: dict[str, dict[str, dict]]   # kind -> id -> data
    taxonomy: dict

    def of(self, kind: str) -> dict[str, dict]:
        return self.entries.get(kind, {})


def from_folder(root: Path, label: str | None = None) -> Snapshot:
    files, _ = discover(root)
    entries: dict[str, dict[str, dict]] = {kind.name: {} for kind in KINDS}
    taxonomy: dict = {}
    for kind, path in files:
        doc = load_file(path, path.relative_to(root).as_posix())
        if not isinstance(doc, Document) or not isinstance(doc.data, dict):
            continue
        if kind == "taxonomy":
            taxonomy = doc.data
        elif kind in entries and isinstance(doc.data.get("id"), str):
            entries[kind][doc.data["id"]] = doc.data
    return Snapshot(label or str(root), entries, taxonomy)


def _git(repository: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=repository, capture_output=True, check=True, timeout=120).stdout
    except FileNotFoundError:
        raise ValueError("找不到 git 命令") from None
    except subprocess.TimeoutExpired:
        raise ValueError("git 命令超时") from None


def resolve_commit(revision: str, repository: Path) -> str:
    """The commit a revision names, as a full hash; ValueError for anything else.

    Nothing given by the user reaches git as an option: it is resolved with --end-of-options
    first, and only the resulting hash is used afterwards."""
    if not revision or revision.startswith("-") or any(ch in revision for ch in "\0\n\r"):
        raise ValueError(f"“{revision}”不是 git 版本（如 main、HEAD~1 或提交编号），也不是目录")
    try:
        out = _git(repository, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except subprocess.CalledProcessError:
        raise ValueError(f"“{revision}”不是 git 版本（如 main、HEAD~1 或提交编号），也不是目录") from None
    commit = out.decode("ascii", "replace").strip()
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise ValueError(f"无法解析 git 版本“{revision}”")
    return commit


def from_git(revision: str, repository: Path) -> Snapshot:
    """The registry as committed at `revision` (git archive of standards/ into a temporary folder).
    Only regular files are read: a symbolic link in the commit is an error."""
    commit = resolve_commit(revision, repository)
    try:
        archive = _git(repository, "archive", "--format=tar", commit, "--", STANDARDS)
    except subprocess.CalledProcessError as error:
        raise ValueError(f"无法读取 git 版本 {revision}：{error.stderr.decode('utf-8', 'replace').strip()}") from None
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            members = tar.getmembers()
            odd = [m.name for m in members if not (m.isfile() or m.isdir())]
            if odd:
                raise ValueError(f"git 版本 {revision} 中的 {odd[0]} 是符号链接或特殊文件，制度库只接受普通文件，无法比较")
            try:
                tar.extractall(folder, filter="data")
            except (tarfile.TarError, OSError) as error:
                raise ValueError(f"git 版本 {revision} 中的文件无法读取：{error}") from None
        return from_folder(Path(folder), revision)


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def commit_on(day: str, repository: Path) -> str:
    """The last commit of the current branch (first-parent history of HEAD) made on or before `day`,
    by the date of its commit as its committer's clock showed it; ValueError when there is none."""
    try:
        date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"“{day}”不是有效的日期（应为 YYYY-MM-DD，如 2024-01-01）") from None
    try:
        log = _git(repository, "log", "--first-parent", "--no-color", "--format=%H %cI", "HEAD")
        shallow = _git(repository, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except subprocess.CalledProcessError:
        raise ValueError(f"无法按日期 {day} 查找提交：这里不是有提交记录的 git 仓库") from None
    for line in log.decode("ascii", "replace").splitlines():
        commit, _, when = line.partition(" ")
        if when[:10] <= day and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
            return commit
    more = "（本仓库是浅克隆，只取得了部分历史）" if shallow else ""
    raise ValueError(f"{day} 及以前没有提交{more}，无法得到当日的制度库")


def load(spec: str, cwd: Path) -> Snapshot:
    """A folder holding standards/ (or a folder inside one); a date YYYY-MM-DD: the registry as it
    stood in the last commit on or before that day; else a git revision of the project."""
    path = Path(spec)
    if spec and not spec.startswith("-") and path.is_dir():
        return from_folder(find_root(path), spec)
    if DAY.fullmatch(spec or ""):
        root = find_root(cwd)
        commit = commit_on(spec, root)
        return replace(from_git(commit, root), label=f"{spec}（提交 {commit[:7]}）")
    return from_git(spec, find_root(cwd))
