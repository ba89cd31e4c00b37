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


def test_xlsx_dropdown_frozen_header_print_setup_and_properties(checklists):
    checklist = checklists["WU-001"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(checklist)))
    sheet = book["检查表"]
    assert sheet["A1"].value == checklist.title
    assert [c.value for c in sheet[4]][:3] == ["序号", "检查项", "检查方法与依据材料"]
    assert sheet["B5"].value.startswith("使用台账：") and sheet["B5"].alignment.wrap_text
    assert sheet.freeze_panes == "A5"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(RESULTS) + '"'
    assert str(validation.sqref) == "F5:F6"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # fitToWidth is omitted when 1, which is the OOXML default; 0 pages tall = as many as needed
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width > 40
    assert book.properties.title == checklist.title and book.properties.creator == "机关事务制度标准库"


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
