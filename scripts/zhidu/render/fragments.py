"""HTML that Markdown must not touch (the online checklist forms): the page holds a marker, the
cache folder the fragment, and the plugin puts the fragment in after Markdown has run.

Parsing a large form as raw HTML inside Markdown took most of a page rebuild; this skips it.
The marker carries the fragment's digest, so a page whose form changed is rebuilt by
`mkdocs serve --dirty` even when the rest of its Markdown did not change.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import Markup

from zhidu.cache import digest

FRAGMENTS = "_generated/fragments"
_MARKER = re.compile(r'<div class="zd-fragment" data-src="(_generated/fragments/[\w.-]+\.html)" data-digest="\w+"></div>')


def fragment_marker(path: str, html: str) -> Markup:
    return Markup(f'<div class="zd-fragment" data-src="{path}" data-digest="{digest(html)[:16]}"></div>')


def fill_fragments(html: str, files: Path) -> str:
    """Each marker in a built page replaced by its fragment from the cache folder `files`."""
    return _MARKER.sub(lambda m: (files / m.group(1)).read_text(encoding="utf-8"), html)


_ID = re.compile(r'\sid="([^"<>]+)"')


def anchor_ids(html: str) -> set[str]:
    """The element ids in a page's HTML: the anchors links may point at."""
    return set(_ID.findall(html))


def attribute_json(data) -> str:
    """Compact JSON for a data attribute (the template escapes it as any attribute value)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def script_json(data) -> Markup:
    """JSON to stand inside <script type="application/json">: no <, > or & that could end it."""
    text = attribute_json(data)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
