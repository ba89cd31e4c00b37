"""The checklist files as inspectors open them: CSV in Excel, XLSX in Excel/WPS, PDF on paper."""
import csv
import io
import subprocess

import openpyxl
import pytest
from pypdf import PdfReader

from zhidu.model.checklists import RESULTS, all_checklists
from zhidu.export import fonts
from zhidu.export.csvfile import csv_bytes
from zhidu.export.fonts import FontMissing, cjk_font_family
from zhidu.export.pdf import checklist_pdf
from zhidu.export.xlsx import xlsx_bytes
from zhidu.pipeline import validate


@pytest.fixture
def checklists(mini):
    return {c.id: c for c in all_checklists(validate(mini.root).registry)}


def test_csv_has_bom_header_and_one_row_per_item(checklists):
    data = csv_bytes(checklists["CL-test"])
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["序号", "检查项", "检查方法与依据材料", "制度依据", "上位依据", "检查结果", "问题描述", "整改要求"]
    assert len(table) == 1 + len(checklists["CL-test"].items) == 3
    assert table[1][:2] == ["1", "闲置资产应当在30日内办理入库。"] and table[1][5] == "未检查"


@pytest.mark.parametrize("name", ["CL-test", "FW-HY"])
def test_csv_download_stays_a_plain_table_without_head_lines(checklists, name):
    """The CSV download is data for Excel/WPS: one header line, then one row per item, all of the same
    width. 被检查单位/检查日期/检查人 are for the XLSX and PDF forms, not lines above the table here."""
    table = list(csv.reader(io.StringIO(csv_bytes(checklists[name]).decode("utf-8-sig"))))
    assert table[0][0] == "序号" and len(table) == 1 + len(checklists[name].items)
    assert {len(row) for row in table} == {len(table[0])}
    assert not any(cell.startswith(("被检查单位", "检查日期", "检查人")) for row in table for cell in row)


def test_xlsx_dropdown_frozen_header_print_setup_and_properties(checklists):
    checklist = checklists["WU-001"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(checklist)))
    sheet = book["检查表"]
    assert sheet["A1"].value == checklist.title
    assert [c.value for c in sheet[5]][:3] == ["序号", "检查项", "检查方法与依据材料"]
    assert sheet["B6"].value.startswith("使用台账：") and sheet["B6"].alignment.wrap_text
    assert sheet.freeze_panes == "A6"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(RESULTS) + '"'
    assert str(validation.sqref) == "F6:F7"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.auto_filter.ref == "A5:H7"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # fitToWidth is omitted when 1, which is the OOXML default; 0 pages tall = as many as needed
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width > 40
    assert book.properties.title == checklist.title and book.properties.creator == "机关事务制度标准库"


# -- 被检查单位 / 检查日期 / 检查人 above the table -------------------------------------------------

def _head(sheet) -> dict:
    """Label -> (label cell, cell to fill in: the first cell of its merged range or the cell itself)."""
    found = {}
    for cell in sheet[3]:
        if cell.value in ("被检查单位：", "检查日期：", "检查人："):
            merged = next((r for r in sheet.merged_cells.ranges if cell.coordinate in r), None)
            after = (merged.max_col if merged else cell.column) + 1
            found[cell.value] = (cell, sheet.cell(3, after))
    return found


@pytest.mark.parametrize("name, fill, widths", [("WU-001", ("C3", "E3", "G3"), ("", "", "G3:H3")),
                                                ("FW-HY", ("C3", "E3", "J3"), ("", "", "J3:K3"))])
def test_xlsx_has_head_cells_to_fill_above_the_table(checklists, name, fill, widths):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(checklists[name])))["检查表"]
    head = _head(sheet)
    assert list(head) == ["被检查单位：", "检查日期：", "检查人："]
    assert tuple(blank.coordinate for _, blank in head.values()) == fill
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert widths[2] in merged
    for label, blank in head.values():
        assert label.alignment.horizontal == "right"
        assert blank.value is None and blank.data_type != "f"          # nothing filled in, no formula
        assert blank.border.bottom.style == "thin"                     # a line to write on when printed
    assert head["检查日期："][1].number_format == 'yyyy"年"m"月"d"日"'
    assert sheet.row_dimensions[3].height >= 20
    assert all(sheet.cell(4, c).value is None for c in range(1, sheet.max_column + 1))   # a blank line
    assert sheet.cell(5, 1).value == "序号"                                               # then the header
    # the head is above the frozen panes' split and not part of the rows repeated on every page
    assert sheet.freeze_panes == "A6" and sheet.print_title_rows == "$5:$5"


