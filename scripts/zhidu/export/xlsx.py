"""XLSX for Excel and WPS: frozen header, result dropdown, A4 landscape, fit to width.

Above the table, cells to fill in: 被检查单位, 检查日期 (shown as a date), 检查人.

A scored sheet (service standard) works out each item's points and the star level
with formulas, so the rating updates as the inspector picks results.
"""
from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from zhidu.model.checklists import Checklist
from zhidu.vocabulary import FACTORS, NOT_APPLICABLE, RATING_RULE, RESULTS
from zhidu.export.rows import header, rows

WIDTHS = {"序号": 6, "检查项": 48, "检查方法与依据材料": 34, "制度依据": 26, "标准依据": 26, "上位依据": 30,
          "星级": 6, "分值": 6, "检查结果": 11, "得分": 7, "问题描述": 28, "整改要求": 28}
CENTRED = {"序号", "星级", "分值", "检查结果", "得分"}
HEAD_ROW = 2                                # 被检查单位, 检查日期, 检查人: label cells and cells to fill in
TITLE_ROWS = 4                              # title, facts, the head row, a blank line above the header
HEAD_LABELS = ("被检查单位：", "检查日期：", "检查人：")


def _header_text(text: str) -> str:
    """Text for a page header or footer, where & starts a control code."""
    return text.replace("&", "&&")


def xlsx_bytes(checklist: Checklist, bureau: str = "机关事务管理局") -> bytes:
    """Data cells are written as text or numbers, never as formulas (write_string, not write)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    _properties(book, checklist, bureau)
    sheet = book.add_worksheet("检查表")
    columns = header(checklist)
    at = {name: i for i, name in enumerate(columns)}
    first, last = _table(book, sheet, checklist, columns)
    _head(book, sheet, columns)
    _page_setup(sheet, checklist, columns, last)
    below = last + 2
    if checklist.scored and checklist.items:
        below = _rating_block(book, sheet, checklist, at, first, last, below)
    sign = book.add_format({"font_size": 11, "bottom": 1})
    sheet.write(below, 1, "检查人（签字）：", sign)
    sheet.write(below, 2, "被检查单位（签字）：", sign)
    sheet.write(below, 4, "日期：", sign)
    book.close()
    return buffer.getvalue()


def _properties(book, checklist: Checklist, bureau: str) -> None:
    created = datetime.fromisoformat(checklist.registry_date) if checklist.registry_date else datetime(2000, 1, 1)
    book.set_properties({
        "title": checklist.title, "subject": checklist.purpose, "author": "机关事务制度标准库",
        "company": bureau, "keywords": f"检查表,{checklist.id},版本 {checklist.version}",
        "comments": f"检查表 {checklist.id}，版本 {checklist.version}，制度库数据截至 {checklist.registry_date}",
        "created": created,
    })


def _table(book, sheet, checklist: Checklist, columns: list[str]) -> tuple[int, int]:
    """Title, facts, the header row and one row per item, with the result dropdown; (first, last) item row."""
    title = book.add_format({"bold": True, "font_size": 14})
    facts = book.add_format({"font_size": 9, "font_color": "#555555"})
    head = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "align": "center"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    centred = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "align": "center"})
    sheet.write_string(0, 0, checklist.title, title)
    sheet.write_string(1, 0, f"编号 {checklist.id}　版本 {checklist.version}　数据截至 {checklist.registry_date}"
                             f"　使用对象：{checklist.audience}", facts)
    header_row = TITLE_ROWS
    for column, name in enumerate(columns):
        sheet.write_string(header_row, column, name, head)
        sheet.set_column(column, column, WIDTHS[name])
    for offset, values in enumerate(rows(checklist), 1):
        for column, value in enumerate(values):
            style = centred if columns[column] in CENTRED else cell
            if isinstance(value, (int, float)):
                sheet.write_number(header_row + offset, column, value, style)
            else:
                sheet.write_string(header_row + offset, column, str(value), style)
    first, last = header_row + 1, header_row + len(checklist.items)
    result = columns.index("检查结果")
    if checklist.items:
        sheet.data_validation(first, result, last, result, {
            "validate": "list", "source": list(RESULTS),
            "error_title": "检查结果", "error_message": "请从下拉列表中选择：" + "、".join(RESULTS),
            "input_title": "检查结果", "input_message": "请选择" + "、".join(RESULTS),
        })
    return first, last


def head_cells(columns: list[str]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(label, label columns first..last, columns to fill in first..last) of the head row, by column name:
    被检查单位 under 检查项 and the method; 检查日期 under the two basis columns; 检查人 under
    检查结果 (and 星级, 分值 of a scored sheet) and the two note columns."""
    at = {name: i for i, name in enumerate(columns)}
    check, method, upper = at["检查项"], at["检查方法与依据材料"], at["上位依据"]
    result, problem, remedy = at["检查结果"], at["问题描述"], at["整改要求"]
    return [(HEAD_LABELS[0], (check, check), (method, method)),
            (HEAD_LABELS[1], (method + 1, upper - 1), (upper, upper)),
            (HEAD_LABELS[2], (upper + 1, result + (problem - result - 1)), (problem, remedy))]


