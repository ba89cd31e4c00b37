"""Word (.docx) downloads: 公文 layout of a rule and the compendium (GB/T 9704-2012), checklists as
tables to fill in, hostile text kept as text, incremental downloads, the CLI; and the files as
LibreOffice reads them (converted to PDF, text extracted)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhidu.export import word
from zhidu.export.rows import header
from zhidu.model.checklists import all_checklists, registry_date
from zhidu.pipeline import validate

DAY = "2026-01-01"
BUREAU = "测试机关事务管理局"
HOSTILE = "<script>alert(1)</script> & =1+1 \"引号\" ]]> \x00\x01\x0b\x1f\ufffe end"
HOSTILE_SHOWN = "<script>alert(1)</script> & =1+1 \"引号\" ]]>  end"


def _near(length, mm: float) -> bool:
    return abs(length - Mm(mm)) < Mm(0.1)


def _east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def _outline(style):
    found = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    return None if found is None else int(found.get(qn("w:val")))


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _instructions(element) -> list[str]:
    return [t.text.strip() for t in element.iter(qn("w:instrText"))]


@pytest.fixture
def registry(mini):
    return validate(mini.root).registry


@pytest.fixture
def rule(registry):
    return word.rule_data(registry.rules["WU-001"], registry, DAY, BUREAU)


# -- a rule in 公文 layout ------------------------------------------------------------------------------

def test_rule_page_grid_and_margins(rule):
    document = _open(word.rule_docx(rule))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert _near(section.page_width, 210) and _near(section.page_height, 297)
    # 天头 37 mm, 订口 28 mm, type area 156 mm × 225 mm
    assert _near(section.top_margin, 37) and _near(section.left_margin, 28)
    assert _near(section.right_margin, 26) and _near(section.bottom_margin, 35)
    assert _near(section.page_width - section.left_margin - section.right_margin, 156)
    assert _near(section.page_height - section.top_margin - section.bottom_margin, 225)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch, space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert height // pitch == 22                                  # 22 lines a page
    assert int(width / 20 / (16 + space / 4096)) == 28             # 28 characters of 16 pt a line


def test_rule_styles_name_the_offices_fonts(rule):
    styles = _open(word.rule_docx(rule)).styles
    normal, title = styles["Normal"], styles["Title"]
    assert _east_asia(normal) == "仿宋_GB2312" and normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(16)
    assert _east_asia(title) == "方正小标宋简体" and title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asia(styles["Heading 1"]) == "黑体" and styles["Heading 1"].font.size == Pt(16)
    assert _east_asia(styles["Heading 2"]) == "楷体_GB2312" and styles["Heading 2"].font.size == Pt(16)
    assert (_outline(styles["Heading 1"]), _outline(styles["Heading 2"])) == (0, 1)
    assert _east_asia(styles["条标"]) == "黑体"


def test_rule_text_articles_and_signature(rule, registry):
    document = _open(word.rule_docx(rule))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "办公用房使用管理办法")
    assert paragraphs[1] == ("Subtitle", "（2024年1月10日印发　2024年2月1日起施行）")
    assert ("Heading 1", "一、基本情况") in paragraphs and ("Heading 2", "（一）摘要") in paragraphs
    articles = [text for style, text in paragraphs if text.startswith("第")]
    provisions = registry.rules["WU-001"].provisions
    assert [a.split("　")[0] for a in articles] == ["第一条", "第二条"][:len(provisions)]
    assert articles[0].startswith("第一条　使用台账　")          # the provision's own title kept
    assert articles[0].endswith(provisions[0].text)
    first = next(p for p in document.paragraphs if p.text.startswith("第一条"))
    assert first.runs[0].style.name == "条标" and first.runs[0].text == "第一条　使用台账"
    signed = [p for p in document.paragraphs if p.style.name == "Signature"]
    assert [p.text for p in signed] == [BUREAU, "2024年1月10日"]
    # the date's first character two to the right of the name's (GB/T 9704-2012 7.3.5.2)
    name, day = (float(p._p.pPr.ind.get(qn("w:rightChars"))) / 100 for p in signed)
    assert name + len(BUREAU) - (day + word._width("2024年1月10日")) == pytest.approx(2)
    assert "制度编号：WU-001" in paragraphs[-1][1]


def test_page_numbers_odd_right_even_left(rule):
    document = _open(word.rule_docx(rule))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert _instructions(footer._p) == ["PAGE"]
        assert footer.text == "— 1 —"                  # 一字线 either side (the 1 is the field's last result)
        assert footer.style.font.size == Pt(14)


def test_chinese_numbers_and_dates():
    assert [word.chinese_number(n) for n in (1, 10, 11, 20, 21, 100, 101, 110, 111, 1000, 1010)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零一", "一百一十", "一百一十一", "一千", "一千零一十"]
    assert word.article(23) == "第二十三条"
    assert word.chinese_date("2023-06-15") == "2023年6月15日" and word.chinese_date("") == ""


# -- a checklist ------------------------------------------------------------------------------------------

def _checklist(registry, checklist_id: str):
    return next(c for c in all_checklists(registry, DAY) if c.id == checklist_id)


def _row_flags(row) -> set[str]:
    trpr = row._tr.trPr
    return {child.tag.split("}")[1] for child in trpr} if trpr is not None else set()


@pytest.mark.parametrize("checklist_id", ["WU-001", "FW-HY"])
def test_checklist_table(registry, checklist_id):
    checklist = _checklist(registry, checklist_id)
    document = _open(word.checklist_docx(checklist, BUREAU))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and _near(section.page_width, 297)
    text = "\n".join(p.text for p in document.paragraphs)
    for field in ("被检查单位：", "检查日期：", "检查人："):
        assert field in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == header(checklist)
    assert "tblHeader" in _row_flags(table.rows[0])
    assert all("cantSplit" in _row_flags(row) for row in table.rows)
    assert len(table.rows) == len(checklist.items) + 1
    result = header(checklist).index("检查结果")
    for row, item in zip(table.rows[1:], checklist.items):
        assert row.cells[0].text == str(item.number) and row.cells[1].text == item.check
        assert row.cells[result].text.split("\n") == ["☐符合", "☐基本符合", "☐不符合", "☐不适用"]
    # the signatures stay with the last item: its paragraphs keep with the next
    assert all(p.paragraph_format.keep_with_next for c in table.rows[-1].cells for p in c.paragraphs)
    assert "检查人（签字）：" in document.paragraphs[-1].text and "日期：" in document.paragraphs[-1].text
    footer = section.footer.paragraphs[0]
    assert _instructions(footer._p) == ["PAGE", "NUMPAGES"]
    if checklist.scored:
        assert header(checklist)[5:7] == ["星级", "分值"] and "星级评定（按上表结果填写）" in text


# -- the compendium ---------------------------------------------------------------------------------------

def test_compendium_headings_contents_and_appendix(registry):
    data = word.compendium_word_data(registry, registry_date(registry), BUREAU, DAY)
    document = _open(word.compendium_docx(data))
    styles = document.styles
    assert (_outline(styles["Heading 1"]), _outline(styles["Heading 2"])) == (0, 1)
    assert _east_asia(styles["Heading 1"]) == "黑体" and _east_asia(styles["Heading 2"]) == "方正小标宋简体"
    assert _east_asia(styles["一级标题"]) == "黑体" and _east_asia(styles["二级标题"]) == "楷体_GB2312"
    assert _outline(styles["一级标题"]) is None                    # in-rule headings stay out of the outline
    by_style = lambda name: [p.text for p in document.paragraphs if p.style.name == name]  # noqa: E731
    assert by_style("Heading 1") == ["第一部分　物（资产管理）", "附录　引用的上位依据"]
    assert by_style("Heading 2") == ["办公用房使用管理办法", "公物仓管理办法"]     # WU-003 is repealed
    assert 'TOC \\o "1-2" \\h \\z \\u' in _instructions(document.element.body)
    assert document.settings.element.find(qn("w:updateFields")) is not None
    assert [p.text for p in document.paragraphs if p.style.name.startswith("toc")] == [
        "第一部分　物（资产管理）", "办公用房使用管理办法", "公物仓管理办法", "附录　引用的上位依据"]
    # running headers: the domain, then the appendix
    headers = [s.header.paragraphs[0].text for s in document.sections]
    assert headers == ["", "目　录", "物（资产管理）", "附录　引用的上位依据"]
    assert all(s.even_page_header.paragraphs[0].text == h for s, h in zip(document.sections, headers))
    assert document.sections[0].different_first_page_header_footer        # no number on the cover
    cited = {registry.references[c.ref].title for r in ("WU-001", "WU-002") for c in registry.rules[r].basis}
    assert {f"《{t}》" for t in cited} <= set(by_style("Body Text"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "闲置资产调剂办法" not in text and BUREAU in text and "第一条" in text


# -- hostile text -------------------------------------------------------------------------------------------

def test_hostile_text_stays_text(registry):
    rule = registry.rules["WU-001"]
    provisions = (replace(rule.provisions[0], title=HOSTILE, text=HOSTILE),) + rule.provisions[1:]
    hostile = replace(rule, title=HOSTILE, summary=HOSTILE, provisions=provisions)
    data = word.rule_data(hostile, registry, DAY, HOSTILE)
    made = word.rule_docx(data)
    document = _open(made)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == HOSTILE_SHOWN and HOSTILE_SHOWN in texts
    assert f"第一条　{HOSTILE_SHOWN}　{HOSTILE_SHOWN}" in texts
    with zipfile.ZipFile(io.BytesIO(made)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "<script>" not in core
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)

    checklist = _checklist(registry, "WU-001")
    item = replace(checklist.items[0], check=HOSTILE, method=HOSTILE)
    checklist = replace(checklist, title=HOSTILE, items=(item,) + checklist.items[1:])
    table = _open(word.checklist_docx(checklist, HOSTILE)).tables[0]
    assert table.rows[1].cells[1].text == HOSTILE_SHOWN

    compendium = word.compendium_word_data(registry, registry_date(registry), HOSTILE, DAY)
    compendium["groups"][0]["rules"][0] = data
    document = _open(word.compendium_docx(compendium))
    assert HOSTILE_SHOWN in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]


def test_same_data_same_bytes(rule):
    assert word.rule_docx(rule) == word.rule_docx(rule)


# -- downloads: made once, remade when what they show changed -------------------------------------------------

def test_rule_downloads_are_incremental(mini):
    from zhidu.render.generate import generate
    made = generate(validate(mini.root).registry, mini.root, DAY)
    folder = mini.path(".zhidu/files/downloads")
    assert sorted(p.name for p in (folder / "regulations").iterdir()) == ["wu-001.docx", "wu-002.docx"]
    assert (made.rule_downloads.regenerated, made.rule_downloads.unchanged) == (2, 0)
    assert {"downloads/regulations/wu-001.docx", "downloads/compendium.docx",
            "downloads/checklists/wu-001.docx"} <= set(made.download_paths)
    assert (folder / "compendium.docx").stat().st_size and (folder / "checklists/fw-hy.docx").stat().st_size
    before = {p.name: p.stat().st_mtime_ns for p in (folder / "regulations").iterdir()}

    again = generate(validate(mini.root).registry, mini.root, DAY)
    assert (again.rule_downloads.regenerated, again.rule_downloads.unchanged) == (2 - 2, 2)
    mini.edit("standards/regulations/wu/WU-002.yaml", "title: 公物仓管理办法", "title: 公物仓运行管理办法")
    edited = generate(validate(mini.root).registry, mini.root, DAY)
    assert edited.rule_downloads.regenerated == 1
    after = {p.name: p.stat().st_mtime_ns for p in (folder / "regulations").iterdir()}
    assert after["wu-001.docx"] == before["wu-001.docx"] and after["wu-002.docx"] != before["wu-002.docx"]
    assert _open((folder / "regulations/wu-002.docx").read_bytes()).paragraphs[0].text == "公物仓运行管理办法"
    assert "公物仓运行管理办法" in "\n".join(p.text for p in _open((folder / "compendium.docx").read_bytes()).paragraphs)


# -- the command line -----------------------------------------------------------------------------------------

def test_export_command(mini):
    run = mini.zhidu("export", "wu-001", "--format", "docx", "-o", str(mini.path("out/wu.docx")))
    assert run.returncode == 2 and "无法写入" in run.stderr             # no such folder
    run = mini.zhidu("export", "wu-001", "--format", "docx", "-o", str(mini.path("wu.docx")))
    assert run.returncode == 0, run.stderr
    assert _open(mini.path("wu.docx").read_bytes()).paragraphs[0].text == "办公用房使用管理办法"
    run = mini.zhidu("export", "WU-001", "--format", "pdf")          # default: WU-001.pdf here
    assert run.returncode == 0, run.stderr
    assert mini.path("WU-001.pdf").read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(mini.path("WU-001.pdf")), "-"], capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", text)
    assert "办公用房使用管理办法" in text and "第一条使用台账" in text and "—1—" in text
    run = mini.zhidu("export", "WU-999", "--format", "docx")
    assert run.returncode == 2 and "没有这项制度：WU-999" in run.stderr
    for refused in (".", "standards/regulations/wu/WU-001.yaml", "standards/x.docx"):
        before = mini.read("standards/regulations/wu/WU-001.yaml")
        run = mini.zhidu("export", "WU-001", "--format", "docx", "-o", refused)
        assert run.returncode == 2 and ("已拒绝" in run.stderr or "是一个目录" in run.stderr), run.stderr
        assert mini.read("standards/regulations/wu/WU-001.yaml") == before
    assert not mini.path("standards/x.docx").exists()


def test_checklist_command_docx(mini):
    run = mini.zhidu("checklist", "WU-001", "CL-test", "--format", "docx", "-o", str(mini.path("both.docx")))
    assert run.returncode == 0, run.stderr
    table = _open(mini.path("both.docx").read_bytes()).tables[0]
    assert [row.cells[0].text for row in table.rows[1:]] == ["1", "2", "3"]
    run = mini.zhidu("checklist", "WU-001", "--format", "docx", "-o", str(mini.root))
    assert run.returncode == 2 and "是一个目录" in run.stderr
    run = mini.zhidu("checklist", "WU-001", "--format", "docx", "-o", "standards/taxonomy.yaml")
    assert run.returncode == 2 and "standards/" in run.stderr


# -- as LibreOffice reads them ----------------------------------------------------------------------------------

def _soffice():
    found = shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice 未安装：运行 `sudo make system-deps`（libreoffice-writer-nogui）")
    return found


@pytest.mark.build
def test_libreoffice_reads_each_kind(registry, tmp_path):
    soffice = _soffice()
    files = {
        "rule": word.rule_docx(word.rule_data(registry.rules["WU-001"], registry, DAY, BUREAU)),
        "compendium": word.compendium_docx(word.compendium_word_data(registry, registry_date(registry), BUREAU, DAY)),
        "checklist": word.checklist_docx(_checklist(registry, "FW-HY"), BUREAU),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(tmp_path / f"{n}.docx") for n in files)],
                   check=True, capture_output=True, timeout=300)

    def text(name: str) -> str:
        out = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
        return re.sub(r"\s+", "", out)         # LibreOffice spaces out the characters on the 公文 grid

    def pages(name: str) -> int:
        info = subprocess.run(["pdfinfo", str(tmp_path / f"{name}.pdf")], capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    assert pages("rule") > 0 and pages("compendium") > 2 and pages("checklist") > 0
    rule = text("rule")
    assert "办公用房使用管理办法" in rule and "第一条使用台账" in rule and BUREAU in rule and "2024年1月10日" in rule
    assert "—1—" in rule
    compendium = text("compendium")
    assert "制度汇编" in compendium and "公物仓管理办法" in compendium and "附录引用的上位依据" in compendium
    checklist = text("checklist")
    assert "被检查单位" in checklist and "☐基本符合" in checklist and "检查人（签字）" in checklist
    assert "第1页共" in checklist
