"""Warm builds: after a rule's edit only what changed is rebuilt and rewritten; a change to the
layout (docs/, mkdocs.yml, the code) rebuilds everything; the site is complete either way."""
import json
import re
import shutil

import pytest

from conftest import zhidu_in as zhidu

pytestmark = pytest.mark.build


@pytest.fixture
def project(built, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)        # modification times kept, as a second build finds them
    return root


def mtimes(site):
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_title_edit_rebuilds_what_shows_it_and_leaves_the_rest(project):
    site = project / "site"
    before = mtimes(site)
    index_before = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    rule = project / "standards/regulations/wu/WU-001.yaml"
    title = re.search(r"^title: (.+)$", rule.read_text(encoding="utf-8"), re.M).group(1)
    edit(rule, f"title: {title}", f"title: {title}（增量）")
    glossary = project / "standards/glossary.yaml"
    gone = next(p for p in (site / "glossary").iterdir() if p.name.startswith("t-"))
    term = re.search(r"<h1[^>]*>(.*?)<", (gone / "index.html").read_text(encoding="utf-8")).group(1)
    text = glossary.read_text(encoding="utf-8")
    block = re.search(rf"  - term: {re.escape(term)}\n(?:    .*\n)*", text).group(0)
    glossary.write_text(text.replace(block, ""), encoding="utf-8")

    run = zhidu(project, "build")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "增量构建" in run.stderr
    after = mtimes(site)
    assert f"{title}（增量）" in (site / "regulations/wu-001/index.html").read_text(encoding="utf-8")
    assert after["regulations/ren-001/index.html"] == before["regulations/ren-001/index.html"]    # not rewritten
    assert after["downloads/checklists/ren-001.pdf"] == before["downloads/checklists/ren-001.pdf"]
    assert after["downloads/checklists/wu-001.pdf"] != before["downloads/checklists/wu-001.pdf"]
    assert sum(after[k] != before.get(k) for k in after) < len(after) / 5
    assert not gone.exists() and f"glossary/{gone.name}/index.html" not in after          # pruned
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert len(index["docs"]) == len(index_before["docs"]) - 1
    assert any(d["t"] == f"{title}（增量）" for d in index["docs"])


def test_a_layout_change_rebuilds_everything(project):
    site = project / "site"
    before = mtimes(site)
    edit(project / "docs/about.md", "\n", "\n\n")
    run = zhidu(project, "build")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "增量构建" not in run.stderr
    after = mtimes(site)
    assert after["regulations/ren-001/index.html"] != before["regulations/ren-001/index.html"]


def test_without_its_cache_the_build_starts_from_nothing(project):
    shutil.rmtree(project / ".zhidu")
    run = zhidu(project, "build")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "增量构建" not in run.stderr


def test_a_warm_build_that_fails_at_the_end_leaves_the_site_as_it_was(project, monkeypatch):
    """The staging site starts as hard links to the site in place; every file MkDocs, the theme and
    the plugin rewrite gets its own copy first, so nothing written before the failure reaches the site."""
    import hashlib
    from zhidu.cli import build

    site = project / "site"

    def contents():
        return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in site.rglob("*") if p.is_file()}

    before, links_before = contents(), {p: p.stat().st_nlink for p in site.rglob("*") if p.is_file()}
    assert set(links_before.values()) == {1}
    rule = project / "standards/regulations/wu/WU-001.yaml"
    title = re.search(r"^title: (.+)$", rule.read_text(encoding="utf-8"), re.M).group(1)
    edit(rule, f"title: {title}", f"title: {title}（未完成）")

    def stop(staging, layout):
        page = staging / "regulations/wu-001/index.html"
        assert f"{title}（未完成）" in page.read_text(encoding="utf-8"), "MkDocs wrote the new page"
        assert (staging / "regulations/ren-001/index.html").stat().st_nlink == 2, "unchanged pages are links"
        raise OSError("磁盘已满")

    monkeypatch.setattr(build, "write_stamp", stop)
    assert build.build_site(project, site) == 1
    assert contents() == before
    assert {p.stat().st_nlink for p in site.rglob("*") if p.is_file()} == {1}, "the staging links are gone"
    assert not [p for p in project.iterdir() if p.name.startswith(".site.building-")]
