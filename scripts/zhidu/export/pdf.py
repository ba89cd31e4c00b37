"""PDF: A4 landscape, Chinese font embedded (subset), header row on every page, 第 x 页 共 y 页."""
from __future__ import annotations

from zhidu.model.checklists import Checklist
from zhidu.vocabulary import RATING_RULE, RESULTS, UNCHECKED
from zhidu.render.pages import html_environment


def checklist_html(checklist: Checklist, font: str) -> str:
    template = html_environment().get_template("checklist_print.html.j2")
    return template.render(checklist=checklist, font=font, results=RESULTS, unchecked=UNCHECKED, rating_rule=RATING_RULE)


def pdf_bytes(checklist: Checklist, font: str) -> bytes:
    import weasyprint  # heavy import, only where PDFs are made
    return weasyprint.HTML(string=checklist_html(checklist, font)).write_pdf()
