"""CSV: UTF-8 with a BOM, so that Excel on Windows reads the Chinese correctly."""
from __future__ import annotations

import csv
import io

from ..checklists import Checklist
from .rows import header, rows


def csv_bytes(checklist: Checklist) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(checklist))
    writer.writerows(rows(checklist))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