def test_xlsx_scored_formulas_follow_the_rows_moved_down(checklists):
    checklist = checklists["FW-HY"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(checklist)))["检查表"]
    assert [c.value for c in sheet[5]] == ["序号", "检查项", "检查方法与依据材料", "标准依据", "上位依据", "星级",
                                           "分值", "检查结果", "得分", "问题描述", "整改要求"]
    first, last = 6, 5 + len(checklist.items)
    assert [sheet.cell(r, 6).value for r in range(first, last + 1)] == [i.star for i in checklist.items]
    for r in range(first, last + 1):
        assert sheet[f"I{r}"].value == f'=IF(H{r}="符合",G{r}*1.0,IF(H{r}="基本符合",G{r}*0.5,0))'
    labels = {sheet.cell(r, 2).value: r for r in range(last + 1, last + 15)}
    four = labels["四星"]
    assert sheet.cell(four, 3).value == \
        f'=SUMPRODUCT(($F${first}:$F${last}<=4)*($H${first}:$H${last}<>"不适用")*$G${first}:$G${last})'
    assert sheet.cell(four, 4).value == \
        f'=SUMPRODUCT(($F${first}:$F${last}<=4)*($H${first}:$H${last}<>"不适用")*$I${first}:$I${last})'
    assert sheet.cell(four, 5).value == f"=IF(C{four}=0,1,D{four}/C{four})"
    result = sheet.cell(labels["评定星级"], 3).value
    assert result.startswith(f"=CHOOSE(IF(G{labels['一星']}=") and '"未达到一星","一星","二星","三星","四星"' in result
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == f"H{first}:H{last}"
    assert sheet.auto_filter.ref == f"A5:K{last}"
    formulas = {c.coordinate for row in sheet.iter_rows(max_row=5) for c in row if c.data_type == "f"}
    assert formulas == set()                                          # nothing above the table is a formula
    sign = [c.value for row in sheet.iter_rows(min_row=labels["评定星级"]) for c in row if c.value]
    assert "检查人（签字）：" in sign and "被检查单位（签字）：" in sign


def test_pdf_text_fonts_and_page_numbers(checklists):
    checklist = checklists["CL-test"]
    data = checklist_pdf(checklist, cjk_font_family())
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    for item in checklist.items:
        assert "".join(item.check.split())[:12] in compact
    pages = len(reader.pages)
    assert f"第1页共{pages}页" in compact
    assert "检查人（签字）" in compact and "版本1.2" in compact
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert embedded and all(embedded)
    assert any("CJK" in str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values())


def test_pdf_repeats_the_header_row_on_every_page(mini):
    long_text = "。".join(["资产处应当按月核对公物仓入库台账并报局领导"] * 6)
    items = "".join(f"  - id: P{n:02d}\n    text: 第{n}条{long_text}\n    kind: must\n    checkable: true\n"
                    f"    evidence: [台账]\n" for n in range(2, 30))
    mini.edit("standards/regulations/wu/WU-002.yaml", "supersedes: WU-003", items + "supersedes: WU-003")
    checklist = {c.id: c for c in all_checklists(validate(mini.root).registry)}["WU-002"]
    reader = PdfReader(io.BytesIO(checklist_pdf(checklist, cjk_font_family())))
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, 1):
        compact = "".join(page.extract_text().split())
        assert "检查方法与依据材料" in compact, f"header row missing on page {number}"
        assert f"第{number}页共{len(reader.pages)}页" in compact


def test_pdf_has_head_blanks_on_the_first_page(checklists):
    reader = PdfReader(io.BytesIO(checklist_pdf(checklists["CL-test"], cjk_font_family())))
    first = "".join(reader.pages[0].extract_text().split())
    assert "被检查单位：" in first and "检查日期：" in first and "检查人：" in first
    assert first.index("检查人：") < first.index("序号")                # above the table


