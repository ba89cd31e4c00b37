"""XLSX for Excel and WPS: frozen header, result dropdown, A4 landscape, fit to width."""
from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter

from ..checklists import RESULTS, Checklist
from .rows import header, rows

WIDTHS = (6, 48, 34, 26, 30, 11, 28, 28)   # characters, one per column of rows.header()
RESULT_COLUMN = 5
TITLE_ROWS = 3                              # title, facts, blank line above the header


def xlsx_bytes(checklist: Checklist) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = datetime.fromisoformat(checklist.registry_date) if checklist.registry_date else datetime(2000, 1, 1)
    book.set_properties({
        "title": checklist.title, "subject": checklist.purpose, "author": "机关事务制度标准库",
        "company": "机关事务管理局", "keywords": f"检查表,{checklist.id},版本 {checklist.version}",
        "comments": f"检查表 {checklist.id}，版本 {checklist.version}，制度库数据截至 {checklist.registry_date}",
        "created": created,
    })
    sheet = book.add_worksheet("检查表")
    title = book.add_format({"bold": True, "font_size": 14})
    facts = book.add_format({"font_size": 9, "font_color": "#555555"})
    head = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "align": "center"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    centred = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "align": "center"})

    sheet.write(0, 0, checklist.title, title)
    sheet.write(1, 0, f"编号 {checklist.id}　版本 {checklist.version}　数据截至 {checklist.registry_date}"
                      f"　使用对象：{checklist.audience}", facts)
    header_row = TITLE_ROWS
    sheet.write_row(header_row, 0, header(), head)
    for offset, values in enumerate(rows(checklist), 1):
        for column, value in enumerate(values):
            sheet.write(header_row + offset, column, value, centred if column in (0, RESULT_COLUMN) else cell)
    last = header_row + len(checklist.items)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    if checklist.items:
        sheet.data_validation(header_row + 1, RESULT_COLUMN, last, RESULT_COLUMN, {
            "validate": "list", "source": list(RESULTS),
            "error_title": "检查结果", "error_message": "请从下拉列表中选择：" + "、".join(RESULTS),
            "input_title": "检查结果", "input_message": "请选择" + "、".join(RESULTS),
        })
    sheet.freeze_panes(header_row + 1, 0)
    sheet.autofilter(header_row, 0, last, len(WIDTHS) - 1)
    sheet.set_paper(9)                       # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)                 # one page wide, as many tall as needed
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&9{checklist.title}&R&9版本 {checklist.version}")
    sheet.set_footer("&C&9第 &P 页 共 &N 页")

    sign = book.add_format({"font_size": 11, "bottom": 1})
    sheet.write(last + 2, 1, "检查人（签字）：", sign)
    sheet.write(last + 2, 2, "被检查单位（签字）：", sign)
    sheet.write(last + 2, 4, "日期：", sign)
    book.close()
    return buffer.getvalue()
