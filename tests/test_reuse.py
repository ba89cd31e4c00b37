"""Pages reused between builds (render/reuse.py, what `make serve` relies on) are byte for byte the
pages a fresh build makes, edit after edit; and an edit really does spare the other pages."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhidu.cache import files_dir, write_if_changed
from zhidu.model.checklists import all_checklists
from zhidu.pipeline import validate
from zhidu.render import reuse
from zhidu.render.pages import Renderer

PROJECT = Path(__file__).resolve().parents[1]
DAY = "2026-06-01"

# (file, old, new): each builds on the ones before, as an editor's morning would.
EDITS = [
    ("regulations/wu/WU-001.yaml", "title: 办公用房配置与使用管理办法", "title: 办公用房配置使用管理办法"),
    ("regulations/wu/WU-001.yaml", "提出确权申请并列入", "提出确权申请，并列入"),
    ("regulations/wu/WU-002.yaml", "related: [CAI-002, CAI-012,", "related: [CAI-002, CAI-012, CAI-001,"),
    ("references/REF-jgsw-tiaoli.yaml", "title: 机关事务管理条例", "title: 机关事务管理条例（测试）"),
    ("service-standards/FW-AB.yaml", "title: 安保服务标准", "title: 安全保卫服务标准"),
    ("checklists/CL-bangong-yongfang.yaml", "title: 办公用房使用情况检查表", "title: 办公用房使用检查表"),
    ("regulations/wu/WU-002.yaml", "status: in_force", "status: under_revision"),
    ("glossary.yaml", "为保障机关正常运转而开展的", "为保障机关正常运转开展的"),
]


def copy_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reuse")
    for folder in ("standards", "schemas"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory)


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "standards" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages(root: Path, made: list | None = None) -> dict[str, str]:
    result = validate(root)
    registry = result.registry
    assert registry is not None, [d.text() for d in result.errors]
    renderer = Renderer(registry, DAY, all_checklists(registry, DAY))
    if made is not None:
        original = renderer.render
        renderer.render = lambda template, **context: made.append(template) or original(template, **context)
    return renderer.pages()


def test_reused_pages_are_what_a_fresh_build_makes(project):
    reuse.forget()
    pages(project)
    for relative, old, new in EDITS:
        edit(project, relative, old, new)
        made: list[str] = []
        reused = pages(project, made)
        reuse.forget()
        fresh = pages(project)
        assert reused.keys() == fresh.keys()
        stale = [p for p in fresh if reused[p] != fresh[p]]
        assert not stale, f"after editing {relative} ({new}): stale pages {stale[:10]}"
        rule_pages = made.count("rule.md.j2")
        assert rule_pages < 60, f"editing {relative} remade {rule_pages} of the rule pages"


def test_an_edit_to_one_provision_remakes_only_that_rules_page(project):
    reuse.forget()
    pages(project)
    path = project / "standards/regulations/wu/WU-001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("直至取得权证", "直至取得不动产权证", 1), encoding="utf-8")
    made: list[str] = []
    pages(project, made)
    assert made.count("rule.md.j2") == 1
    assert made.count("reference.md.j2") == 0


def build_in_new_process(root: Path, made: list | None = None) -> dict[str, str]:
    """What `zhidu build` does with the pages: nothing kept in memory, the last build's files on disk."""
    reuse.forget()
    with reuse.stored_pages(root) as stored:
        files = pages(root, made)
        stored.before_writing()
        for relative, text in files.items():
            write_if_changed(files_dir(root) / relative, text)
        stored.after_writing()
    return files


def test_pages_kept_on_disk_are_what_a_fresh_build_makes(tmp_path_factory):
    root = copy_project(tmp_path_factory)
    build_in_new_process(root)
    made: list[str] = []
    build_in_new_process(root, made)
    assert made.count("rule.md.j2") == 0 and made.count("checklist.md.j2") == 0, "nothing changed, nothing made"
    for relative, old, new in EDITS:
        edit(root, relative, old, new)
        made = []
        kept = build_in_new_process(root, made)
        reuse.forget()
        fresh = pages(root)
        stale = [p for p in fresh if kept[p] != fresh[p]]
        assert not stale, f"after editing {relative} ({new}): stale pages {stale[:10]}"
        assert made.count("rule.md.j2") < 60, f"editing {relative} remade {made.count('rule.md.j2')} rule pages"


def test_a_page_file_changed_since_the_last_build_is_made_again(tmp_path_factory):
    """The key says what the last build wrote; a stopped build forgets the keys of pages it was about to
    change, so a file is never taken for what it no longer holds."""
    root = copy_project(tmp_path_factory)
    first = build_in_new_process(root)
    page = "regulations/wu-001.md"
    reuse.forget()
    with reuse.stored_pages(root) as stored:
        edit(root, "regulations/wu/WU-001.yaml", "title: 办公用房配置与使用管理办法", "title: 办公用房管理办法")
        pages(root)
        stored.before_writing()     # ... and the build stops here
    edit(root, "regulations/wu/WU-001.yaml", "title: 办公用房管理办法", "title: 办公用房配置与使用管理办法")
    (files_dir(root) / page).write_text("不是上次构建写下的内容", encoding="utf-8")
    made: list[str] = []
    again = build_in_new_process(root, made)
    assert again[page] == first[page] and "rule.md.j2" in made
