"""registry.xlsx (制度目录): one sheet per kind, one row per entry, filters on, links to the pages."""
from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter

from zhidu.kinds import page
from zhidu.model.records import Registry
from zhidu.settings import Bureau
from zhidu.vocabulary import STATUS_LABELS



def _sheets(registry: Registry, day: str) -> list[tuple[str, list[str], list[tuple[list, str]]]]:
    """(sheet name, header, rows of (values, page path)) per kind; a rule's status as of `day`."""
    tax = registry.taxonomy
    domain = {d.code: f"{d.name}（{d.full_name}）" for d in tax.domains}
    dept = {d.id: d.name for d in tax.departments}
    rules = [([r.id, r.title, domain[r.domain], r.category, dept[r.owner], STATUS_LABELS[r.status_on(day)], r.issued, r.effective,
               r.repealed, r.superseded_by, len(r.provisions), sum(p.checkable for p in r.provisions),
               "、".join(c.ref for c in r.basis)], page("regulation", r.id))
             for r in sorted(registry.rules.values(), key=lambda r: r.id)]
    refs = [([f.id, f.title, f.type, f.issuer, f.doc_number, f.issued, f.effective, STATUS_LABELS.get(f.status, f.status),
              "是" if f.verified else "否", len(f.cited_by)], page("reference", f.id))
            for f in sorted(registry.references.values(), key=lambda f: f.id)]
    star = {s.level: s.name for s in tax.star_levels}
    clauses = [([c.id, s.area, c.title, c.requirement, star[c.star], c.points, "、".join(c.rules or s.rules)],
                page("service-standard", s.id) + f"#{c.id.lower()}")
               for s in registry.services.values() for c in s.clauses]
    stages = [([a.id, a.name, s.name, "缺口" if s.is_gap else f"{len(s.requirements)} 条",
                "、".join(s.rules), s.gap], page("asset", a.id) + f"#{s.id}")
              for a in registry.assets.values() for s in a.stages]
    return [
        ("制度", ["编号", "名称", "领域", "类别", "责任处室", "状态", "印发日期", "施行日期", "废止日期", "被替代为",
                "条款数", "可检查条款数", "制定依据"], rules),
        ("上位依据", ["编号", "名称", "类型", "制定机关", "文号", "发布日期", "施行日期", "状态", "已核实", "引用制度数"], refs),
        ("服务标准条款", ["编号", "服务领域", "条款", "服务要求", "最低星级", "分值", "相关制度"], clauses),
        ("资产环节", ["类别编号", "资产类别", "环节", "管理要求", "管理制度", "缺口说明"], stages),
    ]


def _day(as_of: str) -> datetime:
    """The workbook's creation time is the registry's date: the same data gives the same file."""
    try:
        return datetime.fromisoformat(as_of)
    except ValueError:
        return datetime(2000, 1, 1)


def catalogue_bytes(registry: Registry, bureau: Bureau, as_of: str, day: str) -> bytes:
    """Every data cell is written as text (write_string): nothing from the registry becomes a formula.
    Links to the pages only when the site's public address is configured."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_urls": False})
    book.set_properties({"title": "制度目录", "author": bureau.name, "company": bureau.name,
                         "comments": f"数据截至 {as_of}", "created": _day(as_of)})
    head = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    link = book.add_format({"border": 1, "valign": "top", "font_color": "#1A4D8F", "underline": 1})
    base = bureau.base_url
    for name, header, rows in _sheets(registry, day):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, header, head)
        for r, (values, page) in enumerate(rows, 1):
            for c, value in enumerate(values):
                if c == 0 and base:
                    sheet.write_url(r, 0, base + page, link, string=str(value), tip="打开页面")
                elif isinstance(value, int):
                    sheet.write_number(r, c, value, cell)
                else:
                    sheet.write_string(r, c, "" if value is None else str(value), cell)
        widths = [max(6, min(50, max([len(str(h)) * 2] + [len(str(v[c])) * 1.6 for v, _ in rows[:200]])))
                  for c, h in enumerate(header)]
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
    book.close()
    return buffer.getvalue()
