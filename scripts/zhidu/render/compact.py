"""Built pages without the theme's indentation: a run of whitespace that holds a line break is one line
break. Browsers render the two alike (in normal text any run of whitespace shows as one space); the
site loses about a fifth of its HTML. Tags, attribute values and the content of pre, textarea, script
and style elements are left exactly as they were.
"""
from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")


def compact_html(html: str) -> str:
    parts = _KEPT.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 1:          # a kept element, whole
            out.append(part)
        elif i % 3 == 0:        # text and tags between kept elements
            out.append("".join(piece if j % 2 else _BREAK.sub("\n", piece)
                               for j, piece in enumerate(_TAG.split(part))))
    return "".join(out)
