"""Pages as bureau staff read them: references they can trust, rule pages without repeats, one set of
numbers, Chinese only, the 示范文本 notice, and print on A4 (portrait; checklists landscape)."""
import io
import re
import unicodedata

import pypdf
import pytest

from zhidu.model.authority import is_official

pytestmark = pytest.mark.build


def _html(built, url: str) -> str:
    return (built / "site" / url / "index.html").read_text(encoding="utf-8")


def _section(html: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next h2."""
    start = html.index(f'<h2 id="{anchor}">')
    end = html.find("<h2 ", start + 1)
    return html[start:end if end > 0 else None]


# -- references -------------------------------------------------------------------------------

def test_amended_law_shows_its_current_text_number_and_history(built, registry):
    ref = registry.references["REF-shenji-fa"]
    assert ref.revisions and ref.doc_number, "the audited law carries its history and current number"
    html = _html(built, "references/REF-shenji-fa")
    assert f"<td>现行文本</td>\n<td>{ref.revisions[-1].date[:4]}年修正" in html
    assert f"<td>文号</td>\n<td>{ref.doc_number}</td>" in html
    history = _section(html, "history")
    assert history.count("<li>") == len(ref.revisions)
    assert history.index(ref.revisions[0].date) < history.index(ref.revisions[-1].date)   # oldest first


def test_editing_notes_are_not_shown_to_readers(built, registry):
    noted = [r for r in registry.references.values() if r.notes]
    assert noted
    for ref in noted:
        html = _html(built, f"references/{ref.id}")
        assert "备注" not in html and ref.notes[:20] not in html, ref.id


def test_cited_by_is_a_list_with_one_item_per_rule(built, registry):
    ref = max(registry.references.values(), key=lambda r: len(r.cited_by))
    section = _section(_html(built, f"references/{ref.id}"), "cited-by")
    assert section.count("<li>") == len(ref.cited_by) > 1
    assert all(f'{rule_id}' in section for rule_id, _ in ref.cited_by)


def test_official_sources_come_first_and_reprints_are_labelled(built, registry):
    mixed = [r for r in registry.references.values()
             if any(map(is_official, r.sources)) and not all(map(is_official, r.sources))]
    mirrored = [r for r in registry.references.values()
                if r.sources and not any(map(is_official, r.sources)) and r.type == "法律"]
    assert mixed and mirrored
    for ref in mixed:
        section = _section(_html(built, f"references/{ref.id}"), "sources")
        assert section.index("官方发布") < section.index("转载（非官方来源")
    for ref in mirrored:
        section = _section(_html(built, f"references/{ref.id}"), "sources")
        assert 'href="https://flk.npc.gov.cn/"' in section and "国家法律法规数据库" in section, ref.id
        assert "转载（非官方来源，仅供参考，以官方文本为准）" in section


def test_source_authority_by_host():
    assert is_official("https://www.gov.cn/zhengce/content/2012-06/29/content_5392.htm")
    assert is_official("http://www.npc.gov.cn/npc/c30834/x.shtml") and is_official("https://flk.npc.gov.cn/")
    assert not is_official("https://github.com/LawRefBook/Laws/blob/x/a.md")
    assert not is_official("https://gov.cn.example.net/x") and not is_official("https://notgov.cn/x")


# -- rule pages -------------------------------------------------------------------------------

def test_related_rules_listed_once_with_their_direction(built, registry):
    seen = set()
    for rule in registry.rules.values():
        if not (rule.related or rule.related_from):
            continue
        section = _section(_html(built, f"regulations/{rule.slug}"), "related")
        items = re.findall(r"<li>(.*?)</li>", section)
        linked = [re.search(r'href="\.\./([\w-]+)/"', item).group(1) for item in items]
        assert len(linked) == len(set(linked)) == len(set(rule.related) | set(rule.related_from)), rule.id
        assert "被以下制度引用" not in section
        for item, slug in zip(items, linked):
            rid = slug.upper()
            expected = "双向关联" if rid in rule.related and rid in rule.related_from else \
                "本制度指向" if rid in rule.related else "指向本制度"
            assert f'<span class="zd-direction">{expected}</span>' in item, (rule.id, rid)
            seen.add(expected)
    assert "双向关联" in seen


def test_basis_shows_title_in_book_marks_with_document_number(built, registry):
    rule = next(r for r in registry.rules.values()
                if any(registry.references[c.ref].doc_number for c in r.basis))
    section = _section(_html(built, f"regulations/{rule.slug}"), "basis")
    for c in rule.basis:
        ref = registry.references[c.ref]
        assert f"《{ref.title}》</a>" in section
        if ref.doc_number:
            assert f"《{ref.title}》</a>（{ref.doc_number}）" in section


def test_data_file_path_only_in_the_edit_section(built, registry):
    rule = registry.rules["WU-001"]
    html = _html(built, "regulations/wu-001")
    body = html[html.index('<article'):html.index('</article>')]
    assert body.count(rule.source) == 1
    edit = re.search(r'<details class="zd-edit zd-no-print">.*?</details>', body, re.S).group(0)
    assert rule.source in edit and "修改本制度" in edit
    assert "数据文件：" not in body.replace(edit, "")


def test_review_cycle_and_supersession_read_as_chinese(built, registry):
    html = _html(built, "regulations/wu-001")
    assert "<td>评估周期</td>" not in html and re.search(r"<td>定期评估</td>\n<td>每(年|两年|三年|半年)评估一次</td>", html)
    replaced = next((r for r in registry.rules.values() if r.superseded_by), None)
    if replaced:
        assert "已被替代为" not in _html(built, f"regulations/{replaced.slug}")


# -- one set of numbers -----------------------------------------------------------------------

def test_home_page_and_compendium_count_the_same_rules_and_date(built, registry):
    from zhidu.model.checklists import registry_date
    home = _html(built, "")
    counted = re.search(r"现行制度 (\d+) 项", home)
    assert counted, "the home page states the count of rules in force"
    cover = pypdf.PdfReader(built / "site/downloads/compendium.pdf").pages[0].extract_text()
    assert f"现行制度 {counted.group(1)} 项" in cover.replace("\n", "")
    as_of = registry_date(registry)
    assert f"数据截至 {as_of}" in home and f"数据截至 {as_of}" in cover.replace("\n", "")
    assert "数据更新于" not in home


# -- Chinese only in front of readers ---------------------------------------------------------

def test_not_found_page_is_chinese(built):
    html = (built / "site/404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in html and "Not found" not in html and "返回首页" in html


def test_developer_pages_sit_under_their_own_section(built):
    home = _html(built, "")
    nav = home[home.index('<nav class="md-tabs"'):home.index("</nav>", home.index('<nav class="md-tabs"'))]
    assert "开发者" in nav
    about = _html(built, "about")
    assert "JSON Schema" not in about and "make site" not in about


def test_asset_pages_name_the_national_classification_in_words(built):
    html = _html(built, "assets/zc-02")
    assert "对应 GB/T 14885-2022" not in html and "不对应具体分类" not in html
    assert "没有确定的对应分类" in html
    matrix = _html(built, "assets/lifecycle")
    assert "产权登记、确权和权属变更" in matrix                          # the stage explained
    assert re.search(r'<a href="\.\./\.\./regulations/wu-001/" title="WU-001">[^<]+</a>', matrix)


# -- 示范文本 ---------------------------------------------------------------------------------

def test_model_text_notice_on_home_and_rule_pages_only(built):
    notice = 'class="zd-model-notice"'
    assert notice in _html(built, "") and notice in _html(built, "regulations/wu-001")
    assert notice not in _html(built, "references/REF-shenji-fa") and notice not in _html(built, "glossary")


# -- print ------------------------------------------------------------------------------------

def _printed(page, url: str) -> pypdf.PdfReader:
    page.goto(url)
    page.emulate_media(media="print")
    return pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))


def test_rule_page_prints_portrait_a4_in_official_document_layout(page, server):
    pdf = _printed(page, server + "/regulations/wu-001/")
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3    # A4 portrait, in points
    first = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())    # 用 may come out as ⽤ (U+2F64)
    assert "办公用房配置与使用管理办法" in first and re.search(r"—\s*1\s*—", first)   # 公文 page number
    assert "搜索" not in first and "首页" not in first                               # no navigation
    xs, ys = [], []
    pdf.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and (
        xs.append(tm[4] * cm[0] + cm[4]), ys.append(tm[5] * cm[3] + cm[5])))
    mm = 72 / 25.4
    assert abs(min(xs) - 28 * mm) < 3 * mm                       # 订口 28 mm
    assert abs(max(ys) - (297 - 37) * mm) < 8 * mm               # 天头 37 mm: the first line near the top of the type area
    body_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#summary + p')).fontSize)")
    assert body_size >= 21                                                           # 3 号 = 16 pt = 21.3 CSS px
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset h1')).textAlign") == "center"


def test_checklist_page_prints_landscape(page, server):
    pdf = _printed(page, server + "/checklists/wu-001/")
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)
