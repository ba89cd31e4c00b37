"""The table every checklist export shares: one header, one row per item."""
from __future__ import annotations

from ..checklists import COLUMNS, UNCHECKED, Checklist


def header() -> list[str]:
    return list(COLUMNS)


def rows(checklist: Checklist) -> list[list[str | int]]:
    return [[item.number, item.check, item.method, item.rule_basis, item.upper_basis, UNCHECKED, "", ""]
            for item in checklist.items]