def _head(book, sheet, columns: list[str]) -> None:
    """The head row: a label, then a cell with a line under it to type or write in. Nothing is written in
    the cells to fill in; 检查日期 shows a typed date as 2024年5月1日."""
    label = book.add_format({"font_size": 11, "align": "right", "valign": "bottom"})
    blank = {"font_size": 11, "bottom": 1, "valign": "bottom", "text_wrap": True, "align": "left"}
    fill = book.add_format(blank)
    date = book.add_format({**blank, "num_format": 'yyyy"年"m"月"d"日"'})
    sheet.set_row(HEAD_ROW, 26)
    sheet.set_row(HEAD_ROW + 1, 8)
    for text, (a, b), (c, d) in head_cells(columns):
        style = date if text == HEAD_LABELS[1] else fill
        if a == b:
            sheet.write_string(HEAD_ROW, a, text, label)
        else:
            sheet.merge_range(HEAD_ROW, a, HEAD_ROW, b, text, label)
        if c == d:
            sheet.write_blank(HEAD_ROW, c, None, style)
        else:
            sheet.merge_range(HEAD_ROW, c, HEAD_ROW, d, None, style)


def _page_setup(sheet, checklist: Checklist, columns: list[str], last: int) -> None:
    """A4 landscape, one page wide, the header row on every page, title and page numbers."""
    sheet.freeze_panes(TITLE_ROWS + 1, 0)
    sheet.autofilter(TITLE_ROWS, 0, last, len(columns) - 1)
    sheet.set_paper(9)                       # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)                 # one page wide, as many tall as needed
    sheet.repeat_rows(TITLE_ROWS)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&9{_header_text(checklist.title)}&R&9版本 {_header_text(checklist.version)}")
    sheet.set_footer("&C&9第 &P 页 共 &N 页")


def _range(column: int, first: int, last: int) -> str:
    name = xl_col_to_name(column)
    return f"${name}${first + 1}:${name}${last + 1}"


def _rating_block(book, sheet, checklist: Checklist, at: dict, first: int, last: int, row: int) -> int:
    """Per-item score formulas, then per star level: points available, earned, rate, pass; then the level."""
    star, points, result, score = at["星级"], at["分值"], at["检查结果"], at["得分"]
    number = book.add_format({"border": 1, "align": "center", "valign": "top", "num_format": "0.0"})
    for r in range(first, last + 1):
        p, res = xl_rowcol_to_cell(r, points), xl_rowcol_to_cell(r, result)
        factors = "".join(f'IF({res}="{name}",{p}*{factor},' for name, factor in FACTORS.items() if factor)
        sheet.write_formula(r, score, f"={factors}0{')' * sum(1 for f in FACTORS.values() if f)}", number)

    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#E8E8E8", "align": "center"})
    plain = book.add_format({"border": 1, "align": "center"})
    percent = book.add_format({"border": 1, "align": "center", "num_format": "0.0%"})
    stars, pts, res, got = (_range(c, first, last) for c in (star, points, result, score))
    labels = ("星级", "应得分", "实得分", "得分率", "达标线", "是否达标")
    sheet.write_row(row, 1, labels, bold)
    passed_cells = []
    for i, level in enumerate(checklist.levels, 1):
        r = row + i
        available = f'SUMPRODUCT(({stars}<={level.level})*({res}<>"{NOT_APPLICABLE}")*{pts})'
        earned = f'SUMPRODUCT(({stars}<={level.level})*({res}<>"{NOT_APPLICABLE}")*{got})'
        a, e, rate, line = (xl_rowcol_to_cell(r, c) for c in (2, 3, 4, 5))
        sheet.write_string(r, 1, level.name, plain)
        sheet.write_formula(r, 2, f"={available}", plain)
        sheet.write_formula(r, 3, f"={earned}", plain)
        sheet.write_formula(r, 4, f"=IF({a}=0,1,{e}/{a})", percent)
        sheet.write_number(r, 5, level.pass_rate / 100, percent)
        sheet.write_formula(r, 6, f'=IF({rate}>={line},"是","否")', plain)
        passed_cells.append(xl_rowcol_to_cell(r, 6))
    # the highest level whose own and all lower levels' rates reach their pass line
    formula = str(len(checklist.levels))
    for i in reversed(range(len(passed_cells))):
        formula = f'IF({passed_cells[i]}="是",{formula},{i})'
    result_row = row + len(checklist.levels) + 1
    names = ",".join(f'"{n}"' for n in [f"未达到{checklist.levels[0].name}"] + [lvl.name for lvl in checklist.levels])
    sheet.write(result_row, 1, "评定星级", bold)
    sheet.write_formula(result_row, 2, f"=CHOOSE({formula}+1,{names})", bold)
    sheet.write_string(result_row + 1, 1, RATING_RULE)
    return result_row + 3
