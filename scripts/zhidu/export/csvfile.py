"""CSV: UTF-8 with a BOM, so that Excel on Windows reads the Chinese correctly.

A cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, as OWASP's CSV-injection guidance advises.
"""
from __future__ import annotations

import csv
import io

from zhidu.model.checklists import Checklist
from zhidu.export.rows import header, rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A cell value that no spreadsheet runs: text that could start a formula is prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(checklist: Checklist) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([inert(v) for v in header(checklist)])
    writer.writerows([inert(v) for v in row] for row in rows(checklist))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
