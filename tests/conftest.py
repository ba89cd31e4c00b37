"""Shared fixtures: a small registry copied into a temporary project folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
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
        from zhidu.registry import validate
        return [d for d in validate(self.root, **options).diagnostics if d.severity == "error"]

    def only_error(self, code: str, **options):
        """The one error with this code; fails showing every error if there is not exactly one."""
        found = [d for d in self.errors(**options) if d.code == code]
        assert len(found) == 1, [d.text() for d in self.errors(**options)]
        return found[0]

    def zhidu(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zhidu.cli", *args], cwd=self.root,
                              capture_output=True, text=True, timeout=120)


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    shutil.copytree(MINI / "standards", tmp_path / "standards")
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    return Project(tmp_path)


def copy_project(target: Path) -> Path:
    """The real project (registry, docs, config) without generated output."""
    generated = ("regulations", "references", "_generated", "checklists", "downloads", "service-standards",
                 "assets", "changes", "api", "schemas")
    ignore = shutil.ignore_patterns(".venv", ".git", "site", ".site*", "__pycache__", "*.egg-info",
                                    ".pytest_cache", *generated)
    for name in ("standards", "schemas", "docs", "scripts"):
        src = PROJECT / name
        shutil.copytree(src, target / name, ignore=None if name == "standards" else ignore)
    shutil.copy2(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def zhidu_in(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhidu.cli", *args], cwd=root,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A copy of the real project, built once with `zhidu build`."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    run = zhidu_in(root, "build")
    assert run.returncode == 0, run.stderr[-3000:]
    return root


@pytest.fixture(scope="session")
def registry(built):
    from zhidu.registry import validate
    return validate(built).registry
