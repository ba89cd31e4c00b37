"""Rendering: a reviewed golden page, and hostile text that must stay text."""
import re
from html import unescape
from pathlib import Path

import markdown
import pytest

from zhidu.model.checklists import all_checklists
from zhidu.pipeline import validate
from zhidu.render.pages import Renderer, md_text

GOLDEN = Path(__file__).parent / "golden"
WU1 = "standards/regulations/wu/WU-001.yaml"
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]


def pages(project):
    result = validate(project.root)
    assert result.registry is not None, [d.text() for d in result.errors]
    return Renderer(result.registry, "2026-01-01", all_checklists(result.registry)).pages()


def html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_rule_page_matches_reviewed_golden(mini):
    assert pages(mini)["regulations/wu-001.md"] == (GOLDEN / "wu-001.md").read_text(encoding="utf-8")


def test_backlinks_and_supersedes_on_pages(mini):
    out = pages(mini)
    # WU-001 names WU-002 as related: WU-002's page lists it once, as pointing to it
    assert "[WU\\-001 办公用房使用管理办法](wu-001.md)　<span class=\"zd-direction\">指向本制度</span>" in out["regulations/wu-002.md"]
    assert "| 已由以下制度取代 | [WU\\-002 公物仓管理办法](wu-002.md) |" in out["regulations/wu-003.md"]
    ref = out["references/REF-test-tiaoli.md"]
    assert "[WU\\-001 办公用房使用管理办法](../regulations/wu-001.md)（第十七条）" in ref
    assert "[WU\\-003 闲置资产调剂办法](../regulations/wu-003.md)" in ref


HOSTILE = [
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**粗体** # 标题 | 竖线 {: .cls }",
    "</span><a href='http://evil.example'>x</a>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_renders_as_text(mini, payload):
    quoted = payload.replace("'", "''")
    mini.edit(WU1, "title: 办公用房使用管理办法", f"title: '{quoted}'")
    mini.edit(WU1, "summary: 规定办公用房的分配、使用和腾退。", f"summary: '{quoted}'")
    mini.edit(WU1, "    evidence: [办公用房使用台账]", f"    evidence: ['{quoted}']")
    out = pages(mini)
    for page in ("regulations/wu-001.md", "regulations/index.md", "regulations/wu.md",
                 "references/REF-test-tiaoli.md", "_generated/dashboard.md"):
        rendered = html(out[page])
        assert "<script" not in rendered and "<img" not in rendered
        assert 'href="javascript' not in rendered and "evil.example'>" not in rendered
        assert "<strong>粗体" not in rendered and 'class="cls"' not in rendered
    # the reader still sees exactly what the editor wrote
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html(out["regulations/wu-001.md"])).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", title)) == payload


def test_md_text_escapes_markdown_then_html():
    assert str(md_text("a*b <c> & 'd'")) == "a\\*b &lt;c&gt; &amp; &#39;d&#39;"
    assert html(str(md_text("1. 不是列表"))) == "<p>1. 不是列表</p>"


def test_dates_drive_the_status_shown(mini):
    mini.edit("standards/regulations/wu/WU-002.yaml", "effective: 2024-03-01", "effective: 2026-07-01")
    result = validate(mini.root)
    registry = result.registry
    before = Renderer(registry, "2026-06-30", all_checklists(registry)).pages()
    after = Renderer(registry, "2026-07-01", all_checklists(registry)).pages()
    assert '<span class="zd-badge zd-status-pending">尚未生效</span>' in before["regulations/wu-002.md"]
    assert "| 状态 | 尚未生效（2026\\-07\\-01 起施行） |" in before["regulations/wu-002.md"]
    assert "| 状态 | 现行有效 |" in after["regulations/wu-002.md"]
    assert "| 尚未生效 | 1 |" in before["_generated/dashboard.md"]
    assert "尚未生效" not in after["_generated/dashboard.md"]


def test_a_rule_past_its_repeal_date_shows_repealed_whatever_its_status(mini):
    mini.edit("standards/regulations/wu/WU-001.yaml", "status: in_force", "status: in_force\nrepealed: 2026-03-31")
    registry = validate(mini.root).registry
    before = Renderer(registry, "2026-03-30", all_checklists(registry)).pages()["regulations/wu-001.md"]
    after = Renderer(registry, "2026-03-31", all_checklists(registry)).pages()["regulations/wu-001.md"]
    assert "zd-status-in_force" in before and "| 状态 | 现行有效 |" in before
    assert "zd-status-repealed" in after and "| 状态 | 已废止（2026\\-03\\-31 起废止） |" in after
