"""The table every checklist export shares: one header, one row per item."""
from __future__ import annotations

from zhidu.model.checklists import Checklist
from zhidu.vocabulary import UNCHECKED


def header(checklist: Checklist) -> list[str]:
    return list(checklist.columns)


def rows(checklist: Checklist) -> list[list[str | int]]:
    """Blank answers: every result 未检查; a scored sheet adds 星级 and 分值, and leaves 得分 to be worked out."""
    if checklist.scored:
        return [[i.number, i.check, i.method, i.rule_basis, i.upper_basis, i.star, i.points, UNCHECKED, "", "", ""]
                for i in checklist.items]
    return [[i.number, i.check, i.method, i.rule_basis, i.upper_basis, UNCHECKED, "", ""]
            for i in checklist.items]
