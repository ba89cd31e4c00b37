"""The registry's entries at one point in time — a folder, or a git revision — as plain data.

Used to compare two states of the registry. Files that do not load are skipped: a
comparison must work even when one side is broken (validation reports that).
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .loader import Document, load_file
from .registry import STANDARDS, discover, find_root

KINDS = ("regulation", "reference", "service-standard", "asset", "checklist")


@dataclass(frozen=True)
class Snapshot:
    label: str
    entries: dict[str, dict[str, dict]]   # kind -> id -> data
    taxonomy: dict

    def of(self, kind: str) -> dict[str, dict]:
        return self.entries.get(kind, {})


def from_folder(root: Path, label: str | None = None) -> Snapshot:
    files, _ = discover(root)
    entries: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
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


def from_git(revision: str, repository: Path) -> Snapshot:
    """The registry as committed at `revision` (git archive of standards/ into a temporary folder)."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", revision, STANDARDS], cwd=repository,
                                 capture_output=True, check=True, timeout=120).stdout
    except subprocess.CalledProcessError as error:
        raise ValueError(f"无法读取 git 版本 {revision}：{error.stderr.decode('utf-8', 'replace').strip()}") from None
    except FileNotFoundError:
        raise ValueError("找不到 git 命令") from None
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return from_folder(Path(folder), revision)


def load(spec: str, cwd: Path) -> Snapshot:
    """A folder holding standards/ (or a folder inside one), else a git revision of the project."""
    path = Path(spec)
    if path.is_dir():
        return from_folder(find_root(path), spec)
    return from_git(spec, find_root(cwd))