@pytest.mark.parametrize("count", [3, 5, 6, 7, 8, 9, 10, 11, 13])
def test_pdf_signatures_never_stand_alone_on_the_last_page(mini, count):
    """Whatever the number of rows, the last page holds the last item's row with the signature block."""
    long_text = "。".join(["资产处应当按月核对公物仓入库台账并报局领导"] * 4)
    items = "".join(f"  - id: P{n:02d}\n    text: 第{n}条{long_text}\n    kind: must\n    checkable: true\n"
                    f"    evidence: [台账]\n" for n in range(2, count + 1))
    mini.edit("standards/regulations/wu/WU-002.yaml", "supersedes: WU-003", items + "supersedes: WU-003")
    checklist = {c.id: c for c in all_checklists(validate(mini.root).registry)}["WU-002"]
    assert len(checklist.items) == count
    reader = PdfReader(io.BytesIO(checklist_pdf(checklist, cjk_font_family())))
    last = "".join(reader.pages[-1].extract_text().split())
    assert "检查人（签字）" in last
    assert f"第{count}条" in last, f"{len(reader.pages)} pages: the signatures stand alone on the last page"


def test_missing_cjk_font_names_the_package(monkeypatch):
    def no_fonts(*args, **kwargs):
        return subprocess.CompletedProcess(args, 0, stdout="DejaVu Sans\n", stderr="")
    monkeypatch.setattr(fonts.subprocess, "run", no_fonts)
    with pytest.raises(FontMissing, match="fonts-noto-cjk"):
        cjk_font_family()


# -- formula injection: data is text in every spreadsheet cell ------------------------------

FORMULAS = ['=HYPERLINK("http://evil.invalid","点我")', "=cmd|'/c calc'!A1", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1+1"]


def _formula_registry(mini):
    """Titles and provision texts of the mini registry start with formulas."""
    wu1 = "standards/regulations/wu/WU-001.yaml"
    mini.edit(wu1, "title: 办公用房使用管理办法", f"title: '{FORMULAS[0]}'")
    mini.edit(wu1, "text: 不得擅自改变办公用房用途。", "text: \"=cmd|'/c calc'!A1 不得擅自改变办公用房用途。\"")
    registry = validate(mini.root).registry
    assert registry is not None, [d.text() for d in validate(mini.root).errors]
    return registry


def test_no_data_cell_of_the_checklist_xlsx_is_a_formula(mini):
    registry = _formula_registry(mini)
    checklist = next(c for c in all_checklists(registry) if c.id == "WU-001")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(checklist)))
    sheet = book["检查表"]
    assert sheet["A1"].value.startswith(FORMULAS[0]) and sheet["A1"].data_type == "s"
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=cmd") for c in cells)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    assert list(_head(sheet)) == ["被检查单位：", "检查日期：", "检查人："]      # the head is still in place
    assert all(blank.value is None for _, blank in _head(sheet).values())


def test_no_cell_of_the_catalogue_is_a_formula(mini):
    from zhidu.export.catalogue import catalogue_bytes
    from zhidu.settings import Bureau
    registry = _formula_registry(mini)
    book = openpyxl.load_workbook(io.BytesIO(catalogue_bytes(registry, Bureau("局", "", "", ""), "2026-01-01", "2026-01-01")))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert any(c.value == FORMULAS[0] for c in cells)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_that_could_start_a_formula_begin_with_an_apostrophe(value):
    from zhidu.export.csvfile import inert
    assert inert(value) == "'" + value
    assert inert("办公用房") == "办公用房" and inert(3) == 3


def test_checklist_csv_neutralises_formulas(mini):
    registry = _formula_registry(mini)
    checklist = next(c for c in all_checklists(registry) if c.id == "WU-001")
    table = list(csv.reader(io.StringIO(csv_bytes(checklist).decode("utf-8-sig"))))
    cells = [cell for row in table for cell in row]
    assert any(cell.startswith("'=cmd") for cell in cells)
    assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
