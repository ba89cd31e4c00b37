"""A checklist as one printable HTML file (`zhidu checklist … --format html`)."""
from __future__ import annotations

from zhidu.model.checklists import Checklist
from zhidu.render.pages import html_environment
from zhidu.vocabulary import RATING_RULE, RESULTS, UNCHECKED


def checklist_html(checklist: Checklist, font: str) -> str:
    template = html_environment().get_template("checklist_print.html.j2")
    return template.render(checklist=checklist, font=font, results=RESULTS, unchecked=UNCHECKED, rating_rule=RATING_RULE)
